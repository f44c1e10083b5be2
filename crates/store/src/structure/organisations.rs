//! Organisations: the parties' administrations and the actors of their areas (health centres,
//! care providers, schools), and those of no party (private providers, joint authorities).
//! Their reads (an organisation's appointments are in `crate::structure::appointments`) and
//! their writes: a party's editor changes their party's, and moves one only where their roles
//! reach.
//!
//! An actor on an area's map (issue 14) is an organisation too, not a copy of one: a party's
//! stays its party's; one of no party that the map recorded has `area_id` set and is the area's
//! local collaboration's (`Owned::Local`), changed by its coordinators.

use chrono::NaiveDate;
use samverkan_domain::access::ORGANISATION_MOVE_REFUSED;
use samverkan_domain::command::{Command, Read};
use samverkan_domain::commands::OrganisationDetails;
use samverkan_domain::edit::Referenced;
use samverkan_domain::structure::check_successor;
use samverkan_domain::{AreaOf, Input, OrganisationKind, Owned, Period, may_write, swedish_sort_string};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use crate::entity::{appointment, function, organisation, party};
use crate::error::StoreError;
use crate::fields::{area_of, must_exist, put};
use crate::read::{Choices, Page, Paged, Ref, corrupt, period, valid_at};
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written, json};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: i32,
    pub name: String,
    pub kind: OrganisationKind,
    pub party: Option<Ref>,
    pub period: Period,
    pub replaced_by: Option<Ref>,
    /// The area whose actor map recorded it, when it is of no party: that area's coordinators
    /// answer for it.
    pub area_id: Option<i32>,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

/// Whose an organisation is: its party's; the area's local collaboration's when the area's map
/// recorded it and it is of no party; joint otherwise.
pub(crate) fn owned(party_id: Option<i32>, area: Option<AreaOf>) -> Owned {
    match (party_id, area) {
        (None, Some(area)) => Owned::Local { area },
        _ => Owned::Organisation { party_id },
    }
}

/// The name as organisations of one area are told apart: case and spacing aside.
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

/// The organisations that hold or held a function of an area (its coordinating health centre,
/// the municipality's coordinating function), as a subquery of their ids.
fn holders_of(area_id: i32) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::Query;
    Query::select()
        .column(appointment::Column::OrganisationId)
        .from(appointment::Entity)
        .and_where(
            appointment::Column::FunctionId.in_subquery(
                Query::select()
                    .column(function::Column::Id)
                    .from(function::Entity)
                    .and_where(function::Column::AreaId.eq(area_id))
                    .to_owned(),
            ),
        )
        .to_owned()
}

/// The organisation of `area`'s map called `name`, to provide a new service there: one recorded
/// for the area's map, or one that holds or held a function of the area (its coordinating health
/// centre); none of another area's map. `None` when there is none.
pub(crate) async fn area_organisation_named(
    db: &impl ConnectionTrait,
    area_id: i32,
    name: &str,
) -> Result<Option<organisation::Model>, DbErr> {
    let candidates = organisation::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(organisation::Column::AreaId.eq(area_id))
                        .add(organisation::Column::PartyId.is_null()),
                )
                .add(organisation::Column::Id.in_subquery(holders_of(area_id))),
        )
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await?;
    Ok(candidates
        .into_iter()
        .find(|o| same_name(&o.name, name) && samverkan_domain::local::actor_map::may_provide(o.area_id, area_id)))
}

/// Records an organisation of no party for `area`'s map (in the caller's permitted write, which
/// tells the trail of it with the returned row).
pub(crate) async fn create_area_organisation(
    db: &impl ConnectionTrait,
    area_id: i32,
    name: &str,
    kind: OrganisationKind,
) -> Result<organisation::Model, DbErr> {
    organisation::ActiveModel {
        name: Set(name.to_owned()),
        kind: Set(kind.code().to_owned()),
        party_id: Set(None),
        valid_from: Set(None),
        valid_to: Set(None),
        sort_key: Set(swedish_sort_string(name)),
        synthetic: Set(false),
        replaced_by_id: Set(None),
        area_id: Set(Some(area_id)),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The organisations valid on `at`, of `party` when given.
fn organisations_valid(at: NaiveDate, party: Option<i32>) -> sea_orm::Select<organisation::Entity> {
    let select = organisation::Entity::find().filter(valid_at(
        organisation::Column::ValidFrom,
        organisation::Column::ValidTo,
        at,
    ));
    match party {
        Some(party) => select.filter(organisation::Column::PartyId.eq(party)),
        None => select,
    }
}

impl Store {
    /// The organisations valid on `at`, in Swedish order; only one party's when `party` is given.
    pub async fn organisations(
        &self,
        at: NaiveDate,
        page: Page,
        party: Option<i32>,
    ) -> Result<Paged<Organisation>, StoreError> {
        let select = organisations_valid(at, party)
            .order_by_asc(organisation::Column::SortKey)
            .order_by_asc(organisation::Column::Id);
        let (rows, total) =
            self.paged(select, page, (organisation::Column::Id, organisation::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: self.to_organisations(rows).await?, total })
    }

    /// How many organisations (actors included) are valid on `at`, of `party` when given: the
    /// total of [`Store::organisations`] without reading a row (cached by data version).
    pub async fn organisation_count(&self, at: NaiveDate, party: Option<i32>) -> Result<u64, StoreError> {
        self.counts.count(&self.db, organisations_valid(at, party)).await
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

    /// One organisation, whatever its period.
    pub async fn organisation(&self, id: i32) -> Result<Option<Organisation>, StoreError> {
        let Some(row) = organisation::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(self.to_organisations(vec![row]).await?.pop())
    }

    /// The organisations of `ids`, whatever their periods, in Swedish order.
    pub async fn organisations_by_id(&self, ids: &[i32]) -> Result<Vec<Organisation>, StoreError> {
        let rows = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(crate::read::unique(ids.iter().copied())))
            .order_by_asc(organisation::Column::SortKey)
            .order_by_asc(organisation::Column::Id)
            .all(&self.db)
            .await?;
        self.to_organisations(rows).await
    }

    /// The organisations a new service of an area's map is most likely provided by: the ones
    /// the map recorded and the holders of the area's functions (its coordinating health
    /// centre), valid on `at`, in Swedish order.
    pub async fn area_organisation_choices(&self, area_id: i32, at: NaiveDate) -> Result<Vec<Ref>, StoreError> {
        let own =
            Condition::all().add(organisation::Column::AreaId.eq(area_id)).add(organisation::Column::PartyId.is_null());
        let select = organisation::Entity::find()
            .filter(valid_at(organisation::Column::ValidFrom, organisation::Column::ValidTo, at))
            .filter(Condition::any().add(own).add(organisation::Column::Id.in_subquery(holders_of(area_id))));
        let columns = (organisation::Column::Id, organisation::Column::Name, organisation::Column::SortKey);
        Ok(self.choices(select, columns, 1000).await?.unwrap_or_default())
    }

    /// Whose an organisation is ([`owned`]), as its page needs to know to show an edit link.
    pub async fn organisation_owner(&self, o: &Organisation) -> Result<Owned, StoreError> {
        let area = match (o.party.as_ref(), o.area_id) {
            (None, Some(a)) => area_of(&self.db, Some(a)).await?,
            _ => None,
        };
        Ok(owned(o.party.as_ref().map(|p| p.id), area))
    }

    /// The organisations valid on `at` (only one party's when `party` is given), if at most
    /// `limit`.
    pub async fn organisation_choices(
        &self,
        at: NaiveDate,
        party: Option<i32>,
        limit: u64,
    ) -> Result<Choices, StoreError> {
        let owner = party.map(|p| Condition::all().add(organisation::Column::PartyId.eq(p)));
        self.organisations_where(at, owner.unwrap_or_else(Condition::all), limit).await
    }

    /// The organisations that may hold a function of `party` on `at` (its own and those of no
    /// party; see `samverkan_domain::may_hold`), if at most `limit`.
    pub async fn holder_choices(&self, at: NaiveDate, party: Option<i32>, limit: u64) -> Result<Choices, StoreError> {
        let independent = Condition::any().add(organisation::Column::PartyId.is_null());
        let owner = match party {
            Some(p) => independent.add(organisation::Column::PartyId.eq(p)),
            None => independent,
        };
        self.organisations_where(at, owner, limit).await
    }

    async fn organisations_where(&self, at: NaiveDate, owner: Condition, limit: u64) -> Result<Choices, StoreError> {
        let select = organisation::Entity::find()
            .filter(valid_at(organisation::Column::ValidFrom, organisation::Column::ValidTo, at))
            .filter(owner);
        let columns = (organisation::Column::Id, organisation::Column::Name, organisation::Column::SortKey);
        self.choices(select, columns, limit).await
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
                    area_id: o.area_id,
                    id: o.id,
                    name: o.name,
                    synthetic: o.synthetic,
                })
            })
            .collect()
    }

    /// Reads an organisation's command and checks what it names: its party, and a successor
    /// that exists and is not itself.
    async fn organisation_fields(
        db: &impl ConnectionTrait,
        input: &mut Input,
        id: Option<i32>,
    ) -> Result<Read<OrganisationDetails>, DbErr> {
        let details = OrganisationDetails::read(input);
        // Checked whether or not the other fields were, so that every wrong field is told at once.
        let (party, successor) = (input.peek_id("party_id"), input.peek_id("replaced_by_id"));
        must_exist::<party::Entity>(db, input, "party_id", party, Referenced::Party).await?;
        must_exist::<organisation::Entity>(db, input, "replaced_by_id", successor, Referenced::Organisation).await?;
        input.check(check_successor(id, successor));
        Ok(details)
    }

    fn organisation_row(row: &mut organisation::ActiveModel, o: &OrganisationDetails) -> Result<(), DbErr> {
        row.sort_key = Set(swedish_sort_string(&o.name));
        put(row, o)
    }

    /// Adds an organisation (`name`, `kind`, `party_id`, `replaced_by_id`, `valid_from`,
    /// `valid_to`): a party's, or (administrators only) one of no party.
    pub async fn create_organisation(&self, actor: &Actor, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let w = write.permit(Owned::Organisation { party_id: input.peek_id("party_id") })?;
        let fields = Self::organisation_fields(w.txn(), &mut input, None).await?;
        input.finish()?;
        let mut row = organisation::ActiveModel { synthetic: Set(false), ..Default::default() };
        Self::organisation_row(&mut row, &fields?)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("create", "organisation", row.id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Changes an organisation; the actor must be allowed both for its party and the new one.
    /// One an area's map recorded (of no party) is that area's; given a party, it is the party's
    /// and no longer the map's.
    pub async fn update_organisation(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = organisation::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let area = match before.party_id {
            None => area_of(write.lookup(), before.area_id).await?,
            Some(_) => None,
        };
        let was = owned(before.party_id, area);
        let w = write.permit(was)?;
        let fields = Self::organisation_fields(w.txn(), &mut input, Some(id)).await?;
        if let Ok(o) = &fields
            && !may_write(&actor.grants, Some(was), owned(o.party_id, area))
        {
            input.reject("party_id", ORGANISATION_MOVE_REFUSED);
        }
        input.finish()?;
        let fields = fields?;
        let mut row = before.clone().into_active_model();
        if fields.party_id.is_some() {
            row.area_id = Set(None);
        }
        Self::organisation_row(&mut row, &fields)?;
        let after = row.update(w.txn()).await?;
        w.commit(Event::new("update", "organisation", id).before(json(&before)).after(json(&after))).await?;
        Ok(id)
    }
}
