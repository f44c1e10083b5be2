//! The JSON of an agreement's parts, as the API answers them: its detail, and each record of a
//! version's process (consultation and answers, proposals, recommendations, decisions,
//! withdrawals, relations, preparatory steps), built in one place for the agreement's read and
//! the reads of one record ([`super::api_records`]).

use crate::documents::AgreementDocuments;
use crate::kit::RefJson;
use chrono::NaiveDate;
use samverkan_domain::agreement::{ModelDimension, WorkingModel};
use samverkan_domain::agreement_state::AgreementState;
use samverkan_store as store;
use serde::Serialize;
use utoipa::ToSchema;

/// Where a version stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusJson {
    /// draft, not_recorded, on_consultation, consulted, recommended, being_adopted, adopted (by
    /// every party, not yet in force), in_force, rejected, expired, replaced
    pub state: &'static str,
    /// The state in Swedish, with what may be under way on the date.
    pub label: String,
    /// Parties whose standing decision is to adopt.
    pub adopted: usize,
    /// Parties that must adopt.
    pub parties: usize,
    /// The day it applies from, once every party has adopted.
    pub in_force_from: Option<NaiveDate>,
    /// When it applies from in words, once every party has adopted, when the sources give no
    /// day ("september 2022").
    pub in_force_text: Option<String>,
    /// A step that may be happening on the date, its time in words not yet past, in Swedish
    /// ("antas under våren 2022").
    pub under_way: Option<String>,
    /// The parties whose standing decision is a rejection.
    pub rejected_by: Vec<i32>,
    /// What replaced it, once replaced: the agreement's next version, or a version of an
    /// agreement that "ersätter" this one, from the day it came into force.
    pub replaced_by: Option<ReplacedByJson>,
    /// The parties that have withdrawn (*uppsägning*) and left by the date, each with the day
    /// it left from; they are not among `parties`.
    pub left: Vec<LeftJson>,
}

/// What replaced a version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplacedByJson {
    /// version (the agreement's own next version), agreement (a version of an agreement that
    /// "ersätter" this one)
    pub kind: &'static str,
    pub agreement_id: i32,
    /// The other agreement's title; null for the agreement's own version.
    pub agreement_title: Option<String>,
    pub version_id: i32,
    pub version_number: String,
    /// The day the successor came into force, when it is a day.
    pub from: Option<NaiveDate>,
    /// When it came into force in words, when the sources give no day ("september 2022").
    pub from_text: Option<String>,
}

/// A party that has withdrawn from a version and left it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeftJson {
    pub party_id: i32,
    /// The first day it was no longer a party.
    pub leaves_on: NaiveDate,
}

impl From<&store::AgreementStatus> for StatusJson {
    fn from(s: &store::AgreementStatus) -> Self {
        StatusJson {
            state: s.state.code(),
            label: s.label(),
            adopted: s.adopted,
            parties: s.parties,
            in_force_from: s.in_force_from,
            in_force_text: s.in_force_text.clone(),
            under_way: s.under_way.clone(),
            rejected_by: match &s.state {
                AgreementState::Rejected { by } => by.clone(),
                _ => Vec::new(),
            },
            replaced_by: match &s.state {
                AgreementState::Replaced { from, from_text, by } => Some(ReplacedByJson {
                    kind: if by.other_title.is_some() { "agreement" } else { "version" },
                    agreement_id: by.agreement_id,
                    agreement_title: by.other_title.clone(),
                    version_id: by.version_id,
                    version_number: by.version_number.clone(),
                    from: *from,
                    from_text: from_text.clone(),
                }),
                _ => None,
            },
            left: s
                .left
                .iter()
                .map(|(party_id, leaves_on)| LeftJson { party_id: *party_id, leaves_on: *leaves_on })
                .collect(),
        }
    }
}

/// An agreement in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementJson {
    pub id: i32,
    pub title: String,
    pub short_name: Option<String>,
    /// main, subject_area, add_on, guideline, routine
    pub kind: &'static str,
    pub consultative_group: Option<RefJson>,
    /// children_and_young_people, adults, elderly, all
    pub target_groups: Vec<&'static str>,
    pub summary: Option<String>,
    pub latest_version: Option<String>,
    /// The latest version's status; null while there is no version.
    pub status: Option<StatusJson>,
}

impl From<&store::AgreementSummary> for AgreementJson {
    fn from(a: &store::AgreementSummary) -> Self {
        AgreementJson {
            id: a.id,
            title: a.title.clone(),
            short_name: a.short_name.clone(),
            kind: a.kind.code(),
            consultative_group: a.consultative_group.as_ref().map(RefJson::from),
            target_groups: a.target_groups.iter().map(|g| g.code()).collect(),
            summary: a.summary.clone(),
            latest_version: a.latest_version.clone(),
            status: a.status.as_ref().map(StatusJson::from),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationJson {
    pub id: i32,
    pub sent_on: Option<NaiveDate>,
    /// When the sources give no day ("våren 2021").
    pub sent_text: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// The answers so far, in Swedish party order.
    pub answers: Vec<AnswerJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerJson {
    /// The answer's id (its attachments are uploaded to `/api/v1/answers/{id}/documents`).
    pub id: i32,
    pub party: RefJson,
    pub answered_on: NaiveDate,
    /// agrees, agrees_with_comments, disagrees, no_comment
    pub stance: &'static str,
    pub text: Option<String>,
    /// Answered after the deadline; it counts all the same.
    pub late: bool,
    /// The answer's attachments.
    pub documents: Vec<crate::documents::DocumentJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationJson {
    /// The recommendation's id: `/api/v1/recommendations/{id}`.
    pub id: i32,
    pub body_name: String,
    /// municipalities, region
    pub addressed_to: &'static str,
    pub decided_on: Option<NaiveDate>,
    /// When the sources give no day ("november 2021").
    pub decided_text: Option<String>,
    /// recommended, not_recommended
    pub outcome: &'static str,
}

/// A proposal of a version put to a body before it is recommended (the officials' steering
/// group's proposal to VIS). It changes no state.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalJson {
    /// The body that put it forward.
    pub body_name: String,
    /// That body's id, when it is in the register.
    pub body_id: Option<i32>,
    /// The body it was put to.
    pub to_body_name: String,
    /// That body's id, when it is in the register.
    pub to_body_id: Option<i32>,
    pub proposed_on: Option<NaiveDate>,
    /// When the sources give no day ("september 2021").
    pub proposed_text: Option<String>,
}

/// A document an agreement's facts rest on.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceJson {
    pub title: String,
    /// What it is and who issued it.
    pub detail: Option<String>,
    /// Its public page; null when the documents give no address (none is guessed).
    pub url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionJson {
    pub id: i32,
    pub party: RefJson,
    pub deciding_body: String,
    pub decided_on: Option<NaiveDate>,
    /// When the sources give no day ("våren 2022").
    pub decided_text: Option<String>,
    pub paragraph: Option<String>,
    pub diary_number: Option<String>,
    /// adopted, rejected, referred_back
    pub outcome: &'static str,
    pub sent_to: Option<String>,
    /// The decision's documents (the minutes' extract).
    pub documents: Vec<crate::documents::DocumentJson>,
}

/// A party's withdrawal from a version in force (*uppsägning*).
#[derive(Debug, Serialize, ToSchema)]
pub struct WithdrawalJson {
    pub id: i32,
    pub party: RefJson,
    pub deciding_body: String,
    pub decided_on: NaiveDate,
    pub paragraph: Option<String>,
    pub diary_number: Option<String>,
    /// The first day the party is no longer a party to the version.
    pub leaves_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionJson {
    pub id: i32,
    pub number: String,
    pub date: Option<NaiveDate>,
    /// The date in words where the sources give no day ("våren 2022").
    pub date_text: Option<String>,
    pub change_summary: Option<String>,
    pub earliest_start: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub consultation: Option<ConsultationJson>,
    /// Proposals put to a body before the recommendations, in the order of their times.
    pub proposals: Vec<ProposalJson>,
    pub recommendations: Vec<RecommendationJson>,
    /// Every decision recorded, oldest first; a party's later decision stands over its earlier.
    pub decisions: Vec<DecisionJson>,
    /// Every withdrawal recorded, oldest first; a party's later one stands over its earlier.
    pub withdrawals: Vec<WithdrawalJson>,
    pub status: StatusJson,
    /// The version's documents (the agreement text, its annexes), in upload order.
    pub documents: Vec<crate::documents::DocumentJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RelationJson {
    /// The relation's id: `/api/v1/relations/{id}`.
    pub id: i32,
    /// add_on_to, annex_of, replaces, revised_because_of
    pub kind: &'static str,
    pub agreement: RefJson,
}

/// One agreement, with its versions (newest first) and relations.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDetailJson {
    #[serde(flatten)]
    pub agreement: AgreementJson,
    pub parent: Option<RefJson>,
    pub implementation: Option<String>,
    pub follow_up: Option<String>,
    pub digital_support: Option<String>,
    pub review_date: Option<NaiveDate>,
    /// The coded working models, the comparison matrix's rows.
    pub models: ModelsJson,
    /// This agreement's relations to others.
    pub relations: Vec<RelationJson>,
    /// Others' relations to this one.
    pub related_from: Vec<RelationJson>,
    pub versions: Vec<VersionJson>,
    /// The parties that must adopt its versions (party ids), as the agreement lists them;
    /// empty when it lists none, and every party valid on the date must.
    pub parties: Vec<i32>,
    /// The documents its facts rest on, each with its public page where they give one.
    pub sources: Vec<SourceJson>,
}

/// An agreement's coded working models, by dimension, in display order.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ModelsJson {
    pub implementation: Vec<&'static str>,
    pub follow_up: Vec<&'static str>,
    pub digital_support: Vec<&'static str>,
}

impl ModelsJson {
    pub fn of(models: &[WorkingModel]) -> ModelsJson {
        let codes = |d: ModelDimension| models.iter().filter(|m| m.dimension() == d).map(|m| m.code()).collect();
        ModelsJson {
            implementation: codes(ModelDimension::Implementation),
            follow_up: codes(ModelDimension::FollowUp),
            digital_support: codes(ModelDimension::DigitalSupport),
        }
    }
}

pub(super) fn relations(list: &[store::Relation]) -> Vec<RelationJson> {
    list.iter().map(RelationJson::from).collect()
}

/// A version as the agreement's JSON gives it, with its documents among the agreement's.
pub(super) fn version_json(v: &store::Version, documents: &AgreementDocuments) -> VersionJson {
    VersionJson {
        id: v.id,
        number: v.number.clone(),
        date: v.date,
        date_text: v.date_text.clone(),
        change_summary: v.change_summary.clone(),
        earliest_start: v.earliest_start,
        valid_to: v.valid_to,
        consultation: consultation_json(v, documents),
        proposals: v
            .proposals
            .iter()
            .map(|p| ProposalJson {
                body_name: p.body.name.clone(),
                body_id: p.body.id,
                to_body_name: p.to.name.clone(),
                to_body_id: p.to.id,
                proposed_on: p.proposed_on,
                proposed_text: p.proposed_text.clone(),
            })
            .collect(),
        recommendations: v.recommendations.iter().map(RecommendationJson::from).collect(),
        decisions: v.decisions.iter().map(|d| decision_json(d, documents)).collect(),
        withdrawals: v.withdrawals.iter().map(WithdrawalJson::from).collect(),
        status: StatusJson::from(&v.status),
        documents: documents.json_of(store::DocumentOwner::Version(v.id)),
    }
}

/// A version's consultation with its answers; `None` while it has none.
pub(super) fn consultation_json(v: &store::Version, documents: &AgreementDocuments) -> Option<ConsultationJson> {
    v.consultation.as_ref().map(|c| ConsultationJson {
        id: c.id,
        sent_on: c.sent_on,
        sent_text: c.sent_text.clone(),
        deadline: c.deadline,
        answers: v.answers.iter().map(|a| answer_json(a, documents)).collect(),
    })
}

pub(super) fn answer_json(a: &store::Answer, documents: &AgreementDocuments) -> AnswerJson {
    AnswerJson {
        id: a.id,
        party: RefJson::from(&a.party),
        answered_on: a.answered_on,
        stance: a.stance.code(),
        text: a.text.clone(),
        late: a.late,
        documents: documents.json_of(store::DocumentOwner::Answer(a.id)),
    }
}

pub(super) fn decision_json(d: &store::DecisionRecord, documents: &AgreementDocuments) -> DecisionJson {
    DecisionJson {
        id: d.id,
        party: RefJson::from(&d.party),
        deciding_body: d.deciding_body.clone(),
        decided_on: d.decided_on,
        decided_text: d.decided_text.clone(),
        paragraph: d.paragraph.clone(),
        diary_number: d.diary_number.clone(),
        outcome: d.outcome.code(),
        sent_to: d.sent_to.clone(),
        documents: documents.json_of(store::DocumentOwner::Decision(d.id)),
    }
}

impl From<&store::RecommendationRecord> for RecommendationJson {
    fn from(r: &store::RecommendationRecord) -> Self {
        RecommendationJson {
            id: r.id,
            body_name: r.body_name.clone(),
            addressed_to: r.addressed_to.code(),
            decided_on: r.decided_on,
            decided_text: r.decided_text.clone(),
            outcome: r.outcome.code(),
        }
    }
}

impl From<&store::WithdrawalRecord> for WithdrawalJson {
    fn from(w: &store::WithdrawalRecord) -> Self {
        WithdrawalJson {
            id: w.id,
            party: RefJson::from(&w.party),
            deciding_body: w.deciding_body.clone(),
            decided_on: w.decided_on,
            paragraph: w.paragraph.clone(),
            diary_number: w.diary_number.clone(),
            leaves_on: w.leaves_on,
        }
    }
}

impl From<&store::Relation> for RelationJson {
    fn from(r: &store::Relation) -> Self {
        RelationJson { id: r.id, kind: r.kind.code(), agreement: RefJson::from(&r.other) }
    }
}

impl From<&store::PreparatoryStep> for PreparatoryStepJson {
    fn from(s: &store::PreparatoryStep) -> Self {
        PreparatoryStepJson {
            id: s.id,
            party: RefJson::from(&s.party),
            body_name: s.body_name.clone(),
            body_id: s.body_id,
            role: s.role.code(),
            handled_on: s.handled_on,
            handled_text: s.handled_text.clone(),
            outcome: s.outcome.map(|o| o.code()),
            paragraph: s.paragraph.clone(),
        }
    }
}

/// One step of a party's preparatory handling before its decision (*beredning*).
#[derive(Debug, Serialize, ToSchema)]
pub struct PreparatoryStepJson {
    pub id: i32,
    pub party: RefJson,
    /// The committee or board, as the minutes name it.
    pub body_name: String,
    pub body_id: Option<i32>,
    /// opinion, preparation, proposal
    pub role: &'static str,
    pub handled_on: Option<NaiveDate>,
    /// The time in words when the sources give no day.
    pub handled_text: Option<String>,
    /// supports_adoption, opposes_adoption, no_objection, postponed; null while planned or unknown.
    pub outcome: Option<&'static str>,
    pub paragraph: Option<String>,
}
