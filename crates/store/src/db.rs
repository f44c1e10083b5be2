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
                let permit = self.holders.clone().acquire_owned().await.map_err(|e| DbErr::Custom(e.to_string()))?;
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::time::Duration;

    use samverkan_domain::Role;
    use sea_orm::ConnectionTrait;

    use crate::NewUser;
    use crate::test_support::test_store;

    #[tokio::test]
    async fn a_requests_statements_share_one_connection() {
        let (store, _dir) = test_store("db_one_connection").await;
        let version = store.data_version().await.unwrap();
        // A temporary table is seen only by the connection that made it.
        let seen = store
            .answering_at(version, async {
                store.db.execute_unprepared("CREATE TEMPORARY TABLE probe (x INTEGER)").await.unwrap();
                let mut seen = 0;
                for _ in 0..10 {
                    store.api_tokens_of(0).await.unwrap();
                    if store.db.execute_unprepared("SELECT x FROM probe").await.is_ok() {
                        seen += 1;
                    }
                }
                seen
            })
            .await;
        assert_eq!(seen, 10, "every statement of the request ran on its connection");
    }

    #[tokio::test]
    async fn writes_and_other_reads_go_on_while_requests_hold_every_connection_they_may() {
        let (store, _dir) = test_store("db_no_deadlock").await;
        let max = store.pool_use().max as usize;
        let (reading, mut read) = tokio::sync::mpsc::unbounded_channel();
        let (end, ended) = tokio::sync::watch::channel(false);
        let mut requests = Vec::new();
        for _ in 0..max {
            // More requests than may hold a connection: the last wait for one.
            let (store, reading, mut ended) = (store.clone(), reading.clone(), ended.clone());
            requests.push(tokio::spawn(async move {
                let version = store.data_version().await.unwrap();
                store
                    .answering_at(version, async {
                        store.api_tokens_of(0).await.unwrap();
                        let _ = reading.send(());
                        ended.wait_for(|end| *end).await.unwrap();
                    })
                    .await;
            }));
        }
        for _ in 0..max - 2 {
            read.recv().await.unwrap(); // As many as may hold one, holding it.
        }
        // A write and a read outside any request find a connection all the same.
        let new = NewUser { email: "ny@kommun.example.se", role: Role::Admin, party_code: None, area_id: None };
        let before = store.data_version().await.unwrap();
        let after = tokio::time::timeout(Duration::from_secs(10), async {
            store.add_user(new, "test").await.unwrap();
            store.data_version().await.unwrap()
        })
        .await
        .expect("a write waits for no request");
        assert!(after > before, "written");
        end.send(true).unwrap();
        for request in requests {
            tokio::time::timeout(Duration::from_secs(10), request).await.unwrap().unwrap();
        }
    }
}
