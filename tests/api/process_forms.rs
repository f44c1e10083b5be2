//! A party records its consultation answer, its decision and its preparatory handling through
//! the pages' forms, over real HTTP with a session cookie and the form's CSRF field: only the
//! parties the user may speak for are offered, a wrong field comes back (422) with its message
//! beside it and what was typed kept, and what is saved shows on the consultation matrix and the
//! adoption view. Another party's editor is refused and nothing is written.

use samverkan_domain::{Grant, Input, Role};
use samverkan_store::{Actor, AuditCheck, Page};
use serde_json::json;

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, location};

/// An agreement with one version, sent on consultation to every party on 2025-01-10 with
/// 2025-03-01 as the last day to answer, and a second agreement whose version has none.
struct Agreement {
    id: i32,
    version: i32,
    without_consultation: i32,
    nacka: i32,
    solna: i32,
}

async fn agreement(app: &TestApp) -> Agreement {
    let store = &app.store;
    let admin = Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
    let input = |v: serde_json::Value| Input::from_json(v).unwrap();
    let new = |title: &str| input(json!({"title": title, "kind": "subject_area", "target_groups": ["elderly"]}));
    let id = store.create_agreement(&admin, new("Samverkan vid utskrivning")).await.unwrap();
    let version = store.add_version(&admin, id, input(json!({"number": "2025"}))).await.unwrap();
    store
        .start_consultation(&admin, version, input(json!({"sent_on": "2025-01-10", "deadline": "2025-03-01"})))
        .await
        .unwrap();
    let without_consultation = store.create_agreement(&admin, new("Hjälpmedel")).await.unwrap();
    store.add_version(&admin, without_consultation, input(json!({"number": "1"}))).await.unwrap();
    let parties = store.parties(samverkan_web::today(), Page::ALL).await.unwrap().items;
    let id_of = |code: &str| parties.iter().find(|p| p.code == code).unwrap().id;
    Agreement { id, version, without_consultation, nacka: id_of("0182"), solna: id_of("0184") }
}

/// A GET as `who` (anonymous without a session).
async fn get(app: &TestApp, who: &Caller, path: &str) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.base));
    if let Some(session) = &who.session {
        request = request.header("cookie", format!("samverkan_session={session}"));
    }
    request.send().await.unwrap()
}

/// A page as `who` sees it (200 expected).
async fn page(app: &TestApp, who: &Caller, path: &str) -> String {
    let response = get(app, who, path).await;
    assert_eq!(response.status(), 200, "GET {path} as {}", who.label);
    response.text().await.unwrap()
}

/// Sends a form as `who`, with the session's CSRF token as the page's form carries it.
async fn send(app: &TestApp, who: &Caller, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut all = fields.to_vec();
    all.push(("csrf", &who.csrf));
    send_without_csrf(app, who, path, &all).await
}

async fn send_without_csrf(app: &TestApp, who: &Caller, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let session = who.session.as_deref().unwrap();
    let request =
        app.client.post(format!("{}{path}", app.base)).header("cookie", format!("samverkan_session={session}"));
    request.form(fields).send().await.unwrap()
}

/// The options of the form's party list, as (value, label).
fn party_options(html: &str) -> Vec<(String, String)> {
    let select = html.split("<select id=\"f-party_id\"").nth(1).unwrap().split("</select>").next().unwrap();
    select
        .split("<option value=\"")
        .skip(1)
        .map(|o| {
            let (value, rest) = o.split_once('"').unwrap();
            let label = rest.split_once('>').unwrap().1.split("</option>").next().unwrap();
            (value.to_owned(), label.to_owned())
        })
        .filter(|(value, _)| !value.is_empty())
        .collect()
}

/// A party's row of the matrix or the adoption view.
fn row<'a>(html: &'a str, party: &str) -> &'a str {
    html.split("<tr").find(|r| r.contains(&format!(">{party}</a></th>"))).unwrap().split("</tr>").next().unwrap()
}

/// The audit trail's length: every write appends to it.
async fn audit_length(app: &TestApp) -> u64 {
    match app.store.verify_audit_trail().await.unwrap() {
        AuditCheck::Intact { events } => events,
        broken => panic!("{broken:?}"),
    }
}

#[tokio::test]
async fn a_party_editor_answers_the_consultation_late_and_the_matrix_marks_it() {
    let app = TestApp::spawn().await;
    let a = agreement(&app).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let reader = caller(&app.store, "läsare", Role::Reader, None, None).await;
    let matrix = format!("/overenskommelser/{}/remiss", a.id);
    let form = format!("{matrix}/svar");

    // The matrix links to the form for those who may answer for a recipient, and only for them.
    let link = format!("<a href=\"{form}?version={}\">Registrera remissvar</a>", a.version);
    assert!(page(&app, &nacka_editor, &matrix).await.contains(&link));
    assert!(page(&app, &leader, &matrix).await.contains(&link));
    for who in [&reader, &Caller::ANONYMOUS] {
        assert!(!page(&app, who, &matrix).await.contains("Registrera remissvar"), "{}", who.label);
    }
    assert_eq!(get(&app, &reader, &form).await.status(), 403);
    assert_eq!(get(&app, &Caller::ANONYMOUS, &form).await.status(), 401);

    // Nacka's editor is offered Nacka alone (chosen already); a process leader every recipient.
    let html = page(&app, &nacka_editor, &form).await;
    assert_eq!(party_options(&html), vec![(a.nacka.to_string(), "Nacka".to_owned())]);
    assert!(html.contains(&format!("<option value=\"{}\" selected>Nacka</option>", a.nacka)), "{html}");
    assert!(html.contains("<legend>Ställningstagande</legend>"));
    assert!(html.contains("type=\"radio\" id=\"f-stance\" name=\"stance\" value=\"agrees\""), "{html}");
    assert!(html.contains("<label for=\"f-stance-agrees_with_comments\">Tillstyrker med synpunkter</label>"));
    assert!(html.contains(&format!("action=\"{form}\"")));
    assert!(party_options(&page(&app, &leader, &form).await).len() > 20, "every recipient");

    // An answer after the deadline: saved, back to the matrix, which marks it late.
    let saved = send(
        &app,
        &nacka_editor,
        &form,
        &[
            ("party_id", &a.nacka.to_string()),
            ("answered_on", "2025-04-01"),
            ("stance", "agrees_with_comments"),
            ("text", "Nacka tillstyrker, men vill se en tydligare rutin för utskrivning."),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), matrix);
    let html = page(&app, &nacka_editor, &matrix).await;
    let nacka = row(&html, "Nacka");
    assert!(nacka.contains("<td>2025-04-01</td>"), "{nacka}");
    assert!(nacka.contains("<td>Tillstyrker med synpunkter</td>"));
    assert!(nacka.contains("<strong class=\"late\">Sen</strong>"));

    // With ?version=, the form sends there and leads back to that version's matrix. The form
    // shows the saved answer, filled in, and asks to confirm replacing it.
    let versioned = format!("{form}?version={}", a.version);
    let html = page(&app, &nacka_editor, &versioned).await;
    assert!(html.contains(&format!("action=\"{form}?version={}\"", a.version)), "{html}");
    assert!(html.contains("Nacka har redan svarat 2025-04-01: Tillstyrker med synpunkter."), "{html}");
    assert!(html.contains(">Nacka tillstyrker, men vill se en tydligare rutin för utskrivning.</textarea>"), "{html}");
    let again =
        [("party_id", a.nacka.to_string()), ("answered_on", "2025-02-20".to_owned()), ("stance", "agrees".to_owned())];
    let again: Vec<(&str, &str)> = again.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Not confirmed: the form comes back, asking, and the saved answer stands.
    let unconfirmed = send(&app, &nacka_editor, &versioned, &again).await;
    assert_eq!(unconfirmed.status(), 422);
    let html = unconfirmed.text().await.unwrap();
    assert!(html.contains("id=\"f-confirm-error\""), "{html}");
    assert!(row(&page(&app, &nacka_editor, &matrix).await, "Nacka").contains("<td>2025-04-01</td>"));
    let confirmed: Vec<(&str, &str)> = again.iter().copied().chain([("confirm", "ja")]).collect();
    let saved = send(&app, &nacka_editor, &versioned, &confirmed).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), format!("{matrix}?version={}", a.version));
    let html = page(&app, &nacka_editor, &matrix).await;
    assert!(row(&html, "Nacka").contains("<span class=\"muted\">Nej</span>"), "answered again, in time");

    // A version without a consultation has no answer form.
    let none = format!("/overenskommelser/{}/remiss/svar", a.without_consultation);
    assert_eq!(get(&app, &leader, &none).await.status(), 404);
}

#[tokio::test]
async fn a_decision_with_neither_day_nor_words_comes_back_with_its_message_then_counts() {
    let app = TestApp::spawn().await;
    let a = agreement(&app).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let adoption = format!("/overenskommelser/{}/antagande", a.id);
    let form = format!("{adoption}/beslut");

    let html = page(&app, &nacka_editor, &adoption).await;
    assert!(html.contains(&format!("<a href=\"{form}?version={}\">Registrera beslut</a>", a.version)), "{html}");
    assert!(
        html.contains(&format!("<a href=\"{adoption}/beredning?version={}\">Registrera beredningssteg</a>", a.version))
    );
    assert!(html.contains("<strong>0 av "), "nothing adopted yet");
    let html = page(&app, &nacka_editor, &form).await;
    assert_eq!(party_options(&html), vec![(a.nacka.to_string(), "Nacka".to_owned())]);
    assert!(html.contains("<legend>När beslutet fattades</legend>"), "{html}");

    let nacka = a.nacka.to_string();
    let mut fields = vec![
        ("party_id", nacka.as_str()),
        ("deciding_body", "Kommunfullmäktige"),
        ("decided_on", ""),
        ("decided_text", ""),
        ("paragraph", "§ 45"),
        ("diary_number", "KFKS 2025/112"),
        ("outcome", "adopted"),
        ("sent_to", "Socialnämnden\nStorsthlm"),
    ];
    let before = audit_length(&app).await;
    let refused = send(&app, &nacka_editor, &form, &fields).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert_eq!(audit_length(&app).await, before, "nothing written");
    // The message beside the field, the field marked and described by it, and the summary.
    let message = "ange en dag (ÅÅÅÅ-MM-DD), eller tiden i ord i ”Tid i ord”";
    assert!(
        html.contains(&format!("id=\"f-decided_on-error\"><span class=\"visually-hidden\">Fel: </span>{message}</p>")),
        "{html}"
    );
    assert!(html.contains("aria-describedby=\"f-decided_on-hint f-decided_on-error\" aria-invalid=\"true\""));
    assert!(html.contains(&format!("<a href=\"#f-decided_on\">Dag: {message}</a>")));
    assert!(html.contains("<title>Fel: Registrera beslut"), "{html}");
    // What was typed is kept.
    assert!(html.contains(&format!("<option value=\"{nacka}\" selected>Nacka</option>")));
    assert!(html.contains("value=\"Kommunfullmäktige\""));
    assert!(html.contains("value=\"§ 45\""));
    assert!(html.contains("value=\"KFKS 2025/112\""));
    assert!(html.contains("value=\"adopted\" checked"));
    assert!(html.contains(">Socialnämnden\nStorsthlm</textarea>"));

    // Corrected: saved, back to the adoption view, which counts it.
    fields[2] = ("decided_on", "2025-06-01");
    let saved = send(&app, &nacka_editor, &form, &fields).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), adoption);
    let html = page(&app, &nacka_editor, &adoption).await;
    assert!(html.contains("<strong>1 av "), "{html}");
    let nacka = row(&html, "Nacka");
    assert!(nacka.contains("<td>Antagen</td>") && nacka.contains("<td>2025-06-01</td>"), "{nacka}");
    assert!(nacka.contains("<td>§ 45</td>") && nacka.contains("<td>KFKS 2025/112</td>"));

    // The party's list left at "Välj": a party not chosen (the store would take the record for
    // a joint one, which is not Nacka's editor's to write).
    fields[0] = ("party_id", "");
    let refused = send(&app, &nacka_editor, &form, &fields).await;
    assert_eq!(refused.status(), 422, "a party must be chosen");
    assert!(refused.text().await.unwrap().contains("<a href=\"#f-party_id\">Part: välj en part</a>"));
}

#[tokio::test]
async fn a_preparatory_step_shows_in_the_beredning_column() {
    let app = TestApp::spawn().await;
    let a = agreement(&app).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let adoption = format!("/overenskommelser/{}/antagande", a.id);
    let form = format!("{adoption}/beredning?version={}", a.version);

    let html = page(&app, &nacka_editor, &form).await;
    let none = r#"<input type="radio" id="f-outcome" name="outcome" value="" checked> <label for="f-outcome">"#;
    assert!(html.contains(&format!("{none}Inget utfall ännu</label>")), "{html}");
    let nacka = a.nacka.to_string();
    for (body, role, on, words, outcome) in [
        ("Socialnämnden", "opinion", "2025-05-10", "", "supports_adoption"),
        ("Kommunstyrelsens arbetsutskott", "preparation", "", "våren 2025", ""),
    ] {
        let saved = send(
            &app,
            &nacka_editor,
            &form,
            &[
                ("party_id", &nacka),
                ("body_name", body),
                ("role", role),
                ("handled_on", on),
                ("handled_text", words),
                ("paragraph", ""),
                ("outcome", outcome),
            ],
        )
        .await;
        assert_eq!(saved.status(), 303, "{body}");
        assert_eq!(location(&saved), format!("{adoption}?version={}", a.version));
    }
    let html = page(&app, &nacka_editor, &adoption).await;
    let column = row(&html, "Nacka").split("<ul class=\"preparation\">").nth(1).unwrap();
    assert!(column.contains("<li>Socialnämnden: Yttrande, 2025-05-10: Tillstyrker antagande</li>"), "{column}");
    assert!(column.contains("<li>Kommunstyrelsens arbetsutskott: Beredning, våren 2025</li>"));

    // A step without its body or role comes back naming both.
    let refused = send(&app, &nacka_editor, &form, &[("party_id", &nacka), ("body_name", " "), ("outcome", "")]).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("<a href=\"#f-body_name\">Organ: måste fyllas i</a>"), "{html}");
    assert!(html.contains("<a href=\"#f-role\">Steg: måste väljas</a>"));
    assert!(html.contains("id=\"f-role-error\""));
}

#[tokio::test]
async fn another_party_s_editor_a_reader_and_a_forged_form_are_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let a = agreement(&app).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let solna_editor = caller(&app.store, "redaktör Solna", Role::PartyEditor, Some("0184"), None).await;
    let reader = caller(&app.store, "läsare", Role::Reader, None, None).await;
    let adoption = format!("/overenskommelser/{}/antagande", a.id);
    let nacka = a.nacka.to_string();
    let decision = [
        ("party_id", nacka.as_str()),
        ("deciding_body", "Kommunfullmäktige"),
        ("decided_on", "2025-06-01"),
        ("outcome", "adopted"),
    ];
    let answer = [("party_id", nacka.as_str()), ("answered_on", "2025-02-01"), ("stance", "agrees")];
    let step = [("party_id", nacka.as_str()), ("body_name", "Socialnämnden"), ("role", "opinion")];
    let forms: [(String, &[(&str, &str)]); 3] = [
        (format!("{adoption}/beslut"), &decision),
        (format!("/overenskommelser/{}/remiss/svar", a.id), &answer),
        (format!("{adoption}/beredning"), &step),
    ];

    // Solna's editor is offered Solna alone, and may not speak for Nacka.
    let html = page(&app, &solna_editor, &forms[0].0).await;
    assert_eq!(party_options(&html), vec![(a.solna.to_string(), "Solna".to_owned())]);
    let before = audit_length(&app).await;
    for (path, fields) in &forms {
        assert_eq!(send(&app, &solna_editor, path, fields).await.status(), 403, "{path} as Solna's editor");
        assert_eq!(send(&app, &reader, path, fields).await.status(), 403, "{path} as a reader");
        assert_eq!(send_without_csrf(&app, &nacka_editor, path, fields).await.status(), 403, "{path} without CSRF");
        let mut forged = fields.to_vec();
        forged.push(("csrf", "inte rätt"));
        assert_eq!(send_without_csrf(&app, &nacka_editor, path, &forged).await.status(), 403, "{path}, wrong CSRF");
    }
    assert_eq!(audit_length(&app).await, before, "nothing written");
    let html = page(&app, &nacka_editor, &adoption).await;
    assert!(html.contains("<strong>0 av "));

    // A reader sees neither link, nor the forms.
    let html = page(&app, &reader, &adoption).await;
    assert!(!html.contains("Registrera beslut") && !html.contains("Registrera beredningssteg"));
    assert_eq!(get(&app, &reader, &forms[0].0).await.status(), 403);
    assert_eq!(get(&app, &reader, &forms[2].0).await.status(), 403);

    // The right person, for comparison: all three are written.
    for (path, fields) in &forms {
        assert_eq!(send(&app, &nacka_editor, path, fields).await.status(), 303, "{path}");
    }
    assert_eq!(audit_length(&app).await, before + 3);
}
