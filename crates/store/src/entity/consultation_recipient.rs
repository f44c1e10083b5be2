//! A party a consultation was sent to.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "consultation_recipients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub consultation_id: i32,
    pub party_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
