//! Agreements (*överenskommelser*) and how one comes to apply: its state is derived from the
//! facts of its process (consultation, recommendation, each party's decision), never typed in.
//!
//! The rule of entry into force, from HÖK: a version applies from its earliest start date or
//! from the day the last party adopted it, whichever is later. A decision to adopt equals
//! signing. A rejection blocks the version until that party decides again; a referral back
//! (*återremiss*) is not a decision at all.

pub mod checks;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

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

/// One party's decision on a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub party_id: i32,
    /// `None` when the sources give no day ("våren 2022"): a decision known to have been made,
    /// which counts whatever the date asked about, and stands under any dated later one.
    pub date: Option<NaiveDate>,
    pub outcome: DecisionOutcome,
}

/// The facts of one version's process that its state follows from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFacts {
    /// The parties that must adopt (all 27 by default).
    pub parties: Vec<i32>,
    /// When the consultation was sent and its deadline, if there was one (either may be
    /// unknown: then the consultation is a past fact).
    pub consultation: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    /// The dates of recommendations to adopt (Storsthlm's board, HSN); `None` when the sources
    /// give no day.
    pub recommended: Vec<Option<NaiveDate>>,
    pub decisions: Vec<Decision>,
    /// The earliest day the version may apply (HÖK: 2022-07-01).
    pub earliest_start: Option<NaiveDate>,
    /// The last day the version applies, if it is limited.
    pub valid_to: Option<NaiveDate>,
    /// The day another version or agreement replacing this one came into force.
    pub replaced_on: Option<NaiveDate>,
    /// The version's process predates the platform and is not on record (reference data): with
    /// no facts at all its state is [`AgreementState::NotRecorded`], not a draft.
    pub process_unrecorded: bool,
}

/// Where a version stands on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AgreementState {
    /// Written, not yet sent anywhere.
    Draft,
    /// A version whose consultation, recommendation and decisions are not on record.
    NotRecorded,
    /// Out on consultation; answers are due by `deadline`.
    OnConsultation { deadline: NaiveDate },
    /// Consultation over (or none), no recommendation yet.
    Consulted,
    /// Recommended to the parties; no party has decided yet.
    Recommended,
    /// Some parties have adopted (`adopted` of `parties`), none stands rejected.
    BeingAdopted { adopted: usize, parties: usize },
    /// Every party has adopted; applies from `from` (which may still lie ahead), or from a day
    /// the sources do not give (`None`: a decision's day is not recorded).
    InForce { from: Option<NaiveDate> },
    /// One or more parties' latest decision is a rejection; blocks until they decide again.
    Rejected { by: Vec<i32> },
    /// Applied until `on`, and no longer.
    Expired { on: NaiveDate },
    /// Replaced by another that came into force on `on`.
    Replaced { on: NaiveDate },
}

impl AgreementState {
    /// The state's code, as the API gives it in `status.state`.
    pub fn code(&self) -> &'static str {
        match self {
            AgreementState::Draft => "draft",
            AgreementState::NotRecorded => "not_recorded",
            AgreementState::OnConsultation { .. } => "on_consultation",
            AgreementState::Consulted => "consulted",
            AgreementState::Recommended => "recommended",
            AgreementState::BeingAdopted { .. } => "being_adopted",
            AgreementState::InForce { .. } => "in_force",
            AgreementState::Rejected { .. } => "rejected",
            AgreementState::Expired { .. } => "expired",
            AgreementState::Replaced { .. } => "replaced",
        }
    }

    /// In Swedish, for people.
    pub fn label(&self) -> String {
        match self {
            AgreementState::Draft => "Utkast".to_owned(),
            AgreementState::NotRecorded => "Beslutsprocessen är inte registrerad".to_owned(),
            AgreementState::OnConsultation { deadline } => format!("På remiss till {deadline}"),
            AgreementState::Consulted => "Remissen avslutad".to_owned(),
            AgreementState::Recommended => "Rekommenderad".to_owned(),
            AgreementState::BeingAdopted { adopted, parties } => format!("Antas ({adopted} av {parties})"),
            AgreementState::InForce { from: Some(from) } => format!("Gäller från {from}"),
            AgreementState::InForce { from: None } => "Gäller (antagen av alla parter)".to_owned(),
            AgreementState::Rejected { by } => {
                format!("Avslagen av {} {}", by.len(), if by.len() == 1 { "part" } else { "parter" })
            }
            AgreementState::Expired { on } => format!("Upphörde {on}"),
            AgreementState::Replaced { on } => format!("Ersatt {on}"),
        }
    }
}

/// Each party's decision that counts on `on`: its latest adoption or rejection made by then
/// (a referral back is not a decision, so it neither adopts nor undoes a rejection).
pub fn standing_decisions(decisions: &[Decision], on: NaiveDate) -> BTreeMap<i32, Decision> {
    let mut standing: BTreeMap<i32, Decision> = BTreeMap::new();
    let made = |d: &&Decision| d.date.is_none_or(|date| date <= on);
    for d in decisions.iter().filter(made).filter(|d| d.outcome != DecisionOutcome::ReferredBack) {
        match standing.get(&d.party_id) {
            Some(prev) if prev.date > d.date => {}
            _ => {
                standing.insert(d.party_id, *d);
            }
        }
    }
    standing
}

/// Whether every party's standing decision on `on` is to adopt.
fn adopted_by_all(facts: &VersionFacts, on: NaiveDate) -> bool {
    let standing = standing_decisions(&facts.decisions, on);
    !facts.parties.is_empty()
        && facts.parties.iter().all(|p| standing.get(p).is_some_and(|d| d.outcome == DecisionOutcome::Adopted))
}

/// The day a version comes into force, as far as the decisions made by `on` tell: the later of
/// its earliest start and the day the last party adopted it; `None` while a party has not
/// adopted (or stands rejected), and when an adoption's day is not recorded.
pub fn in_force_from(facts: &VersionFacts, on: NaiveDate) -> Option<NaiveDate> {
    if !adopted_by_all(facts, on) {
        return None;
    }
    let standing = standing_decisions(&facts.decisions, on);
    let mut last = None;
    for party in &facts.parties {
        let date = standing.get(party)?.date?;
        last = last.max(Some(date));
    }
    last.map(|last| facts.earliest_start.map_or(last, |start| start.max(last)))
}

/// The version's state on `on`, from its facts alone.
pub fn state_on(facts: &VersionFacts, on: NaiveDate) -> AgreementState {
    if let Some(replaced) = facts.replaced_on.filter(|d| *d <= on) {
        return AgreementState::Replaced { on: replaced };
    }
    if adopted_by_all(facts, on) {
        let from = in_force_from(facts, on);
        return match facts.valid_to {
            Some(to) if to < on => AgreementState::Expired { on: to },
            _ => AgreementState::InForce { from },
        };
    }
    let standing = standing_decisions(&facts.decisions, on);
    let rejected: Vec<i32> = facts
        .parties
        .iter()
        .copied()
        .filter(|p| standing.get(p).is_some_and(|d| d.outcome == DecisionOutcome::Rejected))
        .collect();
    if !rejected.is_empty() {
        return AgreementState::Rejected { by: rejected };
    }
    let adopted = facts.parties.iter().filter(|p| standing.contains_key(p)).count();
    if adopted > 0 {
        return AgreementState::BeingAdopted { adopted, parties: facts.parties.len() };
    }
    if facts.recommended.iter().any(|d| d.is_none_or(|d| d <= on)) {
        return AgreementState::Recommended;
    }
    if facts.process_unrecorded && facts.consultation.is_none() && facts.decisions.is_empty() {
        return AgreementState::NotRecorded;
    }
    match facts.consultation {
        Some((Some(sent), _)) if sent > on => AgreementState::Draft,
        Some((_, Some(deadline))) if on <= deadline => AgreementState::OnConsultation { deadline },
        Some(_) => AgreementState::Consulted,
        None => AgreementState::Draft,
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

    fn adopted(party_id: i32, date: &str) -> Decision {
        Decision { party_id, date: Some(d(date)), outcome: DecisionOutcome::Adopted }
    }

    /// HÖK's shape: 27 parties, consultation in 2021, recommended 2021-10-14, earliest start
    /// 2022-07-01.
    fn hok(last_adoption: &str) -> VersionFacts {
        let mut decisions: Vec<Decision> = (1..=26).map(|p| adopted(p, "2022-03-15")).collect();
        decisions.push(adopted(27, last_adoption));
        VersionFacts {
            parties: (1..=27).collect(),
            consultation: Some((Some(d("2021-05-01")), Some(d("2021-06-30")))),
            recommended: vec![Some(d("2021-10-14"))],
            decisions,
            earliest_start: Some(d("2022-07-01")),
            ..Default::default()
        }
    }

    #[test]
    fn hok_applies_from_the_later_of_its_start_and_the_last_adoption() {
        assert_eq!(in_force_from(&hok("2022-06-15"), d("2023-01-01")), Some(d("2022-07-01")));
        assert_eq!(in_force_from(&hok("2022-08-30"), d("2023-01-01")), Some(d("2022-08-30")));
        assert_eq!(
            state_on(&hok("2022-08-30"), d("2023-01-01")),
            AgreementState::InForce { from: Some(d("2022-08-30")) }
        );
        // Before the last party decided, 26 of 27 had adopted.
        assert_eq!(
            state_on(&hok("2022-08-30"), d("2022-07-15")),
            AgreementState::BeingAdopted { adopted: 26, parties: 27 }
        );
        // Every party adopted by June, so it is in force from July 1st, even seen from June.
        assert_eq!(
            state_on(&hok("2022-06-15"), d("2022-06-20")),
            AgreementState::InForce { from: Some(d("2022-07-01")) }
        );
    }

    #[test]
    fn the_process_steps_show_in_order() {
        let mut facts = hok("2022-08-30");
        facts.decisions.clear();
        assert_eq!(state_on(&facts, d("2021-04-01")), AgreementState::Draft);
        assert_eq!(state_on(&facts, d("2021-06-30")), AgreementState::OnConsultation { deadline: d("2021-06-30") });
        assert_eq!(state_on(&facts, d("2021-07-01")), AgreementState::Consulted);
        assert_eq!(state_on(&facts, d("2021-10-14")), AgreementState::Recommended);
    }

    #[test]
    fn a_rejection_blocks_until_the_party_decides_again() {
        let mut facts = hok("2022-05-01");
        facts.decisions.retain(|x| x.party_id != 5);
        facts.decisions.push(Decision { party_id: 5, date: Some(d("2022-04-01")), outcome: DecisionOutcome::Rejected });
        assert_eq!(state_on(&facts, d("2022-09-01")), AgreementState::Rejected { by: vec![5] });
        assert_eq!(in_force_from(&facts, d("2022-09-01")), None);
        // A referral back is not a decision: still rejected.
        facts.decisions.push(Decision {
            party_id: 5,
            date: Some(d("2022-10-01")),
            outcome: DecisionOutcome::ReferredBack,
        });
        assert_eq!(state_on(&facts, d("2022-10-15")), AgreementState::Rejected { by: vec![5] });
        // A new decision to adopt lifts it; the agreement applies from that day.
        facts.decisions.push(adopted(5, "2022-11-10"));
        assert_eq!(state_on(&facts, d("2022-11-10")), AgreementState::InForce { from: Some(d("2022-11-10")) });
        assert_eq!(state_on(&facts, d("2022-11-09")), AgreementState::Rejected { by: vec![5] });
    }

    #[test]
    fn a_referral_back_alone_is_not_an_adoption() {
        let mut facts = hok("2022-05-01");
        facts.decisions.retain(|x| x.party_id != 9);
        facts.decisions.push(Decision {
            party_id: 9,
            date: Some(d("2022-04-01")),
            outcome: DecisionOutcome::ReferredBack,
        });
        assert_eq!(state_on(&facts, d("2022-09-01")), AgreementState::BeingAdopted { adopted: 26, parties: 27 });
    }

    #[test]
    fn expired_and_replaced() {
        let mut facts = hok("2022-06-15");
        facts.valid_to = Some(d("2026-06-30"));
        assert_eq!(state_on(&facts, d("2026-06-30")), AgreementState::InForce { from: Some(d("2022-07-01")) });
        assert_eq!(state_on(&facts, d("2026-07-01")), AgreementState::Expired { on: d("2026-06-30") });
        facts.replaced_on = Some(d("2025-01-01"));
        assert_eq!(state_on(&facts, d("2025-06-01")), AgreementState::Replaced { on: d("2025-01-01") });
    }

    #[test]
    fn decisions_the_sources_give_no_day_for_still_count() {
        // As the sources tell HÖK: recommended in "November 2021" (HSN), adopted "spring 2022".
        let facts = VersionFacts {
            parties: vec![1, 2],
            consultation: Some((None, None)),
            recommended: vec![None],
            decisions: vec![
                Decision { party_id: 1, date: None, outcome: DecisionOutcome::Adopted },
                Decision { party_id: 2, date: Some(d("2022-05-10")), outcome: DecisionOutcome::Adopted },
            ],
            earliest_start: Some(d("2022-07-01")),
            ..Default::default()
        };
        assert_eq!(state_on(&facts, d("2022-08-01")), AgreementState::InForce { from: None });
        assert_eq!(in_force_from(&facts, d("2022-08-01")), None, "no made-up day");
        assert_eq!(state_on(&facts, d("2022-05-01")), AgreementState::BeingAdopted { adopted: 1, parties: 2 });
        // A dated later decision stands over an undated one.
        let mut rejected = facts.clone();
        rejected.decisions.push(Decision {
            party_id: 1,
            date: Some(d("2022-09-01")),
            outcome: DecisionOutcome::Rejected,
        });
        assert_eq!(state_on(&rejected, d("2022-09-02")), AgreementState::Rejected { by: vec![1] });
        assert_eq!(
            state_on(&VersionFacts { consultation: Some((None, None)), ..Default::default() }, d("2022-01-01")),
            AgreementState::Consulted
        );
    }

    #[test]
    fn a_version_whose_process_is_not_on_record_is_not_a_draft() {
        let facts = VersionFacts { parties: vec![1, 2], process_unrecorded: true, ..Default::default() };
        assert_eq!(state_on(&facts, d("2024-01-01")), AgreementState::NotRecorded);
        assert_eq!(
            state_on(&VersionFacts { parties: vec![1, 2], ..Default::default() }, d("2024-01-01")),
            AgreementState::Draft
        );
    }

    #[test]
    fn late_answers_count_and_are_marked() {
        assert!(answer_is_late(Some(d("2021-06-30")), d("2021-07-02")));
        assert!(!answer_is_late(Some(d("2021-06-30")), d("2021-06-30")));
        assert!(!answer_is_late(None, d("2021-07-02")));
    }

    #[test]
    fn states_have_codes_and_swedish_labels() {
        let s = AgreementState::BeingAdopted { adopted: 12, parties: 27 };
        assert_eq!((s.code(), s.label().as_str()), ("being_adopted", "Antas (12 av 27)"));
        assert_eq!(AgreementState::Rejected { by: vec![1, 2] }.label(), "Avslagen av 2 parter");
        assert_eq!(Stance::AgreesWithComments.label(), "Tillstyrker med synpunkter");
    }
}
