//! Opening the database named by a URL: `sqlite://…` (embedded) or `postgres://…`.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database};

use crate::store::{Backend, Store, redact};

/// Why the database could not be opened; its message is one line, fit for a terminal.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported DATABASE_URL {0:?}: use sqlite://FILE?mode=rwc (embedded) or postgres://USER@HOST/DB")]
    Unsupported(String),
    #[error("cannot open database {url}: {reason}")]
    Open { url: String, reason: String },
}

impl Store {
    /// Opens the database at `url`.
    ///
    /// SQLite is tuned per connection (WAL, `busy_timeout`, `foreign_keys=ON`). A SQLite file that
    /// does not exist is only created when the URL asks for it (`?mode=rwc`), so a mistyped path
    /// fails instead of silently starting an empty database.
    pub async fn connect(url: &str) -> Result<Store, ConnectError> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(ConnectError::Unsupported(redact(url)));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options.sqlx_logging(false).connect_timeout(Duration::from_secs(10)).acquire_timeout(Duration::from_secs(10));
        let connections = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        options.max_connections(connections).min_connections(1);
        match backend {
            Backend::Sqlite => {
                // An embedded file cannot drop a connection: no ping before it is handed out (a
                // round trip to the connection's thread for nothing). The connection's thread
                // hands rows over a channel; with room for a whole page of rows it never waits
                // for the request to take them (at 50, the driver's default, a page of 100 rows
                // made the two threads wake each other back and forth).
                options.test_before_acquire(false).map_sqlx_sqlite_opts(|o| {
                    o.row_buffer_size(1024)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .busy_timeout(Duration::from_secs(5))
                        .foreign_keys(true)
                });
            }
            Backend::Postgres => {
                // Only a connection idle long enough for a server or firewall to have dropped it
                // is pinged before use; a busy one goes straight to its statement.
                options.test_before_acquire_if_idle_for(Duration::from_secs(30));
            }
        }
        let mut db = Database::connect(options)
            .await
            .map_err(|e| ConnectError::Open { url: redact(url), reason: explain(backend, url, &e.to_string()) })?;
        let queries = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counted = queries.clone();
        db.set_metric_callback(move |info| {
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // Each statement with its time: SAMVERKAN_LOG=samverkan_store::sql=trace.
            tracing::trace!(target: "samverkan_store::sql", elapsed_us = info.elapsed.as_micros(), "{}", info.statement.sql);
        });
        let store = Store {
            db: crate::db::Db::new(db, connections),
            backend,
            counts: Default::default(),
            clock: Default::default(),
            password_checks: Default::default(),
            queries,
            url: crate::store::DatabaseUrl(url.into()),
        };
        store.ping().await.map_err(|e| ConnectError::Open { url: redact(url), reason: e.to_string() })?;
        Ok(store)
    }
}

/// Turns a driver message into one line a person can act on.
fn explain(backend: Backend, url: &str, message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim().to_owned();
    if backend == Backend::Sqlite && line.contains("unable to open database file") && !url.contains("mode=rwc") {
        format!("{line} (the file does not exist; add ?mode=rwc to the URL to create it)")
    } else {
        line
    }
}

/// Creates an empty PostgreSQL database `name` on the server of `admin_url` and returns the URL
/// that opens it. For test suites and scratch installations: each gets a database of its own.
pub async fn create_postgres_database(admin_url: &str, name: &str) -> Result<String, ConnectError> {
    use sea_orm::ConnectionTrait;
    if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Err(ConnectError::Unsupported(format!("database name {name:?}")));
    }
    let admin = Store::connect(admin_url).await?;
    if admin.backend != Backend::Postgres {
        return Err(ConnectError::Unsupported(redact(admin_url)));
    }
    admin
        .db
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .map_err(|e| ConnectError::Open { url: redact(admin_url), reason: e.to_string() })?;
    let _ = admin.close().await;
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let server = match base.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && !server.ends_with('/') => server,
        _ => base,
    };
    Ok(format!("{server}/{name}{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://sam:hemligt@db:5432/s"), "postgres://sam:***@db:5432/s");
        assert_eq!(redact("postgres://sam@db/s"), "postgres://sam@db/s");
        assert_eq!(redact("sqlite://x.db?mode=rwc"), "sqlite://x.db?mode=rwc");
    }

    #[tokio::test]
    async fn a_missing_sqlite_file_is_not_created_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saknas.db");
        let url = format!("sqlite://{}", path.display());
        let err = Store::connect(&url).await.unwrap_err().to_string();
        assert!(err.contains("mode=rwc"), "{err}");
        assert!(!err.contains('\n'));
        assert!(!path.exists());

        let store = Store::connect(&format!("{url}?mode=rwc")).await.unwrap();
        store.ping().await.unwrap();
        assert!(path.exists());
    }

    #[tokio::test]
    async fn an_unknown_scheme_is_refused() {
        let err = Store::connect("mysql://x").await.unwrap_err();
        assert!(matches!(err, ConnectError::Unsupported(_)));
    }
}
