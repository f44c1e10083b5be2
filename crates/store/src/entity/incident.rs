//! An activation of crisis support in an area, closed with an after-action summary.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "incidents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: i32,
    pub what: String,
    pub place: String,
    /// RFC 3339, UTC (as every time below).
    pub occurred_at: String,
    pub activated_at: String,
    /// The audit name of who activated it.
    pub activated_by: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub summary: Option<String>,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
