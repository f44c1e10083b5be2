//! Bad input gets a clear answer naming what was wrong, never a 500.

use crate::helpers::TestApp;

async fn assert_problem(app: &TestApp, path: &str, status: u16) -> serde_json::Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), status, "GET {path}");
    assert_eq!(response.headers()["content-type"], "application/problem+json", "GET {path}");
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["status"], status);
    problem
}

#[tokio::test]
async fn an_unknown_id_is_not_found() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/parties/9999",
        "/api/v1/areas/9999",
        "/api/v1/bodies/9999",
        "/api/v1/areas/abc",
        "/api/v1/parties/-1",
        "/api/v1/parties/99999999999999",
        "/api/v1/nothing-here",
    ] {
        assert_problem(&app, path, 404).await;
    }
}

#[tokio::test]
async fn a_bad_date_is_refused_naming_at() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/parties?at=yesterday",
        "/api/v1/areas?at=yesterday",
        "/api/v1/bodies?at=2022-02-30",
        "/api/v1/organisations?at=2022-7-1",
        "/api/v1/sub-regions?at=%FF",
        "/api/v1/areas/1?at=idag",
    ] {
        let problem = assert_problem(&app, path, 400).await;
        assert_eq!(problem["invalid_params"][0]["name"], "at", "{path}");
        assert!(problem["detail"].as_str().unwrap().contains("ÅÅÅÅ-MM-DD"), "{path}");
    }
}

#[tokio::test]
async fn pages_answer_errors_in_swedish_html() {
    let app = TestApp::spawn().await;
    for (path, status) in [("/omraden/9999", 404), ("/finns-inte", 404), ("/omraden?at=yesterday", 400)] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("<html lang=\"sv\">"), "{path}");
        if status == 400 {
            assert!(html.contains("ÅÅÅÅ-MM-DD"), "{path}");
        } else {
            assert!(html.contains("Sidan finns inte"), "{path}");
        }
    }
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn an_empty_date_is_refused_by_the_api_and_means_today_on_pages() {
    let app = TestApp::spawn().await;
    let problem = assert_problem(&app, "/api/v1/areas?at=", 400).await;
    assert_eq!(problem["invalid_params"][0]["name"], "at");
    let html = app.page("/omraden?at=").await;
    assert!(!html.contains("Visar läget per"));
}
