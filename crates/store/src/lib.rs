//! The database of `samverkan`: entities, migrations, queries and the reference-data loader.
//!
//! Every SQL statement of the program lives in this crate, and every one runs on both SQLite
//! (embedded, the default) and PostgreSQL (for scale): one code path, built with SeaORM.

pub mod accounts;
mod agreement_views;
mod agreements;
mod audit;
mod clock;
mod connect;
mod counts;
pub mod demo;
mod documents;
mod edits;
pub mod entity;
mod error;
mod migration;
mod preparation;
mod queries;
mod registry;
mod seed;
mod sessions;
#[cfg(test)]
mod test_support;
mod throttle;
mod tokens;

pub use accounts::{AccountError, AddedUser, NewUser, ONE_TIME_PASSWORD_HOURS, SignIn};
pub use agreement_views::{AgreementFilter, NO_VERSION_STATE, swedish_contains};
pub use agreements::{
    AgreementDetail, AgreementStatus, AgreementSummary, Answer, ConsultationRecord, DecisionRecord,
    RecommendationRecord, Version,
};
pub use audit::{AuditCheck, AuditEntry};
pub use connect::{Backend, ConnectError, create_postgres_database};
pub use demo::{DemoError, DemoProgress, DemoReport, Scale};
pub use documents::{AnswerKey, DocumentInfo, DocumentOwner, UploadedFile};
pub use edits::{Actor, WriteError};
pub use error::StoreError;
pub use preparation::PreparatoryStep;
pub use queries::*;
pub use registry::{Descriptions, models_field};
pub use seed::{SeedError, SeedReport};
pub use sessions::{SESSION_HOURS, SESSION_IDLE_MINUTES, SessionUser, random_token};
pub use throttle::{
    Attempt, Gate, MAX_ATTEMPTS_PER_ACCOUNT, MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE, MAX_ATTEMPTS_PER_SOURCE,
    THROTTLE_MINUTES,
};
pub use tokens::{ApiTokenInfo, GrantDescription, PASSWORD_MAX, PASSWORD_MIN, TOKEN_NAME_MAX};

use sea_orm::DatabaseConnection;

/// A handle on the database; cheap to clone (it wraps a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    /// List totals by data version; see [`counts`].
    counts: counts::CountCache,
    /// The time for sign-ins, sessions and tokens (see [`clock`]).
    clock: clock::Clock,
    /// How many Argon2 password checks this store has made (shared by its clones).
    password_checks: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Store {
    /// Which database this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        use sea_orm_migration::MigratorTrait;
        migration::Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// How many Argon2 password checks this store (and its clones) has made, for an unknown
    /// account as for a known one: a sign-in refused by throttling makes none.
    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Moves the store's clock forward (tests only: the `test-clock` feature).
    #[cfg(any(test, feature = "test-clock"))]
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.clock.advance(by);
    }

    /// Answers whether the database responds.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await?;
        Ok(())
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.close().await?;
        Ok(())
    }
}
