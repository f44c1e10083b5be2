//! An organisation that can hold a function: an administration, a health centre, Storsthlm, KSON.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub kind: String,
    /// The party it belongs to, if any (a private health centre belongs to none).
    pub party_id: Option<i32>,
    /// The first day; `None` when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// The name's Swedish sort key (`samverkan_domain::swedish_sort_string`), so SQL can page in
    /// Swedish order on either database.
    pub sort_key: String,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
    /// The organisation that took over when this one ended (a merger).
    pub replaced_by_id: Option<i32>,
    /// The area whose map recorded it, when it is of no party (a private provider, a faith
    /// community): that area's coordinators answer for it.
    pub area_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
