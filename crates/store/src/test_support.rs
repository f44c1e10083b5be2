//! What the store's tests share: a database of a test's own.
#![allow(clippy::unwrap_used)]

use crate::Store;

/// A migrated store of the test's own: a fresh PostgreSQL database when
/// `SAMVERKAN_TEST_POSTGRES_URL` is set, else a SQLite file in a temporary folder (kept alive
/// by the returned guard).
pub(crate) async fn test_store(name: &str) -> (Store, Option<tempfile::TempDir>) {
    let (store, dir) = unmigrated_store(name).await;
    store.migrate().await.unwrap();
    (store, dir)
}

/// A store of the test's own as [`test_store`] makes it, with no schema yet.
pub(crate) async fn unmigrated_store(name: &str) -> (Store, Option<tempfile::TempDir>) {
    match std::env::var("SAMVERKAN_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => {
            let db = format!("samverkan_{name}_{}", std::process::id());
            let url = crate::create_postgres_database(&admin, &db).await.unwrap();
            (Store::connect(&url).await.unwrap(), None)
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
            (Store::connect(&url).await.unwrap(), Some(dir))
        }
    }
}

/// A process leader (every grant) whom the audit trail names `name`.
pub(crate) fn admin_named(name: &str) -> crate::Actor {
    let admin = samverkan_domain::Grant::new(samverkan_domain::Role::Admin, None, None).unwrap();
    crate::Actor { audit_name: name.to_owned(), grants: vec![admin] }
}

/// Every `.rs` file under `dir` (recursively), as (path relative to `dir`, text), in path order.
pub(crate) fn sources(dir: &std::path::Path) -> Vec<(String, String)> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The crate's own sources (`src/`).
pub(crate) fn crate_sources() -> Vec<(String, String)> {
    sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// Whether a file holds tests only (declared under `#[cfg(test)]`).
pub(crate) fn is_test_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "tests.rs" | "test_support.rs" | "shape_tests.rs")
}

/// A file's program text: without comments, and without its test modules (a `#[cfg(test)]`
/// followed by `mod …{`, which runs to the end of the file; a `#[cfg(test)] mod x;` declaration
/// is dropped alone).
pub(crate) fn program_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line == "#[cfg(test)]" {
            let next = lines.get(i + 1).map_or("", |l| l.trim());
            if next.starts_with("mod ") && next.ends_with(';') {
                i += 2;
                continue;
            }
            if next.starts_with("mod ") {
                break;
            }
        }
        if !line.starts_with("//") {
            out.push_str(lines[i]);
            out.push('\n');
        }
        i += 1;
    }
    out
}
