//! What an entry of the local area plan said from a day on.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "area_plan_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub entry_id: i32,
    pub valid_from: Date,
    pub responsibility: String,
    pub organisation_id: i32,
    pub contact_function: String,
    pub review_interval_months: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
