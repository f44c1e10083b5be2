//! An appointment (*uppdrag*, *utseende*): who holds a function, from when to when, on what basis.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "appointments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub function_id: i32,
    pub organisation_id: i32,
    pub person_id: Option<i32>,
    /// The first day; `None` when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
    /// What the appointment rests on, e.g. "Förfrågningsunderlag husläkarverksamhet 2023".
    pub basis: Option<String>,
    /// The party on whose behalf the organisation holds the function (KSON for Norrtälje).
    pub on_behalf_of_party_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
