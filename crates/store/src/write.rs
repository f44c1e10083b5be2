//! The one way to write (*skrivvägen*): every change to the collaboration's data and to accounts
//! goes through here, so "every write is authorised and audited" holds in one place instead of
//! at every call site.
//!
//! A write is a value that can only move forward:
//!
//! 1. [`Store::write_as`] opens the transaction and at once takes the writers' lock (it raises
//!    `data_version`, which locks that row on PostgreSQL and the database on SQLite until the
//!    transaction ends), so a write that reads before it writes waits its turn instead of
//!    working on a stale snapshot. The [`Write`] it gives may only *read* ([`Write::lookup`]:
//!    anything but a `SELECT` is refused), to find the record and so whose it is.
//! 2. [`Write::permit`] asks the one rule, [`samverkan_domain::may_change`] over the record's
//!    [`samverkan_domain::scope_of`]; only then is there a [`Permitted`] write, and only it
//!    reaches the transaction ([`Permitted::txn`]). Refused, the transaction is dropped: rolled
//!    back, nothing written, no event.
//! 3. The change runs; [`Permitted::record`] appends an audit event when a write has more than
//!    one to tell.
//! 4. [`Permitted::commit`] takes the last event, appends it and commits: there is no commit
//!    without an event, and no event outside the write's own transaction. An error anywhere
//!    before (`?`) drops the write, which rolls everything back.
//!
//! Two entries skip step 2, each named for what it is: [`Store::account_write_as`] (accounts
//! are no party's records: the command line, run by a process leader at the server, or the
//! account's own holder, whom the web layer has signed in, changes them) and
//! [`Store::system_load`] (the loaders of reference and synthetic data, whose events name
//! `system`). Appending an event ([`append`]) and opening the transaction ([`begin`]) are private
//! to this module; a test reads the crate's sources and fails on any other place that opens a
//! transaction or touches the trail.

mod lookup;
#[cfg(test)]
mod tests;

pub(crate) use lookup::Lookup;

use samverkan_domain::{Grant, Invalid, Owned, may_change, scope_of};
use sea_orm::{ActiveModelTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, Set, TransactionTrait};
use serde::Serialize;

use crate::audit::{AuditEntry, seal};
use crate::cache::bump_data_version;
use crate::entity::{audit_event, data_version};
use crate::error::StoreError;
use crate::store::Store;

/// Who makes a change: the name the audit trail records and the grants that decide what they
/// may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub audit_name: String,
    pub grants: Vec<Grant>,
}

impl Actor {
    pub fn user(user_id: i32, grants: Vec<Grant>) -> Actor {
        Actor { audit_name: format!("user:{user_id}"), grants }
    }
}

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The actor's roles do not cover the record.
    #[error("not permitted")]
    NotPermitted,
    #[error("not found")]
    NotFound,
    /// Fields that were not accepted, each with a Swedish reason.
    #[error("invalid: {0}")]
    Invalid(Invalid),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for WriteError {
    fn from(e: DbErr) -> Self {
        WriteError::Store(StoreError::from(e))
    }
}

/// A field already reported by [`samverkan_domain::Input::finish`]; after it passed, this does
/// not happen.
impl From<samverkan_domain::edit::Reported> for WriteError {
    fn from(r: samverkan_domain::edit::Reported) -> Self {
        WriteError::Invalid(r.into())
    }
}

impl From<Invalid> for WriteError {
    fn from(e: Invalid) -> Self {
        WriteError::Invalid(e)
    }
}

/// What a write of the collaboration's data answers: the id of the row it made or changed.
pub(crate) type Written = Result<i32, WriteError>;

/// A row as the audit trail keeps it.
pub(crate) fn json(v: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

/// What one audit event says (the actor comes from the write): `action` on the record
/// `entity`/`id`, with the record before and after.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    action: &'static str,
    entity: &'static str,
    id: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl Event {
    pub(crate) fn new(action: &'static str, entity: &'static str, id: impl ToString) -> Event {
        Event { action, entity, id: id.to_string(), before: None, after: None }
    }

    pub(crate) fn before(mut self, before: Option<serde_json::Value>) -> Event {
        self.before = before;
        self
    }

    pub(crate) fn after(mut self, after: Option<serde_json::Value>) -> Event {
        self.after = after;
        self
    }
}

/// A write begun and locked, not yet permitted: it may read, to learn whose the record is.
#[must_use = "a write does nothing until it is permitted and committed"]
pub(crate) struct Write<'a> {
    txn: Lookup,
    actor: &'a str,
    grants: &'a [Grant],
}

/// A write its actor may make: the only way to the transaction, and to commit.
#[must_use = "a permitted write is rolled back unless it is committed"]
pub(crate) struct Permitted<'a> {
    txn: DatabaseTransaction,
    actor: &'a str,
}

impl Store {
    /// Begins a change of the collaboration's data by `actor`: the transaction is open and the
    /// writers' lock taken; [`Write::permit`] decides whether it goes on.
    pub(crate) async fn write_as<'a>(&self, actor: &'a Actor) -> Result<Write<'a>, StoreError> {
        Ok(Write { txn: Lookup::new(begin(self.db.pool()).await?), actor: &actor.audit_name, grants: &actor.grants })
    }

    /// Begins a change of an account by `actor` (`cli:…` from the command line, `user:{id}` for
    /// the account's own holder): accounts belong to no party's scope, so there is nothing for
    /// [`may_change`] to decide; the caller has established who the actor is. Locked and audited
    /// as every other write.
    pub(crate) async fn account_write_as<'a>(&self, actor: &'a str) -> Result<Permitted<'a>, StoreError> {
        Ok(Permitted { txn: begin(self.db.pool()).await?, actor })
    }

    /// Begins a bulk load of reference or synthetic data by the program itself (`system` on
    /// the trail): one transaction, locked, committed with the load's event.
    pub(crate) async fn system_load(&self) -> Result<Permitted<'static>, StoreError> {
        Ok(Permitted { txn: begin(self.db.pool()).await?, actor: "system" })
    }
}

impl<'a> Write<'a> {
    /// The transaction, for reading only (see [`Lookup`]).
    pub(crate) fn lookup(&self) -> &Lookup {
        &self.txn
    }

    /// Refuses unless the actor may change `record`, without going on: for a write that learns
    /// the record's scope from the first field it reads and must refuse a stranger before it
    /// reads the others; it calls [`Write::permit`] once it has them.
    pub(crate) fn check(&self, record: Owned) -> Result<(), WriteError> {
        if may_change(self.grants, scope_of(record)) { Ok(()) } else { Err(WriteError::NotPermitted) }
    }

    /// Lets the write go on if the actor may change `record` (its scope, then [`may_change`]):
    /// every write's first question. Refused, the write is dropped and rolled back.
    pub(crate) fn permit(self, record: Owned) -> Result<Permitted<'a>, WriteError> {
        self.check(record)?;
        Ok(Permitted { txn: self.txn.into_inner(), actor: self.actor })
    }
}

impl Permitted<'_> {
    /// The write's transaction.
    pub(crate) fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Appends an event to the trail in the write's transaction (a write with more than one
    /// thing to tell; the last goes with [`Permitted::commit`]).
    pub(crate) async fn record(&self, event: Event) -> Result<(), StoreError> {
        append(&self.txn, entry(self.actor, event)).await
    }

    /// Appends the write's (last) event and commits.
    pub(crate) async fn commit(self, event: Event) -> Result<(), StoreError> {
        append(&self.txn, entry(self.actor, event)).await?;
        self.txn.commit().await?;
        Ok(())
    }
}

fn entry(actor: &str, e: Event) -> AuditEntry {
    AuditEntry {
        actor: actor.to_owned(),
        action: e.action.to_owned(),
        entity: e.entity.to_owned(),
        entity_id: Some(e.id),
        before: e.before,
        after: e.after,
    }
}

/// Opens a write's transaction and takes the writers' lock first (by raising the data version),
/// so that on SQLite a write that reads before it writes waits its turn instead of failing on a
/// stale snapshot, and on PostgreSQL writers queue in commit order.
async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, StoreError> {
    let txn = db.begin().await?;
    bump_data_version(&txn).await?;
    Ok(txn)
}

/// Appends `entry` to the trail inside `txn`, the write's own transaction, and raises the data
/// version (the cached totals rely on it). It takes the writers' lock itself before it reads the
/// end of the chain, so concurrent writers cannot fork it.
async fn append(txn: &DatabaseTransaction, entry: AuditEntry) -> Result<(), StoreError> {
    // First: this takes the write lock that queues concurrent writers (see `crate::audit`).
    bump_data_version(txn).await?;
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
    seal(&mut event)?;
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
