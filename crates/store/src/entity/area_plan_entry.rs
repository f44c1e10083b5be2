//! An area of responsibility in an area's local area plan (*närområdesplan*); what it says is
//! in its revisions.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "area_plan_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub area_id: i32,
    /// The day it was added to the plan.
    pub valid_from: Date,
    /// The day of its next review as it stands now (kept by its writes; the plan on a past
    /// date reads its revisions and reviews).
    pub next_review_on: Option<Date>,
    /// Its responsible organisation as it stands now (kept, like `next_review_on`).
    pub organisation_id: Option<i32>,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
