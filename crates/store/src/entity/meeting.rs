//! A network meeting (*nätverksmöte*) of an area, or of one of its bodies.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: i32,
    pub body_id: Option<i32>,
    pub title: String,
    /// RFC 3339 UTC, `2026-03-29T08:00:00Z`: sorts as text.
    pub starts_at: String,
    /// RFC 3339 UTC.
    pub ends_at: String,
    pub place: Option<String>,
    pub video_url: Option<String>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub decisions: Option<String>,
    pub cancelled: bool,
    /// The calendar's `SEQUENCE`: raised each time the meeting moves or is cancelled.
    pub sequence: i32,
    /// The calendar's `UID`: never changes.
    #[sea_orm(unique)]
    pub uid: String,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
