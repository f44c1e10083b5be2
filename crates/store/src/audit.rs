//! The audit trail (*händelselogg*): every write appends an event (who, when, what, before and
//! after) in the write's own transaction. Each event's hash covers its content and the hash of
//! the event before it, so a row changed, removed or inserted by hand breaks the chain at that
//! point, and `samverkan audit verify` names the first event that does not fit.
//!
//! Events are appended only by the write path ([`crate::write`]), in the write's own
//! transaction. Writers never fork the chain: appending starts by raising `data_version`, which takes the
//! write lock on that one row (PostgreSQL) or on the database (SQLite) until the transaction
//! ends, so concurrent writers append one after another, each reading the latest hash. The same
//! row keeps the newest hash and the number of events, so events cut from the end are noticed.
//! The chain is not keyed: someone who can rewrite both tables can rewrite history; anchoring the
//! head outside the database (or an HMAC key) is the step that closes that.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::entity::{audit_event, data_version, user};
use crate::error::StoreError;
use crate::read::unique;
use crate::store::Store;

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a write records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// `user:{id}` for a person, `cli:{command}` for the command line.
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// The fields a hash covers, in a fixed order.
#[derive(Serialize)]
struct Hashed<'a> {
    prev_hash: &'a str,
    occurred_at: &'a str,
    actor: &'a str,
    action: &'a str,
    entity: &'a str,
    entity_id: Option<&'a str>,
    before: Option<&'a str>,
    after: Option<&'a str>,
}

fn hash_of(e: &Hashed<'_>) -> Result<String, StoreError> {
    let bytes = serde_json::to_vec(e).map_err(|err| StoreError::Corrupt(err.to_string()))?;
    Ok(hex::encode(Sha256::digest(bytes)))
}

fn hashed(m: &audit_event::Model) -> Hashed<'_> {
    Hashed {
        prev_hash: &m.prev_hash,
        occurred_at: &m.occurred_at,
        actor: &m.actor,
        action: &m.action,
        entity: &m.entity,
        entity_id: m.entity_id.as_deref(),
        before: m.before.as_deref(),
        after: m.after.as_deref(),
    }
}

/// Sets the event's hash: its fields and the hash of the event before it, hashed the same way
/// as [`Store::verify_audit_trail`] checks them. Appending is the write path's
/// ([`crate::write`]).
pub(crate) fn seal(event: &mut audit_event::Model) -> Result<(), StoreError> {
    event.hash = hash_of(&hashed(event))?;
    Ok(())
}

/// The outcome of walking the trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditCheck {
    /// Every event fits: `events` of them.
    Intact { events: u64 },
    /// The first event that does not fit, and why.
    Broken { event_id: i32, reason: String },
}

impl std::fmt::Display for AuditCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditCheck::Intact { events: 1 } => write!(f, "the audit trail is intact: 1 event"),
            AuditCheck::Intact { events } => write!(f, "the audit trail is intact: {events} events"),
            AuditCheck::Broken { event_id, reason } => {
                write!(f, "the audit trail is broken at event {event_id}: {reason}")
            }
        }
    }
}

/// Events read per query while walking the trail.
const BATCH: u64 = 1000;

impl Store {
    /// Walks the whole trail in order and checks each event's hash and link to the one before.
    pub async fn verify_audit_trail(&self) -> Result<AuditCheck, StoreError> {
        let mut prev_hash = GENESIS.to_owned();
        let mut last_id = 0;
        let mut events = 0;
        loop {
            let batch = audit_event::Entity::find()
                .filter(audit_event::Column::Id.gt(last_id))
                .order_by_asc(audit_event::Column::Id)
                .limit(BATCH)
                .all(&self.db)
                .await?;
            if batch.is_empty() {
                return self.check_trail_end(&prev_hash, last_id, events).await;
            }
            for e in batch {
                if e.prev_hash != prev_hash {
                    let reason = "it does not follow the event before it (an event was removed, inserted or reordered)";
                    return Ok(AuditCheck::Broken { event_id: e.id, reason: reason.to_owned() });
                }
                if hash_of(&hashed(&e))? != e.hash {
                    let reason = "its content does not match its hash (the row was changed)";
                    return Ok(AuditCheck::Broken { event_id: e.id, reason: reason.to_owned() });
                }
                prev_hash = e.hash;
                last_id = e.id;
                events += 1;
            }
        }
    }

    /// The trail must end where the last append left it: events cut from the end show here.
    async fn check_trail_end(&self, last_hash: &str, last_id: i32, events: u64) -> Result<AuditCheck, StoreError> {
        let head = data_version::Entity::find_by_id(1).one(&self.db).await?;
        let (head_hash, head_events) = head.map_or((GENESIS.to_owned(), 0), |h| (h.audit_head, h.audit_events));
        if head_hash != last_hash || u64::try_from(head_events).ok() != Some(events) {
            let reason = format!(
                "the trail ends after event {last_id} ({events} events), but {head_events} were appended; \
                 events were removed from its end"
            );
            return Ok(AuditCheck::Broken { event_id: last_id, reason });
        }
        Ok(AuditCheck::Intact { events })
    }

    /// The events about one record, newest first (a record's "Historik").
    pub async fn audit_events_of(&self, entity: &str, entity_id: &str) -> Result<Vec<audit_event::Model>, StoreError> {
        Ok(audit_event::Entity::find()
            .filter(audit_event::Column::Entity.eq(entity))
            .filter(audit_event::Column::EntityId.eq(entity_id))
            .order_by_desc(audit_event::Column::Id)
            .all(&self.db)
            .await?)
    }
}

impl Store {
    /// The e-mail addresses of these accounts, in one query (for the "Historik" of a page:
    /// the audit trail names a user as `user:{id}`).
    pub async fn account_emails(&self, ids: impl IntoIterator<Item = i32>) -> Result<HashMap<i32, String>, StoreError> {
        let ids = unique(ids);
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(i32, String)> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Email)
            .filter(user::Column::Id.is_in(ids))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use sea_orm::ConnectionTrait;

    use super::*;
    use crate::write::Event;

    async fn store(name: &str) -> (Store, Option<tempfile::TempDir>) {
        crate::test_support::test_store(&format!("audit_{name}")).await
    }

    /// Appends one event through the write path, as `user:{n}`.
    pub(super) async fn append_as(store: &Store, n: usize, event: Event) {
        let actor = crate::test_support::admin_named(&format!("user:{n}"));
        let write = store.write_as(&actor).await.unwrap().permit(samverkan_domain::Owned::Joint).unwrap();
        write.commit(event).await.unwrap();
    }

    fn entry(n: usize) -> Event {
        Event::new("update", "party", 1)
            .before(Some(serde_json::json!({ "name": "Före" })))
            .after(Some(serde_json::json!({ "name": format!("Efter {n}") })))
    }

    #[tokio::test]
    async fn loading_the_reference_data_is_on_the_record_and_the_chain_holds() {
        let (store, _dir) = store("seed").await;
        assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 0 });
        store.seed_reference_data().await.unwrap();
        store.seed_reference_data().await.unwrap(); // changes nothing: no event
        assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 1 });
        let events = store.audit_events_of("reference_data", "stockholm").await.unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].actor, "system");
        assert!(events[0].after.as_deref().unwrap().contains("\"parties\":27"), "{:?}", events[0].after);
    }

    #[tokio::test]
    async fn concurrent_writers_do_not_fork_the_chain() {
        let (store, _dir) = store("concurrent").await;
        let mut tasks = Vec::new();
        for n in 0..16 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for k in 0..5 {
                    append_as(&store, n * 10 + k, entry(n * 10 + k)).await;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 80 });
    }

    #[tokio::test]
    async fn a_row_changed_or_removed_by_hand_is_named() {
        let (store, _dir) = store("tamper").await;
        for n in 0..5 {
            append_as(&store, n, entry(n)).await;
        }
        let ids: Vec<i32> = audit_event::Entity::find()
            .select_only()
            .column(audit_event::Column::Id)
            .order_by_asc(audit_event::Column::Id)
            .into_tuple()
            .all(&store.db)
            .await
            .unwrap();
        let backend = store.db.get_database_backend();
        let sql = |s: String| sea_orm::Statement::from_string(backend, s);
        store
            .db
            .execute_raw(sql(format!(
                "UPDATE audit_events SET after = '{{\"name\":\"Ändrad\"}}' WHERE id = {}",
                ids[2]
            )))
            .await
            .unwrap();
        match store.verify_audit_trail().await.unwrap() {
            AuditCheck::Broken { event_id, reason } => {
                assert_eq!(event_id, ids[2]);
                assert!(reason.contains("changed"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        // Put it back as it was: the chain holds again.
        store
            .db
            .execute_raw(sql(format!(
                "UPDATE audit_events SET after = '{{\"name\":\"Efter 2\"}}' WHERE id = {}",
                ids[2]
            )))
            .await
            .unwrap();
        assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 5 });
        // Removing an event breaks the link of the one after it.
        store.db.execute_raw(sql(format!("DELETE FROM audit_events WHERE id = {}", ids[1]))).await.unwrap();
        match store.verify_audit_trail().await.unwrap() {
            AuditCheck::Broken { event_id, reason } => {
                assert_eq!(event_id, ids[2]);
                assert!(reason.contains("does not follow"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[cfg(test)]
mod tail_tests {
    #![allow(clippy::unwrap_used)]
    use sea_orm::ConnectionTrait;

    use super::*;
    use crate::write::Event;

    #[tokio::test]
    async fn events_cut_from_the_end_are_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display())).await.unwrap();
        store.migrate().await.unwrap();
        for n in 0..3 {
            let event = Event::new("create", "person", n).after(Some(serde_json::json!({ "n": n })));
            tests::append_as(&store, 1, event).await;
        }
        assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 3 });
        let backend = store.db.get_database_backend();
        store
            .db
            .execute_raw(sea_orm::Statement::from_string(
                backend,
                "DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)",
            ))
            .await
            .unwrap();
        match store.verify_audit_trail().await.unwrap() {
            AuditCheck::Broken { reason, .. } => assert!(reason.contains("removed from its end"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
