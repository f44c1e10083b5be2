//! A write's transaction before the write is permitted: it answers `SELECT`s (finding the record
//! and whose it is) and refuses every other statement without sending it, so nothing is written
//! before [`crate::write::Write::permit`], and the transaction stays usable after a refusal.

use std::future::Future;
use std::pin::Pin;

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement};

/// A write's transaction, for reading only.
pub(crate) struct Lookup(DatabaseTransaction);

impl Lookup {
    pub(super) fn new(txn: DatabaseTransaction) -> Lookup {
        Lookup(txn)
    }

    pub(super) fn into_inner(self) -> DatabaseTransaction {
        self.0
    }
}

/// An answer of the connection, as `async_trait` shapes it.
type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, DbErr>> + Send + 'a>>;

/// Why a statement is not run: it may write, and the write is not permitted yet.
fn refused(sql: &str) -> DbErr {
    let verb = sql.split_whitespace().next().unwrap_or_default();
    DbErr::Custom(format!("a write ({verb}) before the write was permitted"))
}

/// The statement, if it only reads.
fn reading(sql: &str) -> Result<(), DbErr> {
    let head = sql.trim_start();
    if head.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("select")) { Ok(()) } else { Err(refused(sql)) }
}

impl ConnectionTrait for Lookup {
    fn get_database_backend(&self) -> DbBackend {
        self.0.get_database_backend()
    }

    fn execute_raw<'life0, 'async_trait>(&'life0 self, stmt: Statement) -> Answer<'async_trait, ExecResult>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move { Err(refused(&stmt.sql)) })
    }

    fn execute_unprepared<'life0, 'life1, 'async_trait>(
        &'life0 self,
        sql: &'life1 str,
    ) -> Answer<'async_trait, ExecResult>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move { Err(refused(sql)) })
    }

    fn query_one_raw<'life0, 'async_trait>(&'life0 self, stmt: Statement) -> Answer<'async_trait, Option<QueryResult>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            reading(&stmt.sql)?;
            self.0.query_one_raw(stmt).await
        })
    }

    fn query_all_raw<'life0, 'async_trait>(&'life0 self, stmt: Statement) -> Answer<'async_trait, Vec<QueryResult>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            reading(&stmt.sql)?;
            self.0.query_all_raw(stmt).await
        })
    }
}
