//! The API's description is complete (a summary on every operation, a description on every
//! answer, the headers the answers carry), and the answers keep to it: a create says where the
//! new record is, a missing record "finns inte", a body that is not JSON is told where it breaks.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, created, location, send_json};

#[tokio::test]
async fn every_operation_has_a_summary_and_every_answer_a_description() {
    let app = TestApp::spawn().await;
    let doc = app.json("/api/openapi.json").await;
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            operations += 1;
            let summary = operation["summary"].as_str().unwrap_or_default();
            assert!(!summary.trim().is_empty(), "{method} {path}: a summary");
            for (status, response) in operation["responses"].as_object().unwrap() {
                let description = response["description"].as_str().unwrap_or_default();
                assert!(
                    !description.trim().is_empty(),
                    "{method} {path} {status}: a description (OpenAPI requires it)"
                );
                let headers = &response["headers"];
                if status == "201" {
                    assert!(headers["Location"].is_object(), "{method} {path} 201: Location described");
                }
                if headers["X-Total-Count"].is_object() {
                    let link = headers["Link"]["description"].as_str().unwrap_or_default();
                    for rel in ["first", "prev", "next", "last"] {
                        assert!(link.contains(&format!("rel=\"{rel}\"")), "{method} {path}: Link describes {rel}");
                    }
                }
            }
        }
    }
    assert!(operations > 30, "{operations} operations");
}

async fn leader(app: &TestApp) -> Caller {
    caller(&app.store, "processledare", Role::Admin, None, None).await
}

#[tokio::test]
async fn a_create_answers_with_the_new_records_address() {
    let app = TestApp::spawn().await;
    let leader = leader(&app).await;
    let response = app
        .client
        .post(format!("{}/api/v1/agreements", app.base))
        .bearer_auth(leader.bearer.as_deref().unwrap())
        .json(&json!({"title": "Samverkan kring barn och unga", "kind": "subject_area", "target_groups": ["children_and_young_people"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let address = location(&response);
    let id = response.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(address, format!("/api/v1/agreements/{id}"));
    assert_eq!(app.json(&address).await["id"], id, "GET Location answers with the new agreement");

    // The helper every create of the suite goes through checks Location too; the address is the
    // one the record is changed at.
    let region =
        created(&app, &leader, "/api/v1/sub-regions", json!({"name": "Ny delregion", "valid_from": "2025-01-01"}))
            .await;
    let (status, _) = send_json(
        &app,
        &leader,
        reqwest::Method::PUT,
        &format!("/api/v1/sub-regions/{region}"),
        json!({"name": "Ny delregion", "valid_from": "2025-01-01", "description": "Ändrad"}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_missing_record_finns_inte() {
    let app = TestApp::spawn().await;
    let leader = leader(&app).await;
    let check = |what: &str, problem: &Value| {
        assert_eq!(problem["status"], 404, "{what}");
        assert_eq!(problem["title"], "Finns inte", "{what}: {problem}");
        assert!(!problem.to_string().contains("Sidan"), "{what}: an API caller asked for no page: {problem}");
    };
    for path in ["/api/v1/parties/9999", "/api/v1/agreements/9999", "/api/v1/nothing-here"] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{path}");
        check(path, &response.json().await.unwrap());
    }
    let (_, problem) = send_json(
        &app,
        &leader,
        reqwest::Method::PUT,
        "/api/v1/sub-regions/9999",
        json!({"name": "Ingen", "valid_from": "2025-01-01"}),
    )
    .await;
    check("PUT /api/v1/sub-regions/9999", &problem);
    // The page for people still speaks of the page.
    assert!(app.get("/omraden/9999").await.text().await.unwrap().contains("Sidan finns inte"));
}

#[tokio::test]
async fn a_body_that_is_not_json_is_told_in_swedish_where_it_breaks() {
    let app = TestApp::spawn().await;
    let leader = leader(&app).await;
    for (body, reason) in [
        (r#"{"name": "x" "y"}"#, "ogiltig JSON: förväntade ',' eller '}' på rad 1, kolumn 14"),
        (
            "{\n  \"name\": \"x\",\n  \"valid_from\": 2025-01-01\n}",
            "ogiltig JSON: förväntade ',' eller '}' på rad 3, kolumn 21",
        ),
        (r#"{"name": "x""#, "ogiltig JSON: texten tar slut mitt i på rad 1, kolumn 12"),
        (r#"{"name": tru}"#, "ogiltig JSON: förväntade true, false eller null på rad 1, kolumn 13"),
        (r#"{"name": "x",}"#, "ogiltig JSON: kommatecken före slutet på rad 1, kolumn 14"),
        ("", "ogiltig JSON: texten tar slut mitt i på rad 1, kolumn 0"),
    ] {
        let response = app
            .client
            .post(format!("{}/api/v1/sub-regions", app.base))
            .bearer_auth(leader.bearer.as_deref().unwrap())
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["invalid_params"][0]["name"], "body", "{body}");
        assert_eq!(problem["invalid_params"][0]["reason"], reason, "{body}");
        assert!(problem["detail"].as_str().unwrap().contains(reason), "{body}");
    }
}
