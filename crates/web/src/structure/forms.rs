//! The pages that change the structure: a form (GET) and its submission (POST) for functions,
//! handovers, persons, bodies, memberships, organisations and sub-regions.
//!
//! Every submission goes through the gate ([`FormWriter`]: signed in, CSRF token checked) and
//! then to the store's edit, which decides whether the user may make the change and checks the
//! fields. A form whose fields were not accepted comes back with status 422, what was typed kept,
//! a Swedish message beside each wrong field and a summary at the top linking to them. Whether to
//! *show* a form or an edit link is decided here with the same rule the store applies
//! ([`may_change`]); the store decides again, for real, when the form is sent.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use samverkan_domain::{
    AreaOf, BodyKind, BodyLevel, FunctionKind, Input, Invalid, MembershipRole, OrganisationKind, Owned, Scope,
    may_change, may_change_something, scope_of,
};
use samverkan_store::{Body, Choices, Function, SessionUser, WriteError};

use crate::AppState;
use crate::error::{Error, PageError};
use crate::pages::{Layout, render};
use crate::params::{PageAt, parse_id, today};
use crate::permit::{Access, FormRoute, FormWriter};

/// How many choices a select list may offer; beyond this a form takes an id instead.
const MAX_CHOICES: u64 = 200;

/// The form pages, each a GET (the form) and a POST (its submission) at one address.
pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route("/parter/{id}/ny-funktion", get(new_party_function_form).post(new_party_function)),
        route("/omraden/{id}/ny-funktion", get(new_area_function_form).post(new_area_function)),
        route("/funktioner/{id}/andra", get(edit_function_form).post(edit_function)),
        route("/funktioner/{id}/byte", get(handover_form).post(handover)),
        route("/personer/{id}/andra", get(edit_person_form).post(edit_person)),
        route("/organ/nytt", get(new_body_form).post(new_body)),
        route("/organ/{id}/andra", get(edit_body_form).post(edit_body)),
        route("/organ/{id}/ny-medlem", get(add_member_form).post(add_member)),
        route("/medlemskap/{id}/avsluta", get(end_membership_form).post(end_membership)),
        route("/organisationer/ny", get(new_organisation_form).post(new_organisation)),
        route("/organisationer/{id}/andra", get(edit_organisation_form).post(edit_organisation)),
        route("/delregioner/ny", get(new_sub_region_form).post(new_sub_region)),
        route("/delregioner/{id}/andra", get(edit_sub_region_form).post(edit_sub_region)),
    ]
}

// ---- who may change what (to decide what to show) -------------------------------------------

/// Whether the visitor may change records in `scope` (false for anonymous visitors).
pub(crate) fn may(user: Option<&SessionUser>, scope: Scope) -> bool {
    user.is_some_and(|u| may_change(&u.grants, scope))
}

/// A function's scope: its own party's, wherever it lies (the one rule, `scope_of`).
pub(crate) fn function_scope(f: &Function) -> Scope {
    scope_of(Owned::Function { party_id: f.party_id })
}

/// A body's scope: its area's (and the area's municipality's), its party's, or joint.
pub(crate) async fn body_scope(state: &AppState, b: &Body) -> Result<Scope, Error> {
    let area = match &b.area {
        Some(a) => match state.store.party_of_area(a.id).await? {
            Some(municipality_id) => Some(AreaOf { area_id: a.id, municipality_id }),
            None => return Ok(Scope::JOINT),
        },
        None => None,
    };
    Ok(scope_of(Owned::Body { party_id: b.party.as_ref().map(|p| p.id), area }))
}

/// A person's scope: the party that recorded them.
pub(crate) fn person_scope(p: &samverkan_store::Person) -> Scope {
    scope_of(Owned::Person { party_id: p.party_id })
}

/// The signed-in user who may change records in `scope`: 401 for nobody, 403 for someone whose
/// roles do not cover it.
fn editor(at: &PageAt, scope: Option<Scope>) -> Result<std::sync::Arc<SessionUser>, Error> {
    let user = at.1.clone().ok_or(Error::Unauthorized)?;
    let allowed = match scope {
        Some(scope) => may_change(&user.grants, scope),
        None => may_change_something(&user.grants),
    };
    if allowed { Ok(user) } else { Err(Error::NotPermitted) }
}

// ---- forms: fields, values, errors ----------------------------------------------------------

/// One field of a form, ready to render.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<String>,
    /// `select`, `textarea`, or an `<input>` type (`text`, `date`, `number`, `email`, `tel`).
    pub kind: &'static str,
    pub options: Vec<Choice>,
    pub value: String,
    pub error: Option<String>,
    pub required: bool,
    pub autocomplete: Option<&'static str>,
}

/// An option of a select list.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Field {
    pub(crate) fn new(name: &'static str, label: &'static str, kind: &'static str) -> Field {
        Field {
            name,
            label,
            hint: None,
            kind,
            options: Vec::new(),
            value: String::new(),
            error: None,
            required: false,
            autocomplete: None,
        }
    }

    pub(crate) fn text(name: &'static str, label: &'static str) -> Field {
        Field::new(name, label, "text")
    }

    pub(crate) fn textarea(name: &'static str, label: &'static str) -> Field {
        Field::new(name, label, "textarea")
    }

    pub(crate) fn date(name: &'static str, label: &'static str) -> Field {
        Field::new(name, label, "date").hint("Skriv datumet som ÅÅÅÅ-MM-DD.")
    }

    pub(crate) fn select(
        name: &'static str,
        label: &'static str,
        options: impl IntoIterator<Item = (String, String)>,
    ) -> Field {
        let mut f = Field::new(name, label, "select");
        f.options = options.into_iter().map(|(value, label)| Choice { value, label, selected: false }).collect();
        f
    }

    /// A kind: a select list of its Swedish labels, sending its code.
    pub(crate) fn kind<K: Copy>(
        name: &'static str,
        label: &'static str,
        all: &[K],
        code: fn(K) -> &'static str,
        text: fn(K) -> &'static str,
    ) -> Field {
        Field::select(name, label, all.iter().map(|k| (code(*k).to_owned(), text(*k).to_owned()))).required()
    }

    /// A related record: a select list when there are few enough, otherwise its id, with a hint
    /// saying where to find it.
    fn choice(name: &'static str, label: &'static str, choices: Choices, where_to_find: &str) -> Field {
        match choices {
            Some(list) => Field::select(name, label, list.into_iter().map(|r| (r.id.to_string(), r.name))),
            None => Field::new(name, label, "number")
                .hint(format!("Ange id (ett heltal). Det står sist i adressen till {where_to_find}.")),
        }
    }

    pub(crate) fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    fn autocomplete(mut self, token: &'static str) -> Field {
        self.autocomplete = Some(token);
        self
    }

    /// The element's id: unique on the page (`f-` and the field's name).
    pub fn id(&self) -> String {
        format!("f-{}", self.name)
    }

    /// A kind's list ([`Field::kind`]) as a group of radio buttons; `none` adds a first choice
    /// that sends nothing (the kind is then optional).
    pub(crate) fn radios(mut self, none: Option<&str>) -> Field {
        self.kind = "radio";
        if let Some(none) = none {
            self.options.insert(0, Choice { value: String::new(), label: none.to_owned(), selected: false });
            self.required = false;
        }
        self
    }

    /// The id of a radio group's choice: the first has the field's own id (where the error
    /// summary's link leads), the others add their value.
    pub fn option_id(&self, index: &usize) -> String {
        match self.options.get(*index) {
            Some(o) if *index > 0 => format!("{}-{}", self.id(), o.value),
            _ => self.id(),
        }
    }

    /// The ids of the hint and the error that describe the field, if any.
    pub fn describedby(&self) -> Option<String> {
        let ids: Vec<String> = [
            self.hint.as_ref().map(|_| format!("{}-hint", self.id())),
            self.error.as_ref().map(|_| format!("{}-error", self.id())),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Fields shown together under a legend (a `<fieldset>`), or on their own.
pub struct Group {
    pub legend: Option<&'static str>,
    pub hint: Option<&'static str>,
    pub fields: Vec<Field>,
}

pub(crate) fn plain(fields: Vec<Field>) -> Group {
    Group { legend: None, hint: None, fields }
}

/// An error listed at the top of a form: the field's label and message, linking to the field.
pub struct SummaryItem {
    pub href: Option<String>,
    pub label: String,
    pub message: String,
}

/// A whole form: where it goes, its fields, and the errors of the last submission.
pub struct Form {
    pub action: String,
    pub csrf: String,
    pub submit: &'static str,
    pub groups: Vec<Group>,
    pub summary: Vec<SummaryItem>,
}

/// The values a form shows: the record's, or what was submitted.
#[derive(Default)]
pub struct Values(Vec<(String, String)>);

impl Values {
    pub(crate) fn of<const N: usize>(pairs: [(&str, Option<String>); N]) -> Values {
        Values(pairs.into_iter().map(|(k, v)| (k.to_owned(), v.unwrap_or_default())).collect())
    }

    fn get(&self, name: &str) -> String {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// A period's dates as form values.
fn period_values(p: &samverkan_domain::Period) -> [(&'static str, Option<String>); 2] {
    [("valid_from", Some(p.from().to_string())), ("valid_to", p.to().map(|d| d.to_string()))]
}

fn period_fields(from_hint: Option<&str>) -> Vec<Field> {
    let from = Field::date("valid_from", "Giltig från").required();
    let from = match from_hint {
        Some(h) => from.hint(format!("{h} Skriv datumet som ÅÅÅÅ-MM-DD.")),
        None => from,
    };
    vec![from, Field::date("valid_to", "Giltig till").hint("Lämna tomt om det gäller tills vidare. ÅÅÅÅ-MM-DD.")]
}

impl Form {
    pub(crate) fn new(action: String, user: &SessionUser, submit: &'static str, groups: Vec<Group>) -> Form {
        Form { action, csrf: user.csrf_token.clone(), submit, groups, summary: Vec::new() }
    }

    /// Fills in the values, and the errors of a submission that was not accepted.
    pub(crate) fn fill(mut self, values: &Values, invalid: Option<&Invalid>) -> Form {
        for field in self.groups.iter_mut().flat_map(|g| g.fields.iter_mut()) {
            field.value = values.get(field.name);
            field.error = invalid.and_then(|i| i.message(field.name)).map(str::to_owned);
            // A select list's value that is none of its options (the codes would mean nothing here).
            if field.kind == "select" && field.error.as_deref().is_some_and(|e| e.starts_with("okänd typ")) {
                field.error = Some("välj ett av alternativen i listan".to_owned());
            }
            for option in &mut field.options {
                option.selected = option.value == field.value;
            }
            // A date that is not one stays as typed: a date input would show it empty.
            if field.kind == "date" && !field.value.is_empty() && samverkan_domain::parse_date(&field.value).is_err() {
                field.kind = "text";
            }
        }
        if let Some(invalid) = invalid {
            for e in &invalid.0 {
                let field = self.groups.iter().flat_map(|g| g.fields.iter()).find(|f| f.name == e.field);
                self.summary.push(SummaryItem {
                    href: field.map(|f| format!("#{}", f.id())),
                    label: field.map_or_else(String::new, |f| f.label.to_owned()),
                    message: field.and_then(|f| f.error.clone()).unwrap_or_else(|| e.message.clone()),
                });
            }
        }
        self
    }
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    intro: Option<String>,
    form: Form,
    /// Where to go instead: the record's page.
    back: (String, String),
}

/// The page around a form.
pub(crate) struct Page {
    heading: String,
    section: &'static str,
    intro: Option<String>,
    back: (String, String),
}

pub(crate) fn page(
    heading: impl Into<String>,
    section: &'static str,
    back_href: String,
    back_label: impl Into<String>,
) -> Page {
    Page { heading: heading.into(), section, intro: None, back: (back_href, back_label.into()) }
}

impl Page {
    pub(crate) fn intro(mut self, intro: impl Into<String>) -> Page {
        self.intro = Some(intro.into());
        self
    }
}

pub(crate) fn show(
    state: &AppState,
    at: &PageAt,
    page: Page,
    form: Form,
    status: StatusCode,
) -> Result<Response, PageError> {
    let title = if form.summary.is_empty() { page.heading.clone() } else { format!("Fel: {}", page.heading) };
    let html = render(&FormPage {
        layout: Layout::new(state, title, page.section, at),
        heading: page.heading,
        intro: page.intro,
        form,
        back: page.back,
    })?;
    Ok((status, html).into_response())
}

/// The answer to a submission: to the record's page when it was saved, the form again (422)
/// when fields were not accepted, an error page otherwise.
pub(crate) fn answer(
    state: &AppState,
    at: &PageAt,
    result: Result<i32, WriteError>,
    redirect: impl FnOnce(i32) -> String,
    again: impl FnOnce() -> (Page, Form),
    writer: &FormWriter,
) -> Result<Response, PageError> {
    match result {
        Ok(id) => Ok(Redirect::to(&redirect(id)).into_response()),
        Err(WriteError::Invalid(invalid)) => {
            let (page, form) = again();
            let form = form.fill(&Values(writer.fields.clone()), Some(&invalid));
            show(state, at, page, form, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(PageError(e.into())),
    }
}

/// The submitted fields with the record's place (a path parameter) added, and any field of that
/// name the form sent dropped: the address decides where a new record goes.
fn input_with(writer: &FormWriter, name: &str, value: i32) -> Input {
    let fields = writer.fields.iter().filter(|(k, _)| k != name).cloned();
    Input::from_form(fields.chain([(name.to_owned(), value.to_string())]))
}

/// One query parameter (e.g. `?part=3` to start a new body of a party).
fn query_id(query: &Option<String>, name: &str) -> Option<i32> {
    let query = query.as_deref().unwrap_or("");
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).and_then(|(_, v)| parse_id(&v).ok())
}

// ---- functions -------------------------------------------------------------------------------

fn function_fields() -> Vec<Group> {
    let mut fields = vec![
        Field::text("name", "Namn").required(),
        Field::kind("kind", "Typ av funktion", FunctionKind::ALL, FunctionKind::code, FunctionKind::label),
        Field::textarea("description", "Beskrivning"),
    ];
    fields.extend(period_fields(None));
    vec![plain(fields)]
}

fn function_values(f: &Function) -> Values {
    let [from, to] = period_values(&f.period);
    Values::of([
        ("name", Some(f.name.clone())),
        ("kind", Some(f.kind.code().to_owned())),
        ("description", f.description.clone()),
        from,
        to,
    ])
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
            Owner::Party(id) => format!("/parter/{id}"),
            Owner::Area(id) => format!("/omraden/{id}"),
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
        format!("{}/ny-funktion", self.href())
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
    answer(&state, &at, result, |id| format!("/funktioner/{id}"), again, &writer)
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
    page(format!("Ändra {}", f.name), "", format!("/funktioner/{}", f.id), format!("Tillbaka till {}", f.name))
        .intro("Avslutar du funktionen (Giltig till) avslutas också innehavet som löper längre, samma dag.")
}

async fn edit_function_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let f = state.store.function(parse_id(&id)?).await?.ok_or(Error::NotFound)?.function;
    let user = editor(&at, Some(function_scope(&f)))?;
    let form = Form::new(format!("/funktioner/{}/andra", f.id), &user, "Spara ändringarna", function_fields())
        .fill(&function_values(&f), None);
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
        let form =
            Form::new(format!("/funktioner/{}/andra", f.id), &writer.user, "Spara ändringarna", function_fields());
        (edit_function_page(&f), form)
    };
    answer(&state, &at, result, |_| format!("/funktioner/{}", f.id), again, &writer)
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
    let mut contact = Vec::new();
    if !persons.is_empty() {
        contact.push(
            Field::select("person_id", "Tidigare kontaktperson", persons)
                .hint("Välj en person som redan har haft funktionen, eller fyll i en ny nedan."),
        );
    }
    contact.extend([
        Field::text("person_name", "Namn").autocomplete("off"),
        Field::text("person_title", "Titel").autocomplete("off"),
        Field::new("person_email", "E-postadress", "email").autocomplete("off"),
        Field::new("person_phone", "Telefon", "tel").autocomplete("off"),
    ]);
    Ok(vec![
        plain(vec![
            Field::date("valid_from", "Ny innehavare från")
                .required()
                .hint("Den nuvarande innehavaren slutar dagen före. Skriv datumet som ÅÅÅÅ-MM-DD."),
            Field::choice("organisation_id", "Organisation som tar över", organisations, where_org).required(),
        ]),
        Group {
            legend: Some("Kontaktperson"),
            hint: Some("Frivilligt. Kontaktuppgifter visas bara för inloggade."),
            fields: contact,
        },
        plain(vec![
            Field::text("basis", "Grund")
                .hint("Vad uppdraget vilar på, till exempel ett beslut eller ett förfrågningsunderlag."),
            Field::choice(
                "on_behalf_of_party_id",
                "På uppdrag av part",
                s.party_choices(today(), MAX_CHOICES).await?,
                "partens sida",
            ),
        ]),
    ])
}

fn handover_page(f: &Function) -> Page {
    page(
        format!("Byt innehavare av {}", f.name),
        "",
        format!("/funktioner/{}", f.id),
        format!("Tillbaka till {}", f.name),
    )
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
        format!("/funktioner/{}/byte", history.function.id),
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
        || (handover_page(&f), Form::new(format!("/funktioner/{}/byte", f.id), &writer.user, "Byt innehavare", groups));
    answer(&state, &at, result, |_| format!("/funktioner/{}", f.id), again, &writer)
}

// ---- persons ---------------------------------------------------------------------------------

fn person_fields() -> Vec<Group> {
    vec![plain(vec![
        Field::text("name", "Namn").required().autocomplete("off"),
        Field::text("title", "Titel").autocomplete("off"),
        Field::new("email", "E-postadress", "email").autocomplete("off"),
        Field::new("phone", "Telefon", "tel").autocomplete("off"),
    ])]
}

/// Who may change a person: anyone whose roles cover one of the functions they hold or have
/// held; the process leaders for someone who holds none.
fn person_page(p: &samverkan_store::Person) -> Page {
    page(format!("Ändra {}", p.name), "", format!("/personer/{}", p.id), format!("Tillbaka till {}", p.name))
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
    let values = Values::of([
        ("name", Some(p.name.clone())),
        ("title", p.title.clone()),
        ("email", p.email.clone()),
        ("phone", p.phone.clone()),
    ]);
    let form =
        Form::new(format!("/personer/{}/andra", p.id), &user, "Spara ändringarna", person_fields()).fill(&values, None);
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
    let again = || {
        (
            person_page(&p),
            Form::new(format!("/personer/{}/andra", p.id), &writer.user, "Spara ändringarna", person_fields()),
        )
    };
    answer(&state, &at, result, |_| format!("/personer/{}", p.id), again, &writer)
}

// ---- bodies and memberships ------------------------------------------------------------------

async fn body_fields(state: &AppState) -> Result<Vec<Group>, Error> {
    let s = &state.store;
    let d = today();
    let mut place = vec![
        Field::choice("party_id", "Part", s.party_choices(d, MAX_CHOICES).await?, "partens sida")
            .hint("Partens organ ändras av partens redaktörer. Lämna tomt för ett gemensamt organ."),
        Field::choice("sub_region_id", "Delregion", s.sub_region_choices(d, MAX_CHOICES).await?, "delregionens sida")
            .hint("Bara för delregionala organ."),
        Field::choice("area_id", "Närområde", s.area_choices(d, None, MAX_CHOICES).await?, "närområdets sida")
            .hint("Bara för lokala organ."),
    ];
    let mut fields = vec![
        Field::text("name", "Namn").required(),
        Field::text("short_name", "Kortnamn").hint("Till exempel VIS. Högst 40 tecken."),
        Field::kind("level", "Nivå", BodyLevel::ALL, BodyLevel::code, BodyLevel::label),
        Field::kind("kind", "Typ av organ", BodyKind::ALL, BodyKind::code, BodyKind::label),
    ];
    fields.append(&mut place);
    fields.push(Field::textarea("mandate", "Uppdrag"));
    fields.extend(period_fields(None));
    Ok(vec![plain(fields)])
}

fn new_body_page() -> Page {
    page("Nytt organ", "organ", "/organ".to_owned(), "Tillbaka till organen")
}

async fn new_body_form(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    at: PageAt,
) -> Result<Response, PageError> {
    let party = query_id(&query, "part");
    let area = query_id(&query, "omrade");
    let scope = match (party, area) {
        (_, Some(a)) => state.store.party_of_area(a).await?.map(|p| Scope::area(p, a)),
        (Some(p), None) => Some(Scope::party(p)),
        (None, None) => None,
    };
    let user = editor(&at, scope)?;
    let values = Values::of([
        ("party_id", party.or(scope.and_then(|s| s.party_id)).map(|p| p.to_string())),
        ("area_id", area.map(|a| a.to_string())),
        ("level", area.map(|_| BodyLevel::Local.code().to_owned())),
        ("kind", area.map(|_| BodyKind::LocalCollaboration.code().to_owned())),
        ("valid_from", Some(at.0.date.to_string())),
    ]);
    let form =
        Form::new("/organ/nytt".to_owned(), &user, "Spara organet", body_fields(&state).await?).fill(&values, None);
    show(&state, &at, new_body_page(), form, StatusCode::OK)
}

async fn new_body(State(state): State<AppState>, at: PageAt, writer: FormWriter) -> Result<Response, PageError> {
    let result = state.store.create_body(&writer.actor(), writer.input()).await;
    let groups = if matches!(result, Err(WriteError::Invalid(_))) { body_fields(&state).await? } else { Vec::new() };
    let again = || (new_body_page(), Form::new("/organ/nytt".to_owned(), &writer.user, "Spara organet", groups));
    answer(&state, &at, result, |id| format!("/organ/{id}"), again, &writer)
}

fn body_values(b: &Body) -> Values {
    let [from, to] = period_values(&b.period);
    let id = |r: &Option<samverkan_store::Ref>| r.as_ref().map(|r| r.id.to_string());
    Values::of([
        ("name", Some(b.name.clone())),
        ("short_name", b.short_name.clone()),
        ("level", Some(b.level.code().to_owned())),
        ("kind", Some(b.kind.code().to_owned())),
        ("party_id", id(&b.party)),
        ("sub_region_id", id(&b.sub_region)),
        ("area_id", id(&b.area)),
        ("mandate", b.mandate.clone()),
        from,
        to,
    ])
}

fn edit_body_page(b: &Body) -> Page {
    page(format!("Ändra {}", b.name), "organ", format!("/organ/{}", b.id), format!("Tillbaka till {}", b.name))
}

async fn edit_body_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let b = state.store.body(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let user = editor(&at, Some(body_scope(&state, &b).await?))?;
    let form = Form::new(format!("/organ/{}/andra", b.id), &user, "Spara ändringarna", body_fields(&state).await?)
        .fill(&body_values(&b), None);
    show(&state, &at, edit_body_page(&b), form, StatusCode::OK)
}

async fn edit_body(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let b = state.store.body(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let result = state.store.update_body(&writer.actor(), b.id, writer.input()).await;
    let groups = if matches!(result, Err(WriteError::Invalid(_))) { body_fields(&state).await? } else { Vec::new() };
    let again =
        || (edit_body_page(&b), Form::new(format!("/organ/{}/andra", b.id), &writer.user, "Spara ändringarna", groups));
    answer(&state, &at, result, |_| format!("/organ/{}", b.id), again, &writer)
}

/// The form that adds a member to a body, also shown on the body's page.
pub(crate) async fn member_fields(state: &AppState) -> Result<Vec<Group>, Error> {
    let functions = state.store.function_choices(today(), MAX_CHOICES).await?;
    let mut fields = vec![
        Field::choice("function_id", "Funktion", functions, "funktionens sida").required(),
        Field::kind("role", "Roll i organet", MembershipRole::ALL, MembershipRole::code, MembershipRole::label),
    ];
    fields.extend(period_fields(None));
    Ok(vec![plain(fields)])
}

fn add_member_page(b: &Body) -> Page {
    page(format!("Ny medlem i {}", b.name), "organ", format!("/organ/{}", b.id), format!("Tillbaka till {}", b.name))
        .intro("Medlemmar är funktioner: den som innehar funktionen är medlem så länge innehavet varar.")
}

pub(crate) fn member_values(at: &PageAt) -> Values {
    Values::of([("role", Some(MembershipRole::Member.code().to_owned())), ("valid_from", Some(at.0.date.to_string()))])
}

async fn add_member_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let b = state.store.body(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let user = editor(&at, Some(body_scope(&state, &b).await?))?;
    let form =
        Form::new(format!("/organ/{}/ny-medlem", b.id), &user, "Lägg till medlemmen", member_fields(&state).await?)
            .fill(&member_values(&at), None);
    show(&state, &at, add_member_page(&b), form, StatusCode::OK)
}

async fn add_member(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let b = state.store.body(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let result = state.store.add_membership(&writer.actor(), b.id, writer.input()).await;
    let groups = if matches!(result, Err(WriteError::Invalid(_))) { member_fields(&state).await? } else { Vec::new() };
    let again = || {
        (
            add_member_page(&b),
            Form::new(format!("/organ/{}/ny-medlem", b.id), &writer.user, "Lägg till medlemmen", groups),
        )
    };
    answer(&state, &at, result, |_| format!("/organ/{}", b.id), again, &writer)
}

fn end_membership_fields() -> Vec<Group> {
    vec![plain(vec![Field::date("valid_to", "Sista dag som medlem").required()])]
}

/// A membership, its body and the function's name.
async fn membership_of(state: &AppState, id: i32) -> Result<(Body, samverkan_store::Member), Error> {
    let body_id = state.store.membership_body(id).await?.ok_or(Error::NotFound)?;
    let b = state.store.body(body_id).await?.ok_or(Error::NotFound)?;
    let member = state
        .store
        .body_members(body_id, today())
        .await?
        .into_iter()
        .find(|m| m.membership_id == id)
        .ok_or(Error::NotFound)?;
    Ok((b, member))
}

fn end_membership_page(b: &Body, m: &samverkan_store::Member) -> Page {
    page(
        format!("Avsluta medlemskapet för {} i {}", m.function.name, b.name),
        "organ",
        format!("/organ/{}", b.id),
        format!("Tillbaka till {}", b.name),
    )
    .intro(format!("Medlem {}.", crate::pages::period(m.period)))
}

async fn end_membership_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let (b, m) = membership_of(&state, parse_id(&id)?).await?;
    let user = editor(&at, Some(body_scope(&state, &b).await?))?;
    let form = Form::new(
        format!("/medlemskap/{}/avsluta", m.membership_id),
        &user,
        "Avsluta medlemskapet",
        end_membership_fields(),
    )
    .fill(&Values::of([("valid_to", Some(at.0.date.to_string()))]), None);
    show(&state, &at, end_membership_page(&b, &m), form, StatusCode::OK)
}

async fn end_membership(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let (b, m) = membership_of(&state, parse_id(&id)?).await?;
    let result = state.store.end_membership(&writer.actor(), m.membership_id, writer.input()).await;
    let again = || {
        let action = format!("/medlemskap/{}/avsluta", m.membership_id);
        (end_membership_page(&b, &m), Form::new(action, &writer.user, "Avsluta medlemskapet", end_membership_fields()))
    };
    answer(&state, &at, result, |_| format!("/organ/{}", b.id), again, &writer)
}

// ---- organisations ---------------------------------------------------------------------------

async fn organisation_fields(state: &AppState, party: Option<i32>) -> Result<Vec<Group>, Error> {
    let s = &state.store;
    let d = today();
    // The successor is one of the same party's organisations (all of them when it has none).
    let successors = s.organisation_choices(d, party, MAX_CHOICES).await?;
    let mut fields = vec![
        Field::text("name", "Namn").required(),
        Field::kind(
            "kind",
            "Typ av organisation",
            OrganisationKind::ALL,
            OrganisationKind::code,
            OrganisationKind::label,
        ),
        Field::choice("party_id", "Part", s.party_choices(d, MAX_CHOICES).await?, "partens sida").hint(
            "Den part organisationen hör till. Lämna tomt för en organisation utan part (bara processledningen).",
        ),
        Field::choice("replaced_by_id", "Ersatt av", successors, "organisationens sida")
            .hint("Om organisationen har upphört och en annan tagit över."),
    ];
    fields.extend(period_fields(None));
    Ok(vec![plain(fields)])
}

fn new_organisation_page() -> Page {
    page("Ny organisation", "organisationer", "/organisationer".to_owned(), "Tillbaka till organisationerna")
}

async fn new_organisation_form(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    at: PageAt,
) -> Result<Response, PageError> {
    let party = query_id(&query, "part");
    let user = editor(&at, party.map(Scope::party))?;
    let values = Values::of([("party_id", party.map(|p| p.to_string())), ("valid_from", Some(at.0.date.to_string()))]);
    let form = Form::new(
        "/organisationer/ny".to_owned(),
        &user,
        "Spara organisationen",
        organisation_fields(&state, party).await?,
    )
    .fill(&values, None);
    show(&state, &at, new_organisation_page(), form, StatusCode::OK)
}

/// The party a submitted form names, to offer its organisations again.
fn submitted_id(writer: &FormWriter, name: &str) -> Option<i32> {
    parse_id(writer.value(name).trim()).ok()
}

async fn new_organisation(
    State(state): State<AppState>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let result = state.store.create_organisation(&writer.actor(), writer.input()).await;
    let groups = if matches!(result, Err(WriteError::Invalid(_))) {
        organisation_fields(&state, submitted_id(&writer, "party_id")).await?
    } else {
        Vec::new()
    };
    let again = || {
        (
            new_organisation_page(),
            Form::new("/organisationer/ny".to_owned(), &writer.user, "Spara organisationen", groups),
        )
    };
    answer(&state, &at, result, |id| format!("/organisationer/{id}"), again, &writer)
}

fn edit_organisation_page(o: &samverkan_store::Organisation) -> Page {
    page(
        format!("Ändra {}", o.name),
        "organisationer",
        format!("/organisationer/{}", o.id),
        format!("Tillbaka till {}", o.name),
    )
}

pub(crate) fn organisation_scope(o: &samverkan_store::Organisation) -> Scope {
    o.party.as_ref().map_or(Scope::JOINT, |p| Scope::party(p.id))
}

async fn edit_organisation_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let o = state.store.organisation(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let user = editor(&at, Some(organisation_scope(&o)))?;
    let [from, to] = period_values(&o.period);
    let values = Values::of([
        ("name", Some(o.name.clone())),
        ("kind", Some(o.kind.code().to_owned())),
        ("party_id", o.party.as_ref().map(|p| p.id.to_string())),
        ("replaced_by_id", o.replaced_by.as_ref().map(|r| r.id.to_string())),
        from,
        to,
    ]);
    let groups = organisation_fields(&state, o.party.as_ref().map(|p| p.id)).await?;
    let form =
        Form::new(format!("/organisationer/{}/andra", o.id), &user, "Spara ändringarna", groups).fill(&values, None);
    show(&state, &at, edit_organisation_page(&o), form, StatusCode::OK)
}

async fn edit_organisation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let o = state.store.organisation(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let result = state.store.update_organisation(&writer.actor(), o.id, writer.input()).await;
    let groups = if matches!(result, Err(WriteError::Invalid(_))) {
        organisation_fields(&state, submitted_id(&writer, "party_id")).await?
    } else {
        Vec::new()
    };
    let again = || {
        (
            edit_organisation_page(&o),
            Form::new(format!("/organisationer/{}/andra", o.id), &writer.user, "Spara ändringarna", groups),
        )
    };
    answer(&state, &at, result, |_| format!("/organisationer/{}", o.id), again, &writer)
}

// ---- sub-regions -----------------------------------------------------------------------------

fn sub_region_fields() -> Vec<Group> {
    let mut fields = vec![Field::text("name", "Namn").required(), Field::textarea("description", "Beskrivning")];
    fields.extend(period_fields(None));
    vec![plain(fields)]
}

fn new_sub_region_page() -> Page {
    page("Ny delregion", "", "/delregioner".to_owned(), "Tillbaka till delregionerna")
        .intro("Delregioner är gemensamma och ändras av processledningen.")
}

async fn new_sub_region_form(State(state): State<AppState>, at: PageAt) -> Result<Response, PageError> {
    let user = editor(&at, Some(Scope::JOINT))?;
    let form = Form::new("/delregioner/ny".to_owned(), &user, "Spara delregionen", sub_region_fields())
        .fill(&Values::of([("valid_from", Some(at.0.date.to_string()))]), None);
    show(&state, &at, new_sub_region_page(), form, StatusCode::OK)
}

async fn new_sub_region(State(state): State<AppState>, at: PageAt, writer: FormWriter) -> Result<Response, PageError> {
    let result = state.store.create_sub_region(&writer.actor(), writer.input()).await;
    let again = || {
        (
            new_sub_region_page(),
            Form::new("/delregioner/ny".to_owned(), &writer.user, "Spara delregionen", sub_region_fields()),
        )
    };
    answer(&state, &at, result, |id| format!("/delregioner/{id}"), again, &writer)
}

fn edit_sub_region_page(r: &samverkan_store::SubRegion) -> Page {
    page(format!("Ändra {}", r.name), "", format!("/delregioner/{}", r.id), format!("Tillbaka till {}", r.name))
}

async fn edit_sub_region_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let r = state.store.sub_region(parse_id(&id)?, at.0.date).await?.ok_or(Error::NotFound)?;
    let user = editor(&at, Some(Scope::JOINT))?;
    let [from, to] = period_values(&r.period);
    let values = Values::of([("name", Some(r.name.clone())), ("description", r.description.clone()), from, to]);
    let form = Form::new(format!("/delregioner/{}/andra", r.id), &user, "Spara ändringarna", sub_region_fields())
        .fill(&values, None);
    show(&state, &at, edit_sub_region_page(&r), form, StatusCode::OK)
}

async fn edit_sub_region(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let r = state.store.sub_region(parse_id(&id)?, at.0.date).await?.ok_or(Error::NotFound)?;
    let result = state.store.update_sub_region(&writer.actor(), r.id, writer.input()).await;
    let again = || {
        (
            edit_sub_region_page(&r),
            Form::new(format!("/delregioner/{}/andra", r.id), &writer.user, "Spara ändringarna", sub_region_fields()),
        )
    };
    answer(&state, &at, result, |_| format!("/delregioner/{}", r.id), again, &writer)
}

/// A form embedded in a record's page (the handover form on a function's page, the new member
/// form on a body's page): the same fields as on its own page.
pub(crate) fn embedded(
    action: String,
    user: &SessionUser,
    submit: &'static str,
    groups: Vec<Group>,
    values: &Values,
) -> Form {
    Form::new(action, user, submit, groups).fill(values, None)
}
