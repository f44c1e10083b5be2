//! What the writes of several kinds of record share when they read a submission: that an id
//! names a record ([`must_exist`]), an area with its municipality ([`area_of`]), a period, an
//! e-mail address. The rules and their Swedish messages are `samverkan_domain`'s; this module
//! only asks the database what they need to know. It imports no kind of record's module.

use samverkan_domain::edit::{NAME_MAX, Referenced, Reported, no_such};
use samverkan_domain::{AreaOf, Input, Period, normalise_email};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use crate::entity::area;

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

/// Reads the period fields of a record (`valid_from`, `valid_to`).
pub(crate) fn period_of(input: &mut Input) -> Result<Period, Reported> {
    input.period("valid_from", "valid_to")
}

/// Reads an e-mail address that may be left out, as accounts normalise one.
pub(crate) fn email(input: &mut Input, field: &str) -> Result<Option<String>, Reported> {
    let value = input.optional_text(field, NAME_MAX)?;
    match value.map(|v| normalise_email(&v)) {
        None => Ok(None),
        Some(Ok(v)) => Ok(Some(v)),
        Some(Err(message)) => {
            input.reject(field, message);
            Ok(None)
        }
    }
}
