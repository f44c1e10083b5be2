//! Totals of long lists, cached by data version.
//!
//! Counting the rows valid on a date reads every one of them (B-trees keep no counts), which at
//! national scale costs more than the page it is shown on. The totals change only when data does,
//! and every write raises `data_version` in its own transaction; so a total is kept with the
//! version it was counted at and used while the version stands. Reading the version is one
//! primary-key lookup. Several instances on one database stay correct: each compares with the
//! version in the database, not with its own memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryTrait, Select};

use crate::StoreError;
use crate::entity::data_version;

/// At most this many totals are kept (one per list, filter and date asked for); past it the
/// cache starts over.
const CAPACITY: usize = 4096;

#[derive(Debug, Default, Clone)]
pub(crate) struct CountCache {
    inner: Arc<Mutex<CacheState>>,
}

#[derive(Debug, Default)]
struct CacheState {
    version: Option<i64>,
    totals: HashMap<String, u64>,
}

/// The current data version.
pub(crate) async fn data_version(db: &impl ConnectionTrait) -> Result<i64, StoreError> {
    Ok(data_version::Entity::find_by_id(1).one(db).await?.map_or(0, |row| row.version))
}

/// Raises the data version; call inside the transaction that writes.
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
    pub(crate) async fn count<E>(&self, db: &DatabaseConnection, select: Select<E>) -> Result<u64, StoreError>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        let key = select.build(db.get_database_backend()).to_string();
        let version = data_version(db).await?;
        if let Some(total) = self.lookup(version, &key) {
            return Ok(total);
        }
        // Filed under the version read *before* counting: a write landing meanwhile raises the
        // version, so the next reader recounts rather than trusting a total from before it.
        let total = select.count(db).await?;
        self.store(version, key, total);
        Ok(total)
    }

    fn lookup(&self, version: i64, key: &str) -> Option<u64> {
        let state = self.inner.lock().ok()?;
        if state.version == Some(version) { state.totals.get(key).copied() } else { None }
    }

    fn store(&self, version: i64, key: String, total: u64) {
        let Ok(mut state) = self.inner.lock() else { return };
        if state.version != Some(version) || state.totals.len() >= CAPACITY {
            // Only the newest version is worth keeping; an older one is never asked for again.
            if state.version.is_some_and(|v| v > version) {
                return;
            }
            state.version = Some(version);
            state.totals.clear();
        }
        state.totals.insert(key, total);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::{Page, Store};

    #[tokio::test]
    async fn a_total_is_counted_again_after_a_write() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display())).await.unwrap();
        store.migrate().await.unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let one = Page::first(1);
        assert_eq!(store.parties(day, one).await.unwrap().total, 0);
        assert_eq!(store.counts(day).await.unwrap().parties, 0, "and now it is cached");
        // A write in another connection (as from another instance) raises the data version.
        store.seed_reference_data().await.unwrap();
        assert_eq!(store.parties(day, one).await.unwrap().total, 27);
        assert_eq!(store.counts(day).await.unwrap().parties, 27);
        assert_eq!(store.counts(day).await.unwrap().areas, 38);
    }
}
