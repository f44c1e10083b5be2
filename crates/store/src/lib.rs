//! The database of `samverkan`: entities, migrations, queries and the reference-data loader.
//!
//! Every SQL statement of the program lives in this crate, and every one runs on both SQLite
//! (embedded, the default) and PostgreSQL (for scale): one code path, built with SeaORM.

pub mod accounts;
mod agreement_views;
mod agreements;
mod audit;
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
mod tokens;

pub use accounts::{AccountError, AddedUser, NewUser};
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
pub use sessions::{SESSION_HOURS, SessionUser, random_token};
pub use tokens::{ApiTokenInfo, GrantDescription, PASSWORD_MIN, TOKEN_NAME_MAX};

use sea_orm::DatabaseConnection;

/// A handle on the database; cheap to clone (it wraps a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    /// List totals by data version; see [`counts`].
    counts: counts::CountCache,
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
