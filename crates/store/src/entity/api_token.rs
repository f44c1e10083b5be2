//! A personal API token (*API-nyckel*), sent as `Authorization: Bearer …`. Only its hash is
//! stored; the token itself is shown once, when it is made.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// What the owner calls it ("Integration med HSA", …).
    pub name: String,
    /// SHA-256 of the token, hex: a copy of the table does not let anyone in.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_used_at: Option<String>,
    /// Set when revoked; a revoked token is refused.
    pub revoked_at: Option<String>,
    /// The moment it stops working (RFC 3339, UTC), if its owner gave it an end; an expired token
    /// is refused like a revoked one.
    pub expires_at: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
