//! A body (*organ*) on one of the three levels: VIS, a samrådsgrupp, a council, local collaboration.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bodies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub short_name: Option<String>,
    pub level: String,
    pub kind: String,
    pub party_id: Option<i32>,
    pub sub_region_id: Option<i32>,
    pub area_id: Option<i32>,
    pub mandate: Option<String>,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
