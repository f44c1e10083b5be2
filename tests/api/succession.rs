//! Replacement and leaving (issue 13, item 4): a version is replaced from the day its successor
//! comes into force, and an agreement from the day the one that "ersätter" it does, each shown
//! as "Ersatt" with a link to what replaced it, through the API and on the pages; a party that
//! withdraws from a version in force (*uppsägning*) leaves it from a day, the version stays in
//! force for the others, and the adoption view says who left and when. Through the API and the
//! party's form, and refused to another party's editor.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, created, location, page_as, post_json as post, submit};

/// The ids of Region Stockholm, Nacka and Solna, and of Ekerö (a party of none of the
/// agreements here).
async fn parties(app: &TestApp) -> (i64, i64, i64, i64) {
    let list = app.json("/api/v1/parties?limit=1000").await;
    let id_of =
        |code: &str| list.as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["id"].as_i64().unwrap();
    (id_of("01"), id_of("0182"), id_of("0184"), id_of("0125"))
}

/// An agreement of `parties` alone, its id.
async fn agreement(app: &TestApp, leader: &Caller, title: &str, parties: &[i64]) -> i64 {
    let entry = json!({"title": title, "kind": "subject_area", "target_groups": ["adults"], "parties": parties});
    created(app, leader, "/api/v1/agreements", entry).await
}

/// A version of `agreement` (`fields` beside its number), adopted by each of `parties` on
/// `adopted_on`; its id.
async fn adopted_version(
    app: &TestApp,
    leader: &Caller,
    agreement: i64,
    fields: Value,
    parties: &[i64],
    adopted_on: &str,
) -> i64 {
    let version = created(app, leader, &format!("/api/v1/agreements/{agreement}/versions"), fields).await;
    for party in parties {
        let decision =
            json!({"party_id": party, "deciding_body": "Fullmäktige", "decided_on": adopted_on, "outcome": "adopted"});
        created(app, leader, &format!("/api/v1/versions/{version}/decisions"), decision).await;
    }
    version
}

/// A version's status on `at`, from the agreement's API detail.
async fn status_of(app: &TestApp, agreement: i64, version: i64, at: &str) -> Value {
    let detail = app.json(&format!("/api/v1/agreements/{agreement}?at={at}")).await;
    let versions = detail["versions"].as_array().unwrap();
    versions.iter().find(|v| v["id"] == version).unwrap()["status"].clone()
}

#[tokio::test]
async fn a_revision_replaces_its_predecessor_from_the_day_it_comes_into_force() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let (region, nacka, solna, _) = parties(&app).await;
    let all = [region, nacka, solna];
    let id = agreement(&app, &leader, "Samverkan vid utskrivning", &all).await;
    let first = adopted_version(&app, &leader, id, json!({"number": "1"}), &all, "2023-05-10").await;
    let second =
        adopted_version(&app, &leader, id, json!({"number": "2", "earliest_start": "2025-01-01"}), &all, "2024-11-01")
            .await;

    // Adopted by every party, the revision is not yet in force: the first version still is.
    let before = status_of(&app, id, first, "2024-12-31").await;
    assert_eq!(
        (before["state"].as_str(), before["label"].as_str()),
        (Some("in_force"), Some("Gäller från 2023-05-10"))
    );
    assert!(before["replaced_by"].is_null(), "{before}");
    let page = app.page(&format!("/overenskommelser/{id}?at=2024-12-31")).await;
    assert!(!page.contains("Ersatt av"), "{page}");

    // From the day the revision comes into force, the first version is replaced by it.
    let after = status_of(&app, id, first, "2025-01-01").await;
    assert_eq!(
        (after["state"].as_str(), after["label"].as_str()),
        (Some("replaced"), Some("Ersatt av version 2 från 2025-01-01")),
        "{after}"
    );
    assert_eq!(
        after["replaced_by"],
        json!({"kind": "version", "agreement_id": id, "agreement_title": null, "version_id": second,
               "version_number": "2", "from": "2025-01-01", "from_text": null})
    );
    let revision = status_of(&app, id, second, "2025-01-01").await;
    assert_eq!(
        (revision["state"].as_str(), revision["label"].as_str()),
        (Some("in_force"), Some("Gäller från 2025-01-01"))
    );
    // The agreement itself (its latest version) is in force.
    let detail = app.json(&format!("/api/v1/agreements/{id}?at=2025-01-01")).await;
    assert_eq!(detail["status"]["state"], "in_force");

    // The page shows "Ersatt" with a link to the revision, which is on the same page.
    let page = app.page(&format!("/overenskommelser/{id}?at=2025-01-01")).await;
    let link = format!(
        "Ersatt av <a href=\"/overenskommelser/{id}?at=2025-01-01#version-{second}\">version 2</a> från 2025-01-01"
    );
    assert!(page.contains(&link), "{page}");
    assert!(page.contains(&format!("<h3 id=\"version-{second}\">Version 2</h3>")));
    // So does the first version's adoption view, which no longer says it applies.
    let adoption = app.page(&format!("/overenskommelser/{id}/antagande?version={first}&at=2025-06-01")).await;
    assert!(adoption.contains("<p>Gäller inte längre. Ersatt av <a href="), "{adoption}");
}

#[tokio::test]
async fn an_agreement_is_replaced_by_the_one_that_ersatter_it_once_its_time_in_words_has_passed() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let (_, nacka, solna, _) = parties(&app).await;
    let both = [nacka, solna];
    let old = agreement(&app, &leader, "Hjälpmedel i hemmet", &both).await;
    adopted_version(&app, &leader, old, json!({"number": "2019"}), &both, "2019-04-01").await;
    let title = "Hjälpmedel och förbrukningsartiklar";
    let new = agreement(&app, &leader, title, &both).await;
    created(
        &app,
        &leader,
        &format!("/api/v1/agreements/{new}/relations"),
        json!({"kind": "replaces", "related_id": old}),
    )
    .await;
    let fields = json!({"number": "2025", "in_force_text": "september 2025"});
    let replacing = adopted_version(&app, &leader, new, fields, &both, "2025-06-01").await;

    // Inside September 2025 the old agreement may already be replaced: it says so, and stays in force.
    let list = app.json("/api/v1/agreements?at=2025-09-15").await;
    let listed = |list: &Value| list.as_array().unwrap().iter().find(|a| a["id"] == old).unwrap()["status"].clone();
    let during = listed(&list);
    assert_eq!(
        (during["state"].as_str(), during["under_way"].as_str()),
        (Some("in_force"), Some("ersätts under september 2025")),
        "{during}"
    );
    // Once September has passed, it is replaced.
    let list = app.json("/api/v1/agreements?at=2025-10-01").await;
    let replaced = listed(&list);
    assert_eq!(replaced["state"], "replaced", "{replaced}");
    assert_eq!(replaced["label"], format!("Ersatt av {title} från september 2025"));
    assert_eq!(
        replaced["replaced_by"],
        json!({"kind": "agreement", "agreement_id": new, "agreement_title": title, "version_id": replacing,
               "version_number": "2025", "from": null, "from_text": "september 2025"})
    );

    // The list and the agreement's page show "Ersatt" with a link to the agreement that replaced it.
    let link = format!(
        "Ersatt av <a href=\"/overenskommelser/{new}?at=2025-10-01#version-{replacing}\">{title}</a> från september 2025"
    );
    let page = app.page("/overenskommelser?at=2025-10-01").await;
    assert!(page.contains(&link), "{page}");
    let page = app.page(&format!("/overenskommelser/{old}?at=2025-10-01")).await;
    assert!(page.contains(&link), "{page}");
    assert!(page.contains(&format!("Ersatt av <a href=\"/overenskommelser/{new}?at=2025-10-01\">{title}</a></li>")));
    let page = app.page("/overenskommelser?at=2025-09-15").await;
    assert!(!page.contains("Ersatt av"), "{page}");
}

/// An agreement of the Region, Nacka and Solna whose version every one adopted on 2025-01-15,
/// in force from then: (agreement, version, region, nacka, solna, ekerö).
pub(crate) async fn in_force(app: &TestApp, leader: &Caller) -> (i64, i64, i64, i64, i64, i64) {
    let (region, nacka, solna, ekero) = parties(app).await;
    let all = [region, nacka, solna];
    let id = agreement(app, leader, "Psykisk hälsa", &all).await;
    let version = adopted_version(app, leader, id, json!({"number": "1"}), &all, "2025-01-15").await;
    (id, version, region, nacka, solna, ekero)
}

#[tokio::test]
async fn a_party_withdraws_after_entry_into_force_and_the_others_stay_bound() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let solna_editor = caller(&app.store, "redaktör Solna", Role::PartyEditor, Some("0184"), None).await;
    let (id, version, _, nacka, solna, ekero) = in_force(&app, &leader).await;
    let path = format!("/api/v1/versions/{version}/withdrawals");
    let withdrawal = |party: i64, decided_on: &str, leaves_on: &str| {
        json!({"party_id": party, "deciding_body": "Kommunfullmäktige", "decided_on": decided_on,
               "paragraph": "§ 12", "diary_number": "KFKS 2025/300", "leaves_on": leaves_on})
    };

    // Another party's editor may not withdraw for Nacka; nothing is written.
    let (code, _) = post(&app, &solna_editor, &path, withdrawal(nacka, "2025-09-01", "2026-01-01")).await;
    assert_eq!(code, 403);
    // Not before the version came into force, not decided in the future, not for a party that
    // is none of the version's: each told on its field.
    let (code, problem) = post(&app, &nacka_editor, &path, withdrawal(nacka, "2025-09-01", "2025-01-01")).await;
    assert_eq!((code, problem["invalid_params"][0]["name"].as_str()), (422, Some("leaves_on")), "{problem}");
    assert!(
        problem["invalid_params"][0]["reason"].as_str().unwrap().starts_with("versionen gäller inte 2025-01-01"),
        "{problem}"
    );
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).to_string();
    let (code, problem) = post(&app, &nacka_editor, &path, withdrawal(nacka, &tomorrow, "2026-01-01")).await;
    assert_eq!((code, problem["invalid_params"][0]["name"].as_str()), (422, Some("decided_on")), "{problem}");
    let (code, problem) = post(&app, &leader, &path, withdrawal(ekero, "2025-09-01", "2026-01-01")).await;
    assert_eq!((code, problem["invalid_params"][0]["name"].as_str()), (422, Some("party_id")), "{problem}");
    assert_eq!(app.json(&format!("/api/v1/agreements/{id}")).await["versions"][0]["withdrawals"], json!([]));

    // Nacka's editor withdraws: decided 2025-09-01, it leaves from 2026-01-01.
    let withdrawal_id = created(&app, &nacka_editor, &path, withdrawal(nacka, "2025-09-01", "2026-01-01")).await;
    let recorded = &app.json(&format!("/api/v1/agreements/{id}")).await["versions"][0]["withdrawals"][0];
    assert_eq!((recorded["id"].as_i64(), recorded["party"]["name"].as_str()), (Some(withdrawal_id), Some("Nacka")));
    assert_eq!(
        (recorded["leaves_on"].as_str(), recorded["diary_number"].as_str()),
        (Some("2026-01-01"), Some("KFKS 2025/300"))
    );

    // Until then, three parties are bound; from then, two, and the version stays in force for
    // them from the day it came into force (not "rejected").
    let before = status_of(&app, id, version, "2025-12-31").await;
    assert_eq!(
        (before["state"].as_str(), before["parties"].as_u64(), before["left"].clone()),
        (Some("in_force"), Some(3), json!([]))
    );
    let after = status_of(&app, id, version, "2026-01-01").await;
    assert_eq!(
        (after["state"].as_str(), after["label"].as_str(), after["adopted"].as_u64(), after["parties"].as_u64()),
        (Some("in_force"), Some("Gäller från 2025-01-15"), Some(2), Some(2)),
        "{after}"
    );
    assert_eq!(after["left"], json!([{"party_id": nacka, "leaves_on": "2026-01-01"}]));
    assert_eq!(status_of(&app, id, version, "2025-06-01").await["parties"], 3, "the history as it was");
    let rows = app.json(&format!("/api/v1/agreements/{id}/adoption?at=2026-01-02")).await;
    let row = |party: i64| rows.as_array().unwrap().iter().find(|r| r["party"]["id"] == party).unwrap().clone();
    assert_eq!((row(nacka)["leaves_on"].as_str(), row(solna)["leaves_on"].clone()), (Some("2026-01-01"), Value::Null));

    // The adoption view says who left and when.
    let adoption = app.page(&format!("/overenskommelser/{id}/antagande?at=2025-10-01")).await;
    let nacka_row = party_row(&adoption, "Nacka");
    assert!(
        nacka_row.contains(
            "Sade upp överenskommelsen 2025-09-01 (Kommunfullmäktige, § 12, KFKS 2025/300); lämnar den från 2026-01-01"
        ),
        "{nacka_row}"
    );
    let adoption = app.page(&format!("/overenskommelser/{id}/antagande?at=2026-02-01")).await;
    assert!(
        adoption.contains("<strong>2 av 2 har antagit</strong>; 1 part har sagt upp överenskommelsen och lämnat den."),
        "{adoption}"
    );
    assert!(adoption.contains("<p>Gäller från 2025-01-15.</p>"), "{adoption}");
    let nacka_row = party_row(&adoption, "Nacka");
    assert!(nacka_row.contains("data-outcome=\"left\""), "{nacka_row}");
    assert!(nacka_row.contains("; utträdde 2026-01-01</td>"), "{nacka_row}");
    assert!(party_row(&adoption, "Solna").contains("data-outcome=\"adopted\""));
    // The agreement's history tells it, to those signed in.
    let page = page_as(&app, &leader, &format!("/overenskommelser/{id}")).await;
    let history = page.split("<h2 id=\"historik\">").nth(1).unwrap();
    assert!(history.contains("Uppsägning") && history.contains("Lämnar från"), "{history}");
}

/// The audit trail's length: every write appends to it.
async fn audit(app: &TestApp) -> u64 {
    match app.store.verify_audit_trail().await.unwrap() {
        samverkan_store::AuditCheck::Intact { events } => events,
        broken => panic!("{broken:?}"),
    }
}

/// A party's row of the adoption view, from its `<tr` on.
fn party_row<'a>(html: &'a str, party: &str) -> &'a str {
    html.split("<tr").find(|r| r.contains(&format!(">{party}</a></th>"))).unwrap().split("</tr>").next().unwrap()
}

#[tokio::test]
async fn a_party_editor_withdraws_on_the_form_and_another_party_s_editor_is_refused() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let solna_editor = caller(&app.store, "redaktör Solna", Role::PartyEditor, Some("0184"), None).await;
    let reader = caller(&app.store, "läsare", Role::Reader, None, None).await;
    let (id, version, _, nacka, _, _) = in_force(&app, &leader).await;
    let adoption = format!("/overenskommelser/{id}/antagande");
    let form = format!("{adoption}/uppsagning");

    // The adoption view links to the form for those who may record for a party, while it applies.
    let link = format!("<a href=\"{form}?version={version}\">Registrera uppsägning</a>");
    assert!(page_as(&app, &nacka_editor, &adoption).await.contains(&link));
    assert!(!page_as(&app, &reader, &adoption).await.contains("Registrera uppsägning"));
    assert!(
        !page_as(&app, &nacka_editor, &format!("{adoption}?at=2025-01-01")).await.contains("Registrera uppsägning")
    );

    // Nacka's editor is offered Nacka alone.
    let html = page_as(&app, &nacka_editor, &form).await;
    assert!(html.contains(&format!("<option value=\"{nacka}\" selected>Nacka</option>")), "{html}");
    assert!(!html.contains(">Solna</option>"));
    assert!(html.contains("<legend>När parten lämnar överenskommelsen</legend>"), "{html}");

    let nacka_s = nacka.to_string();
    let mut fields = json!({"party_id": nacka_s, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-09-01",
                            "paragraph": "§ 12", "diary_number": "", "leaves_on": "2024-12-31"});
    let before = audit(&app).await;
    // Solna's editor may not speak for Nacka.
    let refused = submit(&app, &solna_editor, &reqwest::Method::POST, &form, &fields).await;
    assert_eq!(refused.status(), 403);
    // A day before the version applied comes back with its message beside the field, what was
    // typed kept.
    let refused = submit(&app, &nacka_editor, &reqwest::Method::POST, &form, &fields).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains(
            "id=\"f-leaves_on-error\"><span class=\"visually-hidden\">Fel: </span>versionen gäller inte 2024-12-31"
        ),
        "{html}"
    );
    assert!(html.contains("value=\"§ 12\""));
    assert_eq!(audit(&app).await, before, "nothing written");

    // Corrected: saved, back to the adoption view, which says so and shows it.
    fields["leaves_on"] = json!("2026-01-01");
    let saved = submit(&app, &nacka_editor, &reqwest::Method::POST, &form, &fields).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), adoption);
    let cookie =
        saved.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert!(cookie.iter().any(|c| c.starts_with("samverkan_saved=Upps%C3%A4gningen+%C3%A4r+sparad.")), "{cookie:?}");
    assert_eq!(audit(&app).await, before + 1);
    let html = page_as(&app, &nacka_editor, &format!("{adoption}?at=2026-01-05")).await;
    assert!(
        party_row(&html, "Nacka")
            .contains("Sade upp överenskommelsen 2025-09-01 (Kommunfullmäktige, § 12); utträdde 2026-01-01"),
        "{html}"
    );
}
