//! A function's membership in a body, with its role and period.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub body_id: i32,
    pub function_id: i32,
    pub role: String,
    /// The first day; `None` when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
