//! The only SQL that is not the same on SQLite and PostgreSQL, outside
//! [`crate::create_postgres_database`] (which exists only for PostgreSQL): what a bulk load
//! needs afterwards, and the one schema change SQLite cannot make in place. Each function says
//! what it does on each database; callers need not know which one they run on.

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

/// The names of the database's own tables (the schema's and the migrations' bookkeeping): SQLite's
/// from `sqlite_master` (its internal `sqlite_*` tables left out), PostgreSQL's from the
/// information schema, of the connection's current schema.
pub(crate) async fn table_names(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
        }
    };
    let rows = db.query_all_raw(Statement::from_string(backend, sql.to_owned())).await?;
    rows.iter().map(|row| row.try_get::<String>("", "name")).collect()
}

/// SQLite only: a consistent copy of the whole database into the new file `path`, by `VACUUM
/// INTO` (one read transaction: the database as it stood when it began, while writers go on in
/// the WAL). PostgreSQL has no statement for it (`pg_dump` does it there).
pub(crate) async fn vacuum_into(db: &impl ConnectionTrait, path: &str) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        return Err(DbErr::Custom("VACUUM INTO is SQLite's".to_owned()));
    }
    db.execute_raw(Statement::from_sql_and_values(backend, "VACUUM INTO ?", [path.into()])).await?;
    Ok(())
}

/// Lets `column` of `table` (both the schema's own names, never user input) hold NULL, where it
/// was NOT NULL; nothing when it already may. PostgreSQL drops the constraint in place. SQLite
/// cannot alter a column, so the table is rebuilt by SQLite's documented procedure: a new table
/// of the same definition less the constraint, the rows copied, the old table dropped and the new
/// one renamed, its indexes made again and its id sequence kept; foreign keys are off meanwhile
/// (other tables' references are by name, and hold again after the rename). One batch on one
/// connection, the rebuild in one transaction. Not inside a migration's transaction: SQLite
/// ignores `PRAGMA foreign_keys` there, and sea-orm runs SQLite's migrations without one.
pub(crate) async fn allow_null(db: &impl ConnectionTrait, table: &str, column: &str) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        let sql = format!("ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" DROP NOT NULL");
        db.execute_unprepared(&sql).await?;
        return Ok(());
    }
    let one = |sql: String| Statement::from_sql_and_values(backend, sql, [table.into()]);
    let definition: String = db
        .query_one_raw(one("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?".to_owned()))
        .await?
        .ok_or_else(|| DbErr::Custom(format!("no table {table}")))?
        .try_get("", "sql")?;
    let Some(rebuilt) = without_not_null(&definition, table, column) else {
        return Ok(());
    };
    let mut indexes = Vec::new();
    for row in db
        .query_all_raw(one(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL".to_owned()
        ))
        .await?
    {
        indexes.push(format!("{};", row.try_get::<String>("", "sql")?));
    }
    let sequence: Option<i64> = db
        .query_one_raw(one("SELECT seq FROM sqlite_sequence WHERE name = ?".to_owned()))
        .await?
        .map(|row| row.try_get("", "seq"))
        .transpose()?;
    let keep_sequence = sequence
        .map_or_else(String::new, |seq| format!("UPDATE sqlite_sequence SET seq = {seq} WHERE name = '{table}';"));
    let batch = format!(
        "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE; {rebuilt}; \
         INSERT INTO \"{table}__rebuilt\" SELECT * FROM \"{table}\"; DROP TABLE \"{table}\"; \
         ALTER TABLE \"{table}__rebuilt\" RENAME TO \"{table}\"; {} {keep_sequence} COMMIT; \
         PRAGMA foreign_keys = ON;",
        indexes.join(" ")
    );
    db.execute_unprepared(&batch).await?;
    Ok(())
}

/// A SQLite table's definition as a new table `{table}__rebuilt` whose `column` may be NULL;
/// `None` when it already may (or has no such column).
fn without_not_null(definition: &str, table: &str, column: &str) -> Option<String> {
    let head = format!("CREATE TABLE \"{table}\"");
    let rest = definition.strip_prefix(&head)?;
    let quoted = format!("\"{column}\" ");
    let start = rest.find(&quoted)?;
    // The column's definition runs to the next comma (no type or default here holds one).
    let end = start + rest[start..].find(',')?;
    let column_definition = &rest[start..end];
    if !column_definition.contains(" NOT NULL") {
        return None;
    }
    let relaxed = column_definition.replacen(" NOT NULL", "", 1);
    Some(format!("CREATE TABLE \"{table}__rebuilt\"{}{relaxed}{}", &rest[..start], &rest[end..]))
}

#[cfg(test)]
mod tests {
    use super::without_not_null;

    #[test]
    fn only_the_named_column_loses_its_constraint() {
        let definition = "CREATE TABLE \"parties\" ( \"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \
                          \"valid_from\" date_text NOT NULL, \"valid_to\" date_text NULL , \"sort_key\" varchar NOT NULL DEFAULT '')";
        assert_eq!(
            without_not_null(definition, "parties", "valid_from").as_deref(),
            Some(
                "CREATE TABLE \"parties__rebuilt\" ( \"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \
                 \"valid_from\" date_text, \"valid_to\" date_text NULL , \"sort_key\" varchar NOT NULL DEFAULT '')"
            )
        );
        assert_eq!(without_not_null(definition, "parties", "valid_to"), None, "already nullable");
        assert_eq!(without_not_null(definition, "parties", "missing"), None);
        assert_eq!(without_not_null(definition, "areas", "valid_from"), None, "another table");
    }
}
