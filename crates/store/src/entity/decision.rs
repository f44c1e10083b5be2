//! A party's council decision on a version (*beslut*).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub party_id: i32,
    pub deciding_body: String,
    pub deciding_body_id: Option<i32>,
    pub decided_on: Option<Date>,
    pub decided_text: Option<String>,
    pub decided_edtf: Option<String>,
    pub decided_first: Option<Date>,
    pub decided_last: Option<Date>,
    pub paragraph: Option<String>,
    pub diary_number: Option<String>,
    pub outcome: String,
    pub sent_to: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
