//! Long lists come in parts: `limit`/`offset` in the API, `?sida=` on pages.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::helpers::TestApp;

/// The addresses in a list answer's `Link`, by relation.
fn links(response: &reqwest::Response) -> BTreeMap<String, String> {
    let Some(link) = response.headers().get("link") else { return BTreeMap::new() };
    link.to_str()
        .unwrap()
        .split(", ")
        .map(|one| {
            let (address, rel) = one.split_once(">; rel=").unwrap_or_else(|| panic!("{one}"));
            (rel.trim_matches('"').to_owned(), address.trim_start_matches('<').to_owned())
        })
        .collect()
}

/// Follows `Link: <…>; rel="next"` from `first` to the end, collecting every row.
async fn walk(app: &TestApp, first: &str) -> (Vec<Value>, usize) {
    let mut rows = Vec::new();
    let mut requests = 0;
    let mut next = Some(first.to_owned());
    while let Some(path) = next.take() {
        requests += 1;
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        let total: usize = response.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
        next = links(&response).remove("next");
        let page: Vec<Value> = response.json().await.unwrap();
        assert!(page.len() <= 10, "GET {path}: {} rows", page.len());
        rows.extend(page);
        assert!(rows.len() <= total);
        if next.is_none() {
            assert_eq!(rows.len(), total, "the last part ends the list");
        }
    }
    (rows, requests)
}

#[tokio::test]
async fn api_lists_come_in_parts_that_add_up_to_the_whole() {
    let app = TestApp::spawn().await;
    for list in ["/api/v1/organisations", "/api/v1/bodies", "/api/v1/areas", "/api/v1/parties"] {
        let whole = app.json(&format!("{list}?at=2023-01-01")).await;
        let whole = whole.as_array().unwrap();
        let (parts, requests) = walk(&app, &format!("{list}?at=2023-01-01&limit=10")).await;
        assert_eq!(&parts, whole, "{list}: the parts, in order, are the whole list");
        assert_eq!(requests, whole.len().div_ceil(10), "{list}");
    }
}

#[tokio::test]
async fn a_part_links_to_the_first_previous_next_and_last_parts_it_has() {
    let app = TestApp::spawn().await;
    // 38 areas: parts at offsets 0, 10, 20 and 30.
    let parts = |offset: u64| format!("/api/v1/areas?at=2023-01-01&limit=10&offset={offset}");
    let expect = async |offset: u64, rels: &[(&str, u64)]| {
        let response = app.get(&parts(offset)).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["x-total-count"], "38");
        let expected: BTreeMap<String, String> = rels.iter().map(|(rel, at)| (rel.to_string(), parts(*at))).collect();
        assert_eq!(links(&response), expected, "offset {offset}");
    };
    expect(10, &[("first", 0), ("prev", 0), ("next", 20), ("last", 30)]).await;
    expect(20, &[("first", 0), ("prev", 10), ("next", 30), ("last", 30)]).await;
    expect(0, &[("next", 10), ("last", 30)]).await;
    expect(30, &[("first", 0), ("prev", 20)]).await;
    // A part that does not start on a multiple of limit: next steps on from it to last.
    expect(5, &[("first", 0), ("prev", 0), ("next", 15), ("last", 35)]).await;
    // A list that fits in one part has no links.
    let whole = app.get("/api/v1/areas?limit=100").await;
    assert!(whole.headers().get("link").is_none());
}

#[tokio::test]
async fn the_total_is_counted_on_the_date_asked_for() {
    let app = TestApp::spawn().await;
    // Stockholm's district administrations merged on 2023-07-01: fewer organisations after.
    let before = app.get("/api/v1/organisations?at=2023-06-30&limit=1").await;
    let after = app.get("/api/v1/organisations?at=2023-07-01&limit=1").await;
    let count = |r: &reqwest::Response| r.headers()["x-total-count"].to_str().unwrap().parse::<u64>().unwrap();
    assert!(count(&before) > count(&after), "{} vs {}", count(&before), count(&after));
    // The next part keeps the date.
    let link = before.headers()["link"].to_str().unwrap().to_owned();
    assert!(link.contains("at=2023-06-30") && link.contains("offset=1"), "{link}");
}

#[tokio::test]
async fn a_bad_window_is_refused_naming_the_parameter() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=tio", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
    ] {
        let path = format!("/api/v1/areas?{query}");
        let response = app.get(&path).await;
        assert_eq!(response.status(), 400, "{path}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["invalid_params"][0]["name"], field, "{path}");
    }
    // Past the end is an empty list, not an error.
    let response = app.get("/api/v1/areas?offset=1000").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-total-count"], "38");
    assert!(response.headers().get("link").is_none());
    assert_eq!(response.json::<Value>().await.unwrap(), serde_json::json!([]));
}

#[tokio::test]
async fn a_page_number_past_the_end_or_not_a_number_is_answered_in_swedish() {
    let app = TestApp::spawn().await;
    // Stockholm's lists fit on one page: no pager, and page 2 does not exist.
    let page = app.page("/organisationer").await;
    assert!(!page.contains("class=\"pager\""));
    for (path, status) in [("/organisationer?sida=2", 404), ("/omraden?sida=noll", 400), ("/organ?sida=0", 400)] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("lang=\"sv\""), "{path}");
        if status == 400 {
            assert!(html.contains("sida: ska vara ett heltal"), "{path}: the message names the parameter");
        }
    }
}

#[tokio::test]
async fn organisations_can_be_limited_to_one_party() {
    let app = TestApp::spawn().await;
    let parties = app.json("/api/v1/parties").await;
    let stockholm = crate::helpers::named(&parties, "Stockholm")["id"].as_i64().unwrap();
    let all = app.json("/api/v1/organisations?at=2023-06-30").await;
    let own = app.json(&format!("/api/v1/organisations?at=2023-06-30&party={stockholm}")).await;
    let own = own.as_array().unwrap();
    let expected: Vec<&Value> = all.as_array().unwrap().iter().filter(|o| o["party"]["id"] == stockholm).collect();
    assert!(own.len() > 10, "Stockholm's district administrations and more");
    assert_eq!(own.iter().collect::<Vec<_>>(), expected);

    // The party's page links to the same list, which says whose it is.
    let party_page = app.page(&format!("/parter/{stockholm}?at=2023-06-30")).await;
    let link = format!("/organisationer?at=2023-06-30&part={stockholm}\"");
    let party_page = party_page.replace("&amp;", "&").replace("&#38;", "&");
    assert!(party_page.contains(&link), "the party page links to its organisations");
    let list = app.page(&format!("/organisationer?at=2023-06-30&part={stockholm}")).await;
    assert!(list.contains("<h1>Organisationer hos Stockholm</h1>"));
    // Choosing another date, or today, keeps the list to Stockholm's.
    assert!(list.contains(&format!("<input type=\"hidden\" name=\"part\" value=\"{stockholm}\">")));
    assert!(list.contains(&format!("<a href=\"?part={stockholm}\">Visa dagens läge</a>")));
    for o in own {
        assert!(list.contains(o["name"].as_str().unwrap()), "{o}");
    }
    assert!(!list.contains("Danderyds Vårdcentral"), "another party's organisation is not listed");

    // Bad filters are named; an unknown party has no list page.
    for bad in ["abc", ""] {
        let response = app.get(&format!("/api/v1/organisations?party={bad}")).await;
        assert_eq!(response.status(), 400, "party={bad:?}: the API's party is an id");
        assert_eq!(response.json::<Value>().await.unwrap()["invalid_params"][0]["name"], "party");
    }
    assert_eq!(app.get("/organisationer?part=").await.status(), 200, "on a page an empty choice is all parties");
    let response = app.get("/organisationer?part=0").await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("part: ska vara ett id"), "the message names the parameter");
    assert_eq!(app.get("/organisationer?part=99999").await.status(), 404);
}
