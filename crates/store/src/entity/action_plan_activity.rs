//! An activity of a local action plan.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "action_plan_activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_id: i32,
    pub description: String,
    pub owner_function: String,
    pub due_on: Option<Date>,
    /// `samverkan_domain::local::action_plans::ActivityStatus`'s code.
    pub status: String,
    /// Whole percent, 0–100.
    pub progress: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
