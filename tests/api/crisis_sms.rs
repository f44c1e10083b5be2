//! Crisis alerts by text message (issue 15): with an SMS provider configured, an activation
//! sends each contact with a mobile number a text message through the provider's HTTP API (a
//! small HTTP server in the test plays the provider: form fields `from`, `to`, `message`, HTTP
//! Basic), through the same durable outbox as the e-mail: a provider that fails is tried again,
//! a switchboard number gets none, and the link in the message acknowledges exactly its contact.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use samverkan_domain::Role;
use samverkan_store::Store;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::authorisation::caller;
use crate::crisis_fixture::contact_list;
use crate::helpers::TestDatabase;

/// One request the provider received: its `Authorization` header and its form fields.
#[derive(Debug, Clone)]
struct Received {
    authorization: String,
    form: Vec<(String, String)>,
}

impl Received {
    fn field(&self, name: &str) -> &str {
        self.form.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }
}

/// An SMS provider's API over HTTP/1.1: answers the first request 503 (the provider is busy),
/// every later one 200, and keeps what it received.
fn provider(listener: tokio::net::TcpListener, received: Arc<Mutex<Vec<Received>>>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut served = 0;
        while let Ok((socket, _)) = listener.accept().await {
            let (read, mut write) = socket.into_split();
            let mut reader = BufReader::new(read);
            let (mut length, mut authorization) = (0usize, String::new());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).await.unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or((&line, ""));
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "authorization" => authorization = value.trim().to_owned(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).await.unwrap();
            served += 1;
            let answer: &[u8] = if served == 1 {
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy"
            } else {
                let query = format!("http://x/?{}", String::from_utf8_lossy(&body));
                let form = reqwest::Url::parse(&query).unwrap().query_pairs().into_owned().collect();
                received.lock().unwrap().push(Received { authorization: authorization.clone(), form });
                b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            };
            let _ = write.write_all(answer).await;
        }
    })
}

#[tokio::test]
async fn an_activation_texts_each_mobile_number_and_its_link_acknowledges_its_contact() {
    let db = TestDatabase::new().await;
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    store.seed_reference_data().await.unwrap();
    let today = samverkan_web::today();
    let nacka = store.parties(today, samverkan_store::Page::ALL).await.unwrap().items;
    let nacka = nacka.iter().find(|p| p.code == "0182").unwrap().id;
    let area = store.areas_of_party(nacka, today).await.unwrap()[0].area.id;
    let coordinator = caller(&store, "samordnare", Role::AreaCoordinator, None, Some(area)).await;

    let sms_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sms_url = format!("http://{}/a1/sms", sms_listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let provider = provider(sms_listener, received.clone());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut settings = samverkan_web::Settings::for_address(listener.local_addr().unwrap());
    settings.sms = true;
    let mail_dir = tempfile::tempdir().unwrap();
    let mut mail = samverkan_web::MailSettings::folder(
        mail_dir.path().to_owned(),
        samverkan_web::Sender::parse("Samverkan <noreply@samverkan.example.se>").unwrap(),
    );
    mail.sms = Some(samverkan_web::SmsSettings {
        url: sms_url,
        username: "u-samverkan".to_owned(),
        password: "provider-secret".to_owned(),
        from: "Samverkan".to_owned(),
    });
    mail.retry_base = Duration::from_secs(1);
    mail.poll_interval = Duration::from_millis(100);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = store.clone();
    let server = tokio::spawn(async move {
        samverkan_web::serve_with_mail(listener, served, settings, samverkan_web::Limits::default(), mail, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    let client = crate::helpers::http_client().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let token = coordinator.bearer.clone().unwrap();
    let send = async |method: reqwest::Method, path: String, body: Value| -> (u16, Value) {
        let response =
            client.request(method, format!("{base}{path}")).bearer_auth(&token).json(&body).send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    };

    let (status, _) = send(reqwest::Method::PUT, format!("/api/v1/areas/{area}/crisis-contacts"), contact_list()).await;
    assert_eq!(status, 200);
    let what =
        json!({"what": "Brand i flerbostadshus", "place": "Orminge centrum", "occurred_at": format!("{today}T14:30")});
    let (status, incident) = send(reqwest::Method::POST, format!("/api/v1/areas/{area}/incidents"), what).await;
    assert_eq!(status, 201, "{incident}");
    let id = incident["id"].as_i64().unwrap();

    // Of the three contacts only the officer on duty has a mobile number (070-…): one text
    // message, sent after the provider's first refusal, to +46701234567.
    let incident_json = async || -> Value {
        let path = format!("/api/v1/incidents/{id}");
        client.get(format!("{base}{path}")).bearer_auth(&token).send().await.unwrap().json().await.unwrap()
    };
    for _ in 0..200 {
        if incident_json().await["recipients"].as_array().unwrap().iter().any(|r| r["sms_state"] == "sent") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = incident_json().await;
    let recipients = got["recipients"].as_array().unwrap();
    let texted: Vec<_> = recipients.iter().filter(|r| !r["sms_number"].is_null()).collect();
    assert_eq!(texted.len(), 1, "{got}");
    assert_eq!(
        (texted[0]["function"].as_str(), texted[0]["sms_number"].as_str()),
        (Some("Tjänsteman i beredskap"), Some("+46701234567"))
    );
    assert_eq!(texted[0]["sms_state"], "sent", "{got}");
    let sent = received.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let sms = &sent[0];
    assert_eq!((sms.field("to"), sms.field("from")), ("+46701234567", "Samverkan"));
    assert!(sms.field("message").starts_with("Krisstöd aktiverat i "), "{sms:?}");
    assert!(sms.field("message").contains("Brand i flerbostadshus"), "{sms:?}");
    // HTTP Basic with the configured user and password.
    assert_eq!(sms.authorization, "Basic dS1zYW12ZXJrYW46cHJvdmlkZXItc2VjcmV0");

    // The link in the text message acknowledges the officer on duty, and nobody else.
    let message = sms.field("message");
    let key = message[message.find("/krisstod/kvittens/").unwrap() + "/krisstod/kvittens/".len()..].trim().to_owned();
    let status = client.post(format!("{base}/krisstod/kvittens/{key}")).send().await.unwrap().status();
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let got = incident_json().await;
    for r in got["recipients"].as_array().unwrap() {
        assert_eq!(r["acknowledged_at"].is_null(), r["function"] != "Tjänsteman i beredskap", "{r}");
    }

    let _ = stop.send(());
    server.await.unwrap();
    provider.abort();
}
