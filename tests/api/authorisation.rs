//! Who may change what, tried on every state-changing route the router serves: the list comes
//! from the application itself (`samverkan_web::state_changing_routes`), so a new route that
//! this test does not know fails it until someone says who may use it.

use samverkan_domain::Role;
use samverkan_store::{Actor, AuditCheck, NewUser, Store};
use samverkan_web::{Access, StateChangingRoute};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Someone who can call the API (a personal token) and post forms (a session and its CSRF token).
#[derive(Clone)]
pub struct Caller {
    pub label: &'static str,
    /// The id of the personal token in `bearer`.
    pub token_id: i32,
    pub bearer: Option<String>,
    pub session: Option<String>,
    pub csrf: String,
}

impl Caller {
    pub const ANONYMOUS: Caller =
        Caller { label: "anonym", token_id: 0, bearer: None, session: None, csrf: String::new() };
}

/// The password every test account is given.
const PASSWORD: &str = "ett långt nytt lösenord";

/// An account with one role, a token and a session, its first password already changed.
pub async fn caller(store: &Store, label: &'static str, role: Role, party: Option<&str>, area: Option<i32>) -> Caller {
    let email = format!("{}@example.se", label.replace(' ', "."));
    let added =
        store.add_user(NewUser { email: &email, role, party_code: party, area_id: area }, "test").await.unwrap();
    store.change_password(added.id, &added.one_time_password, PASSWORD, None, "test").await.unwrap();
    let (token_id, bearer) = store.create_api_token(added.id, "test", "test").await.unwrap();
    let session = store.start_session(added.id).await.unwrap();
    let csrf = store.session_user(&session).await.unwrap().unwrap().csrf_token;
    Caller { label, token_id, bearer: Some(bearer), session: Some(session), csrf }
}

/// What the database holds, as far as a write could change it: the audit trail's length (every
/// write appends to it) and the totals of the structure.
async fn footprint(store: &Store) -> (u64, samverkan_store::Counts) {
    let events = match store.verify_audit_trail().await.unwrap() {
        AuditCheck::Intact { events } => events,
        broken => panic!("{broken:?}"),
    };
    (events, store.counts(samverkan_web::today()).await.unwrap())
}

/// The records the routes are tried on: all in Nacka (a party editor of Nacka, or a coordinator
/// of one of its areas, is the right person), or joint (the process leaders').
struct Fixture {
    nacka: i32,
    nacka_area: i32,
    function: i32,
    person: i32,
    organisation: i32,
    body: i32,
    membership: i32,
    sub_region: i32,
    /// An agreement with a version out on consultation (to every party), and a second agreement
    /// with a version that has none yet.
    agreement: i32,
    other_agreement: i32,
    version: i32,
    consultation: i32,
    fresh_version: i32,
    /// Nacka's answer to the consultation, and its decision on the version.
    answer: i32,
    decision: i32,
}

async fn fixture(store: &Store) -> Fixture {
    let admin = Actor::user(0, vec![samverkan_domain::Grant::new(Role::Admin, None, None).unwrap()]);
    let parties = store.parties(samverkan_web::today(), samverkan_store::Page::ALL).await.unwrap().items;
    let nacka = parties.iter().find(|p| p.code == "0182").unwrap().id;
    let nacka_area = store.areas_of_party(nacka, samverkan_web::today()).await.unwrap()[0].area.id;
    let input = |v: Value| samverkan_domain::Input::from_json(v).unwrap();
    let organisation = store
        .create_organisation(
            &admin,
            input(json!({"name": "Nacka vård och omsorg", "kind": "administration", "party_id": nacka, "valid_from": "2020-01-01"})),
        )
        .await
        .unwrap();
    let function = store
        .create_function(
            &admin,
            input(json!({"name": "Kontaktperson HÖK", "kind": "other", "party_id": nacka, "valid_from": "2020-01-01"})),
        )
        .await
        .unwrap();
    store
        .hand_over_function(
            &admin,
            function,
            input(json!({"valid_from": "2020-01-01", "organisation_id": organisation, "person_name": "Anna Berg"})),
        )
        .await
        .unwrap();
    let functions = store.party_functions(nacka).await.unwrap();
    let holder = &functions.iter().find(|h| h.function.id == function).unwrap().appointments[0];
    let person = holder.person.as_ref().unwrap().id;
    let body = store
        .create_body(
            &admin,
            input(json!({"name": "Närområdesgruppen", "level": "local", "kind": "local_collaboration", "area_id": nacka_area, "valid_from": "2020-01-01"})),
        )
        .await
        .unwrap();
    let membership = store
        .add_membership(&admin, body, input(json!({"function_id": function, "role": "member", "valid_from": "2020-01-01", "valid_to": "2029-12-31"})))
        .await
        .unwrap();
    let sub_region = store.sub_regions(samverkan_web::today()).await.unwrap()[0].id;
    let new_agreement = |title: &str| input(json!({"title": title, "kind": "subject_area", "target_groups": ["all"]}));
    let agreement = store.create_agreement(&admin, new_agreement("Samverkan vid utskrivning")).await.unwrap();
    let other_agreement = store.create_agreement(&admin, new_agreement("Hjälpmedel")).await.unwrap();
    let version = store.add_version(&admin, agreement, input(json!({"number": "2025"}))).await.unwrap();
    let fresh_version = store.add_version(&admin, other_agreement, input(json!({"number": "1"}))).await.unwrap();
    let consultation = store
        .start_consultation(&admin, version, input(json!({"sent_on": "2025-01-10", "deadline": "2025-03-01"})))
        .await
        .unwrap();
    let answer = store
        .answer_consultation(
            &admin,
            consultation,
            input(json!({"party_id": nacka, "answered_on": "2025-02-01", "stance": "agrees"})),
        )
        .await
        .unwrap();
    let decision = store
        .record_decision(
            &admin,
            version,
            input(json!({"party_id": nacka, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-06-01", "outcome": "adopted"})),
        )
        .await
        .unwrap();
    Fixture {
        nacka,
        nacka_area,
        function,
        person,
        organisation,
        body,
        membership,
        sub_region,
        agreement,
        other_agreement,
        version,
        consultation,
        fresh_version,
        answer,
        decision,
    }
}

/// The right person for a route any signed-in user may use (for their own account).
const ANYONE: &str = "inloggad";

/// Who is the right person for a route, the address to call, and what to send.
struct Attempt {
    right: &'static str,
    path: String,
    body: Value,
}

/// Each route of the router, tried on the fixture. A route missing here fails the test.
fn attempt(route: &StateChangingRoute, f: &Fixture, anyone: &Caller) -> Option<Attempt> {
    let round = 1;
    let (right, path, body) = match (route.method.as_str(), route.path.as_str()) {
        ("POST", "/api/v1/functions") => (
            "redaktör Nacka",
            "/api/v1/functions".to_owned(),
            json!({"name": format!("Ny funktion {round}"), "kind": "other", "party_id": f.nacka, "valid_from": "2025-01-01"}),
        ),
        ("PUT", "/api/v1/functions/{id}") => (
            "redaktör Nacka",
            format!("/api/v1/functions/{}", f.function),
            json!({"name": "Kontaktperson för HÖK", "kind": "other", "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/functions/{id}/handovers") => (
            "redaktör Nacka",
            format!("/api/v1/functions/{}/handovers", f.function),
            json!({"valid_from": "2025-03-01", "organisation_id": f.organisation, "person_name": "Karin Ek"}),
        ),
        ("PUT", "/api/v1/persons/{id}") => (
            "redaktör Nacka",
            format!("/api/v1/persons/{}", f.person),
            json!({"name": "Anna Berg", "title": "Enhetschef", "email": "anna.berg@nacka.se"}),
        ),
        ("POST", "/api/v1/bodies") => (
            "samordnare Nacka",
            "/api/v1/bodies".to_owned(),
            json!({"name": "Ny grupp", "level": "local", "kind": "other", "area_id": f.nacka_area, "valid_from": "2025-01-01"}),
        ),
        ("PUT", "/api/v1/bodies/{id}") => (
            "samordnare Nacka",
            format!("/api/v1/bodies/{}", f.body),
            json!({"name": "Närområdesgruppen Nacka", "level": "local", "kind": "local_collaboration", "area_id": f.nacka_area, "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/bodies/{id}/memberships") => (
            "samordnare Nacka",
            format!("/api/v1/bodies/{}/memberships", f.body),
            json!({"function_id": f.function, "role": "convener", "valid_from": "2030-01-01"}),
        ),
        ("PATCH", "/api/v1/memberships/{id}") => {
            ("samordnare Nacka", format!("/api/v1/memberships/{}", f.membership), json!({"valid_to": "2029-06-30"}))
        }
        ("POST", "/api/v1/organisations") => (
            "redaktör Nacka",
            "/api/v1/organisations".to_owned(),
            json!({"name": "Ny enhet", "kind": "other", "party_id": f.nacka, "valid_from": "2025-01-01"}),
        ),
        ("PUT", "/api/v1/organisations/{id}") => (
            "redaktör Nacka",
            format!("/api/v1/organisations/{}", f.organisation),
            json!({"name": "Nacka äldre och omsorg", "kind": "administration", "party_id": f.nacka, "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/sub-regions") => (
            "processledare",
            "/api/v1/sub-regions".to_owned(),
            json!({"name": "Ny delregion", "valid_from": "2025-01-01"}),
        ),
        ("PUT", "/api/v1/sub-regions/{id}") => (
            "processledare",
            format!("/api/v1/sub-regions/{}", f.sub_region),
            json!({"name": "Sydost", "description": "Omdöpt", "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/agreements") => (
            "processledare",
            "/api/v1/agreements".to_owned(),
            json!({"title": "Ny överenskommelse", "kind": "subject_area", "target_groups": ["elderly"]}),
        ),
        ("PUT", "/api/v1/agreements/{id}") => (
            "processledare",
            format!("/api/v1/agreements/{}", f.other_agreement),
            json!({"title": "Ändrad överenskommelse", "kind": "subject_area", "target_groups": ["adults"], "follow_up_models": ["indicators"]}),
        ),
        ("POST", "/api/v1/agreements/{id}/versions") => {
            ("processledare", format!("/api/v1/agreements/{}/versions", f.agreement), json!({"number": "2026"}))
        }
        ("POST", "/api/v1/agreements/{id}/relations") => (
            "processledare",
            format!("/api/v1/agreements/{}/relations", f.agreement),
            json!({"kind": "add_on_to", "related_id": f.other_agreement}),
        ),
        ("POST", "/api/v1/versions/{id}/consultation") => (
            "processledare",
            format!("/api/v1/versions/{}/consultation", f.fresh_version),
            json!({"sent_on": "2026-01-10", "deadline": "2026-03-01"}),
        ),
        ("POST", "/api/v1/consultations/{id}/answers") => (
            "redaktör Nacka",
            format!("/api/v1/consultations/{}/answers", f.consultation),
            json!({"party_id": f.nacka, "answered_on": "2025-02-01", "stance": "agrees"}),
        ),
        ("POST", "/api/v1/versions/{id}/recommendations") => (
            "processledare",
            format!("/api/v1/versions/{}/recommendations", f.version),
            json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2025-04-01", "outcome": "recommended"}),
        ),
        ("POST", "/api/v1/versions/{id}/decisions") => (
            "redaktör Nacka",
            format!("/api/v1/versions/{}/decisions", f.version),
            json!({"party_id": f.nacka, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-06-01", "outcome": "adopted", "diary_number": "KS25/1"}),
        ),
        ("POST", "/api/v1/versions/{id}/preparatory-steps") => (
            "redaktör Nacka",
            format!("/api/v1/versions/{}/preparatory-steps", f.version),
            json!({"party_id": f.nacka, "body_name": "Socialnämnden", "role": "opinion", "handled_on": "2025-05-10", "outcome": "supports_adoption"}),
        ),
        // Documents: a small PDF (the `file` field names it), multipart.
        ("POST", "/api/v1/versions/{id}/documents") => (
            "processledare",
            format!("/api/v1/versions/{}/documents", f.version),
            json!({"file": "Överenskommelsen.pdf", "title": "Överenskommelsen"}),
        ),
        ("POST", "/api/v1/answers/{id}/documents") => {
            ("redaktör Nacka", format!("/api/v1/answers/{}/documents", f.answer), json!({"file": "Remissvar.pdf"}))
        }
        ("POST", "/api/v1/decisions/{id}/documents") => (
            "redaktör Nacka",
            format!("/api/v1/decisions/{}/documents", f.decision),
            json!({"file": "Protokollsutdrag.pdf"}),
        ),
        ("POST", "/versioner/{id}/nytt-dokument") => (
            "processledare",
            format!("/versioner/{}/nytt-dokument", f.version),
            json!({"file": "Bilaga.pdf", "title": "Bilaga 1"}),
        ),
        // The pages' forms: the same edits, as a person makes them.
        ("POST", "/parter/{id}/ny-funktion") => (
            "redaktör Nacka",
            format!("/parter/{}/ny-funktion", f.nacka),
            json!({"name": "Samordnare barn och unga", "kind": "other", "valid_from": "2025-01-01"}),
        ),
        ("POST", "/omraden/{id}/ny-funktion") => (
            "redaktör Nacka",
            format!("/omraden/{}/ny-funktion", f.nacka_area),
            json!({"name": "Kontaktperson närområdet", "kind": "other", "valid_from": "2025-01-01"}),
        ),
        ("POST", "/funktioner/{id}/andra") => (
            "redaktör Nacka",
            format!("/funktioner/{}/andra", f.function),
            json!({"name": "Kontaktperson HÖK Nacka", "kind": "other", "valid_from": "2020-01-01"}),
        ),
        ("POST", "/funktioner/{id}/byte") => (
            "redaktör Nacka",
            format!("/funktioner/{}/byte", f.function),
            json!({"valid_from": "2025-06-01", "organisation_id": f.organisation, "person_name": "Lena Holm"}),
        ),
        ("POST", "/personer/{id}/andra") => (
            "redaktör Nacka",
            format!("/personer/{}/andra", f.person),
            json!({"name": "Anna Berg", "title": "Verksamhetschef"}),
        ),
        ("POST", "/organ/nytt") => (
            "samordnare Nacka",
            "/organ/nytt".to_owned(),
            json!({"name": "Nätverket", "level": "local", "kind": "other", "area_id": f.nacka_area, "valid_from": "2025-01-01"}),
        ),
        ("POST", "/organ/{id}/andra") => (
            "samordnare Nacka",
            format!("/organ/{}/andra", f.body),
            json!({"name": "Närområdesgruppen", "level": "local", "kind": "local_collaboration", "area_id": f.nacka_area, "valid_from": "2020-01-01"}),
        ),
        ("POST", "/organ/{id}/ny-medlem") => (
            "samordnare Nacka",
            format!("/organ/{}/ny-medlem", f.body),
            json!({"function_id": f.function, "role": "chair", "valid_from": "2029-07-01", "valid_to": "2029-12-31"}),
        ),
        ("POST", "/medlemskap/{id}/avsluta") => {
            ("samordnare Nacka", format!("/medlemskap/{}/avsluta", f.membership), json!({"valid_to": "2029-03-31"}))
        }
        ("POST", "/organisationer/ny") => (
            "redaktör Nacka",
            "/organisationer/ny".to_owned(),
            json!({"name": "Nacka hemtjänst", "kind": "other", "party_id": f.nacka, "valid_from": "2025-01-01"}),
        ),
        ("POST", "/organisationer/{id}/andra") => (
            "redaktör Nacka",
            format!("/organisationer/{}/andra", f.organisation),
            json!({"name": "Nacka vård och omsorg", "kind": "administration", "party_id": f.nacka, "valid_from": "2020-01-01"}),
        ),
        ("POST", "/delregioner/ny") => {
            ("processledare", "/delregioner/ny".to_owned(), json!({"name": "Norrort", "valid_from": "2025-01-01"}))
        }
        ("POST", "/delregioner/{id}/andra") => (
            "processledare",
            format!("/delregioner/{}/andra", f.sub_region),
            json!({"name": "Sydost", "valid_from": "2020-01-01"}),
        ),
        // A party's part of an agreement's process, recorded on the pages (the version named:
        // the agreement gets a newer one above).
        ("POST", "/overenskommelser/{id}/remiss/svar") => (
            "redaktör Nacka",
            format!("/overenskommelser/{}/remiss/svar?version={}", f.agreement, f.version),
            json!({"party_id": f.nacka.to_string(), "answered_on": "2025-02-20", "stance": "no_comment"}),
        ),
        ("POST", "/overenskommelser/{id}/antagande/beslut") => (
            "redaktör Nacka",
            format!("/overenskommelser/{}/antagande/beslut?version={}", f.agreement, f.version),
            json!({"party_id": f.nacka.to_string(), "deciding_body": "Kommunfullmäktige", "decided_text": "hösten 2025", "outcome": "referred_back"}),
        ),
        ("POST", "/overenskommelser/{id}/antagande/beredning") => (
            "redaktör Nacka",
            format!("/overenskommelser/{}/antagande/beredning?version={}", f.agreement, f.version),
            json!({"party_id": f.nacka.to_string(), "body_name": "Äldrenämnden", "role": "opinion", "handled_on": "2025-05-12", "outcome": ""}),
        ),
        ("POST", "/logga-ut") => (ANYONE, "/logga-ut".to_owned(), json!({})),
        ("POST", "/konto/nycklar") => (ANYONE, "/konto/nycklar".to_owned(), json!({"name": "skript"})),
        ("POST", "/konto/nycklar/{id}/aterkalla") => {
            (ANYONE, format!("/konto/nycklar/{}/aterkalla", anyone.token_id), json!({}))
        }
        ("POST", "/konto/losenord") => (
            ANYONE,
            "/konto/losenord".to_owned(),
            json!({"current_password": PASSWORD, "new_password": "ett helt annat lösenord", "repeat_password": "ett helt annat lösenord"}),
        ),
        _ => return None,
    };
    Some(Attempt { right, path, body })
}

/// Calls a route as `caller`: JSON with the bearer token under /api/, a form with the session
/// and its CSRF token elsewhere.
async fn call(app: &TestApp, route: &StateChangingRoute, attempt: &Attempt, caller: &Caller) -> reqwest::Response {
    let url = format!("{}{}", app.base, attempt.path);
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut request = client.request(route.method.clone(), url);
    if let Some(file_name) = attempt.body.get("file").and_then(Value::as_str) {
        return upload(request, attempt, caller, file_name).await;
    }
    if attempt.path.starts_with("/api/") {
        if let Some(token) = &caller.bearer {
            request = request.bearer_auth(token);
        }
        request.json(&attempt.body).send().await.unwrap()
    } else {
        if let Some(session) = &caller.session {
            request = request.header("cookie", format!("samverkan_session={session}"));
        }
        let mut fields: Vec<(String, String)> = attempt
            .body
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect();
        fields.push(("csrf".to_owned(), caller.csrf.clone()));
        request.form(&fields).send().await.unwrap()
    }
}

/// An upload as `caller`: multipart with a small PDF, the token under /api/, the session and its
/// CSRF token (a field before the file, as the page's form sends it) elsewhere.
async fn upload(
    mut request: reqwest::RequestBuilder,
    attempt: &Attempt,
    caller: &Caller,
    file_name: &str,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    if attempt.path.starts_with("/api/") {
        if let Some(token) = &caller.bearer {
            request = request.bearer_auth(token);
        }
    } else {
        if let Some(session) = &caller.session {
            request = request.header("cookie", format!("samverkan_session={session}"));
        }
        form = form.text("csrf", caller.csrf.clone());
    }
    if let Some(title) = attempt.body.get("title").and_then(Value::as_str) {
        form = form.text("title", title.to_owned());
    }
    let pdf = crate::documents::pdf(file_name);
    form = form.part("file", reqwest::multipart::Part::bytes(pdf).file_name(file_name.to_owned()));
    request.multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn every_state_changing_route_refuses_the_wrong_people_and_serves_the_right_one() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let f = fixture(store).await;
    let solna_area = {
        let parties = store.parties(samverkan_web::today(), samverkan_store::Page::ALL).await.unwrap().items;
        let solna = parties.iter().find(|p| p.code == "0184").unwrap().id;
        store.areas_of_party(solna, samverkan_web::today()).await.unwrap()[0].area.id
    };
    let admin = caller(store, "processledare", Role::Admin, None, None).await;
    let reader = caller(store, "läsare", Role::Reader, None, None).await;
    let editor = caller(store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let other_editor = caller(store, "redaktör Solna", Role::PartyEditor, Some("0184"), None).await;
    let coordinator = caller(store, "samordnare Nacka", Role::AreaCoordinator, None, Some(f.nacka_area)).await;
    let other_coordinator = caller(store, "samordnare Solna", Role::AreaCoordinator, None, Some(solna_area)).await;

    let anyone = caller(store, ANYONE, Role::Reader, None, None).await;
    let anonymous = Caller::ANONYMOUS;

    let mut routes = samverkan_web::state_changing_routes();
    // Signing out last: it ends the session the others use.
    routes.sort_by_key(|r| r.path == "/logga-ut");
    assert!(routes.len() >= 13, "the router's own list: {routes:?}");
    let mut unknown = Vec::new();
    for route in &routes {
        if route.access == Access::Public {
            continue; // signing in
        }
        let Some(attempt) = attempt(route, &f, &anyone) else {
            unknown.push(format!("{} {}", route.method, route.path));
            continue;
        };
        let wrong: Vec<&Caller> = match route.access {
            Access::Records => vec![&anonymous, &reader, &other_editor, &other_coordinator],
            _ => vec![&anonymous],
        };
        for who in wrong {
            let before = footprint(store).await;
            let response = call(&app, route, &attempt, who).await;
            let status = response.status().as_u16();
            let expected: &[u16] = if who.bearer.is_none() { &[401] } else { &[403] };
            assert!(expected.contains(&status), "{} {} as {}: {status}", route.method, attempt.path, who.label);
            assert_eq!(
                footprint(store).await,
                before,
                "{} {} as {} changed the database",
                route.method,
                attempt.path,
                who.label
            );
        }
        // A form without its CSRF token is refused even from the right person.
        if !attempt.path.starts_with("/api/") && route.access == Access::Records {
            let forged = Caller { csrf: String::new(), ..admin.clone() };
            let status = call(&app, route, &attempt, &forged).await.status().as_u16();
            assert_eq!(status, 403, "{} without CSRF", attempt.path);
        }
        let right = [&admin, &editor, &coordinator, &anyone].into_iter().find(|c| c.label == attempt.right).unwrap();
        let before = footprint(store).await;
        let response = call(&app, route, &attempt, right).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!((200..400).contains(&status), "{} {} as {}: {status} {text}", route.method, attempt.path, right.label);
        if route.access == Access::Records {
            let after = footprint(store).await.0;
            assert!(after > before.0, "{} {}: on the audit trail", route.method, attempt.path);
        }
    }
    assert!(unknown.is_empty(), "routes this test does not know; say who may use them: {unknown:?}");
    assert!(matches!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { .. }));
}

/// A person's e-mail and phone are personal data: the public API leaves them out, a signed-in
/// caller (any role) gets them.
#[tokio::test]
async fn contact_details_only_to_signed_in_callers() {
    let app = TestApp::spawn().await;
    let f = fixture(&app.store).await;
    let reader = caller(&app.store, "läsare", Role::Reader, None, None).await;
    let admin = Actor::user(0, vec![samverkan_domain::Grant::new(Role::Admin, None, None).unwrap()]);
    let details =
        json!({"name": "Anna Berg", "title": "Enhetschef", "email": "anna.berg@nacka.se", "phone": "08-718 80 00"});
    app.store.update_person(&admin, f.person, samverkan_domain::Input::from_json(details).unwrap()).await.unwrap();
    let path = format!("{}/api/v1/parties/{}", app.base, f.nacka);
    let holder = |party: &Value| -> Value {
        let functions = party["functions"].as_array().unwrap();
        functions.iter().find(|x| x["id"] == f.function).unwrap()["holder"]["person"].clone()
    };
    let public: Value = app.client.get(&path).send().await.unwrap().json().await.unwrap();
    let person = holder(&public);
    assert_eq!((person["name"].as_str(), person["title"].as_str()), (Some("Anna Berg"), Some("Enhetschef")));
    assert_eq!((person["email"].clone(), person["phone"].clone()), (Value::Null, Value::Null));
    let signed_in: Value =
        app.client.get(&path).bearer_auth(reader.bearer.unwrap()).send().await.unwrap().json().await.unwrap();
    let person = holder(&signed_in);
    assert_eq!(
        (person["email"].as_str(), person["phone"].as_str()),
        (Some("anna.berg@nacka.se"), Some("08-718 80 00"))
    );
}
