//! A party's withdrawal from a version in force (*uppsägning*): its decision and the day it
//! leaves from.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "withdrawals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub party_id: i32,
    pub deciding_body: String,
    pub deciding_body_id: Option<i32>,
    pub decided_on: Date,
    pub paragraph: Option<String>,
    pub diary_number: Option<String>,
    pub leaves_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
