//! How an agreement relates to another (add-on to, annex of, replaces, revised because of).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "agreement_relations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agreement_id: i32,
    pub related_id: i32,
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
