//! A document an agreement's facts rest on, with its public page when the document gives one.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "agreement_sources")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agreement_id: i32,
    /// The document's title.
    pub title: String,
    /// What it is and who issued it.
    pub detail: Option<String>,
    /// Its public page, only when the sources give the address; never guessed.
    pub url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
