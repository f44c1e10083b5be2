//! A party's own acts on a version of an agreement (its consultation answer, its decision, a
//! step of its preparatory handling): the version they are about, the party they are for, and
//! whether that party is one of the version's. Shared by `process` and `preparation`.

use chrono::NaiveDate;
use samverkan_domain::agreement::checks::NOT_A_PARTY_OF_VERSION;
use samverkan_domain::{Input, Owned, may_change_something};
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::agreements::facts::facts_of;
use crate::entity::agreement_version;
use crate::error::StoreError;
use crate::write::{Actor, Write, WriteError};

/// Refuses the write unless the actor may write for the party a party's own record is for
/// (`party_id` of an answer, a decision, a preparatory step; [`Write::check`]), before its fields
/// are read: the write is permitted for that party once they are. Without a usable party, only
/// someone who may write for no party at all is refused; anyone else has the field told when
/// the record's command is read (`samverkan_domain::commands::OwnParty`), so that the form or
/// body comes back with every field checked.
pub(crate) fn own_party(write: &Write<'_>, actor: &Actor, input: &Input) -> Result<(), WriteError> {
    match input.peek_id("party_id") {
        Some(p) => write.check(Owned::PartyAct { party_id: p }),
        None if !may_change_something(&actor.grants) => Err(WriteError::NotPermitted),
        None => Ok(()),
    }
}

/// Refuses `party_id` unless the party is one of the version's on `on`: its agreement's own
/// parties, else every party valid then (not the consultation's recipients).
pub(crate) async fn ensure_party_of_version(
    db: &impl ConnectionTrait,
    input: &mut Input,
    version: &agreement_version::Model,
    party_id: i32,
    on: NaiveDate,
) -> Result<(), StoreError> {
    let facts = facts_of(db, std::slice::from_ref(version), on).await?;
    if !facts.get(&version.id).is_some_and(|(f, _)| f.parties.contains(&party_id)) {
        input.reject("party_id", NOT_A_PARTY_OF_VERSION);
    }
    Ok(())
}

/// The version a write is about, and its agreement.
pub(crate) async fn version_and_agreement(
    db: &impl ConnectionTrait,
    version_id: i32,
) -> Result<(agreement_version::Model, i32), WriteError> {
    let v = agreement_version::Entity::find_by_id(version_id).one(db).await?.ok_or(WriteError::NotFound)?;
    let agreement_id = v.agreement_id;
    Ok((v, agreement_id))
}
