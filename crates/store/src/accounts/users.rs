//! Accounts: adding a user with a role and a one-time password, issuing a new one, and checking
//! a password at sign-in (throttled, [`crate::accounts::throttle`]).
//!
//! Only a password's hash is stored ([`crate::accounts::secrets`]); the one-time password is
//! shown once, to whoever adds the account, works for [`ONE_TIME_PASSWORD_HOURS`], and must be
//! changed at the first sign-in. Signing in takes the same work whether the account exists or
//! not: an address with no account (or a disabled one, or one that signs in elsewhere) has its
//! password checked against the stand-in hash.

use chrono::{DateTime, Duration, Utc};
use samverkan_domain::account::{account_exists, no_account_for, no_area_with_id, no_party_with_code};
use samverkan_domain::{Grant, Role, normalise_email};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use crate::accounts::secrets::{
    AccountError, hash_password, invalid, one_time_password, stamp, token_hash, verify_password,
};
use crate::accounts::throttle::Gate;
use crate::entity::{api_token, area, party, session, user, user_grant};
use crate::error::StoreError;
use crate::store::Store;
use crate::write::Event;

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
        sessions = sessions.filter(session::Column::TokenHash.ne(token_hash(token)));
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
                    .ok_or_else(|| invalid("party", no_party_with_code(code)))?
                    .id,
            ),
        };
        if let Some(id) = new.area_id
            && area::Entity::find_by_id(id).one(&self.db).await?.is_none()
        {
            return Err(invalid("area", no_area_with_id(id)));
        }
        let grant = Grant::new(new.role, party_id, new.area_id).map_err(|e| invalid(e.field, e.message))?;
        let password = one_time_password();
        let hash = hash_password(password.clone()).await?;

        let w = self.account_write_as(actor).await?;
        if user::Entity::find().filter(user::Column::Email.eq(&email)).one(w.txn()).await?.is_some() {
            return Err(invalid("email", account_exists(&email)));
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
        .insert(w.txn())
        .await?;
        user_grant::ActiveModel {
            user_id: Set(account.id),
            role: Set(grant.role.code().to_owned()),
            party_id: Set(grant.party_id),
            area_id: Set(grant.area_id),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        // Never the password or its hash.
        let after = serde_json::json!({
            "email": email,
            "grants": [{ "role": grant.role.code(), "party_id": grant.party_id, "area_id": grant.area_id }],
        });
        w.commit(Event::new("create", "user", account.id).after(Some(after))).await?;
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
        let w = self.account_write_as(actor).await?;
        let account = user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(w.txn())
            .await?
            .filter(|u| !u.disabled)
            .ok_or_else(|| invalid("email", no_account_for(&email)))?;
        let id = account.id;
        let had_to_change = account.must_change_password;
        let now = self.clock.now();
        let mut active = account.into_active_model();
        active.password_hash = Set(Some(hash));
        active.must_change_password = Set(true);
        active.one_time_expires_at = Set(Some(stamp(now + Duration::hours(ONE_TIME_PASSWORD_HOURS))));
        active.update(w.txn()).await?;
        let (sessions, tokens) = end_sessions_and_tokens(w.txn(), id, None, now).await?;
        // Never the password or its hash.
        let event = Event::new("reset_password", "user", id)
            .before(Some(serde_json::json!({ "must_change_password": had_to_change })))
            .after(Some(serde_json::json!({
                "must_change_password": true,
                "sessions_ended": sessions,
                "tokens_revoked": tokens,
            })));
        w.commit(event).await?;
        Ok(AddedUser { id, email, one_time_password: password })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::accounts::secrets::STAND_IN_HASH;

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
