//! The facts of an agreement's versions, read in a fixed number of queries however many
//! versions there are, and where each version stands on a date: derived from those facts by
//! `samverkan_domain::agreement` on every read, never stored.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::agreement::{DecisionOutcome, RecommendationOutcome};
use samverkan_domain::agreement_state::{
    AgreementState, Decision, VersionFacts, in_force_from, in_force_time, standing_decisions, state_on, under_way,
};
use samverkan_domain::when::{Span, span_of, words_of};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{agreement_party, agreement_version, consultation, decision, party, recommendation};
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
    /// When it comes or came into force in words, when that is no day ("september 2022").
    pub in_force_text: Option<String>,
    /// A step that may be happening on the date without being known to have happened, in
    /// Swedish ("antas under våren 2022").
    pub under_way: Option<String>,
}

impl AgreementStatus {
    pub(crate) fn of(facts: &VersionFacts, on: NaiveDate) -> AgreementStatus {
        let standing = standing_decisions(&facts.decisions, on);
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
            in_force_text: in_force_time(facts, on).filter(|t| !t.is_day()).map(words_of),
            under_way: under_way(facts, on),
        }
    }

    /// The state in Swedish, with what may be under way ("Rekommenderad; antas under våren
    /// 2022").
    /// An adopted version's label already says when it comes into force.
    pub fn label(&self) -> String {
        match (&self.under_way, &self.state) {
            (Some(note), state) if !matches!(state, AgreementState::Adopted { .. }) => {
                format!("{}; {note}", state.label())
            }
            _ => self.state.label(),
        }
    }
}

/// A fact's interval as stored, or as its day or words give it for a row stored before the
/// interval was; words that cannot be read count as a fact of no known time, on every date.
fn span(stored: (Option<NaiveDate>, Option<NaiveDate>), day: Option<NaiveDate>, words: Option<&str>) -> Span {
    span_of(stored, day, words).unwrap_or(Span::day(NaiveDate::MIN))
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
/// (its agreement's own list, else every party valid on `on`), consultation, recommendations
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
    let agreement_ids: Vec<i32> = versions.iter().map(|v| v.agreement_id).collect();
    let listed: Vec<(i32, i32)> = agreement_party::Entity::find()
        .select_only()
        .columns([agreement_party::Column::AgreementId, agreement_party::Column::PartyId])
        .filter(agreement_party::Column::AgreementId.is_in(agreement_ids))
        .order_by_asc(agreement_party::Column::PartyId)
        .into_tuple()
        .all(db)
        .await?;
    let mut parties_of: HashMap<i32, Vec<i32>> = HashMap::new();
    for (agreement_id, party_id) in listed {
        parties_of.entry(agreement_id).or_default().push(party_id);
    }
    type Timed = (i32, Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>, Option<String>);
    let recommended: Vec<Timed> = recommendation::Entity::find()
        .select_only()
        .columns([
            recommendation::Column::VersionId,
            recommendation::Column::DecidedFirst,
            recommendation::Column::DecidedLast,
            recommendation::Column::DecidedOn,
            recommendation::Column::DecidedText,
        ])
        .filter(recommendation::Column::VersionId.is_in(ids.clone()))
        .filter(recommendation::Column::Outcome.eq(RecommendationOutcome::Recommended.code()))
        .into_tuple()
        .all(db)
        .await?;
    let mut recommended_of: HashMap<i32, Vec<Span>> = HashMap::new();
    for (version_id, first, last, day, words) in recommended {
        recommended_of.entry(version_id).or_default().push(span((first, last), day, words.as_deref()));
    }
    type Decided = (i32, i32, Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>, Option<String>, String);
    let decisions: Vec<Decided> = decision::Entity::find()
        .select_only()
        .columns([
            decision::Column::VersionId,
            decision::Column::PartyId,
            decision::Column::DecidedFirst,
            decision::Column::DecidedLast,
            decision::Column::DecidedOn,
            decision::Column::DecidedText,
            decision::Column::Outcome,
        ])
        .filter(decision::Column::VersionId.is_in(ids))
        // In the order recorded, as the records are, so both databases break a same-day tie alike.
        .order_by_asc(decision::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut decisions_of: HashMap<i32, Vec<Decision>> = HashMap::new();
    for (version_id, party_id, first, last, day, words, outcome) in decisions {
        let outcome = DecisionOutcome::parse(&outcome).map_err(corrupt)?;
        let when = span((first, last), day, words.as_deref());
        decisions_of.entry(version_id).or_default().push(Decision { party_id, when, outcome });
    }
    // Every party valid on `on`, only when an agreement lists none of its own.
    let all_parties: Vec<i32> = if versions.iter().any(|v| !parties_of.contains_key(&v.agreement_id)) {
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
        let parties = match parties_of.get(&v.agreement_id) {
            Some(listed) => unique(listed.clone()),
            None => all_parties.clone(),
        };
        let sent = |c: &consultation::Model| {
            (c.sent_on.is_some() || c.sent_text.is_some())
                .then(|| span((c.sent_first, c.sent_last), c.sent_on, c.sent_text.as_deref()))
        };
        let in_force = (v.in_force_on.is_some() || v.in_force_text.is_some())
            .then(|| span((v.in_force_first, v.in_force_last), v.in_force_on, v.in_force_text.as_deref()));
        let facts = VersionFacts {
            parties,
            consultation: c.map(|c| (sent(c), c.deadline)),
            recommended: recommended_of.remove(&v.id).unwrap_or_default(),
            decisions: decisions_of.remove(&v.id).unwrap_or_default(),
            earliest_start: v.earliest_start,
            in_force,
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
