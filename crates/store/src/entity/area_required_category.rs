//! A category an area wants represented at its network meetings.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "area_required_categories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub area_id: i32,
    /// A `samverkan_domain::local::ServiceCategory` code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
