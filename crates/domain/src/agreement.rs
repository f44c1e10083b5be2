//! Agreements (*överenskommelser*) and how one comes to apply: its state is derived from the
//! facts of its process (consultation, recommendation, each party's decision), never typed in.
//!
//! The rule of entry into force, from HÖK: a version applies from its earliest start date or
//! from the day the last party adopted it, whichever is later. A decision to adopt equals
//! signing. A rejection blocks the version until that party decides again; a referral back
//! (*återremiss*) is not a decision at all. A version's state, derived from its facts, is in
//! [`crate::agreement_state`].

pub mod checks;
pub mod succession;

use chrono::NaiveDate;

crate::kinds::kind_enum! {
    /// What an agreement is, and where it sits under HÖK.
    AgreementKind {
        /// HÖK itself (*huvudöverenskommelse*).
        Main = "main", "Huvudöverenskommelse";
        /// One of the county-wide subject-area agreements (*länsövergripande överenskommelse*).
        SubjectArea = "subject_area", "Länsövergripande överenskommelse";
        /// An add-on (*tillägg*) to another agreement.
        AddOn = "add_on", "Tillägg";
        /// A guideline (*riktlinje*).
        Guideline = "guideline", "Riktlinje";
        /// A routine (*rutin*).
        Routine = "routine", "Rutin";
    }
}

crate::kinds::kind_enum! {
    /// Whom an agreement is for.
    TargetGroup {
        ChildrenAndYoungPeople = "children_and_young_people", "Barn och unga";
        Adults = "adults", "Vuxna";
        Elderly = "elderly", "Äldre";
        All = "all", "Alla";
    }
}

impl TargetGroup {
    /// Whether an agreement for these target groups concerns `wanted`: an agreement for "Alla"
    /// concerns every group, and asking for "Alla" finds only agreements marked so.
    pub fn concern(groups: &[TargetGroup], wanted: TargetGroup) -> bool {
        groups.contains(&wanted) || (wanted != TargetGroup::All && groups.contains(&TargetGroup::All))
    }
}

crate::kinds::kind_enum! {
    /// How one agreement relates to another.
    RelationKind {
        /// This is an add-on to the other.
        AddOnTo = "add_on_to", "Tillägg till";
        /// This is an annex of the other.
        AnnexOf = "annex_of", "Bilaga till";
        /// This replaces the other.
        Replaces = "replaces", "Ersätter";
        /// This was revised because of the other.
        RevisedBecauseOf = "revised_because_of", "Reviderad med anledning av";
    }
}

crate::kinds::kind_enum! {
    /// A party's answer to a consultation (*remissvar*).
    Stance {
        Agrees = "agrees", "Tillstyrker";
        AgreesWithComments = "agrees_with_comments", "Tillstyrker med synpunkter";
        Disagrees = "disagrees", "Avstyrker";
        NoComment = "no_comment", "Ingen erinran";
    }
}

crate::kinds::kind_enum! {
    /// The outcome of a party's council decision.
    DecisionOutcome {
        /// *Antagen*: equals signing.
        Adopted = "adopted", "Antagen";
        /// *Avslag*.
        Rejected = "rejected", "Avslagen";
        /// *Återremitterad*: sent back for more preparation; not a decision.
        ReferredBack = "referred_back", "Återremitterad";
    }
}

crate::kinds::kind_enum! {
    /// What a body does in a party's preparatory handling (*beredning*) before the decision,
    /// after OParl's consultation roles.
    PreparatoryRole {
        /// A committee gives its opinion (*yttrande*), often several in parallel.
        Opinion = "opinion", "Yttrande";
        /// A working committee prepares the matter (*beredning*, e.g. kommunstyrelsens arbetsutskott).
        Preparation = "preparation", "Beredning";
        /// The executive board proposes the council's decision (*förslag till beslut*).
        Proposal = "proposal", "Förslag till beslut";
    }
}

crate::kinds::kind_enum! {
    /// What a preparatory step came to.
    PreparatoryOutcome {
        /// *Tillstyrker*: supports, or proposes, that the party adopt.
        SupportsAdoption = "supports_adoption", "Tillstyrker antagande";
        /// *Avstyrker*: advises, or proposes, that the party reject.
        OpposesAdoption = "opposes_adoption", "Avstyrker antagande";
        /// *Ingen erinran*: no objection, no proposal.
        NoObjection = "no_objection", "Ingen erinran";
        /// *Bordlagd*: postponed to a later meeting.
        Postponed = "postponed", "Bordlagd";
    }
}

crate::kinds::kind_enum! {
    /// The three sides of how an agreement works in practice, which grew up separately for each
    /// agreement and which the parties want to compare, to find overlaps and simplify.
    ModelDimension {
        /// *Genomförande*: how it is put into practice.
        Implementation = "implementation", "Genomförande";
        /// *Uppföljning*: how it is followed up.
        FollowUp = "follow_up", "Uppföljning";
        /// *Digitalt stöd*.
        DigitalSupport = "digital_support", "Digitalt stöd";
    }
}

crate::kinds::kind_enum! {
    /// One way an agreement is implemented, followed up or supported digitally (its dimension
    /// is [`WorkingModel::dimension`]). Coded, so that agreements using the same model can be
    /// found; the agreement's own words stay in its free-text descriptions.
    WorkingModel {
        LocalActionPlans = "local_action_plans", "Lokala handlingsplaner";
        JointRoutines = "joint_routines", "Länsgemensamma rutiner";
        CoordinatedIndividualPlan = "coordinated_individual_plan", "Samordnad individuell plan (SIP)";
        LocalAgreements = "local_agreements", "Lokala överenskommelser";
        Training = "training", "Utbildning och kompetensstöd";
        ProcessLeaders = "process_leaders", "Processledare för införandet";
        AnnualReport = "annual_report", "Årlig uppföljningsrapport";
        Indicators = "indicators", "Indikatorer";
        Deviations = "deviations", "Avvikelser mellan parterna";
        ConsultativeGroupReview = "consultative_group_review", "Uppföljning i samrådsgruppen";
        PartySurvey = "party_survey", "Enkät till parterna";
        LocalFollowUp = "local_follow_up", "Uppföljning i närområdet";
        SharedCarePlanning = "shared_care_planning", "Gemensamt IT-stöd för vårdplanering";
        DigitalSip = "digital_sip", "Digital SIP";
        KnowledgeSite = "knowledge_site", "Kunskapsstöd på webben";
        SecureMessaging = "secure_messaging", "Säkra digitala meddelanden";
        VideoMeetings = "video_meetings", "Digitala möten";
        NoDigitalSupport = "no_digital_support", "Inget gemensamt digitalt stöd";
    }
}

impl WorkingModel {
    /// Which side of the agreement's working this model describes.
    pub fn dimension(self) -> ModelDimension {
        use WorkingModel::*;
        match self {
            LocalActionPlans
            | JointRoutines
            | CoordinatedIndividualPlan
            | LocalAgreements
            | Training
            | ProcessLeaders => ModelDimension::Implementation,
            AnnualReport | Indicators | Deviations | ConsultativeGroupReview | PartySurvey | LocalFollowUp => {
                ModelDimension::FollowUp
            }
            SharedCarePlanning | DigitalSip | KnowledgeSite | SecureMessaging | VideoMeetings | NoDigitalSupport => {
                ModelDimension::DigitalSupport
            }
        }
    }

    /// The models of one dimension, in display order.
    pub fn of(dimension: ModelDimension) -> impl Iterator<Item = WorkingModel> {
        WorkingModel::ALL.iter().copied().filter(move |m| m.dimension() == dimension)
    }

    /// Reads a code that must be a model of `dimension`.
    pub fn parse_in(dimension: ModelDimension, code: &str) -> Result<WorkingModel, crate::kinds::UnknownKind> {
        match WorkingModel::parse(code) {
            Ok(m) if m.dimension() == dimension => Ok(m),
            _ => Err(crate::kinds::UnknownKind {
                value: code.to_owned(),
                allowed: WorkingModel::of(dimension).map(|m| m.code()).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// Whether agreements sharing this are an overlap worth a joint look: having no digital
    /// support in common is a gap, not a shared model.
    pub fn can_be_shared(self) -> bool {
        self != WorkingModel::NoDigitalSupport
    }
}

/// The models two or more agreements share, each with those agreements (in the order given), in
/// the models' display order: the overlaps the parties asked to review together.
pub fn shared_models(uses: &[(i32, Vec<WorkingModel>)]) -> Vec<(WorkingModel, Vec<i32>)> {
    let users = |m: &WorkingModel| uses.iter().filter(|(_, ms)| ms.contains(m)).map(|(id, _)| *id).collect::<Vec<_>>();
    WorkingModel::ALL
        .iter()
        .filter(|m| m.can_be_shared())
        .map(|m| (*m, users(m)))
        .filter(|(_, ids)| ids.len() >= 2)
        .collect()
}

crate::kinds::kind_enum! {
    /// Whom a recommendation to adopt goes to.
    Addressee {
        /// Storsthlm's board to the 26 municipalities.
        Municipalities = "municipalities", "Kommunerna";
        /// HSN to the regional council.
        Region = "region", "Regionfullmäktige";
    }
}

crate::kinds::kind_enum! {
    /// What a recommending body decided.
    RecommendationOutcome {
        Recommended = "recommended", "Rekommenderar antagande";
        NotRecommended = "not_recommended", "Rekommenderar inte antagande";
    }
}

/// Whether an answer to a consultation came after its deadline (it still counts); never when
/// the deadline is not recorded.
pub fn answer_is_late(deadline: Option<NaiveDate>, answered: NaiveDate) -> bool {
    deadline.is_some_and(|deadline| answered > deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_shared_by_two_or_more_agreements_are_the_overlaps() {
        use WorkingModel::*;
        let uses = vec![
            (1, vec![LocalActionPlans, AnnualReport, NoDigitalSupport]),
            (2, vec![LocalActionPlans, Indicators, NoDigitalSupport]),
            (3, vec![JointRoutines, AnnualReport, LocalActionPlans]),
            (4, vec![]),
        ];
        assert_eq!(shared_models(&uses), vec![(LocalActionPlans, vec![1, 2, 3]), (AnnualReport, vec![1, 3])]);
        assert!(shared_models(&[(1, vec![Indicators])]).is_empty());
    }

    #[test]
    fn a_model_belongs_to_one_dimension() {
        assert_eq!(WorkingModel::Indicators.dimension(), ModelDimension::FollowUp);
        assert!(WorkingModel::parse_in(ModelDimension::FollowUp, "indicators").is_ok());
        let wrong = WorkingModel::parse_in(ModelDimension::Implementation, "indicators").unwrap_err();
        assert!(wrong.allowed.contains("local_action_plans") && !wrong.allowed.contains("indicators"));
        let all: usize = ModelDimension::ALL.iter().map(|d| WorkingModel::of(*d).count()).sum();
        assert_eq!(all, WorkingModel::ALL.len(), "every model has a dimension");
    }

    #[test]
    fn an_agreement_for_everyone_concerns_every_target_group() {
        use TargetGroup::*;
        assert!(TargetGroup::concern(&[All], Elderly));
        assert!(TargetGroup::concern(&[Elderly, Adults], Elderly));
        assert!(!TargetGroup::concern(&[Adults], Elderly));
        assert!(TargetGroup::concern(&[All], All));
        assert!(!TargetGroup::concern(&[Elderly], All));
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn late_answers_count_and_are_marked() {
        assert!(answer_is_late(Some(d("2021-06-30")), d("2021-07-02")));
        assert!(!answer_is_late(Some(d("2021-06-30")), d("2021-06-30")));
        assert!(!answer_is_late(None, d("2021-07-02")));
    }
}
