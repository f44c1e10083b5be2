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
//! agreements' list with each status derived from its facts, and one agreement whole, keyed by
//! what they are asked for (the date among it). They go with the totals when the version moves.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QuerySelect, QueryTrait, Select};

use crate::StoreError;
use crate::entity::data_version;

/// At most this many totals are kept (one per list, filter and date asked for); past it the
/// cache starts over.
const CAPACITY: usize = 4096;

/// At most this many derived values are kept (an agreement whole is some hundred kB at national
/// scale: this bounds the cache to a few tens of MB); past it they start over.
const VALUES_CAPACITY: usize = 128;

#[derive(Debug, Default, Clone)]
pub(crate) struct CountCache {
    inner: Arc<Mutex<CacheState>>,
}

#[derive(Debug, Default)]
struct CacheState {
    version: Option<i64>,
    totals: HashMap<String, u64>,
    values: HashMap<String, Arc<dyn Any + Send + Sync>>,
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

    /// The value `compute` makes, from the cache when the data has not changed since it was made
    /// under the same `key`. `key` must name everything the value depends on besides the data
    /// (the function and its arguments: `"agreement 3 2026-06-01"`).
    pub(crate) async fn derived<T, F, Fut>(
        &self,
        db: &DatabaseConnection,
        key: String,
        compute: F,
    ) -> Result<T, StoreError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        let version = data_version(db).await?;
        if let Some(value) = self.lookup_value::<T>(version, &key) {
            return Ok(value);
        }
        // As for totals: filed under the version read before computing.
        let value = compute().await?;
        self.store_value(version, key, Arc::new(value.clone()));
        Ok(value)
    }

    fn lookup_value<T: Clone + 'static>(&self, version: i64, key: &str) -> Option<T> {
        let state = self.inner.lock().ok()?;
        if state.version != Some(version) {
            return None;
        }
        state.values.get(key)?.downcast_ref::<T>().cloned()
    }

    fn store_value(&self, version: i64, key: String, value: Arc<dyn Any + Send + Sync>) {
        let Ok(mut state) = self.inner.lock() else { return };
        if !state.move_to(version) {
            return;
        }
        if state.values.len() >= VALUES_CAPACITY {
            state.values.clear();
        }
        state.values.insert(key, value);
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

    /// The agreements' statuses, an agreement whole and a version's parties are kept per data
    /// version: a decision recorded shows at once in all three places it changes.
    #[tokio::test]
    async fn agreements_are_derived_again_after_a_write() {
        use samverkan_domain::{Grant, Input, Role};
        let (store, _dir) = crate::test_support::test_store("derived_cache").await;
        store.load_demo_data(crate::Scale::County, 7, &|_| {}).await.unwrap();
        let on = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let list = store.agreements(on).await.unwrap();
        let being_adopted =
            |a: &crate::AgreementSummary| a.status.as_ref().is_some_and(|s| s.state.code() == "being_adopted");
        let a = list.iter().find(|a| being_adopted(a)).unwrap();
        let adopted = a.status.as_ref().unwrap().adopted;
        let detail = store.agreement(a.id, on).await.unwrap().unwrap();
        let version = &detail.versions[0];
        let (parties, _) = store.version_parties(version.id, on).await.unwrap();
        let undecided = parties.iter().find(|p| version.decisions.iter().all(|d| d.party.id != p.id)).unwrap();
        // Asked again with nothing written, the same answers (now from the cache).
        assert_eq!(store.agreements(on).await.unwrap(), list);
        assert_eq!(store.agreement(a.id, on).await.unwrap().as_ref(), Some(&detail));

        let admin = crate::Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
        let decision = serde_json::json!({
            "party_id": undecided.id, "deciding_body": "Kommunfullmäktige", "decided_on": "2026-05-01",
            "outcome": "adopted",
        });
        store.record_decision(&admin, version.id, Input::from_json(decision).unwrap()).await.unwrap();

        let list = store.agreements(on).await.unwrap();
        let status = list.iter().find(|x| x.id == a.id).unwrap().status.clone().unwrap();
        assert_eq!(status.adopted, adopted + 1, "the list derives the status again");
        let again = store.agreement(a.id, on).await.unwrap().unwrap();
        assert_eq!(again.versions[0].decisions.len(), version.decisions.len() + 1, "the agreement is read again");
        assert_eq!(again.summary.status.unwrap().adopted, adopted + 1);

        // A new agreement, without a version, joins the list.
        let input = Input::from_json(serde_json::json!({
            "title": "Ny överenskommelse", "kind": "subject_area", "target_groups": ["elderly"],
        }))
        .unwrap();
        let id = store.create_agreement(&admin, input).await.unwrap();
        let list = store.agreements(on).await.unwrap();
        assert!(list.iter().any(|x| x.id == id && x.status.is_none()));
        assert!(store.agreement(id, on).await.unwrap().is_some());
    }
}
