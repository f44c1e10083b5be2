//! A review of an entry of the local area plan.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "area_plan_reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub entry_id: i32,
    pub reviewed_on: Date,
    /// The function that reviewed it.
    pub reviewed_by: String,
    pub changes: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
