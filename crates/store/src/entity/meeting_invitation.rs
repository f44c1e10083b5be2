//! An actor (a service, by its contact function) invited to a meeting, and whether it came.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "meeting_invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub service_id: i32,
    /// `present`, `excused`, `absent`; `None` until recorded.
    pub attendance: Option<String>,
    /// Who came on the actor's behalf (a function).
    pub represented_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
