//! A proposal of a version put to a body before it is recommended (the officials' steering
//! group's proposal to VIS).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    /// The body that put it forward.
    pub body_name: String,
    pub body_id: Option<i32>,
    /// The body it was put to.
    pub to_body_name: String,
    pub to_body_id: Option<i32>,
    pub proposed_on: Option<Date>,
    pub proposed_text: Option<String>,
    pub proposed_edtf: Option<String>,
    pub proposed_first: Option<Date>,
    pub proposed_last: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
