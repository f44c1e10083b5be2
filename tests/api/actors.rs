//! An area's actor map over HTTP (issue 14): importing a list (a bad one saves nothing and names
//! every bad row; `;` with a BOM and `,` both read; the same list twice changes nothing; the
//! export reads back to the same actors), the map's filters, a new actor and its address, and who
//! may write.

use samverkan_domain::Role;
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, created, send_json};

/// How many events the audit trail holds: every write appends one.
async fn events(app: &TestApp) -> u64 {
    match app.store.verify_audit_trail().await.unwrap() {
        samverkan_store::AuditCheck::Intact { events } => events,
        broken => panic!("{broken:?}"),
    }
}

/// An area of a municipality (by its code) and the municipality's id.
pub async fn area_of(app: &TestApp, code: &str) -> (i64, i64) {
    let areas = app.json("/api/v1/areas").await;
    let area = areas.as_array().unwrap().iter().find(|a| a["municipality_code"] == code).unwrap();
    (area["id"].as_i64().unwrap(), area["municipality"]["id"].as_i64().unwrap())
}

/// Posts a list to an area's import, as `who`; the status and the answer.
pub async fn import(app: &TestApp, who: &Caller, area: i64, csv: &str, dry_run: bool) -> (u16, Value) {
    let query = if dry_run { "?dry_run=true" } else { "" };
    let response = app
        .client
        .post(format!("{}/api/v1/areas/{area}/actors/import{query}", app.base))
        .bearer_auth(who.bearer.as_deref().unwrap())
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

/// The names on an area's map (as the API lists it, with `query`).
async fn names(app: &TestApp, area: i64, query: &str) -> Vec<String> {
    let list = app.json(&format!("/api/v1/areas/{area}/actors{query}")).await;
    list.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect()
}

const SEMICOLONS: &str = "\u{FEFF}Namn;Kategori;Sektor;Status;Adress;Telefon;Webb;E-post;HSA-id;Kontaktfunktion;Senast kontrollerad\r\n\
    Fisksätra vårdcentral;Vårdcentral;Privat;Aktiv;Fisksätra torg 5;08-555 000 00;https://example.se/fisksatra;reception@fisksatra.example.se;SE5566778899-1A2B;Verksamhetschef;2026-01-10\r\n\
    Nacka hemtjänst;Hemtjänst;Kommun;;Granitvägen 15;;;;;Enhetschef;\r\n";

const COMMAS: &str = "Namn,Kategori,Sektor,Adress,Kontaktfunktion\n\
    \"Svenska kyrkan, Nacka\",Trossamfund,civil_society,Kyrkvägen 1,Diakon\n\
    BUP Nacka,BUP,Region,\"Värmdövägen 84, plan 2\",Mottagningschef\n";

#[tokio::test]
async fn a_bad_list_saves_nothing_and_names_every_bad_row() {
    let app = TestApp::spawn().await;
    let (area, _) = area_of(&app, "0182").await;
    let who = caller(&app.store, "samordnare Nacka", Role::AreaCoordinator, None, Some(area as i32)).await;
    let bad = "Namn;Kategori;Sektor;HSA-id;Telefon\n\
        Rätt rad;Vårdcentral;Region;;\n\
        ;Hemtjänst;Kommun;;\n\
        Fel kategori;Tandvård;Kommun;;\n\
        Fel id;Vårdcentral;Region;SE123;abc\n";
    let before = events(&app).await;
    let (status, problem) = import(&app, &who, area, bad, false).await;
    assert_eq!(status, 422, "{problem}");
    let named: Vec<(i64, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["column"].as_str().unwrap().to_owned()))
        .collect();
    let expected: Vec<(i64, String)> = [(3, "Namn"), (4, "Kategori"), (5, "Telefon"), (5, "HSA-id")]
        .iter()
        .map(|(r, c)| (*r, (*c).to_owned()))
        .collect();
    assert_eq!(named, expected, "{problem}");
    let first = &problem["errors"][0]["message"];
    assert_eq!(first, "måste fyllas i", "in Swedish: {problem}");
    assert!(problem["errors"][1]["message"].as_str().unwrap().contains("Tandvård"), "{problem}");
    assert_eq!(problem["invalid_params"][0]["name"], "rad 3, Namn", "{problem}");
    assert_eq!(events(&app).await, before, "nothing is saved");
    assert!(names(&app, area, "").await.is_empty(), "not even the right row");
}

#[tokio::test]
async fn semicolons_with_a_bom_and_commas_both_read_and_the_same_list_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let (area, _) = area_of(&app, "0182").await;
    let editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let (status, dry) = import(&app, &editor, area, SEMICOLONS, true).await;
    assert_eq!((status, dry["dry_run"].as_bool(), dry["created"].as_i64()), (200, Some(true), Some(2)), "{dry}");
    assert!(names(&app, area, "").await.is_empty(), "a dry run saves nothing");

    let (status, done) = import(&app, &editor, area, SEMICOLONS, false).await;
    assert_eq!((status, done["created"].as_i64()), (200, Some(2)), "{done}");
    let (status, done) = import(&app, &editor, area, COMMAS, false).await;
    assert_eq!((status, done["created"].as_i64()), (200, Some(2)), "{done}");
    assert_eq!(
        names(&app, area, "").await,
        ["BUP Nacka", "Fisksätra vårdcentral", "Nacka hemtjänst", "Svenska kyrkan, Nacka"],
        "Swedish order"
    );

    let before = events(&app).await;
    for list in [SEMICOLONS, COMMAS] {
        let (status, again) = import(&app, &editor, area, list, false).await;
        assert_eq!((status, again["created"].as_i64(), again["changed"].as_i64()), (200, Some(0), Some(0)), "{again}");
        assert_eq!(again["unchanged"].as_i64(), Some(2));
    }
    assert_eq!(events(&app).await, before, "the same list again changes nothing");

    // A changed phone is an update of that actor alone, naming the column.
    let changed = SEMICOLONS.replace("08-555 000 00", "08-555 000 99");
    let (_, report) = import(&app, &editor, area, &changed, false).await;
    assert_eq!((report["changed"].as_i64(), report["unchanged"].as_i64()), (Some(1), Some(1)), "{report}");
    assert_eq!(report["rows"][0]["columns"], json!(["Telefon"]));
    assert_eq!(events(&app).await, before + 2, "one update and the import");
}

#[tokio::test]
async fn the_export_reads_back_to_the_same_actors() {
    let app = TestApp::spawn().await;
    let (area, _) = area_of(&app, "0182").await;
    let who = caller(&app.store, "samordnare Nacka", Role::AreaCoordinator, None, Some(area as i32)).await;
    import(&app, &who, area, COMMAS, false).await;
    // An actor added by hand, with every field, and a name a spreadsheet would read as a formula.
    let added = created(
        &app,
        &who,
        &format!("/api/v1/areas/{area}/actors"),
        json!({"name": "=Nacka rehab", "category": "rehabilitation", "sector": "private", "status": "temporarily_closed",
            "address": "Storgatan 3; entré B", "phone": "+46 8 123 45", "web": "https://rehab.example.se",
            "email": "Info@Rehab.Example.se", "hsa_id": "SE1234567890-R1", "contact_role": "Samordnare",
            "verified_on": "2025-11-30"}),
    )
    .await;
    let before = app.json(&format!("/api/v1/areas/{area}/actors")).await;
    let response = app.get(&format!("/api/v1/areas/{area}/actors.csv")).await;
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename="));
    let csv = response.text().await.unwrap();
    assert!(
        csv.starts_with('\u{FEFF}') && csv.contains("'=Nacka rehab;Rehabilitering;Privat;Tillfälligt stängd"),
        "{csv}"
    );
    let events_before = events(&app).await;
    let (status, back) = import(&app, &who, area, &csv, false).await;
    assert_eq!((status, back["unchanged"].as_i64(), back["created"].as_i64()), (200, Some(3), Some(0)), "{back}");
    assert_eq!(events(&app).await, events_before, "nothing to change");
    assert_eq!(app.json(&format!("/api/v1/areas/{area}/actors")).await, before, "the same actors");
    let service = app.json(&format!("/api/v1/services/{added}")).await;
    assert_eq!(
        (service["email"].as_str(), service["name"].as_str()),
        (Some("info@rehab.example.se"), Some("=Nacka rehab"))
    );
}

#[tokio::test]
async fn the_map_filters_by_category_and_sector() {
    let app = TestApp::spawn().await;
    let (area, _) = area_of(&app, "0182").await;
    let who = caller(&app.store, "samordnare Nacka", Role::AreaCoordinator, None, Some(area as i32)).await;
    import(&app, &who, area, SEMICOLONS, false).await;
    import(&app, &who, area, COMMAS, false).await;
    let old = json!({"name": "Gamla föreningen", "category": "local_association", "sector": "civil_society",
        "status": "active", "verified_on": "2020-01-01"});
    created(&app, &who, &format!("/api/v1/areas/{area}/actors"), old).await;
    assert_eq!(names(&app, area, "?category=health_centre").await, ["Fisksätra vårdcentral"]);
    assert_eq!(names(&app, area, "?sector=region").await, ["BUP Nacka"]);
    assert_eq!(names(&app, area, "?sector=private&category=home_care").await, Vec::<String>::new());
    let response = app.get(&format!("/api/v1/areas/{area}/actors?category=tandvard")).await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["invalid_params"][0]["name"], "category", "{problem}");
    // Paged in SQL, with its total.
    let response = app.get(&format!("/api/v1/areas/{area}/actors?limit=1&offset=1")).await;
    assert_eq!(response.headers()["x-total-count"], "5");
    let page: Value = response.json().await.unwrap();
    assert_eq!(page[0]["name"], "Fisksätra vårdcentral");

    // The page: the filter as a GET form, the count per category, only the chosen rows.
    let html = app.page(&format!("/omraden/{area}/aktorer?kategori=&sektor=region")).await;
    assert!(html.contains("<option value=\"region\" selected>Region</option>"), "the filter is kept");
    assert!(html.contains("BUP Nacka") && !html.contains("Nacka hemtjänst</th>"), "only the region's");
    assert!(html.contains("Antal aktörer per kategori, 5 totalt"));
    assert_eq!(app.get(&format!("/omraden/{area}/aktorer?kategori=tandvard")).await.status(), 400);
    // What was checked in 2020 is due; what was imported is checked (today, or on the list's day).
    let due = html.split("id=\"inte-kontrollerade\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(due.contains("Gamla föreningen") && due.contains("senast 2020-01-01"), "{due}");
    assert!(!due.contains("Nacka hemtjänst"), "{due}");
    // The area's page says so in short and links to the map.
    let area_page = app.page(&format!("/omraden/{area}")).await;
    assert!(area_page.contains("5 aktörer:") && area_page.contains(&format!("/omraden/{area}/aktorer")));
    assert!(area_page.contains("1 har inte kontrollerats de senaste 12 månaderna"), "{area_page}");
}

#[tokio::test]
async fn who_may_write_an_areas_map() {
    let app = TestApp::spawn().await;
    let (nacka, _) = area_of(&app, "0182").await;
    let (solna, _) = area_of(&app, "0184").await;
    let coordinator = caller(&app.store, "samordnare Nacka", Role::AreaCoordinator, None, Some(nacka as i32)).await;
    let reader = caller(&app.store, "läsare", Role::Reader, None, None).await;
    let region = caller(&app.store, "redaktör regionen", Role::PartyEditor, Some("01"), None).await;
    let actor =
        json!({"name": "Solna hemtjänst", "category": "home_care", "sector": "municipality", "status": "active"});
    for who in [&coordinator, &reader, &region] {
        let (status, _) =
            send_json(&app, who, reqwest::Method::POST, &format!("/api/v1/areas/{solna}/actors"), actor.clone()).await;
        assert_eq!(status, 403, "{}", who.label);
        assert_eq!(import(&app, who, solna, COMMAS, true).await.0, 403, "{}: not even a dry run", who.label);
    }
    let anonymous = app
        .client
        .post(format!("{}/api/v1/areas/{solna}/actors/import", app.base))
        .header("content-type", "text/csv")
        .body(COMMAS)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    // Their own area's: yes; the address it answers with reads it back, and changes it.
    let (id, location) =
        crate::helpers::created_at(&app, &coordinator, &format!("/api/v1/areas/{nacka}/actors"), actor.clone()).await;
    assert_eq!(location, format!("/api/v1/services/{id}"));
    let service = app.json(&location).await;
    assert_eq!(service["area"]["id"], nacka);
    assert_eq!(service["verified_by"], Value::Null, "who checked it is for signed-in eyes");
    let signed_in: Value = app
        .client
        .get(format!("{}{location}", app.base))
        .bearer_auth(coordinator.bearer.as_deref().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(signed_in["verified_by"], "samordnare.Nacka@example.se".to_lowercase());
    let mut changed = actor.clone();
    changed["status"] = json!("inactive");
    assert_eq!(send_json(&app, &coordinator, reqwest::Method::PUT, &location, changed.clone()).await.0, 200);
    assert_eq!(app.json(&location).await["status"], "inactive");
    assert_eq!(send_json(&app, &region, reqwest::Method::PUT, &location, changed).await.0, 403);
    // Not CSV: told where.
    let response = app
        .client
        .post(format!("{}/api/v1/areas/{nacka}/actors/import", app.base))
        .bearer_auth(coordinator.bearer.as_deref().unwrap())
        .json(&json!({"csv": COMMAS}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["invalid_params"][0]["name"], "Content-Type");
}
