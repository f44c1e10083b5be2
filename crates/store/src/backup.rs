//! Backup and restore (*säkerhetskopia*, *återställning*) of the whole database.
//!
//! - A backup is a consistent copy taken while the server runs and writes go on: on SQLite by
//!   `VACUUM INTO` a new file (one read transaction: the database as it stood when the copy
//!   began; writers go on in the WAL meanwhile), on PostgreSQL by `pg_dump --format=custom`
//!   (one snapshot likewise), when `pg_dump` is on the PATH. It is written beside its name and
//!   renamed into place when whole, so a file of that name is never a partial copy, and an
//!   existing file is never overwritten.
//! - A restore goes only into an empty database (no table with a row but the migrations'
//!   bookkeeping): anything else is refused before a byte changes. SQLite: the file is copied in
//!   place of the empty one (beside it, then renamed); PostgreSQL: `pg_restore` in one
//!   transaction. Then the schema is brought up to date (a backup of an older version), the
//!   audit chain walked and the rows counted, for the operator to compare.

mod postgres;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, Statement};

use crate::audit::AuditCheck;
use crate::connect::ConnectError;
use crate::dialect;
use crate::error::StoreError;
use crate::store::{Backend, Store, redact};

/// The main tables, as a restore reports their rows: the structure, the agreements' process,
/// local collaboration, accounts and the trail.
pub const MAIN_TABLES: [&str; 18] = [
    "parties",
    "areas",
    "organisations",
    "functions",
    "persons",
    "appointments",
    "bodies",
    "memberships",
    "agreements",
    "agreement_versions",
    "consultation_answers",
    "decisions",
    "documents",
    "services",
    "meetings",
    "action_plans",
    "users",
    "audit_events",
];

/// Tables whose rows a newly migrated database has already: not data.
const BOOKKEEPING: [&str; 2] = ["seaql_migrations", "data_version"];

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub backend: Backend,
}

impl std::fmt::Display for BackupReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.backend {
            Backend::Sqlite => "SQLite database (VACUUM INTO)",
            Backend::Postgres => "PostgreSQL custom-format dump (pg_dump)",
        };
        write!(f, "wrote {}: {} ({kind})", self.path.display(), size(self.bytes))
    }
}

/// A size as people read it: bytes, and KiB, MiB or GiB above a thousand.
pub fn size(bytes: u64) -> String {
    let units = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    match units.iter().find(|(_, n)| bytes >= *n) {
        #[allow(clippy::cast_precision_loss)]
        Some((unit, n)) => format!("{bytes} bytes, {:.1} {unit}", bytes as f64 / *n as f64),
        None => format!("{bytes} bytes"),
    }
}

/// Why a backup was not made; one line each, fit for a terminal and a log.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} exists already: a backup never overwrites a file")]
    Exists(PathBuf),
    #[error("{path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error(
        "pg_dump is not on the PATH: install PostgreSQL's client programs (Debian: postgresql-client) of the server's \
         version or later"
    )]
    NoPgDump,
    #[error("{tool} failed: {message}")]
    Tool { tool: &'static str, message: String },
    #[error("the database: {0}")]
    Database(#[from] StoreError),
}

/// What a restore found in the database it made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub audit: AuditCheck,
    /// Rows per main table ([`MAIN_TABLES`]).
    pub tables: Vec<(&'static str, u64)>,
}

/// Why a restore was refused or failed; one line each.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error(
        "the database is not empty (table {table} has rows): a backup is restored only into an empty database; \
         nothing was changed"
    )]
    NotEmpty { table: String },
    #[error("{path}: {reason}; nothing was changed")]
    Unusable { path: PathBuf, reason: String },
    #[error("pg_restore is not on the PATH: install PostgreSQL's client programs (Debian: postgresql-client)")]
    NoPgRestore,
    #[error("{tool} failed: {message}")]
    Tool { tool: &'static str, message: String },
    #[error("{0}")]
    Connect(#[from] ConnectError),
    #[error("the database: {0}")]
    Database(#[from] StoreError),
}

impl Store {
    /// Takes a consistent copy of the whole database into the new file `to` (see the module's
    /// documentation); never overwrites a file.
    pub async fn backup_to(&self, to: &Path) -> Result<BackupReport, BackupError> {
        if to.exists() {
            return Err(BackupError::Exists(to.to_owned()));
        }
        let partial = partial_name(to);
        let file_error =
            |path: &Path, e: std::io::Error| BackupError::File { path: path.to_owned(), reason: e.to_string() };
        // A partial copy left by a crash of an earlier try is nobody's.
        match std::fs::remove_file(&partial) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(file_error(&partial, e)),
            _ => {}
        }
        let made = match self.backend {
            Backend::Sqlite => {
                let Some(text) = partial.to_str() else {
                    return Err(BackupError::File { path: to.to_owned(), reason: "the path is not UTF-8".to_owned() });
                };
                dialect::vacuum_into(&self.db, text).await.map_err(|e| BackupError::Database(e.into()))
            }
            Backend::Postgres => postgres::dump(&self.url.0, &partial).await.map_err(|e| match e {
                postgres::ToolError::Missing => BackupError::NoPgDump,
                postgres::ToolError::Failed(message) => BackupError::Tool { tool: "pg_dump", message },
            }),
        };
        if let Err(e) = made {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        let finish = || -> std::io::Result<u64> {
            std::fs::File::open(&partial)?.sync_all()?;
            if to.exists() {
                return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "made meanwhile"));
            }
            std::fs::rename(&partial, to)?;
            Ok(std::fs::metadata(to)?.len())
        };
        let bytes = finish().map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            file_error(to, e)
        })?;
        Ok(BackupReport { path: to.to_owned(), bytes, backend: self.backend })
    }

    /// Restores the backup `from` into this database, which must be empty; the store is closed
    /// and opened again on the restored database, which is migrated, its audit trail walked and
    /// its rows counted. Refused, with nothing changed, if the database has data or the file is
    /// no backup for this kind of database.
    pub async fn restore(self, from: &Path) -> Result<(Store, RestoreReport), RestoreError> {
        let unusable = |reason: String| RestoreError::Unusable { path: from.to_owned(), reason };
        let kind = backup_kind(from).map_err(|e| unusable(e.to_string()))?;
        match (kind, self.backend) {
            (Some(Backend::Sqlite), Backend::Sqlite) | (Some(Backend::Postgres), Backend::Postgres) => {}
            (Some(Backend::Sqlite), Backend::Postgres) => {
                return Err(unusable("a SQLite backup; the database is PostgreSQL".to_owned()));
            }
            (Some(Backend::Postgres), Backend::Sqlite) => {
                return Err(unusable("a PostgreSQL dump; the database is SQLite".to_owned()));
            }
            (None, _) => {
                return Err(unusable("neither a SQLite database nor a pg_dump custom-format file".to_owned()));
            }
        }
        if let Some(table) = self.first_table_with_rows().await? {
            return Err(RestoreError::NotEmpty { table });
        }
        let url = self.url.0.clone();
        match self.backend {
            Backend::Sqlite => {
                check_sqlite_backup(from).await.map_err(unusable)?;
                let target = sqlite_file(&url).map_err(unusable)?;
                self.close().await?;
                copy_in(from, &target).map_err(|e| unusable(format!("cannot copy it to {}: {e}", target.display())))?;
            }
            Backend::Postgres => {
                self.close().await?;
                postgres::restore(&url, from).await.map_err(|e| match e {
                    postgres::ToolError::Missing => RestoreError::NoPgRestore,
                    postgres::ToolError::Failed(message) => RestoreError::Tool { tool: "pg_restore", message },
                })?;
            }
        }
        let store = Store::connect(&url).await?;
        store.migrate().await?;
        let audit = store.verify_audit_trail().await?;
        let tables = store.main_table_counts().await?;
        tracing::info!(database = %redact(&url), from = %from.display(), "restored");
        Ok((store, RestoreReport { audit, tables }))
    }

    /// The first table (by name) that holds a row other than the migrations' bookkeeping.
    pub async fn first_table_with_rows(&self) -> Result<Option<String>, StoreError> {
        for table in dialect::table_names(&self.db).await? {
            if BOOKKEEPING.contains(&table.as_str()) {
                continue;
            }
            let sql = format!("SELECT 1 AS one FROM \"{}\" LIMIT 1", table.replace('"', "\"\""));
            let backend = self.db.get_database_backend();
            if self.db.query_one_raw(Statement::from_string(backend, sql)).await?.is_some() {
                return Ok(Some(table));
            }
        }
        Ok(None)
    }

    /// Rows per main table ([`MAIN_TABLES`]).
    pub async fn main_table_counts(&self) -> Result<Vec<(&'static str, u64)>, StoreError> {
        let backend = self.db.get_database_backend();
        let mut out = Vec::with_capacity(MAIN_TABLES.len());
        for table in MAIN_TABLES {
            let sql = format!("SELECT COUNT(*) AS n FROM {table}");
            let row = self.db.query_one_raw(Statement::from_string(backend, sql)).await?;
            let n: i64 = row.map(|r| r.try_get("", "n")).transpose()?.unwrap_or(0);
            out.push((table, u64::try_from(n).unwrap_or(0)));
        }
        Ok(out)
    }
}

/// `backup.db` → `backup.db.partial`, beside it (so the rename stays on one file system).
fn partial_name(to: &Path) -> PathBuf {
    let mut name = to.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".partial");
    to.with_file_name(name)
}

/// What kind of backup a file is, by its first bytes: a SQLite database or a `pg_dump`
/// custom-format archive (`None`: neither).
fn backup_kind(path: &Path) -> std::io::Result<Option<Backend>> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    let n = file.read(&mut head)?;
    Ok(if head[..n].starts_with(b"SQLite format 3\0") {
        Some(Backend::Sqlite)
    } else if head[..n].starts_with(b"PGDMP") {
        Some(Backend::Postgres)
    } else {
        None
    })
}

/// A SQLite file is a backup of ours if the migrations have run on it; read-only, changes nothing.
async fn check_sqlite_backup(path: &Path) -> Result<(), String> {
    let url = format!("sqlite://{}?mode=ro", path.display());
    let db = sea_orm::Database::connect(&url).await.map_err(|e| e.to_string())?;
    let tables = dialect::table_names(&db).await.map_err(|e| e.to_string());
    let _ = db.close().await;
    if tables?.iter().any(|t| t == "seaql_migrations") {
        Ok(())
    } else {
        Err("a SQLite database, but not one of samverkan's (no migrations recorded)".to_owned())
    }
}

/// The file a `sqlite:` URL names.
fn sqlite_file(url: &str) -> Result<PathBuf, String> {
    use std::str::FromStr;
    let options = sea_orm::sqlx::sqlite::SqliteConnectOptions::from_str(url).map_err(|e| e.to_string())?;
    let path = options.get_filename();
    if path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:") {
        return Err("the database is in memory: restore into a file".to_owned());
    }
    Ok(path.to_owned())
}

/// Puts the backup `from` in place of the (closed, empty) database file `target`: copied beside
/// it, flushed, then renamed over it, with the old file's WAL and shared-memory files removed
/// first, so they cannot be applied to the new one.
fn copy_in(from: &Path, target: &Path) -> std::io::Result<()> {
    let mut restoring = target.as_os_str().to_owned();
    restoring.push(".restoring");
    let restoring = PathBuf::from(restoring);
    std::fs::copy(from, &restoring)?;
    std::fs::File::open(&restoring)?.sync_all()?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(PathBuf::from(side)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    std::fs::rename(&restoring, target)
}
