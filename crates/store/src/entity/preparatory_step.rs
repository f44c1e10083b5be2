//! One step of a party's preparatory handling of a version (*beredning*): a committee's opinion
//! or the executive board's proposal, before the council decides.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "preparatory_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub party_id: i32,
    pub body_name: String,
    pub body_id: Option<i32>,
    pub role: String,
    pub handled_on: Option<Date>,
    pub handled_text: Option<String>,
    pub handled_edtf: Option<String>,
    pub handled_first: Option<Date>,
    pub handled_last: Option<Date>,
    pub outcome: Option<String>,
    pub paragraph: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
