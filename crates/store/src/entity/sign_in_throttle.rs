//! A counter of sign-in attempts over a fixed window, for one key: an account and the address it
//! is tried from, an account, or an address. Operational state, not data: not on the audit trail.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_throttle")]
pub struct Model {
    /// SHA-256, hex, of what is counted (`pair:…`, `account:…`, `source:…`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Attempts in the window that did not succeed (or are being checked).
    pub attempts: i32,
    /// RFC 3339, UTC, to the second.
    pub window_start: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
