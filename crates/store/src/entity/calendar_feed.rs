//! The secret address of an area's or a body's calendar feed (calendar applications cannot sign
//! in); its coordinators can renew it, which ends the old one.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "calendar_feeds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: Option<i32>,
    pub body_id: Option<i32>,
    #[sea_orm(unique)]
    pub secret: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
