//! A recommendation to adopt a version (Storsthlm board, HSN).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "recommendations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub body_id: Option<i32>,
    pub body_name: String,
    pub addressed_to: String,
    pub decided_on: Option<Date>,
    pub decided_text: Option<String>,
    pub decided_edtf: Option<String>,
    pub decided_first: Option<Date>,
    pub decided_last: Option<Date>,
    pub outcome: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
