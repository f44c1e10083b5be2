//! A backup taken while eight writers write, restored into an empty database: every write
//! acknowledged before the backup began is there, and the audit chain is whole. On SQLite, and
//! on PostgreSQL under `scripts/with-postgres` (where `pg_dump` and `pg_restore` come with it).
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use samverkan_domain::Input;

use crate::test_support::{admin_named, test_store, unmigrated_store};
use crate::{AuditCheck, Store};

const WRITERS: usize = 8;

/// Writes agreements as one writer until told to stop; each one acknowledged is pushed to
/// `acknowledged` (title, id) the moment its write returned.
async fn writer(
    store: Store,
    n: usize,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<std::sync::Mutex<Vec<(String, i32)>>>,
) {
    let admin = admin_named(&format!("skrivare-{n}"));
    let mut i = 0;
    while !stop.load(Ordering::SeqCst) {
        let title = format!("Överenskommelse {n}-{i}");
        let input = Input::from_json(serde_json::json!({
            "title": title, "kind": "subject_area", "target_groups": ["elderly"],
        }))
        .unwrap();
        let id = store.create_agreement(&admin, input).await.unwrap();
        acknowledged.lock().unwrap().push((title, id));
        i += 1;
    }
}

async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..6000 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("never: {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_eight_writers_write_restores_every_acknowledged_write() {
    let (store, _dir) = test_store("backup_source").await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("samverkan.backup");

    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::new()));
    let writers: Vec<_> =
        (0..WRITERS).map(|n| tokio::spawn(writer(store.clone(), n, stop.clone(), acknowledged.clone()))).collect();
    let count = || acknowledged.lock().unwrap().len();
    until("the writers have written", || count() >= 5 * WRITERS).await;

    // What was acknowledged before the backup began; the writers go on meanwhile.
    let before: Vec<(String, i32)> = acknowledged.lock().unwrap().clone();
    let report = store.backup_to(&file).await.unwrap();
    until("the writers wrote on after the backup", || count() >= before.len() + 2 * WRITERS).await;
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    assert_eq!(report.path, file);
    assert!(report.bytes > 0 && report.bytes == std::fs::metadata(&file).unwrap().len());
    assert!(report.to_string().contains("bytes"), "{report}");
    let written = count();

    // Never over a file.
    assert!(matches!(store.backup_to(&file).await, Err(crate::BackupError::Exists(_))));

    // Into an empty database.
    let (target, _target_dir) = unmigrated_store("backup_target").await;
    let (restored, restore) = target.restore(&file).await.unwrap();
    let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let titles: std::collections::HashMap<i32, String> =
        restored.agreements(on).await.unwrap().into_iter().map(|a| (a.id, a.title)).collect();
    for (title, id) in &before {
        assert_eq!(titles.get(id), Some(title), "an acknowledged write is missing from the restored database");
    }
    assert!(titles.len() >= before.len() && titles.len() <= written, "{} of {written}", titles.len());
    let AuditCheck::Intact { events } = restore.audit else { panic!("{}", restore.audit) };
    assert_eq!(events, titles.len() as u64, "one event per agreement restored, the chain whole");
    assert_eq!(restored.verify_audit_trail().await.unwrap(), restore.audit);
    let agreements = restore.tables.iter().find(|(t, _)| *t == "agreements").unwrap().1;
    assert_eq!(agreements, titles.len() as u64);

    // Into a database with data: refused, nothing changed.
    let trail = store.verify_audit_trail().await.unwrap();
    let tables = store.main_table_counts().await.unwrap();
    let refused = store.clone().restore(&file).await.err().unwrap();
    assert!(matches!(refused, crate::RestoreError::NotEmpty { .. }), "{refused}");
    assert!(refused.to_string().contains("nothing was changed"), "{refused}");
    assert_eq!(store.verify_audit_trail().await.unwrap(), trail);
    assert_eq!(store.main_table_counts().await.unwrap(), tables);
    // And the restored one is not empty any more.
    assert!(matches!(restored.restore(&file).await, Err(crate::RestoreError::NotEmpty { .. })));
}

#[tokio::test]
async fn a_file_that_is_no_backup_is_refused_before_anything_changes() {
    let (target, _dir) = unmigrated_store("backup_garbage").await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("inte-en-backup.txt");
    std::fs::write(&file, "hej").unwrap();
    let refused = target.clone().restore(&file).await.err().unwrap();
    assert!(matches!(refused, crate::RestoreError::Unusable { .. }), "{refused}");
    assert_eq!(target.first_table_with_rows().await.unwrap(), None);
}
