//! A party's outline on the county map, as a GeoJSON geometry.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "party_shapes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub party_id: i32,
    /// GeoJSON geometry (WGS84), as text.
    #[sea_orm(column_type = "Text")]
    pub geometry: String,
    pub attribution: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
