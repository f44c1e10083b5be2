//! Organisations: the parties' administrations and the actors of their areas (health centres,
//! care providers, schools), and those of no party (private providers, joint authorities).
//! Their reads (an organisation's appointments are in `crate::structure::appointments`) and
//! their writes: a party's editor changes their party's, and moves one only where their roles
//! reach.

use chrono::NaiveDate;
use samverkan_domain::access::ORGANISATION_MOVE_REFUSED;
use samverkan_domain::command::{Command, Read};
use samverkan_domain::commands::OrganisationDetails;
use samverkan_domain::edit::Referenced;
use samverkan_domain::structure::check_successor;
use samverkan_domain::{Input, OrganisationKind, Owned, Period, may_write, swedish_sort_string};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use crate::entity::{organisation, party};
use crate::error::StoreError;
use crate::fields::{must_exist, put};
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
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

impl Store {
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

    /// One organisation, whatever its period.
    pub async fn organisation(&self, id: i32) -> Result<Option<Organisation>, StoreError> {
        let Some(row) = organisation::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(self.to_organisations(vec![row]).await?.pop())
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
    pub async fn update_organisation(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = organisation::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let was = Owned::Organisation { party_id: before.party_id };
        let w = write.permit(was)?;
        let fields = Self::organisation_fields(w.txn(), &mut input, Some(id)).await?;
        if let Ok(o) = &fields
            && !may_write(&actor.grants, Some(was), Owned::Organisation { party_id: o.party_id })
        {
            input.reject("party_id", ORGANISATION_MOVE_REFUSED);
        }
        input.finish()?;
        let mut row = before.clone().into_active_model();
        Self::organisation_row(&mut row, &fields?)?;
        let after = row.update(w.txn()).await?;
        w.commit(Event::new("update", "organisation", id).before(json(&before)).after(json(&after))).await?;
        Ok(id)
    }
}
