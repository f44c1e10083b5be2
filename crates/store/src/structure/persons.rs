//! Contact persons (*kontaktpersoner*) of the functions: name, title, e-mail and phone, and
//! nothing more (no patient data, ever). A person belongs to the party that recorded them,
//! whoever appoints them later. Their appointments are read with the functions'
//! (`crate::structure::appointments`).

use std::collections::HashMap;

use samverkan_domain::command::Command;
use samverkan_domain::commands::PersonDetails;
use samverkan_domain::{Input, Owned};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

use crate::entity::person;
use crate::error::StoreError;
use crate::fields::put;
use crate::read::unique;
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written, json};

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

impl Store {
    /// Persons by id: only what a role needs (name, title, e-mail, phone).
    pub(crate) async fn persons(&self, ids: impl IntoIterator<Item = i32>) -> Result<HashMap<i32, Person>, StoreError> {
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

    /// Corrects a person's name, title, e-mail or phone. A person belongs to the party that
    /// recorded them, whoever has appointed them since; one of no party is the process leaders'.
    pub async fn update_person(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = person::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Person { party_id: before.party_id })?;
        let details = PersonDetails::read(&mut input);
        input.finish()?;
        let mut row = before.clone().into_active_model();
        put(&mut row, &details?)?;
        let after = row.update(w.txn()).await?;
        w.commit(Event::new("update", "person", id).before(json(&before)).after(json(&after))).await?;
        Ok(id)
    }
}
