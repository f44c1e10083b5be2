//! A version of an agreement; the process runs per version.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "agreement_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agreement_id: i32,
    pub number: String,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    pub date_edtf: Option<String>,
    pub date_first: Option<Date>,
    pub date_last: Option<Date>,
    pub change_summary: Option<String>,
    pub earliest_start: Option<Date>,
    pub valid_to: Option<Date>,
    pub in_force_on: Option<Date>,
    pub in_force_text: Option<String>,
    pub in_force_edtf: Option<String>,
    pub in_force_first: Option<Date>,
    pub in_force_last: Option<Date>,
    pub process_recorded: bool,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
