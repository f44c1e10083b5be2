use std::sync::atomic::{AtomicUsize, Ordering};

use samverkan_store::Store;
use serde_json::Value;

/// A database of a test's own: a SQLite file in a temporary folder, or a fresh PostgreSQL
/// database when `SAMVERKAN_TEST_POSTGRES_URL` is set.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// An HTTP client for the tests. The web crate builds reqwest without a TLS crypto provider of
/// its own (it installs rustls's ring), so every client in this binary is made here, after it.
pub fn http_client() -> reqwest::ClientBuilder {
    samverkan_web::install_crypto_provider();
    reqwest::Client::builder()
}

/// GET `url` with a plain client.
pub async fn plain_get(url: String) -> reqwest::Response {
    http_client().build().unwrap().get(url).send().await.unwrap()
}

impl TestDatabase {
    pub async fn new() -> TestDatabase {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        match std::env::var("SAMVERKAN_TEST_POSTGRES_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = format!("samverkan_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
                let url = samverkan_store::create_postgres_database(&admin, &name).await.unwrap();
                TestDatabase { url, _dir: None }
            }
            _ => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("samverkan.db").display());
                TestDatabase { url, _dir: Some(dir) }
            }
        }
    }
}

/// The application, migrated and loaded with the reference data, listening on a free port.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: Store,
    _db: TestDatabase,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_configured(|_, _| {}).await
    }

    /// [`TestApp::spawn`] with settings and limits other than the defaults for its address.
    pub async fn spawn_configured(
        configure: impl FnOnce(&mut samverkan_web::Settings, &mut samverkan_web::Limits),
    ) -> TestApp {
        let db = TestDatabase::new().await;
        let store = Store::connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        store.seed_reference_data().await.unwrap();
        TestApp::serve(db, store, configure).await
    }

    /// The application on a database filled beforehand (e.g. by `samverkan demo-data`).
    pub async fn spawn_on(db: TestDatabase) -> TestApp {
        TestApp::spawn_on_configured(db, |_, _| {}).await
    }

    /// [`TestApp::spawn_on`] with settings and limits other than the defaults.
    pub async fn spawn_on_configured(
        db: TestDatabase,
        configure: impl FnOnce(&mut samverkan_web::Settings, &mut samverkan_web::Limits),
    ) -> TestApp {
        let store = Store::connect(&db.url).await.unwrap();
        TestApp::serve(db, store, configure).await
    }

    async fn serve(
        db: TestDatabase,
        store: Store,
        configure: impl FnOnce(&mut samverkan_web::Settings, &mut samverkan_web::Limits),
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let base = format!("http://{address}");
        let mut settings = samverkan_web::Settings::for_address(address);
        let mut limits = samverkan_web::Limits::default();
        configure(&mut settings, &mut limits);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        // A clone shares the store's clock: a test that moves it moves the server's.
        let served = store.clone();
        tokio::spawn(async move {
            samverkan_web::serve_with(listener, served, settings, limits, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        TestApp {
            base,
            client: http_client().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            store,
            _db: db,
            shutdown: Some(tx),
        }
    }

    /// The URL of the application's database, for running `samverkan` commands against it.
    pub fn db_url(&self) -> String {
        self._db.url.clone()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{}", self.base, path)).send().await.unwrap()
    }

    /// GETs JSON, asserting a 200.
    pub async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// GETs a page, asserting a 200 HTML answer, and returns its text.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(content_type.starts_with("text/html"), "GET {path}: {content_type}");
        response.text().await.unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The element of a JSON array whose `name` is `name`.
pub fn named<'a>(items: &'a Value, name: &str) -> &'a Value {
    items.as_array().unwrap().iter().find(|i| i["name"] == name).unwrap_or_else(|| panic!("no {name:?} in {items}"))
}

/// A cookie's value from a response's `Set-Cookie` headers, and the whole header.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<(String, String)> {
    response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        let value = v.strip_prefix(&format!("{name}="))?.split(';').next()?.to_owned();
        Some((value, v.to_owned()))
    })
}

/// A cookie's value from a response's `Set-Cookie` headers.
pub fn cookie_value(response: &reqwest::Response, name: &str) -> Option<String> {
    set_cookie(response, name).map(|(value, _)| value)
}

/// The value of the first hidden `csrf` field in a page.
pub fn csrf_field(html: &str) -> String {
    html.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

/// Where a redirect points.
pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map_or_else(String::new, |v| v.to_str().unwrap().to_owned())
}

/// Sends JSON with a caller's personal token; returns the status and the answer (null when it
/// is not JSON).
pub async fn send_json(
    app: &TestApp,
    who: &crate::authorisation::Caller,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let response = app
        .client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(who.bearer.as_deref().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// POSTs JSON with a caller's personal token; returns the status and the answer.
pub async fn post_json(app: &TestApp, who: &crate::authorisation::Caller, path: &str, body: Value) -> (u16, Value) {
    send_json(app, who, reqwest::Method::POST, path, body).await
}

/// POSTs JSON that must be accepted (201, with the new record's API address in `Location`);
/// returns the new record's id.
pub async fn created(app: &TestApp, who: &crate::authorisation::Caller, path: &str, body: Value) -> i64 {
    created_at(app, who, path, body).await.0
}

/// [`created`], with the address `Location` gave.
pub async fn created_at(app: &TestApp, who: &crate::authorisation::Caller, path: &str, body: Value) -> (i64, String) {
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(who.bearer.as_deref().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = location(&response);
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, 201, "POST {path} {body}: {answer}");
    let id = answer["id"].as_i64().unwrap();
    assert!(
        location.starts_with("/api/v1/") && location.ends_with(&format!("/{id}")),
        "POST {path}: Location {location:?} is the new record's address"
    );
    (id, location)
}

/// A page as a signed-in caller sees it (with the caller's session cookie).
pub async fn page_as(app: &TestApp, who: &crate::authorisation::Caller, path: &str) -> String {
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .header("cookie", format!("samverkan_session={}", who.session.as_deref().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

/// A field's value as a form sends it.
pub fn form_value(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// Sends a submission as `who` (anonymous when they have neither): JSON with the token under
/// /api/, a form with the session and its CSRF token elsewhere; multipart (the `file` field as a
/// small PDF of that name, the other fields as text) when `file` is given.
pub async fn submit(
    app: &TestApp,
    who: &crate::authorisation::Caller,
    method: &reqwest::Method,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    let mut request = app.client.request(method.clone(), format!("{}{path}", app.base));
    let api = path.starts_with("/api/");
    match (api, &who.bearer, &who.session) {
        (true, Some(token), _) => request = request.bearer_auth(token),
        (false, _, Some(session)) => request = request.header("cookie", format!("samverkan_session={session}")),
        _ => {}
    }
    let fields = body.as_object().unwrap();
    // An actor list (issue 14): the API takes it as a text/csv body; a page's form as the field
    // its save form carries it in.
    if let (true, Some(csv)) = (api, fields.get("csv").and_then(Value::as_str)) {
        return request.header("content-type", "text/csv").body(csv.to_owned()).send().await.unwrap();
    }
    if let Some(file_name) = fields.get("file").and_then(Value::as_str) {
        let mut form = reqwest::multipart::Form::new();
        if !api {
            form = form.text("csrf", who.csrf.clone());
        }
        for (k, v) in fields.iter().filter(|(k, _)| *k != "file") {
            for item in v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]) {
                form = form.text(k.clone(), form_value(&item));
            }
        }
        let pdf = crate::documents::pdf(file_name);
        form = form.part("file", reqwest::multipart::Part::bytes(pdf).file_name(file_name.to_owned()));
        return request.multipart(form).send().await.unwrap();
    }
    if api {
        return request.json(body).send().await.unwrap();
    }
    // A list goes as the key repeated, as a form's checkboxes send it.
    let mut pairs: Vec<(String, String)> = fields
        .iter()
        .flat_map(|(k, v)| match v.as_array() {
            Some(items) => items.iter().map(|i| (k.clone(), form_value(i))).collect::<Vec<_>>(),
            None => vec![(k.clone(), form_value(v))],
        })
        .collect();
    pairs.push(("csrf".to_owned(), who.csrf.clone()));
    request.form(&pairs).send().await.unwrap()
}
