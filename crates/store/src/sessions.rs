//! Sessions: a random token in an `HttpOnly` cookie, stored only as its SHA-256 hash, with a
//! per-session token that every state-changing form must send back (CSRF).

use chrono::{Duration, Utc};
use rand::{Rng, SeedableRng};
use samverkan_domain::{Grant, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::entity::{session, user, user_grant};
use crate::{Store, StoreError};

/// How long a sign-in lasts.
pub const SESSION_HOURS: i64 = 10;

/// A random token: 32 bytes from the system's random source, hex.
pub fn random_token() -> String {
    let mut rng = rand::rngs::StdRng::from_os_rng();
    let bytes: [u8; 32] = rng.random();
    hex::encode(bytes)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The signed-in user behind a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub user_id: i32,
    pub email: String,
    pub grants: Vec<Grant>,
    pub csrf_token: String,
    pub must_change_password: bool,
}

impl Store {
    /// Starts a session for a user; returns the cookie's token (shown to nobody else).
    pub async fn start_session(&self, user_id: i32) -> Result<String, StoreError> {
        let token = random_token();
        let now = Utc::now();
        let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        session::ActiveModel {
            token_hash: Set(token_hash(&token)),
            user_id: Set(user_id),
            csrf_token: Set(random_token()),
            created_at: Set(stamp(now)),
            expires_at: Set(stamp(now + Duration::hours(SESSION_HOURS))),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(token)
    }

    /// The user of a session that exists, has not expired, and whose account is not disabled.
    pub async fn session_user(&self, token: &str) -> Result<Option<SessionUser>, StoreError> {
        let Some(s) =
            session::Entity::find().filter(session::Column::TokenHash.eq(token_hash(token))).one(&self.db).await?
        else {
            return Ok(None);
        };
        let expired = chrono::DateTime::parse_from_rfc3339(&s.expires_at).map_or(true, |t| t < Utc::now());
        if expired {
            session::Entity::delete_by_id(s.id).exec(&self.db).await?;
            return Ok(None);
        }
        let Some(account) = user::Entity::find_by_id(s.user_id).one(&self.db).await?.filter(|u| !u.disabled) else {
            return Ok(None);
        };
        let grants = user_grant::Entity::find()
            .filter(user_grant::Column::UserId.eq(account.id))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|g| Grant::new(Role::parse(&g.role).ok()?, g.party_id, g.area_id).ok())
            .collect();
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
