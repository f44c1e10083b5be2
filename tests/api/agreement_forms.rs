//! An agreement's whole process from the pages (issue 13, item 1), over real HTTP: a process
//! leader registers an agreement, changes it, adds a version with its text and a relation, sends
//! it on consultation to chosen recipients, extends the deadline and records a recommendation
//! (which, dated before the deadline, asks to confirm); a party's editor answers with an
//! attachment and records its decision with the minutes' extract and the deciding body chosen
//! from the register. Each step is checked where a user would look: the pages.

use samverkan_domain::Role;
use samverkan_store::Page;
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, cookie_value, location, page_as, submit};

async fn get_status(app: &TestApp, who: &Caller, path: &str) -> u16 {
    let mut request = app.client.get(format!("{}{path}", app.base));
    if let Some(session) = &who.session {
        request = request.header("cookie", format!("samverkan_session={session}"));
    }
    request.send().await.unwrap().status().as_u16()
}

/// Posts a form (multipart when `file` is given) and answers its status, where it leads, the
/// saved message it sets and its page.
async fn post(app: &TestApp, who: &Caller, path: &str, body: Value) -> (u16, String, Option<String>, String) {
    let response = submit(app, who, &reqwest::Method::POST, path, &body).await;
    let status = response.status().as_u16();
    let to = if status == 303 { location(&response) } else { String::new() };
    // The message is sent form-encoded.
    let saved = cookie_value(&response, "samverkan_saved").and_then(|raw| {
        let url = reqwest::Url::parse(&format!("http://x/?m={raw}")).ok()?;
        url.query_pairs().next().map(|(_, v)| v.into_owned())
    });
    (status, to, saved, response.text().await.unwrap())
}

/// The message beside a field of a form that came back.
fn error_of<'a>(html: &'a str, field: &str) -> &'a str {
    let after =
        html.split(&format!("id=\"f-{field}-error\">")).nth(1).unwrap_or_else(|| panic!("no error on {field}: {html}"));
    after.split("</p>").next().unwrap()
}

/// The id at the end of a page's address (before any `#` or `?`).
fn id_in(address: &str) -> i32 {
    let path = address.split(['#', '?']).next().unwrap();
    path.rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_process_leader_takes_an_agreement_from_registration_to_recommendation_on_the_pages() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let parties = app.store.parties(samverkan_web::today(), Page::ALL).await.unwrap().items;
    let id_of = |code: &str| parties.iter().find(|p| p.code == code).unwrap().id;
    let (nacka, solna, region) = (id_of("0182"), id_of("0184"), id_of("01"));

    // Only a process leader is offered (and given) the registration form.
    let link = "<a href=\"/overenskommelser/ny\">Registrera en överenskommelse</a>";
    assert!(page_as(&app, &leader, "/overenskommelser").await.contains(link));
    assert!(!page_as(&app, &editor, "/overenskommelser").await.contains(link));
    assert_eq!(get_status(&app, &editor, "/overenskommelser/ny").await, 403);
    assert_eq!(get_status(&app, &Caller::ANONYMOUS, "/overenskommelser/ny").await, 401);
    assert_eq!(
        post(
            &app,
            &editor,
            "/overenskommelser/ny",
            json!({"title": "X", "kind": "routine", "target_groups": ["adults"]})
        )
        .await
        .0,
        403
    );

    // Without a title and a target group: back, each named; nothing registered.
    let before = app.store.agreements(samverkan_web::today()).await.unwrap().len();
    let (status, _, _, html) = post(&app, &leader, "/overenskommelser/ny", json!({"kind": "subject_area"})).await;
    assert_eq!(status, 422);
    assert!(error_of(&html, "title").contains("måste fyllas i"), "{html}");
    assert!(error_of(&html, "target_groups").contains("målgrupp"), "{html}");
    assert_eq!(app.store.agreements(samverkan_web::today()).await.unwrap().len(), before);

    // Registered with its lists: the page shows them.
    let entry = json!({
        "title": "Samverkan kring hjälpmedel",
        "short_name": "Hjälpmedel",
        "kind": "subject_area",
        "target_groups": ["elderly", "adults"],
        "implementation_models": ["local_action_plans"],
        "parties": [nacka.to_string(), solna.to_string(), region.to_string()],
    });
    let (status, to, saved, _) = post(&app, &leader, "/overenskommelser/ny", entry.clone()).await;
    assert_eq!(status, 303);
    assert_eq!(saved.as_deref(), Some("Överenskommelsen är registrerad."));
    let id = id_in(&to);
    let page = page_as(&app, &leader, &to).await;
    assert!(page.contains("<h1>Samverkan kring hjälpmedel</h1>"), "{page}");
    assert!(page.contains("<dd>Äldre, Vuxna</dd>") || page.contains("Vuxna, Äldre"), "{page}");
    assert!(page.contains("Lokala handlingsplaner"), "{page}");

    // The edit form shows the entry as saved; a change is saved and shown.
    let form = page_as(&app, &leader, &format!("/overenskommelser/{id}/andra")).await;
    assert!(form.contains("value=\"Samverkan kring hjälpmedel\""), "{form}");
    assert!(form.contains("name=\"target_groups\" value=\"elderly\" checked"), "{form}");
    assert!(form.contains(&format!("name=\"parties\" value=\"{region}\" checked")), "{form}");
    assert!(
        !form.contains(&format!("name=\"parties\" value=\"{}\" checked", id_of("0180"))),
        "Stockholm is not listed"
    );
    let mut changed = entry.clone();
    changed["title"] = json!("Samverkan kring hjälpmedel i hemmet");
    let (status, _, saved, _) = post(&app, &leader, &format!("/overenskommelser/{id}/andra"), changed).await;
    assert_eq!((status, saved.as_deref()), (303, Some("Ändringarna är sparade.")));
    assert!(
        page_as(&app, &leader, &format!("/overenskommelser/{id}"))
            .await
            .contains("<h1>Samverkan kring hjälpmedel i hemmet</h1>")
    );

    // A version with its text (multipart): the version's documents list the file.
    let (status, to, saved, _) = post(
        &app,
        &leader,
        &format!("/overenskommelser/{id}/ny-version"),
        json!({"number": "1.0", "date": "2026-01-05", "earliest_start": "2026-07-01", "file": "Hjälpmedel 1.0.pdf"}),
    )
    .await;
    assert_eq!((status, saved.as_deref()), (303, Some("Versionen och dess text är sparade.")));
    let version = to.split("#version-").nth(1).unwrap().parse::<i32>().unwrap();
    let page = page_as(&app, &leader, &format!("/overenskommelser/{id}")).await;
    assert!(page.contains("<h3 id=\"version-") && page.contains("Version 1.0"), "{page}");
    assert!(page.contains("Hjälpmedel 1.0.pdf"), "the text is listed: {page}");
    assert!(page.contains(&format!("remiss/skicka?version={version}\">Skicka version 1.0 på remiss</a>")), "{page}");

    // A relation: shown on both agreements.
    let hok = app
        .store
        .agreements(samverkan_web::today())
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.short_name.as_deref() == Some("HÖK"))
        .unwrap();
    let (status, _, _, _) = post(
        &app,
        &leader,
        &format!("/overenskommelser/{id}/ny-relation"),
        json!({"kind": "add_on_to", "related_id": hok.id.to_string()}),
    )
    .await;
    assert_eq!(status, 303);
    assert!(
        page_as(&app, &leader, &format!("/overenskommelser/{}", hok.id))
            .await
            .contains("Samverkan kring hjälpmedel i hemmet")
    );

    // Sent on consultation to Nacka and Solna only: the matrix has their two rows.
    let send = format!("/overenskommelser/{id}/remiss/skicka?version={version}");
    let form = page_as(&app, &leader, &send).await;
    assert!(
        form.contains(&format!("name=\"recipients\" value=\"{region}\" checked")),
        "all parties by default: {form}"
    );
    let (status, _, _, _) = post(
        &app,
        &leader,
        &send,
        json!({"sent_on": "2026-01-10", "deadline": "2026-03-01", "recipients": [nacka.to_string(), solna.to_string()]}),
    )
    .await;
    assert_eq!(status, 303);
    let matrix = page_as(&app, &leader, &format!("/overenskommelser/{id}/remiss?version={version}")).await;
    assert!(matrix.contains("<strong>0 av 2</strong>"), "{matrix}");
    // The timeline counts the recipients (not the three parties that must adopt); HÖK's, sent
    // to the 26 municipalities, likewise.
    assert!(page_as(&app, &leader, &format!("/overenskommelser/{id}")).await.contains("Till 2 parter."));
    assert!(page_as(&app, &leader, &format!("/overenskommelser/{}", hok.id)).await.contains("Till 26 parter."));
    // Sent already: the form leads to the matrix; a second consultation is refused, named.
    assert_eq!(get_status(&app, &leader, &send).await, 303);
    let (status, _, _, html) = post(&app, &leader, &send, json!({"sent_on": "2026-01-11"})).await;
    assert_eq!(status, 422);
    assert!(html.contains("versionen har redan en remiss"), "{html}");

    // The deadline moves later only.
    let deadline = format!("/overenskommelser/{id}/remiss/svarsdag?version={version}");
    assert!(page_as(&app, &leader, &deadline).await.contains("value=\"2026-03-01\""));
    let (status, _, _, html) = post(&app, &leader, &deadline, json!({"deadline": "2026-02-15"})).await;
    assert_eq!(status, 422);
    assert!(error_of(&html, "deadline").contains("2026-03-01"), "{html}");
    let (status, _, saved, _) = post(&app, &leader, &deadline, json!({"deadline": "2026-03-15"})).await;
    assert_eq!((status, saved.as_deref()), (303, Some("Den nya sista svarsdagen är sparad.")));
    let matrix = page_as(&app, &leader, &format!("/overenskommelser/{id}/remiss?version={version}")).await;
    assert!(matrix.contains("<dt>Sista svarsdag</dt><dd>2026-03-15</dd>"), "{matrix}");

    // A recommendation before the deadline asks to confirm, then is saved; after it, it is not asked.
    let recommend = format!("/overenskommelser/{id}/antagande/rekommendation?version={version}");
    let body = json!({"body_id": "", "body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2026-03-10", "outcome": "recommended"});
    let (status, _, _, html) = post(&app, &leader, &recommend, body.clone()).await;
    assert_eq!(status, 422);
    assert!(error_of(&html, "confirm").contains("2026-03-15"), "{html}");
    let mut confirmed = body.clone();
    confirmed["confirm"] = json!("ja");
    let (status, to, saved, _) = post(&app, &leader, &recommend, confirmed).await;
    assert_eq!((status, saved.as_deref()), (303, Some("Rekommendationen är sparad.")));
    assert_eq!(to, format!("/overenskommelser/{id}/antagande?version={version}"));
    let mut later = body;
    later["decided_on"] = json!("2026-04-01");
    later["addressed_to"] = json!("region");
    later["body_name"] = json!("Hälso- och sjukvårdsnämnden");
    assert_eq!(post(&app, &leader, &recommend, later).await.0, 303);
    let page = page_as(&app, &leader, &format!("/overenskommelser/{id}")).await;
    assert!(page.contains("Storsthlms styrelse") && page.contains("Hälso- och sjukvårdsnämnden"), "{page}");
    assert!(page.contains("Svarstiden förlängd"), "the history tells of the deadline: {page}");
}

#[tokio::test]
async fn a_party_editor_answers_with_an_attachment_and_decides_with_the_minutes() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let id = crate::helpers::created(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({"title": "Samverkan kring hjälpmedel", "kind": "subject_area", "target_groups": ["elderly"]}),
    )
    .await;
    let version =
        crate::helpers::created(&app, &leader, &format!("/api/v1/agreements/{id}/versions"), json!({"number": "1"}))
            .await;
    crate::helpers::created(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/consultation"),
        json!({"sent_on": "2026-01-10", "deadline": "2026-03-01"}),
    )
    .await;
    let nacka = app
        .store
        .parties(samverkan_web::today(), Page::ALL)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|p| p.code == "0182")
        .unwrap()
        .id;

    // The answer with its attachment: the matrix links the file in Nacka's row.
    let answer = format!("/overenskommelser/{id}/remiss/svar");
    let form = page_as(&app, &editor, &answer).await;
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains("type=\"file\""), "{form}");
    let body = json!({"party_id": nacka.to_string(), "answered_on": "2026-02-20", "stance": "agrees", "file": "Remissvar Nacka.pdf"});
    let (status, _, saved, _) = post(&app, &editor, &answer, body).await;
    assert_eq!((status, saved.as_deref()), (303, Some("Remissvaret och bilagan är sparade.")));
    let matrix = page_as(&app, &editor, &format!("/overenskommelser/{id}/remiss")).await;
    let row = matrix.split("<tr").find(|r| r.contains(">Nacka<")).unwrap();
    assert!(row.contains("Remissvar Nacka.pdf"), "{row}");

    // A file that is no document is refused with the other fields, and nothing is saved.
    let events = app.store.verify_audit_trail().await.unwrap();
    let response = app
        .client
        .post(format!("{}{answer}", app.base))
        .header("cookie", format!("samverkan_session={}", editor.session.as_deref().unwrap()))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf", editor.csrf.clone())
                .text("party_id", nacka.to_string())
                .text("stance", "agrees")
                .text("confirm", "ja")
                .part("file", reqwest::multipart::Part::bytes(b"not a document".to_vec()).file_name("svar.pdf")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(error_of(&html, "file").contains("PDF"), "{html}");
    assert!(error_of(&html, "answered_on").contains("måste fyllas i"), "{html}");
    assert_eq!(app.store.verify_audit_trail().await.unwrap(), events, "nothing saved");

    // A changed answer sent with a file but not confirmed comes back saying the file must be
    // chosen again (a browser does not keep it).
    let body = json!({"party_id": nacka.to_string(), "answered_on": "2026-02-22", "stance": "agrees", "file": "Remissvar 2.pdf"});
    let (status, _, _, html) = post(&app, &editor, &answer, body).await;
    assert_eq!(status, 422);
    assert!(error_of(&html, "file").contains("Välj filen igen"), "{html}");
    assert!(error_of(&html, "confirm").contains("har redan svarat"), "{html}");

    // The decision: the deciding body chosen from the register (Nacka's council), with the minutes.
    let decision = format!("/overenskommelser/{id}/antagande/beslut");
    let form = page_as(&app, &editor, &decision).await;
    let council = form
        .split("<select id=\"f-deciding_body_id\"")
        .nth(1)
        .unwrap()
        .split("<option value=\"")
        .nth(2)
        .map(|o| o.split('"').next().unwrap().to_owned())
        .unwrap_or_else(|| panic!("a council to choose: {form}"));
    assert!(form.contains("Kommunfullmäktige, Nacka"), "{form}");
    assert!(!form.contains("Kommunfullmäktige, Solna"), "only Nacka's own: {form}");
    let body = json!({"party_id": nacka.to_string(), "deciding_body_id": council, "deciding_body": "", "decided_on": "2026-04-20", "paragraph": "§ 12", "outcome": "adopted", "file": "Protokollsutdrag KF.pdf"});
    let (status, _, saved, html) = post(&app, &editor, &decision, body).await;
    assert_eq!((status, saved.as_deref()), (303, Some("Beslutet och protokollsutdraget är sparade.")), "{html}");
    let adoption = page_as(&app, &editor, &format!("/overenskommelser/{id}/antagande")).await;
    let row = adoption.split("<tr").find(|r| r.contains(">Nacka<")).unwrap();
    assert!(row.contains("Kommunfullmäktige, Nacka"), "the register's name: {row}");
    assert!(row.contains("Protokollsutdrag KF.pdf"), "{row}");

    // A new decision would replace the standing one: the form shows it and asks to confirm.
    let form = page_as(&app, &editor, &decision).await;
    assert!(form.contains("Nacka har redan beslutat (Kommunfullmäktige, Nacka, 2026-04-20"), "{form}");
    let body = json!({"party_id": nacka.to_string(), "deciding_body": "Kommunfullmäktige", "decided_on": "2026-05-20", "outcome": "rejected"});
    let (status, _, _, html) = post(&app, &editor, &decision, body).await;
    assert_eq!(status, 422);
    assert!(error_of(&html, "confirm").contains("Ett nytt beslut ersätter det"), "{html}");
}
