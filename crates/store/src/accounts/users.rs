//! Accounts: adding a user with a role and a one-time password, issuing a new one, and checking
//! a password at sign-in.
//!
//! Passwords are hashed with Argon2id on a blocking thread (the hash is made slow on purpose and
//! must not hold up the async runtime). Only the hash is stored; the one-time password is shown
//! once, to whoever adds the account, works for [`ONE_TIME_PASSWORD_HOURS`], and must be changed
//! at the first sign-in.
//!
//! Signing in takes the same work whether the account exists or not: an address with no account
//! (or a disabled one, or one that signs in elsewhere) has its password checked against a hash
//! made at start with the same parameters, so the time taken does not tell who has an account.

use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use std::sync::LazyLock;

use argon2::{Argon2, PasswordHash, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use samverkan_domain::{Grant, Role, normalise_email};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use crate::entity::{api_token, area, party, session, user, user_grant};
use crate::sessions::stamp;
use crate::throttle::Gate;
use crate::{Store, StoreError};

/// How long a one-time password works.
pub const ONE_TIME_PASSWORD_HOURS: i64 = 72;

/// What a sign-in came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    /// The password is right: the account's id.
    Accepted(i32),
    /// Wrong e-mail address or password (which of them is not said).
    Refused,
    /// The password was right, but it is a one-time password past its time: a process leader
    /// issues a new one.
    OneTimeExpired,
    /// Too many failures: not checked. Sign-ins open again after `retry_after`.
    Held { retry_after: Duration },
}

/// What a password check found.
enum Check {
    Right(i32),
    Wrong,
    OneTimeExpired,
}

/// Who to add.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub role: Role,
    /// The party's SCB code, for a party editor.
    pub party_code: Option<&'a str>,
    /// The area's id, for an area coordinator.
    pub area_id: Option<i32>,
}

/// The account that was made, and its one-time password (shown once, stored only as a hash).
#[derive(Debug)]
pub struct AddedUser {
    pub id: i32,
    pub email: String,
    pub one_time_password: String,
}

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

fn invalid(field: &'static str, message: impl ToString) -> AccountError {
    AccountError::Invalid { field, message: message.to_string() }
}

/// Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
const PASSWORD_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A one-time password: 20 characters from the system's random source (~114 bits).
fn one_time_password() -> String {
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
static STAND_IN_HASH: LazyLock<String> = LazyLock::new(|| {
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

/// When an account's one-time password stops working (one handed out before this was kept: from
/// when the account was made).
fn one_time_end(account: &user::Model) -> Option<DateTime<Utc>> {
    let at = |t: &str| DateTime::parse_from_rfc3339(t).ok().map(|t| t.with_timezone(&Utc));
    match &account.one_time_expires_at {
        Some(end) => at(end),
        None => at(&account.created_at).map(|made| made + Duration::hours(ONE_TIME_PASSWORD_HOURS)),
    }
}

/// Ends every session of an account (optionally but one, by its token) and revokes all its API
/// tokens, inside the caller's write: after a password is changed or reset, nothing made with
/// the old one still works. Returns how many of each ended.
pub(crate) async fn end_sessions_and_tokens(
    txn: &impl ConnectionTrait,
    user_id: i32,
    keep_session: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(u64, u64), StoreError> {
    let mut sessions = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(token) = keep_session {
        sessions = sessions.filter(session::Column::TokenHash.ne(crate::sessions::token_hash(token)));
    }
    let sessions = sessions.exec(txn).await?.rows_affected;
    let tokens = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, sea_orm::sea_query::Expr::value(stamp(now)))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    Ok((sessions, tokens))
}

impl Store {
    /// Adds an account with one role. `actor` is who adds it, for the audit trail.
    pub async fn add_user(&self, new: NewUser<'_>, actor: &str) -> Result<AddedUser, AccountError> {
        let email = normalise_email(new.email).map_err(|m| invalid("email", m))?;
        let party_id = match new.party_code {
            None => None,
            Some(code) => Some(
                party::Entity::find()
                    .filter(party::Column::Code.eq(code.trim()))
                    .one(&self.db)
                    .await?
                    .ok_or_else(|| invalid("party", format!("ingen part har koden {code:?}")))?
                    .id,
            ),
        };
        if let Some(id) = new.area_id
            && area::Entity::find_by_id(id).one(&self.db).await?.is_none()
        {
            return Err(invalid("area", format!("inget närområde har id {id}")));
        }
        let grant = Grant::new(new.role, party_id, new.area_id).map_err(|e| invalid(e.field, e.message))?;
        let password = one_time_password();
        let hash = hash_password(password.clone()).await?;

        let txn = crate::audit::begin_write(&self.db).await?;
        if user::Entity::find().filter(user::Column::Email.eq(&email)).one(&txn).await?.is_some() {
            return Err(invalid("email", format!("det finns redan ett konto för {email}")));
        }
        let now = self.clock.now();
        let account = user::ActiveModel {
            email: Set(email.clone()),
            password_hash: Set(Some(hash)),
            must_change_password: Set(true),
            one_time_expires_at: Set(Some(stamp(now + Duration::hours(ONE_TIME_PASSWORD_HOURS)))),
            external_issuer: Set(None),
            external_subject: Set(None),
            disabled: Set(false),
            created_at: Set(stamp(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        user_grant::ActiveModel {
            user_id: Set(account.id),
            role: Set(grant.role.code().to_owned()),
            party_id: Set(grant.party_id),
            area_id: Set(grant.area_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        crate::audit::append(
            &txn,
            crate::AuditEntry {
                actor: actor.to_owned(),
                action: "create".to_owned(),
                entity: "user".to_owned(),
                entity_id: Some(account.id.to_string()),
                before: None,
                // Never the password or its hash.
                after: Some(serde_json::json!({
                    "email": email,
                    "grants": [{ "role": grant.role.code(), "party_id": grant.party_id, "area_id": grant.area_id }],
                })),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(AddedUser { id: account.id, email, one_time_password: password })
    }

    /// Signs in: takes a place in the throttling counters for the account from `source` (an IP
    /// address), then checks the password, with the same work for an address that has no
    /// account. A right password gives the place back; a wrong one keeps it.
    pub async fn sign_in(&self, email: &str, password: &str, source: &str) -> Result<SignIn, StoreError> {
        let attempt = match self.begin_sign_in_attempt(email, source).await? {
            Gate::Held { retry_after } => return Ok(SignIn::Held { retry_after }),
            Gate::Open(attempt) => attempt,
        };
        match self.check(email, password).await? {
            Check::Right(id) => {
                self.sign_in_attempt_succeeded(attempt).await?;
                Ok(SignIn::Accepted(id))
            }
            Check::OneTimeExpired => {
                // The password was right: no guess to count.
                self.sign_in_attempt_succeeded(attempt).await?;
                Ok(SignIn::OneTimeExpired)
            }
            Check::Wrong => Ok(SignIn::Refused),
        }
    }

    /// Checks an e-mail address and password against the stored hash, unthrottled (sign-ins go
    /// through [`Store::sign_in`]): the account's id when the password is right and usable.
    pub async fn check_password(&self, email: &str, password: &str) -> Result<Option<i32>, StoreError> {
        Ok(match self.check(email, password).await? {
            Check::Right(id) => Some(id),
            Check::Wrong | Check::OneTimeExpired => None,
        })
    }

    /// One Argon2 check, whether or not the address has a usable account.
    async fn check(&self, email: &str, password: &str) -> Result<Check, StoreError> {
        let account = match normalise_email(email) {
            Ok(email) => user::Entity::find().filter(user::Column::Email.eq(email)).one(&self.db).await?,
            Err(_) => None,
        };
        let account = account.filter(|a| !a.disabled && a.password_hash.is_some());
        let hash = account.as_ref().and_then(|a| a.password_hash.clone());
        self.password_checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let right = verify_password(password.to_owned(), hash).await?;
        Ok(match account {
            Some(account) if right => {
                if account.must_change_password && one_time_end(&account).is_none_or(|end| end <= self.clock.now()) {
                    Check::OneTimeExpired
                } else {
                    Check::Right(account.id)
                }
            }
            _ => Check::Wrong,
        })
    }

    /// Issues a new one-time password for an account (a process leader's doing, from the command
    /// line): it must be changed at the next sign-in and works for [`ONE_TIME_PASSWORD_HOURS`].
    /// Every session of the account ends and every API token is revoked. On the audit trail,
    /// without the password.
    pub async fn reset_password(&self, email: &str, actor: &str) -> Result<AddedUser, AccountError> {
        let email = normalise_email(email).map_err(|m| invalid("email", m))?;
        let password = one_time_password();
        let hash = hash_password(password.clone()).await?;
        let txn = crate::audit::begin_write(&self.db).await?;
        let account = user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(&txn)
            .await?
            .filter(|u| !u.disabled)
            .ok_or_else(|| invalid("email", format!("det finns inget konto för {email}")))?;
        let id = account.id;
        let had_to_change = account.must_change_password;
        let now = self.clock.now();
        let mut active = account.into_active_model();
        active.password_hash = Set(Some(hash));
        active.must_change_password = Set(true);
        active.one_time_expires_at = Set(Some(stamp(now + Duration::hours(ONE_TIME_PASSWORD_HOURS))));
        active.update(&txn).await?;
        let (sessions, tokens) = end_sessions_and_tokens(&txn, id, None, now).await?;
        crate::audit::append(
            &txn,
            crate::AuditEntry {
                actor: actor.to_owned(),
                action: "reset_password".to_owned(),
                entity: "user".to_owned(),
                entity_id: Some(id.to_string()),
                // Never the password or its hash.
                before: Some(serde_json::json!({ "must_change_password": had_to_change })),
                after: Some(serde_json::json!({
                    "must_change_password": true,
                    "sessions_ended": sessions,
                    "tokens_revoked": tokens,
                })),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(AddedUser { id, email, one_time_password: password })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}?mode=rwc", dir.path().join("u.db").display())).await.unwrap();
        store.migrate().await.unwrap();
        store.seed_reference_data().await.unwrap();
        (store, dir)
    }

    fn admin(email: &str) -> NewUser<'_> {
        NewUser { email, role: Role::Admin, party_code: None, area_id: None }
    }

    #[tokio::test]
    async fn an_added_user_signs_in_with_the_one_time_password_only() {
        let (store, _dir) = store().await;
        let added = store.add_user(admin(" Process.Ledare@Storsthlm.se "), "cli").await.unwrap();
        assert_eq!(added.email, "process.ledare@storsthlm.se");
        assert_eq!(added.one_time_password.len(), 20);
        let stored = user::Entity::find_by_id(added.id).one(&store.db).await.unwrap().unwrap();
        let hash = stored.password_hash.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains(&added.one_time_password));
        assert!(stored.must_change_password);
        let ok = store.check_password("process.ledare@storsthlm.se", &added.one_time_password).await.unwrap();
        assert_eq!(ok, Some(added.id));
        assert_eq!(store.check_password("process.ledare@storsthlm.se", "fel").await.unwrap(), None);
        assert_eq!(store.check_password("okänd@storsthlm.se", &added.one_time_password).await.unwrap(), None);
        // On the record, without the password.
        let events = store.audit_events_of("user", &added.id.to_string()).await.unwrap();
        assert_eq!(events.len(), 1);
        assert!(!events[0].after.as_deref().unwrap().contains("argon2"));
        assert_eq!(store.verify_audit_trail().await.unwrap(), crate::AuditCheck::Intact { events: 2 });
    }

    #[tokio::test]
    async fn bad_input_names_the_field_and_saves_nothing() {
        let (store, _dir) = store().await;
        store.add_user(admin("anna@nacka.se"), "cli").await.unwrap();
        let cases = [
            (admin("anna@nacka.se"), "email"),
            (admin("inte-en-adress"), "email"),
            (NewUser { email: "b@nacka.se", role: Role::PartyEditor, party_code: None, area_id: None }, "party"),
            (
                NewUser { email: "b@nacka.se", role: Role::PartyEditor, party_code: Some("9999"), area_id: None },
                "party",
            ),
            (
                NewUser { email: "b@nacka.se", role: Role::AreaCoordinator, party_code: None, area_id: Some(99_999) },
                "area",
            ),
            (NewUser { email: "b@nacka.se", role: Role::Admin, party_code: Some("0182"), area_id: None }, "party"),
        ];
        for (new, field) in cases {
            match store.add_user(new.clone(), "cli").await {
                Err(AccountError::Invalid { field: f, .. }) => assert_eq!(f, field, "{new:?}"),
                other => panic!("{new:?}: {other:?}"),
            }
        }
        assert_eq!(user::Entity::find().all(&store.db).await.unwrap().len(), 1);
        let editor = NewUser { email: "b@nacka.se", role: Role::PartyEditor, party_code: Some("0182"), area_id: None };
        store.add_user(editor, "cli").await.unwrap();
        assert_eq!(store.verify_audit_trail().await.unwrap(), crate::AuditCheck::Intact { events: 3 });
    }

    #[tokio::test]
    async fn an_unknown_account_costs_one_password_check_like_a_known_one() {
        let (store, _dir) = store().await;
        let added = store.add_user(admin("anna@nacka.se"), "cli").await.unwrap();
        for email in ["anna@nacka.se", "ingen@nacka.se", "inte en adress"] {
            let before = store.password_checks();
            assert_eq!(store.sign_in(email, "fel lösenord", "192.0.2.1").await.unwrap(), SignIn::Refused);
            assert_eq!(store.password_checks() - before, 1, "{email}");
        }
        // The stand-in hash is made with the parameters every stored hash is made with.
        let stored = user::Entity::find_by_id(added.id).one(&store.db).await.unwrap().unwrap().password_hash.unwrap();
        let params = |h: &str| h.rsplitn(3, '$').nth(2).unwrap().to_owned();
        assert_eq!(params(&STAND_IN_HASH), params(&stored));
        assert!(!verify_password(added.one_time_password.clone(), None).await.unwrap());
    }

    #[tokio::test]
    async fn a_one_time_password_expires_and_a_reset_issues_a_new_one() {
        let (store, _dir) = store().await;
        let added = store.add_user(admin("anna@nacka.se"), "cli").await.unwrap();
        let session = store.start_session(added.id).await.unwrap();
        store.clock.advance(Duration::hours(ONE_TIME_PASSWORD_HOURS) - Duration::minutes(1));
        assert_eq!(
            store.sign_in("anna@nacka.se", &added.one_time_password, "192.0.2.1").await.unwrap(),
            SignIn::Accepted(added.id)
        );
        store.clock.advance(Duration::minutes(2));
        assert_eq!(
            store.sign_in("anna@nacka.se", &added.one_time_password, "192.0.2.1").await.unwrap(),
            SignIn::OneTimeExpired
        );
        assert_eq!(store.check_password("anna@nacka.se", &added.one_time_password).await.unwrap(), None);

        let reset = store.reset_password("Anna@Nacka.se", "cli").await.unwrap();
        assert_eq!((reset.id, reset.email.as_str()), (added.id, "anna@nacka.se"));
        assert_ne!(reset.one_time_password, added.one_time_password);
        assert_eq!(
            store.sign_in("anna@nacka.se", &reset.one_time_password, "192.0.2.1").await.unwrap(),
            SignIn::Accepted(added.id)
        );
        assert!(store.session_user(&session).await.unwrap().is_none(), "its sessions ended");
        match store.reset_password("ingen@nacka.se", "cli").await {
            Err(AccountError::Invalid { field: "email", .. }) => {}
            other => panic!("{other:?}"),
        }
        let events = store.audit_events_of("user", &added.id.to_string()).await.unwrap();
        assert_eq!((events[0].action.as_str(), events[0].actor.as_str()), ("reset_password", "cli"));
        assert!(!format!("{:?}", events[0]).contains(&reset.one_time_password));
        assert_eq!(store.verify_audit_trail().await.unwrap(), crate::AuditCheck::Intact { events: 3 });
    }
}
