//! Migrations, written once with SeaORM's schema builder, which produces each dialect
//! (SQLite and PostgreSQL). A migration, once released, is never edited: add a new one.

use sea_orm_migration::prelude::*;

use crate::error::StoreError;
use crate::store::Store;

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
mod m20261130_000001_person_owner;
mod m20261130_000002_sources_only;
mod m20261201_000001_agreement_times;
mod m20261202_000001_withdrawals;

pub struct Migrator;

impl Store {
    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        Migrator::up(&self.db, None).await?;
        Ok(())
    }
}

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
            Box::new(m20261130_000001_person_owner::Migration),
            Box::new(m20261130_000002_sources_only::Migration),
            Box::new(m20261201_000001_agreement_times::Migration),
            Box::new(m20261202_000001_withdrawals::Migration),
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

    /// Upgrading gives each person the party of the first function they held (so a later
    /// appointment across parties gives the appointer nothing), and a function made for an area
    /// alone its area's municipality.
    #[tokio::test]
    async fn upgrading_gives_persons_and_area_functions_their_owners() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display())).await.unwrap();
        // Up to the migration before the one under test, whatever comes after it.
        let before = Migrator::migrations().iter().position(|m| m.name() == "m20261130_000001_person_owner").unwrap();
        Migrator::up(&db, Some(u32::try_from(before).unwrap())).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO parties (id, kind, code, name, valid_from) VALUES \
             (1, 'region', '01', 'Region Stockholm', '2020-01-01'), (2, 'municipality', '0182', 'Nacka', '2020-01-01'); \
             INSERT INTO areas (id, name, party_id, valid_from) VALUES (7, 'Nacka', 2, '2020-01-01'); \
             INSERT INTO organisations (id, name, kind, valid_from) VALUES (1, 'Vårdcentralen', 'health_centre', '2020-01-01'); \
             INSERT INTO functions (id, name, kind, party_id, area_id, valid_from) VALUES \
             (1, 'Samordnande vårdcentral', 'coordinating_health_centre', 1, 7, '2020-01-01'), \
             (2, 'Kontaktperson', 'other', NULL, 7, '2020-01-01'); \
             INSERT INTO persons (id, name) VALUES (1, 'Anna'), (2, 'Karin'), (3, 'Lena'); \
             INSERT INTO appointments (function_id, organisation_id, person_id, valid_from, valid_to) VALUES \
             (1, 1, 1, '2020-01-01', '2020-12-31'), (2, 1, 2, '2020-01-01', NULL), (1, 1, 2, '2021-01-01', NULL)",
        )
        .await
        .unwrap();
        Migrator::up(&db, None).await.unwrap();
        let rows = |sql: &str| {
            let db = &db;
            let sql = sql.to_owned();
            async move {
                let rows =
                    db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
                rows.iter().map(|r| r.try_get::<Option<i32>>("", "party_id").unwrap()).collect::<Vec<_>>()
            }
        };
        // Anna was recorded for the region's function; Karin first for Nacka's, then appointed
        // to the region's (which gives the region nothing over her); Lena held nothing.
        assert_eq!(rows("SELECT party_id FROM persons ORDER BY id").await, [Some(1), Some(2), None]);
        assert_eq!(rows("SELECT party_id FROM functions ORDER BY id").await, [Some(1), Some(2)]);
    }

    /// Upgrading gives the existing times of the agreements' process their intervals, from their
    /// day or their words (words that are no time are left without one), and HÖK its in-force
    /// time and its consultation's recipients as the sources tell them.
    #[tokio::test]
    async fn upgrading_reads_the_existing_times_to_intervals() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display())).await.unwrap();
        let before =
            Migrator::migrations().iter().position(|m| m.name() == "m20261201_000001_agreement_times").unwrap();
        Migrator::up(&db, Some(u32::try_from(before).unwrap())).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO parties (id, kind, code, name, valid_from) VALUES (1, 'region', '01', 'Region Stockholm', '2020-01-01'), \
             (2, 'municipality', '0125', 'Ekerö', '2020-01-01'); \
             INSERT INTO agreements (id, title, kind, sort_key, synthetic) VALUES (1, \
             'Huvudöverenskommelse om länsövergripande samverkan kring hälsa, vård och omsorg', 'main', 'hok', false); \
             INSERT INTO agreement_versions (id, agreement_id, number, date_text, process_recorded, synthetic) \
             VALUES (1, 1, '2021', 'september 2021', true, false); \
             INSERT INTO consultations (id, version_id, sent_text) VALUES (1, 1, 'våren 2021'); \
             INSERT INTO consultation_recipients (consultation_id, party_id) VALUES (1, 1), (1, 2); \
             INSERT INTO recommendations (id, version_id, body_name, addressed_to, decided_on, outcome) VALUES \
             (1, 1, 'Storsthlms styrelse', 'municipalities', '2021-10-14', 'recommended'); \
             INSERT INTO decisions (id, version_id, party_id, deciding_body, decided_text, outcome) VALUES \
             (1, 1, 1, 'Regionfullmäktige', 'våren 2022', 'adopted'), (2, 1, 1, 'Regionfullmäktige', 'någon gång', 'adopted')",
        )
        .await
        .unwrap();
        Migrator::up(&db, None).await.unwrap();
        let rows = |sql: &'static str| {
            let db = &db;
            async move {
                let rows =
                    db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
                rows.iter()
                    .map(|r| {
                        let edtf: Option<String> = r.try_get("", "edtf").unwrap();
                        let first: Option<chrono::NaiveDate> = r.try_get("", "first").unwrap();
                        let last: Option<chrono::NaiveDate> = r.try_get("", "last").unwrap();
                        (edtf, first.map(|d| d.to_string()), last.map(|d| d.to_string()))
                    })
                    .collect::<Vec<_>>()
            }
        };
        let some = |e: &str, f: &str, l: &str| (Some(e.to_owned()), Some(f.to_owned()), Some(l.to_owned()));
        assert_eq!(
            rows(
                "SELECT decided_edtf AS edtf, decided_first AS first, decided_last AS last FROM decisions ORDER BY id"
            )
            .await,
            [some("2022-21", "2022-03-01", "2022-05-31"), (None, None, None)]
        );
        assert_eq!(
            rows("SELECT decided_edtf AS edtf, decided_first AS first, decided_last AS last FROM recommendations")
                .await,
            [some("2021-10-14", "2021-10-14", "2021-10-14")]
        );
        assert_eq!(
            rows("SELECT date_edtf AS edtf, date_first AS first, date_last AS last FROM agreement_versions").await,
            [some("2021-09", "2021-09-01", "2021-09-30")]
        );
        // HÖK's in-force time and its consultation's recipients, as the sources tell them.
        assert_eq!(
            rows(
                "SELECT in_force_edtf AS edtf, in_force_first AS first, in_force_last AS last FROM agreement_versions"
            )
            .await,
            [some("2022-09", "2022-09-01", "2022-09-30")]
        );
        let recipients = db
            .query_all_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT party_id FROM consultation_recipients ORDER BY party_id",
            ))
            .await
            .unwrap();
        let recipients: Vec<i32> = recipients.iter().map(|r| r.try_get("", "party_id").unwrap()).collect();
        assert_eq!(recipients, [2], "the municipalities; the Region was asked separately");
    }
}
