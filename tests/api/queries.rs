//! Each page reads in a fixed, small number of queries, whatever the data (issue 16): the page
//! of a municipality with many areas makes as many as one with few, a deep page of a list as
//! many as the first, and none goes past its budget. A query per row shown would show here as
//! the bigger record's page making more.
//!
//! Counted by the store itself ([`samverkan_store::Store::queries_made`]), with the response cache
//! off and the totals already counted (each page is asked for once before it is measured), so
//! what is counted is what every reader's request costs while the data stands.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::caller;
use crate::cli::samverkan;
use crate::helpers::{TestApp, TestDatabase, created};

async fn county() -> TestApp {
    let db = TestDatabase::new().await;
    let out = samverkan()
        .args(["demo-data", "--scale", "county", "--seed", "7", "--database-url", &db.url])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    TestApp::spawn_on_configured(db, |settings, _| settings.response_cache = false).await
}

/// The queries one anonymous GET of `path` makes: the fewest of three tries, since the
/// application's own workers (the outbox) read the database now and then too.
async fn queries(app: &TestApp, path: &str) -> u64 {
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        let before = app.store.queries_made();
        let response = app.get(path).await;
        let made = app.store.queries_made() - before;
        assert_eq!(response.status(), 200, "{path}");
        response.bytes().await.unwrap();
        fewest = fewest.min(made);
    }
    fewest
}

/// The parties with the most and the fewest areas (at least one).
fn biggest_and_smallest(parties: &Value, areas: &Value) -> (i64, i64) {
    let count =
        |id: i64| areas.as_array().unwrap().iter().filter(|a| a["municipality"]["id"].as_i64() == Some(id)).count();
    let mut ids: Vec<(usize, i64)> = parties
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .map(|id| (count(id), id))
        .filter(|(n, _)| *n > 0)
        .collect();
    ids.sort();
    let (small, big) = (ids.first().unwrap(), ids.last().unwrap());
    assert!(big.0 > 2 * small.0, "the records differ in size: {small:?} {big:?}");
    (big.1, small.1)
}

#[tokio::test]
async fn every_page_reads_in_a_fixed_number_of_queries_whatever_the_data() {
    let app = county().await;
    let parties = app.json("/api/v1/parties").await;
    let areas = app.json("/api/v1/areas?limit=1000").await;
    let (big_party, small_party) = biggest_and_smallest(&parties, &areas);
    // The areas with the most and the fewest actors on their maps.
    let mut by_actors = Vec::new();
    for area in areas.as_array().unwrap() {
        let id = area["id"].as_i64().unwrap();
        let response = app.get(&format!("/api/v1/areas/{id}/actors?limit=1")).await;
        let total: u64 = response.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
        by_actors.push((total, id));
    }
    by_actors.sort();
    let ((fewest, small_area), (most, big_area)) = (by_actors[0], by_actors[by_actors.len() - 1]);
    assert!(most > 2 * fewest, "the areas differ in size: {fewest} and {most} actors");
    let agreements = app.json("/api/v1/agreements").await;
    let agreement_ids: Vec<i64> = agreements.as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();

    // (what, its budget, the same page for a big and a small record)
    let pages: Vec<(&str, u64, String, String)> = vec![
        ("start page, two dates", 7, "/?at=2025-01-01".into(), "/?at=2025-06-01".into()),
        ("party page", 10, format!("/parter/{big_party}"), format!("/parter/{small_party}")),
        ("party API", 10, format!("/api/v1/parties/{big_party}"), format!("/api/v1/parties/{small_party}")),
        ("area page", 15, format!("/omraden/{big_area}"), format!("/omraden/{small_area}")),
        ("area API", 7, format!("/api/v1/areas/{big_area}"), format!("/api/v1/areas/{small_area}")),
        ("actor map", 3, format!("/omraden/{big_area}/aktorer"), format!("/omraden/{small_area}/aktorer")),
        ("meetings list", 4, format!("/omraden/{big_area}/moten"), format!("/omraden/{small_area}/moten")),
        ("participation", 1, format!("/omraden/{big_area}/deltagande"), format!("/omraden/{small_area}/deltagande")),
        ("organisations list, pages 2 and 40", 3, "/organisationer?sida=2".into(), "/organisationer?sida=40".into()),
        (
            "organisations API, near and deep",
            3,
            "/api/v1/organisations?offset=100".into(),
            "/api/v1/organisations?offset=4000".into(),
        ),
        // Each party's count of areas is kept with the list, per date asked.
        ("parties list, two past dates", 2, "/parter?at=2025-01-01".into(), "/parter?at=2025-06-01".into()),
        ("areas list, two past dates", 4, "/omraden?at=2025-01-01".into(), "/omraden?at=2025-06-01".into()),
        // Today's areas are summarised once per data version: the data version alone.
        ("areas list and API, today", 1, "/omraden".into(), "/api/v1/areas".into()),
    ];
    let mut report = Vec::new();
    for (what, budget, big, small) in &pages {
        // Once each, so the totals are counted and kept before anything is measured.
        queries(&app, big).await;
        queries(&app, small).await;
        let (on_big, on_small) = (queries(&app, big).await, queries(&app, small).await);
        report.push(format!("{what}: {on_big} and {on_small} (budget {budget})"));
        assert_eq!(on_big, on_small, "{what}: {big} and {small} make different numbers of queries");
        assert!(on_big <= *budget, "{what}: {on_big} queries, more than its budget of {budget}");
    }
    // An agreement's page reads its action plans' activities only when it has plans: no pair of
    // the same shape to compare, so each is held to the budget.
    for id in agreement_ids {
        let path = format!("/overenskommelser/{id}");
        queries(&app, &path).await;
        let made = queries(&app, &path).await;
        report.push(format!("{path}: {made}"));
        assert!(made <= 6, "{path}: {made} queries, more than its budget of 6");
    }
    eprintln!("{}", report.join("\n"));
}

#[tokio::test]
async fn todays_kept_areas_show_a_new_holder_at_once() {
    let app = county().await;
    let areas = app.json("/api/v1/areas?limit=1000").await;
    let area = &areas.as_array().unwrap()[3];
    let (id, function) = (area["id"].as_i64().unwrap(), area["coordinating_health_centre"]["function_id"].clone());
    let region = app.json("/api/v1/parties").await.as_array().unwrap().iter().find(|p| p["kind"] == "region").unwrap()
        ["id"]
        .clone();
    // Asked for once, so today's summaries are kept before the write.
    assert!(!app.page("/omraden").await.contains("Testgårdens vårdcentral"));
    let admin = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let organisation = created(
        &app,
        &admin,
        "/api/v1/organisations",
        json!({"name": "Testgårdens vårdcentral", "kind": "health_centre", "party_id": region, "valid_from": "2020-01-01"}),
    )
    .await;
    let today = app.store.today().to_string();
    created(
        &app,
        &admin,
        &format!("/api/v1/functions/{function}/handovers"),
        json!({"valid_from": today, "organisation_id": organisation}),
    )
    .await;
    let listed = app.json("/api/v1/areas?limit=1000").await;
    let listed = listed.as_array().unwrap().iter().find(|a| a["id"].as_i64() == Some(id)).unwrap().clone();
    assert_eq!(listed["coordinating_health_centre"]["name"], "Testgårdens vårdcentral");
    assert!(app.page("/omraden").await.contains("Testgårdens vårdcentral"));
    assert!(app.page(&format!("/omraden/{id}")).await.contains("Testgårdens vårdcentral"));
    assert_eq!(
        app.json(&format!("/api/v1/areas/{id}")).await["coordinating_health_centre"]["name"],
        "Testgårdens vårdcentral"
    );
}
