//! What a party's export for the archive holds, read in a fixed number of queries: the party's
//! own records of the agreements' process (answers, decisions, preparatory steps, withdrawals),
//! the consultations it received, the versions they concern, the documents of each, and the
//! audit events that recorded them. Read in the export's own transaction (under the writers'
//! lock), so the package is one moment of the data; the documents' bytes, which are stored by
//! their SHA-256 and never change, after it ([`contents`]), so a large export does not hold the
//! lock while it reads them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use samverkan_domain::when::{Span, span_of};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sha2::Digest;

use crate::entity::{
    agreement, agreement_version, audit_event, consultation, consultation_answer, consultation_recipient, decision,
    document, document_content, party, preparatory_step, user, withdrawal,
};
use crate::error::StoreError;
use crate::read::unique;

/// The days an export covers, both included; `None` is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportPeriod {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl ExportPeriod {
    /// Whether a record of this time belongs in the export. A record whose time is not known
    /// at all goes into every export: left out, it would reach no archive.
    pub(crate) fn covers(&self, span: Option<Span>) -> bool {
        let Some(span) = span else { return true };
        self.from.is_none_or(|from| span.last >= from) && self.to.is_none_or(|to| span.first <= to)
    }
}

/// One audit event that recorded or changed a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recorded {
    pub action: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// `user:{id}`, `cli:…` or `system`.
    pub by: String,
    /// The account's e-mail address, for a user.
    pub by_email: Option<String>,
}

/// The kinds of record whose events are matched to them by the id in the event's `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Version,
    Consultation,
    Answer,
    Decision,
    Step,
    Withdrawal,
    Document,
}

impl Kind {
    /// The actions that write this kind, and where the row is in the event's `after`.
    fn of_action(action: &str) -> Option<(Kind, Option<&'static str>)> {
        Some(match action {
            "add_version" => (Kind::Version, None),
            "start_consultation" => (Kind::Consultation, Some("consultation")),
            "extend_deadline" => (Kind::Consultation, None),
            "answer_consultation" => (Kind::Answer, None),
            "decide" => (Kind::Decision, None),
            "prepare" => (Kind::Step, None),
            "withdraw" => (Kind::Withdrawal, None),
            "add_document" => (Kind::Document, None),
            _ => return None,
        })
    }
}

/// Everything one party's export holds, each list in id order.
#[derive(Debug, Clone)]
pub(crate) struct PartyRecords {
    pub party: party::Model,
    pub agreements: BTreeMap<i32, agreement::Model>,
    pub versions: BTreeMap<i32, agreement_version::Model>,
    /// The consultations the party received (was sent, or answered), each with whether it was
    /// among the recipients.
    pub consultations: Vec<(consultation::Model, bool)>,
    pub answers: Vec<consultation_answer::Model>,
    pub decisions: Vec<decision::Model>,
    pub steps: Vec<preparatory_step::Model>,
    pub withdrawals: Vec<withdrawal::Model>,
    /// The documents of the versions, answers and decisions above.
    pub documents: Vec<document::Model>,
    /// The events that recorded each record, oldest first.
    pub history: HashMap<(Kind, i32), Vec<Recorded>>,
}

/// The time of a fact as stored (its day, or its words with their interval).
fn when(stored: (Option<NaiveDate>, Option<NaiveDate>), day: Option<NaiveDate>, words: Option<&str>) -> Option<Span> {
    span_of(stored, day, words)
}

/// The party of `code`: the newest row with that code.
pub(crate) async fn party_by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<party::Model>, StoreError> {
    Ok(party::Entity::find()
        .filter(party::Column::Code.eq(code.trim()))
        .order_by_desc(party::Column::Id)
        .one(db)
        .await?)
}

/// Reads everything `party` recorded or received in `period`.
pub(crate) async fn party_records(
    db: &impl ConnectionTrait,
    party: party::Model,
    period: ExportPeriod,
) -> Result<PartyRecords, StoreError> {
    let p = party.id;
    let answers: Vec<consultation_answer::Model> = consultation_answer::Entity::find()
        .filter(consultation_answer::Column::PartyId.eq(p))
        .order_by_asc(consultation_answer::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|a| period.covers(Some(Span::day(a.answered_on))))
        .collect();
    let decisions: Vec<decision::Model> = decision::Entity::find()
        .filter(decision::Column::PartyId.eq(p))
        .order_by_asc(decision::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|d| period.covers(when((d.decided_first, d.decided_last), d.decided_on, d.decided_text.as_deref())))
        .collect();
    let steps: Vec<preparatory_step::Model> = preparatory_step::Entity::find()
        .filter(preparatory_step::Column::PartyId.eq(p))
        .order_by_asc(preparatory_step::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|s| period.covers(when((s.handled_first, s.handled_last), s.handled_on, s.handled_text.as_deref())))
        .collect();
    let withdrawals: Vec<withdrawal::Model> = withdrawal::Entity::find()
        .filter(withdrawal::Column::PartyId.eq(p))
        .order_by_asc(withdrawal::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|w| period.covers(Some(Span::day(w.decided_on))))
        .collect();

    // The consultations it was sent, and those it answered (an answer recorded without the
    // party among the recipients still answers that consultation).
    let sent_to: BTreeSet<i32> = consultation_recipient::Entity::find()
        .filter(consultation_recipient::Column::PartyId.eq(p))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.consultation_id)
        .collect();
    let wanted = unique(sent_to.iter().copied().chain(answers.iter().map(|a| a.consultation_id)));
    let consultations: Vec<(consultation::Model, bool)> = consultation::Entity::find()
        .filter(consultation::Column::Id.is_in(wanted))
        .order_by_asc(consultation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| {
            answers.iter().any(|a| a.consultation_id == c.id)
                || period.covers(when((c.sent_first, c.sent_last), c.sent_on, c.sent_text.as_deref()))
        })
        .map(|c| {
            let recipient = sent_to.contains(&c.id);
            (c, recipient)
        })
        .collect();

    let version_ids = unique(
        consultations
            .iter()
            .map(|(c, _)| c.version_id)
            .chain(decisions.iter().map(|d| d.version_id))
            .chain(steps.iter().map(|s| s.version_id))
            .chain(withdrawals.iter().map(|w| w.version_id)),
    );
    let versions: BTreeMap<i32, agreement_version::Model> = agreement_version::Entity::find()
        .filter(agreement_version::Column::Id.is_in(version_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let agreements: BTreeMap<i32, agreement::Model> = agreement::Entity::find()
        .filter(agreement::Column::Id.is_in(unique(versions.values().map(|v| v.agreement_id))))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();

    // Only the party's own answers' and decisions' documents, and the versions' texts: never
    // another party's attachment of the same version.
    let answer_ids: Vec<i32> = answers.iter().map(|a| a.id).collect();
    let decision_ids: Vec<i32> = decisions.iter().map(|d| d.id).collect();
    let documents: Vec<document::Model> = document::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(document::Column::VersionId.is_in(version_ids))
                .add(document::Column::AnswerId.is_in(answer_ids))
                .add(document::Column::DecisionId.is_in(decision_ids)),
        )
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?;
    let mut records = PartyRecords {
        party,

        agreements,
        versions,
        consultations,
        answers,
        decisions,
        steps,
        withdrawals,
        documents,
        history: HashMap::new(),
    };
    records.history = history(db, &records).await?;
    Ok(records)
}

/// The bytes of these contents, by SHA-256, each checked against it: content is stored by its
/// SHA-256 and never changed, so it may be read after the records that name it.
pub(crate) async fn contents(
    db: &impl ConnectionTrait,
    sha256: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, Vec<u8>>, StoreError> {
    let rows = document_content::Entity::find()
        .filter(document_content::Column::Sha256.is_in(unique_strings(sha256)))
        .all(db)
        .await?;
    let mut out = HashMap::new();
    for row in rows {
        if hex::encode(sha2::Sha256::digest(&row.bytes)) != row.sha256 {
            return Err(StoreError::Corrupt(format!("the document content {} does not match its SHA-256", row.sha256)));
        }
        out.insert(row.sha256, row.bytes);
    }
    Ok(out)
}

fn unique_strings(items: impl IntoIterator<Item = String>) -> Vec<String> {
    items.into_iter().collect::<BTreeSet<_>>().into_iter().collect()
}

/// The events on the agreements' trails that wrote the records exported, by the record's id in
/// the event's `after`; the accounts named by their e-mail address.
async fn history(
    db: &impl ConnectionTrait,
    records: &PartyRecords,
) -> Result<HashMap<(Kind, i32), Vec<Recorded>>, StoreError> {
    let agreement_ids: Vec<String> = records.agreements.keys().map(i32::to_string).collect();
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("agreement"))
        .filter(audit_event::Column::EntityId.is_in(agreement_ids))
        .order_by_asc(audit_event::Column::Id)
        .all(db)
        .await?;
    let mut out: HashMap<(Kind, i32), Vec<Recorded>> = HashMap::new();
    let mut users = BTreeSet::new();
    for e in events {
        let Some((kind, inner)) = Kind::of_action(&e.action) else { continue };
        let Some(after) = e.after.as_deref().and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok()) else {
            continue;
        };
        let row = inner.map_or(&after, |key| &after[key]);
        let Some(id) = row["id"].as_i64().and_then(|id| i32::try_from(id).ok()) else { continue };
        if let Some(user) = e.actor.strip_prefix("user:").and_then(|u| u.parse::<i32>().ok()) {
            users.insert(user);
        }
        out.entry((kind, id)).or_default().push(Recorded {
            action: e.action,
            at: e.occurred_at,
            by: e.actor,
            by_email: None,
        });
    }
    let emails: HashMap<String, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(users))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (format!("user:{}", u.id), u.email))
        .collect();
    for event in out.values_mut().flatten() {
        event.by_email = emails.get(&event.by).cloned();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_period_takes_what_overlaps_it_and_what_has_no_known_time() {
        let year = ExportPeriod { from: Some(day("2022-01-01")), to: Some(day("2022-12-31")) };
        assert!(year.covers(Some(Span::day(day("2022-06-01")))));
        assert!(!year.covers(Some(Span::day(day("2023-01-01")))));
        assert!(year.covers(Some(Span { first: day("2021-12-01"), last: day("2022-01-31") })));
        assert!(year.covers(None));
        assert!(ExportPeriod::default().covers(Some(Span::day(day("1999-01-01")))));
    }
}
