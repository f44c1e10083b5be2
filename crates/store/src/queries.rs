//! Read queries over the collaboration structure, each answering "as things stood on a date".
//!
//! Relations are resolved with a few batched queries (`WHERE id IN (…)`) rather than one query per
//! row, so a page costs the same handful of statements at county and national scale.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::{
    BodyKind, BodyLevel, FunctionKind, MembershipRole, OrganisationKind, PartyKind, Period, swedish_cmp,
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::entity::{
    appointment, area, area_administration, body, function, membership, organisation, party, party_shape, person,
    sub_region, sub_region_member,
};
use crate::{Store, StoreError};

/// An id and a name: enough to show and link a related record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub id: i32,
    pub name: String,
}

/// A party (*part*): one of the 26 municipalities or Region Stockholm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub id: i32,
    pub kind: PartyKind,
    pub code: String,
    pub name: String,
    pub period: Period,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: i32,
    pub name: String,
    pub kind: OrganisationKind,
    pub party: Option<Ref>,
    pub period: Period,
    pub replaced_by: Option<Ref>,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

/// A local collaboration area (*närområde*) and its municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub id: i32,
    pub name: String,
    pub party_id: i32,
    pub municipality_code: String,
    pub municipality_name: String,
    pub period: Period,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

/// Who holds a function during a period (*uppdrag*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub appointment_id: i32,
    pub function: Ref,
    pub function_kind: FunctionKind,
    pub organisation: Ref,
    pub person: Option<Person>,
    pub period: Period,
    pub basis: Option<String>,
    pub on_behalf_of: Option<Ref>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i32,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The party that recorded the person, whose editors may correct them.
    pub party_id: Option<i32>,
}

/// An area with the holders of its coordinating functions on the date asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSummary {
    pub area: Area,
    /// Current holders of the area's functions, one per function.
    pub coordination: Vec<Holding>,
}

impl AreaSummary {
    /// The coordinating health centre (*samordnande vårdcentral*), if one is appointed.
    pub fn coordinating_health_centre(&self) -> Option<&Holding> {
        self.holder_of(FunctionKind::CoordinatingHealthCentre)
    }

    /// The holder of the municipality's coordinating function, if one is appointed.
    pub fn municipal_coordination(&self) -> Option<&Holding> {
        self.holder_of(FunctionKind::MunicipalCoordination)
    }

    fn holder_of(&self, kind: FunctionKind) -> Option<&Holding> {
        self.coordination.iter().find(|h| h.function_kind == kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub id: i32,
    pub name: String,
    pub kind: FunctionKind,
    pub party_id: Option<i32>,
    pub area_id: Option<i32>,
    pub description: Option<String>,
    pub period: Period,
}

/// A function with every appointment it has had, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionHistory {
    pub function: Function,
    pub appointments: Vec<Holding>,
}

impl FunctionHistory {
    /// The holder on `at`, if any.
    pub fn holder_on(&self, at: NaiveDate) -> Option<&Holding> {
        self.appointments.iter().find(|h| h.period.contains(at))
    }
}

/// Which administration was the municipality's counterpart in an area, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Administration {
    pub organisation: Ref,
    pub period: Period,
}

/// A body (*organ*) on one of the three levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub id: i32,
    pub name: String,
    pub short_name: Option<String>,
    pub level: BodyLevel,
    pub kind: BodyKind,
    pub party: Option<Ref>,
    pub area: Option<Ref>,
    pub sub_region: Option<Ref>,
    pub mandate: Option<String>,
    pub period: Period,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

/// A function's membership in a body, with the function's holder on the date asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub membership_id: i32,
    pub role: MembershipRole,
    pub period: Period,
    pub function: Function,
    pub holder: Option<Holding>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubRegion {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
    pub period: Period,
    /// The member parties on the date asked for, in Swedish order.
    pub members: Vec<Ref>,
}

/// A party's outline on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyShape {
    pub party: Ref,
    pub code: String,
    pub geometry: String,
    pub attribution: String,
}

/// How much there is, for the start page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub parties: u64,
    pub areas: u64,
    pub bodies: u64,
    pub organisations: u64,
    pub sub_regions: u64,
}

/// A window on a long list: at most `limit` items (all when `None`) after skipping `offset`, or,
/// with a `cursor`, right after or before a known row (which costs the same however deep).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: Option<u64>,
    pub offset: u64,
    pub cursor: Option<Cursor>,
}

/// A row of the list (by id) that the page starts after or ends before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    After(i32),
    Before(i32),
}

impl Page {
    /// The whole list.
    pub const ALL: Page = Page { limit: None, offset: 0, cursor: None };

    /// The first `limit` rows.
    pub const fn first(limit: u64) -> Page {
        Page { limit: Some(limit), offset: 0, cursor: None }
    }
}

/// One page of a list, and how long the whole list is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
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

/// A few records to choose among in a form: all of them when there are at most the limit asked
/// for, or `None` when there are more (the form then takes an id instead of a select list).
pub type Choices = Option<Vec<Ref>>;

/// The kinds of record a history names by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Party,
    Area,
    Organisation,
    Person,
    Function,
    Body,
    SubRegion,
}

/// A person and the functions they hold or have held, for the person's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub person: Person,
    /// The person's appointments, newest first.
    pub holdings: Vec<Holding>,
}

/// Rows valid on `at`: `valid_from <= at` and (`valid_to` is open or `>= at`).
pub(crate) fn valid_at<C: ColumnTrait>(from: C, to: C, at: NaiveDate) -> Condition {
    Condition::all().add(from.lte(at)).add(Condition::any().add(to.is_null()).add(to.gte(at)))
}

fn period(from: NaiveDate, to: Option<NaiveDate>) -> Result<Period, StoreError> {
    Period::new(from, to).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The distinct ids among `ids`, for an `IN (…)` look-up.
pub(crate) fn unique(ids: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Sorts by name in Swedish order, computing each name's sort key once.
fn by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| samverkan_domain::swedish_sort_string(name(item)));
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

    /// How many areas each of these parties has on `at` (parties without areas are left out).
    pub async fn area_counts(&self, at: NaiveDate, party_ids: &[i32]) -> Result<HashMap<i32, u64>, StoreError> {
        let rows: Vec<(i32, i64)> = area::Entity::find()
            .select_only()
            .column(area::Column::PartyId)
            .column_as(area::Column::Id.count(), "n")
            .filter(area::Column::PartyId.is_in(party_ids.iter().copied()))
            .filter(valid_at(area::Column::ValidFrom, area::Column::ValidTo, at))
            .group_by(area::Column::PartyId)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|(party, n)| (party, n.unsigned_abs())).collect())
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

    // ---- parties -------------------------------------------------------------------------

    /// The parties valid on `at`, in Swedish order.
    pub async fn parties(&self, at: NaiveDate, page: Page) -> Result<Paged<Party>, StoreError> {
        let select = party::Entity::find()
            .filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, at))
            .order_by_asc(party::Column::SortKey)
            .order_by_asc(party::Column::Id);
        let (rows, total) = self.paged(select, page, (party::Column::Id, party::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: rows.into_iter().map(to_party).collect::<Result<Vec<_>, _>>()?, total })
    }

    /// Runs a select (ordered by `sort_key`, `id`) for one page, and counts the whole list.
    /// `id` and `sort_key` are the table's columns, and `row_id` reads the id from a row.
    async fn paged<E>(
        &self,
        select: Select<E>,
        page: Page,
        (id, sort_key): (E::Column, E::Column),
        row_id: fn(&E::Model) -> i32,
    ) -> Result<(Vec<E::Model>, u64), StoreError>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        if page.limit.is_none() && page.offset == 0 {
            // The whole list: its length is the count, no second query needed.
            let rows = select.all(&self.db).await?;
            let total = rows.len() as u64;
            return Ok((rows, total));
        }
        let total = self.counts.count(&self.db, select.clone()).await?;
        // SQLite cannot take OFFSET without LIMIT; "no limit" is the largest one it accepts.
        let limit = page.limit.unwrap_or(i64::MAX.unsigned_abs());
        if let Some(cursor) = page.cursor {
            let (at_id, after) = match cursor {
                Cursor::After(id) => (id, true),
                Cursor::Before(id) => (id, false),
            };
            let key: Option<String> =
                E::find().select_only().column(sort_key).filter(id.eq(at_id)).into_tuple().one(&self.db).await?;
            // A cursor on a row that is gone: fall back to the offset.
            if let Some(key) = key {
                use sea_orm::sea_query::{Expr, ExprTrait};
                let here = Expr::tuple([Expr::col(sort_key), Expr::col(id)]);
                let there = Expr::tuple([Expr::val(key), Expr::val(at_id)]);
                let mut rows = if after {
                    select.filter(here.gt(there)).limit(limit).all(&self.db).await?
                } else {
                    let mut reversed = select.filter(here.lt(there));
                    QueryOrder::query(&mut reversed).clear_order_by();
                    reversed.order_by_desc(sort_key).order_by_desc(id).limit(limit).all(&self.db).await?
                };
                if !after {
                    rows.reverse();
                }
                return Ok((rows, total));
            }
        }
        if page.offset == 0 {
            return Ok((select.limit(limit).all(&self.db).await?, total));
        }
        // Deep pages: skip over the ids alone, on the covering listing index, then read just the
        // rows of the page. Skipping whole rows would read every one of them.
        let ids: Vec<i32> =
            select.select_only().column(id).limit(limit).offset(page.offset).into_tuple().all(&self.db).await?;
        let position: HashMap<i32, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut rows = E::find().filter(id.is_in(ids)).all(&self.db).await?;
        rows.sort_by_key(|row| position.get(&row_id(row)).copied().unwrap_or(usize::MAX));
        Ok((rows, total))
    }

    /// The parties of one kind valid on `at` (e.g. the regions), in Swedish order.
    pub async fn parties_of_kind(&self, at: NaiveDate, kind: PartyKind) -> Result<Vec<Party>, StoreError> {
        party::Entity::find()
            .filter(party::Column::Kind.eq(kind.code()))
            .filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, at))
            .order_by_asc(party::Column::SortKey)
            .order_by_asc(party::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_party)
            .collect()
    }

    pub async fn party(&self, id: i32) -> Result<Option<Party>, StoreError> {
        party::Entity::find_by_id(id).one(&self.db).await?.map(to_party).transpose()
    }

    /// The sub-regions valid on `at`, with their members on that date.
    pub async fn sub_regions(&self, at: NaiveDate) -> Result<Vec<SubRegion>, StoreError> {
        self.sub_regions_where(at, None).await
    }

    /// The sub-regions a party belongs to on `at`.
    pub async fn sub_regions_of_party(&self, party_id: i32, at: NaiveDate) -> Result<Vec<SubRegion>, StoreError> {
        self.sub_regions_where(at, Some(party_id)).await
    }

    async fn sub_regions_where(&self, at: NaiveDate, member: Option<i32>) -> Result<Vec<SubRegion>, StoreError> {
        let mut select =
            sub_region::Entity::find().filter(valid_at(sub_region::Column::ValidFrom, sub_region::Column::ValidTo, at));
        if let Some(party) = member {
            let ids: Vec<i32> = sub_region_member::Entity::find()
                .select_only()
                .column(sub_region_member::Column::SubRegionId)
                .filter(sub_region_member::Column::PartyId.eq(party))
                .filter(valid_at(sub_region_member::Column::ValidFrom, sub_region_member::Column::ValidTo, at))
                .into_tuple()
                .all(&self.db)
                .await?;
            select = select.filter(sub_region::Column::Id.is_in(ids));
        }
        let regions = select.all(&self.db).await?;
        let ids: Vec<i32> = regions.iter().map(|r| r.id).collect();
        let links = sub_region_member::Entity::find()
            .filter(sub_region_member::Column::SubRegionId.is_in(ids))
            .filter(valid_at(sub_region_member::Column::ValidFrom, sub_region_member::Column::ValidTo, at))
            .all(&self.db)
            .await?;
        let names = self.party_names(links.iter().map(|l| l.party_id)).await?;
        let mut out = Vec::new();
        for r in regions {
            let mut members: Vec<Ref> = links
                .iter()
                .filter(|l| l.sub_region_id == r.id)
                .filter_map(|l| names.get(&l.party_id).map(|n| Ref { id: l.party_id, name: n.clone() }))
                .collect();
            if member.is_some_and(|p| !members.iter().any(|m| m.id == p)) {
                continue;
            }
            by_name(&mut members, |m| &m.name);
            out.push(SubRegion {
                id: r.id,
                name: r.name,
                description: r.description,
                period: period(r.valid_from, r.valid_to)?,
                members,
            });
        }
        by_name(&mut out, |s| &s.name);
        Ok(out)
    }

    async fn party_names(&self, ids: impl IntoIterator<Item = i32>) -> Result<HashMap<i32, String>, StoreError> {
        let ids = unique(ids);
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(party::Entity::find()
            .filter(party::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect())
    }

    async fn organisation_names(&self, ids: impl IntoIterator<Item = i32>) -> Result<HashMap<i32, String>, StoreError> {
        let ids = unique(ids);
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect())
    }

    // ---- organisations -------------------------------------------------------------------

    /// The organisations valid on `at`, in Swedish order; only one party's when `party` is given.
    pub async fn organisations(
        &self,
        at: NaiveDate,
        page: Page,
        party: Option<i32>,
    ) -> Result<Paged<Organisation>, StoreError> {
        let mut select = organisation::Entity::find()
            .filter(valid_at(organisation::Column::ValidFrom, organisation::Column::ValidTo, at))
            .order_by_asc(organisation::Column::SortKey)
            .order_by_asc(organisation::Column::Id);
        if let Some(party) = party {
            select = select.filter(organisation::Column::PartyId.eq(party));
        }
        let (rows, total) =
            self.paged(select, page, (organisation::Column::Id, organisation::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: self.to_organisations(rows).await?, total })
    }

    /// A party's own administrative organisations ([`OrganisationKind::ADMINISTRATIVE`]), past
    /// ones included, in Swedish order. The actors of its areas are in [`Store::organisations`].
    pub async fn administrations_of_party(&self, party_id: i32) -> Result<Vec<Organisation>, StoreError> {
        let rows = organisation::Entity::find()
            .filter(organisation::Column::PartyId.eq(party_id))
            .filter(organisation::Column::Kind.is_in(OrganisationKind::ADMINISTRATIVE.map(|k| k.code())))
            .order_by_asc(organisation::Column::SortKey)
            .order_by_asc(organisation::Column::Id)
            .all(&self.db)
            .await?;
        self.to_organisations(rows).await
    }

    async fn to_organisations(&self, rows: Vec<organisation::Model>) -> Result<Vec<Organisation>, StoreError> {
        let parties = self.party_names(rows.iter().filter_map(|o| o.party_id)).await?;
        let successors = self.organisation_names(rows.iter().filter_map(|o| o.replaced_by_id)).await?;
        rows.into_iter()
            .map(|o| {
                Ok(Organisation {
                    kind: OrganisationKind::parse(&o.kind).map_err(corrupt)?,
                    party: o.party_id.and_then(|id| parties.get(&id).map(|n| Ref { id, name: n.clone() })),
                    replaced_by: o
                        .replaced_by_id
                        .and_then(|id| successors.get(&id).map(|n| Ref { id, name: n.clone() })),
                    period: period(o.valid_from, o.valid_to)?,
                    id: o.id,
                    name: o.name,
                    synthetic: o.synthetic,
                })
            })
            .collect()
    }

    // ---- areas ---------------------------------------------------------------------------

    /// The areas valid on `at`, in Swedish order, with their coordinating functions' holders.
    pub async fn areas(&self, at: NaiveDate, page: Page) -> Result<Paged<AreaSummary>, StoreError> {
        let select = area::Entity::find()
            .filter(valid_at(area::Column::ValidFrom, area::Column::ValidTo, at))
            .order_by_asc(area::Column::SortKey)
            .order_by_asc(area::Column::Id);
        let (rows, total) = self.paged(select, page, (area::Column::Id, area::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: self.summarise_areas(rows, at).await?, total })
    }

    /// A party's areas valid on `at`.
    pub async fn areas_of_party(&self, party_id: i32, at: NaiveDate) -> Result<Vec<AreaSummary>, StoreError> {
        self.area_summaries(Condition::all().add(area::Column::PartyId.eq(party_id)), at).await
    }

    /// One area, whatever its period, with its coordinating functions' holders on `at`.
    pub async fn area(&self, id: i32, at: NaiveDate) -> Result<Option<AreaSummary>, StoreError> {
        let Some(row) = area::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(self.summarise_areas(vec![row], at).await?.pop())
    }

    async fn area_summaries(&self, filter: Condition, at: NaiveDate) -> Result<Vec<AreaSummary>, StoreError> {
        let rows = area::Entity::find()
            .filter(filter)
            .filter(valid_at(area::Column::ValidFrom, area::Column::ValidTo, at))
            .order_by_asc(area::Column::SortKey)
            .order_by_asc(area::Column::Id)
            .all(&self.db)
            .await?;
        self.summarise_areas(rows, at).await
    }

    async fn summarise_areas(&self, rows: Vec<area::Model>, at: NaiveDate) -> Result<Vec<AreaSummary>, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let party_ids = unique(rows.iter().map(|a| a.party_id));
        let parties: HashMap<i32, party::Model> = party::Entity::find()
            .filter(party::Column::Id.is_in(party_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut by_area = self.coordination_of_areas(rows.iter().map(|a| a.id).collect(), at).await?;

        let mut out = Vec::with_capacity(rows.len());
        for a in rows {
            let party =
                parties.get(&a.party_id).ok_or_else(|| corrupt(format!("area {} names a missing party", a.id)))?;
            let coordination = by_area.remove(&a.id).unwrap_or_default();
            out.push(AreaSummary {
                area: Area {
                    period: period(a.valid_from, a.valid_to)?,
                    id: a.id,
                    name: a.name,
                    party_id: a.party_id,
                    municipality_code: party.code.clone(),
                    municipality_name: party.name.clone(),
                    synthetic: a.synthetic,
                },
                coordination,
            });
        }
        Ok(out)
    }

    /// Who holds each function of these areas on `at`, by area: one query joining appointments,
    /// functions and organisations (a list page of areas reads a row per holder, not three).
    async fn coordination_of_areas(
        &self,
        area_ids: Vec<i32>,
        at: NaiveDate,
    ) -> Result<HashMap<i32, Vec<Holding>>, StoreError> {
        use sea_orm::FromQueryResult;
        use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};

        #[derive(FromQueryResult)]
        struct Row {
            appointment_id: i32,
            person_id: Option<i32>,
            valid_from: NaiveDate,
            valid_to: Option<NaiveDate>,
            basis: Option<String>,
            on_behalf_of_party_id: Option<i32>,
            function_id: i32,
            function_name: String,
            function_kind: String,
            area_id: i32,
            organisation_id: i32,
            organisation_name: String,
        }

        if area_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let (a, f, o) = (appointment::Entity, function::Entity, organisation::Entity);
        let select = Query::select()
            .expr_as(Expr::col((a, appointment::Column::Id)), Alias::new("appointment_id"))
            .column((a, appointment::Column::PersonId))
            .column((a, appointment::Column::ValidFrom))
            .column((a, appointment::Column::ValidTo))
            .column((a, appointment::Column::Basis))
            .column((a, appointment::Column::OnBehalfOfPartyId))
            .column((a, appointment::Column::FunctionId))
            .expr_as(Expr::col((f, function::Column::Name)), Alias::new("function_name"))
            .expr_as(Expr::col((f, function::Column::Kind)), Alias::new("function_kind"))
            .column((f, function::Column::AreaId))
            .column((a, appointment::Column::OrganisationId))
            .expr_as(Expr::col((o, organisation::Column::Name)), Alias::new("organisation_name"))
            .from(a)
            .inner_join(f, Expr::col((f, function::Column::Id)).equals((a, appointment::Column::FunctionId)))
            .inner_join(o, Expr::col((o, organisation::Column::Id)).equals((a, appointment::Column::OrganisationId)))
            .and_where(Expr::col((f, function::Column::AreaId)).is_in(area_ids))
            .and_where(Expr::col((a, appointment::Column::ValidFrom)).lte(at))
            .and_where(
                Expr::col((a, appointment::Column::ValidTo))
                    .is_null()
                    .or(Expr::col((a, appointment::Column::ValidTo)).gte(at)),
            )
            .to_owned();
        let rows = Row::find_by_statement(self.db.get_database_backend().build(&select)).all(&self.db).await?;

        let principals = self.party_names(rows.iter().filter_map(|r| r.on_behalf_of_party_id)).await?;
        let persons = self.persons(rows.iter().filter_map(|r| r.person_id)).await?;
        let mut out: HashMap<i32, Vec<Holding>> = HashMap::new();
        for r in rows {
            out.entry(r.area_id).or_default().push(Holding {
                appointment_id: r.appointment_id,
                function: Ref { id: r.function_id, name: r.function_name },
                function_kind: FunctionKind::parse(&r.function_kind).map_err(corrupt)?,
                organisation: Ref { id: r.organisation_id, name: r.organisation_name },
                person: r.person_id.and_then(|id| persons.get(&id).cloned()),
                period: period(r.valid_from, r.valid_to)?,
                basis: r.basis,
                on_behalf_of: r
                    .on_behalf_of_party_id
                    .and_then(|id| principals.get(&id).map(|n| Ref { id, name: n.clone() })),
            });
        }
        Ok(out)
    }

    /// Persons by id: only what a role needs (name, title, e-mail, phone).
    async fn persons(&self, ids: impl IntoIterator<Item = i32>) -> Result<HashMap<i32, Person>, StoreError> {
        let ids = unique(ids);
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(person::Entity::find()
            .filter(person::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| {
                (
                    p.id,
                    Person {
                        id: p.id,
                        name: p.name,
                        title: p.title,
                        email: p.email,
                        phone: p.phone,
                        party_id: p.party_id,
                    },
                )
            })
            .collect())
    }

    /// Every function of an area with its whole appointment history.
    pub async fn area_functions(&self, area_id: i32) -> Result<Vec<FunctionHistory>, StoreError> {
        let functions = function::Entity::find().filter(function::Column::AreaId.eq(area_id)).all(&self.db).await?;
        self.function_histories(functions).await
    }

    /// Every function of a party with its whole appointment history.
    pub async fn party_functions(&self, party_id: i32) -> Result<Vec<FunctionHistory>, StoreError> {
        let functions = function::Entity::find().filter(function::Column::PartyId.eq(party_id)).all(&self.db).await?;
        self.function_histories(functions).await
    }

    /// The administrations that have been the municipality's counterpart in an area, newest first.
    pub async fn area_administrations(&self, area_id: i32) -> Result<Vec<Administration>, StoreError> {
        let rows = area_administration::Entity::find()
            .filter(area_administration::Column::AreaId.eq(area_id))
            .order_by_desc(area_administration::Column::ValidFrom)
            .all(&self.db)
            .await?;
        let names = self.organisation_names(rows.iter().map(|r| r.organisation_id)).await?;
        rows.into_iter()
            .map(|r| {
                Ok(Administration {
                    organisation: Ref {
                        id: r.organisation_id,
                        name: names.get(&r.organisation_id).cloned().unwrap_or_default(),
                    },
                    period: period(r.valid_from, r.valid_to)?,
                })
            })
            .collect()
    }

    async fn function_histories(&self, rows: Vec<function::Model>) -> Result<Vec<FunctionHistory>, StoreError> {
        let appointments = appointment::Entity::find()
            .filter(appointment::Column::FunctionId.is_in(rows.iter().map(|f| f.id)))
            .order_by_desc(appointment::Column::ValidFrom)
            .all(&self.db)
            .await?;
        let holdings = self.holdings(appointments, &rows).await?;
        let mut out = Vec::with_capacity(rows.len());
        for f in rows {
            let function = to_function(f)?;
            let appointments = holdings.iter().filter(|h| h.function.id == function.id).cloned().collect();
            out.push(FunctionHistory { function, appointments });
        }
        by_name(&mut out, |f| &f.function.name);
        Ok(out)
    }

    /// Resolves appointments into holdings, keeping their order.
    async fn holdings(
        &self,
        appointments: Vec<appointment::Model>,
        functions: &[function::Model],
    ) -> Result<Vec<Holding>, StoreError> {
        let functions: HashMap<i32, &function::Model> = functions.iter().map(|f| (f.id, f)).collect();
        let organisations = self.organisation_names(appointments.iter().map(|a| a.organisation_id)).await?;
        let principals = self.party_names(appointments.iter().filter_map(|a| a.on_behalf_of_party_id)).await?;
        let persons = self.persons(appointments.iter().filter_map(|a| a.person_id)).await?;
        appointments
            .into_iter()
            .map(|a| {
                let f = functions
                    .get(&a.function_id)
                    .ok_or_else(|| corrupt(format!("appointment {} names a missing function", a.id)))?;
                Ok(Holding {
                    appointment_id: a.id,
                    function: Ref { id: f.id, name: f.name.clone() },
                    function_kind: FunctionKind::parse(&f.kind).map_err(corrupt)?,
                    organisation: Ref {
                        id: a.organisation_id,
                        name: organisations.get(&a.organisation_id).cloned().unwrap_or_default(),
                    },
                    person: a.person_id.and_then(|id| persons.get(&id).cloned()),
                    period: period(a.valid_from, a.valid_to)?,
                    basis: a.basis,
                    on_behalf_of: a
                        .on_behalf_of_party_id
                        .and_then(|id| principals.get(&id).map(|n| Ref { id, name: n.clone() })),
                })
            })
            .collect()
    }

    // ---- bodies --------------------------------------------------------------------------

    /// The bodies valid on `at`: by level, then in Swedish order.
    pub async fn bodies(&self, at: NaiveDate, page: Page) -> Result<Paged<Body>, StoreError> {
        let select = body::Entity::find()
            .filter(valid_at(body::Column::ValidFrom, body::Column::ValidTo, at))
            .order_by_asc(body::Column::SortKey)
            .order_by_asc(body::Column::Id);
        let (rows, total) = self.paged(select, page, (body::Column::Id, body::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: self.to_bodies(rows).await?, total })
    }

    pub async fn bodies_of_party(&self, party_id: i32, at: NaiveDate) -> Result<Vec<Body>, StoreError> {
        self.bodies_where(Condition::all().add(body::Column::PartyId.eq(party_id)), at).await
    }

    pub async fn bodies_of_area(&self, area_id: i32, at: NaiveDate) -> Result<Vec<Body>, StoreError> {
        self.bodies_where(Condition::all().add(body::Column::AreaId.eq(area_id)), at).await
    }

    async fn bodies_where(&self, filter: Condition, at: NaiveDate) -> Result<Vec<Body>, StoreError> {
        let rows = body::Entity::find()
            .filter(filter)
            .filter(valid_at(body::Column::ValidFrom, body::Column::ValidTo, at))
            .order_by_asc(body::Column::SortKey)
            .order_by_asc(body::Column::Id)
            .all(&self.db)
            .await?;
        self.to_bodies(rows).await
    }

    /// One body, whatever its period.
    pub async fn body(&self, id: i32) -> Result<Option<Body>, StoreError> {
        let Some(row) = body::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(self.to_bodies(vec![row]).await?.pop())
    }

    async fn to_bodies(&self, rows: Vec<body::Model>) -> Result<Vec<Body>, StoreError> {
        let parties = self.party_names(rows.iter().filter_map(|b| b.party_id)).await?;
        let area_ids: Vec<i32> = rows.iter().filter_map(|b| b.area_id).collect();
        let areas: HashMap<i32, String> = if area_ids.is_empty() {
            HashMap::new()
        } else {
            area::Entity::find()
                .filter(area::Column::Id.is_in(area_ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect()
        };
        let region_ids: Vec<i32> = rows.iter().filter_map(|b| b.sub_region_id).collect();
        let regions: HashMap<i32, String> = if region_ids.is_empty() {
            HashMap::new()
        } else {
            sub_region::Entity::find()
                .filter(sub_region::Column::Id.is_in(region_ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|r| (r.id, r.name))
                .collect()
        };
        let lookup = |map: &HashMap<i32, String>, id: Option<i32>| {
            id.and_then(|id| map.get(&id).map(|n| Ref { id, name: n.clone() }))
        };
        rows.into_iter()
            .map(|b| {
                Ok(Body {
                    level: BodyLevel::parse(&b.level).map_err(corrupt)?,
                    kind: BodyKind::parse(&b.kind).map_err(corrupt)?,
                    party: lookup(&parties, b.party_id),
                    area: lookup(&areas, b.area_id),
                    sub_region: lookup(&regions, b.sub_region_id),
                    period: period(b.valid_from, b.valid_to)?,
                    id: b.id,
                    name: b.name,
                    short_name: b.short_name,
                    mandate: b.mandate,
                    synthetic: b.synthetic,
                })
            })
            .collect()
    }

    /// A body's memberships, past ones included (current first), each with its function's
    /// holder on `at`.
    pub async fn body_members(&self, body_id: i32, at: NaiveDate) -> Result<Vec<Member>, StoreError> {
        let memberships =
            membership::Entity::find().filter(membership::Column::BodyId.eq(body_id)).all(&self.db).await?;
        let functions = function::Entity::find()
            .filter(function::Column::Id.is_in(memberships.iter().map(|m| m.function_id)))
            .all(&self.db)
            .await?;
        let histories = self.function_histories(functions).await?;
        let mut out = Vec::with_capacity(memberships.len());
        for m in memberships {
            let Some(history) = histories.iter().find(|h| h.function.id == m.function_id) else {
                return Err(corrupt(format!("membership {} names a missing function", m.id)));
            };
            out.push(Member {
                membership_id: m.id,
                role: MembershipRole::parse(&m.role).map_err(corrupt)?,
                period: period(m.valid_from, m.valid_to)?,
                holder: history.holder_on(at).cloned(),
                function: history.function.clone(),
            });
        }
        out.sort_by(|a, b| {
            a.period
                .ended_before(at)
                .cmp(&b.period.ended_before(at))
                .then(a.role.cmp(&b.role))
                .then_with(|| swedish_cmp(&a.function.name, &b.function.name))
        });
        Ok(out)
    }

    // ---- map -----------------------------------------------------------------------------

    /// Every party's outline, for the county map.
    pub async fn party_shapes(&self) -> Result<Vec<PartyShape>, StoreError> {
        let shapes = party_shape::Entity::find().all(&self.db).await?;
        let parties: HashMap<i32, party::Model> =
            party::Entity::find().all(&self.db).await?.into_iter().map(|p| (p.id, p)).collect();
        let mut out: Vec<PartyShape> = shapes
            .into_iter()
            .filter_map(|s| {
                parties.get(&s.party_id).map(|p| PartyShape {
                    party: Ref { id: p.id, name: p.name.clone() },
                    code: p.code.clone(),
                    geometry: s.geometry,
                    attribution: s.attribution,
                })
            })
            .collect();
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }
}

impl Store {
    // ---- single records, for their pages and edit forms -----------------------------------

    /// One function, whatever its period, with every appointment it has had (newest first).
    pub async fn function(&self, id: i32) -> Result<Option<FunctionHistory>, StoreError> {
        let Some(row) = function::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(self.function_histories(vec![row]).await?.pop())
    }

    /// One organisation, whatever its period.
    pub async fn organisation(&self, id: i32) -> Result<Option<Organisation>, StoreError> {
        let Some(row) = organisation::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(self.to_organisations(vec![row]).await?.pop())
    }

    /// The functions an organisation holds or has held, newest first.
    pub async fn organisation_holdings(&self, organisation_id: i32) -> Result<Vec<Holding>, StoreError> {
        self.holdings_where(appointment::Column::OrganisationId.eq(organisation_id)).await
    }

    /// One person and the functions they hold or have held, newest first.
    pub async fn person(&self, id: i32) -> Result<Option<PersonRecord>, StoreError> {
        let Some(person) = self.persons([id]).await?.remove(&id) else {
            return Ok(None);
        };
        let holdings = self.holdings_where(appointment::Column::PersonId.eq(id)).await?;
        Ok(Some(PersonRecord { person, holdings }))
    }

    async fn holdings_where(&self, filter: sea_orm::sea_query::SimpleExpr) -> Result<Vec<Holding>, StoreError> {
        Ok(self.holdings_and_functions(filter).await?.0)
    }

    async fn holdings_and_functions(
        &self,
        filter: sea_orm::sea_query::SimpleExpr,
    ) -> Result<(Vec<Holding>, Vec<function::Model>), StoreError> {
        let appointments = appointment::Entity::find()
            .filter(filter)
            .order_by_desc(appointment::Column::ValidFrom)
            .order_by_desc(appointment::Column::Id)
            .all(&self.db)
            .await?;
        let functions = function::Entity::find()
            .filter(function::Column::Id.is_in(unique(appointments.iter().map(|a| a.function_id))))
            .all(&self.db)
            .await?;
        Ok((self.holdings(appointments, &functions).await?, functions))
    }

    /// One sub-region, whatever its period, with its members on `at`.
    pub async fn sub_region(&self, id: i32, at: NaiveDate) -> Result<Option<SubRegion>, StoreError> {
        let Some(r) = sub_region::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        let links = sub_region_member::Entity::find()
            .filter(sub_region_member::Column::SubRegionId.eq(id))
            .filter(valid_at(sub_region_member::Column::ValidFrom, sub_region_member::Column::ValidTo, at))
            .all(&self.db)
            .await?;
        let names = self.party_names(links.iter().map(|l| l.party_id)).await?;
        let mut members: Vec<Ref> = links
            .iter()
            .filter_map(|l| names.get(&l.party_id).map(|n| Ref { id: l.party_id, name: n.clone() }))
            .collect();
        by_name(&mut members, |m| &m.name);
        Ok(Some(SubRegion {
            id: r.id,
            name: r.name,
            description: r.description,
            period: period(r.valid_from, r.valid_to)?,
            members,
        }))
    }

    /// The bodies of a sub-region valid on `at`.
    pub async fn bodies_of_sub_region(&self, sub_region_id: i32, at: NaiveDate) -> Result<Vec<Body>, StoreError> {
        self.bodies_where(Condition::all().add(body::Column::SubRegionId.eq(sub_region_id)), at).await
    }

    // ---- choices for forms ---------------------------------------------------------------

    /// Up to `limit` rows of `select` as references, in list order; `None` when there are more.
    async fn choices<E>(
        &self,
        select: Select<E>,
        (id, name, sort_key): (E::Column, E::Column, E::Column),
        limit: u64,
    ) -> Result<Choices, StoreError>
    where
        E: EntityTrait,
    {
        let rows: Vec<(i32, String)> = select
            .select_only()
            .column(id)
            .column(name)
            .order_by_asc(sort_key)
            .order_by_asc(id)
            .limit(limit + 1)
            .into_tuple()
            .all(&self.db)
            .await?;
        if rows.len() as u64 > limit {
            return Ok(None);
        }
        Ok(Some(rows.into_iter().map(|(id, name)| Ref { id, name }).collect()))
    }

    /// The parties valid on `at`, if there are at most `limit`.
    pub async fn party_choices(&self, at: NaiveDate, limit: u64) -> Result<Choices, StoreError> {
        let select = party::Entity::find().filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, at));
        self.choices(select, (party::Column::Id, party::Column::Name, party::Column::SortKey), limit).await
    }

    /// The areas valid on `at` (only one party's when `party` is given), if at most `limit`.
    pub async fn area_choices(&self, at: NaiveDate, party: Option<i32>, limit: u64) -> Result<Choices, StoreError> {
        let mut select = area::Entity::find().filter(valid_at(area::Column::ValidFrom, area::Column::ValidTo, at));
        if let Some(p) = party {
            select = select.filter(area::Column::PartyId.eq(p));
        }
        self.choices(select, (area::Column::Id, area::Column::Name, area::Column::SortKey), limit).await
    }

    /// The sub-regions valid on `at`, if at most `limit`.
    pub async fn sub_region_choices(&self, at: NaiveDate, limit: u64) -> Result<Choices, StoreError> {
        let select =
            sub_region::Entity::find().filter(valid_at(sub_region::Column::ValidFrom, sub_region::Column::ValidTo, at));
        self.choices(select, (sub_region::Column::Id, sub_region::Column::Name, sub_region::Column::SortKey), limit)
            .await
    }

    /// The organisations valid on `at` (only one party's when `party` is given), if at most
    /// `limit`.
    pub async fn organisation_choices(
        &self,
        at: NaiveDate,
        party: Option<i32>,
        limit: u64,
    ) -> Result<Choices, StoreError> {
        let mut select = organisation::Entity::find().filter(valid_at(
            organisation::Column::ValidFrom,
            organisation::Column::ValidTo,
            at,
        ));
        if let Some(p) = party {
            select = select.filter(organisation::Column::PartyId.eq(p));
        }
        let columns = (organisation::Column::Id, organisation::Column::Name, organisation::Column::SortKey);
        self.choices(select, columns, limit).await
    }

    /// The organisations that may hold a function of `party` on `at` (its own and those of no
    /// party; see `samverkan_domain::may_hold`), if at most `limit`.
    pub async fn holder_choices(&self, at: NaiveDate, party: Option<i32>, limit: u64) -> Result<Choices, StoreError> {
        let owner = match party {
            Some(p) => {
                Condition::any().add(organisation::Column::PartyId.eq(p)).add(organisation::Column::PartyId.is_null())
            }
            None => Condition::all().add(organisation::Column::PartyId.is_null()),
        };
        let select = organisation::Entity::find()
            .filter(valid_at(organisation::Column::ValidFrom, organisation::Column::ValidTo, at))
            .filter(owner);
        let columns = (organisation::Column::Id, organisation::Column::Name, organisation::Column::SortKey);
        self.choices(select, columns, limit).await
    }

    /// The functions valid on `at`, if at most `limit`.
    pub async fn function_choices(&self, at: NaiveDate, limit: u64) -> Result<Choices, StoreError> {
        let select =
            function::Entity::find().filter(valid_at(function::Column::ValidFrom, function::Column::ValidTo, at));
        self.choices(select, (function::Column::Id, function::Column::Name, function::Column::SortKey), limit).await
    }

    /// The party an area belongs to (its municipality), which decides who may change its records.
    pub async fn party_of_area(&self, area_id: i32) -> Result<Option<i32>, StoreError> {
        Ok(area::Entity::find()
            .select_only()
            .column(area::Column::PartyId)
            .filter(area::Column::Id.eq(area_id))
            .into_tuple()
            .one(&self.db)
            .await?)
    }

    /// The body a membership belongs to.
    pub async fn membership_body(&self, membership_id: i32) -> Result<Option<i32>, StoreError> {
        Ok(membership::Entity::find()
            .select_only()
            .column(membership::Column::BodyId)
            .filter(membership::Column::Id.eq(membership_id))
            .into_tuple()
            .one(&self.db)
            .await?)
    }

    /// The names of records of one kind, by id, in one query (to show a history's ids as names).
    pub async fn names_of(&self, kind: RecordKind, ids: &[i32]) -> Result<HashMap<i32, String>, StoreError> {
        let ids = unique(ids.iter().copied());
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        macro_rules! names {
            ($m:ident) => {
                $m::Entity::find()
                    .select_only()
                    .column($m::Column::Id)
                    .column($m::Column::Name)
                    .filter($m::Column::Id.is_in(ids))
                    .into_tuple::<(i32, String)>()
                    .all(&self.db)
                    .await?
            };
        }
        let rows = match kind {
            RecordKind::Party => names!(party),
            RecordKind::Area => names!(area),
            RecordKind::Organisation => names!(organisation),
            RecordKind::Person => names!(person),
            RecordKind::Function => names!(function),
            RecordKind::Body => names!(body),
            RecordKind::SubRegion => names!(sub_region),
        };
        Ok(rows.into_iter().collect())
    }

    // ---- the audit trail's actors --------------------------------------------------------

    /// The e-mail addresses of these accounts, in one query (for the "Historik" of a page:
    /// the audit trail names a user as `user:{id}`).
    pub async fn account_emails(&self, ids: impl IntoIterator<Item = i32>) -> Result<HashMap<i32, String>, StoreError> {
        use crate::entity::user;
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

fn to_party(p: party::Model) -> Result<Party, StoreError> {
    Ok(Party {
        kind: PartyKind::parse(&p.kind).map_err(corrupt)?,
        period: period(p.valid_from, p.valid_to)?,
        id: p.id,
        code: p.code,
        name: p.name,
        synthetic: p.synthetic,
    })
}

fn to_function(f: function::Model) -> Result<Function, StoreError> {
    Ok(Function {
        kind: FunctionKind::parse(&f.kind).map_err(corrupt)?,
        period: period(f.valid_from, f.valid_to)?,
        id: f.id,
        name: f.name,
        party_id: f.party_id,
        area_id: f.area_id,
        description: f.description,
    })
}
