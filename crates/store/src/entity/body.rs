//! A body (*organ*) on one of the three levels: VIS, a samrådsgrupp, a council, local collaboration.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
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
    /// The first day; `None` when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// The name's Swedish sort key (`samverkan_domain::swedish_sort_string`), so SQL can page in
    /// Swedish order on either database.
    pub sort_key: String,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
