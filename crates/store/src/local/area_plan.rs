//! The reads of an area's local area plan (*närområdesplan*, issue 15): its entries as they
//! stood on a date (each entry's revision and last review then), whether each is stale and when
//! it is next reviewed (the rules are `samverkan_domain::local::area_plan`), how current the
//! plan is, and a coordinator's list of what to review next, soonest first.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use samverkan_domain::local::area_plan::{EntryState, currency};
use samverkan_domain::{Grant, Role, swedish_cmp};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{area, area_plan_entry, area_plan_review, area_plan_revision, organisation, service};
use crate::error::StoreError;
use crate::local::meetings::of_area_map;
use crate::read::Ref;
use crate::store::Store;

/// A review of an entry.
#[derive(Debug, Clone)]
pub struct PlanReview {
    pub id: i32,
    pub reviewed_on: NaiveDate,
    pub reviewed_by: String,
    pub changes: String,
}

/// An entry of the plan as it stood on a date.
#[derive(Debug, Clone)]
pub struct AreaPlanEntry {
    pub id: i32,
    pub area: Ref,
    pub responsibility: String,
    pub organisation: Ref,
    /// Whether the organisation is active on the date.
    pub organisation_active: bool,
    pub contact_function: String,
    pub review_interval_months: u32,
    /// The day it was added to the plan.
    pub valid_from: NaiveDate,
    /// The day what it says took effect (its latest change by then).
    pub changed_on: NaiveDate,
    pub last_review: Option<PlanReview>,
    pub next_review: NaiveDate,
    pub stale: bool,
    pub synthetic: bool,
}

/// An area's plan on a date.
#[derive(Debug, Clone)]
pub struct AreaPlan {
    pub area: Ref,
    pub on: NaiveDate,
    /// In Swedish order of their areas of responsibility.
    pub entries: Vec<AreaPlanEntry>,
    pub stale: usize,
    /// The share of entries current, in whole percent; `None` with no entry.
    pub currency: Option<u8>,
}

fn active(o: &organisation::Model, on: NaiveDate) -> bool {
    o.valid_from.is_none_or(|f| f <= on) && o.valid_to.is_none_or(|t| t >= on)
}

/// The entries' state on `on`, from their rows (entries added by then only).
async fn entries_on(
    db: &impl ConnectionTrait,
    rows: Vec<area_plan_entry::Model>,
    on: NaiveDate,
) -> Result<Vec<AreaPlanEntry>, StoreError> {
    let rows: Vec<_> = rows.into_iter().filter(|e| e.valid_from <= on).collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = rows.iter().map(|e| e.id).collect();
    let mut revisions: HashMap<i32, area_plan_revision::Model> = HashMap::new();
    for r in area_plan_revision::Entity::find()
        .filter(area_plan_revision::Column::EntryId.is_in(ids.clone()))
        .filter(area_plan_revision::Column::ValidFrom.lte(on))
        .order_by_asc(area_plan_revision::Column::ValidFrom)
        .order_by_asc(area_plan_revision::Column::Id)
        .all(db)
        .await?
    {
        revisions.insert(r.entry_id, r);
    }
    let mut reviews: HashMap<i32, area_plan_review::Model> = HashMap::new();
    for r in area_plan_review::Entity::find()
        .filter(area_plan_review::Column::EntryId.is_in(ids))
        .filter(area_plan_review::Column::ReviewedOn.lte(on))
        .order_by_asc(area_plan_review::Column::ReviewedOn)
        .order_by_asc(area_plan_review::Column::Id)
        .all(db)
        .await?
    {
        reviews.insert(r.entry_id, r);
    }
    let org_ids: BTreeSet<i32> = revisions.values().map(|r| r.organisation_id).collect();
    let orgs: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let area_ids: BTreeSet<i32> = rows.iter().map(|e| e.area_id).collect();
    let areas: HashMap<i32, String> = area::Entity::find()
        .filter(area::Column::Id.is_in(area_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        let Some(rev) = revisions.remove(&e.id) else { continue };
        let org = orgs.get(&rev.organisation_id);
        let review = reviews.remove(&e.id).map(|r| PlanReview {
            id: r.id,
            reviewed_on: r.reviewed_on,
            reviewed_by: r.reviewed_by,
            changes: r.changes,
        });
        let state = EntryState {
            since: review.as_ref().map_or(e.valid_from, |r| r.reviewed_on),
            months: u32::try_from(rev.review_interval_months).unwrap_or(12),
            organisation_active: org.is_some_and(|o| active(o, on)),
        };
        out.push(AreaPlanEntry {
            id: e.id,
            area: Ref { id: e.area_id, name: areas.get(&e.area_id).cloned().unwrap_or_default() },
            responsibility: rev.responsibility,
            organisation: Ref { id: rev.organisation_id, name: org.map(|o| o.name.clone()).unwrap_or_default() },
            organisation_active: state.organisation_active,
            contact_function: rev.contact_function,
            review_interval_months: state.months,
            valid_from: e.valid_from,
            changed_on: rev.valid_from,
            last_review: review,
            next_review: state.next_review(),
            stale: state.is_stale(on),
            synthetic: e.synthetic,
        });
    }
    Ok(out)
}

/// Whose entries a review list reads.
enum Reviewer {
    /// A process leader: every area's.
    Everywhere,
    /// The areas they coordinate and those of the parties they edit (`may_change` on an area's
    /// scope): a few areas.
    Areas(Vec<i32>),
}

/// The areas `grants` may change; `None` for none.
async fn reviewer(db: &impl ConnectionTrait, grants: &[Grant]) -> Result<Option<Reviewer>, StoreError> {
    if grants.iter().any(|g| g.role == Role::Admin) {
        return Ok(Some(Reviewer::Everywhere));
    }
    let mut areas: BTreeSet<i32> =
        grants.iter().filter(|g| g.role == Role::AreaCoordinator).filter_map(|g| g.area_id).collect();
    let parties: Vec<i32> = grants.iter().filter(|g| g.role == Role::PartyEditor).filter_map(|g| g.party_id).collect();
    if !parties.is_empty() {
        areas.extend(
            area::Entity::find()
                .select_only()
                .column(area::Column::Id)
                .filter(area::Column::PartyId.is_in(parties))
                .into_tuple::<i32>()
                .all(db)
                .await?,
        );
    }
    Ok((!areas.is_empty()).then(|| Reviewer::Areas(areas.into_iter().collect())))
}

fn states(entries: &[AreaPlanEntry]) -> Vec<EntryState> {
    entries
        .iter()
        .map(|e| EntryState {
            since: e.last_review.as_ref().map_or(e.valid_from, |r| r.reviewed_on),
            months: e.review_interval_months,
            organisation_active: e.organisation_active,
        })
        .collect()
}

impl Store {
    /// An area's local area plan as it stood on `on`; `None` when there is no such area.
    pub async fn area_plan(&self, area_id: i32, on: NaiveDate) -> Result<Option<AreaPlan>, StoreError> {
        let Some(a) = area::Entity::find_by_id(area_id).one(&self.db).await? else { return Ok(None) };
        let rows =
            area_plan_entry::Entity::find().filter(area_plan_entry::Column::AreaId.eq(area_id)).all(&self.db).await?;
        let mut entries = entries_on(&self.db, rows, on).await?;
        entries.sort_by(|x, y| swedish_cmp(&x.responsibility, &y.responsibility).then(x.id.cmp(&y.id)));
        let stale = entries.iter().filter(|e| e.stale).count();
        let currency = currency(&states(&entries), on);
        Ok(Some(AreaPlan { area: Ref { id: a.id, name: a.name }, on, entries, stale, currency }))
    }

    /// One entry of a plan as it stands on `on`, with all its reviews by then (newest first).
    pub async fn area_plan_entry(
        &self,
        id: i32,
        on: NaiveDate,
    ) -> Result<Option<(AreaPlanEntry, Vec<PlanReview>)>, StoreError> {
        let Some(row) = area_plan_entry::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        let Some(entry) = entries_on(&self.db, vec![row], on).await?.pop() else { return Ok(None) };
        let reviews = area_plan_review::Entity::find()
            .filter(area_plan_review::Column::EntryId.eq(id))
            .filter(area_plan_review::Column::ReviewedOn.lte(on))
            .order_by_desc(area_plan_review::Column::ReviewedOn)
            .order_by_desc(area_plan_review::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| PlanReview {
                id: r.id,
                reviewed_on: r.reviewed_on,
                reviewed_by: r.reviewed_by,
                changes: r.changes,
            })
            .collect();
        Ok(Some((entry, reviews)))
    }

    /// What a user holding `grants` is to review next: the entries of every area they may
    /// change, the soonest next review first (stale ones, overdue longest, at the top), at most
    /// `limit`. Read from the kept next review (an index, soonest first) and the entries whose
    /// organisation is not active today (found from those few organisations), so it does not
    /// grow with the country.
    pub async fn review_list(&self, grants: &[Grant], limit: usize) -> Result<Vec<AreaPlanEntry>, StoreError> {
        let today = self.clock.today();
        let rows = match reviewer(&self.db, grants).await? {
            None => return Ok(Vec::new()),
            // A few areas: all their entries, each area's through its index.
            Some(Reviewer::Areas(areas)) => {
                let mut rows = Vec::new();
                for chunk in areas.chunks(500) {
                    rows.extend(
                        area_plan_entry::Entity::find()
                            .filter(area_plan_entry::Column::AreaId.is_in(chunk.to_vec()))
                            .all(&self.db)
                            .await?,
                    );
                }
                rows
            }
            // The whole country: the soonest `limit` by the kept next review, and the entries of
            // the organisations not active today (few: found through their periods' indexes).
            Some(Reviewer::Everywhere) => {
                let mut rows = area_plan_entry::Entity::find()
                    .filter(area_plan_entry::Column::NextReviewOn.is_not_null())
                    .order_by_asc(area_plan_entry::Column::NextReviewOn)
                    .order_by_asc(area_plan_entry::Column::AreaId)
                    .order_by_asc(area_plan_entry::Column::Id)
                    .limit(u64::try_from(limit).unwrap_or(u64::MAX))
                    .all(&self.db)
                    .await?;
                // One query per end of the period, each through its own index (an OR of the
                // two made SQLite read every organisation).
                let ended = Query::select()
                    .column(organisation::Column::Id)
                    .from(organisation::Entity)
                    .and_where(organisation::Column::ValidTo.lt(today))
                    .to_owned();
                let not_yet = Query::select()
                    .column(organisation::Column::Id)
                    .from(organisation::Entity)
                    .and_where(organisation::Column::ValidFrom.gt(today))
                    .to_owned();
                let mut inactive = Vec::new();
                for organisations in [ended, not_yet] {
                    inactive.extend(
                        area_plan_entry::Entity::find()
                            .filter(area_plan_entry::Column::OrganisationId.in_subquery(organisations))
                            .all(&self.db)
                            .await?,
                    );
                }
                let seen: BTreeSet<i32> = rows.iter().map(|e| e.id).collect();
                rows.extend(inactive.into_iter().filter(|e| !seen.contains(&e.id)));
                rows
            }
        };
        let mut entries = entries_on(&self.db, rows, today).await?;
        entries.sort_by(|x, y| {
            (!x.stale, x.next_review, x.area.id, x.id).cmp(&(!y.stale, y.next_review, y.area.id, y.id))
        });
        entries.truncate(limit);
        Ok(entries)
    }

    /// One review and the entry it is of.
    pub async fn area_plan_review(&self, id: i32) -> Result<Option<(i32, PlanReview)>, StoreError> {
        Ok(area_plan_review::Entity::find_by_id(id).one(&self.db).await?.map(|r| {
            (
                r.entry_id,
                PlanReview { id: r.id, reviewed_on: r.reviewed_on, reviewed_by: r.reviewed_by, changes: r.changes },
            )
        }))
    }

    /// The organisations of the actors of an area's map, in Swedish order: those an entry of
    /// its plan may name.
    pub async fn area_map_organisations(&self, area_id: i32) -> Result<Vec<Ref>, StoreError> {
        let ids: BTreeSet<i32> = service::Entity::find()
            .select_only()
            .column(service::Column::OrganisationId)
            .filter(of_area_map(area_id))
            .into_tuple::<i32>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let mut out: Vec<Ref> = Vec::new();
        let ids: Vec<i32> = ids.into_iter().collect();
        for chunk in ids.chunks(500) {
            out.extend(
                organisation::Entity::find()
                    .filter(organisation::Column::Id.is_in(chunk.to_vec()))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|o| Ref { id: o.id, name: o.name }),
            );
        }
        out.sort_by(|a, b| swedish_cmp(&a.name, &b.name).then(a.id.cmp(&b.id)));
        Ok(out)
    }
}

#[cfg(test)]
#[path = "area_plan_tests.rs"]
mod tests;
