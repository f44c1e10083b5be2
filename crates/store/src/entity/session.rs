//! A signed-in browser (*session*), stored in the database so that any instance can serve it.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// SHA-256 of the cookie's token: a copy of the table does not let anyone sign in.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub user_id: i32,
    /// Sent back in every form of the session: proves a state change comes from our own page.
    pub csrf_token: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The latest end, however busy the session ([`crate::SESSION_HOURS`] after it began).
    pub expires_at: String,
    /// When it was last used, to the minute or so (not written on every request); a session
    /// unused for [`crate::SESSION_IDLE_MINUTES`] ends. `None` (made before this was kept): its start.
    pub last_seen_at: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
