//! The outbox's worker against a mail server: a small SMTP server in the test collects what it
//! is sent. Messages are put in the outbox as a meeting's write puts them (a row, pending); the
//! worker `serve_with_mail` starts sends each once, keeps what it cannot send while the server is
//! away and sends it when it is back, and two instances on one database send a message once.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use samverkan_store::Store;
use samverkan_store::entity::outbox_message;
use sea_orm::{ActiveModelTrait, ColumnTrait, Database, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::helpers::TestDatabase;

/// What the SMTP server received: each message's text (as sent after `DATA`).
#[derive(Clone, Default)]
struct Inbox(Arc<Mutex<Vec<String>>>);

impl Inbox {
    fn messages(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    /// How many times each `Message-ID` arrived.
    fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for m in self.messages() {
            let id = m.lines().find_map(|l| l.strip_prefix("Message-ID: ")).unwrap_or("?").to_owned();
            *counts.entry(id).or_default() += 1;
        }
        counts
    }
}

/// An SMTP server that accepts every message (RFC 5321's few commands a client needs), on
/// `listener`, until the returned task is aborted.
fn smtp_server(listener: tokio::net::TcpListener, inbox: Inbox) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let inbox = inbox.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-test\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            write.write_all(b"354 go on\r\n").await.unwrap();
                            let mut text = String::new();
                            while let Ok(Some(line)) = lines.next_line().await {
                                if line == "." {
                                    break;
                                }
                                text.push_str(line.strip_prefix('.').unwrap_or(&line));
                                text.push('\n');
                            }
                            inbox.0.lock().unwrap().push(text);
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 ok\r\n",
                    };
                    if write.write_all(answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    })
}

/// One instance: the server with its mail worker, sending to `smtp_port`; stopped when dropped.
struct Instance(Option<tokio::sync::oneshot::Sender<()>>, tokio::task::JoinHandle<()>);

impl Instance {
    async fn start(url: &str, smtp_port: u16) -> Instance {
        let store = Store::connect(url).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let settings = samverkan_web::Settings::for_address(listener.local_addr().unwrap());
        let mut mail = samverkan_web::MailSettings::folder(
            std::env::temp_dir(),
            samverkan_web::Sender::parse("Samverkan <noreply@samverkan.example.se>").unwrap(),
        );
        mail.delivery = samverkan_web::Delivery::Smtp(samverkan_web::SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port: Some(smtp_port),
            credentials: None,
            tls: samverkan_web::SmtpTls::None,
        });
        mail.retry_base = Duration::from_secs(1);
        mail.poll_interval = Duration::from_millis(100);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            samverkan_web::serve_with_mail(listener, store, settings, samverkan_web::Limits::default(), mail, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        Instance(Some(stop), task)
    }

    /// Stops it, waiting for its worker to end.
    async fn stop(mut self) {
        let _ = self.0.take().unwrap().send(());
        (&mut self.1).await.unwrap();
    }
}

async fn database() -> (TestDatabase, DatabaseConnection) {
    let db = TestDatabase::new().await;
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let connection = Database::connect(&db.url).await.unwrap();
    (db, connection)
}

/// Puts a message in the outbox as a meeting's write does (pending, due now); its Message-ID.
async fn put(db: &DatabaseConnection, n: usize, calendar: bool) -> String {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let message_id = format!("<test{n}.{}@samverkan.example.se>", std::process::id());
    outbox_message::ActiveModel {
        message_id: Set(message_id.clone()),
        recipient: Set(format!("aktor{n}@example.se")),
        subject: Set("Inbjudan: Nätverksmöte i Järva".to_owned()),
        body: Set("Välkommen till nätverksmötet på vårdcentralen.".to_owned()),
        ics: Set(calendar.then(|| "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n".to_owned())),
        ics_method: Set(calendar.then(|| "REQUEST".to_owned())),
        state: Set("pending".to_owned()),
        attempts: Set(0),
        created_at: Set(now.clone()),
        next_attempt_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    message_id
}

async fn rows(db: &DatabaseConnection) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find().all(db).await.unwrap()
}

/// Waits up to 20 s for `done`.
async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("not within 20 s: {what}");
}

#[tokio::test]
async fn an_invitation_is_sent_once_with_its_calendar_attached() {
    let (_db, conn) = database().await;
    let smtp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = smtp.local_addr().unwrap().port();
    let inbox = Inbox::default();
    let server = smtp_server(smtp, inbox.clone());
    let instance = Instance::start(&_db.url, port).await;
    let id = put(&conn, 1, true).await;
    until("the invitation arrives", async || inbox.messages().len() == 1).await;
    until("it is marked sent", async || rows(&conn).await[0].state == "sent").await;
    let text = &inbox.messages()[0];
    assert!(text.contains(&format!("Message-ID: {id}")), "{text}");
    assert!(text.contains("To: aktor1@example.se"), "{text}");
    assert!(text.contains("Content-Type: text/calendar; charset=utf-8; method=REQUEST"), "{text}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(inbox.messages().len(), 1, "sent once, not again");
    instance.stop().await;
    server.abort();
}

#[tokio::test]
async fn while_the_mail_server_is_away_nothing_is_lost_and_it_all_goes_when_it_returns() {
    let (_db, conn) = database().await;
    // A port with nobody listening: the mail server is down.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let instance = Instance::start(&_db.url, port).await;
    let ids = [put(&conn, 1, true).await, put(&conn, 2, false).await];
    until("both tried and failed", async || rows(&conn).await.iter().all(|r| r.attempts >= 1)).await;
    for row in rows(&conn).await {
        assert_eq!(row.state, "pending", "kept, to be tried again");
        assert!(row.last_error.is_some(), "the error is kept: {row:?}");
        assert!(row.sent_at.is_none());
    }
    let inbox = Inbox::default();
    let server = smtp_server(tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap(), inbox.clone());
    until("both arrive once the server is back", async || inbox.messages().len() == 2).await;
    until("both marked sent", async || rows(&conn).await.iter().all(|r| r.state == "sent")).await;
    let mut sent: Vec<String> = inbox.counts().into_keys().collect();
    sent.sort();
    let mut written = ids.to_vec();
    written.sort();
    assert_eq!(sent, written, "each once, the same messages");
    instance.stop().await;
    server.abort();
}

#[tokio::test]
async fn two_instances_on_one_database_send_each_message_once() {
    let (_db, conn) = database().await;
    let smtp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = smtp.local_addr().unwrap().port();
    let inbox = Inbox::default();
    let server = smtp_server(smtp, inbox.clone());
    for n in 0..30 {
        put(&conn, n, n % 2 == 0).await;
    }
    let (a, b) = (Instance::start(&_db.url, port).await, Instance::start(&_db.url, port).await);
    until("all 30 sent", async || {
        outbox_message::Entity::find().filter(outbox_message::Column::State.eq("sent")).all(&conn).await.unwrap().len()
            == 30
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let counts = inbox.counts();
    assert_eq!(counts.len(), 30, "every message arrived");
    assert!(counts.values().all(|n| *n == 1), "each once: {counts:?}");
    a.stop().await;
    b.stop().await;
    server.abort();
}
