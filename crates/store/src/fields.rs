//! What the writes of several kinds of record share: that an id names a record
//! ([`must_exist`]), an area with its municipality ([`area_of`]), and a command's fields as
//! columns ([`put`] writes them, [`Store::details`] reads them back for a form). The rules and
//! their Swedish messages are `samverkan_domain`'s; this module only asks the database what they
//! need to know. It imports no kind of record's module, only their entities.

use std::str::FromStr;

use samverkan_domain::command::{Cell, Command};
use samverkan_domain::commands::{BodyDetails, FunctionDetails, OrganisationDetails, PersonDetails, SubRegionDetails};
use samverkan_domain::edit::{Referenced, no_such};
use samverkan_domain::{AreaOf, Input};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityName, EntityTrait, ModelTrait, PrimaryKeyTrait};

use crate::entity::{area, body, function, organisation, person, sub_region};
use crate::error::StoreError;
use crate::read::corrupt;
use crate::store::Store;

/// Checks that a referenced row exists, recording an error on `field` otherwise (`what` is its
/// kind, which the message names, see [`no_such`]).
pub(crate) async fn must_exist<E: EntityTrait>(
    db: &impl ConnectionTrait,
    input: &mut Input,
    field: &str,
    id: Option<i32>,
    what: Referenced,
) -> Result<(), DbErr>
where
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32>,
{
    if let Some(id) = id
        && E::find_by_id(id).one(db).await?.is_none()
    {
        input.reject(field, no_such(what, id));
    }
    Ok(())
}

/// An area and its municipality, if the area exists.
pub(crate) async fn area_of(db: &impl ConnectionTrait, area_id: Option<i32>) -> Result<Option<AreaOf>, DbErr> {
    let Some(id) = area_id else { return Ok(None) };
    Ok(area::Entity::find_by_id(id).one(db).await?.map(|a| AreaOf { area_id: a.id, municipality_id: a.party_id }))
}

/// Sets a command's columns on a row (see `samverkan_domain::command`): each field's column
/// has the field's name, so a field added to a command is written without a line here.
pub(crate) fn put<A: ActiveModelTrait>(row: &mut A, command: &impl Command) -> Result<(), DbErr> {
    for (name, cell) in command.cells() {
        let column = <<A::Entity as EntityTrait>::Column as FromStr>::from_str(name)
            .map_err(|_| DbErr::Custom(format!("{} has no column {name}", A::Entity::default().table_name())))?;
        row.try_set(column, to_value(cell))?;
    }
    Ok(())
}

/// A command as a row stored it; `None` if a column is missing or of another type.
fn take<C: Command, M: ModelTrait>(row: &M) -> Option<C> {
    C::from_cells(&mut |name| {
        let column = <<M::Entity as EntityTrait>::Column as FromStr>::from_str(name).ok()?;
        match row.get(column) {
            sea_orm::Value::String(v) => Some(Cell::Text(v)),
            sea_orm::Value::ChronoDate(v) => Some(Cell::Date(v)),
            sea_orm::Value::Int(v) => Some(Cell::Int(v)),
            _ => None,
        }
    })
}

/// A command whose fields are the columns of one kind of record: its form is filled from the
/// record ([`Store::details`]).
pub trait Stored: Command {
    type Entity: EntityTrait<PrimaryKey: PrimaryKeyTrait<ValueType: From<i32>>>;
}

macro_rules! stored {
    ($($command:ty => $entity:ident;)+) => {
        $(impl Stored for $command {
            type Entity = $entity::Entity;
        })+
    };
}

stored! {
    PersonDetails => person;
    FunctionDetails => function;
    BodyDetails => body;
    OrganisationDetails => organisation;
    SubRegionDetails => sub_region;
}

impl Store {
    /// A record's fields as its command, to fill its form with.
    pub async fn details<C: Stored>(&self, id: i32) -> Result<Option<C>, StoreError> {
        let Some(row) = C::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        let table = C::Entity::default().table_name().to_owned();
        take(&row).map(Some).ok_or_else(|| corrupt(format!("{table} {id} does not hold its fields")))
    }
}

fn to_value(cell: Cell) -> sea_orm::Value {
    match cell {
        Cell::Text(v) => v.into(),
        Cell::Date(v) => v.into(),
        Cell::Int(v) => v.into(),
    }
}

#[cfg(test)]
mod tests;
