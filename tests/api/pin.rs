//! No personal identity number is kept, whatever it is typed into (issue 11): every text field of
//! every write, through the API and through the pages' forms, refuses a valid *personnummer* or
//! *samordningsnummer* with a message on that field, and nothing is saved; a number with a wrong
//! check digit passes. So does a document's title and file name. A name of invisible
//! characters is not filled in, no text may turn its writing direction around, and no date is
//! before 1900.
//!
//! The fields are not listed here: they come from the application (the API's description at
//! `/api/openapi.json`, the form pages' HTML), so a new field is tried the day it appears. What
//! is listed is one valid submission per write ([`valid`]); a write without one fails the test.

use samverkan_domain::edit::DIRECTION_CONTROL_REFUSED;
use samverkan_domain::{PERSONAL_NUMBER_REFUSED, Role};
use samverkan_store::{Actor, AuditCheck, Store};
use samverkan_web::Access;
use serde_json::{Value, json};

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, page_as};

/// A valid number in the spellings people use (the last a samordningsnummer: day 18 + 60).
const NUMBERS: [&str; 4] = ["19811218-9876", "811218-9876", "8112189876", "811278-9873"];
/// The same with a wrong check digit: some other number, which is accepted.
const NOT_A_NUMBER: &str = "811218-9875";

/// A text with `number` inside it (short enough for the shortest field, 40 characters).
fn text_with(number: &str) -> String {
    format!("Anteckning {number} här")
}

/// What a field is, as far as these checks go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text { required: bool },
    Date,
    File,
}

/// A value to put in one field, the fields it is tried on, and what the field must be told.
struct Probe {
    value: String,
    on: fn(Kind) -> bool,
    told: &'static str,
}

fn probes() -> Vec<Probe> {
    let text = |k: Kind| matches!(k, Kind::Text { .. });
    let mut probes: Vec<Probe> =
        NUMBERS.iter().map(|n| Probe { value: text_with(n), on: text, told: PERSONAL_NUMBER_REFUSED }).collect();
    probes.extend(NUMBERS.iter().map(|n| Probe {
        value: format!("Remiss {n}.pdf"),
        on: |k| k == Kind::File,
        told: PERSONAL_NUMBER_REFUSED,
    }));
    probes.push(Probe { value: "Beslut \u{202E}fdp.exe".to_owned(), on: text, told: DIRECTION_CONTROL_REFUSED });
    probes.push(Probe {
        value: "\u{200B}\u{2060}\u{FEFF}\u{200D}".to_owned(),
        on: |k| k == Kind::Text { required: true },
        told: "måste fyllas i",
    });
    probes.push(Probe {
        value: "0000-01-01".to_owned(),
        on: |k| k == Kind::Date,
        told: "kan inte vara före 1900-01-01",
    });
    probes
}

/// How many events the audit trail holds: every write appends one, so an unchanged count means
/// nothing was saved.
async fn events(store: &Store) -> u64 {
    match store.verify_audit_trail().await.unwrap() {
        AuditCheck::Intact { events } => events,
        broken => panic!("{broken:?}"),
    }
}

/// The records the writes are tried on (all Nacka's, or joint), made by a process leader.
struct Fixture {
    nacka: i32,
    nacka_area: i32,
    function: i32,
    person: i32,
    organisation: i32,
    body: i32,
    membership: i32,
    sub_region: i32,
    agreement: i32,
    other_agreement: i32,
    version: i32,
    consultation: i32,
    fresh_version: i32,
    answer: i32,
    decision: i32,
}

async fn fixture(store: &Store) -> Fixture {
    let admin = Actor::user(0, vec![samverkan_domain::Grant::new(Role::Admin, None, None).unwrap()]);
    let today = samverkan_web::today();
    let parties = store.parties(today, samverkan_store::Page::ALL).await.unwrap().items;
    let nacka = parties.iter().find(|p| p.code == "0182").unwrap().id;
    let nacka_area = store.areas_of_party(nacka, today).await.unwrap()[0].area.id;
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
    let sub_region = store.sub_regions(today).await.unwrap()[0].id;
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

/// What this test does with a state-changing route.
enum Valid {
    /// The address to call and a submission that is accepted as it is (`file` names a small PDF
    /// sent as the multipart part `file`).
    Body(String, Value),
    /// Not a write of the collaboration's records, and why it is not tried here.
    NotHere(&'static str),
}

/// One valid submission per write, on the fixture. A route missing here fails the tests.
fn valid(method: &str, route: &str, f: &Fixture) -> Option<Valid> {
    let body = |path: String, body: Value| Some(Valid::Body(path, body));
    match (method, route) {
        ("POST", "/api/v1/functions") => body(
            "/api/v1/functions".to_owned(),
            json!({"name": "Ny funktion", "kind": "other", "party_id": f.nacka, "valid_from": "2025-01-01"}),
        ),
        ("PUT", "/api/v1/functions/{id}") => body(
            format!("/api/v1/functions/{}", f.function),
            json!({"name": "Kontaktperson för HÖK", "kind": "other", "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/functions/{id}/handovers") => body(
            format!("/api/v1/functions/{}/handovers", f.function),
            json!({"valid_from": "2025-03-01", "organisation_id": f.organisation, "person_name": "Karin Ek"}),
        ),
        ("PUT", "/api/v1/persons/{id}") => body(
            format!("/api/v1/persons/{}", f.person),
            json!({"name": "Anna Berg", "title": "Enhetschef", "email": "anna.berg@nacka.se", "phone": "08-718 80 00"}),
        ),
        ("POST", "/api/v1/bodies") => body(
            "/api/v1/bodies".to_owned(),
            json!({"name": "Ny grupp", "level": "local", "kind": "other", "area_id": f.nacka_area, "valid_from": "2025-01-01"}),
        ),
        ("PUT", "/api/v1/bodies/{id}") => body(
            format!("/api/v1/bodies/{}", f.body),
            json!({"name": "Närområdesgruppen Nacka", "level": "local", "kind": "local_collaboration", "area_id": f.nacka_area, "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/bodies/{id}/memberships") => body(
            format!("/api/v1/bodies/{}/memberships", f.body),
            json!({"function_id": f.function, "role": "convener", "valid_from": "2030-01-01"}),
        ),
        ("PATCH", "/api/v1/memberships/{id}") => {
            body(format!("/api/v1/memberships/{}", f.membership), json!({"valid_to": "2029-06-30"}))
        }
        ("POST", "/api/v1/organisations") => body(
            "/api/v1/organisations".to_owned(),
            json!({"name": "Ny enhet", "kind": "other", "party_id": f.nacka, "valid_from": "2025-01-01"}),
        ),
        ("PUT", "/api/v1/organisations/{id}") => body(
            format!("/api/v1/organisations/{}", f.organisation),
            json!({"name": "Nacka äldre och omsorg", "kind": "administration", "party_id": f.nacka, "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/sub-regions") => {
            body("/api/v1/sub-regions".to_owned(), json!({"name": "Ny delregion", "valid_from": "2025-01-01"}))
        }
        ("PUT", "/api/v1/sub-regions/{id}") => body(
            format!("/api/v1/sub-regions/{}", f.sub_region),
            json!({"name": "Sydost", "description": "Omdöpt", "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/agreements") => body(
            "/api/v1/agreements".to_owned(),
            json!({"title": "Ny överenskommelse", "kind": "subject_area", "target_groups": ["elderly"]}),
        ),
        ("PUT", "/api/v1/agreements/{id}") => body(
            format!("/api/v1/agreements/{}", f.other_agreement),
            json!({"title": "Ändrad överenskommelse", "kind": "subject_area", "target_groups": ["adults"]}),
        ),
        ("POST", "/api/v1/agreements/{id}/versions") => {
            body(format!("/api/v1/agreements/{}/versions", f.agreement), json!({"number": "2026"}))
        }
        ("POST", "/api/v1/agreements/{id}/relations") => body(
            format!("/api/v1/agreements/{}/relations", f.agreement),
            json!({"kind": "add_on_to", "related_id": f.other_agreement}),
        ),
        ("POST", "/api/v1/versions/{id}/consultation") => body(
            format!("/api/v1/versions/{}/consultation", f.fresh_version),
            json!({"sent_on": "2026-01-10", "deadline": "2026-03-01"}),
        ),
        ("POST", "/api/v1/consultations/{id}/answers") => body(
            format!("/api/v1/consultations/{}/answers", f.consultation),
            json!({"party_id": f.nacka, "answered_on": "2025-02-01", "stance": "agrees"}),
        ),
        ("POST", "/api/v1/versions/{id}/recommendations") => body(
            format!("/api/v1/versions/{}/recommendations", f.version),
            json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2025-04-01", "outcome": "recommended"}),
        ),
        ("POST", "/api/v1/versions/{id}/decisions") => body(
            format!("/api/v1/versions/{}/decisions", f.version),
            json!({"party_id": f.nacka, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-06-01", "outcome": "adopted"}),
        ),
        ("POST", "/api/v1/versions/{id}/preparatory-steps") => body(
            format!("/api/v1/versions/{}/preparatory-steps", f.version),
            json!({"party_id": f.nacka, "body_name": "Socialnämnden", "role": "opinion", "handled_on": "2025-05-10"}),
        ),
        ("POST", "/api/v1/versions/{id}/documents") => {
            body(format!("/api/v1/versions/{}/documents", f.version), json!({"file": "Överenskommelsen.pdf"}))
        }
        ("POST", "/api/v1/answers/{id}/documents") => {
            body(format!("/api/v1/answers/{}/documents", f.answer), json!({"file": "Remissvar.pdf"}))
        }
        ("POST", "/api/v1/decisions/{id}/documents") => {
            body(format!("/api/v1/decisions/{}/documents", f.decision), json!({"file": "Protokollsutdrag.pdf"}))
        }
        ("POST", "/versioner/{id}/nytt-dokument") => {
            body(format!("/versioner/{}/nytt-dokument", f.version), json!({"file": "Bilaga.pdf"}))
        }
        ("POST", "/parter/{id}/ny-funktion") => body(
            format!("/parter/{}/ny-funktion", f.nacka),
            json!({"name": "Samordnare barn och unga", "kind": "other", "valid_from": "2025-01-01"}),
        ),
        ("POST", "/omraden/{id}/ny-funktion") => body(
            format!("/omraden/{}/ny-funktion", f.nacka_area),
            json!({"name": "Kontaktperson närområdet", "kind": "other", "valid_from": "2025-01-01"}),
        ),
        ("POST", "/funktioner/{id}/andra") => body(
            format!("/funktioner/{}/andra", f.function),
            json!({"name": "Kontaktperson HÖK Nacka", "kind": "other", "valid_from": "2020-01-01"}),
        ),
        ("POST", "/funktioner/{id}/byte") => body(
            format!("/funktioner/{}/byte", f.function),
            json!({"valid_from": "2025-06-01", "organisation_id": f.organisation, "person_name": "Lena Holm"}),
        ),
        ("POST", "/personer/{id}/andra") => {
            body(format!("/personer/{}/andra", f.person), json!({"name": "Anna Berg", "title": "Verksamhetschef"}))
        }
        ("POST", "/organ/nytt") => body(
            "/organ/nytt".to_owned(),
            json!({"name": "Nätverket", "level": "local", "kind": "other", "area_id": f.nacka_area, "valid_from": "2025-01-01"}),
        ),
        ("POST", "/organ/{id}/andra") => body(
            format!("/organ/{}/andra", f.body),
            json!({"name": "Närområdesgruppen", "level": "local", "kind": "local_collaboration", "area_id": f.nacka_area, "valid_from": "2020-01-01"}),
        ),
        ("POST", "/organ/{id}/ny-medlem") => body(
            format!("/organ/{}/ny-medlem", f.body),
            json!({"function_id": f.function, "role": "chair", "valid_from": "2030-01-01"}),
        ),
        ("POST", "/medlemskap/{id}/avsluta") => {
            body(format!("/medlemskap/{}/avsluta", f.membership), json!({"valid_to": "2029-03-31"}))
        }
        ("POST", "/organisationer/ny") => body(
            "/organisationer/ny".to_owned(),
            json!({"name": "Nacka hemtjänst", "kind": "other", "party_id": f.nacka, "valid_from": "2025-01-01"}),
        ),
        ("POST", "/organisationer/{id}/andra") => body(
            format!("/organisationer/{}/andra", f.organisation),
            json!({"name": "Nacka vård och omsorg", "kind": "administration", "party_id": f.nacka, "valid_from": "2020-01-01"}),
        ),
        ("POST", "/delregioner/ny") => {
            body("/delregioner/ny".to_owned(), json!({"name": "Norrort", "valid_from": "2025-01-01"}))
        }
        ("POST", "/delregioner/{id}/andra") => {
            body(format!("/delregioner/{}/andra", f.sub_region), json!({"name": "Sydost", "valid_from": "2020-01-01"}))
        }
        ("POST", "/overenskommelser/{id}/remiss/svar") => body(
            format!("/overenskommelser/{}/remiss/svar?version={}", f.agreement, f.version),
            json!({"party_id": f.nacka, "answered_on": "2025-02-20", "stance": "no_comment"}),
        ),
        ("POST", "/overenskommelser/{id}/antagande/beslut") => body(
            format!("/overenskommelser/{}/antagande/beslut?version={}", f.agreement, f.version),
            json!({"party_id": f.nacka, "deciding_body": "Kommunfullmäktige", "decided_text": "hösten 2025", "outcome": "referred_back"}),
        ),
        ("POST", "/overenskommelser/{id}/antagande/beredning") => body(
            format!("/overenskommelser/{}/antagande/beredning?version={}", f.agreement, f.version),
            json!({"party_id": f.nacka, "body_name": "Äldrenämnden", "role": "opinion", "handled_on": "2025-05-12"}),
        ),
        ("POST", "/logga-in") => Some(Valid::NotHere("signing in: nothing of the collaboration is written")),
        ("POST", "/logga-ut") => Some(Valid::NotHere("signing out: no field")),
        ("POST", "/konto/nycklar/{id}/aterkalla") => Some(Valid::NotHere("revoking one's token: no field")),
        ("POST", "/konto/losenord") => Some(Valid::NotHere("a password is stored only as its hash")),
        // One's own token's name: its form is part of /konto and answers with the token, not a
        // redirect; the guard on it is tried in accounts.rs.
        ("POST", "/konto/nycklar") => Some(Valid::NotHere("one's own token's name (tried in accounts.rs)")),
        _ => None,
    }
}

/// A field's value as a form sends it.
fn form_value(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// Sends a submission as `who`: JSON with the token under /api/, a form with the session and
/// its CSRF token elsewhere; multipart (the `file` field as a small PDF) when `file` is given.
async fn send(app: &TestApp, who: &Caller, method: &str, path: &str, body: &Value) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = app.client.request(method, format!("{}{path}", app.base));
    let api = path.starts_with("/api/");
    if api {
        request = request.bearer_auth(who.bearer.as_deref().unwrap());
    } else {
        request = request.header("cookie", format!("samverkan_session={}", who.session.as_deref().unwrap()));
    }
    let fields = body.as_object().unwrap();
    if let Some(file_name) = fields.get("file").and_then(Value::as_str) {
        let mut form = reqwest::multipart::Form::new();
        if !api {
            form = form.text("csrf", who.csrf.clone());
        }
        for (k, v) in fields.iter().filter(|(k, _)| *k != "file") {
            form = form.text(k.clone(), form_value(v));
        }
        let pdf = crate::documents::pdf("Bilaga");
        form = form.part("file", reqwest::multipart::Part::bytes(pdf).file_name(file_name.to_owned()));
        return request.multipart(form).send().await.unwrap();
    }
    if api {
        return request.json(body).send().await.unwrap();
    }
    let mut pairs: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.clone(), form_value(v))).collect();
    pairs.push(("csrf".to_owned(), who.csrf.clone()));
    request.form(&pairs).send().await.unwrap()
}

/// The fields of a request body as the API describes it: free text (a string that is no date,
/// code or file), dates and files. Ids and lists of codes are no text.
fn api_fields(openapi: &Value, schema: &Value) -> Vec<(String, Kind)> {
    let schema = match schema["$ref"].as_str() {
        Some(r) => &openapi["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        None => schema,
    };
    let required: Vec<&str> =
        schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let is = |p: &Value, t: &str| p["type"] == t || p["type"].as_array().is_some_and(|ts| ts.iter().any(|x| x == t));
    let mut out = Vec::new();
    for (name, p) in schema["properties"].as_object().unwrap() {
        let kind = match (p["format"].as_str(), p.get("enum").is_some()) {
            _ if is(p, "array") => {
                assert!(
                    p["items"].get("enum").is_some() || !is(&p["items"], "string"),
                    "{name}: a list of free texts; teach this test to try one"
                );
                continue;
            }
            (Some("date"), _) => Kind::Date,
            (Some("binary"), _) => Kind::File,
            (None, false) if is(p, "string") => Kind::Text { required: required.contains(&name.as_str()) },
            _ => continue,
        };
        out.push((name.clone(), kind));
    }
    out
}

/// The names of the invalid parameters of a problem document, each with its reason.
fn named(problem: &Value) -> Vec<(String, String)> {
    problem["invalid_params"]
        .as_array()
        .map(|ps| ps.iter().map(|p| (form_value(&p["name"]), form_value(&p["reason"]))).collect())
        .unwrap_or_default()
}

/// Every write of the API, each free-text field of it in turn: a valid number is refused with a
/// message on that field (and only there) and nothing is saved; a wrong check digit in every
/// text field at once is accepted.
#[tokio::test]
async fn every_api_text_field_refuses_a_personal_identity_number() {
    let app = TestApp::spawn().await;
    let f = fixture(&app.store).await;
    let admin = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let openapi = app.json("/api/openapi.json").await;
    let probes = probes();
    let (mut unknown, mut writes, mut texts) = (Vec::new(), 0, 0);
    for (route, item) in openapi["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch", "delete"] {
            let Some(operation) = item.get(method) else { continue };
            let method = method.to_uppercase();
            let (path, body) = match valid(&method, route, &f) {
                Some(Valid::Body(path, body)) => (path, body),
                Some(Valid::NotHere(why)) => panic!("{method} {route} writes records, it is not \"{why}\""),
                None => {
                    unknown.push(format!("{method} {route}"));
                    continue;
                }
            };
            writes += 1;
            let content = operation["requestBody"]["content"].as_object().unwrap();
            let schema = &content.values().next().unwrap()["schema"];
            let fields = api_fields(&openapi, schema);
            for (field, kind) in &fields {
                texts += usize::from(matches!(kind, Kind::Text { .. }));
                for probe in probes.iter().filter(|p| (p.on)(*kind)) {
                    let mut tried = body.clone();
                    tried[field] = json!(probe.value);
                    let before = events(&app.store).await;
                    let response = send(&app, &admin, &method, &path, &tried).await;
                    let status = response.status().as_u16();
                    let answer: Value = response.json().await.unwrap_or(Value::Null);
                    let what = format!("{method} {path} with {field} = {:?}", probe.value);
                    assert_eq!(status, 422, "{what}: {answer}");
                    let named = named(&answer);
                    assert_eq!(named.len(), 1, "{what}: only that field is wrong: {answer}");
                    assert_eq!(named[0].0, *field, "{what}: {answer}");
                    // A phone number is no free text: it is refused as not a phone number.
                    if !field.contains("phone") {
                        assert!(named[0].1.contains(probe.told), "{what}: {answer}");
                    }
                    assert_eq!(events(&app.store).await, before, "{what}: nothing is saved");
                }
            }
            // The body as it is, with a number that fails its check digit in every text field
            // (e-mail and phone keep theirs: they must look like one) and the file's name.
            let mut accepted = body.clone();
            for (field, kind) in &fields {
                match kind {
                    Kind::Text { .. } if !field.contains("email") && !field.contains("phone") => {
                        accepted[field] = json!(text_with(NOT_A_NUMBER));
                    }
                    Kind::File => accepted[field] = json!(format!("Remiss {NOT_A_NUMBER}.pdf")),
                    _ => {}
                }
            }
            let before = events(&app.store).await;
            let response = send(&app, &admin, &method, &path, &accepted).await;
            let status = response.status().as_u16();
            let answer = response.text().await.unwrap();
            assert!((200..300).contains(&status), "{method} {path} {accepted}: {status} {answer}");
            assert!(events(&app.store).await > before, "{method} {path}: saved");
        }
    }
    assert!(unknown.is_empty(), "writes without a valid submission in `valid`: {unknown:?}");
    assert!(writes >= 24 && texts >= 40, "{writes} writes, {texts} text fields: the description was read");
}

/// An input of a form page: its name, its id (the message's is `{id}-error`) and its kind.
#[derive(Debug)]
struct FormInput {
    name: String,
    id: String,
    kind: Kind,
}

/// An attribute's value in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..].split('"').next()?.to_owned())
}

/// The text inputs, text areas, date inputs and file inputs of a page's edit form.
fn form_inputs(page: &str) -> Vec<FormInput> {
    let form = page.split("<form class=\"edit-form").nth(1).unwrap_or_else(|| panic!("no edit form: {page}"));
    let form = form.split("</form>").next().unwrap();
    let mut out = Vec::new();
    for (i, _) in form.match_indices('<') {
        let tag = &form[i..i + form[i..].find('>').unwrap()];
        let kind = match (tag.split_whitespace().next(), attribute(tag, "type").as_deref()) {
            (Some("<textarea"), _) | (Some("<input"), Some("text")) => {
                Kind::Text { required: tag.contains(" required") }
            }
            (Some("<input"), Some("date")) => Kind::Date,
            (Some("<input"), Some("file")) => Kind::File,
            _ => continue,
        };
        out.push(FormInput { name: attribute(tag, "name").unwrap(), id: attribute(tag, "id").unwrap(), kind });
    }
    out
}

/// Every page form that writes records, each of its text inputs and text areas in turn (as the
/// page offers them): a valid number is refused on the form's own page (422) with the message
/// beside that field, and nothing is saved; a wrong check digit in all of them is accepted.
#[tokio::test]
async fn every_form_text_field_refuses_a_personal_identity_number() {
    let app = TestApp::spawn().await;
    let f = fixture(&app.store).await;
    let admin = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let probes = probes();
    let (mut unknown, mut forms, mut texts) = (Vec::new(), 0, 0);
    for route in samverkan_web::state_changing_routes().iter().filter(|r| !r.path.starts_with("/api/")) {
        let (path, body) = match valid(route.method.as_str(), &route.path, &f) {
            Some(Valid::Body(path, body)) => (path, body),
            Some(Valid::NotHere(_)) if route.access != Access::Records => continue,
            Some(Valid::NotHere(why)) => panic!("{} writes records, it is not \"{why}\"", route.path),
            None => {
                unknown.push(route.path.clone());
                continue;
            }
        };
        forms += 1;
        let inputs = form_inputs(&page_as(&app, &admin, &path).await);
        for input in &inputs {
            texts += usize::from(matches!(input.kind, Kind::Text { .. }));
            for probe in probes.iter().filter(|p| (p.on)(input.kind)) {
                let mut tried = body.clone();
                tried[&input.name] = json!(probe.value);
                let before = events(&app.store).await;
                let response = send(&app, &admin, "POST", &path, &tried).await;
                let status = response.status().as_u16();
                let page = response.text().await.unwrap();
                let what = format!("{path} with {} = {:?}", input.name, probe.value);
                assert_eq!(status, 422, "{what}: {page}");
                assert!(page.contains("Uppgifterna kunde inte sparas"), "{what}: the form's own page");
                let message = page
                    .split(&format!("id=\"{}-error\">", input.id))
                    .nth(1)
                    .unwrap_or_else(|| panic!("{what}: no message beside the field: {page}"));
                let message = message.split("</p>").next().unwrap();
                assert!(message.contains(probe.told), "{what}: {message}");
                assert_eq!(page.matches("class=\"field-error\"").count(), 1, "{what}: only that field is wrong");
                assert_eq!(events(&app.store).await, before, "{what}: nothing is saved");
            }
        }
        let mut accepted = body.clone();
        for input in &inputs {
            match input.kind {
                Kind::Text { .. } => accepted[&input.name] = json!(text_with(NOT_A_NUMBER)),
                Kind::File => accepted[&input.name] = json!(format!("Remiss {NOT_A_NUMBER}.pdf")),
                Kind::Date => {}
            }
        }
        let before = events(&app.store).await;
        let response = send(&app, &admin, "POST", &path, &accepted).await;
        let status = response.status().as_u16();
        let page = response.text().await.unwrap();
        assert_eq!(status, 303, "{path} {accepted}: {page}");
        assert!(events(&app.store).await > before, "{path}: saved");
    }
    assert!(unknown.is_empty(), "form routes without a valid submission in `valid`: {unknown:?}");
    assert!(forms >= 17 && texts >= 25, "{forms} forms, {texts} text fields: the pages were read");
}
