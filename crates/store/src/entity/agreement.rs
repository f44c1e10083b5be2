//! An agreement (*överenskommelse*) in the registry.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "agreements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub consultative_group_id: Option<i32>,
    pub parent_id: Option<i32>,
    pub summary: Option<String>,
    pub implementation: Option<String>,
    pub follow_up: Option<String>,
    pub digital_support: Option<String>,
    pub review_date: Option<Date>,
    pub sort_key: String,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
