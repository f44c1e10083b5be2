//! One event of the audit trail (*händelselogg*): who changed what, when, before and after.
//! Append-only; each event carries the hash of the one before it.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// RFC 3339 in UTC, kept as the text that was hashed (a database timestamp type could
    /// round it differently on the way back).
    pub occurred_at: String,
    /// Who: `user:{id}` for a person, `cli:{command}` for the command line.
    pub actor: String,
    /// `create`, `update`, `delete`, `load`, …
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// The record before and after, as JSON; none for a create or a delete respectively.
    #[sea_orm(column_type = "Text", nullable)]
    pub before: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub after: Option<String>,
    pub prev_hash: String,
    #[sea_orm(unique)]
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
