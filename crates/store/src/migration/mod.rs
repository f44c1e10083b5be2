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
mod m20261202_000002_unknown_starts;
mod m20261202_000003_proposals_and_sources;
mod m20261203_000001_local_collaboration;
mod m20261205_000001_action_and_area_plans;
mod m20261205_000002_crisis_support;
mod m20261207_000001_area_plan_next_review;
mod m20261207_000002_crisis_sms;
mod m20261208_000001_plans_by_agreement;

pub struct Migrator;

impl Store {
    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        Migrator::up(self.db.pool(), None).await?;
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
            Box::new(m20261202_000002_unknown_starts::Migration),
            Box::new(m20261202_000003_proposals_and_sources::Migration),
            Box::new(m20261203_000001_local_collaboration::Migration),
            Box::new(m20261205_000001_action_and_area_plans::Migration),
            Box::new(m20261205_000002_crisis_support::Migration),
            Box::new(m20261207_000001_area_plan_next_review::Migration),
            Box::new(m20261207_000002_crisis_sms::Migration),
            Box::new(m20261208_000001_plans_by_agreement::Migration),
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

    /// Upgrading lets a start be unknown, and clears the day that was only where the reference
    /// data starts from the rows the reference files now leave without one; a start someone
    /// recorded, and synthetic rows, keep theirs. The rebuilt tables keep their indexes, ids and
    /// foreign keys. On either database.
    #[tokio::test]
    async fn upgrading_clears_the_made_up_starts_of_the_reference_data() {
        use sea_orm::DatabaseBackend;
        let (store, _dir) = crate::test_support::unmigrated_store("unknown_starts").await;
        let db = store.db.pool();
        let backend = db.get_database_backend();
        let before = Migrator::migrations().iter().position(|m| m.name() == "m20261202_000002_unknown_starts").unwrap();
        Migrator::up(db, Some(u32::try_from(before).unwrap())).await.unwrap();
        let sql = |s: &str| sea_orm::Statement::from_string(backend, s.to_owned());
        let indexes = "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'parties'";
        let index_count = |rows: Option<sea_orm::QueryResult>| rows.map(|r| r.try_get::<i64>("", "n").unwrap());
        let indexes_before = if backend == DatabaseBackend::Sqlite {
            index_count(db.query_one_raw(sql(indexes)).await.unwrap())
        } else {
            None
        };
        db.execute_unprepared(
            "INSERT INTO parties (id, kind, code, name, valid_from, synthetic) VALUES \
             (1, 'municipality', '0180', 'Stockholm', '2020-01-01', false), \
             (2, 'municipality', '0182', 'Nacka', '2021-05-01', false), \
             (3, 'municipality', '0181', 'Södertälje', '2020-01-01', true); \
             INSERT INTO areas (id, name, party_id, valid_from) VALUES (1, 'Bromma', 1, '2020-01-01'); \
             INSERT INTO functions (id, name, kind, party_id, area_id, valid_from) VALUES \
             (1, 'Samordnande vårdcentral, Bromma', 'coordinating_health_centre', 1, 1, '2023-01-01'); \
             INSERT INTO bodies (id, name, level, kind, party_id, area_id, valid_from) VALUES \
             (1, 'Lokal samverkan, Bromma', 'local', 'local_collaboration', 1, 1, '2023-01-01'), \
             (2, 'Samrådsgrupp Digitalisering', 'county', 'consultative_group', NULL, NULL, '2022-07-01'); \
             INSERT INTO memberships (body_id, function_id, role, valid_from) VALUES (1, 1, 'convener', '2023-01-01'); \
             INSERT INTO organisations (id, name, kind, valid_from) VALUES \
             (1, 'Alviks Vårdcentral', 'health_centre', '2023-01-01'), \
             (2, 'Kommunalförbundet Sjukvård och omsorg i Norrtälje (KSON)', 'municipal_federation', '2020-01-01'); \
             INSERT INTO functions (id, name, kind, party_id, valid_from) VALUES \
             (2, 'Kommunens samordnande funktion, Norrtälje', 'municipal_coordination', 1, '2023-01-01'); \
             INSERT INTO appointments (function_id, organisation_id, valid_from) VALUES (1, 1, '2023-01-01'), (2, 2, '2023-01-01')",
        )
        .await
        .unwrap();
        if backend == DatabaseBackend::Postgres {
            db.execute_unprepared("SELECT setval(pg_get_serial_sequence('parties', 'id'), 3)").await.unwrap();
        }
        Migrator::up(db, None).await.unwrap();
        let starts = |table: &'static str| async move {
            let rows = db.query_all_raw(sql(&format!("SELECT valid_from FROM {table} ORDER BY id"))).await.unwrap();
            rows.iter()
                .map(|r| r.try_get::<Option<chrono::NaiveDate>>("", "valid_from").unwrap().map(|d| d.to_string()))
                .collect::<Vec<_>>()
        };
        let day = |d: &str| Some(d.to_owned());
        assert_eq!(starts("parties").await, [None, day("2021-05-01"), day("2020-01-01")]);
        assert_eq!(starts("areas").await, [None]);
        assert_eq!(starts("functions").await, [None, None]);
        assert_eq!(starts("organisations").await, [None, None]);
        // The 2023 list's appointment starts with the year it is for; KSON's is no part of it.
        assert_eq!(starts("appointments").await, [day("2023-01-01"), None]);
        assert_eq!(starts("bodies").await, [None, day("2022-07-01")], "the guideline's day is a source's");
        assert_eq!(starts("memberships").await, [None]);
        // An unknown start may be recorded; ids go on after the largest; references still hold.
        db.execute_unprepared("INSERT INTO parties (kind, code, name) VALUES ('municipality', '0183', 'Sundbyberg')")
            .await
            .unwrap();
        let id: i32 = db
            .query_one_raw(sql("SELECT id FROM parties WHERE code = '0183'"))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "id")
            .unwrap();
        assert_eq!(id, 4);
        assert!(db.execute_unprepared("INSERT INTO areas (name, party_id) VALUES ('Ingenstans', 99)").await.is_err());
        if backend == DatabaseBackend::Sqlite {
            assert_eq!(index_count(db.query_one_raw(sql(indexes)).await.unwrap()), indexes_before);
            let broken = db.query_all_raw(sql("PRAGMA foreign_key_check")).await.unwrap();
            assert!(broken.is_empty(), "no reference lost in the rebuild");
        }
    }
}
