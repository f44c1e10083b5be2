//! Which administration is the municipality's counterpart in an area, from when to when.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "area_administrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: i32,
    pub organisation_id: i32,
    /// The first day; `None` when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
