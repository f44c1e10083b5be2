//! The decision memo as a page and as a Word document. (`scripts/memo-check` reads the document
//! back with python-docx; here: what the page says, and when there is no memo to write.)

use samverkan_domain::Role;
use serde_json::json;

use crate::authorisation::caller;
use crate::helpers::{TestApp, created};

#[tokio::test]
async fn a_party_gets_its_own_draft_memo_once_the_agreement_is_recommended_to_it() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let parties = app.json("/api/v1/parties?limit=1000").await;
    let id_of = |code: &str| parties.as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["id"].clone();
    let (nacka, region) = (id_of("0182"), id_of("01"));
    let agreement = created(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({"title": "Ungdomsmottagningar", "kind": "subject_area", "target_groups": ["adults"]}),
    )
    .await;
    let version =
        created(&app, &leader, &format!("/api/v1/agreements/{agreement}/versions"), json!({"number": "2020"})).await;
    let memo = |party: &serde_json::Value| format!("/overenskommelser/{agreement}/tjansteutlatande?part={party}");

    // Not recommended yet: the page says so, and there is no document.
    let page = app.page(&memo(&nacka)).await;
    assert!(page.contains("har ännu inte rekommenderats till den här parten"), "{page}");
    let docx = app.get(&format!("/overenskommelser/{agreement}/tjansteutlatande.docx?part={nacka}")).await;
    assert_eq!(docx.status(), 404);

    created(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/recommendations"),
        json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2020-10-01", "outcome": "recommended"}),
    )
    .await;
    let page = app.page(&memo(&nacka)).await;
    for expected in [
        "Kommunfullmäktige föreslås besluta att anta Ungdomsmottagningar.",
        "Storsthlms styrelse beslutade 2020-10-01 att rekommendera kommunerna i länet att anta överenskommelsen.",
        "<h3>Ekonomiska konsekvenser</h3>",
        "<h3>Barnkonsekvensanalys</h3>",
        "<h3>Beslutet expedieras till</h3>",
        "<li>Storsthlm</li>",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
    // The region's council has had no recommendation: no memo for the region yet.
    assert!(app.page(&memo(&region)).await.contains("har ännu inte rekommenderats"));

    let docx = app.get(&format!("/overenskommelser/{agreement}/tjansteutlatande.docx?part={nacka}")).await;
    assert_eq!(docx.status(), 200);
    let disposition = docx.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.contains(&format!("tjansteutlatande-{agreement}-0182.docx")), "{disposition}");
    assert!(docx.headers()["content-type"].to_str().unwrap().contains("wordprocessingml"));
    assert!(docx.bytes().await.unwrap().starts_with(b"PK"), "a DOCX is a ZIP package");
    assert_eq!(app.get(&format!("/overenskommelser/{agreement}/tjansteutlatande?part=x")).await.status(), 404);
}
