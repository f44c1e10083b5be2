//! Functions (*funktioner*): the lasting roles of the collaboration (a coordinating health
//! centre, a municipality's coordinating function, a contact person's role), each a party's,
//! which outlive the organisations and people that hold them. Their reads with every
//! appointment they have had, and their writes; a handover is in
//! `crate::structure::handovers`.

use chrono::NaiveDate;
use samverkan_domain::command::Command;
use samverkan_domain::commands::{FunctionDetails, NewFunction};
use samverkan_domain::edit::Referenced;
use samverkan_domain::structure::check_function_period;
use samverkan_domain::{FunctionKind, Input, Owned, Period, swedish_sort_string};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use crate::entity::{appointment, area, function, party};
use crate::error::StoreError;
use crate::fields::{area_of, must_exist, put};
use crate::read::{Choices, by_name, corrupt, period, valid_at};
use crate::store::Store;
use crate::structure::appointments::{Holding, newest_first};
use crate::write::{Actor, Event, WriteError, Written, json};

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

/// A function's columns from its command, and the key it sorts by.
fn function_row(row: &mut function::ActiveModel, details: &FunctionDetails) -> Result<(), DbErr> {
    row.sort_key = Set(swedish_sort_string(&details.name));
    put(row, details)
}

pub(crate) fn owned_function(f: &function::Model) -> Owned {
    Owned::Function { party_id: f.party_id }
}

pub(crate) async fn appointments_of(
    txn: &impl ConnectionTrait,
    function_id: i32,
) -> Result<Vec<appointment::Model>, DbErr> {
    appointment::Entity::find().filter(appointment::Column::FunctionId.eq(function_id)).all(txn).await
}

impl Store {
    /// One function, whatever its period, with every appointment it has had (newest first).
    pub async fn function(&self, id: i32) -> Result<Option<FunctionHistory>, StoreError> {
        let Some(row) = function::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(self.function_histories(vec![row]).await?.pop())
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

    /// The functions valid on `at`, if at most `limit`.
    pub async fn function_choices(&self, at: NaiveDate, limit: u64) -> Result<Choices, StoreError> {
        let select =
            function::Entity::find().filter(valid_at(function::Column::ValidFrom, function::Column::ValidTo, at));
        self.choices(select, (function::Column::Id, function::Column::Name, function::Column::SortKey), limit).await
    }

    pub(crate) async fn function_histories(
        &self,
        rows: Vec<function::Model>,
    ) -> Result<Vec<FunctionHistory>, StoreError> {
        let appointments = appointment::Entity::find()
            .filter(appointment::Column::FunctionId.is_in(rows.iter().map(|f| f.id)))
            .order_by_desc(appointment::Column::Id)
            .all(&self.db)
            .await?;
        let appointments = newest_first(appointments);
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

    /// Adds a function (*funktion*) of a party, optionally in an area, or (administrators only)
    /// of the collaboration itself. Fields: `name`, `kind`, `party_id` (the party that appoints
    /// its holders; for an area, its municipality unless given), `area_id`, `description`,
    /// `valid_from`, `valid_to`.
    pub async fn create_function(&self, actor: &Actor, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let area_id = input.peek_id("area_id");
        // A function of an area with no party named is the area's municipality's.
        let party_id = match input.peek_id("party_id") {
            Some(p) => Some(p),
            None => area_of(write.lookup(), area_id).await?.map(|a| a.municipality_id),
        };
        let w = write.permit(Owned::Function { party_id })?;
        let new = NewFunction::read(&mut input);
        must_exist::<party::Entity>(w.txn(), &mut input, "party_id", party_id, Referenced::Party).await?;
        must_exist::<area::Entity>(w.txn(), &mut input, "area_id", area_id, Referenced::Area).await?;
        input.finish()?;
        let new = NewFunction { party_id, ..new? };
        let sort_key = Set(swedish_sort_string(&new.details.name));
        let mut row = function::ActiveModel { sort_key, synthetic: Set(false), ..Default::default() };
        put(&mut row, &new)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("create", "function", row.id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Changes a function's name, kind, description or period. Closing the period ends the
    /// appointments that ran past it on its last day (one event records both).
    pub async fn update_function(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = function::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(owned_function(&before))?;
        let fields = FunctionDetails::read(&mut input);
        let appointments = appointments_of(w.txn(), id).await?;
        if let Ok(f) = &fields {
            let starts: Vec<_> = appointments.iter().filter_map(|a| a.valid_from).collect();
            for e in check_function_period(f.period, &starts) {
                input.reject(&e.field, e.message);
            }
        }
        input.finish()?;
        let f = fields?;
        let mut ended = Vec::new();
        if let Some(to) = f.period.to() {
            for a in appointments.into_iter().filter(|a| a.valid_to.is_none_or(|t| t > to)) {
                let mut row = a.into_active_model();
                row.valid_to = Set(Some(to));
                ended.push(row.update(w.txn()).await?);
            }
        }
        let mut row = before.clone().into_active_model();
        function_row(&mut row, &f)?;
        let after = row.update(w.txn()).await?;
        let after_json = if ended.is_empty() {
            json(&after)
        } else {
            json(&serde_json::json!({ "function": after, "ended_appointments": ended }))
        };
        w.commit(Event::new("update", "function", id).before(json(&before)).after(after_json)).await?;
        Ok(id)
    }
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
