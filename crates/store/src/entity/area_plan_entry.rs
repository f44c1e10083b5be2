//! An area of responsibility in an area's local area plan (*närområdesplan*); what it says is
//! in its revisions.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "area_plan_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: i32,
    /// The day it was added to the plan.
    pub valid_from: Date,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
