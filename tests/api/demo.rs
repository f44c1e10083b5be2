//! `samverkan demo-data`: synthetic data shaped like a county or the country, marked synthetic,
//! the same for the same seed, and big enough that every list pages.

use samverkan_domain::{Role, swedish_cmp};
use serde_json::{Value, json};

use crate::authorisation::caller;
use crate::cli::samverkan;
use crate::helpers::{TestApp, TestDatabase, created};

pub async fn demo_app(seed: &str) -> TestApp {
    let db = TestDatabase::new().await;
    let out = samverkan()
        .args(["demo-data", "--scale", "county", "--seed", seed, "--database-url", &db.url])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    TestApp::spawn_on(db).await
}

/// The address of the pager's `rel` link ("next" or "prev"), unescaped.
fn link(html: &str, rel: &str) -> String {
    let before = html.split(&format!("rel=\"{rel}\"")).next().unwrap();
    before.rsplit("href=\"").next().unwrap().split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&")
}

fn names_in_rows(html: &str) -> Vec<String> {
    html.split("<th scope=\"row\">")
        .skip(1)
        .map(|cell| {
            let cell = cell.split("</th>").next().unwrap();
            // The name is the cell's text, with or without a link around it.
            let text = cell.rsplit_once("\">").map_or(cell, |(_, t)| t);
            text.trim_end_matches("</a>").replace("&#38;", "&").replace("&amp;", "&")
        })
        .collect()
}

#[tokio::test]
async fn a_county_of_synthetic_data_is_shaped_like_stockholm_and_marked() {
    let app = demo_app("5").await;
    let parties = app.get("/api/v1/parties").await;
    assert_eq!(parties.headers()["x-total-count"], "27");
    let parties: Value = parties.json().await.unwrap();
    assert!(parties.as_array().unwrap().iter().all(|p| p["synthetic"] == true), "{parties}");
    assert_eq!(parties.as_array().unwrap().iter().filter(|p| p["kind"] == "region").count(), 1);

    let areas = app.json("/api/v1/areas").await;
    let areas = areas.as_array().unwrap();
    assert_eq!(areas.len(), 38);
    for area in areas {
        assert_eq!(area["synthetic"], true);
        assert!(area["coordinating_health_centre"].is_object(), "{area}");
        assert!(area["municipal_coordinating_function"].is_object(), "{area}");
    }
    let organisations = app.get("/api/v1/organisations?limit=1").await;
    let total: u64 = organisations.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    assert!(total > 5_000, "{total} organisations");

    // Every page says the data is invented.
    let start = app.page("/").await;
    assert!(start.contains("Demonstrationsdata"));
    // The reference data does not go in on top of it.
    let out = samverkan().args(["seed", "--database-url", &app.db_url()]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("synthetic"));
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data() {
    let (a, b, c) = (demo_app("11").await, demo_app("11").await, demo_app("12").await);
    let path = "/api/v1/organisations?limit=50&offset=2000";
    let (a, b, c) = (a.json(path).await, b.json(path).await, c.json(path).await);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[tokio::test]
async fn demo_data_goes_only_into_an_empty_database() {
    let app = TestApp::spawn().await; // Stockholm's reference data
    let out = samverkan().args(["demo-data", "--database-url", &app.db_url()]).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.trim_end().lines().last().unwrap_or_default();
    assert!(last.starts_with("samverkan: ") && last.contains("empty database"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(app.json("/api/v1/parties").await.as_array().unwrap().len(), 27, "nothing was added");
}

#[tokio::test]
async fn long_list_pages_walk_in_swedish_order_and_keep_the_date() {
    let app = demo_app("3").await;
    let first = app.page("/organisationer?at=2024-05-01").await;
    // A pager above and below the table, each its own landmark.
    assert!(first.contains("<nav class=\"pager\" aria-label=\"Sidor, överst\">"));
    assert!(first.contains("<nav class=\"pager\" aria-label=\"Sidor, nederst\">"));
    assert!(first.contains("Visar 1–100 av "));
    let next = link(&first, "next");
    assert!(next.starts_with("/organisationer?at=2024-05-01&sida=2&efter="), "{next}");
    let second = app.page("/organisationer?at=2024-05-01&sida=2").await;
    assert!(second.contains("Visar 101–200 av "));
    assert!(second.contains("rel=\"prev\""));
    let (a, b) = (names_in_rows(&first), names_in_rows(&second));
    assert_eq!((a.len(), b.len()), (100, 100));
    let mut both = a.clone();
    both.extend(b.iter().cloned());
    let mut sorted = both.clone();
    sorted.sort_by(|x, y| swedish_cmp(x, y));
    assert_eq!(both, sorted, "the rows run in Swedish order across the page boundary");
}

#[tokio::test]
async fn stepping_by_the_pagers_links_shows_the_same_rows_as_the_page_numbers() {
    let app = demo_app("4").await;
    let page_20 = app.page("/organisationer?sida=20").await;
    let page_21 = app.page("/organisationer?sida=21").await;
    // Forward from page 20 by its link (a cursor on its last row), and back again.
    let forward = app.page(&link(&page_20, "next")).await;
    assert!(forward.contains("Visar 2001–2100 av "));
    assert_eq!(names_in_rows(&forward), names_in_rows(&page_21));
    let back = app.page(&link(&forward, "prev")).await;
    assert!(back.contains("Visar 1901–2000 av "));
    assert_eq!(names_in_rows(&back), names_in_rows(&page_20));
    // The link back to the first page is the plain list.
    let page_2 = app.page("/organisationer?sida=2").await;
    assert_eq!(link(&page_2, "prev"), "/organisationer");
    // A cursor on a row that does not exist falls back to the page number.
    let stale = app.page("/organisationer?sida=21&efter=99999999").await;
    assert_eq!(names_in_rows(&stale), names_in_rows(&page_21));
    let both = app.get("/organisationer?sida=2&efter=1&fore=2").await;
    assert_eq!(both.status(), 400);
}

/// The ids of an API list's answer, in its order.
fn ids(list: &Value) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn a_deep_page_by_offset_shows_the_rows_a_long_window_does_and_moves_with_a_write() {
    let app = demo_app("5").await;
    let window = ids(&app.json("/api/v1/organisations?limit=1000&offset=2000").await);
    assert_eq!(window.len(), 1000);
    // Deep offsets start from the kept page starts (every 100th row): on one and between them.
    for (offset, limit) in [(2000, 100), (2037, 50), (2099, 2), (2100, 100), (2950, 50)] {
        let part = ids(&app.json(&format!("/api/v1/organisations?limit={limit}&offset={offset}")).await);
        assert_eq!(part, window[offset - 2000..offset - 2000 + limit], "offset {offset}, limit {limit}");
    }
    let total: usize =
        app.get("/api/v1/organisations?limit=1").await.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    assert!(app.json(&format!("/api/v1/organisations?offset={total}")).await.as_array().unwrap().is_empty());

    // An organisation that sorts first moves every later row one place on: the page starts are
    // read again after the write, on the page and in the API.
    let admin = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let first = created(
        &app,
        &admin,
        "/api/v1/organisations",
        json!({"name": "AAAA Första enheten", "kind": "other", "party_id": 1, "valid_from": "2000-01-01"}),
    )
    .await;
    assert_eq!(ids(&app.json("/api/v1/organisations?limit=1").await), [first]);
    let moved = ids(&app.json("/api/v1/organisations?limit=100&offset=2100").await);
    assert_eq!(moved, window[99..199]);
    let page_22 = app.page("/organisationer?sida=22").await;
    assert!(page_22.contains("Visar 2101–2200 av "), "page 22 after the write");
}
