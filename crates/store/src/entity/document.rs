//! A document's metadata (*handling*): what it is called, its format and size, and what it
//! belongs to (a version, a consultation answer or a decision). The bytes are in
//! [`super::document_content`], by SHA-256.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agreement_id: i32,
    pub version_id: Option<i32>,
    pub answer_id: Option<i32>,
    pub decision_id: Option<i32>,
    pub title: Option<String>,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
