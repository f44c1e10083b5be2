//! An agreement from draft to force through the API alone: consultation (some answers late),
//! recommendation and every party's adoption, with the state and `in_force_from` the rules give
//! at each step; then a rejection and a later re-decision.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::caller;
use crate::helpers::{TestApp, created, post_json as post};

/// The agreement's status as the API gives it on a date.
async fn status(app: &TestApp, id: i64, at: &str) -> Value {
    app.json(&format!("/api/v1/agreements/{id}?at={at}")).await["status"].clone()
}

#[tokio::test]
async fn an_agreement_goes_from_draft_to_force_through_the_api() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let nacka_editor = caller(&app.store, "redaktör", Role::PartyEditor, Some("0182"), None).await;
    let parties = app.json("/api/v1/parties?limit=1000").await;
    let parties = parties.as_array().unwrap();
    assert_eq!(parties.len(), 27);
    let id_of = |code: &str| parties.iter().find(|p| p["code"] == code).unwrap()["id"].as_i64().unwrap();
    let (nacka, solna) = (id_of("0182"), id_of("0184"));

    let agreement = created(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({
            "title": "Samverkan kring personer med psykisk ohälsa",
            "short_name": "Psykisk ohälsa",
            "kind": "subject_area",
            "target_groups": ["adults", "elderly"],
            "summary": "Ansvarsfördelning och samverkan mellan kommunerna och regionen.",
            "implementation": "Lokala handlingsplaner i varje närområde",
        }),
    )
    .await;
    let version = created(
        &app,
        &leader,
        &format!("/api/v1/agreements/{agreement}/versions"),
        json!({"number": "2026", "date": "2026-01-15", "earliest_start": "2026-09-01"}),
    )
    .await;
    assert_eq!(status(&app, agreement, "2026-01-20").await["state"], "draft");

    // Consultation to all 27 parties.
    let consultation = created(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/consultation"),
        json!({"sent_on": "2026-02-01", "deadline": "2026-03-31"}),
    )
    .await;
    let s = status(&app, agreement, "2026-02-15").await;
    assert_eq!((s["state"].as_str(), s["parties"].as_u64()), (Some("on_consultation"), Some(27)));

    // Nacka answers itself, in time; Solna answers late through the process leaders.
    let answers = format!("/api/v1/consultations/{consultation}/answers");
    created(&app, &nacka_editor, &answers, json!({"party_id": nacka, "answered_on": "2026-03-20", "stance": "agrees"}))
        .await;
    let (refused, _) = post(
        &app,
        &nacka_editor,
        &answers,
        json!({"party_id": solna, "answered_on": "2026-03-20", "stance": "disagrees"}),
    )
    .await;
    assert_eq!(refused, 403, "a party answers only for itself");
    created(
        &app,
        &leader,
        &answers,
        json!({"party_id": solna, "answered_on": "2026-04-03", "stance": "agrees_with_comments", "text": "Förtydliga ansvaret för hjälpmedel."}),
    )
    .await;
    let detail = app.json(&format!("/api/v1/agreements/{agreement}?at=2026-04-10")).await;
    let answered = detail["versions"][0]["consultation"]["answers"].as_array().unwrap().clone();
    assert_eq!(answered.len(), 2);
    let late: Vec<(&str, bool)> =
        answered.iter().map(|a| (a["party"]["name"].as_str().unwrap(), a["late"].as_bool().unwrap())).collect();
    assert_eq!(late, [("Nacka", false), ("Solna", true)], "Swedish order; the late answer counts and is marked");
    assert_eq!(detail["status"]["state"], "consulted");

    // Recommendation by Storsthlm's board and by HSN.
    let recommend = format!("/api/v1/versions/{version}/recommendations");
    created(
        &app,
        &leader,
        &recommend,
        json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2026-05-07", "outcome": "recommended"}),
    )
    .await;
    created(
        &app,
        &leader,
        &recommend,
        json!({"body_name": "Hälso- och sjukvårdsnämnden", "addressed_to": "region", "decided_on": "2026-05-20", "outcome": "recommended"}),
    )
    .await;
    assert_eq!(status(&app, agreement, "2026-05-21").await["state"], "recommended");

    // Adoptions: Nacka itself, the others through the process leaders, one per day from June 1st;
    // the last party (the 27th) decides on 2026-06-27.
    let decide = format!("/api/v1/versions/{version}/decisions");
    let mut order: Vec<i64> = parties.iter().map(|p| p["id"].as_i64().unwrap()).filter(|id| *id != nacka).collect();
    order.insert(0, nacka);
    for (day, party) in order.iter().enumerate() {
        let who = if *party == nacka { &nacka_editor } else { &leader };
        let body = json!({
            "party_id": party,
            "deciding_body": "Kommunfullmäktige",
            "decided_on": format!("2026-06-{:02}", day + 1),
            "paragraph": format!("§ {}", 40 + day),
            "diary_number": format!("KS26/{}", 100 + day),
            "outcome": "adopted",
        });
        created(&app, who, &decide, body).await;
        if day == 12 {
            let s = status(&app, agreement, "2026-06-13").await;
            assert_eq!((s["state"].as_str(), s["adopted"].as_u64()), (Some("being_adopted"), Some(13)));
            assert_eq!(s["in_force_from"], Value::Null);
        }
    }
    // All adopted by 2026-06-27: in force from the earliest start, 2026-09-01 (the later date),
    // and not before it: adopted until then (issue 13).
    let s = status(&app, agreement, "2026-07-01").await;
    assert_eq!(s["state"], "adopted");
    assert_eq!((s["adopted"].as_u64(), s["parties"].as_u64()), (Some(27), Some(27)));
    assert_eq!(s["in_force_from"], "2026-09-01");
    assert_eq!(status(&app, agreement, "2026-09-01").await["state"], "in_force");

    // A second version where the last adoption comes after the earliest start, and one party
    // (Every day lies in the past: a decision dated in the future is refused, issue 13.)
    // first rejects, then has the matter referred back, then adopts.
    let second = created(
        &app,
        &leader,
        &format!("/api/v1/agreements/{agreement}/versions"),
        json!({"number": "2027", "earliest_start": "2026-10-01", "change_summary": "Tillägg om äldre"}),
    )
    .await;
    let decide = format!("/api/v1/versions/{second}/decisions");
    for party in order.iter().filter(|p| **p != solna) {
        let who = if *party == nacka { &nacka_editor } else { &leader };
        let body = json!({"party_id": party, "deciding_body": "Kommunfullmäktige", "decided_on": "2026-09-02", "outcome": "adopted"});
        created(&app, who, &decide, body).await;
    }
    let solna_decides = |date: &str, outcome: &str| json!({"party_id": solna, "deciding_body": "Kommunfullmäktige", "decided_on": date, "outcome": outcome});
    created(&app, &leader, &decide, solna_decides("2026-09-16", "rejected")).await;
    let s = status(&app, agreement, "2026-10-01").await;
    assert_eq!(s["state"], "rejected");
    assert_eq!(s["rejected_by"], json!([solna]));
    assert_eq!((s["adopted"].as_u64(), s["in_force_from"].clone()), (Some(26), Value::Null));
    created(&app, &leader, &decide, solna_decides("2026-10-18", "referred_back")).await;
    assert_eq!(status(&app, agreement, "2026-11-01").await["state"], "rejected", "a referral back is not a decision");
    created(&app, &leader, &decide, solna_decides("2026-11-15", "adopted")).await;
    let s = status(&app, agreement, "2026-11-15").await;
    assert_eq!((s["state"].as_str(), s["in_force_from"].as_str()), (Some("in_force"), Some("2026-11-15")));
    // Every decision stays on record, oldest first.
    let detail = app.json(&format!("/api/v1/agreements/{agreement}?at=2026-11-20")).await;
    let solnas: Vec<&str> = detail["versions"][0]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["party"]["id"] == solna)
        .map(|d| d["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(solnas, ["rejected", "referred_back", "adopted"]);

    // The adoption view's data: each party's standing decision on the latest version.
    let outcome_of = |rows: &Value, party: i64| {
        rows.as_array().unwrap().iter().find(|r| r["party"]["id"] == party).unwrap()["outcome"].clone()
    };
    let adoption = |at: &str| format!("/api/v1/agreements/{agreement}/adoption?at={at}");
    let before = app.json(&adoption("2026-09-10")).await;
    assert_eq!(before.as_array().unwrap().len(), 27);
    assert_eq!((outcome_of(&before, nacka), outcome_of(&before, solna)), (json!("adopted"), Value::Null));
    assert_eq!(outcome_of(&app.json(&adoption("2026-10-01")).await, solna), "rejected");
    assert_eq!(
        outcome_of(&app.json(&adoption("2026-11-01")).await, solna),
        "rejected",
        "the referral back changes nothing"
    );
    let after = app.json(&adoption("2026-11-20")).await;
    assert_eq!(outcome_of(&after, solna), "adopted");
    let solna_row = after.as_array().unwrap().iter().find(|r| r["party"]["id"] == solna).unwrap().clone();
    assert_eq!(solna_row["decided_on"], "2026-11-15");

    // In the list too, with the latest version's status.
    let list = app.json("/api/v1/agreements?at=2026-11-20").await;
    let listed = list.as_array().unwrap().iter().find(|a| a["id"] == agreement).unwrap().clone();
    assert_eq!(
        (listed["latest_version"].as_str(), listed["status"]["state"].as_str()),
        (Some("2027"), Some("in_force"))
    );
    // The whole process is on the agreement's history, and the chain holds.
    let events = app.store.audit_events_of("agreement", &agreement.to_string()).await.unwrap();
    assert_eq!(events.len(), 1 + 2 + 1 + 2 + 2 + 27 + 26 + 3);
    assert!(matches!(app.store.verify_audit_trail().await.unwrap(), samverkan_store::AuditCheck::Intact { .. }));
}

#[tokio::test]
async fn bad_agreement_fields_are_named() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let before = app.json("/api/v1/agreements").await;
    let (status, problem) = post(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({"title": "", "kind": "treaty", "target_groups": [], "review_date": "2026-02-30", "colour": "blå"}),
    )
    .await;
    assert_eq!(status, 422);
    let mut named: Vec<&str> =
        problem["invalid_params"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    named.sort_unstable();
    assert_eq!(named, ["colour", "kind", "review_date", "target_groups", "title"]);
    assert_eq!(app.json("/api/v1/agreements").await, before, "nothing was saved");
}

#[tokio::test]
async fn a_decision_without_a_known_day_is_recorded_in_words_and_no_day_is_made_up() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let agreement = created(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({"title": "Huvudöverenskommelse", "short_name": "HÖK", "kind": "main", "target_groups": ["all"]}),
    )
    .await;
    let version = created(
        &app,
        &leader,
        &format!("/api/v1/agreements/{agreement}/versions"),
        json!({"number": "2021", "date_text": "hösten 2021", "earliest_start": "2022-07-01"}),
    )
    .await;
    let decide = format!("/api/v1/versions/{version}/decisions");
    let (status, problem) = post(
        &app,
        &leader,
        &decide,
        json!({"party_id": 1, "deciding_body": "Kommunfullmäktige", "outcome": "adopted"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(problem["invalid_params"][0]["name"], "decided_on");
    for party in app.json("/api/v1/parties?limit=1000").await.as_array().unwrap() {
        let body = json!({"party_id": party["id"], "deciding_body": "Kommunfullmäktige", "decided_text": "våren 2022", "outcome": "adopted"});
        created(&app, &leader, &decide, body).await;
    }
    // Spring 2022 ended on May 31st, before the earliest start: the rule gives 2022-07-01, a day
    // that follows from the facts, not one made up (issue 13). Inside the spring, the adoptions
    // are under way and count for nothing yet.
    let detail = app.json(&format!("/api/v1/agreements/{agreement}?at=2023-01-01")).await;
    assert_eq!(detail["status"]["state"], "in_force");
    assert_eq!(detail["status"]["in_force_from"], "2022-07-01");
    let spring = app.json(&format!("/api/v1/agreements/{agreement}?at=2022-05-01")).await;
    assert_eq!((spring["status"]["adopted"].as_u64(), spring["status"]["state"].as_str()), (Some(0), Some("draft")));
    assert_eq!(spring["status"]["under_way"], "antas under våren 2022");
    assert_eq!(detail["versions"][0]["decisions"][0]["decided_text"], "våren 2022");
    assert_eq!(detail["versions"][0]["date_text"], "hösten 2021");
}

/// A proposal put to a body is recorded by a process leader, in words when no day is known,
/// shows in the version's process and leaves its state alone; a day in the future, words that
/// are no time and a body not in the register are each told, naming the field.
#[tokio::test]
async fn a_proposal_to_a_body_is_a_step_of_the_process_that_changes_no_state() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let entry = json!({"title": "Förslagsprov", "kind": "subject_area", "target_groups": ["adults"]});
    let agreement = created(&app, &leader, "/api/v1/agreements", entry).await;
    let version =
        created(&app, &leader, &format!("/api/v1/agreements/{agreement}/versions"), json!({"number": "1"})).await;
    let propose = format!("/api/v1/versions/{version}/proposals");
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).to_string();
    let wrong =
        json!({"body_name": "Styrgruppen", "to_body_name": "VIS", "to_body_id": 999999, "proposed_on": tomorrow});
    let (code, problem) = post(&app, &leader, &propose, wrong).await;
    assert_eq!(code, 422, "{problem}");
    let mut named: Vec<&str> =
        problem["invalid_params"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    named.sort_unstable();
    assert_eq!(named, ["proposed_on", "to_body_id"], "{problem}");
    let (code, problem) = post(
        &app,
        &leader,
        &propose,
        json!({"body_name": "Styrgruppen", "to_body_name": "VIS", "proposed_text": "snart"}),
    )
    .await;
    assert_eq!((code, problem["invalid_params"][0]["name"].as_str()), (422, Some("proposed_text")), "{problem}");
    let editor = caller(&app.store, "redaktör", Role::PartyEditor, Some("0182"), None).await;
    let (code, _) = post(
        &app,
        &editor,
        &propose,
        json!({"body_name": "Styrgruppen", "to_body_name": "VIS", "proposed_text": "maj 2025"}),
    )
    .await;
    assert_eq!(code, 403, "a proposal is the joint process's, the process leaders'");

    created(
        &app,
        &leader,
        &propose,
        json!({"body_name": "Styrgruppen", "to_body_name": "VIS", "proposed_text": "maj 2025"}),
    )
    .await;
    let detail = app.json(&format!("/api/v1/agreements/{agreement}")).await;
    let proposal = &detail["versions"][0]["proposals"][0];
    assert_eq!(
        (proposal["to_body_name"].as_str(), proposal["proposed_text"].as_str()),
        (Some("VIS"), Some("maj 2025"))
    );
    assert_eq!(detail["status"]["state"], "draft", "a proposal is no consultation nor recommendation");
    let page = app.page(&format!("/overenskommelser/{agreement}")).await;
    assert!(page.contains("<span class=\"when\">maj 2025</span><br>Från Styrgruppen till VIS."), "{page}");
    let events = app.store.audit_events_of("agreement", &agreement.to_string()).await.unwrap();
    assert!(events.iter().any(|e| e.action == "propose"), "on the agreement's history");
}
