//! The facts of an agreement's versions, read in a fixed number of queries however many
//! versions there are, and where each version stands on a date: derived from those facts by
//! `samverkan_domain::agreement` on every read, never stored. A version's replacement is found
//! among the versions that could replace it (its agreement's later ones, and those of the
//! agreements that "ersätter" its own), read with it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use samverkan_domain::agreement::succession::{Successor, Withdrawal, left_by};
use samverkan_domain::agreement::{DecisionOutcome, RecommendationOutcome, RelationKind};
use samverkan_domain::agreement_state::{
    AgreementState, Decision, VersionFacts, in_force_from, in_force_time, parties_on, replacement, standing_decisions,
    state_on, under_way,
};
use samverkan_domain::when::{Span, span_of, words_of};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{
    agreement, agreement_party, agreement_relation, agreement_version, consultation, consultation_recipient, decision,
    party, recommendation, withdrawal,
};
use crate::error::StoreError;
use crate::read::{corrupt, unique, valid_at};

/// Where a version stands, with the counts people ask for first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementStatus {
    pub state: AgreementState,
    /// Parties whose standing decision is to adopt, of those that must.
    pub adopted: usize,
    /// Parties that must adopt: the version's, but those that have withdrawn and left.
    pub parties: usize,
    /// The parties that have withdrawn and left by the date, each with the day it left from.
    pub left: Vec<(i32, NaiveDate)>,
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
        let parties = parties_on(facts, on);
        let adopted =
            parties.iter().filter(|p| standing.get(p).is_some_and(|d| d.outcome == DecisionOutcome::Adopted)).count();
        let left = left_by(&facts.withdrawals, on).into_iter().filter(|(p, _)| facts.parties.contains(p)).collect();
        AgreementStatus {
            state: state_on(facts, on),
            adopted,
            parties: parties.len(),
            left,
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
    /// How many parties it was sent to (the municipalities alone, for HÖK).
    pub recipients: usize,
}

/// Each version's facts, and its consultation (id, sent, deadline) if it has one.
pub(crate) type FactsByVersion = HashMap<i32, (VersionFacts, Option<ConsultationRecord>)>;

/// The facts of each version on `on`, in a fixed number of queries however many versions: its
/// parties (its agreement's own list, else every party valid on `on`), consultation,
/// recommendations, decisions and withdrawals, and what replaces it, as the decisions made by
/// `on` tell (of its agreement's later versions and the versions of the agreements that
/// "ersätter" its own, the first to come into force).
pub(crate) async fn facts_of(
    db: &impl ConnectionTrait,
    versions: &[agreement_version::Model],
    on: NaiveDate,
) -> Result<FactsByVersion, StoreError> {
    let agreement_ids = unique(versions.iter().map(|v| v.agreement_id));
    // Which agreements "ersätter" these: (the replacing one, the one it replaces).
    let replacing: Vec<(i32, i32)> = agreement_relation::Entity::find()
        .select_only()
        .columns([agreement_relation::Column::AgreementId, agreement_relation::Column::RelatedId])
        .filter(agreement_relation::Column::Kind.eq(RelationKind::Replaces.code()))
        .filter(agreement_relation::Column::RelatedId.is_in(agreement_ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let replacing_ids = unique(replacing.iter().map(|r| r.0));
    let titles: HashMap<i32, String> = if replacing_ids.is_empty() {
        HashMap::new()
    } else {
        agreement::Entity::find()
            .select_only()
            .columns([agreement::Column::Id, agreement::Column::Title])
            .filter(agreement::Column::Id.is_in(replacing_ids.clone()))
            .into_tuple::<(i32, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    // The versions that could replace these and are not among them: a later version of the same
    // agreement (by the order added), or any version of a replacing agreement.
    let given: HashSet<i32> = versions.iter().map(|v| v.id).collect();
    let mut first_given: HashMap<i32, i32> = HashMap::new();
    for v in versions {
        first_given.entry(v.agreement_id).and_modify(|id| *id = (*id).min(v.id)).or_insert(v.id);
    }
    let mut wanted = Condition::any().add(agreement_version::Column::AgreementId.is_in(replacing_ids));
    for (agreement_id, first) in first_given {
        wanted = wanted.add(
            Condition::all()
                .add(agreement_version::Column::AgreementId.eq(agreement_id))
                .add(agreement_version::Column::Id.gt(first)),
        );
    }
    let others: Vec<agreement_version::Model> = agreement_version::Entity::find()
        .filter(wanted)
        .all(db)
        .await?
        .into_iter()
        .filter(|v| !given.contains(&v.id))
        .collect();
    let mut all: Vec<agreement_version::Model> = versions.to_vec();
    all.extend(others.iter().cloned());
    let mut out = base_facts(db, &all, on).await?;
    // Each version's candidates, with their facts: found first, then written, as they borrow
    // the facts they are found among.
    let mut found = Vec::with_capacity(versions.len());
    for v in versions {
        let mut candidates: Vec<(Successor, &VersionFacts)> = Vec::new();
        for c in all.iter().filter(|c| c.id != v.id) {
            let other_title = if c.agreement_id == v.agreement_id && c.id > v.id {
                None
            } else if replacing.contains(&(c.agreement_id, v.agreement_id)) {
                titles.get(&c.agreement_id).cloned()
            } else {
                continue;
            };
            if let Some((facts, _)) = out.get(&c.id) {
                let by = Successor {
                    agreement_id: c.agreement_id,
                    other_title,
                    version_id: c.id,
                    version_number: c.number.clone(),
                };
                candidates.push((by, facts));
            }
        }
        found.push((v.id, replacement(&candidates, on)));
    }
    for (id, replaced) in found {
        if let Some((facts, _)) = out.get_mut(&id) {
            facts.replaced = replaced;
        }
    }
    for o in &others {
        out.remove(&o.id);
    }
    Ok(out)
}

/// [`facts_of`] but what replaces each version. Only the columns the rules read, each row
/// grouped once by its version (at national scale a list reads some 12,000 rows, which cost
/// most of its time to decode).
async fn base_facts(
    db: &impl ConnectionTrait,
    versions: &[agreement_version::Model],
    on: NaiveDate,
) -> Result<FactsByVersion, StoreError> {
    let ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
    let consultations =
        consultation::Entity::find().filter(consultation::Column::VersionId.is_in(ids.clone())).all(db).await?;
    // The recipients of each, counted: the timeline says how many a consultation went to.
    let sent_to: Vec<(i32, i64)> = consultation_recipient::Entity::find()
        .select_only()
        .column(consultation_recipient::Column::ConsultationId)
        .column_as(consultation_recipient::Column::PartyId.count(), "recipients")
        .filter(consultation_recipient::Column::ConsultationId.is_in(consultations.iter().map(|c| c.id)))
        .group_by(consultation_recipient::Column::ConsultationId)
        .into_tuple()
        .all(db)
        .await?;
    let recipients_of: HashMap<i32, usize> =
        sent_to.into_iter().map(|(id, n)| (id, usize::try_from(n).unwrap_or_default())).collect();
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
        .filter(decision::Column::VersionId.is_in(ids.clone()))
        // In the order recorded, as the records are, so both databases break a same-day tie alike.
        .order_by_asc(decision::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let withdrawals: Vec<(i32, i32, NaiveDate, NaiveDate)> = withdrawal::Entity::find()
        .select_only()
        .columns([
            withdrawal::Column::VersionId,
            withdrawal::Column::PartyId,
            withdrawal::Column::DecidedOn,
            withdrawal::Column::LeavesOn,
        ])
        .filter(withdrawal::Column::VersionId.is_in(ids))
        .order_by_asc(withdrawal::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut withdrawals_of: HashMap<i32, Vec<Withdrawal>> = HashMap::new();
    for (version_id, party_id, decided_on, leaves_on) in withdrawals {
        withdrawals_of.entry(version_id).or_default().push(Withdrawal { party_id, decided_on, leaves_on });
    }
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
            replaced: None,
            withdrawals: withdrawals_of.remove(&v.id).unwrap_or_default(),
            process_unrecorded: !v.process_recorded,
        };
        let record = c.map(|c| ConsultationRecord {
            id: c.id,
            sent_on: c.sent_on,
            sent_text: c.sent_text.clone(),
            deadline: c.deadline,
            recipients: recipients_of.get(&c.id).copied().unwrap_or_default(),
        });
        out.insert(v.id, (facts, record));
    }
    Ok(out)
}
