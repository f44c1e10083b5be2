//! Scheduled backups (`serve --backup-dir DIR --backup-every 24h --backup-keep 14`): a task
//! beside the server, like the e-mail worker. Each backup is `samverkan-YYYYMMDDTHHMMSSZ.db`
//! (SQLite) or `.pgdump` (PostgreSQL) in the folder, named by its UTC time so the names sort
//! by age; after each good one only the newest `keep` of those names are kept (other files in
//! the folder are never touched). The next is due `every` after the newest in the folder, so a
//! restart does not take one at once; a failure is logged as an error, makes `/readyz` 503, and
//! is tried again after [`RETRY`] (or `every`, if sooner), until one succeeds.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use samverkan_store::{Backend, Store};
use tokio::sync::watch;

use super::readiness::Readiness;

/// How soon a failed backup is tried again (at most).
const RETRY: Duration = Duration::from_secs(300);
const PREFIX: &str = "samverkan-";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// When and where backups are taken.
#[derive(Debug, Clone)]
pub struct BackupSchedule {
    pub dir: PathBuf,
    pub every: Duration,
    /// How many of the newest are kept (at least one).
    pub keep: usize,
}

/// A running schedule.
pub(crate) struct Running {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops the schedule; a backup under way is finished first.
    pub(crate) async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "the backup schedule ended badly");
        }
    }
}

pub(crate) fn spawn(store: Store, schedule: BackupSchedule, ready: Arc<Readiness>) -> Running {
    let (stop, stopped) = watch::channel(false);
    tracing::info!(dir = %schedule.dir.display(), every = ?schedule.every, keep = schedule.keep, "scheduled backups");
    let task = tokio::spawn(run(store, schedule, ready, stopped));
    Running { stop, task }
}

async fn run(store: Store, schedule: BackupSchedule, ready: Arc<Readiness>, mut stopped: watch::Receiver<bool>) {
    let extension = match store.backend() {
        Backend::Sqlite => "db",
        Backend::Postgres => "pgdump",
    };
    let mut next = match newest(&schedule.dir, extension) {
        Some(at) => {
            ready.backup_succeeded(at);
            at + chrono::Duration::from_std(schedule.every).unwrap_or(chrono::Duration::MAX)
        }
        None => Utc::now(),
    };
    loop {
        let wait = (next - Utc::now()).to_std().unwrap_or(Duration::ZERO);
        tokio::select! {
            _ = stopped.changed() => break,
            () = tokio::time::sleep(wait) => {},
        }
        if *stopped.borrow() {
            break;
        }
        let now = Utc::now();
        let path = schedule.dir.join(format!("{PREFIX}{}.{extension}", now.format(STAMP)));
        match take(&store, &schedule.dir, &path).await {
            Ok(report) => {
                tracing::info!(path = %report.path.display(), bytes = report.bytes, "scheduled backup: {report}");
                ready.backup_succeeded(now);
                prune(&schedule.dir, extension, schedule.keep);
                next = now + chrono::Duration::from_std(schedule.every).unwrap_or(chrono::Duration::MAX);
            }
            Err(e) => {
                tracing::error!(path = %path.display(), error = %e, "scheduled backup failed");
                ready.backup_failed(now);
                let retry = schedule.every.min(RETRY);
                next = now + chrono::Duration::from_std(retry).unwrap_or(chrono::Duration::MAX);
            }
        }
    }
    tracing::info!("backup schedule stopped");
}

async fn take(store: &Store, dir: &Path, path: &Path) -> Result<samverkan_store::BackupReport, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    store.backup_to(path).await.map_err(|e| e.to_string())
}

/// The time in a scheduled backup's name, if `name` is one.
fn stamp_of(name: &str, extension: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(extension)?.strip_suffix('.')?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok().map(|t| t.and_utc())
}

/// The scheduled backups in `dir`, newest first.
fn backups(dir: &Path, extension: &str) -> Vec<(DateTime<Utc>, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(DateTime<Utc>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| Some((stamp_of(e.file_name().to_str()?, extension)?, e.path())))
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found
}

fn newest(dir: &Path, extension: &str) -> Option<DateTime<Utc>> {
    backups(dir, extension).first().map(|(at, _)| *at)
}

/// Removes all but the newest `keep` scheduled backups.
fn prune(dir: &Path, extension: &str, keep: usize) {
    for (_, path) in backups(dir, extension).into_iter().skip(keep.max(1)) {
        match std::fs::remove_file(&path) {
            Ok(()) => tracing::info!(path = %path.display(), "old backup removed"),
            Err(e) => tracing::warn!(path = %path.display(), error = %e, "old backup not removed"),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn only_the_newest_scheduled_backups_are_kept_and_nothing_else_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "samverkan-20261129T010000Z.db",
            "samverkan-20261130T010000Z.db",
            "samverkan-20261201T010000Z.db",
            "samverkan-20261201T010000Z.db.partial",
            "samverkan-20261128T010000Z.pgdump",
            "min-egen.db",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        assert_eq!(newest(dir.path(), "db").unwrap().to_rfc3339(), "2026-12-01T01:00:00+00:00");
        prune(dir.path(), "db", 2);
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(
            left,
            [
                "min-egen.db",
                "samverkan-20261128T010000Z.pgdump",
                "samverkan-20261130T010000Z.db",
                "samverkan-20261201T010000Z.db",
                "samverkan-20261201T010000Z.db.partial",
            ]
        );
    }
}
