//! Running the service as an operator does: `samverkan backup` and `restore`, scheduled backups
//! and what `/readyz` says of them, `/metrics` behind its token, and readiness while the
//! database is prepared at start. On SQLite, and on PostgreSQL under `scripts/with-postgres`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::cli::samverkan;
use crate::helpers::{TestApp, TestDatabase};

const TOKEN: &str = "ett-hemligt-token-for-matvarden";

/// Polls until `done` (at most a minute; no time is asserted).
async fn until<F: std::future::Future<Output = bool>>(what: &str, mut done: impl FnMut() -> F) {
    for _ in 0..600 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never: {what}");
}

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_and_never_over_data() {
    let source = TestDatabase::new().await;
    let out = samverkan().args(["seed"]).env("DATABASE_URL", &source.url).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("samverkan.backup");
    let file = file.to_str().unwrap();

    let out = samverkan().args(["backup", "--to", file]).env("DATABASE_URL", &source.url).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8(out.stdout).unwrap();
    let bytes = std::fs::metadata(file).unwrap().len();
    assert!(said.contains(&format!("wrote {file}: {bytes} bytes")), "{said}");
    // Never over a file.
    let out = samverkan().args(["backup", "--to", file]).env("DATABASE_URL", &source.url).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));

    let target = TestDatabase::new().await;
    let url = target.url.clone();
    let restore = || samverkan().args(["restore", "--from", file]).env("DATABASE_URL", &url).output().unwrap();
    let out = restore();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("the audit trail is intact: 1 event"), "{said}");
    let rows = |table: &str| -> u64 {
        let line = said.lines().find(|l| l.split_whitespace().next() == Some(table)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    assert_eq!(rows("parties"), 27, "{said}");
    assert_eq!(rows("areas"), 38, "{said}");
    let out = samverkan().args(["audit", "verify"]).env("DATABASE_URL", &url).output().unwrap();
    assert!(out.status.success());

    // The restored database serves what the source held.
    let app = TestApp::spawn_on(target).await;
    assert_eq!(app.json("/api/v1/parties?limit=1000").await.as_array().unwrap().len(), 27);

    // Over data: refused, and nothing changed.
    let out = restore();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not empty") && stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    let out = samverkan().args(["audit", "verify"]).env("DATABASE_URL", &url).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "the audit trail is intact: 1 event");
}

/// `samverkan serve` with `args`, and the address it logged it listens on.
async fn serve(url: &str, args: &[&str]) -> (Child, String) {
    let mut child = samverkan()
        .arg("serve")
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .env("DATABASE_URL", url)
        .env_remove("SAMVERKAN_METRICS_TOKEN")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on http://").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap_or_default().to_owned());
            }
        }
    });
    for _ in 0..600 {
        if let Ok(addr) = rx.try_recv() {
            return (child, format!("http://{addr}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("no address logged");
}

async fn get(url: &str, token: Option<&str>) -> (u16, String) {
    let mut request = crate::helpers::http_client().build().unwrap().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_failed_scheduled_backup_makes_the_service_unready_until_one_succeeds() {
    let db = TestDatabase::new().await;
    let dir = tempfile::tempdir().unwrap();
    // A file where the folder should be: no backup can be written.
    let folder = dir.path().join("backups");
    std::fs::write(&folder, "inte en mapp").unwrap();
    let folder_arg = folder.to_str().unwrap().to_owned();
    let (mut child, base) = serve(
        &db.url,
        &["--backup-dir", &folder_arg, "--backup-every", "1s", "--backup-keep", "2", "--metrics-token", TOKEN],
    )
    .await;
    let ready = format!("{base}/readyz");
    until("/readyz says the backup failed", || async { get(&ready, None).await.0 == 503 }).await;
    assert!(get(&ready, None).await.1.contains("backup failed"));
    let (status, metrics) = get(&format!("{base}/metrics"), Some(TOKEN)).await;
    assert_eq!(status, 200);
    assert!(metrics.contains("samverkan_backup_last_failed 1"), "{metrics}");
    assert_eq!(get(&format!("{base}/healthz"), None).await.0, 200, "still alive");

    // The folder can be made now: a later backup succeeds, and the service is ready again.
    std::fs::remove_file(&folder).unwrap();
    until("/readyz is 200 again", || async { get(&ready, None).await.0 == 200 }).await;
    until("backups were taken again, the newest two kept", || async {
        let names: Vec<String> = std::fs::read_dir(&folder)
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name().into_string().unwrap()).collect())
            .unwrap_or_default();
        names.len() == 2 && names.iter().all(|n| n.starts_with("samverkan-") && !n.ends_with(".partial"))
    })
    .await;
    let (_, metrics) = get(&format!("{base}/metrics"), Some(TOKEN)).await;
    assert!(metrics.contains("samverkan_backup_last_failed 0"), "{metrics}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn metrics_answer_only_with_their_token_and_count_by_route() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/metrics").await.status(), 404, "not public unless configured");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready\n");

    let app = TestApp::spawn_configured(|settings, _| {
        settings.metrics_token = Some(samverkan_web::MetricsToken::parse(TOKEN).unwrap());
    })
    .await;
    let metrics = format!("{}/metrics", app.base);
    assert_eq!(get(&metrics, None).await.0, 401);
    assert_eq!(get(&metrics, Some("ett-annat-token-helt-och-hallet")).await.0, 401);
    let id = app.json("/api/v1/areas?limit=1").await[0]["id"].as_i64().unwrap();
    app.json(&format!("/api/v1/areas/{id}")).await;
    let (status, text) = get(&metrics, Some(TOKEN)).await;
    assert_eq!(status, 200);
    assert!(
        text.contains(r#"samverkan_http_requests_total{method="GET",route="/api/v1/areas/{id}",status="200"} 1"#),
        "{text}"
    );
    assert!(!text.contains(&format!("/api/v1/areas/{id}\"")), "a raw address as a label");
    assert!(text.contains("samverkan_db_pool_connections{state=\"max\"}"), "{text}");
    assert!(text.contains("samverkan_outbox_messages{state=\"due\"} 0"), "{text}");
    // The response cache: the area asked for once was made (a miss); twice more, kept (hits).
    let hits = |text: &str, result: &str| -> u64 {
        let name = format!("samverkan_response_cache_requests_total{{result=\"{result}\"}} ");
        text.lines().find_map(|l| l.strip_prefix(&name)).map_or(0, |n| n.trim().parse().unwrap())
    };
    let (hit, miss) = (hits(&text, "hit"), hits(&text, "miss"));
    assert!(miss >= 2, "the list and the area were made: {text}");
    app.json(&format!("/api/v1/areas/{id}")).await;
    app.json(&format!("/api/v1/areas/{id}")).await;
    let (_, text) = get(&metrics, Some(TOKEN)).await;
    assert_eq!((hits(&text, "hit"), hits(&text, "miss")), (hit + 2, miss), "{text}");
    assert!(text.contains("samverkan_response_cache_kept{what=\"entries\"}"), "{text}");
    // The statements sent to the database: an uncached page adds its own, a kept one none.
    let queries = |text: &str| -> u64 {
        text.lines().find_map(|l| l.strip_prefix("samverkan_db_queries_total ")).unwrap().trim().parse().unwrap()
    };
    let before = queries(&text);
    app.json(&format!("/api/v1/areas/{id}?at=2025-01-01")).await;
    let (_, text) = get(&metrics, Some(TOKEN)).await;
    let made = queries(&text) - before;
    // The area's reads, and the scrape's own (the data version, the outbox) besides.
    assert!(made > 3, "{made} queries: {text}");
    assert!(queries(&text) <= app.store.queries_made(), "the metric follows the store's own count");
}

#[tokio::test]
async fn the_service_is_unready_while_its_database_is_prepared() {
    let db = TestDatabase::new().await;
    let store = samverkan_store::Store::connect(&db.url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let base = format!("http://{address}");
    let (go, wait) = tokio::sync::oneshot::channel::<()>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let prepared = store.clone();
    let prepare = async move {
        let _ = wait.await;
        prepared.migrate().await.map_err(|e| e.to_string())?;
        prepared.seed_reference_data().await.map_err(|e| e.to_string())?;
        Ok::<(), String>(())
    };
    let operations = samverkan_web::Operations {
        mail: samverkan_web::MailSettings::folder(
            tempfile::tempdir().unwrap().keep(),
            samverkan_web::Sender::parse("Samverkan <samverkan@localhost>").unwrap(),
        ),
        backups: None,
        metrics_listener: None,
    };
    let server = tokio::spawn(samverkan_web::serve_operated(
        listener,
        store,
        samverkan_web::Settings::for_address(address),
        samverkan_web::Limits::default(),
        operations,
        prepare,
        async {
            let _ = stopped.await;
        },
    ));
    let (status, text) = get(&format!("{base}/readyz"), None).await;
    assert_eq!((status, text.as_str()), (503, "not ready: the database is being migrated\n"));
    let page = crate::helpers::plain_get(format!("{base}/api/v1/areas")).await;
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "5");

    go.send(()).unwrap();
    until("/readyz is 200 once the database is ready", || async {
        get(&format!("{base}/readyz"), None).await.0 == 200
    })
    .await;
    assert_eq!(get(&format!("{base}/api/v1/areas?limit=1"), None).await.0, 200);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
