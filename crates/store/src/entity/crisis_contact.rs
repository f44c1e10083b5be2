//! One function on an area's crisis contact list, with its holder and deputy.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "crisis_contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: i32,
    pub position: i32,
    pub function: String,
    pub holder: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub deputy: Option<String>,
    pub deputy_phone: Option<String>,
    pub deputy_email: Option<String>,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
