//! The actor map's forms as a coordinator uses them (issue 14): importing a list (a bad file
//! names every bad row and saves nothing; a good one shows what would happen, and saving it is a
//! second step), adding an actor and changing it.

use samverkan_domain::Role;
use serde_json::json;

use crate::actors::area_of;
use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, location, page_as, submit};

/// Sends a file in an import form, as `who` (a session and its CSRF token).
async fn send_file(app: &TestApp, who: &Caller, path: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf", who.csrf.clone())
        .part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()));
    app.client
        .post(format!("{}{path}", app.base))
        .header("cookie", format!("samverkan_session={}", who.session.as_deref().unwrap()))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// A hidden field's value in a page, its HTML escapes undone.
fn hidden(html: &str, name: &str) -> String {
    let raw = html.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap();
    raw.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn a_coordinator_imports_a_list_in_two_steps_after_a_bad_one() {
    let app = TestApp::spawn().await;
    let (area, _) = area_of(&app, "0182").await;
    let who = caller(&app.store, "samordnare Nacka", Role::AreaCoordinator, None, Some(area as i32)).await;
    let path = format!("/omraden/{area}/aktorer/import");
    let form = page_as(&app, &who, &path).await;
    assert!(form.contains("type=\"file\" id=\"f-file\" name=\"file\" accept=\".csv,text/csv\""), "{form}");
    assert_eq!(app.get(&path).await.status(), 401, "signed in only");

    let bad = "Namn;Kategori;Sektor\r\nNacka hemtjänst;Hemtjänst;Kommun\r\nKyrkan;Kyrka;Civilsamhälle\r\n;Vårdcentral;Region\r\n";
    let response = send_file(&app, &who, &path, "aktorer.csv", bad.as_bytes()).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("<title>Fel: "), "the title says so");
    assert!(page.contains("Filen har 2 fel. Ingenting är sparat."), "{page}");
    let table = page.split("(rubrikraden är rad 1)</caption>").nth(1).unwrap();
    assert!(table.contains("<th scope=\"row\">3</th><td>Kategori</td><td>okänd kategori &#34;Kyrka&#34;"), "{table}");
    assert!(table.contains("<th scope=\"row\">4</th><td>Namn</td><td>måste fyllas i</td>"), "{table}");
    assert!(!page.contains("Spara importen"), "nothing to save from a bad file");

    let good = "\u{FEFF}Namn;Kategori;Sektor;Adress\r\nNacka hemtjänst;Hemtjänst;Kommun;Granitvägen 15\r\n\"Kyrkan \"\"S:t Olof\"\"\";Trossamfund;Civilsamhälle;Kyrkvägen 1\r\n";
    let response = send_file(&app, &who, &path, "aktorer.csv", good.as_bytes()).await;
    assert_eq!(response.status(), 200);
    let preview = response.text().await.unwrap();
    assert!(preview.contains("2 nya, 0 ändrade och 0 oförändrade aktörer."), "{preview}");
    assert!(preview.contains("Läggs till") && preview.contains("Spara importen"));
    let map = format!("/omraden/{area}/aktorer");
    assert!(!page_as(&app, &who, &map).await.contains("Granitvägen 15"), "a dry run saves nothing");

    // Saving sends what the page carries: the file's text, read again.
    let csv = hidden(&preview, "csv");
    assert!(csv.contains("\"Kyrkan \"\"S:t Olof\"\"\""), "{csv}");
    let response = submit(&app, &who, &reqwest::Method::POST, &path, &json!({"csv": csv})).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), map);
    let html = page_as(&app, &who, &map).await;
    assert!(html.contains("Granitvägen 15") && html.contains("Kyrkan &#34;S:t Olof&#34;"), "{html}");

    // The same file again: nothing to save.
    let response = send_file(&app, &who, &path, "aktorer.csv", good.as_bytes()).await;
    let again = response.text().await.unwrap();
    assert!(again.contains("0 nya, 0 ändrade och 2 oförändrade aktörer.") && again.contains("Ingenting att spara"));
    // No file: told so beside the field.
    let response = submit(&app, &who, &reqwest::Method::POST, &path, &json!({})).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("id=\"f-file-error\""));
}

#[tokio::test]
async fn a_coordinator_adds_an_actor_and_changes_it() {
    let app = TestApp::spawn().await;
    let (area, _) = area_of(&app, "0182").await;
    let who = caller(&app.store, "samordnare Nacka", Role::AreaCoordinator, None, Some(area as i32)).await;
    let new = format!("/omraden/{area}/aktorer/ny");
    let form = page_as(&app, &who, &new).await;
    assert!(form.contains("<legend>Kontakt</legend>") && form.contains("name=\"areas\""), "{form}");
    let fields = json!({"name": "Nacka rehab", "category": "rehabilitation", "sector": "private", "status": "active",
        "contact_role": "Samordnare", "email": "rehab@example.se", "hsa_id": "SE12345"});
    let response = submit(&app, &who, &reqwest::Method::POST, &new, &fields).await;
    assert_eq!(response.status(), 422, "the HSA-id's shape");
    let page = response.text().await.unwrap();
    assert!(page.contains("id=\"f-hsa_id-error\"") && page.contains("inget HSA-id"), "{page}");
    let mut fields = fields;
    fields["hsa_id"] = json!("SE1234567890-RH1");
    let response = submit(&app, &who, &reqwest::Method::POST, &new, &fields).await;
    assert_eq!(response.status(), 303);
    let map = page_as(&app, &who, &format!("/omraden/{area}/aktorer")).await;
    assert!(map.contains("Nacka rehab") && map.contains("SE1234567890-RH1"));
    assert!(map.contains("av samordnare.nacka@example.se"), "who checked it, for signed-in eyes");
    assert!(!app.page(&format!("/omraden/{area}/aktorer")).await.contains("samordnare.nacka@example.se"));

    let edit = map.split("href=\"/tjanster/").nth(1).unwrap().split('"').next().unwrap();
    let edit = format!("/tjanster/{edit}");
    let form = page_as(&app, &who, &edit).await;
    assert!(form.contains("value=\"Nacka rehab\"") && form.contains("value=\"SE1234567890-RH1\""), "filled in");
    fields["status"] = json!("temporarily_closed");
    let response = submit(&app, &who, &reqwest::Method::POST, &edit, &fields).await;
    assert_eq!(response.status(), 303);
    assert!(page_as(&app, &who, &format!("/omraden/{area}/aktorer")).await.contains("Tillfälligt stängd"));
    // The organisation the map recorded for it is the area's: its coordinator may rename it.
    let id = edit.trim_start_matches("/tjanster/").trim_end_matches("/andra");
    let organisation = app.json(&format!("/api/v1/services/{id}")).await["organisation"]["id"].as_i64().unwrap();
    let page = page_as(&app, &who, &format!("/organisationer/{organisation}")).await;
    assert!(page.contains(&format!("/organisationer/{organisation}/andra")), "an edit link");
    page_as(&app, &who, &format!("/organisationer/{organisation}/andra")).await;
    // Another area's coordinator sees no form.
    let (solna, _) = area_of(&app, "0184").await;
    let other = caller(&app.store, "samordnare Solna", Role::AreaCoordinator, None, Some(solna as i32)).await;
    let response = app
        .client
        .get(format!("{}{edit}", app.base))
        .header("cookie", format!("samverkan_session={}", other.session.as_deref().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}
