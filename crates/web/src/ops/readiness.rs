//! Whether this instance should be sent traffic (`/readyz`): not while the database is being
//! migrated at start, not while the database does not answer, and not while the last scheduled
//! backup failed (until a later one succeeds). `/healthz` stays the liveness check.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};

/// What readiness depends on besides the database's answer.
#[derive(Debug, Default)]
pub(crate) struct Readiness {
    starting: AtomicBool,
    backups: Mutex<BackupHealth>,
}

/// The scheduled backups' last outcomes.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BackupHealth {
    pub(crate) last_success: Option<DateTime<Utc>>,
    pub(crate) last_failure: Option<DateTime<Utc>>,
}

impl BackupHealth {
    /// Whether the last backup tried failed.
    pub(crate) fn failing(&self) -> bool {
        match (self.last_failure, self.last_success) {
            (Some(failed), Some(succeeded)) => failed > succeeded,
            (Some(_), None) => true,
            _ => false,
        }
    }
}

impl Readiness {
    /// An instance that is still preparing its database.
    pub(crate) fn starting() -> Readiness {
        Readiness { starting: AtomicBool::new(true), backups: Mutex::default() }
    }

    /// An instance whose database is ready.
    pub(crate) fn started() -> Readiness {
        Readiness::default()
    }

    pub(crate) fn is_starting(&self) -> bool {
        self.starting.load(Ordering::SeqCst)
    }

    pub(crate) fn set_started(&self) {
        self.starting.store(false, Ordering::SeqCst);
    }

    pub(crate) fn backups(&self) -> BackupHealth {
        *self.backups.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn backup_succeeded(&self, at: DateTime<Utc>) {
        self.backups.lock().unwrap_or_else(std::sync::PoisonError::into_inner).last_success = Some(at);
    }

    pub(crate) fn backup_failed(&self, at: DateTime<Utc>) {
        self.backups.lock().unwrap_or_else(std::sync::PoisonError::into_inner).last_failure = Some(at);
    }
}
