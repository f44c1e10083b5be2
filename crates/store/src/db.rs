//! The connection the store's reads go through: within one request's reads
//! ([`crate::Store::answering_at`]), one connection of the pool held from the first statement to
//! the last; elsewhere, the pool.
//!
//! The pool hands out a connection per statement, and each hand-back makes the driver test the
//! connection (a round trip to SQLite's worker thread, or to PostgreSQL): a page of ten
//! statements paid ten more. Held for the request, the connection runs them back to back in one
//! read transaction (`BEGIN` at the first, `COMMIT` after the last), so the page also reads one
//! snapshot of the data.
//!
//! Deadlock-free by construction: fewer requests may hold a connection at once than the pool has
//! ([`Db::new`]), so a write (its own transaction, [`Db::pool`]) or a read outside a request
//! always finds one, however many requests wait.

use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
    TransactionTrait,
};
use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};

/// The store's database: the pool, and the connection the current request holds, if any.
#[derive(Debug, Clone)]
pub(crate) struct Db {
    pool: DatabaseConnection,
    /// Permits to hold a connection for a request: fewer than the pool's connections.
    holders: Arc<Semaphore>,
}

/// One request's connection: its read transaction, begun at its first statement.
#[derive(Default)]
struct Held {
    transaction: OnceCell<(DatabaseTransaction, OwnedSemaphorePermit)>,
}

tokio::task_local! {
    static HELD: Arc<Held>;
}

impl Db {
    /// The pool of at most `connections`, of which requests may hold all but two.
    pub(crate) fn new(pool: DatabaseConnection, connections: u32) -> Db {
        let holders = usize::try_from(connections.saturating_sub(2).max(1)).unwrap_or(1);
        Db { pool, holders: Arc::new(Semaphore::new(holders)) }
    }

    /// The pool itself: for a write's own transaction, and what concerns the pool whole.
    pub(crate) fn pool(&self) -> &DatabaseConnection {
        &self.pool
    }

    /// The pool, to close it.
    pub(crate) fn into_pool(self) -> DatabaseConnection {
        self.pool
    }

    /// Runs `reads` with one connection held for all its statements (begun lazily: reads that
    /// make none take none).
    pub(crate) async fn holding<F: std::future::Future>(&self, reads: F) -> F::Output {
        if HELD.try_with(|_| ()).is_ok() {
            return reads.await; // Already within a request's reads.
        }
        let held = Arc::new(Held::default());
        let output = HELD.scope(held.clone(), reads).await;
        if let Some((transaction, _permit)) = Arc::into_inner(held).and_then(|h| h.transaction.into_inner()) {
            // Nothing was written: ending it either way releases the snapshot.
            if let Err(e) = transaction.commit().await {
                tracing::warn!(error = %e, "cannot end a request's read transaction");
            }
        }
        output
    }

    /// The current request's transaction, begun now if this is its first statement; `None`
    /// outside a request's reads.
    async fn held(&self) -> Result<Option<Arc<Held>>, DbErr> {
        let Ok(held) = HELD.try_with(Arc::clone) else { return Ok(None) };
        held.transaction
            .get_or_try_init(|| async {
                let permit =
                    self.holders.clone().acquire_owned().await.map_err(|e| DbErr::Custom(e.to_string()))?;
                Ok::<_, DbErr>((self.pool.begin().await?, permit))
            })
            .await?;
        Ok(Some(held))
    }
}

/// The transaction a [`Held`] holds once [`Db::held`] has begun it.
fn transaction(held: &Held) -> Result<&DatabaseTransaction, DbErr> {
    held.transaction.get().map(|(t, _)| t).ok_or_else(|| DbErr::Custom("no transaction held".to_owned()))
}

#[sea_orm::entity::prelude::async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self.held().await? {
            Some(held) => transaction(&held)?.execute_raw(stmt).await,
            None => self.pool.execute_raw(stmt).await,
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self.held().await? {
            Some(held) => transaction(&held)?.execute_unprepared(sql).await,
            None => self.pool.execute_unprepared(sql).await,
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self.held().await? {
            Some(held) => transaction(&held)?.query_one_raw(stmt).await,
            None => self.pool.query_one_raw(stmt).await,
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self.held().await? {
            Some(held) => transaction(&held)?.query_all_raw(stmt).await,
            None => self.pool.query_all_raw(stmt).await,
        }
    }

    fn support_returning(&self) -> bool {
        self.pool.support_returning()
    }
}
