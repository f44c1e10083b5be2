//! How much there is: list totals for the start page and the lists, bodies per level, and the
//! ids of every record with a page of its own (the sitemap). Totals are counted once per data
//! version ([`crate::cache`]); the ids come from the listing indexes alone.

use chrono::NaiveDate;
use samverkan_domain::BodyLevel;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::body;
use crate::error::StoreError;
use crate::read::valid_at;
use crate::store::Store;

/// How much there is, for the start page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub parties: u64,
    pub areas: u64,
    pub bodies: u64,
    pub organisations: u64,
    pub sub_regions: u64,
}

/// The ids of the records with pages of their own, from [`Store::record_ids`].
#[derive(Debug, Clone, Default)]
pub struct RecordIds {
    pub parties: Vec<i32>,
    pub areas: Vec<i32>,
    pub bodies: Vec<i32>,
    pub functions: Vec<i32>,
    pub organisations: Vec<i32>,
    pub sub_regions: Vec<i32>,
}

impl Store {
    pub async fn counts(&self, at: NaiveDate) -> Result<Counts, StoreError> {
        use crate::entity::{area as a, body as b, organisation as o, party as p, sub_region as r};
        Ok(Counts {
            parties: self.count_valid::<p::Entity>(p::Column::ValidFrom, p::Column::ValidTo, at).await?,
            areas: self.count_valid::<a::Entity>(a::Column::ValidFrom, a::Column::ValidTo, at).await?,
            bodies: self.count_valid::<b::Entity>(b::Column::ValidFrom, b::Column::ValidTo, at).await?,
            organisations: self.count_valid::<o::Entity>(o::Column::ValidFrom, o::Column::ValidTo, at).await?,
            sub_regions: self.count_valid::<r::Entity>(r::Column::ValidFrom, r::Column::ValidTo, at).await?,
        })
    }

    /// How many rows of `E` are valid on `at` (cached by data version).
    async fn count_valid<E>(&self, from: E::Column, to: E::Column, at: NaiveDate) -> Result<u64, StoreError>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        self.counts.count(&self.db, E::find().filter(valid_at(from, to, at))).await
    }

    /// The ids of the rows of `E` valid on `at`, in list order.
    async fn ids_valid<E>(
        &self,
        (id, sort_key): (E::Column, E::Column),
        (from, to): (E::Column, E::Column),
        at: NaiveDate,
    ) -> Result<Vec<i32>, StoreError>
    where
        E: EntityTrait,
    {
        Ok(E::find()
            .select_only()
            .column(id)
            .filter(valid_at(from, to, at))
            .order_by_asc(sort_key)
            .order_by_asc(id)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// How many bodies there are on each level on `at`, in the order of [`BodyLevel::ALL`].
    pub async fn body_counts(&self, at: NaiveDate) -> Result<Vec<(BodyLevel, u64)>, StoreError> {
        let mut out = Vec::with_capacity(BodyLevel::ALL.len());
        for level in BodyLevel::ALL {
            let select = body::Entity::find().filter(body::Column::Level.eq(level.code())).filter(valid_at(
                body::Column::ValidFrom,
                body::Column::ValidTo,
                at,
            ));
            out.push((*level, self.counts.count(&self.db, select).await?));
        }
        Ok(out)
    }

    /// The ids of the records that have a page of their own and are valid on `at`: parties,
    /// areas, bodies, functions, organisations and sub-regions, each in their list order. Ids
    /// only, on the listing indexes: cheap enough for a sitemap at national scale.
    pub async fn record_ids(&self, at: NaiveDate) -> Result<RecordIds, StoreError> {
        use crate::entity::{area as a, body as b, function as f, organisation as o, party as p, sub_region as r};
        Ok(RecordIds {
            parties: self
                .ids_valid::<p::Entity>(
                    (p::Column::Id, p::Column::SortKey),
                    (p::Column::ValidFrom, p::Column::ValidTo),
                    at,
                )
                .await?,
            areas: self
                .ids_valid::<a::Entity>(
                    (a::Column::Id, a::Column::SortKey),
                    (a::Column::ValidFrom, a::Column::ValidTo),
                    at,
                )
                .await?,
            bodies: self
                .ids_valid::<b::Entity>(
                    (b::Column::Id, b::Column::SortKey),
                    (b::Column::ValidFrom, b::Column::ValidTo),
                    at,
                )
                .await?,
            functions: self
                .ids_valid::<f::Entity>(
                    (f::Column::Id, f::Column::SortKey),
                    (f::Column::ValidFrom, f::Column::ValidTo),
                    at,
                )
                .await?,
            organisations: self
                .ids_valid::<o::Entity>(
                    (o::Column::Id, o::Column::SortKey),
                    (o::Column::ValidFrom, o::Column::ValidTo),
                    at,
                )
                .await?,
            sub_regions: self
                .ids_valid::<r::Entity>(
                    (r::Column::Id, r::Column::SortKey),
                    (r::Column::ValidFrom, r::Column::ValidTo),
                    at,
                )
                .await?,
        })
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
