//! Network meetings over real HTTP (issue 14): convened through the API, moved (the calendar
//! file's SEQUENCE rises, its UID stays, the hour is Stockholm's on either side of a change to
//! or from summer time) and cancelled (METHOD:CANCEL); attendance gives the missing categories
//! and the area's participation; a calendar feed's renewal ends its old address; the pages show
//! it all, and a coordinator convenes from a page.

use chrono::Days;
use samverkan_domain::Role;
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, created_at, page_as, send_json, submit};

struct Setup {
    app: TestApp,
    area: i32,
    area_name: String,
    coordinator: Caller,
    /// A health centre and the social services, with mailboxes; the child psychiatry without.
    vc: i32,
    soc: i32,
    bup: i32,
}

async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let today = samverkan_web::today();
    let area = app.store.areas(today, samverkan_store::Page::ALL).await.unwrap().items[0].area.clone();
    let coordinator = caller(&app.store, "samordnare", Role::AreaCoordinator, None, Some(area.id)).await;
    let add = |name: &'static str, c, s, email: Option<&'static str>| {
        let store = app.store.clone();
        async move { store.add_test_service(area.id, name, c, s, email).await.unwrap() }
    };
    let vc =
        add("Vårdcentralen Orminge", ServiceCategory::HealthCentre, Sector::Region, Some("orminge@example.se")).await;
    let soc =
        add("Socialtjänsten", ServiceCategory::SocialServices, Sector::Municipality, Some("soc@example.se")).await;
    let bup = add("BUP Nacka", ServiceCategory::ChildPsychiatry, Sector::Region, None).await;
    Setup { app, area: area.id, area_name: area.name, coordinator, vc, soc, bup }
}

async fn put(s: &Setup, path: &str, body: Value) -> (u16, Value) {
    send_json(&s.app, &s.coordinator, reqwest::Method::PUT, path, body).await
}

/// A calendar file's content lines, unfolded (RFC 5545 3.1).
fn lines(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "").split("\r\n").map(str::to_owned).collect()
}

fn line<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines.iter().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("no {name} in {lines:?}")).as_str()
}

async fn ics(s: &Setup, id: i64) -> Vec<String> {
    let response = s.app.get(&format!("/api/v1/meetings/{id}/ics")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    lines(&response.text().await.unwrap())
}

fn meeting(title: &str, starts: &str, ends: &str, invited: &[i32]) -> Value {
    json!({"title": title, "starts_at": starts, "ends_at": ends, "place": "Nacka stadshus", "agenda": "1. Välkommen", "invited": invited})
}

#[tokio::test]
async fn convening_moving_and_cancelling_keep_the_uid_raise_the_sequence_and_tell_the_invited() {
    let s = setup().await;
    let body = meeting("Nätverksmöte", "2026-03-28T09:00", "2026-03-28T11:00", &[s.vc, s.soc, s.bup]);
    let (id, location) =
        created_at(&s.app, &s.coordinator, &format!("/api/v1/areas/{}/meetings", s.area), body.clone()).await;
    assert_eq!(location, format!("/api/v1/meetings/{id}"));
    let got = s.app.json(&location).await;
    assert_eq!(
        (got["starts_at"].as_str(), got["ends_at"].as_str()),
        (Some("2026-03-28T09:00:00+01:00"), Some("2026-03-28T11:00:00+01:00"))
    );
    assert_eq!(got["invited"].as_array().unwrap().len(), 3);
    // The invited's mailboxes are for signed-in callers only.
    assert!(got["invited"].as_array().unwrap().iter().all(|i| i["email"].is_null()) && got["mail"].is_null());
    let first = ics(&s, id).await;
    assert_eq!(line(&first, "METHOD"), "METHOD:REQUEST");
    assert_eq!(line(&first, "DTSTART;"), "DTSTART;TZID=Europe/Stockholm:20260328T090000");
    assert_eq!(line(&first, "SEQUENCE"), "SEQUENCE:0");
    let uid = line(&first, "UID:").to_owned();

    // Moved to the Monday after summer time began: the same hour on Stockholm's clocks.
    let mut moved = body.clone();
    moved["starts_at"] = json!("2026-03-30T09:00");
    moved["ends_at"] = json!("2026-03-30T11:00");
    assert_eq!(put(&s, &location, moved.clone()).await.0, 200);
    let got = s.app.json(&location).await;
    assert_eq!(got["starts_at"], "2026-03-30T09:00:00+02:00");
    let second = ics(&s, id).await;
    assert_eq!(line(&second, "DTSTART;"), "DTSTART;TZID=Europe/Stockholm:20260330T090000");
    assert_eq!((line(&second, "SEQUENCE"), line(&second, "UID:")), ("SEQUENCE:1", uid.as_str()));

    // A time the clocks skip is refused, naming the field; nothing changes.
    let mut gap = moved.clone();
    gap["starts_at"] = json!("2026-03-29T02:30");
    let (status, problem) = put(&s, &location, gap).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["invalid_params"][0]["name"], "starts_at", "{problem}");
    assert!(problem["invalid_params"][0]["reason"].as_str().unwrap().contains("finns inte i svensk tid"));

    // Cancelled: METHOD:CANCEL, and the sequence rises again.
    let mut cancelled = moved.clone();
    cancelled["cancelled"] = json!(true);
    assert_eq!(put(&s, &location, cancelled).await.0, 200);
    let third = ics(&s, id).await;
    assert_eq!((line(&third, "METHOD"), line(&third, "STATUS")), ("METHOD:CANCEL", "STATUS:CANCELLED"));
    assert_eq!((line(&third, "SEQUENCE"), line(&third, "UID:")), ("SEQUENCE:2", uid.as_str()));

    // Two actors have a mailbox: each was invited, told of the move and of the cancellation.
    let signed_in: Value = s
        .app
        .client
        .get(format!("{}{location}", s.app.base))
        .bearer_auth(s.coordinator.bearer.as_deref().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mail = signed_in["mail"].as_array().unwrap();
    let to = |r: &str| {
        mail.iter().filter(|m| m["recipient"] == r).map(|m| m["method"].as_str().unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(to("orminge@example.se"), ["REQUEST", "REQUEST", "CANCEL"]);
    assert_eq!(to("soc@example.se"), ["REQUEST", "REQUEST", "CANCEL"]);
    assert_eq!(mail.len(), 6);
    assert!(mail.iter().all(|m| m["state"] == "pending"));
    assert_eq!(signed_in["invited"].as_array().unwrap().iter().filter(|i| !i["email"].is_null()).count(), 2);

    // The page says it is cancelled, at its local time, and shows the e-mail to the coordinator.
    let page = page_as(&s.app, &s.coordinator, &format!("/moten/{id}")).await;
    assert!(page.contains("Mötet är inställt"), "{page}");
    assert!(page.contains("måndag 2026-03-30 kl. 09.00–11.00"));
    assert!(page.contains("Kallelser via e-post") && page.contains("orminge@example.se"));
    let anonymous = s.app.page(&format!("/moten/{id}")).await;
    assert!(!anonymous.contains("orminge@example.se") && !anonymous.contains("Kallelser via e-post"));
}

#[tokio::test]
async fn meetings_each_side_of_both_changes_show_their_local_times() {
    let s = setup().await;
    let times = [
        ("2026-03-28T09:00", "2026-03-28T09:00:00+01:00", "20260328T090000", "lördag 2026-03-28 kl. 09.00–10.00"),
        ("2026-03-30T09:00", "2026-03-30T09:00:00+02:00", "20260330T090000", "måndag 2026-03-30 kl. 09.00–10.00"),
        ("2026-10-23T09:00", "2026-10-23T09:00:00+02:00", "20261023T090000", "fredag 2026-10-23 kl. 09.00–10.00"),
        ("2026-10-26T09:00", "2026-10-26T09:00:00+01:00", "20261026T090000", "måndag 2026-10-26 kl. 09.00–10.00"),
    ];
    for (start, rfc, ics_time, words) in times {
        let end = start.replace("T09:00", "T10:00");
        let body = meeting("Nätverksmöte", start, &end, &[]);
        let (id, location) =
            created_at(&s.app, &s.coordinator, &format!("/api/v1/areas/{}/meetings", s.area), body).await;
        assert_eq!(s.app.json(&location).await["starts_at"], rfc, "{start}");
        assert_eq!(line(&ics(&s, id).await, "DTSTART;"), format!("DTSTART;TZID=Europe/Stockholm:{ics_time}"));
        assert!(s.app.page(&format!("/moten/{id}")).await.contains(words), "{words}");
    }
}

#[tokio::test]
async fn attendance_shows_the_missing_categories_and_the_participation() {
    let s = setup().await;
    let (status, answer) = put(
        &s,
        &format!("/api/v1/areas/{}/required-categories", s.area),
        json!({"categories": ["health_centre", "social_services", "child_psychiatry"]}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let today = samverkan_web::today();
    let mut ids = Vec::new();
    for back in [40, 20] {
        let day = today - Days::new(back);
        let body =
            meeting(&format!("Möte {back}"), &format!("{day}T09:00"), &format!("{day}T11:00"), &[s.vc, s.soc, s.bup]);
        ids.push(created_at(&s.app, &s.coordinator, &format!("/api/v1/areas/{}/meetings", s.area), body).await.0);
    }
    let attendance = |rows: Value| json!({"invitations": rows});
    let (status, answer) = put(
        &s,
        &format!("/api/v1/meetings/{}/attendance", ids[0]),
        attendance(json!([
            {"service_id": s.vc, "attendance": "present", "represented_by": "Verksamhetschef"},
            {"service_id": s.soc, "attendance": "present"},
            {"service_id": s.bup, "attendance": "absent"},
        ])),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let (status, _) = put(
        &s,
        &format!("/api/v1/meetings/{}/attendance", ids[1]),
        attendance(json!([{"service_id": s.vc, "attendance": "present"}, {"service_id": s.soc, "attendance": "excused"}, {"service_id": s.bup, "attendance": "absent"}])),
    )
    .await;
    assert_eq!(status, 200);
    // A row that is wrong is named by its place in the list.
    let (status, problem) = put(
        &s,
        &format!("/api/v1/meetings/{}/attendance", ids[1]),
        attendance(json!([{"service_id": s.vc, "attendance": "late"}])),
    )
    .await;
    assert_eq!((status, problem["invalid_params"][0]["name"].as_str()), (422, Some("invitations[0].attendance")));

    let second = s.app.json(&format!("/api/v1/meetings/{}", ids[1])).await;
    assert_eq!(
        second["missing_categories"],
        json!(["child_psychiatry", "social_services"]),
        "in the order of the categories"
    );
    let first = s.app.json(&format!("/api/v1/meetings/{}", ids[0])).await;
    assert_eq!(first["missing_categories"], json!(["child_psychiatry"]));
    let vc = first["invited"].as_array().unwrap().iter().find(|i| i["service_id"] == s.vc).unwrap().clone();
    assert_eq!((vc["attendance"].as_str(), vc["represented_by"].as_str()), (Some("present"), Some("Verksamhetschef")));

    // 6 invitations, 3 present: 50 %; BUP never came.
    // A follow-up task, added and marked done, read at the address its create answers with.
    let (task, task_location) = created_at(
        &s.app,
        &s.coordinator,
        &format!("/api/v1/meetings/{}/tasks", ids[1]),
        json!({"description": "Bjud in BUP personligen", "owner_function": "Samordnare", "due_on": "2031-01-31"}),
    )
    .await;
    let done = json!({"description": "Bjud in BUP personligen", "owner_function": "Samordnare", "due_on": "2031-01-31", "done": true});
    assert_eq!(put(&s, &task_location, done).await.0, 200);
    let read = s.app.json(&task_location).await;
    assert_eq!(
        (read["id"].as_i64(), read["meeting_id"].as_i64(), read["done"].as_bool()),
        (Some(task), Some(ids[1]), Some(true))
    );

    let p = s.app.json(&format!("/api/v1/areas/{}/participation", s.area)).await;
    assert_eq!(p["total"], json!({"invited": 6, "attended": 3, "unrecorded": 0, "rate": 50}));
    let of = |list: &Value, key: &str| list.as_array().unwrap().iter().find(|c| c["key"] == key).unwrap().clone();
    assert_eq!(
        (of(&p["by_sector"], "region")["invited"].as_u64(), of(&p["by_sector"], "region")["attended"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(of(&p["by_category"], "social_services")["rate"], 50);
    assert_eq!(
        p["absent_for_a_year"].as_array().unwrap().iter().map(|a| a["service_id"].clone()).collect::<Vec<_>>(),
        [json!(s.bup)]
    );
    assert_eq!(p["months"].as_array().unwrap().len(), 24);
    let monthly: u64 = p["months"].as_array().unwrap().iter().map(|m| m["invited"].as_u64().unwrap()).sum();
    assert_eq!(monthly, 6);

    let page = s.app.page(&format!("/omraden/{}/deltagande", s.area)).await;
    for part in [
        "50\u{a0}%",
        "Andel som deltog",
        "BUP Nacka",
        "Barn- och ungdomspsykiatri (BUP)",
        "Per månad",
        "Kategorier som saknades",
    ] {
        if part == "Per månad" {
            assert!(page.contains("per månad"), "{part}");
        } else {
            assert!(page.contains(part), "{part}: {page}");
        }
    }
    let meeting_page = s.app.page(&format!("/moten/{}", ids[1])).await;
    assert!(meeting_page.contains("saknades 2 av 3") && meeting_page.contains("Anmält förhinder"), "{meeting_page}");
}

#[tokio::test]
async fn a_renewed_feed_ends_the_old_address() {
    let s = setup().await;
    let day = samverkan_web::today() + Days::new(10);
    let body = meeting("Nätverksmöte i kalendern", &format!("{day}T09:00"), &format!("{day}T10:00"), &[s.vc]);
    created_at(&s.app, &s.coordinator, &format!("/api/v1/areas/{}/meetings", s.area), body).await;
    let feed_path = format!("/api/v1/areas/{}/calendar-feed", s.area);
    let (status, first) =
        send_json(&s.app, &s.coordinator, reqwest::Method::POST, &feed_path, json!({"body_id": null})).await;
    assert_eq!(status, 200, "{first}");
    let path_of = |v: &Value| v["url"].as_str().unwrap().replacen(&s.app.base, "", 1);
    let old = path_of(&first);
    assert!(old.starts_with("/kalender/") && old.ends_with(".ics"), "{old}");
    let response = s.app.get(&old).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let feed = lines(&response.text().await.unwrap());
    assert_eq!(line(&feed, "METHOD"), "METHOD:PUBLISH");
    assert_eq!(line(&feed, "SUMMARY"), "SUMMARY:Nätverksmöte i kalendern");
    assert!(!feed.iter().any(|l| l.starts_with("ATTENDEE")), "no mailboxes in a feed");
    // The address is shown to signed-in users on the meetings page.
    assert!(page_as(&s.app, &s.coordinator, &format!("/omraden/{}/moten", s.area)).await.contains(&old));
    assert!(!s.app.page(&format!("/omraden/{}/moten", s.area)).await.contains(&old));

    let (_, second) = send_json(&s.app, &s.coordinator, reqwest::Method::POST, &feed_path, json!({})).await;
    let new = path_of(&second);
    assert_ne!(new, old);
    assert_eq!(s.app.get(&old).await.status(), 404, "the old address ends");
    assert_eq!(s.app.get(&new).await.status(), 200);
    assert_eq!(s.app.get("/kalender/0123abcd.ics").await.status(), 404);
    assert_eq!(s.app.get("/kalender/x").await.status(), 404);
}

#[tokio::test]
async fn a_coordinator_convenes_from_the_page_with_the_actors_by_category() {
    let s = setup().await;
    let form = page_as(&s.app, &s.coordinator, &format!("/omraden/{}/moten/nytt", s.area)).await;
    for part in [
        "type=\"datetime-local\"",
        "<legend>Vårdcentral</legend>",
        "<legend>Socialtjänst</legend>",
        "Vårdcentralen Orminge (Enhetschef)",
    ] {
        assert!(form.contains(part), "{part}");
    }
    // A time the clocks skip: the form again, the message beside the field.
    let path = format!("/omraden/{}/moten/nytt", s.area);
    let bad =
        json!({"title": "Möte", "starts_at": "2026-03-29T02:30", "ends_at": "2026-03-29T04:00", "invited": [s.vc]});
    let response = submit(&s.app, &s.coordinator, &reqwest::Method::POST, &path, &bad).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("id=\"f-starts_at-error\"") && page.contains("finns inte i svensk tid"), "{page}");
    assert!(page.contains(&format!("value=\"{}\" checked", s.vc)), "the ticked actor stays ticked");
    let good = json!({"title": "Möte på sidan", "starts_at": "2026-04-14T13:00", "ends_at": "2026-04-14T15:00", "invited": [s.vc, s.soc]});
    let response = submit(&s.app, &s.coordinator, &reqwest::Method::POST, &path, &good).await;
    assert_eq!(response.status(), 303);
    let location = crate::helpers::location(&response);
    let page = page_as(&s.app, &s.coordinator, &location).await;
    assert!(page.contains("Möte på sidan") && page.contains("tisdag 2026-04-14 kl. 13.00–15.00"), "{page}");
    // The area's page links to its meetings and participation; the list shows the meeting.
    let area = s.app.page(&format!("/omraden/{}", s.area)).await;
    assert!(
        area.contains(&format!("/omraden/{}/moten", s.area))
            && area.contains(&format!("/omraden/{}/deltagande", s.area))
    );
    let list = page_as(&s.app, &s.coordinator, &format!("/omraden/{}/moten", s.area)).await;
    assert!(list.contains("Möte på sidan") && list.contains("Kalla till ett nytt möte"), "{list}");
    assert!(list.contains(&format!("Nätverksmöten i {}", s.area_name)));
    // Someone else's area: no link to convene, and the form is refused.
    let other = caller(&s.app.store, "annan samordnare", Role::AreaCoordinator, None, Some(s.area + 1)).await;
    assert!(!page_as(&s.app, &other, &format!("/omraden/{}/moten", s.area)).await.contains("Kalla till ett nytt möte"));
    assert_eq!(submit(&s.app, &other, &reqwest::Method::POST, &path, &good).await.status(), 403);
}
