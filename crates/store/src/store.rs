//! The store itself: a handle on the database, and what concerns it whole (whether it answers,
//! closing it). Opening it is `connect`, bringing its schema up to date `migration`.

use crate::cache::CountCache;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::StoreError;

/// The two databases `samverkan` runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How a store's connection pool is used, from [`Store::pool_use`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open, idle or in use.
    pub open: u32,
    /// Of them, idle.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// A handle on the database; cheap to clone (it wraps a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    /// The pool, or the connection a request holds ([`crate::db`]).
    pub(crate) db: Db,
    pub(crate) backend: Backend,
    /// List totals by data version; see [`crate::cache`].
    pub(crate) counts: CountCache,
    /// The time for sign-ins, sessions and tokens (see [`crate::clock`]).
    pub(crate) clock: Clock,
    /// How many Argon2 password checks this store has made (shared by its clones).
    pub(crate) password_checks: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// How many statements this store (and its clones) has sent to the database.
    pub(crate) queries: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// The URL it was opened with: a backup's `pg_dump` and a restore's reconnection need it.
    pub(crate) url: DatabaseUrl,
}

/// A database URL, which may hold a password: never printed whole (`Debug` shows it redacted).
#[derive(Clone)]
pub(crate) struct DatabaseUrl(pub(crate) std::sync::Arc<str>);

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

impl Store {
    /// Which database this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many Argon2 password checks this store (and its clones) has made, for an unknown
    /// account as for a known one: a sign-in refused by throttling makes none.
    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many statements this store (and its clones) has sent to the database, for the
    /// metrics and for tests that hold a page to a fixed number of queries, whatever the data.
    pub fn queries_made(&self) -> u64 {
        self.queries.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Moves the store's clock forward (tests only: the `test-clock` feature).
    #[cfg(any(test, feature = "test-clock"))]
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.clock.advance(by);
    }

    /// Answers whether the database responds.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.pool().ping().await?;
        Ok(())
    }

    /// How the connection pool is used now: connections open, of them idle, and the most it
    /// opens (for the metrics).
    pub fn pool_use(&self) -> PoolUse {
        let (open, idle, max) = match self.backend {
            Backend::Sqlite => {
                let pool = self.db.pool().get_sqlite_connection_pool();
                (pool.size(), pool.num_idle(), pool.options().get_max_connections())
            }
            Backend::Postgres => {
                let pool = self.db.pool().get_postgres_connection_pool();
                (pool.size(), pool.num_idle(), pool.options().get_max_connections())
            }
        };
        PoolUse { open, idle: u32::try_from(idle).unwrap_or(u32::MAX), max }
    }

    /// The data version: a number every write raises in its own transaction ([`crate::cache`]).
    /// Read from the database each time (one primary-key lookup of one narrow row), so a write
    /// through another instance on the same database is seen at once.
    pub async fn data_version(&self) -> Result<i64, StoreError> {
        crate::cache::data_version(&self.db).await
    }

    /// Runs `answer` (one request's reads) with `version`, the data version just read by
    /// [`Store::data_version`], as the one its cached totals and derived values go by: a page
    /// that shows several totals reads the version once, not once for each. Its statements go
    /// through one connection held for them all ([`crate::db`]); it must not write.
    pub async fn answering_at<F: std::future::Future>(&self, version: i64, answer: F) -> F::Output {
        self.db.holding(crate::cache::answering_at(version, answer)).await
    }

    /// Today in Stockholm as the store sees it (what "upcoming" means to its reads).
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.into_pool().close().await?;
        Ok(())
    }
}

/// The URL without its password, for messages and logs.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}
