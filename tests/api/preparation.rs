//! A party's preparatory handling before its council decides (*beredning*): committees' opinions
//! in parallel, then the executive board's proposal, recorded by the party's own editor through
//! the API, read back in order, and shown on the party's row of the adoption view up to the
//! page's date.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::caller;
use crate::helpers::{TestApp, page_as, post_json as post};

/// The fields a 422 answer names.
fn named_fields(problem: &Value) -> Vec<String> {
    problem["invalid_params"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect()
}

/// The adoption view's row of a party.
fn row<'a>(html: &'a str, party: &str) -> &'a str {
    html.split("<tr").find(|r| r.contains(&format!(">{party}</a></th>"))).unwrap().split("</tr>").next().unwrap()
}

#[tokio::test]
async fn a_party_records_its_preparatory_handling_and_the_adoption_view_shows_it() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let solna_editor = caller(&app.store, "redaktör Solna", Role::PartyEditor, Some("0184"), None).await;
    let parties = app.json("/api/v1/parties?limit=1000").await;
    let id_of =
        |name: &str| parties.as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["id"].as_i64().unwrap();
    let (nacka, solna) = (id_of("Nacka"), id_of("Solna"));

    let (status, agreement) = post(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({"title": "Samverkan vid utskrivning", "kind": "subject_area", "target_groups": ["elderly"]}),
    )
    .await;
    assert_eq!(status, 201, "{agreement}");
    let agreement = agreement["id"].as_i64().unwrap();
    let (_, version) = post(
        &app,
        &leader,
        &format!("/api/v1/agreements/{agreement}/versions"),
        json!({"number": "2026", "date": "2026-01-15"}),
    )
    .await;
    let version = version["id"].as_i64().unwrap();
    let steps = format!("/api/v1/versions/{version}/preparatory-steps");

    // Two committees in parallel, then the executive board; recorded out of order, and a step
    // still to come with no outcome.
    for body in [
        json!({"party_id": nacka, "body_name": "Kommunstyrelsen", "role": "proposal", "handled_on": "2026-04-02", "paragraph": "§ 61", "outcome": "supports_adoption"}),
        json!({"party_id": nacka, "body_name": "Socialnämnden", "role": "opinion", "handled_on": "2026-03-10", "paragraph": "§ 12", "outcome": "supports_adoption"}),
        json!({"party_id": nacka, "body_name": "Äldrenämnden", "role": "opinion", "handled_on": "2026-03-12", "outcome": "no_objection"}),
        json!({"party_id": nacka, "body_name": "Kommunstyrelsens arbetsutskott", "role": "preparation", "handled_on": "2026-05-20"}),
    ] {
        let (status, answer) = post(&app, &nacka_editor, &steps, body).await;
        assert_eq!(status, 201, "{answer}");
    }

    // Solna's editor may not speak for Nacka; nothing is written.
    let (status, _) = post(
        &app,
        &solna_editor,
        &steps,
        json!({"party_id": nacka, "body_name": "Socialnämnden", "role": "opinion", "outcome": "opposes_adoption"}),
    )
    .await;
    assert_eq!(status, 403);
    // Every wrong field is named at once.
    let (status, problem) = post(
        &app,
        &leader,
        &steps,
        json!({"party_id": solna, "body_name": " ", "role": "vote", "handled_on": "2026-02-30", "outcome": "maybe"}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(named_fields(&problem), ["body_name", "role", "handled_on", "outcome"]);
    let (status, _) = post(&app, &leader, "/api/v1/versions/999999/preparatory-steps", json!({})).await;
    assert_eq!(status, 404);

    // Read back in the order it happened.
    let listed = app.json(&steps).await;
    let order: Vec<&str> = listed.as_array().unwrap().iter().map(|s| s["body_name"].as_str().unwrap()).collect();
    assert_eq!(order, ["Socialnämnden", "Äldrenämnden", "Kommunstyrelsen", "Kommunstyrelsens arbetsutskott"]);
    assert_eq!(listed[0]["role"], "opinion");
    assert_eq!(listed[0]["outcome"], "supports_adoption");
    assert_eq!(listed[0]["party"]["name"], "Nacka");
    assert_eq!(listed[3]["outcome"], Value::Null, "a step still to come has no outcome");
    assert_eq!(app.get("/api/v1/versions/999999/preparatory-steps").await.status(), 404);

    // The adoption view on 2026-04-15: Nacka's three steps so far, not the one to come.
    let page = app.page(&format!("/overenskommelser/{agreement}/antagande?at=2026-04-15")).await;
    assert!(page.contains("<th scope=\"col\">Beredning</th>"));
    let nacka_row = row(&page, "Nacka");
    for expected in [
        "Socialnämnden: Yttrande, 2026-03-10, § 12: Tillstyrker antagande",
        "Äldrenämnden: Yttrande, 2026-03-12: Ingen erinran",
        "Kommunstyrelsen: Förslag till beslut, 2026-04-02, § 61: Tillstyrker antagande",
    ] {
        assert!(nacka_row.contains(expected), "{expected} in {nacka_row}");
    }
    assert!(!nacka_row.contains("arbetsutskott"), "not yet on 2026-04-15");
    assert!(nacka_row.find("Socialnämnden").unwrap() < nacka_row.find("Kommunstyrelsen").unwrap());
    let later = app.page(&format!("/overenskommelser/{agreement}/antagande?at=2026-06-01")).await;
    assert!(row(&later, "Nacka").contains("Kommunstyrelsens arbetsutskott: Beredning, 2026-05-20</li>"));
    assert!(!row(&later, "Solna").contains("<li>"), "Solna has recorded nothing");

    // The agreement's history names the step in Swedish.
    let signed_in = page_as(&app, &leader, &format!("/overenskommelser/{agreement}")).await;
    for expected in ["<td>Beredning</td>", "Roll:</span> – → Yttrande", "Utfall:</span> – → Ingen erinran"] {
        assert!(signed_in.contains(expected), "{expected} in the history");
    }
}
