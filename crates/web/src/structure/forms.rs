//! The pages that change functions, their holders (handovers) and persons: a form (GET) and its
//! submission (POST) each.
//!
//! Every submission goes through the gate ([`FormWriter`]: signed in, CSRF token checked) and
//! then to the store's edit, which decides whether the user may make the change and checks the
//! fields. A form whose fields were not accepted comes back with status 422, what was typed kept,
//! a Swedish message beside each wrong field and a summary at the top linking to them. Whether to
//! *show* a form or an edit link is decided here with the same rule the store applies
//! ([`may_change`]); the store decides again, for real, when the form is sent.

use super::scopes::{function_scope, person_scope};
use crate::kit::{Access, AppState, Error, FormRoute, FormWriter, PageAt, PageError, parse_id, paths, today};
use crate::kit::{
    Field, Form, FormFields, Group, MAX_CHOICES, Page, Values, answer, editor, input_with, page, plain, show,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::commands::{FunctionDetails, NewHolder, PersonDetails};
use samverkan_domain::{Scope, may_change};
use samverkan_store::{Function, WriteError};

/// The form pages, each a GET (the form) and a POST (its submission) at one address.
pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(paths::PARTY_NEW_FUNCTION, get(new_party_function_form).post(new_party_function)),
        route(paths::AREA_NEW_FUNCTION, get(new_area_function_form).post(new_area_function)),
        route(paths::FUNCTION_EDIT, get(edit_function_form).post(edit_function)),
        route(paths::FUNCTION_HANDOVER, get(handover_form).post(handover)),
        route(paths::PERSON_EDIT, get(edit_person_form).post(edit_person)),
    ]
}

// ---- functions -------------------------------------------------------------------------------

/// A function's form: its details (a new one's party or area comes from the page's address).
fn function_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<FunctionDetails>().rest())]
}

/// Where a new function goes: a party or an area, by the address.
#[derive(Clone, Copy)]
enum Owner {
    Party(i32),
    Area(i32),
}

impl Owner {
    fn field(self) -> (&'static str, i32) {
        match self {
            Owner::Party(id) => ("party_id", id),
            Owner::Area(id) => ("area_id", id),
        }
    }

    fn href(self) -> String {
        match self {
            Owner::Party(id) => paths::party(id),
            Owner::Area(id) => paths::area(id),
        }
    }

    /// The owner's name and the scope a new function of it has.
    async fn describe(self, state: &AppState) -> Result<(String, Scope), Error> {
        let s = &state.store;
        match self {
            Owner::Party(id) => {
                let party = s.party(id).await?.ok_or(Error::NotFound)?;
                Ok((party.name, Scope::party(id)))
            }
            Owner::Area(id) => {
                let area = s.area(id, today()).await?.ok_or(Error::NotFound)?;
                Ok((format!("närområde {}", area.area.name), Scope::party(area.area.party_id)))
            }
        }
    }

    fn path(self) -> String {
        match self {
            Owner::Party(id) => paths::party_new_function(id),
            Owner::Area(id) => paths::area_new_function(id),
        }
    }
}

fn new_function_page(owner: Owner, name: &str) -> Page {
    page(format!("Ny funktion hos {name}"), "", owner.href(), format!("Tillbaka till {name}"))
        .intro("En funktion är ett bestående uppdrag, till exempel samordnande vårdcentral. Vem som innehar den anges sedan på funktionens sida.")
}

async fn new_function_form_for(state: AppState, at: PageAt, owner: Owner) -> Result<Response, PageError> {
    let (name, scope) = owner.describe(&state).await?;
    let user = editor(&at, Some(scope))?;
    let form = Form::new(owner.path(), &user, "Spara funktionen", function_fields())
        .fill(&Values::of([("valid_from", Some(at.0.date.to_string()))]), None);
    show(&state, &at, new_function_page(owner, &name), form, StatusCode::OK)
}

async fn new_function_for(
    state: AppState,
    at: PageAt,
    owner: Owner,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let (name, _) = owner.describe(&state).await?;
    let (field, id) = owner.field();
    let result = state.store.create_function(&writer.actor(), input_with(&writer, field, id)).await;
    let again = || {
        (new_function_page(owner, &name), Form::new(owner.path(), &writer.user, "Spara funktionen", function_fields()))
    };
    answer(&state, &at, result, paths::function, "Funktionen är sparad.", again, &writer)
}

async fn new_party_function_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    new_function_form_for(state, at, Owner::Party(parse_id(&id)?)).await
}

async fn new_party_function(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    new_function_for(state, at, Owner::Party(parse_id(&id)?), writer).await
}

async fn new_area_function_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    new_function_form_for(state, at, Owner::Area(parse_id(&id)?)).await
}

async fn new_area_function(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    new_function_for(state, at, Owner::Area(parse_id(&id)?), writer).await
}

fn edit_function_page(f: &Function) -> Page {
    page(format!("Ändra {}", f.name), "", paths::function(f.id), format!("Tillbaka till {}", f.name))
        .intro("Avslutar du funktionen (Giltig till) avslutas också innehavet som löper längre, samma dag.")
}

async fn edit_function_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let f = state.store.function(parse_id(&id)?).await?.ok_or(Error::NotFound)?.function;
    let user = editor(&at, Some(function_scope(&f)))?;
    let details = state.store.details::<FunctionDetails>(f.id).await?.ok_or(Error::NotFound)?;
    let form = Form::new(paths::function_edit(f.id), &user, "Spara ändringarna", function_fields())
        .fill(&Values::of_command(&details), None);
    show(&state, &at, edit_function_page(&f), form, StatusCode::OK)
}

async fn edit_function(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let f = state.store.function(parse_id(&id)?).await?.ok_or(Error::NotFound)?.function;
    let result = state.store.update_function(&writer.actor(), f.id, writer.input()).await;
    let again = || {
        let form = Form::new(paths::function_edit(f.id), &writer.user, "Spara ändringarna", function_fields());
        (edit_function_page(&f), form)
    };
    answer(&state, &at, result, |_| paths::function(f.id), "Ändringarna är sparade.", again, &writer)
}

// ---- handovers -------------------------------------------------------------------------------

/// The handover form of a function, also shown on the function's page.
pub(crate) async fn handover_fields(
    state: &AppState,
    history: &samverkan_store::FunctionHistory,
) -> Result<Vec<Group>, Error> {
    let s = &state.store;
    let f = &history.function;
    // The holder is one of the function's own party's organisations (the region's for a
    // coordinating health centre) or an independent one, such as a private health centre.
    let organisations = s.holder_choices(today(), f.party_id, MAX_CHOICES).await?;
    let where_org = "organisationens sida (under Organisationer)";
    let mut persons: Vec<(String, String)> = Vec::new();
    for p in history.appointments.iter().filter_map(|h| h.person.as_ref()) {
        if !persons.iter().any(|(id, _)| *id == p.id.to_string()) {
            persons.push((p.id.to_string(), p.name.clone()));
        }
    }
    let mut fields = FormFields::of::<NewHolder>();
    let first = vec![fields.take("valid_from"), fields.choice("organisation_id", organisations, where_org)];
    let earlier = fields.select("person_id", persons);
    let mut contact: Vec<Field> = earlier.into_iter().collect();
    contact.extend(
        ["person_name", "person_title", "person_email", "person_phone"].map(|n| fields.take(n).autocomplete("off")),
    );
    let parties = s.party_choices(today(), MAX_CHOICES).await?;
    let last = vec![fields.take("basis"), fields.choice("on_behalf_of_party_id", parties, "partens sida")];
    Ok(vec![
        plain(first),
        Group {
            legend: Some("Kontaktperson"),
            hint: Some("Frivilligt. Kontaktuppgifter visas bara för inloggade."),
            fields: contact,
        },
        plain(last),
    ])
}

fn handover_page(f: &Function) -> Page {
    page(format!("Byt innehavare av {}", f.name), "", paths::function(f.id), format!("Tillbaka till {}", f.name))
        .intro("Ett byte avslutar den nuvarande innehavaren dagen före och låter den nya börja samma dag, i ett steg.")
}

async fn handover_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let history = state.store.function(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let user = editor(&at, Some(function_scope(&history.function)))?;
    let form = Form::new(
        paths::function_handover(history.function.id),
        &user,
        "Byt innehavare",
        handover_fields(&state, &history).await?,
    )
    .fill(&Values::default(), None);
    show(&state, &at, handover_page(&history.function), form, StatusCode::OK)
}

async fn handover(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let history = state.store.function(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let f = history.function.clone();
    let result = state.store.hand_over_function(&writer.actor(), f.id, writer.input()).await;
    let groups = if matches!(result, Err(WriteError::Invalid(_))) {
        handover_fields(&state, &history).await?
    } else {
        Vec::new()
    };
    let again =
        || (handover_page(&f), Form::new(paths::function_handover(f.id), &writer.user, "Byt innehavare", groups));
    answer(&state, &at, result, |_| paths::function(f.id), "Den nya innehavaren är sparad.", again, &writer)
}

// ---- persons ---------------------------------------------------------------------------------

fn person_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<PersonDetails>().rest().into_iter().map(|f| f.autocomplete("off")).collect())]
}

/// Who may change a person: anyone whose roles cover one of the functions they hold or have
/// held; the process leaders for someone who holds none.
fn person_page(p: &samverkan_store::Person) -> Page {
    page(format!("Ändra {}", p.name), "", paths::person(p.id), format!("Tillbaka till {}", p.name))
        .intro("Personuppgifter: bara namn, titel, e-post och telefon. E-post och telefon visas bara för inloggade.")
}

async fn edit_person_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let record = state.store.person(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let user = at.1.clone().ok_or(Error::Unauthorized)?;
    if !may_change(&user.grants, person_scope(&record.person)) {
        return Err(PageError(Error::NotPermitted));
    }
    let p = &record.person;
    let details = state.store.details::<PersonDetails>(p.id).await?.ok_or(Error::NotFound)?;
    let form = Form::new(paths::person_edit(p.id), &user, "Spara ändringarna", person_fields())
        .fill(&Values::of_command(&details), None);
    show(&state, &at, person_page(p), form, StatusCode::OK)
}

async fn edit_person(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let record = state.store.person(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let p = record.person;
    let result = state.store.update_person(&writer.actor(), p.id, writer.input()).await;
    let again =
        || (person_page(&p), Form::new(paths::person_edit(p.id), &writer.user, "Spara ändringarna", person_fields()));
    answer(&state, &at, result, |_| paths::person(p.id), "Ändringarna är sparade.", again, &writer)
}
