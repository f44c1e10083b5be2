//! An area's crisis contact list as a whole: its crisis organisation's meeting place, when it was last checked.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "crisis_lists")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: i32,
    pub meeting_place: Option<String>,
    /// RFC 3339, UTC.
    pub checked_at: Option<String>,
    /// The audit name of who checked it (`user:7`).
    pub checked_by: Option<String>,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
