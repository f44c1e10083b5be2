//! Accounts: adding a user with a role and a one-time password.
//!
//! Passwords are hashed with Argon2id on a blocking thread (the hash is made slow on purpose and
//! must not hold up the async runtime). Only the hash is stored; the one-time password is shown
//! once, to whoever adds the account, and must be changed at the first sign-in.

use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use rand::{Rng, SeedableRng};
use samverkan_domain::{Grant, Role, normalise_email};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::entity::{area, party, user, user_grant};
use crate::{Store, StoreError};

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

/// Whether `password` matches the stored hash, checked off the runtime.
pub async fn verify_password(password: String, hash: String) -> Result<bool, StoreError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(|e| StoreError::Corrupt(format!("stored hash: {e}")))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("password check stopped: {e}")))?
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
        let created_at = crate::sessions::stamp(chrono::Utc::now());
        let account = user::ActiveModel {
            email: Set(email.clone()),
            password_hash: Set(Some(hash)),
            must_change_password: Set(true),
            external_issuer: Set(None),
            external_subject: Set(None),
            disabled: Set(false),
            created_at: Set(created_at),
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

    /// Checks an e-mail address and password against the stored hash (for signing in).
    pub async fn check_password(&self, email: &str, password: &str) -> Result<Option<i32>, StoreError> {
        let Ok(email) = normalise_email(email) else { return Ok(None) };
        let Some(account) = user::Entity::find().filter(user::Column::Email.eq(email)).one(&self.db).await? else {
            return Ok(None);
        };
        let Some(hash) = account.password_hash.filter(|_| !account.disabled) else { return Ok(None) };
        Ok(verify_password(password.to_owned(), hash).await?.then_some(account.id))
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
}
