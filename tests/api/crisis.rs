//! Crisis support (issue 15) over HTTP: who sees an area's crisis contact list and its incidents
//! (nobody but its coordinators and the process leaders: 404 to the rest, pages and API alike),
//! an activation reaching every contact on the list through the outbox, the personal
//! acknowledgement links (each marks exactly its own contact, once; a forged one nothing), the
//! log and the closing, and the list's rules (incomplete without a holder or a phone).

use samverkan_domain::{AreaOf, Role};
use samverkan_store::AuditCheck;
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::crisis_fixture::contact_list;
use crate::helpers::{TestApp, created, send_json};

struct World {
    app: TestApp,
    area: AreaOf,
    admin: Caller,
    coordinator: Caller,
    others: Vec<Caller>,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let s = &app.store;
    let today = samverkan_web::today();
    let parties = s.parties(today, samverkan_store::Page::ALL).await.unwrap().items;
    let nacka = parties.iter().find(|p| p.code == "0182").unwrap().id;
    let solna = parties.iter().find(|p| p.code == "0184").unwrap().id;
    let area_id = s.areas_of_party(nacka, today).await.unwrap()[0].area.id;
    let other_area = s.areas_of_party(solna, today).await.unwrap()[0].area.id;
    let area = AreaOf { area_id, municipality_id: nacka };
    let admin = caller(s, "processledare", Role::Admin, None, None).await;
    let coordinator = caller(s, "samordnare", Role::AreaCoordinator, None, Some(area_id)).await;
    let others = vec![
        Caller::ANONYMOUS,
        caller(s, "läsare", Role::Reader, None, None).await,
        caller(s, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await,
        caller(s, "samordnare Solna", Role::AreaCoordinator, None, Some(other_area)).await,
    ];
    World { app, area, admin, coordinator, others }
}

/// GET as `who`: the API with the token, a page with the session. The status and the text.
async fn get_as(app: &TestApp, who: &Caller, path: &str) -> (u16, String) {
    let mut request = app.client.get(format!("{}{path}", app.base));
    if path.starts_with("/api/") {
        if let Some(t) = &who.bearer {
            request = request.bearer_auth(t);
        }
    } else if let Some(s) = &who.session {
        request = request.header("cookie", format!("samverkan_session={s}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn events(app: &TestApp) -> u64 {
    match app.store.verify_audit_trail().await.unwrap() {
        AuditCheck::Intact { events } => events,
        broken => panic!("{broken:?}"),
    }
}

/// The acknowledgement key in a message's text.
fn key_in(body: &str) -> String {
    let start = body.find("/krisstod/kvittens/").unwrap() + "/krisstod/kvittens/".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

async fn acknowledge(app: &TestApp, key: &str) -> u16 {
    app.client.post(format!("{}/krisstod/kvittens/{key}", app.base)).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn an_activation_reaches_every_contact_and_each_link_marks_only_its_own_contact_once() {
    let w = world().await;
    let app = &w.app;
    let a = w.area.area_id;
    let (status, answer) = send_json(
        app,
        &w.coordinator,
        reqwest::Method::PUT,
        &format!("/api/v1/areas/{a}/crisis-contacts"),
        contact_list(),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let list: Value =
        serde_json::from_str(&get_as(app, &w.coordinator, &format!("/api/v1/areas/{a}/crisis-contacts")).await.1)
            .unwrap();
    assert_eq!(list["complete"], false);
    assert_eq!(list["gaps"], json!(["Informationsansvarig saknar telefon."]));
    assert!(list["checked_at"].as_str().is_some_and(|t| t.starts_with(&samverkan_web::today().to_string())));
    assert_eq!(list["contacts"][0]["phone"], "08-718 80 00");

    let incident = created(
        app,
        &w.coordinator,
        &format!("/api/v1/areas/{a}/incidents"),
        json!({"what": "Brand i äldreboende", "place": "Sjötorpet", "occurred_at": "2026-11-30T21:15"}),
    )
    .await;
    // One message per contact with an address, each with a link of its own.
    let mail = app.store.claim_due_mail("test", 100).await.unwrap();
    let mut to: Vec<&str> = mail.iter().map(|m| m.recipient.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["anna.berg@nacka.se", "info@nacka.se", "tib@nacka.se"]);
    assert!(mail.iter().all(|m| m.subject.starts_with("Krisstöd aktiverat") && m.body.contains("Sjötorpet")));
    let key_of = |email: &str| key_in(&mail.iter().find(|m| m.recipient == email).unwrap().body);
    let (anna, tib) = (key_of("anna.berg@nacka.se"), key_of("tib@nacka.se"));
    assert_ne!(anna, tib);

    let acknowledged = |v: &Value| -> Vec<(String, bool)> {
        v["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["function"].as_str().unwrap().to_owned(), !r["acknowledged_at"].is_null()))
            .collect()
    };
    let read = async || -> Value {
        serde_json::from_str(&get_as(app, &w.coordinator, &format!("/api/v1/incidents/{incident}")).await.1).unwrap()
    };
    let before = read().await;
    assert!(acknowledged(&before).iter().all(|(_, a)| !a), "nobody has acknowledged yet");

    // Opening the link marks nothing (a mail program may open it to check it); pressing does.
    let (status, page) = get_as(app, &Caller::ANONYMOUS, &format!("/krisstod/kvittens/{tib}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Jag har tagit emot meddelandet"), "{page}");
    assert!(acknowledged(&read().await).iter().all(|(_, a)| !a));
    assert_eq!(acknowledge(app, &tib).await, 200);
    let after = read().await;
    assert_eq!(
        acknowledged(&after),
        [
            ("Krisledare".to_owned(), false),
            ("Tjänsteman i beredskap".to_owned(), true),
            ("Informationsansvarig".to_owned(), false)
        ]
    );
    let page = get_as(app, &w.coordinator, &format!("/krisstod/handelser/{incident}")).await.1;
    assert!(page.contains("1 av 3 har bekräftat"), "{page}");
    assert_eq!(page.matches("Inte bekräftat").count(), 2, "{page}");

    // A second use changes nothing, not even the time.
    let trail = events(app).await;
    assert_eq!(acknowledge(app, &tib).await, 200);
    assert_eq!(events(app).await, trail);
    assert_eq!(read().await["recipients"][1]["acknowledged_at"], after["recipients"][1]["acknowledged_at"]);

    // Forged: one contact's secret with another's id, a made-up secret, nonsense.
    let (tib_id, tib_secret) = tib.split_once('-').unwrap();
    let (anna_id, anna_secret) = anna.split_once('-').unwrap();
    assert_ne!(tib_id, anna_id);
    for forged in [
        format!("{anna_id}-{tib_secret}"),
        format!("{tib_id}-{anna_secret}"),
        format!("{anna_id}-{}", "0".repeat(64)),
        "1-abc".to_owned(),
        "nonsense".to_owned(),
    ] {
        assert_eq!(acknowledge(app, &forged).await, 404, "{forged}");
        assert_eq!(get_as(app, &Caller::ANONYMOUS, &format!("/krisstod/kvittens/{forged}")).await.0, 404);
    }
    assert_eq!(events(app).await, trail, "a forged link changes nothing");
    assert_eq!(acknowledged(&read().await), acknowledged(&after));

    // Anna's own link marks Anna.
    assert_eq!(acknowledge(app, &anna).await, 200);
    assert_eq!(acknowledged(&read().await)[0], ("Krisledare".to_owned(), true));

    // The log, then the closing with its summary; each step on the audit trail.
    let trail = events(app).await;
    let (status, _) = send_json(
        app,
        &w.coordinator,
        reqwest::Method::POST,
        &format!("/api/v1/incidents/{incident}/log"),
        json!({"text": "Stab upprättad i stadshuset"}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send_json(
        app,
        &w.admin,
        reqwest::Method::POST,
        &format!("/api/v1/incidents/{incident}/close"),
        json!({"summary": "Alla evakuerade utan skador."}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(events(app).await, trail + 2);
    let closed = read().await;
    assert_eq!(closed["log"][0]["text"], "Stab upprättad i stadshuset");
    assert_eq!(closed["log"][0]["by"], "samordnare@example.se");
    assert_eq!(closed["summary"], "Alla evakuerade utan skador.");
    assert!(closed["closed_at"].is_string());
    let (status, answer) = send_json(
        app,
        &w.coordinator,
        reqwest::Method::POST,
        &format!("/api/v1/incidents/{incident}/log"),
        json!({"text": "För sent"}),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["invalid_params"][0]["name"], "text");
}

#[tokio::test]
async fn nobody_but_the_areas_coordinators_and_the_process_leaders_sees_crisis_support() {
    let w = world().await;
    let app = &w.app;
    let a = w.area.area_id;
    send_json(app, &w.admin, reqwest::Method::PUT, &format!("/api/v1/areas/{a}/crisis-contacts"), contact_list()).await;
    let incident = created(
        app,
        &w.admin,
        &format!("/api/v1/areas/{a}/incidents"),
        json!({"what": "Strömavbrott", "place": "Hela Nacka", "occurred_at": "2026-11-30T06:00"}),
    )
    .await;
    let paths = [
        format!("/api/v1/areas/{a}/crisis-contacts"),
        format!("/api/v1/incidents/{incident}"),
        format!("/omraden/{a}/krisstod"),
        format!("/omraden/{a}/krisstod/kort"),
        format!("/omraden/{a}/krisstod/kort.pdf"),
        format!("/omraden/{a}/krisstod/kontakter"),
        format!("/omraden/{a}/krisstod/aktivera"),
        format!("/krisstod/handelser/{incident}"),
        format!("/krisstod/handelser/{incident}/logg"),
    ];
    for path in &paths {
        for who in &w.others {
            let (status, text) = get_as(app, who, path).await;
            let expected = if who.bearer.is_none()
                && !path.starts_with("/api/")
                && path.contains("/kontakter") | path.contains("/aktivera") | path.contains("/logg")
            {
                401
            } else {
                404
            };
            assert_eq!(status, expected, "{path} as {}: {text}", who.label);
            assert!(!text.contains("08-718 80 00") && !text.contains("Strömavbrott"), "{path} as {}", who.label);
        }
        for who in [&w.coordinator, &w.admin] {
            let (status, text) = get_as(app, who, path).await;
            assert_eq!(status, 200, "{path} as {}: {text}", who.label);
        }
    }
    let page = get_as(app, &w.coordinator, &format!("/omraden/{a}/krisstod")).await.1;
    assert!(page.contains("Listan är ofullständig") && page.contains("Informationsansvarig saknar telefon."), "{page}");
    assert!(page.contains("08-718 80 00") && page.contains("Strömavbrott"));
    // The area's page links to it only for those who may see it.
    assert!(get_as(app, &w.coordinator, &format!("/omraden/{a}")).await.1.contains("Krisstöd i"));
    assert!(!get_as(app, &w.others[2], &format!("/omraden/{a}")).await.1.contains("Krisstöd i"));
    // Not in the public sitemap.
    let sitemap = app.client.get(format!("{}/sitemap.xml", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(!sitemap.contains("krisstod"));
}

#[tokio::test]
async fn a_contact_list_names_each_wrong_field_by_its_row_and_saves_nothing() {
    let w = world().await;
    let app = &w.app;
    let path = format!("/api/v1/areas/{}/crisis-contacts", w.area.area_id);
    let before = events(app).await;
    let body = json!({"contacts": [
        {"function": "Krisledare", "holder": "Anna 19811218-9876", "phone": "08-718 80 00"},
        {"function": "Stabschef", "email": "ingen adress"},
        {"holder": "Utan funktion"}
    ]});
    let (status, answer) = send_json(app, &w.coordinator, reqwest::Method::PUT, &path, body).await;
    assert_eq!(status, 422, "{answer}");
    let mut named: Vec<&str> =
        answer["invalid_params"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    named.sort_unstable();
    assert_eq!(named, ["contacts[0].holder", "contacts[1].email", "contacts[2].function"]);
    let (status, answer) =
        send_json(app, &w.coordinator, reqwest::Method::PUT, &path, json!({"contacts": "nej"})).await;
    assert_eq!((status, answer["invalid_params"][0]["name"].as_str()), (422, Some("contacts")));
    assert_eq!(events(app).await, before);
    // Before it is saved a list is empty, never checked, and incomplete.
    let list: Value = serde_json::from_str(&get_as(app, &w.coordinator, &path).await.1).unwrap();
    assert_eq!((list["complete"].clone(), list["checked_at"].clone()), (json!(false), Value::Null));
}

#[tokio::test]
async fn the_crisis_card_is_a_one_page_a4_pdf_for_the_areas_coordinators() {
    let w = world().await;
    let app = &w.app;
    let a = w.area.area_id;
    send_json(app, &w.coordinator, reqwest::Method::PUT, &format!("/api/v1/areas/{a}/crisis-contacts"), contact_list())
        .await;
    let response = app
        .client
        .get(format!("{}/omraden/{a}/krisstod/kort.pdf", app.base))
        .header("cookie", format!("samverkan_session={}", w.coordinator.session.as_deref().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The fonts go in as the glyphs the card uses, not whole (1.4 MB).
    assert!(bytes.len() < 100_000, "a card of {} bytes", bytes.len());
    std::fs::write(std::env::temp_dir().join("samverkan-card.pdf"), &bytes).ok();
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/Type/Page").count() + text.matches("/Type /Page").count()
        - text.matches("/Type/Pages").count()
        - text.matches("/Type /Pages").count();
    assert_eq!(pages, 1, "one page");
    let media = text.split("/MediaBox").nth(1).expect("a page size");
    let numbers: Vec<f64> = media
        .trim_start()
        .trim_start_matches('[')
        .split(']')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert!((numbers[2] - 595.3).abs() < 0.5 && (numbers[3] - 841.9).abs() < 0.5, "A4 in points: {numbers:?}");
    // The printable page has the list, the meeting place and the coordinating units.
    let card = get_as(app, &w.coordinator, &format!("/omraden/{a}/krisstod/kort")).await.1;
    for expected in ["Krisledare", "08-718 80 00", "Stadshuset, plan 3", "Samordnande vårdcentral", "crisis-card.css"]
    {
        assert!(card.contains(expected), "{expected}: {card}");
    }
}

#[tokio::test]
async fn synthetic_data_gives_every_area_a_crisis_list_and_some_closed_incidents() {
    let app = crate::demo::demo_app("3").await;
    let admin = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let areas = app.json("/api/v1/areas?limit=1000").await;
    let (mut incidents, mut incomplete) = (0, 0);
    for a in areas.as_array().unwrap() {
        let id = a["id"].as_i64().unwrap();
        let (status, text) = get_as(&app, &admin, &format!("/api/v1/areas/{id}/crisis-contacts")).await;
        assert_eq!(status, 200, "{text}");
        let list: Value = serde_json::from_str(&text).unwrap();
        assert_eq!((list["contacts"].as_array().unwrap().len(), list["synthetic"].clone()), (4, json!(true)));
        incomplete += usize::from(list["complete"] == false);
        for i in app.store.area_incidents(i32::try_from(id).unwrap()).await.unwrap() {
            incidents += 1;
            assert!(i.synthetic && i.closed.is_some());
            let page = get_as(&app, &admin, &format!("/krisstod/handelser/{}", i.id)).await.1;
            assert!(page.contains("3 av 4 har bekräftat") && page.contains("Sammanfattning i efterhand"), "{page}");
        }
    }
    assert!(incidents > 0 && incomplete > 0, "{incidents} incidents, {incomplete} incomplete lists");
}
