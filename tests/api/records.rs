//! Every record of the structure a create makes can be read at the address the create answered
//! with (`Location`): functions, holdings, persons, memberships, organisations, sub-regions. A
//! missing one "finns inte"; a person's e-mail and phone reach only signed-in callers, as on the
//! person's page.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, created_at, named, send_json};

/// GETs JSON, with the caller's personal token when it has one; asserts a 200.
async fn read(app: &TestApp, who: &Caller, path: &str) -> Value {
    let mut request = app.client.get(format!("{}{path}", app.base));
    if let Some(bearer) = &who.bearer {
        request = request.bearer_auth(bearer);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "GET {path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn each_new_record_is_read_at_the_address_its_create_answered_with() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let anonymous = Caller::ANONYMOUS;
    let nacka = named(&app.json("/api/v1/parties").await, "Nacka")["id"].clone();

    // An organisation of Nacka's.
    let (organisation, address) = created_at(
        &app,
        &leader,
        "/api/v1/organisations",
        json!({"name": "Ektorps vårdcentral", "kind": "health_centre", "party_id": nacka, "valid_from": "2024-01-01"}),
    )
    .await;
    let o = read(&app, &anonymous, &address).await;
    assert_eq!((o["id"].as_i64(), o["name"].as_str()), (Some(organisation), Some("Ektorps vårdcentral")));
    assert_eq!((o["kind"].as_str(), &o["party"]["id"]), (Some("health_centre"), &nacka));
    assert_eq!((o["valid_from"].as_str(), &o["valid_to"]), (Some("2024-01-01"), &Value::Null));
    assert_eq!(o["appointments"], json!([]), "it holds no function yet");

    // A function of Nacka's, held by nobody yet.
    let (function, address) = created_at(
        &app,
        &leader,
        "/api/v1/functions",
        json!({"name": "Samordnare för äldreomsorg", "kind": "other", "party_id": nacka, "valid_from": "2024-01-01"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/functions/{function}"));
    let f = read(&app, &anonymous, &address).await;
    assert_eq!((f["name"].as_str(), &f["party"]["id"]), (Some("Samordnare för äldreomsorg"), &nacka));
    assert_eq!(f["party"]["name"], "Nacka");
    assert_eq!((f["valid_from"].as_str(), &f["holder"]), (Some("2024-01-01"), &Value::Null));

    // Handed over to the organisation, with a new contact person.
    let (holding, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/functions/{function}/handovers"),
        json!({"valid_from": "2024-03-01", "organisation_id": organisation, "person_name": "Karin Ek",
            "person_title": "Verksamhetschef", "person_email": "karin.ek@example.se", "person_phone": "08-718 80 00",
            "basis": "Beslut i socialnämnden"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/holdings/{holding}"));
    let h = read(&app, &anonymous, &address).await;
    assert_eq!((h["id"].as_i64(), h["function_id"].as_i64()), (Some(holding), Some(function)));
    assert_eq!((h["organisation_id"].as_i64(), h["name"].as_str()), (Some(organisation), Some("Ektorps vårdcentral")));
    assert_eq!((h["valid_from"].as_str(), &h["valid_to"]), (Some("2024-03-01"), &Value::Null));
    assert_eq!(h["basis"], "Beslut i socialnämnden");
    assert_eq!(
        (h["person"]["name"].as_str(), h["person"]["title"].as_str()),
        (Some("Karin Ek"), Some("Verksamhetschef"))
    );
    let person = h["person"]["id"].as_i64().unwrap();

    // The function's holder is the one on the date asked for.
    let f = read(&app, &anonymous, &format!("/api/v1/functions/{function}?at=2024-02-29")).await;
    assert_eq!(f["holder"], Value::Null, "before the handover");
    let f = read(&app, &anonymous, &format!("/api/v1/functions/{function}?at=2024-03-01")).await;
    assert_eq!(
        (f["holder"]["organisation_id"].as_i64(), f["holder"]["person"]["name"].as_str()),
        (Some(organisation), Some("Karin Ek"))
    );
    assert_eq!(f["appointments"].as_array().unwrap().len(), 1);
    // And the organisation now holds it.
    let o = read(&app, &anonymous, &format!("/api/v1/organisations/{organisation}")).await;
    assert_eq!(
        (o["appointments"][0]["id"].as_i64(), o["appointments"][0]["function"].as_str()),
        (Some(holding), Some("Samordnare för äldreomsorg"))
    );

    // The person, recorded by the function's party, with the functions they hold.
    let p = read(&app, &anonymous, &format!("/api/v1/persons/{person}")).await;
    assert_eq!(
        (p["id"].as_i64(), p["name"].as_str(), p["title"].as_str()),
        (Some(person), Some("Karin Ek"), Some("Verksamhetschef"))
    );
    assert_eq!(p["party"]["id"], nacka);
    assert_eq!(
        (p["appointments"][0]["id"].as_i64(), p["appointments"][0]["function_id"].as_i64()),
        (Some(holding), Some(function))
    );

    // A sub-region, and a body of it.
    let (sub_region, address) = created_at(
        &app,
        &leader,
        "/api/v1/sub-regions",
        json!({"name": "Sydost", "description": "Nacka och grannarna", "valid_from": "2025-01-01"}),
    )
    .await;
    let r = read(&app, &anonymous, &address).await;
    assert_eq!(
        (r["id"].as_i64(), r["name"].as_str(), r["description"].as_str()),
        (Some(sub_region), Some("Sydost"), Some("Nacka och grannarna"))
    );
    assert_eq!(
        (r["valid_from"].as_str(), &r["valid_to"], &r["bodies"]),
        (Some("2025-01-01"), &Value::Null, &json!([]))
    );
    let (body, _) = created_at(
        &app,
        &leader,
        "/api/v1/bodies",
        json!({"name": "Delregionala gruppen Sydost", "level": "sub_regional", "kind": "other",
            "sub_region_id": sub_region, "valid_from": "2025-01-01"}),
    )
    .await;
    let r = read(&app, &anonymous, &format!("/api/v1/sub-regions/{sub_region}")).await;
    assert_eq!(r["bodies"][0]["id"].as_i64(), Some(body));
    let r = read(&app, &anonymous, &format!("/api/v1/sub-regions/{sub_region}?at=2024-12-31")).await;
    assert_eq!(r["bodies"], json!([]), "the body is not there before it started");

    // The function a member of the body.
    let (membership, address) = created_at(
        &app,
        &leader,
        &format!("/api/v1/bodies/{body}/memberships"),
        json!({"function_id": function, "role": "convener", "valid_from": "2025-01-01"}),
    )
    .await;
    assert_eq!(address, format!("/api/v1/memberships/{membership}"));
    let m = read(&app, &anonymous, &address).await;
    assert_eq!((m["id"].as_i64(), m["body"]["id"].as_i64()), (Some(membership), Some(body)));
    assert_eq!(m["body"]["name"], "Delregionala gruppen Sydost");
    assert_eq!((m["function"]["id"].as_i64(), m["role"].as_str()), (Some(function), Some("convener")));
    assert_eq!((m["valid_from"].as_str(), &m["valid_to"]), (Some("2025-01-01"), &Value::Null));
    assert_eq!(m["holder"]["person"]["name"], "Karin Ek");
    let m = read(&app, &anonymous, &format!("{address}?at=2024-01-15")).await;
    assert_eq!(m["holder"], Value::Null, "nobody held the function then");
    // Its end is written at the same address, and read there.
    let (status, _) =
        send_json(&app, &leader, reqwest::Method::PATCH, &address, json!({"valid_to": "2025-12-31"})).await;
    assert_eq!(status, 200);
    assert_eq!(read(&app, &anonymous, &address).await["valid_to"], "2025-12-31");
}

#[tokio::test]
async fn a_sub_region_reads_as_the_list_says_on_the_same_date() {
    let app = TestApp::spawn().await;
    let list = app.json("/api/v1/sub-regions?at=2023-06-01").await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    for listed in list.as_array().unwrap() {
        let one = app.json(&format!("/api/v1/sub-regions/{}?at=2023-06-01", listed["id"])).await;
        assert_eq!((&one["name"], &one["members"]), (&listed["name"], &listed["members"]));
        assert!(!one["members"].as_array().unwrap().is_empty(), "{}: its members", one["name"]);
    }
    // No source says when the groupings began: the start is unknown (null), and on an earlier
    // date the one reads as the list does.
    let region = named(&list, "Södertörn")["id"].clone();
    let before = app.json(&format!("/api/v1/sub-regions/{region}?at=2021-12-31")).await;
    let listed = app.json("/api/v1/sub-regions?at=2021-12-31").await;
    assert_eq!(before["valid_from"], json!(null));
    assert_eq!(before["members"], named(&listed, "Södertörn")["members"]);
}

#[tokio::test]
async fn contact_details_only_to_signed_in_callers_as_on_the_person_page() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let reader = caller(&app.store, "läsare", Role::Reader, None, None).await;
    let nacka = named(&app.json("/api/v1/parties").await, "Nacka")["id"].clone();
    let (organisation, _) = created_at(
        &app,
        &leader,
        "/api/v1/organisations",
        json!({"name": "Ektorps vårdcentral", "kind": "health_centre", "party_id": nacka, "valid_from": "2024-01-01"}),
    )
    .await;
    let (function, _) = created_at(
        &app,
        &leader,
        "/api/v1/functions",
        json!({"name": "Kontaktperson för HÖK", "kind": "other", "party_id": nacka, "valid_from": "2024-01-01"}),
    )
    .await;
    let (_, holding) = created_at(
        &app,
        &leader,
        &format!("/api/v1/functions/{function}/handovers"),
        json!({"valid_from": "2024-03-01", "organisation_id": organisation, "person_name": "Karin Ek",
            "person_email": "karin.ek@example.se", "person_phone": "08-718 80 00"}),
    )
    .await;
    let person = read(&app, &Caller::ANONYMOUS, &holding).await["person"]["id"].clone();
    // The person, and where the person is shown with a holding (as `prefix`).
    let addresses = [
        (format!("/api/v1/persons/{person}"), ""),
        (holding.clone(), "/person"),
        (format!("/api/v1/organisations/{organisation}"), "/appointments/0/person"),
        (format!("/api/v1/functions/{function}"), "/holder/person"),
    ];
    for (address, prefix) in &addresses {
        let pointer = |field: &str| format!("{prefix}/{field}");
        let public = read(&app, &Caller::ANONYMOUS, address).await;
        assert_eq!(public.pointer(&pointer("name")), Some(&json!("Karin Ek")), "{address}: {public}");
        assert_eq!(public.pointer(&pointer("email")), Some(&Value::Null), "{address}: no e-mail to the public");
        assert_eq!(public.pointer(&pointer("phone")), Some(&Value::Null), "{address}: no phone to the public");
        let signed_in = read(&app, &reader, address).await;
        assert_eq!(signed_in.pointer(&pointer("email")), Some(&json!("karin.ek@example.se")), "{address}");
        assert_eq!(signed_in.pointer(&pointer("phone")), Some(&json!("08-718 80 00")), "{address}");
    }
    // An answer with contact details is kept by no cache.
    let response = app
        .client
        .get(format!("{}/api/v1/persons/{person}", app.base))
        .bearer_auth(reader.bearer.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    // The person's page says the same to anonymous visitors.
    let page = app.page(&format!("/personer/{person}")).await;
    assert!(page.contains("Karin Ek") && !page.contains("karin.ek@example.se"));
}

#[tokio::test]
async fn a_missing_record_finns_inte_at_each_address() {
    let app = TestApp::spawn().await;
    for collection in ["functions", "holdings", "persons", "memberships", "organisations", "sub-regions"] {
        let path = format!("/api/v1/{collection}/999999");
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{path}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!((problem["status"].as_u64(), problem["title"].as_str()), (Some(404), Some("Finns inte")), "{path}");
        // An id that is not a number is no address either (as everywhere: `parse_id`).
        assert_eq!(app.get(&format!("/api/v1/{collection}/inte-ett-id")).await.status(), 404, "{collection}");
    }
}

#[tokio::test]
async fn the_description_has_each_read_beside_its_write() {
    let app = TestApp::spawn().await;
    let doc = app.json("/api/openapi.json").await;
    for (path, write, dated) in [
        ("/api/v1/functions/{id}", "put", true),
        ("/api/v1/holdings/{id}", "", false),
        ("/api/v1/persons/{id}", "put", false),
        ("/api/v1/memberships/{id}", "patch", true),
        ("/api/v1/organisations/{id}", "put", false),
        ("/api/v1/sub-regions/{id}", "put", true),
    ] {
        let get = &doc["paths"][path]["get"];
        assert!(get["responses"]["200"].is_object() && get["responses"]["404"].is_object(), "{path}: {get}");
        let params: Vec<&str> =
            get["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(params.contains(&"at"), dated, "{path} documents ?at= when its answer depends on the date");
        if !write.is_empty() {
            assert!(doc["paths"][path][write]["security"].is_array(), "{path}: {write} is still described");
        }
    }
}
