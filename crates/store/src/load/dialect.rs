//! The only SQL that is not the same on SQLite and PostgreSQL, outside
//! [`crate::create_postgres_database`] (which exists only for PostgreSQL): what a bulk load
//! needs afterwards. Each function says what it does on each database; callers need not know
//! which one they run on.

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};

/// After rows were inserted into `table` with their ids given explicitly (a synthetic load):
/// on PostgreSQL, moves the table's id sequence past the largest id, so that later inserts that
/// leave the id to the database do not collide; on SQLite nothing (its rowids follow the largest
/// id by themselves). `table` is one of the schema's own table names, never user input.
pub(crate) async fn reset_sequences(db: &impl ConnectionTrait, table: &str) -> Result<(), DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        );
        db.execute_raw(Statement::from_string(DatabaseBackend::Postgres, sql)).await?;
    }
    Ok(())
}

/// After a bulk load, outside its transaction: fresh planner statistics, so lists page on the
/// listing indexes from the first request. `VACUUM ANALYZE` on PostgreSQL (which also sets the
/// visibility map that index-only scans need), `ANALYZE` on SQLite.
pub(crate) async fn analyze(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let analyze = match db.get_database_backend() {
        DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(analyze).await?;
    Ok(())
}
