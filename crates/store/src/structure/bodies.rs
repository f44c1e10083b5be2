//! Bodies (*organ*) on the county, sub-regional and local levels, and their members: functions,
//! each with its holder on a date. A local body is its area's and the area's municipality's;
//! otherwise a body is its party's, or joint. Reads and writes, memberships included.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::access::{BODY_MOVE_REFUSED, MEMBER_REFUSED};
use samverkan_domain::command::{Command, Read};
use samverkan_domain::commands::{BodyDetails, MembershipEnd, NewMembership};
use samverkan_domain::edit::{Referenced, no_such};
use samverkan_domain::structure::{check_body_level, check_local_body_party, check_membership, check_membership_end};
use samverkan_domain::{
    BodyKind, BodyLevel, Input, MembershipRole, Owned, Period, body_sort_string, may_add_member, may_write, swedish_cmp,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::entity::{area, body, function, membership, party, sub_region};
use crate::error::StoreError;
use crate::fields::{area_of, must_exist, put};
use crate::read::{Page, Paged, Ref, corrupt, period, valid_at};
use crate::store::Store;
use crate::structure::appointments::Holding;
use crate::structure::functions::Function;
use crate::write::{Actor, Event, WriteError, Written, json};

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

/// A body as ownership sees it. An unknown area makes it joint (only administrators pass); the
/// fields' own checks then say what is wrong.
async fn owned_body(txn: &impl ConnectionTrait, party_id: Option<i32>, area_id: Option<i32>) -> Result<Owned, DbErr> {
    let area = area_of(txn, area_id).await?;
    if area_id.is_some() && area.is_none() {
        return Ok(Owned::Joint);
    }
    Ok(Owned::Body { party_id, area })
}

impl Store {
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

    /// The bodies of one kind valid on `at` (the samrådsgrupper, the councils), in name order.
    pub async fn bodies_of_kind(&self, kind: BodyKind, at: NaiveDate) -> Result<Vec<Body>, StoreError> {
        self.bodies_where(Condition::all().add(body::Column::Kind.eq(kind.code())), at).await
    }

    pub async fn bodies_of_area(&self, area_id: i32, at: NaiveDate) -> Result<Vec<Body>, StoreError> {
        self.bodies_where(Condition::all().add(body::Column::AreaId.eq(area_id)), at).await
    }

    /// The bodies of a sub-region valid on `at`.
    pub async fn bodies_of_sub_region(&self, sub_region_id: i32, at: NaiveDate) -> Result<Vec<Body>, StoreError> {
        self.bodies_where(Condition::all().add(body::Column::SubRegionId.eq(sub_region_id)), at).await
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
        let areas = self.area_names(rows.iter().filter_map(|b| b.area_id)).await?;
        let regions = self.sub_region_names(rows.iter().filter_map(|b| b.sub_region_id)).await?;
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

    /// Reads a body's command and checks its place: the records it names exist, a local body's
    /// party is its area's, and the level fits the place.
    async fn body_fields(db: &impl ConnectionTrait, input: &mut Input) -> Result<Read<BodyDetails>, DbErr> {
        let details = BodyDetails::read(input);
        // Checked whether or not the other fields were, so that every wrong field is told at once.
        let party_id = input.peek_id("party_id");
        let sub_region_id = input.peek_id("sub_region_id");
        let area_id = input.peek_id("area_id");
        must_exist::<party::Entity>(db, input, "party_id", party_id, Referenced::Party).await?;
        must_exist::<sub_region::Entity>(db, input, "sub_region_id", sub_region_id, Referenced::SubRegion).await?;
        must_exist::<area::Entity>(db, input, "area_id", area_id, Referenced::Area).await?;
        if let (Some(party), Some(area)) = (party_id, area_of(db, area_id).await?) {
            input.check(check_local_body_party(party, area));
        }
        if let Some(level) = input.peek_code("level", BodyLevel::parse) {
            input.check(check_body_level(level, sub_region_id.is_some(), area_id.is_some()));
        }
        Ok(details)
    }

    fn body_row(row: &mut body::ActiveModel, b: &BodyDetails) -> Result<(), DbErr> {
        row.sort_key = Set(body_sort_string(b.level, &b.name));
        put(row, b)
    }

    /// Adds a body (*organ*). Fields: `name`, `short_name`, `level`, `kind`, `party_id`,
    /// `sub_region_id`, `area_id`, `mandate`, `valid_from`, `valid_to`. A body of an area is
    /// its coordinators' and its municipality's; of a party, that party's; otherwise joint.
    pub async fn create_body(&self, actor: &Actor, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let owned = owned_body(write.lookup(), input.peek_id("party_id"), input.peek_id("area_id")).await?;
        let w = write.permit(owned)?;
        let fields = Self::body_fields(w.txn(), &mut input).await?;
        input.finish()?;
        let mut row = body::ActiveModel { synthetic: Set(false), ..Default::default() };
        Self::body_row(&mut row, &fields?)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("create", "body", row.id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Changes a body; the actor must be allowed both where it was and where it goes.
    pub async fn update_body(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = body::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let was = owned_body(write.lookup(), before.party_id, before.area_id).await?;
        let w = write.permit(was)?;
        let fields = Self::body_fields(w.txn(), &mut input).await?;
        if let Ok(b) = &fields
            && !may_write(&actor.grants, Some(was), owned_body(w.txn(), b.party_id, b.area_id).await?)
        {
            input.reject("party_id", BODY_MOVE_REFUSED);
        }
        input.finish()?;
        let mut row = before.clone().into_active_model();
        Self::body_row(&mut row, &fields?)?;
        let after = row.update(w.txn()).await?;
        w.commit(Event::new("update", "body", id).before(json(&before)).after(json(&after))).await?;
        Ok(id)
    }

    /// Makes a function a member of a body (`function_id`, `role`, `valid_from`, `valid_to`);
    /// recorded on the body's history. A function is a member of a body once at a time.
    pub async fn add_membership(&self, actor: &Actor, body_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let b = body::Entity::find_by_id(body_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let owned = owned_body(write.lookup(), b.party_id, b.area_id).await?;
        let w = write.permit(owned)?;
        let new = NewMembership::read(&mut input);
        let function_id = input.peek_id("function_id");
        if let Some(id) = function_id {
            match function::Entity::find_by_id(id).one(w.txn()).await? {
                None => input.reject("function_id", no_such(Referenced::Function, id)),
                Some(f) if !may_add_member(&actor.grants, f.party_id, f.area_id, b.area_id) => {
                    input.reject("function_id", MEMBER_REFUSED)
                }
                Some(_) => {}
            }
        }
        if let Ok(m) = &new {
            let same = membership::Entity::find()
                .filter(membership::Column::BodyId.eq(body_id))
                .filter(membership::Column::FunctionId.eq(m.function_id))
                .all(w.txn())
                .await?;
            let periods: Vec<Period> =
                same.iter().filter_map(|m| Period::starting(m.valid_from, m.valid_to).ok()).collect();
            input.check(check_membership(&m.period, &periods));
        }
        input.finish()?;
        let mut row = membership::ActiveModel { body_id: Set(body_id), synthetic: Set(false), ..Default::default() };
        put(&mut row, &new?)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("add_membership", "body", body_id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Ends a membership on `valid_to`; recorded on the body's history.
    pub async fn end_membership(&self, actor: &Actor, membership_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let m = membership::Entity::find_by_id(membership_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let b = body::Entity::find_by_id(m.body_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let owned = owned_body(write.lookup(), b.party_id, b.area_id).await?;
        let w = write.permit(owned)?;
        let end = MembershipEnd::read(&mut input);
        if let Ok(end) = &end {
            input.check(check_membership_end(m.valid_from, end.valid_to));
        }
        input.finish()?;
        let before = m.clone();
        let mut row = m.into_active_model();
        put(&mut row, &end?)?;
        let after = row.update(w.txn()).await?;
        w.commit(Event::new("end_membership", "body", b.id).before(json(&before)).after(json(&after))).await?;
        Ok(membership_id)
    }
}
