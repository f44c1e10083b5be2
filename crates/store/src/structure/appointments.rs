//! Appointments (*uppdrag*): who holds a function during a period, an organisation and
//! perhaps a person, on whose behalf. Read here for every page that shows holders: a function's
//! history, a person's and an organisation's appointments. Made by a handover
//! (`crate::structure::handovers`).

use std::collections::HashMap;

use samverkan_domain::{FunctionKind, Period};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{appointment, function};
use crate::error::StoreError;
use crate::read::{Ref, corrupt, period, unique};
use crate::store::Store;
use crate::structure::persons::Person;

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

/// A person and the functions they hold or have held, for the person's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub person: Person,
    /// The person's appointments, newest first.
    pub holdings: Vec<Holding>,
}

/// Appointments newest first: by first day, one not known last (it came before the others),
/// then the latest recorded first. Sorted here, not in SQL: the databases disagree on where
/// NULL sorts. `rows` come latest recorded first.
pub(crate) fn newest_first(mut rows: Vec<appointment::Model>) -> Vec<appointment::Model> {
    rows.sort_by_key(|a| std::cmp::Reverse(a.valid_from));
    rows
}

impl Store {
    /// One person and the functions they hold or have held, newest first.
    pub async fn person(&self, id: i32) -> Result<Option<PersonRecord>, StoreError> {
        let Some(person) = self.persons([id]).await?.remove(&id) else {
            return Ok(None);
        };
        let holdings = self.holdings_where(appointment::Column::PersonId.eq(id)).await?;
        Ok(Some(PersonRecord { person, holdings }))
    }

    /// One appointment (*uppdrag*), whatever its period.
    pub async fn holding(&self, id: i32) -> Result<Option<Holding>, StoreError> {
        Ok(self.holdings_where(appointment::Column::Id.eq(id)).await?.pop())
    }

    /// The functions an organisation holds or has held, newest first.
    pub async fn organisation_holdings(&self, organisation_id: i32) -> Result<Vec<Holding>, StoreError> {
        self.holdings_where(appointment::Column::OrganisationId.eq(organisation_id)).await
    }

    async fn holdings_where(&self, filter: sea_orm::sea_query::SimpleExpr) -> Result<Vec<Holding>, StoreError> {
        Ok(self.holdings_and_functions(filter).await?.0)
    }

    async fn holdings_and_functions(
        &self,
        filter: sea_orm::sea_query::SimpleExpr,
    ) -> Result<(Vec<Holding>, Vec<function::Model>), StoreError> {
        let appointments =
            appointment::Entity::find().filter(filter).order_by_desc(appointment::Column::Id).all(&self.db).await?;
        let appointments = newest_first(appointments);
        let functions = function::Entity::find()
            .filter(function::Column::Id.is_in(unique(appointments.iter().map(|a| a.function_id))))
            .all(&self.db)
            .await?;
        Ok((self.holdings(appointments, &functions).await?, functions))
    }

    /// Resolves appointments into holdings, keeping their order.
    pub(crate) async fn holdings(
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
}
