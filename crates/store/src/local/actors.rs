//! An area's actor map (*aktörskarta*, issue 14), shaped after HSDS 3: an actor is an
//! organisation (`structure::organisations`) with its services; a service is recorded by one
//! area's map (whose coordinators change it) and serves one or more areas. Its reads: the map of
//! an area (the services serving it whose organisation is valid on the date, in Swedish order,
//! paged in SQL, by category and sector), its count per category, the services not checked for
//! twelve months, and one service. Its writes are in `actors_write` and `actors_import`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use samverkan_domain::local::actor_csv::ActorRow;
use samverkan_domain::local::actor_map::due_if_checked_on_or_before;
use samverkan_domain::local::actors::{Sector, ServiceCategory, ServiceStatus};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::entity::{area, organisation, service, service_area, user};
use crate::error::StoreError;
use crate::read::{Page, Paged, Ref, corrupt, unique, valid_at};
use crate::store::Store;

/// A service on an area's actor map, with the organisation that provides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: i32,
    /// The actor: the organisation that provides it.
    pub organisation: Ref,
    /// The area whose map recorded it; its coordinators change it.
    pub area: Ref,
    pub name: String,
    pub category: ServiceCategory,
    pub sector: Sector,
    pub status: ServiceStatus,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    /// A functional mailbox.
    pub email: Option<String>,
    pub hsa_id: Option<String>,
    /// The contact function (a role).
    pub contact_role: Option<String>,
    pub verified_on: Option<NaiveDate>,
    /// Who last checked it: the account's e-mail address (personal data: for signed-in eyes).
    pub verified_by: Option<String>,
    /// The areas it serves, its own among them, in Swedish order.
    pub areas: Vec<Ref>,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

impl Service {
    /// The service as a row of the area's list (`samverkan_domain::local::actor_csv`).
    pub fn row(&self) -> ActorRow {
        ActorRow {
            name: self.name.clone(),
            category: self.category,
            sector: self.sector,
            status: self.status,
            address: self.address.clone(),
            phone: self.phone.clone(),
            web: self.web.clone(),
            email: self.email.clone(),
            hsa_id: self.hsa_id.clone(),
            contact_role: self.contact_role.clone(),
            checked_on: self.verified_on,
        }
    }
}

/// A service's form is filled from its row (the areas it serves from `service_areas`).
impl crate::fields::Stored for samverkan_domain::commands::ServiceDetails {
    type Entity = service::Entity;
}

/// Which services of a map to show: of one category, of one sector (none: all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActorFilter {
    pub category: Option<ServiceCategory>,
    pub sector: Option<Sector>,
}

/// A stored service as a row of the list, as an import compares it.
pub(crate) fn stored_row(s: &service::Model) -> Result<ActorRow, StoreError> {
    Ok(ActorRow {
        name: s.name.clone(),
        category: ServiceCategory::parse(&s.category).map_err(corrupt)?,
        sector: Sector::parse(&s.sector).map_err(corrupt)?,
        status: ServiceStatus::parse(&s.status).map_err(corrupt)?,
        address: s.address.clone(),
        phone: s.phone.clone(),
        web: s.web.clone(),
        email: s.email.clone(),
        hsa_id: s.hsa_id.clone(),
        contact_role: s.contact_role.clone(),
        checked_on: s.verified_on,
    })
}

/// The ids of the services serving `area_id`.
pub(crate) fn serving(area_id: i32) -> SelectStatement {
    Query::select()
        .column(service_area::Column::ServiceId)
        .from(service_area::Entity)
        .and_where(service_area::Column::AreaId.eq(area_id))
        .to_owned()
}

/// The services of the area's map that are due for a check on `at`.
fn due_on_map(area_id: i32, at: NaiveDate) -> Select<service::Entity> {
    let due = Condition::any()
        .add(service::Column::VerifiedOn.is_null())
        .add(service::Column::VerifiedOn.lte(due_if_checked_on_or_before(at)));
    filtered(on_map(area_id, at).filter(due), ActorFilter::default())
}

/// The services on `area_id`'s map on `at`: serving the area, their organisation valid that day.
fn on_map(area_id: i32, at: NaiveDate) -> Select<service::Entity> {
    // Correlated, so that each service looks up its one organisation by key: a list of every
    // valid organisation's id would be built (60,000 at national scale) on every read.
    let its_organisation_valid = Query::select()
        .expr(Expr::val(1))
        .from(organisation::Entity)
        .and_where(
            Expr::col((organisation::Entity, organisation::Column::Id))
                .equals((service::Entity, service::Column::OrganisationId)),
        )
        .cond_where(valid_at(organisation::Column::ValidFrom, organisation::Column::ValidTo, at))
        .to_owned();
    service::Entity::find()
        .filter(service::Column::Id.in_subquery(serving(area_id)))
        .filter(Expr::exists(its_organisation_valid))
}

fn filtered(select: Select<service::Entity>, filter: ActorFilter) -> Select<service::Entity> {
    let mut condition = Condition::all();
    if let Some(c) = filter.category {
        condition = condition.add(service::Column::Category.eq(c.code()));
    }
    if let Some(s) = filter.sector {
        condition = condition.add(service::Column::Sector.eq(s.code()));
    }
    select.filter(condition).order_by_asc(service::Column::SortKey).order_by_asc(service::Column::Id)
}

impl Store {
    /// The map of an area on `at` (see [`on_map`]), of a category and sector when the filter
    /// says, in Swedish order, one page of it.
    pub async fn area_actors(
        &self,
        area_id: i32,
        at: NaiveDate,
        filter: ActorFilter,
        page: Page,
    ) -> Result<Paged<Service>, StoreError> {
        let select = filtered(on_map(area_id, at), filter);
        let (rows, total) = self.paged(select, page, (service::Column::Id, service::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: self.to_services(rows).await?, total })
    }

    /// How many services of each category an area's map has on `at`, in the categories' order;
    /// the categories it has none of are left out.
    pub async fn area_actor_counts(
        &self,
        area_id: i32,
        at: NaiveDate,
    ) -> Result<Vec<(ServiceCategory, u64)>, StoreError> {
        // Kept per data version: it reads every service of the map, on its page and the area's.
        self.counts
            .derived(&self.db, "actor counts", format!("{area_id} {at}"), || self.area_actor_counts_on(area_id, at))
            .await
    }

    async fn area_actor_counts_on(
        &self,
        area_id: i32,
        at: NaiveDate,
    ) -> Result<Vec<(ServiceCategory, u64)>, StoreError> {
        let counted: Vec<(String, i64)> = on_map(area_id, at)
            .select_only()
            .column(service::Column::Category)
            .column_as(service::Column::Id.count(), "n")
            .group_by(service::Column::Category)
            .into_tuple()
            .all(&self.db)
            .await?;
        let counted: HashMap<String, i64> = counted.into_iter().collect();
        Ok(ServiceCategory::ALL
            .iter()
            .filter_map(|c| counted.get(c.code()).map(|n| (*c, u64::try_from(*n).unwrap_or(0))))
            .collect())
    }

    /// The services of an area's map on `at` that nobody has checked for twelve months
    /// (`samverkan_domain::local::actor_map::verification_due`), in Swedish order, one page.
    /// Kept per data version: the map's page shows it beside the list, and it changes only when
    /// the map does.
    pub async fn area_actors_due(&self, area_id: i32, at: NaiveDate, page: Page) -> Result<Paged<Service>, StoreError> {
        self.counts
            .derived(&self.db, "actors due", format!("{area_id} {at} {page:?}"), || {
                self.area_actors_due_on(area_id, at, page)
            })
            .await
    }

    async fn area_actors_due_on(&self, area_id: i32, at: NaiveDate, page: Page) -> Result<Paged<Service>, StoreError> {
        let select = due_on_map(area_id, at);
        let (rows, total) = self.paged(select, page, (service::Column::Id, service::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: self.to_services(rows).await?, total })
    }

    /// How many of the area's services are due for a check on `at`: the total of
    /// [`Store::area_actors_due`] without reading a row (cached by data version), for the
    /// area's page.
    pub async fn area_actors_due_count(&self, area_id: i32, at: NaiveDate) -> Result<u64, StoreError> {
        self.counts.count(&self.db, due_on_map(area_id, at)).await
    }

    /// One service, wherever it is recorded.
    pub async fn service(&self, id: i32) -> Result<Option<Service>, StoreError> {
        let Some(row) = service::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        Ok(self.to_services(vec![row]).await?.pop())
    }

    /// The areas a service serves, by id (its own among them).
    pub async fn service_area_ids(&self, id: i32) -> Result<Vec<i32>, StoreError> {
        Ok(service_area::Entity::find()
            .select_only()
            .column(service_area::Column::AreaId)
            .filter(service_area::Column::ServiceId.eq(id))
            .order_by_asc(service_area::Column::AreaId)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// Rows of `services` with their organisations, areas and checkers, in the rows' order.
    async fn to_services(&self, rows: Vec<service::Model>) -> Result<Vec<Service>, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i32> = rows.iter().map(|s| s.id).collect();
        // The areas served with their names, and the service's organisation's name, in one
        // query (a service's own area is among those it serves).
        let its_area = service_area::Entity::belongs_to(area::Entity)
            .from(service_area::Column::AreaId)
            .to(area::Column::Id)
            .into();
        let its_service = service_area::Entity::belongs_to(service::Entity)
            .from(service_area::Column::ServiceId)
            .to(service::Column::Id)
            .into();
        let its_organisation = service::Entity::belongs_to(organisation::Entity)
            .from(service::Column::OrganisationId)
            .to(organisation::Column::Id)
            .into();
        let served: Vec<(i32, i32, String, String, i32, String)> = service_area::Entity::find()
            .select_only()
            .column(service_area::Column::ServiceId)
            .column(service_area::Column::AreaId)
            .column(area::Column::Name)
            .column(area::Column::SortKey)
            .column(organisation::Column::Id)
            .column_as(organisation::Column::Name, "organisation_name")
            .join(JoinType::InnerJoin, its_area)
            .join(JoinType::InnerJoin, its_service)
            .join(JoinType::InnerJoin, its_organisation)
            .filter(service_area::Column::ServiceId.is_in(ids))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut areas: HashMap<i32, String> = HashMap::new();
        let mut organisations: HashMap<i32, String> = HashMap::new();
        let mut areas_of: BTreeMap<i32, Vec<(String, Ref)>> = BTreeMap::new();
        for (service_id, area_id, name, key, organisation_id, organisation_name) in served {
            areas.entry(area_id).or_insert_with(|| name.clone());
            organisations.entry(organisation_id).or_insert(organisation_name);
            areas_of.entry(service_id).or_default().push((key, Ref { id: area_id, name }));
        }
        let unnamed = unique(rows.iter().map(|s| s.area_id).filter(|id| !areas.contains_key(id)));
        areas.extend(self.area_names(unnamed).await?);
        let unnamed = unique(rows.iter().map(|s| s.organisation_id).filter(|id| !organisations.contains_key(id)));
        organisations.extend(self.organisation_names(unnamed).await?);
        let checked_by = unique(rows.iter().filter_map(|s| s.verified_by_user_id));
        let checkers: HashMap<i32, String> = if checked_by.is_empty() {
            HashMap::new()
        } else {
            user::Entity::find()
                .select_only()
                .column(user::Column::Id)
                .column(user::Column::Email)
                .filter(user::Column::Id.is_in(checked_by))
                .into_tuple::<(i32, String)>()
                .all(&self.db)
                .await?
                .into_iter()
                .collect()
        };
        rows.into_iter()
            .map(|s| {
                let row = stored_row(&s)?;
                let mut served = areas_of.remove(&s.id).unwrap_or_default();
                served.sort_by(|a, b| a.0.cmp(&b.0));
                let name_of = |id: i32| areas.get(&id).cloned().unwrap_or_default();
                Ok(Service {
                    id: s.id,
                    organisation: Ref {
                        id: s.organisation_id,
                        name: organisations.get(&s.organisation_id).cloned().unwrap_or_default(),
                    },
                    area: Ref { id: s.area_id, name: name_of(s.area_id) },
                    name: row.name,
                    category: row.category,
                    sector: row.sector,
                    status: row.status,
                    address: row.address,
                    phone: row.phone,
                    web: row.web,
                    email: row.email,
                    hsa_id: row.hsa_id,
                    contact_role: row.contact_role,
                    verified_on: s.verified_on,
                    verified_by: s.verified_by_user_id.and_then(|id| checkers.get(&id).cloned()),
                    areas: served.into_iter().map(|(_, r)| r).collect(),
                    synthetic: s.synthetic,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
