//! Conditional requests and the response cache (issue 16): every anonymous read carries a tag
//! and answers `If-None-Match` with 304; a write shows at once, through this instance or another
//! on the same database; a signed-in view is never served to anyone else, nor the other way.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, cookie_value, created_at, named, page_as, send_json};

/// A GET, anonymous, with `If-None-Match` when given.
async fn get(app_base: &str, client: &reqwest::Client, path: &str, tag: Option<&str>) -> reqwest::Response {
    let mut request = client.get(format!("{app_base}{path}"));
    if let Some(tag) = tag {
        request = request.header("if-none-match", tag);
    }
    request.send().await.unwrap()
}

fn etag(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("etag")
        .unwrap_or_else(|| panic!("{} has no ETag", response.url()))
        .to_str()
        .unwrap()
        .to_owned()
}

/// A person with contact details, held in a function of Nacka's: the person's id.
async fn person(app: &TestApp, leader: &Caller) -> Value {
    let nacka = named(&app.json("/api/v1/parties").await, "Nacka")["id"].clone();
    let (organisation, _) = created_at(
        app,
        leader,
        "/api/v1/organisations",
        json!({"name": "Ektorps vårdcentral", "kind": "health_centre", "party_id": nacka, "valid_from": "2024-01-01"}),
    )
    .await;
    let (function, _) = created_at(
        app,
        leader,
        "/api/v1/functions",
        json!({"name": "Kontaktperson för HÖK", "kind": "other", "party_id": nacka, "valid_from": "2024-01-01"}),
    )
    .await;
    let (_, holding) = created_at(
        app,
        leader,
        &format!("/api/v1/functions/{function}/handovers"),
        json!({"valid_from": "2024-03-01", "organisation_id": organisation, "person_name": "Karin Ek",
            "person_email": "karin.ek@example.se", "person_phone": "08-718 80 00"}),
    )
    .await;
    app.json(&holding).await["person"]["id"].clone()
}

#[tokio::test]
async fn every_anonymous_read_carries_a_tag_and_answers_if_none_match_with_304() {
    let app = TestApp::spawn().await;
    let area = app.json("/api/v1/areas").await[0]["id"].clone();
    for path in [
        "/parter".to_owned(),
        "/api/v1/parties".to_owned(),
        format!("/omraden/{area}"),
        format!("/api/v1/areas/{area}/actors.csv"),
        "/sitemap.xml".to_owned(),
        "/api/openapi.json".to_owned(),
    ] {
        let first = get(&app.base, &app.client, &path, None).await;
        assert_eq!(first.status(), 200, "{path}");
        let tag = etag(&first);
        assert!(tag.starts_with("W/\""), "{path}: {tag}");
        let body = first.bytes().await.unwrap();
        // Again (from the cache now): the same tag and the same bytes.
        let again = get(&app.base, &app.client, &path, None).await;
        assert_eq!(etag(&again), tag, "{path}");
        assert_eq!(again.bytes().await.unwrap(), body, "{path}");
        for asked in [tag.clone(), tag.trim_start_matches("W/").to_owned(), format!("\"x\", {tag}"), "*".to_owned()] {
            let conditional = get(&app.base, &app.client, &path, Some(&asked)).await;
            assert_eq!(conditional.status(), 304, "{path} If-None-Match: {asked}");
            assert_eq!(etag(&conditional), tag);
            assert!(conditional.bytes().await.unwrap().is_empty());
        }
        assert_eq!(get(&app.base, &app.client, &path, Some("W/\"annan\"")).await.status(), 200, "{path}");
        let head = app.client.head(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!((head.status().as_u16(), etag(&head)), (200, tag.clone()), "HEAD {path}");
    }
    // What does not exist is not 304, not even for `*`.
    assert_eq!(get(&app.base, &app.client, "/parter/999999", Some("*")).await.status(), 404);
    // A HEAD first keeps nothing: the GET after it has its body.
    let head = app.client.head(format!("{}/organ", app.base)).send().await.unwrap();
    assert_eq!(head.status(), 200);
    assert!(!get(&app.base, &app.client, "/organ", None).await.bytes().await.unwrap().is_empty());
    // The date asked for is part of the tag.
    let now = etag(&get(&app.base, &app.client, "/api/v1/parties", None).await);
    let then = etag(&get(&app.base, &app.client, "/api/v1/parties?at=2022-07-01", None).await);
    assert_ne!(now, then);
    // The sign-in form sets a cookie with its token: neither tagged nor kept.
    let first = get(&app.base, &app.client, "/logga-in", None).await;
    assert!(first.headers().get("etag").is_none());
    let second = get(&app.base, &app.client, "/logga-in", None).await;
    assert_ne!(cookie_value(&first, "samverkan_login"), cookie_value(&second, "samverkan_login"));
}

#[tokio::test]
async fn a_write_changes_the_tag_and_the_page_at_once() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let person = person(&app, &leader).await;
    let page = format!("/personer/{person}");
    let api = format!("/api/v1/persons/{person}");
    let before = get(&app.base, &app.client, &page, None).await;
    let tag = etag(&before);
    assert!(before.text().await.unwrap().contains("Karin Ek"));
    let api_tag = etag(&get(&app.base, &app.client, &api, None).await);
    let (status, answer) = send_json(
        &app,
        &leader,
        reqwest::Method::PUT,
        &api,
        json!({"name": "Karin Ekström", "email": "karin.ek@example.se", "phone": "08-718 80 00"}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let after = get(&app.base, &app.client, &page, Some(&tag)).await;
    assert_eq!(after.status(), 200, "no stale 304 after a write");
    assert_ne!(etag(&after), tag);
    assert!(after.text().await.unwrap().contains("Karin Ekström"), "no stale page after a write");
    let read = get(&app.base, &app.client, &api, Some(&api_tag)).await;
    assert_eq!(read.status(), 200);
    assert_eq!(read.json::<Value>().await.unwrap()["name"], "Karin Ekström");
}

#[tokio::test]
async fn a_signed_in_view_is_never_served_to_the_anonymous_nor_the_other_way() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let reader = caller(&app.store, "läsare", Role::Reader, None, None).await;
    let person = person(&app, &leader).await;
    let page = format!("/personer/{person}");
    let api = format!("/api/v1/persons/{person}");
    for round in 0..2 {
        let anonymous = get(&app.base, &app.client, &page, None).await;
        let tag = etag(&anonymous);
        let anonymous = anonymous.text().await.unwrap();
        assert!(anonymous.contains("Karin Ek") && !anonymous.contains("karin.ek@example.se"), "round {round}");
        assert!(!anonymous.contains("08-718 80 00"), "round {round}");
        let signed_in = page_as(&app, &reader, &page).await;
        assert!(signed_in.contains("karin.ek@example.se") && signed_in.contains("08-718 80 00"), "round {round}");
        // Their own tag does not make the signed-in a 304 of the anonymous view.
        let conditional = app
            .client
            .get(format!("{}{page}", app.base))
            .header("cookie", format!("samverkan_session={}", reader.session.as_deref().unwrap()))
            .header("if-none-match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(conditional.status(), 200);
        assert_eq!(conditional.headers()["cache-control"], "private, no-store");
        assert!(conditional.headers().get("etag").is_none());
        let public: Value = get(&app.base, &app.client, &api, None).await.json().await.unwrap();
        assert_eq!(public["email"], Value::Null, "round {round}");
        let with_token: Value = app
            .client
            .get(format!("{}{api}", app.base))
            .bearer_auth(reader.bearer.as_deref().unwrap())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(with_token["email"], "karin.ek@example.se", "round {round}");
    }
}

#[tokio::test]
async fn what_a_save_said_is_shown_once_on_a_kept_page() {
    let app = TestApp::spawn().await;
    let kept = get(&app.base, &app.client, "/parter", None).await.text().await.unwrap();
    assert!(!kept.contains("notice saved"));
    let said = app
        .client
        .get(format!("{}/parter", app.base))
        .header("cookie", "samverkan_saved=Funktionen+%C3%A4r+sparad.")
        .send()
        .await
        .unwrap();
    assert!(said.headers().get("etag").is_none());
    let cleared =
        said.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap().starts_with("samverkan_saved=;"));
    assert!(cleared);
    assert!(said.text().await.unwrap().contains("Funktionen är sparad."));
    let after = get(&app.base, &app.client, "/parter", None).await.text().await.unwrap();
    assert!(!after.contains("Funktionen är sparad."), "not said again, nor to anyone else");
}

/// A second instance of the application on `app`'s database: its address, and what stops it.
async fn second_instance(app: &TestApp, response_cache: bool) -> (String, tokio::sync::oneshot::Sender<()>) {
    let store = samverkan_store::Store::connect(&app.db_url()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let mut settings = samverkan_web::Settings::for_address(address);
    settings.response_cache = response_cache;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        samverkan_web::serve_with(listener, store, settings, samverkan_web::Limits::default(), async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    (format!("http://{address}"), tx)
}

/// Two instances on one database (SQLite's file here; PostgreSQL under `scripts/with-postgres`),
/// each with its cache: a write through one shows at once through the other, as a page, an API
/// read and a 304 that is no longer given.
async fn two_instances(second_cache: bool) {
    let app = TestApp::spawn().await;
    let (other, stop) = second_instance(&app, second_cache).await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let person = person(&app, &leader).await;
    let page = format!("/personer/{person}");
    let api = format!("/api/v1/persons/{person}");
    let client = &app.client;
    // Both instances answer (and keep) the page; they agree on its tag.
    let here = etag(&get(&app.base, client, &page, None).await);
    let there = get(&other, client, &page, None).await;
    assert_eq!(etag(&there), here, "one build, one database, one day: one tag");
    assert!(there.text().await.unwrap().contains("Karin Ek"));
    assert_eq!(get(&other, client, &page, Some(&here)).await.status(), 304);
    let api_tag = etag(&get(&other, client, &api, None).await);
    for name in ["Karin Ekström", "Karin Ek-Lund"] {
        let (status, answer) =
            send_json(&app, &leader, reqwest::Method::PUT, &api, json!({"name": name, "email": "karin.ek@example.se"}))
                .await;
        assert_eq!(status, 200, "{answer}");
        let read = get(&other, client, &page, Some(&here)).await;
        assert_eq!(read.status(), 200, "no stale 304 on the other instance");
        assert!(read.text().await.unwrap().contains(name), "the other instance shows {name} at once");
        let read = get(&other, client, &api, Some(&api_tag)).await;
        assert_eq!(read.status(), 200);
        assert_eq!(read.json::<Value>().await.unwrap()["name"], name);
        assert!(get(&app.base, client, &page, None).await.text().await.unwrap().contains(name));
    }
    let _ = stop.send(());
}

#[tokio::test]
async fn a_write_through_one_instance_shows_at_once_through_another() {
    two_instances(true).await;
}

#[tokio::test]
async fn with_the_response_cache_off_tags_and_writes_still_hold() {
    two_instances(false).await;
}
