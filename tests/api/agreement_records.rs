//! Every record of an agreement's process a create makes can be read at the address the create
//! answered with (`Location`): versions, relations, consultations, answers, recommendations,
//! decisions, preparatory steps and withdrawals, each with its agreement (and version) beside
//! it. A missing one "finns inte"; a version's status is the one on `?at=`.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::caller;
use crate::helpers::{TestApp, created, created_at};

/// The ids of Nacka and Solna.
async fn nacka_and_solna(app: &TestApp) -> (i64, i64) {
    let list = app.json("/api/v1/parties?limit=1000").await;
    let id_of =
        |code: &str| list.as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["id"].as_i64().unwrap();
    (id_of("0182"), id_of("0184"))
}

/// The agreement and version a record says it belongs to: (agreement id, agreement name,
/// version id, version number).
fn place(record: &Value) -> (i64, &str, i64, &str) {
    (
        record["agreement"]["id"].as_i64().unwrap(),
        record["agreement"]["name"].as_str().unwrap(),
        record["version"]["id"].as_i64().unwrap(),
        record["version"]["number"].as_str().unwrap(),
    )
}

#[tokio::test]
async fn each_record_of_the_process_is_read_at_the_address_its_create_answered_with() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let (nacka, solna) = nacka_and_solna(&app).await;
    let title = "Samverkan kring hjälpmedel";
    let entry = json!({"title": title, "kind": "add_on", "target_groups": ["elderly"], "parties": [nacka, solna]});
    let agreement = created(&app, &leader, "/api/v1/agreements", entry).await;
    let main = json!({"title": "Huvudöverenskommelse", "kind": "main", "target_groups": ["all"]});
    let main = created(&app, &leader, "/api/v1/agreements", main).await;

    // A relation: this agreement is an add-on to the main one.
    let (relation, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/agreements/{agreement}/relations"),
        json!({"kind": "add_on_to", "related_id": main}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/relations/{relation}"));
    let r = app.json(&address).await;
    assert_eq!((r["id"].as_i64(), r["kind"].as_str()), (Some(relation), Some("add_on_to")));
    assert_eq!((r["from"]["id"].as_i64(), r["from"]["name"].as_str()), (Some(agreement), Some(title)));
    assert_eq!(
        (r["agreement"]["id"].as_i64(), r["agreement"]["name"].as_str()),
        (Some(main), Some("Huvudöverenskommelse"))
    );
    // The same id in each agreement's own list, both ways.
    assert_eq!(app.json(&format!("/api/v1/agreements/{agreement}")).await["relations"][0]["id"], relation);
    assert_eq!(app.json(&format!("/api/v1/agreements/{main}")).await["related_from"][0]["id"], relation);

    // A version, a draft until it is sent out.
    let (version, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/agreements/{agreement}/versions"),
        json!({"number": "2024", "date": "2024-01-15", "earliest_start": "2024-09-01", "change_summary": "Ny bilaga"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/versions/{version}"));
    let v = app.json(&format!("{address}?at=2024-01-20")).await;
    assert_eq!((v["id"].as_i64(), v["number"].as_str()), (Some(version), Some("2024")));
    assert_eq!((v["earliest_start"].as_str(), v["change_summary"].as_str()), (Some("2024-09-01"), Some("Ny bilaga")));
    assert_eq!(v["status"]["state"], "draft");
    assert_eq!((v["agreement"]["id"].as_i64(), v["agreement"]["name"].as_str()), (Some(agreement), Some(title)));

    // Its consultation, and Solna's late answer with a comment.
    let (consultation, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/consultation"),
        json!({"sent_on": "2024-02-01", "deadline": "2024-03-31"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/consultations/{consultation}"));
    let c = app.json(&address).await;
    assert_eq!((c["sent_on"].as_str(), c["deadline"].as_str()), (Some("2024-02-01"), Some("2024-03-31")));
    assert_eq!((c["id"].as_i64(), &c["answers"]), (Some(consultation), &json!([])), "nobody has answered yet");
    assert_eq!(place(&c), (agreement, title, version, "2024"));
    let (answer, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/consultations/{consultation}/answers"),
        json!({"party_id": solna, "answered_on": "2024-04-03", "stance": "agrees_with_comments",
            "text": "Förtydliga ansvaret för förbrukningsartiklar."}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/answers/{answer}"));
    let a = app.json(&address).await;
    assert_eq!((a["party"]["id"].as_i64(), a["party"]["name"].as_str()), (Some(solna), Some("Solna")));
    assert_eq!((a["stance"].as_str(), a["late"].as_bool()), (Some("agrees_with_comments"), Some(true)));
    assert_eq!(a["text"], "Förtydliga ansvaret för förbrukningsartiklar.");
    assert_eq!((a["answered_on"].as_str(), a["consultation_id"].as_i64()), (Some("2024-04-03"), Some(consultation)));
    assert_eq!(place(&a), (agreement, title, version, "2024"));
    let c = app.json(&format!("/api/v1/consultations/{consultation}")).await;
    assert_eq!(
        c["answers"].as_array().map(|list| list.iter().map(|x| x["id"].clone()).collect()),
        Some(vec![json!(answer)])
    );

    // The recommendation to the municipalities.
    let (recommendation, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/recommendations"),
        json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2024-05-07",
            "outcome": "recommended"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/recommendations/{recommendation}"));
    let r = app.json(&address).await;
    assert_eq!((r["id"].as_i64(), r["body_name"].as_str()), (Some(recommendation), Some("Storsthlms styrelse")));
    assert_eq!((r["addressed_to"].as_str(), r["outcome"].as_str()), (Some("municipalities"), Some("recommended")));
    assert_eq!(r["decided_on"], "2024-05-07");
    assert_eq!(place(&r), (agreement, title, version, "2024"));
    let detail = app.json(&format!("/api/v1/agreements/{agreement}")).await;
    assert_eq!(detail["versions"][0]["recommendations"][0]["id"], recommendation, "the agreement's list has the id");

    // Nacka's social committee's opinion before its council decides.
    let (step, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/preparatory-steps"),
        json!({"party_id": nacka, "body_name": "Socialnämnden", "role": "opinion", "handled_on": "2024-05-20",
            "paragraph": "§ 12", "outcome": "supports_adoption"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/preparatory-steps/{step}"));
    let s = app.json(&address).await;
    assert_eq!((s["party"]["name"].as_str(), s["body_name"].as_str()), (Some("Nacka"), Some("Socialnämnden")));
    assert_eq!((s["role"].as_str(), s["outcome"].as_str()), (Some("opinion"), Some("supports_adoption")));
    assert_eq!((s["handled_on"].as_str(), s["paragraph"].as_str()), (Some("2024-05-20"), Some("§ 12")));
    assert_eq!(place(&s), (agreement, title, version, "2024"));

    // Both parties adopt; the version's status on a date is the one `?at=` asks for.
    let decide = format!("/api/v1/versions/{version}/decisions");
    let (decision, address) = created_at(
        &app,
        &leader,
        &decide,
        json!({"party_id": nacka, "deciding_body": "Kommunfullmäktige", "decided_on": "2024-06-01",
            "paragraph": "§ 40", "diary_number": "KFKS 2024/100", "outcome": "adopted"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/decisions/{decision}"));
    let d = app.json(&address).await;
    assert_eq!((d["id"].as_i64(), d["party"]["name"].as_str()), (Some(decision), Some("Nacka")));
    assert_eq!((d["outcome"].as_str(), d["decided_on"].as_str()), (Some("adopted"), Some("2024-06-01")));
    assert_eq!(
        (d["deciding_body"].as_str(), d["diary_number"].as_str()),
        (Some("Kommunfullmäktige"), Some("KFKS 2024/100"))
    );
    assert_eq!(place(&d), (agreement, title, version, "2024"));
    created(
        &app,
        &leader,
        &decide,
        json!({"party_id": solna, "deciding_body": "Kommunfullmäktige", "decided_on": "2024-06-10", "outcome": "adopted"}),
    )
    .await;
    let v = app.json(&format!("/api/v1/versions/{version}?at=2024-06-05")).await;
    assert_eq!((v["status"]["state"].as_str(), v["status"]["adopted"].as_u64()), (Some("being_adopted"), Some(1)));
    let v = app.json(&format!("/api/v1/versions/{version}?at=2024-10-01")).await;
    assert_eq!(
        (v["status"]["state"].as_str(), v["status"]["in_force_from"].as_str()),
        (Some("in_force"), Some("2024-09-01"))
    );
    assert_eq!(v["decisions"].as_array().map(Vec::len), Some(2));

    // Nacka withdraws: decided 2025-03-01, it leaves from 2026-01-01.
    let (withdrawal, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/withdrawals"),
        json!({"party_id": nacka, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-03-01",
            "paragraph": "§ 12", "leaves_on": "2026-01-01"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/withdrawals/{withdrawal}"));
    let w = app.json(&address).await;
    assert_eq!((w["id"].as_i64(), w["party"]["name"].as_str()), (Some(withdrawal), Some("Nacka")));
    assert_eq!((w["decided_on"].as_str(), w["leaves_on"].as_str()), (Some("2025-03-01"), Some("2026-01-01")));
    assert_eq!(place(&w), (agreement, title, version, "2024"));
    let v = app.json(&format!("/api/v1/versions/{version}?at=2026-02-01")).await;
    assert_eq!(v["status"]["left"], json!([{"party_id": nacka, "leaves_on": "2026-01-01"}]));
}

#[tokio::test]
async fn a_missing_record_of_the_process_finns_inte_at_each_address() {
    let app = TestApp::spawn().await;
    for collection in [
        "versions",
        "relations",
        "consultations",
        "answers",
        "recommendations",
        "decisions",
        "preparatory-steps",
        "withdrawals",
    ] {
        let path = format!("/api/v1/{collection}/999999");
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{path}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!((problem["status"].as_u64(), problem["title"].as_str()), (Some(404), Some("Finns inte")), "{path}");
        assert_eq!(app.get(&format!("/api/v1/{collection}/inte-ett-id")).await.status(), 404, "{collection}");
    }
}

#[tokio::test]
async fn the_description_has_a_read_at_each_address_a_create_answers_with() {
    let app = TestApp::spawn().await;
    let doc = app.json("/api/openapi.json").await;
    for (path, dated) in [
        ("/api/v1/versions/{id}", true),
        ("/api/v1/relations/{id}", false),
        ("/api/v1/consultations/{id}", false),
        ("/api/v1/answers/{id}", false),
        ("/api/v1/recommendations/{id}", false),
        ("/api/v1/decisions/{id}", false),
        ("/api/v1/preparatory-steps/{id}", false),
        ("/api/v1/withdrawals/{id}", false),
    ] {
        let get = &doc["paths"][path]["get"];
        assert!(get["responses"]["200"].is_object() && get["responses"]["404"].is_object(), "{path}: {get}");
        let params: Vec<&str> =
            get["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(params.contains(&"at"), dated, "{path} documents ?at= when its answer depends on the date");
    }
}
