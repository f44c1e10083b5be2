//! Crisis support's forms: the area's contact list (its functions as rows, with empty rows for
//! new ones), "Aktivera krisstöd", an entry in an incident's log and the incident's closing.
//! Their pages answer 404 to anyone who may not see the area's crisis support.

use std::sync::LazyLock;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::commands::crisis::{CONTACT_FIELDS, NEW_ROWS};
use samverkan_domain::commands::{ActivateCrisis, CloseIncident, CrisisContact, CrisisContactList, IncidentLogEntry};
use samverkan_store::SessionUser;

use super::common::{ack_links, seen};
use crate::kit::{
    Access, AppState, Error, Form, FormFields, FormRoute, FormWriter, Group, Page, PageAt, PageError, Values, answer,
    editor, page, parse_id, paths, plain, show,
};
use crate::meetings::common::mailing;

/// The most functions a list's form shows (a list is a handful; this bounds the form).
const MAX_ROWS: usize = 40;

pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(paths::AREA_CRISIS_CONTACTS, get(contacts_form).post(save_contacts)),
        route(paths::AREA_CRISIS_ACTIVATE, get(activate_form).post(activate)),
        route(paths::INCIDENT_LOG, get(log_form).post(log)),
        route(paths::INCIDENT_CLOSE, get(close_form).post(close)),
    ]
}

/// The user, if they may see the area's crisis support (404 otherwise, 401 signed out).
fn coordinator(at: &PageAt, area_id: i32) -> Result<std::sync::Arc<SessionUser>, Error> {
    let user = at.1.clone().ok_or(Error::Unauthorized)?;
    seen(Some(&user), area_id)?;
    editor(at, Some(samverkan_store::Store::crisis_scope(area_id)))
}

async fn area_name(state: &AppState, area_id: i32) -> Result<String, Error> {
    Ok(state.store.crisis_list(area_id).await?.ok_or(Error::NotFound)?.area.name)
}

fn back(area_id: i32, name: &str) -> (String, String) {
    (paths::area_crisis(area_id), format!("Tillbaka till krisstöd i {name}"))
}

// ---- the contact list -------------------------------------------------------------------------

/// Each row's field names (`function-0`, …) and legends, made once.
static ROW_NAMES: LazyLock<Vec<[String; 7]>> =
    LazyLock::new(|| (0..MAX_ROWS).map(|n| CONTACT_FIELDS.map(|f| format!("{f}-{n}"))).collect());
static ROW_LEGENDS: LazyLock<Vec<String>> = LazyLock::new(|| (1..=MAX_ROWS).map(|n| format!("Funktion {n}")).collect());

fn contact_fields(rows: usize) -> Vec<Group> {
    let mut groups =
        vec![plain(vec![FormFields::of::<samverkan_domain::commands::CrisisListDetails>().take("meeting_place")])];
    for n in 0..rows.min(MAX_ROWS) {
        let mut f = FormFields::of::<CrisisContact>();
        let fields = CONTACT_FIELDS
            .iter()
            .zip(ROW_NAMES[n].iter())
            .map(|(field, name)| {
                let mut x = f.take(field);
                x.name = name.as_str();
                // Only the function makes a row; an empty row is no function.
                x.required = false;
                x
            })
            .collect();
        groups.push(Group { legend: Some(ROW_LEGENDS[n].as_str()), hint: None, fields });
    }
    groups
}

/// How many rows a submitted form had.
fn rows_sent(fields: &[(String, String)]) -> usize {
    fields
        .iter()
        .filter_map(|(k, _)| k.rsplit_once('-').and_then(|(_, n)| n.parse::<usize>().ok()))
        .map(|n| n + 1)
        .max()
        .unwrap_or(0)
        .min(MAX_ROWS)
}

fn contacts_page(area_id: i32, name: &str) -> Page {
    let (href, label) = back(area_id, name);
    page(format!("Krislista för {name}"), "omraden", href, label).intro(
        "Funktioner som ska kunna nås dygnet runt, med innehavare och ersättare. Lämna en rad tom för att ta bort funktionen. När listan sparas räknas den som kontrollerad i dag.",
    )
}

async fn contacts_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let user = coordinator(&at, id)?;
    let list = state.store.crisis_list(id).await?.ok_or(Error::NotFound)?;
    let rows = list.contacts.len() + NEW_ROWS;
    let mut values: Vec<(&'static str, Option<String>)> = vec![("meeting_place", list.meeting_place.clone())];
    for (n, c) in list.contacts.iter().enumerate().take(MAX_ROWS) {
        let cells =
            [&Some(c.function.clone()), &c.holder, &c.phone, &c.email, &c.deputy, &c.deputy_phone, &c.deputy_email];
        for (name, v) in ROW_NAMES[n].iter().zip(cells) {
            values.push((name.as_str(), v.clone()));
        }
    }
    let form = Form::new(paths::area_crisis_contacts(id), &user, "Spara krislistan", contact_fields(rows));
    show(&state, &at, contacts_page(id, &list.area.name), form.fill(&Values::from_pairs(values), None), StatusCode::OK)
}

async fn save_contacts(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let name = area_name(&state, id).await?;
    let rows = rows_sent(&writer.fields);
    let list = CrisisContactList::from_form(&writer.fields, rows);
    let result = state.store.save_crisis_list(&writer.actor(), id, list).await;
    let again = || {
        (
            contacts_page(id, &name),
            Form::new(paths::area_crisis_contacts(id), &writer.user, "Spara krislistan", contact_fields(rows)),
        )
    };
    answer(&state, &at, result, paths::area_crisis, "Krislistan är sparad och kontrollerad i dag.", again, &writer)
}

// ---- activation ------------------------------------------------------------------------------

fn activate_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<ActivateCrisis>().rest())]
}

fn activate_page(area_id: i32, name: &str) -> Page {
    let (href, label) = back(area_id, name);
    page(format!("Aktivera krisstöd i {name}"), "omraden", href, label).intro(
        "Alla på närområdets krislista får ett meddelande med e-post med en personlig länk att bekräfta att de tagit emot det. Tiden anges i svensk tid.",
    )
}

async fn activate_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let user = coordinator(&at, id)?;
    let name = area_name(&state, id).await?;
    let form = Form::new(paths::area_crisis_activate(id), &user, "Aktivera krisstöd", activate_fields());
    show(&state, &at, activate_page(id, &name), form.fill(&Values::default(), None), StatusCode::OK)
}

async fn activate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let name = area_name(&state, id).await?;
    let result =
        state.store.activate_crisis(&writer.actor(), id, writer.input(), &mailing(&state), &ack_links(&state)).await;
    let again = || {
        (
            activate_page(id, &name),
            Form::new(paths::area_crisis_activate(id), &writer.user, "Aktivera krisstöd", activate_fields()),
        )
    };
    answer(
        &state,
        &at,
        result,
        paths::incident,
        "Krisstöd är aktiverat. Meddelandena skickas med e-post.",
        again,
        &writer,
    )
}

// ---- an incident's log and closing ----------------------------------------------------------

async fn incident_area(state: &AppState, id: i32) -> Result<i32, Error> {
    state.store.incident_area(id).await?.ok_or(Error::NotFound)
}

fn incident_page(id: i32, heading: &str) -> Page {
    page(heading.to_owned(), "omraden", paths::incident(id), "Tillbaka till händelsen")
}

fn log_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<IncidentLogEntry>().rest())]
}

fn close_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<CloseIncident>().rest())]
}

async fn log_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let user = coordinator(&at, incident_area(&state, id).await?)?;
    let form = Form::new(paths::incident_log(id), &user, "Skriv i loggen", log_fields());
    show(
        &state,
        &at,
        incident_page(id, "Ny anteckning i händelseloggen"),
        form.fill(&Values::default(), None),
        StatusCode::OK,
    )
}

async fn log(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let result = state.store.log_incident(&writer.actor(), id, writer.input()).await;
    let again = || {
        (
            incident_page(id, "Ny anteckning i händelseloggen"),
            Form::new(paths::incident_log(id), &writer.user, "Skriv i loggen", log_fields()),
        )
    };
    answer(&state, &at, result, paths::incident, "Anteckningen är sparad i loggen.", again, &writer)
}

async fn close_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let user = coordinator(&at, incident_area(&state, id).await?)?;
    let form = Form::new(paths::incident_close(id), &user, "Avsluta händelsen", close_fields());
    show(&state, &at, incident_page(id, "Avsluta händelsen"), form.fill(&Values::default(), None), StatusCode::OK)
}

async fn close(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let result = state.store.close_incident(&writer.actor(), id, writer.input()).await;
    let again = || {
        (
            incident_page(id, "Avsluta händelsen"),
            Form::new(paths::incident_close(id), &writer.user, "Avsluta händelsen", close_fields()),
        )
    };
    answer(&state, &at, result, paths::incident, "Händelsen är avslutad.", again, &writer)
}
