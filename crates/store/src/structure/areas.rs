//! Local collaboration areas (*närområden*), each a municipality's, with the holders of their
//! coordinating functions on a date, and the administrations that have been the municipality's
//! counterpart in each. Reference data: read here, not edited on the pages.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use samverkan_domain::{FunctionKind, Period};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{appointment, area, area_administration, function, organisation, party};
use crate::error::StoreError;
use crate::read::{Choices, Page, Paged, Ref, corrupt, page_of, period, unique, valid_at};
use crate::store::Store;
use crate::structure::appointments::Holding;

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

/// Which administration was the municipality's counterpart in an area, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Administration {
    pub organisation: Ref,
    pub period: Period,
}

/// The areas valid on `at`, in list order.
fn areas_listed(at: NaiveDate) -> sea_orm::Select<area::Entity> {
    area::Entity::find()
        .filter(valid_at(area::Column::ValidFrom, area::Column::ValidTo, at))
        .order_by_asc(area::Column::SortKey)
        .order_by_asc(area::Column::Id)
}

impl Store {
    /// The areas valid on `at`, in Swedish order, with their coordinating functions' holders.
    pub async fn areas(&self, at: NaiveDate, page: Page) -> Result<Paged<AreaSummary>, StoreError> {
        if at == self.today() {
            let all = self.todays_areas().await?;
            return Ok(Paged { items: page_of(&all, page, |a| a.area.id), total: all.len() as u64 });
        }
        let (rows, total) =
            self.paged(areas_listed(at), page, (area::Column::Id, area::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: self.summarise_areas(rows, at).await?, total })
    }

    /// Today's areas with their holders, in list order, summarised once per data version: a
    /// page of them read ~400 rows (the areas, their functions, appointments and holders), the
    /// costliest list there was, and every page of an area starts with its summary. Other
    /// dates are asked for rarely, and each would keep as much again (~1 MB for the country),
    /// so they are read each time.
    async fn todays_areas(&self) -> Result<Arc<Vec<AreaSummary>>, StoreError> {
        let at = self.today();
        let db = &self.db;
        self.counts
            .derived(db, "area summaries", at.to_string(), || async move {
                let rows = areas_listed(at).all(db).await?;
                Ok(Arc::new(self.summarise_areas(rows, at).await?))
            })
            .await
    }

    /// A party's areas valid on `at`.
    pub async fn areas_of_party(&self, party_id: i32, at: NaiveDate) -> Result<Vec<AreaSummary>, StoreError> {
        if at == self.today() {
            return Ok(self.todays_areas().await?.iter().filter(|a| a.area.party_id == party_id).cloned().collect());
        }
        self.area_summaries(Condition::all().add(area::Column::PartyId.eq(party_id)), at).await
    }

    /// One area, whatever its period, with its coordinating functions' holders on `at`.
    pub async fn area(&self, id: i32, at: NaiveDate) -> Result<Option<AreaSummary>, StoreError> {
        if at == self.today()
            && let Some(kept) = self.todays_areas().await?.iter().find(|a| a.area.id == id)
        {
            return Ok(Some(kept.clone()));
        }
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
            valid_from: Option<NaiveDate>,
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
            .and_where(
                Expr::col((a, appointment::Column::ValidFrom)).is_null().or(Expr::col((
                    a,
                    appointment::Column::ValidFrom,
                ))
                .lte(at)),
            )
            .and_where(
                Expr::col((a, appointment::Column::ValidTo))
                    .is_null()
                    .or(Expr::col((a, appointment::Column::ValidTo)).gte(at)),
            )
            .to_owned();
        let rows = Row::find_by_statement(self.db.pool().get_database_backend().build(&select)).all(&self.db).await?;

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

    /// The administrations that have been the municipality's counterpart in an area, newest first
    /// (one whose start is not known last: it came before the others).
    pub async fn area_administrations(&self, area_id: i32) -> Result<Vec<Administration>, StoreError> {
        let mut rows = area_administration::Entity::find()
            .filter(area_administration::Column::AreaId.eq(area_id))
            .order_by_asc(area_administration::Column::Id)
            .all(&self.db)
            .await?;
        // In Rust, not SQL: the databases disagree on where NULL sorts.
        rows.sort_by_key(|r| std::cmp::Reverse(r.valid_from));
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

    /// The areas valid on `at` (only one party's when `party` is given), if at most `limit`.
    pub async fn area_choices(&self, at: NaiveDate, party: Option<i32>, limit: u64) -> Result<Choices, StoreError> {
        let mut select = area::Entity::find().filter(valid_at(area::Column::ValidFrom, area::Column::ValidTo, at));
        if let Some(p) = party {
            select = select.filter(area::Column::PartyId.eq(p));
        }
        self.choices(select, (area::Column::Id, area::Column::Name, area::Column::SortKey), limit).await
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

    /// How many areas each of these parties has on `at` (parties without areas are left out).
    pub async fn area_counts(&self, at: NaiveDate, party_ids: &[i32]) -> Result<HashMap<i32, u64>, StoreError> {
        // Every party's count, kept per data version: a list page of parties asks for a hundred
        // of them, and counting them all at once costs no more than counting those.
        let all: Arc<HashMap<i32, u64>> = self
            .counts
            .derived(&self.db, "areas per party", at.to_string(), || async {
                let rows: Vec<(i32, i64)> = area::Entity::find()
                    .select_only()
                    .column(area::Column::PartyId)
                    .column_as(area::Column::Id.count(), "n")
                    .filter(valid_at(area::Column::ValidFrom, area::Column::ValidTo, at))
                    .group_by(area::Column::PartyId)
                    .into_tuple()
                    .all(&self.db)
                    .await?;
                Ok(Arc::new(rows.into_iter().map(|(party, n)| (party, n.unsigned_abs())).collect()))
            })
            .await?;
        Ok(party_ids.iter().filter_map(|id| all.get(id).map(|n| (*id, *n))).collect())
    }
}
