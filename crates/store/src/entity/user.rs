//! An account (*användare*): who may sign in, and how. No more personal data than the role needs.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Lower-cased (`samverkan_domain::normalise_email`), unique.
    #[sea_orm(unique)]
    pub email: String,
    /// Argon2id, in the PHC string format; none for an account that signs in elsewhere only.
    pub password_hash: Option<String>,
    /// The password was handed out (one-time) and must be changed at the first sign-in.
    pub must_change_password: bool,
    /// When the one-time password stops working (RFC 3339, UTC); `None` once the account has
    /// chosen its own. A one-time password handed out before this was kept ends
    /// [`crate::ONE_TIME_PASSWORD_HOURS`] after `created_at`.
    pub one_time_expires_at: Option<String>,
    /// An identity at an OpenID Connect provider (SITHS via Inera's IdP, Freja, a municipality's
    /// own): the issuer and the subject it gives this person.
    pub external_issuer: Option<String>,
    pub external_subject: Option<String>,
    pub disabled: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
