//! One's own account: personal API tokens and changing one's password.
//!
//! A token is a random string shown once, to its owner, when it is made; only its SHA-256 hash
//! is stored. It is sent as `Authorization: Bearer …` and stands for its owner, with the owner's
//! roles, until it is revoked (a revoked token is kept, marked, so the account page and the
//! audit trail can still say what it was), until the end its owner gave it, if any, or until
//! the owner's password is changed or reset, which revokes all of the account's tokens. Neither
//! a token, a password nor a hash ever reaches the audit trail.

use chrono::{DateTime, Duration, Utc};
use samverkan_domain::account::{
    ACCOUNT_UNAVAILABLE, ACCOUNT_UNAVAILABLE_SENTENCE, CHANGED_ELSEWHERE, CURRENT_PASSWORD_WRONG, NO_PASSWORD_HERE,
    check_token_end, no_account_for, token_name,
};
use samverkan_domain::{Grant, Role, normalise_email};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};

use crate::accounts::secrets::{
    AccountError, hash_password, invalid, random_token, stamp, token_hash, verify_password,
};
use crate::accounts::sessions::{SessionUser, grants_of};
use crate::accounts::users::end_sessions_and_tokens;
use crate::entity::{api_token, area, party, user};
use crate::error::StoreError;
use crate::store::Store;
use crate::write::Event;

/// The longest a token's name may be.
pub use samverkan_domain::account::TOKEN_NAME_MAX;
pub use samverkan_domain::{PASSWORD_MAX, PASSWORD_MIN};
/// How stale `last_used_at` may get before a use writes it again (one write per token per
/// interval, not one per request).
const LAST_USED_INTERVAL_MINUTES: i64 = 5;

/// A token as its owner sees it on the account page: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenInfo {
    pub id: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it stops working, if its owner gave it an end.
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// A grant with the names of the party or area it is for, to show to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantDescription {
    pub role: Role,
    pub party: Option<String>,
    pub area: Option<String>,
}

fn parse_stamp(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("stored time {s:?}: {e}")))
}

impl Store {
    /// Makes a personal API token for an account. Returns its id and the token, which is shown
    /// once and stored only as its hash. `actor` is who makes it, for the audit trail.
    pub async fn create_api_token(&self, user_id: i32, name: &str, actor: &str) -> Result<(i32, String), AccountError> {
        self.create_api_token_until(user_id, name, None, actor).await
    }

    /// [`Store::create_api_token`], with the moment the token stops working (`None`: when it is
    /// revoked or the password changes). The moment must be in the future (field `expires`).
    pub async fn create_api_token_until(
        &self,
        user_id: i32,
        name: &str,
        expires_at: Option<DateTime<Utc>>,
        actor: &str,
    ) -> Result<(i32, String), AccountError> {
        let name = token_name(name).map_err(|m| invalid("name", m))?;
        let now = self.clock.now();
        check_token_end(expires_at, now).map_err(|m| invalid("expires", m))?;
        let token = random_token();
        let w = self.account_write_as(actor).await?;
        match user::Entity::find_by_id(user_id).one(w.txn()).await? {
            Some(account) if !account.disabled => {}
            _ => return Err(invalid("email", ACCOUNT_UNAVAILABLE)),
        }
        let row = api_token::ActiveModel {
            user_id: Set(user_id),
            name: Set(name.clone()),
            token_hash: Set(token_hash(&token)),
            created_at: Set(stamp(now)),
            last_used_at: Set(None),
            revoked_at: Set(None),
            expires_at: Set(expires_at.map(stamp)),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        // Never the token or its hash.
        let after = serde_json::json!({ "name": name, "user_id": user_id, "expires_at": expires_at.map(stamp) });
        w.commit(Event::new("create", "api_token", row.id).after(Some(after))).await?;
        Ok((row.id, token))
    }

    /// Makes a token for the account with this e-mail address (the command line).
    pub async fn create_api_token_for_email(
        &self,
        email: &str,
        name: &str,
        expires_at: Option<DateTime<Utc>>,
        actor: &str,
    ) -> Result<(i32, String), AccountError> {
        let email = normalise_email(email).map_err(|m| invalid("email", m))?;
        let account = user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(&self.db)
            .await?
            .filter(|u| !u.disabled)
            .ok_or_else(|| invalid("email", no_account_for(&email)))?;
        self.create_api_token_until(account.id, name, expires_at, actor).await
    }

    /// An account's tokens, newest first, revoked ones included.
    pub async fn api_tokens_of(&self, user_id: i32) -> Result<Vec<ApiTokenInfo>, StoreError> {
        api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user_id))
            .order_by_desc(api_token::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| {
                Ok(ApiTokenInfo {
                    id: t.id,
                    name: t.name,
                    created_at: parse_stamp(&t.created_at)?,
                    last_used_at: t.last_used_at.as_deref().map(parse_stamp).transpose()?,
                    expires_at: t.expires_at.as_deref().map(parse_stamp).transpose()?,
                    revoked: t.revoked_at.is_some(),
                })
            })
            .collect()
    }

    /// Revokes one of the account's own tokens. `false` when the account has no such token;
    /// revoking a revoked token changes nothing.
    pub async fn revoke_api_token(&self, user_id: i32, token_id: i32, actor: &str) -> Result<bool, AccountError> {
        let w = self.account_write_as(actor).await?;
        let Some(row) = api_token::Entity::find_by_id(token_id).one(w.txn()).await?.filter(|t| t.user_id == user_id)
        else {
            return Ok(false);
        };
        if row.revoked_at.is_some() {
            return Ok(true);
        }
        let now = stamp(Utc::now());
        let name = row.name.clone();
        let mut active = row.into_active_model();
        active.revoked_at = Set(Some(now.clone()));
        active.update(w.txn()).await?;
        let event = Event::new("revoke", "api_token", token_id)
            .before(Some(serde_json::json!({ "name": name, "user_id": user_id, "revoked_at": null })))
            .after(Some(serde_json::json!({ "name": name, "user_id": user_id, "revoked_at": now })));
        w.commit(event).await?;
        Ok(true)
    }

    /// The user a bearer token stands for: a token that exists, is not revoked and has not
    /// reached its end, of an account that is not disabled. Notes when the token was last used.
    pub async fn token_user(&self, token: &str) -> Result<Option<SessionUser>, StoreError> {
        let Some(row) = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(token_hash(token)))
            .filter(api_token::Column::RevokedAt.is_null())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let now = self.clock.now();
        if row.expires_at.as_deref().is_some_and(|end| parse_stamp(end).is_ok_and(|end| end <= now)) {
            return Ok(None);
        }
        let Some(account) = user::Entity::find_by_id(row.user_id).one(&self.db).await?.filter(|u| !u.disabled) else {
            return Ok(None);
        };
        let stale = stamp(now - Duration::minutes(LAST_USED_INTERVAL_MINUTES));
        if row.last_used_at.as_ref().is_none_or(|t| *t < stale) {
            // Operational state, like a session: not on the audit trail.
            api_token::Entity::update_many()
                .col_expr(api_token::Column::LastUsedAt, sea_orm::sea_query::Expr::value(stamp(now)))
                .filter(api_token::Column::Id.eq(row.id))
                .exec(&self.db)
                .await?;
        }
        Ok(Some(SessionUser {
            user_id: account.id,
            email: account.email,
            grants: grants_of(&self.db, account.id).await?,
            // The API needs no CSRF token: a browser never sends a bearer token on its own.
            csrf_token: String::new(),
            must_change_password: false,
        }))
    }

    /// Grants with the names of their party or area, for the account page.
    pub async fn describe_grants(&self, grants: &[Grant]) -> Result<Vec<GrantDescription>, StoreError> {
        let mut out = Vec::with_capacity(grants.len());
        for g in grants {
            let party = match g.party_id {
                Some(id) => party::Entity::find_by_id(id).one(&self.db).await?.map(|p| p.name),
                None => None,
            };
            let area = match g.area_id {
                Some(id) => area::Entity::find_by_id(id).one(&self.db).await?.map(|a| a.name),
                None => None,
            };
            out.push(GrantDescription { role: g.role, party, area });
        }
        Ok(out)
    }

    /// Changes a user's own password: the current one must be right; the new one must pass
    /// [`samverkan_domain::check_new_password`] (length, not the e-mail address nor the current
    /// password, hard to guess). Clears `must_change_password`, ends the account's other sessions
    /// (`keep_session` is the token of the session making the change, which stays signed in) and
    /// revokes all its API tokens.
    pub async fn change_password(
        &self,
        user_id: i32,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
        actor: &str,
    ) -> Result<(), AccountError> {
        let account = user::Entity::find_by_id(user_id)
            .one(&self.db)
            .await?
            .filter(|u| !u.disabled)
            .ok_or_else(|| invalid("current_password", ACCOUNT_UNAVAILABLE_SENTENCE))?;
        let Some(stored) = account.password_hash.clone() else {
            return Err(invalid("current_password", NO_PASSWORD_HERE));
        };
        if current.is_empty() || !verify_password(current.to_owned(), Some(stored.clone())).await? {
            return Err(invalid("current_password", CURRENT_PASSWORD_WRONG));
        }
        samverkan_domain::check_new_password(new, &account.email, Some(current))
            .map_err(|message| invalid("new_password", message))?;
        let hash = hash_password(new.to_owned()).await?;

        let w = self.account_write_as(actor).await?;
        // Checked again inside the write: a change made meanwhile (elsewhere) wins, not this one.
        let Some(fresh) = user::Entity::find_by_id(user_id).one(w.txn()).await? else {
            return Err(invalid("current_password", ACCOUNT_UNAVAILABLE_SENTENCE));
        };
        if fresh.password_hash.as_deref() != Some(stored.as_str()) {
            return Err(invalid("current_password", CHANGED_ELSEWHERE));
        }
        let had_to_change = fresh.must_change_password;
        let mut active = fresh.into_active_model();
        active.password_hash = Set(Some(hash));
        active.must_change_password = Set(false);
        active.one_time_expires_at = Set(None);
        active.update(w.txn()).await?;
        let (ended, revoked) = end_sessions_and_tokens(w.txn(), user_id, keep_session, self.clock.now()).await?;
        // Never a password or a hash: only what changed around them.
        let event = Event::new("change_password", "user", user_id)
            .before(Some(serde_json::json!({ "must_change_password": had_to_change })))
            .after(Some(serde_json::json!({
                "must_change_password": false,
                "other_sessions_ended": ended,
                "tokens_revoked": revoked,
            })));
        w.commit(event).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::NewUser;

    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display())).await.unwrap();
        store.migrate().await.unwrap();
        store.seed_reference_data().await.unwrap();
        (store, dir)
    }

    async fn editor(store: &Store) -> crate::AddedUser {
        let new =
            NewUser { email: "redaktor@nacka.se", role: Role::PartyEditor, party_code: Some("0182"), area_id: None };
        store.add_user(new, "test").await.unwrap()
    }

    #[tokio::test]
    async fn a_token_stands_for_its_owner_until_revoked() {
        let (store, _dir) = store().await;
        let added = editor(&store).await;
        let (id, token) = store.create_api_token(added.id, "  Integration  ", "user:1").await.unwrap();
        assert_eq!(token.len(), 64);
        let stored = api_token::Entity::find_by_id(id).one(&store.db).await.unwrap().unwrap();
        assert_eq!(stored.name, "Integration");
        assert_ne!(stored.token_hash, token);
        assert!(stored.last_used_at.is_none());

        let user = store.token_user(&token).await.unwrap().unwrap();
        assert_eq!(user.user_id, added.id);
        assert_eq!(user.grants.len(), 1);
        assert_eq!(user.grants[0].role, Role::PartyEditor);
        assert!(user.csrf_token.is_empty());
        assert!(store.token_user("nej").await.unwrap().is_none());
        let tokens = store.api_tokens_of(added.id).await.unwrap();
        assert_eq!(tokens.len(), 1);
        assert!(tokens[0].last_used_at.is_some(), "use is noted");
        assert!(!tokens[0].revoked);

        // Only the owner revokes.
        assert!(!store.revoke_api_token(added.id + 1, id, "user:9").await.unwrap());
        assert!(store.token_user(&token).await.unwrap().is_some());
        assert!(store.revoke_api_token(added.id, id, "user:1").await.unwrap());
        assert!(store.revoke_api_token(added.id, id, "user:1").await.unwrap(), "again: nothing more happens");
        assert!(store.token_user(&token).await.unwrap().is_none());
        assert!(store.api_tokens_of(added.id).await.unwrap()[0].revoked);

        let events = store.audit_events_of("api_token", &id.to_string()).await.unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["revoke", "create"]);
        for e in &events {
            let text = format!("{:?}{:?}", e.before, e.after);
            assert!(!text.contains(&token) && !text.contains(&stored.token_hash), "{text}");
        }
        assert!(matches!(store.verify_audit_trail().await.unwrap(), crate::AuditCheck::Intact { events: 4 }));
    }

    #[tokio::test]
    async fn bad_token_requests_name_the_field() {
        let (store, _dir) = store().await;
        let added = editor(&store).await;
        for name in ["", "   ", &"x".repeat(TOKEN_NAME_MAX + 1), "a\u{7}b"] {
            match store.create_api_token(added.id, name, "t").await {
                Err(AccountError::Invalid { field: "name", .. }) => {}
                other => panic!("{name:?}: {other:?}"),
            }
        }
        match store.create_api_token_for_email("okand@nacka.se", "x", None, "cli").await {
            Err(AccountError::Invalid { field: "email", .. }) => {}
            other => panic!("{other:?}"),
        }
        let (_, token) = store.create_api_token_for_email("Redaktor@Nacka.se", "cli", None, "cli").await.unwrap();
        assert_eq!(store.token_user(&token).await.unwrap().unwrap().email, "redaktor@nacka.se");
    }

    #[tokio::test]
    async fn changing_the_password_checks_both_and_ends_other_sessions() {
        let (store, _dir) = store().await;
        let added = editor(&store).await;
        let old = added.one_time_password.clone();
        let here = store.start_session(added.id).await.unwrap();
        let elsewhere = store.start_session(added.id).await.unwrap();
        let field = |r: Result<(), AccountError>| match r {
            Err(AccountError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(store.change_password(added.id, "fel", "ett långt nytt lösenord", Some(&here), "u").await),
            "current_password"
        );
        assert_eq!(field(store.change_password(added.id, &old, "kort", Some(&here), "u").await), "new_password");
        assert_eq!(
            field(store.change_password(added.id, &old, "Redaktor@Nacka.se", Some(&here), "u").await),
            "new_password"
        );
        assert_eq!(field(store.change_password(added.id, &old, &old, Some(&here), "u").await), "new_password");
        assert!(store.session_user(&elsewhere).await.unwrap().unwrap().must_change_password);

        store.change_password(added.id, &old, "ett långt nytt lösenord", Some(&here), "u").await.unwrap();
        assert_eq!(store.check_password("redaktor@nacka.se", &old).await.unwrap(), None);
        assert_eq!(store.check_password("redaktor@nacka.se", "ett långt nytt lösenord").await.unwrap(), Some(added.id));
        let kept = store.session_user(&here).await.unwrap().unwrap();
        assert!(!kept.must_change_password);
        assert!(store.session_user(&elsewhere).await.unwrap().is_none(), "the other session is ended");

        let events = store.audit_events_of("user", &added.id.to_string()).await.unwrap();
        assert_eq!(events[0].action, "change_password");
        let text = format!("{:?}{:?}", events[0].before, events[0].after);
        assert!(!text.contains("lösenord") && !text.contains(&old) && !text.contains("argon2"), "{text}");
        assert!(matches!(store.verify_audit_trail().await.unwrap(), crate::AuditCheck::Intact { events: 3 }));
    }

    #[tokio::test]
    async fn a_token_ends_on_its_last_day_and_with_a_password_change() {
        let (store, _dir) = store().await;
        let added = editor(&store).await;
        let now = store.clock.now();
        match store.create_api_token_until(added.id, "Gammal", Some(now - Duration::seconds(1)), "u").await {
            Err(AccountError::Invalid { field: "expires", .. }) => {}
            other => panic!("{other:?}"),
        }
        let (_, short) =
            store.create_api_token_until(added.id, "Kort", Some(now + Duration::hours(1)), "u").await.unwrap();
        let (_, lasting) = store.create_api_token(added.id, "Länge", "u").await.unwrap();
        assert!(store.token_user(&short).await.unwrap().is_some());
        store.clock.advance(Duration::hours(1));
        assert!(store.token_user(&short).await.unwrap().is_none(), "past its end");
        assert!(store.token_user(&lasting).await.unwrap().is_some());
        let listed = store.api_tokens_of(added.id).await.unwrap();
        assert!(listed.iter().any(|t| t.name == "Kort" && t.expires_at.is_some()));

        store.change_password(added.id, &added.one_time_password, "ett långt nytt lösenord", None, "u").await.unwrap();
        assert!(store.token_user(&lasting).await.unwrap().is_none(), "a password change ends every token");
        assert!(store.api_tokens_of(added.id).await.unwrap().iter().all(|t| t.revoked || t.name == "Kort"));
        let events = store.audit_events_of("user", &added.id.to_string()).await.unwrap();
        assert!(events[0].after.as_deref().unwrap().contains("\"tokens_revoked\":2"), "{:?}", events[0].after);
    }
}
