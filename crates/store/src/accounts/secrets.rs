//! The secrets of accounts: passwords, hashed with Argon2id on a blocking thread (the hash is
//! made slow on purpose and must not hold up the async runtime), one-time passwords, random
//! tokens and how they are stored (SHA-256), and the moment as stored. Also the error every
//! account's write answers with. It imports no other account module.
//!
//! Checking a password takes the same work whether the account exists or not: an address with
//! no account has its password checked against a hash made at start with the same parameters
//! ([`prepare_password_checks`]), so the time taken does not tell who has an account.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use chrono::Utc;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

use crate::error::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Input that is not acceptable, naming the field.
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for AccountError {
    fn from(e: sea_orm::DbErr) -> Self {
        AccountError::Store(e.into())
    }
}

pub(crate) fn invalid(field: &'static str, message: impl ToString) -> AccountError {
    AccountError::Invalid { field, message: message.to_string() }
}

/// Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
const PASSWORD_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A one-time password: 20 characters from the system's random source (~114 bits).
pub(crate) fn one_time_password() -> String {
    let mut rng = rand::rngs::StdRng::from_os_rng();
    (0..20).map(|_| char::from(PASSWORD_ALPHABET[rng.random_range(0..PASSWORD_ALPHABET.len())])).collect()
}

/// Hashes a password with Argon2id (the crate's defaults: 19 MiB, 2 passes), off the runtime.
pub async fn hash_password(password: String) -> Result<String, StoreError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("password hashing stopped: {e}")))?
    .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
}

/// The hash an absent account's password is checked against: a random password's, made once per
/// process with the parameters every stored hash is made with, so the check costs the same.
pub(crate) static STAND_IN_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    let password = one_time_password();
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
});

/// Makes the stand-in hash now, so that the first sign-in to an unknown address does not pay
/// for it (and so stand out). Blocking: call it off the async runtime, once at start.
pub fn prepare_password_checks() {
    LazyLock::force(&STAND_IN_HASH);
}

/// Whether `password` matches the stored hash, checked off the runtime. `None` checks it against
/// the stand-in hash (always false, in the same time).
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, StoreError> {
    tokio::task::spawn_blocking(move || {
        let real = hash.is_some();
        let hash = hash.unwrap_or_else(|| STAND_IN_HASH.clone());
        let parsed = PasswordHash::new(&hash).map_err(|e| StoreError::Corrupt(format!("stored hash: {e}")))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && real)
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("password check stopped: {e}")))?
}

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

/// A moment as stored: RFC 3339 in UTC, to the second (so text order is time order).
pub(crate) fn stamp(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
