//! The facts of an agreement's versions, read in a fixed number of queries however many
//! versions there are, and where each version stands on a date: derived from those facts by
//! `samverkan_domain::agreement` on every read, never stored.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::agreement::{
    AgreementState, Decision, DecisionOutcome, RecommendationOutcome, VersionFacts, in_force_from, state_on,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{agreement_version, consultation, consultation_recipient, decision, party, recommendation};
use crate::error::StoreError;
use crate::read::{corrupt, unique, valid_at};

/// Where a version stands, with the counts people ask for first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementStatus {
    pub state: AgreementState,
    /// Parties whose standing decision is to adopt.
    pub adopted: usize,
    /// Parties that must adopt.
    pub parties: usize,
    pub in_force_from: Option<NaiveDate>,
}

impl AgreementStatus {
    pub(crate) fn of(facts: &VersionFacts, on: NaiveDate) -> AgreementStatus {
        let standing = samverkan_domain::agreement::standing_decisions(&facts.decisions, on);
        let adopted = facts
            .parties
            .iter()
            .filter(|p| standing.get(p).is_some_and(|d| d.outcome == DecisionOutcome::Adopted))
            .count();
        AgreementStatus {
            state: state_on(facts, on),
            adopted,
            parties: facts.parties.len(),
            in_force_from: in_force_from(facts, on),
        }
    }
}

/// A consultation round: sent and due (either may be unknown: then `sent_text` says when).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationRecord {
    pub id: i32,
    pub sent_on: Option<NaiveDate>,
    pub sent_text: Option<String>,
    pub deadline: Option<NaiveDate>,
}

/// Each version's facts, and its consultation (id, sent, deadline) if it has one.
pub(crate) type FactsByVersion = HashMap<i32, (VersionFacts, Option<ConsultationRecord>)>;

/// The facts of each version, in a fixed number of queries however many versions: its parties
/// (the consultation's recipients, else every party valid on `on`), consultation, recommendations
/// and decisions. Only the columns the rules read, each row grouped once by its version (at
/// national scale a list reads some 12,000 rows, which cost most of its time to decode).
pub(crate) async fn facts_of(
    db: &impl ConnectionTrait,
    versions: &[agreement_version::Model],
    on: NaiveDate,
) -> Result<FactsByVersion, StoreError> {
    let ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
    let consultations =
        consultation::Entity::find().filter(consultation::Column::VersionId.is_in(ids.clone())).all(db).await?;
    let recipients: Vec<(i32, i32)> = consultation_recipient::Entity::find()
        .select_only()
        .columns([consultation_recipient::Column::ConsultationId, consultation_recipient::Column::PartyId])
        .filter(consultation_recipient::Column::ConsultationId.is_in(consultations.iter().map(|c| c.id)))
        .into_tuple()
        .all(db)
        .await?;
    let mut recipients_of: HashMap<i32, Vec<i32>> = HashMap::new();
    for (consultation_id, party_id) in recipients {
        recipients_of.entry(consultation_id).or_default().push(party_id);
    }
    let recommended: Vec<(i32, Option<NaiveDate>)> = recommendation::Entity::find()
        .select_only()
        .columns([recommendation::Column::VersionId, recommendation::Column::DecidedOn])
        .filter(recommendation::Column::VersionId.is_in(ids.clone()))
        .filter(recommendation::Column::Outcome.eq(RecommendationOutcome::Recommended.code()))
        .into_tuple()
        .all(db)
        .await?;
    let mut recommended_of: HashMap<i32, Vec<Option<NaiveDate>>> = HashMap::new();
    for (version_id, day) in recommended {
        recommended_of.entry(version_id).or_default().push(day);
    }
    let decisions: Vec<(i32, i32, Option<NaiveDate>, String)> = decision::Entity::find()
        .select_only()
        .columns([
            decision::Column::VersionId,
            decision::Column::PartyId,
            decision::Column::DecidedOn,
            decision::Column::Outcome,
        ])
        .filter(decision::Column::VersionId.is_in(ids))
        // In the order recorded, as the records are, so both databases break a same-day tie alike.
        .order_by_asc(decision::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut decisions_of: HashMap<i32, Vec<Decision>> = HashMap::new();
    for (version_id, party_id, date, outcome) in decisions {
        let outcome = DecisionOutcome::parse(&outcome).map_err(corrupt)?;
        decisions_of.entry(version_id).or_default().push(Decision { party_id, date, outcome });
    }
    // Every party valid on `on`, only when a version has no consultation to name its parties.
    let all_parties: Vec<i32> = if versions.iter().any(|v| !consultations.iter().any(|c| c.version_id == v.id)) {
        party::Entity::find()
            .select_only()
            .column(party::Column::Id)
            .filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, on))
            .order_by_asc(party::Column::Id)
            .into_tuple()
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let mut out = HashMap::new();
    for v in versions {
        let c = consultations.iter().find(|c| c.version_id == v.id);
        let parties = match c {
            Some(c) => unique(recipients_of.remove(&c.id).unwrap_or_default()),
            None => all_parties.clone(),
        };
        let facts = VersionFacts {
            parties,
            consultation: c.map(|c| (c.sent_on, c.deadline)),
            recommended: recommended_of.remove(&v.id).unwrap_or_default(),
            decisions: decisions_of.remove(&v.id).unwrap_or_default(),
            earliest_start: v.earliest_start,
            valid_to: v.valid_to,
            replaced_on: None,
            process_unrecorded: !v.process_recorded,
        };
        let record = c.map(|c| ConsultationRecord {
            id: c.id,
            sent_on: c.sent_on,
            sent_text: c.sent_text.clone(),
            deadline: c.deadline,
        });
        out.insert(v.id, (facts, record));
    }
    Ok(out)
}
