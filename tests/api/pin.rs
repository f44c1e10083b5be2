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
use samverkan_store::{AuditCheck, Store};
use samverkan_web::{Access, StateChangingRoute};
use serde_json::{Value, json};

use crate::authorisation::{Caller, Expect, Fixture, caller, cases, fixture};
use crate::helpers::{TestApp, form_value, page_as, submit};

/// A valid number in the spellings people use (the last a samordningsnummer: day 18 + 60).
const NUMBERS: [&str; 4] = ["19811218-9876", "811218-9876", "8112189876", "811278-9873"];
/// The same with a wrong check digit: some other number, which is accepted.
const NOT_A_NUMBER: &str = "811218-9875";

/// A text with `number` inside it (short enough for the shortest field, 40 characters).
fn text_with(number: &str) -> String {
    format!("Anteckning {number} här")
}

/// The fields that hold a time in words ("våren 2022"): read as a time, they accept no other
/// text, so the accepted body gives them one (past, and after the fixtures' consultations).
const TIME_IN_WORDS: [&str; 5] = ["date_text", "sent_text", "decided_text", "handled_text", "in_force_text"];

/// The fields read as something other than free text, though they are strings: a meeting's
/// local times and its video link. Each is first guarded as every text is, so it is tried with
/// the numbers; accepted, it is given a value of its own kind (the number in the link).
const NOT_FREE_TEXT: [(&str, &str); 4] = [
    ("starts_at", "2031-05-05T09:00"),
    ("occurred_at", "2031-05-05T09:00"),
    ("ends_at", "2031-05-05T10:00"),
    ("video_url", "https://mote.example.se/811218-9875"),
];

/// The text an accepted body gives a field: one with a number that is no personal identity
/// number, or a time for a time in words.
fn accepted_text(field: &str) -> String {
    if let Some((_, value)) = NOT_FREE_TEXT.iter().find(|(f, _)| *f == field) {
        return (*value).to_owned();
    }
    if TIME_IN_WORDS.contains(&field) { "hösten 2025".to_owned() } else { text_with(NOT_A_NUMBER) }
}

/// The texts with a shape of their own (an HSA-id, a web address): an accepted body keeps their
/// valid values; a number in them is refused as in any text.
const SHAPED: [&str; 2] = ["hsa_id", "web"];

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

/// What this test does with a state-changing route.
enum Valid {
    /// The address to call and a submission that is accepted as it is (`file` names a small PDF
    /// sent as the multipart part `file`).
    Body(String, Value),
    /// Not a write of the collaboration's records, and why it is not tried here.
    NotHere(&'static str),
}

/// One valid submission per write: a process leader's accepted case of the authorisation
/// table, on its fixture (so the two tables cannot drift apart). A route missing there fails both.
fn valid(method: &str, path: &str, access: Access, f: &Fixture, admin: &Caller) -> Option<Valid> {
    if access == Access::Public {
        return Some(Valid::NotHere("signing in: nothing of the collaboration is written"));
    }
    let route = StateChangingRoute {
        method: reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
        path: path.to_owned(),
        access,
    };
    let cases = cases(&route, f, admin)?;
    match cases.into_iter().find(|c| c.owned.is_some() && c.expect(admin) == Expect::Done) {
        Some(case) => Some(Valid::Body(case.path.clone(), (case.body)(0))),
        None => Some(Valid::NotHere("one's own account (tried in accounts.rs) or signing in: no record")),
    }
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
            let (path, body) = match valid(&method, route, Access::Records, &f, &admin) {
                Some(Valid::Body(path, body)) => (path, body),
                Some(Valid::NotHere(why)) => panic!("{method} {route} writes records, it is not \"{why}\""),
                None => {
                    unknown.push(format!("{method} {route}"));
                    continue;
                }
            };
            writes += 1;
            // An actor list (issue 14) is a CSV body: its cells are tried instead of fields.
            if let Some(csv) = body.get("csv").and_then(Value::as_str) {
                texts += csv_cells(&app, &admin, &method, &path, csv, &probes).await;
                continue;
            }
            let content = operation["requestBody"]["content"].as_object().unwrap();
            let schema = &content.values().next().unwrap()["schema"];
            let fields = api_fields(&openapi, schema);
            for (field, kind) in &fields {
                texts += usize::from(matches!(kind, Kind::Text { .. }));
                for probe in probes.iter().filter(|p| (p.on)(*kind)) {
                    let mut tried = body.clone();
                    tried[field] = json!(probe.value);
                    let before = events(&app.store).await;
                    let response =
                        submit(&app, &admin, &reqwest::Method::from_bytes(method.as_bytes()).unwrap(), &path, &tried)
                            .await;
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
                    Kind::Text { .. }
                        if !field.contains("email")
                            && !field.contains("phone")
                            && !SHAPED.contains(&field.as_str()) =>
                    {
                        accepted[field] = json!(accepted_text(field));
                    }
                    Kind::File => accepted[field] = json!(format!("Remiss {NOT_A_NUMBER}.pdf")),
                    _ => {}
                }
            }
            let before = events(&app.store).await;
            let response =
                submit(&app, &admin, &reqwest::Method::from_bytes(method.as_bytes()).unwrap(), &path, &accepted).await;
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
        let (path, body) = match valid(route.method.as_str(), &route.path, route.access, &f, &admin) {
            Some(Valid::Body(path, body)) => (path, body),
            Some(Valid::NotHere(_)) if route.access != Access::Records => continue,
            Some(Valid::NotHere(why)) => panic!("{} writes records, it is not \"{why}\"", route.path),
            None => {
                unknown.push(route.path.clone());
                continue;
            }
        };
        forms += 1;
        if let Some(csv) = body.get("csv").and_then(Value::as_str) {
            texts += csv_cells(&app, &admin, "POST", &path, csv, &probes).await;
            continue;
        }
        let inputs = form_inputs(&page_as(&app, &admin, &path).await);
        for input in &inputs {
            texts += usize::from(matches!(input.kind, Kind::Text { .. }));
            for probe in probes.iter().filter(|p| (p.on)(input.kind)) {
                let mut tried = body.clone();
                tried[&input.name] = json!(probe.value);
                let before = events(&app.store).await;
                let response = submit(&app, &admin, &reqwest::Method::POST, &path, &tried).await;
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
                Kind::Text { .. } if !SHAPED.contains(&input.name.as_str()) => {
                    accepted[&input.name] = json!(accepted_text(&input.name))
                }
                Kind::Text { .. } => {}
                Kind::File => accepted[&input.name] = json!(format!("Remiss {NOT_A_NUMBER}.pdf")),
                Kind::Date => {}
            }
        }
        let before = events(&app.store).await;
        let response = submit(&app, &admin, &reqwest::Method::POST, &path, &accepted).await;
        let status = response.status().as_u16();
        let page = response.text().await.unwrap();
        assert_eq!(status, 303, "{path} {accepted}: {page}");
        assert!(events(&app.store).await > before, "{path}: saved");
    }
    assert!(unknown.is_empty(), "form routes without a valid submission in `valid`: {unknown:?}");
    assert!(forms >= 17 && texts >= 25, "{forms} forms, {texts} text fields: the pages were read");
}

/// The free-text columns of an actor list (issue 14); the others are codes, numbers, dates or
/// shaped texts (a web address, an HSA-id), refused as such.
const CSV_TEXTS: [&str; 3] = ["Namn", "Adress", "Kontaktfunktion"];

/// An actor list's free-text cells (the second row's), each in turn, through the API (a text/csv
/// body) or a page's import form: a valid number is refused naming that row and column alone
/// and nothing is saved; a wrong check digit in all of them is accepted. The number of cells
/// tried.
async fn csv_cells(app: &TestApp, admin: &Caller, method: &str, path: &str, csv: &str, probes: &[Probe]) -> usize {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().collect();
    let header: Vec<&str> = lines[0].split(';').collect();
    let row: Vec<&str> = lines[1].split(';').collect();
    let with = |column: usize, value: &str| {
        let cells: Vec<&str> = row.iter().enumerate().map(|(i, c)| if i == column { value } else { c }).collect();
        json!({"csv": format!("{}\r\n{}\r\n", lines[0], cells.join(";"))})
    };
    let texts: Vec<(usize, &str)> = header.iter().copied().enumerate().filter(|(_, h)| CSV_TEXTS.contains(h)).collect();
    assert!(texts.len() >= 2, "{path}: the list's free-text columns: {header:?}");
    for (column, name) in &texts {
        let kind = Kind::Text { required: *name == "Namn" };
        for probe in probes.iter().filter(|p| (p.on)(kind)) {
            let before = events(&app.store).await;
            let response = submit(app, admin, &method, path, &with(*column, &probe.value)).await;
            let status = response.status().as_u16();
            let answer = response.text().await.unwrap();
            let what = format!("{path} with {name} = {:?}", probe.value);
            assert_eq!(status, 422, "{what}: {answer}");
            if path.starts_with("/api/") {
                let problem: Value = serde_json::from_str(&answer).unwrap();
                let errors = problem["errors"].as_array().unwrap();
                assert_eq!(errors.len(), 1, "{what}: only that cell is wrong: {problem}");
                assert_eq!((errors[0]["row"].as_i64(), errors[0]["column"].as_str()), (Some(2), Some(*name)), "{what}");
                assert!(errors[0]["message"].as_str().unwrap().contains(probe.told), "{what}: {problem}");
            } else {
                let cell = format!("<th scope=\"row\">2</th><td>{name}</td><td>{}", probe.told);
                assert!(answer.contains(&cell), "{what}: the row, column and message: {answer}");
                assert_eq!(answer.matches("<th scope=\"row\">").count(), 1, "{what}: only that cell is wrong");
            }
            assert_eq!(events(&app.store).await, before, "{what}: nothing is saved");
        }
    }
    let mut accepted: Vec<String> = row.iter().map(|c| (*c).to_owned()).collect();
    for (column, _) in &texts {
        accepted[*column] = format!("{} {column}", text_with(NOT_A_NUMBER));
    }
    let body = json!({"csv": format!("{}\r\n{}\r\n", lines[0], accepted.join(";"))});
    let before = events(&app.store).await;
    let response = submit(app, admin, &method, path, &body).await;
    let status = response.status().as_u16();
    assert!((200..400).contains(&status), "{path} {body}: {status} {}", response.text().await.unwrap());
    assert!(events(&app.store).await > before, "{path}: saved");
    texts.len()
}
