//! Migrations, written once with SeaORM's schema builder, which produces each dialect
//! (SQLite and PostgreSQL). A migration, once released, is never edited: add a new one.

use sea_orm_migration::prelude::*;

mod m20261124_000001_structure;
mod m20261125_000001_sort_keys;
mod m20261125_000002_data_version;
mod m20261125_000003_audit;
mod m20261125_000004_accounts;
mod m20261125_000005_api_tokens;
mod m20261125_000006_agreements;
mod m20261126_000001_preparatory_steps;
mod m20261126_000002_documents;
mod m20261126_000003_agreement_models;
pub(crate) mod m20261127_000001_sign_in_hardening;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_structure::Migration),
            Box::new(m20261125_000001_sort_keys::Migration),
            Box::new(m20261125_000002_data_version::Migration),
            Box::new(m20261125_000003_audit::Migration),
            Box::new(m20261125_000004_accounts::Migration),
            Box::new(m20261125_000005_api_tokens::Migration),
            Box::new(m20261125_000006_agreements::Migration),
            Box::new(m20261126_000001_preparatory_steps::Migration),
            Box::new(m20261126_000002_documents::Migration),
            Box::new(m20261126_000003_agreement_models::Migration),
            Box::new(m20261127_000001_sign_in_hardening::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use sea_orm::{ConnectionTrait, Database};
    use sea_orm_migration::MigratorTrait;

    use super::Migrator;

    /// A database made before sort keys existed gets them computed, Swedish order included.
    #[tokio::test]
    async fn upgrading_computes_the_sort_keys_of_existing_rows() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display())).await.unwrap();
        Migrator::up(&db, Some(1)).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO parties (kind, code, name, valid_from) VALUES \
             ('municipality', '0180', 'Östhammar', '2020-01-01'), ('municipality', '0181', 'Ängby', '2020-01-01'), \
             ('municipality', '0182', 'Åre', '2020-01-01'), ('municipality', '0183', 'Zinkensdamm', '2020-01-01')",
        )
        .await
        .unwrap();
        Migrator::up(&db, None).await.unwrap();
        let rows = db
            .query_all_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT name, synthetic FROM parties ORDER BY sort_key",
            ))
            .await
            .unwrap();
        let names: Vec<String> = rows.iter().map(|r| r.try_get("", "name").unwrap()).collect();
        assert_eq!(names, ["Zinkensdamm", "Åre", "Ängby", "Östhammar"]);
        assert!(rows.iter().all(|r| !r.try_get::<bool>("", "synthetic").unwrap()));
    }
}
