//! One target group of an agreement.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "agreement_target_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agreement_id: i32,
    pub target_group: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
