//! Sessions: a random token in an `HttpOnly` cookie, stored only as its SHA-256 hash, with a
//! per-session token that every state-changing form must send back (CSRF).

use chrono::{Duration, Utc};
use samverkan_domain::{Grant, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use crate::accounts::secrets::{random_token, stamp, token_hash};
use crate::entity::{session, user, user_grant};
use crate::error::StoreError;
use crate::store::Store;
use crate::write::Actor;

/// The longest a sign-in lasts, however busy.
pub const SESSION_HOURS: i64 = 10;
/// A sign-in unused for this long ends.
pub const SESSION_IDLE_MINUTES: i64 = 120;
/// How stale `last_seen_at` may get before a request writes it again (one write per session per
/// interval, not one per request).
const LAST_SEEN_INTERVAL_SECONDS: i64 = 60;

/// The signed-in user behind a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub user_id: i32,
    pub email: String,
    pub grants: Vec<Grant>,
    pub csrf_token: String,
    pub must_change_password: bool,
}

/// The roles granted to an account (a grant that no longer makes sense is left out).
pub(crate) async fn grants_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<Grant>, DbErr> {
    Ok(user_grant::Entity::find()
        .filter(user_grant::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|g| Grant::new(Role::parse(&g.role).ok()?, g.party_id, g.area_id).ok())
        .collect())
}

impl From<&SessionUser> for Actor {
    fn from(u: &SessionUser) -> Actor {
        Actor::user(u.user_id, u.grants.clone())
    }
}

impl Store {
    /// Starts a session for a user; returns the cookie's token (shown to nobody else).
    pub async fn start_session(&self, user_id: i32) -> Result<String, StoreError> {
        let token = random_token();
        let now = self.clock.now();
        session::ActiveModel {
            token_hash: Set(token_hash(&token)),
            user_id: Set(user_id),
            csrf_token: Set(random_token()),
            created_at: Set(stamp(now)),
            expires_at: Set(stamp(now + Duration::hours(SESSION_HOURS))),
            last_seen_at: Set(Some(stamp(now))),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(token)
    }

    /// The user of a session that exists, has been used within [`SESSION_IDLE_MINUTES`], has not
    /// reached its end ([`SESSION_HOURS`] after it began), and whose account is not disabled.
    /// Notes the use (at most once a minute); a session found over either limit is removed.
    pub async fn session_user(&self, token: &str) -> Result<Option<SessionUser>, StoreError> {
        let Some(s) =
            session::Entity::find().filter(session::Column::TokenHash.eq(token_hash(token))).one(&self.db).await?
        else {
            return Ok(None);
        };
        let now = self.clock.now();
        let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok().map(|t| t.with_timezone(&Utc));
        let last_seen = at(s.last_seen_at.as_deref().unwrap_or(&s.created_at));
        let over = at(&s.expires_at).is_none_or(|end| end <= now)
            || last_seen.is_none_or(|seen| seen + Duration::minutes(SESSION_IDLE_MINUTES) <= now);
        if over {
            session::Entity::delete_by_id(s.id).exec(&self.db).await?;
            return Ok(None);
        }
        if last_seen.is_some_and(|seen| seen + Duration::seconds(LAST_SEEN_INTERVAL_SECONDS) <= now) {
            // Operational state: not on the audit trail.
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, sea_orm::sea_query::Expr::value(stamp(now)))
                .filter(session::Column::Id.eq(s.id))
                .exec(&self.db)
                .await?;
        }
        let Some(account) = user::Entity::find_by_id(s.user_id).one(&self.db).await?.filter(|u| !u.disabled) else {
            return Ok(None);
        };
        let grants = grants_of(&self.db, account.id).await?;
        Ok(Some(SessionUser {
            user_id: account.id,
            email: account.email,
            grants,
            csrf_token: s.csrf_token,
            must_change_password: account.must_change_password,
        }))
    }

    /// Ends a session (signing out); a token that is not a session is simply ignored.
    pub async fn end_session(&self, token: &str) -> Result<(), StoreError> {
        session::Entity::delete_many().filter(session::Column::TokenHash.eq(token_hash(token))).exec(&self.db).await?;
        Ok(())
    }
}

impl Store {
    /// The key that signs the sign-in form's CSRF token: made at migration, the same for every
    /// instance. Never shown or logged.
    pub async fn login_csrf_secret(&self) -> Result<String, StoreError> {
        use crate::migration::m20261127_000001_sign_in_hardening::LOGIN_CSRF_SECRET;
        crate::entity::server_secret::Entity::find_by_id(LOGIN_CSRF_SECRET.to_owned())
            .one(&self.db)
            .await?
            .map(|s| s.value)
            .ok_or_else(|| StoreError::Corrupt("the sign-in form's key is missing: run `samverkan migrate`".to_owned()))
    }
}
