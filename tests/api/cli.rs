//! The `samverkan` command as an operator runs it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::TestDatabase;

pub fn samverkan() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_samverkan"));
    cmd.env_remove("DATABASE_URL").env_remove("SAMVERKAN_ADDR").env("SAMVERKAN_LOG", "info");
    cmd
}

#[test]
fn a_database_that_cannot_be_opened_ends_with_one_line_and_failure() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("saknas.db");
    for url in [
        format!("sqlite://{}", missing.display()),
        "mysql://localhost/x".to_owned(),
        "postgres://nobody@127.0.0.1:1/none".to_owned(),
    ] {
        let out = samverkan().args(["migrate", "--database-url", &url]).output().unwrap();
        assert!(!out.status.success(), "{url}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{url}: {stderr}");
        assert!(stderr.starts_with("samverkan: "), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(!missing.exists(), "a bare SQLite path is not silently created");
}

#[tokio::test]
async fn serve_on_port_zero_logs_the_real_address_and_serves() {
    let db = TestDatabase::new().await;
    let mut child = samverkan()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("DATABASE_URL", &db.url)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on http://").nth(1) {
                let addr = rest.split_whitespace().next().unwrap_or_default().to_owned();
                let _ = tx.send(addr);
            }
        }
    });
    let started = Instant::now();
    let addr = loop {
        if let Ok(addr) = rx.try_recv() {
            break addr;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no address logged");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(!addr.ends_with(":0"), "{addr}");
    let areas: serde_json::Value =
        crate::helpers::plain_get(format!("http://{addr}/api/v1/areas")).await.json().await.unwrap();
    assert_eq!(areas.as_array().unwrap().len(), 38, "an empty database is seeded on first start");
    child.kill().unwrap();
    child.wait().unwrap();

    // `seed` on a loaded database changes nothing.
    let out = samverkan().args(["seed"]).env("DATABASE_URL", &db.url).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing changed"));
}

#[test]
fn audit_verify_walks_the_trail_the_loads_left() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("a.db").display());
    let verify = || samverkan().args(["audit", "verify", "--database-url", &url]).output().unwrap();
    let out = verify();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "the audit trail is intact: 0 events");
    for _ in 0..2 {
        let out = samverkan().args(["seed", "--database-url", &url]).output().unwrap();
        assert!(out.status.success());
    }
    // Loading is one event; loading again changes nothing and records nothing.
    let out = verify();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "the audit trail is intact: 1 event");
}

#[test]
fn user_add_prints_a_one_time_password_and_names_bad_fields() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("u.db").display());
    assert!(samverkan().args(["seed", "--database-url", &url]).output().unwrap().status.success());
    let add = |args: &[&str]| {
        let mut cmd = samverkan();
        cmd.args(["user", "add", "--database-url", &url]).args(args);
        cmd.output().unwrap()
    };
    let out = add(&["--email", "processledare@storsthlm.se", "--role", "admin"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let password = stdout.trim_end().lines().last().unwrap();
    assert_eq!(password.len(), 20, "{stdout}");
    assert!(password.chars().all(|c| c.is_ascii_alphanumeric()));
    // Another account gets another password.
    let out = add(&["--email", "redaktor@nacka.se", "--role", "party_editor", "--party", "0182"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_ne!(String::from_utf8(out.stdout).unwrap().trim(), password);

    for (args, field) in [
        (vec!["--email", "processledare@storsthlm.se", "--role", "admin"], "email:"),
        (vec!["--email", "x@nacka.se", "--role", "party_editor"], "party:"),
        (vec!["--email", "x@nacka.se", "--role", "chef"], "role:"),
        (vec!["--email", "x@nacka.se", "--role", "area_coordinator", "--area", "99999"], "area:"),
    ] {
        let out = add(&args);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.trim_end().lines().last().unwrap_or_default();
        assert!(last.starts_with("samverkan: ") && last.contains(field), "{args:?}: {stderr}");
    }
    // Two accounts and the load: three events, chained.
    let out = samverkan().args(["audit", "verify", "--database-url", &url]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "the audit trail is intact: 3 events");
}
