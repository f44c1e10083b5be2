//! Sessions: a random token in an `HttpOnly` cookie, stored only as its SHA-256 hash, with a
//! per-session token that every state-changing form must send back (CSRF).

use chrono::{Duration, Utc};
use rand::{Rng, SeedableRng};
use samverkan_domain::{Grant, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::entity::{login_failure, session, user, user_grant};
use crate::{Store, StoreError};

/// How long a sign-in lasts.
pub const SESSION_HOURS: i64 = 10;

/// A random token: 32 bytes from the system's random source, hex.
pub fn random_token() -> String {
    let mut rng = rand::rngs::StdRng::from_os_rng();
    let bytes: [u8; 32] = rng.random();
    hex::encode(bytes)
}

/// How a token is stored: SHA-256, hex.
pub(crate) fn token_hash(token: &str) -> String {
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

/// Failed sign-ins count for this long.
pub const THROTTLE_MINUTES: i64 = 15;
/// Failures within the window after which an account refuses sign-ins until the window passes.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failures within the window after which an address is refused (several people may share one).
pub const MAX_FAILURES_PER_ADDRESS: u64 = 20;

/// A moment as stored: RFC 3339 in UTC, to the second (so text order is time order).
pub(crate) fn stamp(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn account_key(email: &str) -> String {
    format!("email:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("ip:{address}")
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

impl Store {
    /// Whether sign-ins for this account, or from this address, are held back after repeated
    /// failures.
    pub async fn sign_in_throttled(&self, email: &str, address: &str) -> Result<bool, StoreError> {
        use sea_orm::PaginatorTrait;
        let since = stamp(Utc::now() - Duration::minutes(THROTTLE_MINUTES));
        let count = |key: String| {
            login_failure::Entity::find()
                .filter(login_failure::Column::Key.eq(key))
                .filter(login_failure::Column::At.gte(since.clone()))
                .count(&self.db)
        };
        Ok(count(account_key(email)).await? >= MAX_FAILURES_PER_ACCOUNT
            || count(address_key(address)).await? >= MAX_FAILURES_PER_ADDRESS)
    }

    /// Notes a failed sign-in against the account and the address (and forgets old ones).
    pub async fn record_sign_in_failure(&self, email: &str, address: &str) -> Result<(), StoreError> {
        let now = Utc::now();
        let keys = [account_key(email), address_key(address)];
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Key.is_in(keys.clone()))
            .filter(login_failure::Column::At.lt(stamp(now - Duration::minutes(THROTTLE_MINUTES))))
            .exec(&self.db)
            .await?;
        for key in keys {
            login_failure::ActiveModel { key: Set(key), at: Set(stamp(now)), ..Default::default() }
                .insert(&self.db)
                .await?;
        }
        Ok(())
    }

    /// After a successful sign-in the account's failures no longer count.
    pub async fn clear_sign_in_failures(&self, email: &str) -> Result<(), StoreError> {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Key.eq(account_key(email)))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Starts a session for a user; returns the cookie's token (shown to nobody else).
    pub async fn start_session(&self, user_id: i32) -> Result<String, StoreError> {
        let token = random_token();
        let now = Utc::now();
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
