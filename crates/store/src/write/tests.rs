//! The write path, tested once and thoroughly: before it is permitted a write only reads; a
//! refused write writes nothing and records nothing; a permitted one records exactly its events;
//! a failure in the middle of a change rolls all of it back; the writers' lock is taken when a
//! write begins; and no other code opens an audited transaction or writes outside the path.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use chrono::NaiveDate;
use samverkan_domain::{Grant, Owned, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

use super::{Actor, Event, WriteError, json};
use crate::audit::AuditCheck;
use crate::cache::data_version;
use crate::entity::{audit_event, sub_region};
use crate::store::Store;
use crate::test_support::{admin_named, crate_sources, is_test_file, program_text, test_store};

async fn store(name: &str) -> (Store, Option<tempfile::TempDir>) {
    test_store(&format!("write_{name}")).await
}

/// What a write could leave behind: sub-regions, audit events, and the data version.
async fn footprint(store: &Store) -> (u64, u64, i64) {
    (
        sub_region::Entity::find().count(&store.db).await.unwrap(),
        audit_event::Entity::find().count(&store.db).await.unwrap(),
        data_version(&store.db).await.unwrap(),
    )
}

fn sub_region_row(name: &str) -> sub_region::ActiveModel {
    sub_region::ActiveModel {
        name: Set(name.to_owned()),
        sort_key: Set(name.to_lowercase()),
        description: Set(None),
        valid_from: Set(NaiveDate::from_ymd_opt(2025, 1, 1)),
        valid_to: Set(None),
        synthetic: Set(false),
        ..Default::default()
    }
}

async fn events(store: &Store) -> Vec<audit_event::Model> {
    audit_event::Entity::find().order_by_asc(audit_event::Column::Id).all(&store.db).await.unwrap()
}

#[tokio::test]
async fn before_it_is_permitted_a_write_only_reads() {
    let (store, _dir) = store("lookup").await;
    let admin = admin_named("user:1");
    let write = store.write_as(&admin).await.unwrap();
    assert!(sub_region::Entity::find().all(write.lookup()).await.unwrap().is_empty(), "it reads");
    let refused = sub_region_row("Norra").insert(write.lookup()).await.unwrap_err();
    assert!(refused.to_string().contains("before the write was permitted"), "{refused}");
    let refused = sub_region::Entity::delete_many().exec(write.lookup()).await.unwrap_err();
    assert!(refused.to_string().contains("before the write was permitted"), "{refused}");
    let refused = sub_region::Entity::update_many()
        .col_expr(sub_region::Column::Name, sea_orm::sea_query::Expr::value("x"))
        .filter(sub_region::Column::Id.eq(1))
        .exec(write.lookup())
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("before the write was permitted"), "{refused}");
    // Nothing was sent: the transaction goes on, once permitted.
    let w = write.permit(Owned::Joint).unwrap();
    let row = sub_region_row("Norra").insert(w.txn()).await.unwrap();
    w.commit(Event::new("create", "sub_region", row.id).after(json(&row))).await.unwrap();
    assert_eq!(footprint(&store).await.0, 1);
}

#[tokio::test]
async fn a_refused_write_writes_nothing_and_records_nothing() {
    let (store, _dir) = store("refused").await;
    let before = footprint(&store).await;
    let reader = Actor::user(5, vec![Grant::new(Role::Reader, None, None).unwrap()]);
    let editor = Actor::user(6, vec![Grant::new(Role::PartyEditor, Some(1), None).unwrap()]);
    for (actor, record) in [
        (&reader, Owned::Joint),
        (&reader, Owned::Organisation { party_id: Some(1) }),
        (&editor, Owned::Joint),
        (&editor, Owned::Organisation { party_id: Some(2) }),
        (&editor, Owned::PartyAct { party_id: 2 }),
    ] {
        let write = store.write_as(actor).await.unwrap();
        assert!(matches!(write.check(record), Err(WriteError::NotPermitted)), "{actor:?} {record:?}");
        assert!(matches!(write.permit(record), Err(WriteError::NotPermitted)), "{actor:?} {record:?}");
    }
    // Permitted but never committed (an early return): dropped, so rolled back too.
    let w = store.write_as(&editor).await.unwrap().permit(Owned::Organisation { party_id: Some(1) }).unwrap();
    sub_region_row("Kvar inte").insert(w.txn()).await.unwrap();
    drop(w);
    assert_eq!(footprint(&store).await, before, "no row, no event, not even the data version moved");
    assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 0 });
}

#[tokio::test]
async fn a_permitted_write_records_exactly_its_events() {
    let (store, _dir) = store("permitted").await;
    let (_, _, version) = footprint(&store).await;
    let actor = admin_named("user:7");
    let w = store.write_as(&actor).await.unwrap().permit(Owned::Joint).unwrap();
    let north = sub_region_row("Norra").insert(w.txn()).await.unwrap();
    w.record(Event::new("create", "sub_region", north.id).after(json(&north))).await.unwrap();
    let south = sub_region_row("Södra").insert(w.txn()).await.unwrap();
    w.commit(Event::new("create", "sub_region", south.id).after(json(&south))).await.unwrap();

    let (rows, count, after) = footprint(&store).await;
    assert_eq!((rows, count), (2, 2));
    assert!(after > version, "the data version moved, so cached totals are counted again");
    let events = events(&store).await;
    let seen: Vec<(&str, &str, &str, Option<String>)> =
        events.iter().map(|e| (e.actor.as_str(), e.action.as_str(), e.entity.as_str(), e.entity_id.clone())).collect();
    assert_eq!(
        seen,
        [
            ("user:7", "create", "sub_region", Some(north.id.to_string())),
            ("user:7", "create", "sub_region", Some(south.id.to_string())),
        ]
    );
    assert!(events[1].after.as_deref().unwrap().contains("Södra"));

    // The entries that skip the scope check record under their own names.
    let w = store.account_write_as("cli:test").await.unwrap();
    w.commit(Event::new("create", "user", 1)).await.unwrap();
    let w = store.system_load().await.unwrap();
    w.commit(Event::new("load", "reference_data", "test")).await.unwrap();
    let actors: Vec<String> = events_of(&store).await;
    assert_eq!(actors, ["user:7", "user:7", "cli:test", "system"]);
    assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 4 });
}

async fn events_of(store: &Store) -> Vec<String> {
    events(store).await.into_iter().map(|e| e.actor).collect()
}

/// A change that fails after it has written a row and recorded an event, as a store function
/// would (`?` on every step).
async fn failing_change(store: &Store) -> Result<(), WriteError> {
    let actor = admin_named("user:8");
    let w = store.write_as(&actor).await?.permit(Owned::Joint)?;
    let west = sub_region_row("Västra").insert(w.txn()).await?;
    w.record(Event::new("create", "sub_region", west.id)).await?;
    let mut clash = sub_region_row("Östra");
    clash.id = Set(west.id);
    clash.insert(w.txn()).await?; // the same id again: the database refuses it
    w.commit(Event::new("create", "sub_region", west.id)).await?;
    Ok(())
}

#[tokio::test]
async fn a_failure_in_the_middle_of_a_change_rolls_all_of_it_back() {
    let (store, _dir) = store("rollback").await;
    let before = footprint(&store).await;
    assert!(matches!(failing_change(&store).await, Err(WriteError::Store(_))));
    assert_eq!(footprint(&store).await, before, "neither the first row nor its event is kept");
    assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 0 });
}

#[tokio::test]
async fn the_writers_lock_is_taken_when_a_write_begins() {
    let (store, _dir) = store("lock").await;
    let first_actor = admin_named("user:1");
    let first = store.write_as(&first_actor).await.unwrap();
    let other = store.clone();
    let second = tokio::spawn(async move {
        let actor = admin_named("user:2");
        let w = other.write_as(&actor).await.unwrap().permit(Owned::Joint).unwrap();
        let row = sub_region_row("Andra").insert(w.txn()).await.unwrap();
        w.commit(Event::new("create", "sub_region", row.id)).await.unwrap();
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(!second.is_finished(), "a second write waits while the first holds the lock");
    // The first, begun before the second, reads and writes as if alone.
    assert_eq!(sub_region::Entity::find().count(first.lookup()).await.unwrap(), 0);
    let w = first.permit(Owned::Joint).unwrap();
    let row = sub_region_row("Första").insert(w.txn()).await.unwrap();
    w.commit(Event::new("create", "sub_region", row.id)).await.unwrap();
    second.await.unwrap();
    assert_eq!(events_of(&store).await, ["user:1", "user:2"], "in the order they took the lock");
    assert_eq!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { events: 2 });
}

/// Only the write path opens a transaction, raises the data version or appends to the trail:
/// any other place would be a write that is not authorised, locked or audited.
#[test]
fn no_other_code_opens_an_audited_transaction() {
    let forbidden = [
        "TransactionTrait",
        ".begin()",
        ".begin_with_config(",
        ".begin_with_options(",
        ".transaction(",
        "DatabaseTransaction::",
        "bump_data_version(",
        "audit_event::ActiveModel",
        "audit_event::Entity::insert",
        "data_version::ActiveModel",
        "data_version::Entity::update",
    ];
    let mut found = Vec::new();
    for (path, text) in crate_sources() {
        if path == "write.rs" || path.starts_with("write/") || is_test_file(&path) {
            continue;
        }
        let code = program_text(&text);
        for pattern in forbidden {
            // The data version's raise is defined in `cache`, and called only here.
            if pattern == "bump_data_version(" && path == "cache.rs" && code.matches(pattern).count() == 1 {
                continue;
            }
            // A request's read transaction (`db.rs`): it holds one connection for the reads and
            // raises nothing; writes in a request still go through the write path's own.
            if (pattern == "TransactionTrait" || pattern == ".begin()") && path == "db.rs" {
                continue;
            }
            if code.contains(pattern) {
                found.push(format!("src/{path}: {pattern}"));
            }
        }
    }
    assert!(found.is_empty(), "outside the write path (src/write.rs):\n{}", found.join("\n"));
}

/// The only writes outside the write path are operational state that is not on the trail by
/// design (sessions, sign-in throttling, a token's last use, an outgoing e-mail's delivery) and
/// creating a test database; a write to the collaboration's data or an account anywhere else
/// fails here, naming the file.
#[test]
fn no_other_code_writes_to_the_database() {
    let allowed =
        ["accounts/sessions.rs", "accounts/throttle.rs", "accounts/tokens.rs", "connect.rs", "local/outbox.rs"];
    let verbs = [
        "insert(",
        "update(",
        "save(",
        "delete(",
        "exec(",
        "exec_without_returning(",
        "execute(",
        "execute_raw(",
        "execute_unprepared(",
    ];
    let mut found = Vec::new();
    for (path, text) in crate_sources() {
        if path == "write.rs" || path.starts_with("write/") || path.starts_with("migration/") || is_test_file(&path) {
            continue;
        }
        let code: String = program_text(&text).chars().filter(|c| !c.is_whitespace()).collect();
        let hits: Vec<&str> = verbs
            .iter()
            .copied()
            .filter(|v| code.contains(&format!("{v}&self.db)")) || code.contains(&format!(".db.{v}")))
            .collect();
        if !hits.is_empty() && !allowed.contains(&path.as_str()) {
            found.push(format!("src/{path}: {}", hits.join(", ")));
        }
    }
    assert!(found.is_empty(), "writes outside the write path:\n{}", found.join("\n"));
}
