//! A party (*part*) to HÖK: a municipality or the region.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "parties")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `municipality` or `region` (see `samverkan_domain::PartyKind`).
    pub kind: String,
    /// SCB's code: `0180` for a municipality, `01` for the region.
    pub code: String,
    pub name: String,
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
