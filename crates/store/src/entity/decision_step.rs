//! One step of the preparatory handling before a decision.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "decision_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub decision_id: i32,
    pub body_name: String,
    pub role: String,
    pub decided_on: Option<Date>,
    pub outcome: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
