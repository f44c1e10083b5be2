//! What the store's tests share: a database of a test's own.
#![allow(clippy::unwrap_used)]

use crate::Store;

/// A migrated store of the test's own: a fresh PostgreSQL database when
/// `SAMVERKAN_TEST_POSTGRES_URL` is set, else a SQLite file in a temporary folder (kept alive
/// by the returned guard).
pub(crate) async fn test_store(name: &str) -> (Store, Option<tempfile::TempDir>) {
    match std::env::var("SAMVERKAN_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => {
            let db = format!("samverkan_{name}_{}", std::process::id());
            let url = crate::create_postgres_database(&admin, &db).await.unwrap();
            let store = Store::connect(&url).await.unwrap();
            store.migrate().await.unwrap();
            (store, None)
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
            let store = Store::connect(&url).await.unwrap();
            store.migrate().await.unwrap();
            (store, Some(dir))
        }
    }
}
