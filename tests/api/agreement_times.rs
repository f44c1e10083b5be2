//! Imprecise times and who must adopt (issue 13): HÖK's state through the API and the pages on
//! the dates its process turns on, as the sources tell it (consultation spring 2021,
//! recommended 2021-10-14 and November 2021, adopted by every party in spring 2022, in force
//! from September 2022, never before 2022-07-01); and the checks a registrar would expect.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::caller;
use crate::helpers::{TestApp, created, post_json as post};

const HOK: &str = "Huvudöverenskommelse om länsövergripande samverkan kring hälsa, vård och omsorg";

async fn hok_id(app: &TestApp) -> i64 {
    let list = app.json("/api/v1/agreements").await;
    list.as_array().unwrap().iter().find(|a| a["title"] == HOK).unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn hoks_state_on_the_days_its_process_turns_on() {
    let app = TestApp::spawn().await;
    let id = hok_id(&app).await;
    let detail = app.json(&format!("/api/v1/agreements/{id}")).await;
    assert_eq!(detail["parties"], json!([]), "HÖK lists none of its own: every party must adopt");
    // (date, state, label, under way, adopted)
    let expected: [(&str, &str, &str, Value, u64); 5] = [
        // Before its consultation was sent (spring 2021): a draft, not in force.
        ("2021-01-01", "draft", "Utkast", Value::Null, 0),
        // Storsthlm's board recommended on 2021-10-14; HSN's November has passed.
        ("2021-11-30", "recommended", "Rekommenderad", Value::Null, 0),
        // Inside the spring of the councils' decisions: none counts yet, they are under way.
        ("2022-05-01", "recommended", "Rekommenderad; antas under våren 2022", json!("antas under våren 2022"), 0),
        // Adopted by every party (spring ended May 31st), not yet in force: September 2022.
        ("2022-08-01", "adopted", "Antagen av alla parter; börjar gälla september 2022", Value::Null, 27),
        // In force from September 2022, no day made up.
        ("2026-11-30", "in_force", "Gäller från september 2022", Value::Null, 27),
    ];
    for (at, state, label, under_way, adopted) in expected {
        let status = app.json(&format!("/api/v1/agreements/{id}?at={at}")).await["status"].clone();
        assert_eq!(status["state"], state, "{at}: {status}");
        assert_eq!(status["label"], label, "{at}: {status}");
        assert_eq!(status["under_way"], under_way, "{at}: {status}");
        assert_eq!(status["adopted"].as_u64(), Some(adopted), "{at}: {status}");
        // The Region must adopt too, although the consultation went to the municipalities.
        assert_eq!(status["parties"].as_u64(), Some(27), "{at}: {status}");
        assert!(status["in_force_from"].is_null(), "{at}: no day in force before September 2022, and none made up");
        let page = app.page(&format!("/overenskommelser/{id}?at={at}")).await;
        assert!(page.contains(label), "{at}: the page says {label:?}");
    }
    let status = app.json(&format!("/api/v1/agreements/{id}?at=2026-11-30")).await["status"].clone();
    assert_eq!(status["in_force_text"], "september 2022");
    let status = app.json(&format!("/api/v1/agreements/{id}?at=2022-09-15")).await["status"].clone();
    assert_eq!(
        (status["state"].as_str(), status["under_way"].as_str()),
        (Some("adopted"), Some("börjar gälla under september 2022"))
    );

    // The adoption view says each council's decision is under way inside the spring.
    let adoption = app.page(&format!("/overenskommelser/{id}/antagande?at=2022-05-01")).await;
    assert!(adoption.contains("Antagen under våren 2022"), "{adoption}");
    assert!(adoption.contains("Gäller inte ännu. Status: Rekommenderad; antas under våren 2022."), "{adoption}");
    let rows = app.json(&format!("/api/v1/agreements/{id}/adoption?at=2022-05-01")).await;
    let rows = rows.as_array().unwrap();
    assert!(rows.iter().all(|r| r["outcome"].is_null() && r["under_way"] == "Antagen under våren 2022"), "{rows:?}");
    let adoption = app.page(&format!("/overenskommelser/{id}/antagande?at=2026-11-30")).await;
    assert!(adoption.contains("Gäller från september 2022."), "{adoption}");

    // The consultation went to the 26 municipalities; the matrix lists them, not the Region.
    let matrix = app.page(&format!("/overenskommelser/{id}/remiss?at=2026-11-30")).await;
    assert!(matrix.contains("Ekerö") && !matrix.contains(">Region Stockholm<"), "{matrix}");
}

#[tokio::test]
async fn the_adopters_are_the_agreements_own_parties() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let parties = app.json("/api/v1/parties?limit=1000").await;
    let id_of = |code: &str| parties.as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["id"].clone();
    let (region, nacka, solna) = (id_of("01"), id_of("0182"), id_of("0184"));
    let entry = json!({"title": "Tre parter", "kind": "subject_area", "target_groups": ["adults"], "parties": [region, nacka, solna]});
    let agreement = created(&app, &leader, "/api/v1/agreements", entry).await;
    let detail = app.json(&format!("/api/v1/agreements/{agreement}")).await;
    assert_eq!(detail["parties"], json!([region, nacka, solna]));
    let version =
        created(&app, &leader, &format!("/api/v1/agreements/{agreement}/versions"), json!({"number": "1"})).await;
    // The consultation goes to the two municipalities; the Region must adopt all the same.
    created(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/consultation"),
        json!({"sent_on": "2025-01-10", "deadline": "2025-03-01", "recipients": [nacka, solna]}),
    )
    .await;
    let decide = format!("/api/v1/versions/{version}/decisions");
    for party in [&nacka, &solna] {
        let body = json!({"party_id": party, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-05-10", "outcome": "adopted"});
        created(&app, &leader, &decide, body).await;
    }
    let status = app.json(&format!("/api/v1/agreements/{agreement}?at=2025-06-01")).await["status"].clone();
    assert_eq!(
        (status["state"].as_str(), status["adopted"].as_u64(), status["parties"].as_u64()),
        (Some("being_adopted"), Some(2), Some(3))
    );
    let body = json!({"party_id": region, "deciding_body": "Regionfullmäktige", "decided_text": "hösten 2025", "outcome": "adopted"});
    created(&app, &leader, &decide, body).await;
    let status = app.json(&format!("/api/v1/agreements/{agreement}?at=2026-01-01")).await["status"].clone();
    assert_eq!(
        (status["state"].as_str(), status["in_force_text"].as_str()),
        (Some("in_force"), Some("hösten 2025")),
        "{status}"
    );
    // A party not among the agreement's may not decide on it.
    let other = id_of("0180");
    let body = json!({"party_id": other, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-05-10", "outcome": "adopted"});
    let (code, problem) = post(&app, &leader, &decide, body).await;
    assert_eq!((code, problem["invalid_params"][0]["name"].as_str()), (422, Some("party_id")), "{problem}");
}

#[tokio::test]
async fn a_registrar_is_told_of_times_that_cannot_be() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let entry = json!({"title": "Kontroller", "kind": "subject_area", "target_groups": ["adults"]});
    let agreement = created(&app, &leader, "/api/v1/agreements", entry).await;
    let versions = format!("/api/v1/agreements/{agreement}/versions");
    // Words that are no time, and an in-force time before the earliest start.
    let (code, problem) = post(
        &app,
        &leader,
        &versions,
        json!({"number": "1", "date_text": "snart", "earliest_start": "2022-07-01", "in_force_text": "våren 2022"}),
    )
    .await;
    assert_eq!(code, 422);
    let reasons: Vec<(&str, &str)> = problem["invalid_params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["reason"].as_str().unwrap()))
        .collect();
    assert!(
        reasons.iter().any(|(n, r)| *n == "date_text" && r.contains("”snart” går inte att läsa som en tid")),
        "{reasons:?}"
    );
    assert!(reasons.contains(&("in_force_text", "kan inte vara före tidigaste start (2022-07-01)")), "{reasons:?}");
    let version = created(&app, &leader, &versions, json!({"number": "1", "date_text": "hösten 2021"})).await;
    created(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/consultation"),
        json!({"sent_on": "2025-01-10", "deadline": "2025-03-01"}),
    )
    .await;
    // A recommendation before the consultation was sent.
    let recommend = format!("/api/v1/versions/{version}/recommendations");
    let early = json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_text": "hösten 2024", "outcome": "recommended"});
    let (code, problem) = post(&app, &leader, &recommend, early).await;
    assert_eq!(code, 422, "{problem}");
    assert_eq!(problem["invalid_params"][0]["name"], "decided_text");
    assert_eq!(
        problem["invalid_params"][0]["reason"],
        "remissen skickades 2025-01-10; rekommendationen kan inte vara före det"
    );
    // A decision and an answer in the future.
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).to_string();
    let decide = format!("/api/v1/versions/{version}/decisions");
    let body =
        json!({"party_id": 1, "deciding_body": "Kommunfullmäktige", "decided_on": tomorrow, "outcome": "adopted"});
    let (code, problem) = post(&app, &leader, &decide, body).await;
    assert_eq!((code, problem["invalid_params"][0]["name"].as_str()), (422, Some("decided_on")), "{problem}");
    assert!(problem["invalid_params"][0]["reason"].as_str().unwrap().starts_with("kan inte ligga i framtiden"));
    let consultation =
        app.json(&format!("/api/v1/agreements/{agreement}")).await["versions"][0]["consultation"]["id"].clone();
    let answer = json!({"party_id": 1, "answered_on": tomorrow, "stance": "agrees"});
    let (code, problem) = post(&app, &leader, &format!("/api/v1/consultations/{consultation}/answers"), answer).await;
    assert_eq!((code, problem["invalid_params"][0]["name"].as_str()), (422, Some("answered_on")), "{problem}");

    // A consultation sent at a time in words, with no deadline, as HÖK's was: an answer before
    // its spring cannot be.
    let second = created(&app, &leader, &versions, json!({"number": "2"})).await;
    let sent = json!({"sent_text": "våren 2021"});
    let consultation = created(&app, &leader, &format!("/api/v1/versions/{second}/consultation"), sent).await;
    let answer = json!({"party_id": 1, "answered_on": "2021-02-01", "stance": "agrees"});
    let (code, problem) = post(&app, &leader, &format!("/api/v1/consultations/{consultation}/answers"), answer).await;
    assert_eq!(code, 422, "{problem}");
    assert_eq!(problem["invalid_params"][0]["reason"], "remissen skickades våren 2021; svaret kan inte vara före det");
    let answer = json!({"party_id": 1, "answered_on": "2021-04-01", "stance": "agrees"});
    created(&app, &leader, &format!("/api/v1/consultations/{consultation}/answers"), answer).await;
}
