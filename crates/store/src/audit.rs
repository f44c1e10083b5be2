//! The audit trail (*händelselogg*): every write appends an event (who, when, what, before and
//! after) in the write's own transaction. Each event's hash covers its content and the hash of
//! the event before it, so a row changed, removed or inserted by hand breaks the chain at that
//! point, and `samverkan audit verify` names the first event that does not fit.
//!
//! Writers never fork the chain: appending starts by raising `data_version`, which takes the
//! write lock on that one row (PostgreSQL) or on the database (SQLite) until the transaction
//! ends, so concurrent writers append one after another, each reading the latest hash. The same
//! row keeps the newest hash and the number of events, so events cut from the end are noticed.
//! The chain is not keyed: someone who can rewrite both tables can rewrite history; anchoring the
//! head outside the database (or an HMAC key) is the step that closes that.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::entity::{audit_event, data_version};
use crate::{Store, StoreError};

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

/// Appends `entry` to the trail inside `txn`, the write's own transaction, and raises the data
/// version. Every write calls it before committing; it takes the writers' lock itself before it
/// reads the end of the chain.
pub(crate) async fn append(txn: &impl ConnectionTrait, entry: AuditEntry) -> Result<(), StoreError> {
    // First: this takes the write lock that queues concurrent writers (see the module docs).
    crate::counts::bump_data_version(txn).await?;
    let head = data_version::Entity::find_by_id(1)
        .one(txn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("the data_version row is missing".to_owned()))?;
    let to_text = |v: Option<serde_json::Value>| v.map(|v| v.to_string());
    let mut event = audit_event::Model {
        id: 0,
        occurred_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entity_id,
        before: to_text(entry.before),
        after: to_text(entry.after),
        prev_hash: head.audit_head.clone(),
        hash: String::new(),
    };
    // The same fields, hashed the same way, as `verify_audit_trail` checks.
    event.hash = hash_of(&hashed(&event))?;
    let hash = event.hash.clone();
    let mut row = audit_event::ActiveModel::from(event).reset_all();
    row.id = sea_orm::ActiveValue::NotSet;
    row.insert(txn).await?;
    let mut head = data_version::ActiveModel::from(head);
    head.audit_events = Set(head.audit_events.as_ref() + 1);
    head.audit_head = Set(hash);
    // The version was raised above by statement; keep that value, set only the trail's end.
    head.version = sea_orm::ActiveValue::NotSet;
    head.update(txn).await?;
    Ok(())
}

/// Begins a write: a transaction that first takes the writers' lock (by raising the data
/// version), so that on SQLite a write that reads before it writes waits its turn instead of
/// failing on a stale snapshot, and on PostgreSQL writers queue in commit order.
pub(crate) async fn begin_write(db: &sea_orm::DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, StoreError> {
    use sea_orm::TransactionTrait;
    let txn = db.begin().await?;
    crate::counts::bump_data_version(&txn).await?;
    Ok(txn)
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
                .filter(sea_orm::ColumnTrait::gt(&audit_event::Column::Id, last_id))
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
        use sea_orm::ColumnTrait;
        Ok(audit_event::Entity::find()
            .filter(audit_event::Column::Entity.eq(entity))
            .filter(audit_event::Column::EntityId.eq(entity_id))
            .order_by_desc(audit_event::Column::Id)
            .all(&self.db)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use sea_orm::{ConnectionTrait, TransactionTrait};

    use super::*;

    async fn store(name: &str) -> (Store, Option<tempfile::TempDir>) {
        crate::test_support::test_store(&format!("audit_{name}")).await
    }

    fn entry(n: usize) -> AuditEntry {
        AuditEntry {
            actor: format!("user:{n}"),
            action: "update".into(),
            entity: "party".into(),
            entity_id: Some("1".into()),
            before: Some(serde_json::json!({ "name": "Före" })),
            after: Some(serde_json::json!({ "name": format!("Efter {n}") })),
        }
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
                    let txn = store.db.begin().await.unwrap();
                    append(&txn, entry(n * 10 + k)).await.unwrap();
                    txn.commit().await.unwrap();
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
            let txn = store.db.begin().await.unwrap();
            append(&txn, entry(n)).await.unwrap();
            txn.commit().await.unwrap();
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
    use sea_orm::{ConnectionTrait, TransactionTrait};

    use super::*;

    #[tokio::test]
    async fn events_cut_from_the_end_are_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display())).await.unwrap();
        store.migrate().await.unwrap();
        for n in 0..3 {
            let txn = store.db.begin().await.unwrap();
            append(
                &txn,
                AuditEntry {
                    actor: "user:1".into(),
                    action: "create".into(),
                    entity: "person".into(),
                    entity_id: Some(n.to_string()),
                    before: None,
                    after: Some(serde_json::json!({ "n": n })),
                },
            )
            .await
            .unwrap();
            txn.commit().await.unwrap();
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
