//! Totals of long lists, and values derived from many rows (the agreements' statuses), cached by
//! data version.
//!
//! Counting the rows valid on a date reads every one of them (B-trees keep no counts), which at
//! national scale costs more than the page it is shown on. The totals change only when data does,
//! and every write raises `data_version` in its own transaction; so a total is kept with the
//! version it was counted at and used while the version stands. Reading the version is one
//! primary-key lookup. Several instances on one database stay correct: each compares with the
//! version in the database, not with its own memory.
//!
//! The same holds for any value computed from the database alone ([`CountCache::derived`]): the
//! agreements' list with each status derived from its facts, one agreement whole, an area's
//! participation, keyed by what they are asked for (the date among it). They go with the totals
//! when the version moves. Each kind of value has its own bound, so that many of one kind (an
//! area's participation for every area, a page for every `?at=` date) never push out another.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QuerySelect, QueryTrait, Select};

use crate::db::Db;
use crate::entity::data_version;
use crate::error::StoreError;

/// At most this many totals are kept (one per list, filter and date asked for); past it the
/// cache starts over.
const CAPACITY: usize = 4096;

/// At most this many derived values of each kind are kept (an agreement whole is some hundred kB
/// at national scale: this bounds a kind to a few MB); past it that kind starts over.
const VALUES_PER_KIND: usize = 64;

#[derive(Debug, Default, Clone)]
pub(crate) struct CountCache {
    inner: Arc<Mutex<CacheState>>,
}

#[derive(Debug, Default)]
struct CacheState {
    version: Option<i64>,
    totals: HashMap<String, u64>,
    /// By kind, then by key.
    values: HashMap<&'static str, HashMap<String, Arc<dyn Any + Send + Sync>>>,
}

tokio::task_local! {
    /// The data version a request was answered at, read once when it began
    /// ([`crate::Store::answering_at`]): its cached reads use it rather than each reading the
    /// version again (the start page made eight such reads).
    static ANSWERING_AT: i64;
}

/// The version the cached reads go by: the one the request began at, when it said, or the
/// current one. Either was read before anything it files is computed, which is all the
/// cache's rule asks ([`CountCache::count`]).
async fn version_for_reads(db: &impl ConnectionTrait) -> Result<i64, StoreError> {
    match ANSWERING_AT.try_with(|v| *v) {
        Ok(version) => Ok(version),
        Err(_) => data_version(db).await,
    }
}

/// Runs `answer` with `version` (just read by [`data_version`]) as the version its cached reads
/// go by.
pub(crate) async fn answering_at<F: Future>(version: i64, answer: F) -> F::Output {
    ANSWERING_AT.scope(version, answer).await
}

/// The current data version.
pub(crate) async fn data_version(db: &impl ConnectionTrait) -> Result<i64, StoreError> {
    // The version alone: every cached read asks for it, so it is kept to one narrow row.
    let version: Option<i64> = data_version::Entity::find_by_id(1)
        .select_only()
        .column(data_version::Column::Version)
        .into_tuple()
        .one(db)
        .await?;
    Ok(version.unwrap_or(0))
}

/// Raises the data version; call inside the transaction that writes (the write path does:
/// [`crate::write`]).
pub(crate) async fn bump_data_version(txn: &impl ConnectionTrait) -> Result<(), StoreError> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let update = Query::update()
        .table(data_version::Entity)
        .value(data_version::Column::Version, Expr::col(data_version::Column::Version).add(1))
        .and_where(Expr::col(data_version::Column::Id).eq(1))
        .to_owned();
    let result = txn.execute(&update).await?;
    if result.rows_affected() != 1 {
        // Without the row, caches would never learn of writes and writers would not queue.
        return Err(StoreError::Corrupt("the data_version row is missing".to_owned()));
    }
    Ok(())
}

impl CountCache {
    /// The number of rows `select` finds, from the cache when the data has not changed since.
    pub(crate) async fn count<E>(&self, db: &Db, select: Select<E>) -> Result<u64, StoreError>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        let key = select.build(db.get_database_backend()).to_string();
        let version = version_for_reads(db).await?;
        if let Some(total) = self.lookup(version, &key) {
            return Ok(total);
        }
        // Filed under the version read *before* counting: a write landing meanwhile raises the
        // version, so the next reader recounts rather than trusting a total from before it.
        let total = select.count(db).await?;
        self.store(version, key, total);
        Ok(total)
    }

    /// The value `compute` makes, from the cache when the data has not changed since it was made
    /// under the same `kind` and `key`. `kind` names the function, `key` everything else the value
    /// depends on besides the data (its arguments: `"3 2026-06-01"`).
    pub(crate) async fn derived<T, F, Fut>(
        &self,
        db: &Db,
        kind: &'static str,
        key: String,
        compute: F,
    ) -> Result<T, StoreError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        let version = version_for_reads(db).await?;
        if let Some(value) = self.lookup_value::<T>(version, kind, &key) {
            return Ok(value);
        }
        // As for totals: filed under the version read before computing.
        let value = compute().await?;
        self.store_value(version, kind, key, Arc::new(value.clone()));
        Ok(value)
    }

    fn lookup_value<T: Clone + 'static>(&self, version: i64, kind: &str, key: &str) -> Option<T> {
        let state = self.inner.lock().ok()?;
        if state.version != Some(version) {
            return None;
        }
        state.values.get(kind)?.get(key)?.downcast_ref::<T>().cloned()
    }

    fn store_value(&self, version: i64, kind: &'static str, key: String, value: Arc<dyn Any + Send + Sync>) {
        let Ok(mut state) = self.inner.lock() else { return };
        if !state.move_to(version) {
            return;
        }
        let values = state.values.entry(kind).or_default();
        if values.len() >= VALUES_PER_KIND {
            values.clear();
        }
        values.insert(key, value);
    }

    fn lookup(&self, version: i64, key: &str) -> Option<u64> {
        let state = self.inner.lock().ok()?;
        if state.version == Some(version) { state.totals.get(key).copied() } else { None }
    }

    fn store(&self, version: i64, key: String, total: u64) {
        let Ok(mut state) = self.inner.lock() else { return };
        if !state.move_to(version) {
            return;
        }
        if state.totals.len() >= CAPACITY {
            state.totals.clear();
        }
        state.totals.insert(key, total);
    }
}

impl CacheState {
    /// Makes `version` the cache's version, forgetting what was kept for another; false if the
    /// cache already holds a newer one (an older version is never asked for again).
    fn move_to(&mut self, version: i64) -> bool {
        match self.version {
            Some(v) if v == version => true,
            Some(v) if v > version => false,
            _ => {
                self.version = Some(version);
                self.totals.clear();
                self.values.clear();
                true
            }
        }
    }
}
