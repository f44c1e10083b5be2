//! A version's consultation round (*remiss*).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "consultations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub sent_on: Option<Date>,
    pub sent_text: Option<String>,
    pub sent_edtf: Option<String>,
    pub sent_first: Option<Date>,
    pub sent_last: Option<Date>,
    pub deadline: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
