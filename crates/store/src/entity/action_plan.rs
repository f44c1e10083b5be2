//! A local action plan (*lokal handlingsplan*) of an area.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "action_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: i32,
    pub title: String,
    /// `samverkan_domain::local::action_plans::PlanTargetGroup`'s code.
    pub target_group: String,
    pub agreement_id: Option<i32>,
    pub goal: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    /// The network meeting that decided it.
    pub meeting_id: Option<i32>,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
