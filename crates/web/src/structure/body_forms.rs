//! The pages that change bodies and their memberships, organisations and sub-regions: a form
//! (GET) and its submission (POST) each, through the forms kit.

use super::scopes::{body_scope, organisation_scope};
use crate::kit::{Access, AppState, Error, FormRoute, FormWriter, PageAt, PageError, parse_id, paths, today};
use crate::kit::{Form, FormFields, Group, MAX_CHOICES, Page, Values, answer, editor, page, plain, query_id, show};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::commands::{BodyDetails, MembershipEnd, NewMembership, OrganisationDetails, SubRegionDetails};
use samverkan_domain::{BodyKind, BodyLevel, MembershipRole, Scope};
use samverkan_store::{Body, WriteError};

/// The form pages of bodies, memberships, organisations and sub-regions.
pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(paths::NEW_BODY, get(new_body_form).post(new_body)),
        route(paths::BODY_EDIT, get(edit_body_form).post(edit_body)),
        route(paths::BODY_NEW_MEMBER, get(add_member_form).post(add_member)),
        route(paths::MEMBERSHIP_END, get(end_membership_form).post(end_membership)),
        route(paths::NEW_ORGANISATION, get(new_organisation_form).post(new_organisation)),
        route(paths::ORGANISATION_EDIT, get(edit_organisation_form).post(edit_organisation)),
        route(paths::NEW_SUB_REGION, get(new_sub_region_form).post(new_sub_region)),
        route(paths::SUB_REGION_EDIT, get(edit_sub_region_form).post(edit_sub_region)),
    ]
}

// ---- bodies and memberships ------------------------------------------------------------------

async fn body_fields(state: &AppState) -> Result<Vec<Group>, Error> {
    let s = &state.store;
    let d = today();
    let mut f = FormFields::of::<BodyDetails>();
    let fields = vec![
        f.take("name"),
        f.take("short_name"),
        f.take("level"),
        f.take("kind"),
        f.choice("party_id", s.party_choices(d, MAX_CHOICES).await?, "partens sida"),
        f.choice("sub_region_id", s.sub_region_choices(d, MAX_CHOICES).await?, "delregionens sida"),
        f.choice("area_id", s.area_choices(d, None, MAX_CHOICES).await?, "närområdets sida"),
    ];
    Ok(vec![plain(fields.into_iter().chain(f.rest()).collect())])
}

fn new_body_page() -> Page {
    page("Nytt organ", "organ", paths::BODIES.to_owned(), "Tillbaka till organen")
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
        Form::new(paths::NEW_BODY.to_owned(), &user, "Spara organet", body_fields(&state).await?).fill(&values, None);
    show(&state, &at, new_body_page(), form, StatusCode::OK)
}

async fn new_body(State(state): State<AppState>, at: PageAt, writer: FormWriter) -> Result<Response, PageError> {
    let result = state.store.create_body(&writer.actor(), writer.input()).await;
    let groups = if matches!(result, Err(WriteError::Invalid(_))) { body_fields(&state).await? } else { Vec::new() };
    let again = || (new_body_page(), Form::new(paths::NEW_BODY.to_owned(), &writer.user, "Spara organet", groups));
    answer(&state, &at, result, paths::body, "Organet är sparat.", again, &writer)
}

fn edit_body_page(b: &Body) -> Page {
    page(format!("Ändra {}", b.name), "organ", paths::body(b.id), format!("Tillbaka till {}", b.name))
}

async fn edit_body_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let b = state.store.body(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let user = editor(&at, Some(body_scope(&state, &b).await?))?;
    let details = state.store.details::<BodyDetails>(b.id).await?.ok_or(Error::NotFound)?;
    let form = Form::new(paths::body_edit(b.id), &user, "Spara ändringarna", body_fields(&state).await?)
        .fill(&Values::of_command(&details), None);
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
    let again = || (edit_body_page(&b), Form::new(paths::body_edit(b.id), &writer.user, "Spara ändringarna", groups));
    answer(&state, &at, result, |_| paths::body(b.id), "Ändringarna är sparade.", again, &writer)
}

/// The form that adds a member to a body, also shown on the body's page.
pub(crate) async fn member_fields(state: &AppState) -> Result<Vec<Group>, Error> {
    let functions = state.store.function_choices(today(), MAX_CHOICES).await?;
    let mut f = FormFields::of::<NewMembership>();
    let function = f.choice("function_id", functions, "funktionens sida");
    Ok(vec![plain([function].into_iter().chain(f.rest()).collect())])
}

fn add_member_page(b: &Body) -> Page {
    page(format!("Ny medlem i {}", b.name), "organ", paths::body(b.id), format!("Tillbaka till {}", b.name))
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
    let form = Form::new(paths::body_new_member(b.id), &user, "Lägg till medlemmen", member_fields(&state).await?)
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
    let again =
        || (add_member_page(&b), Form::new(paths::body_new_member(b.id), &writer.user, "Lägg till medlemmen", groups));
    answer(&state, &at, result, |_| paths::body(b.id), "Medlemmen är tillagd.", again, &writer)
}

fn end_membership_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<MembershipEnd>().rest())]
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
        paths::body(b.id),
        format!("Tillbaka till {}", b.name),
    )
    .intro(format!("Medlem {}.", crate::kit::period(m.period)))
}

async fn end_membership_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let (b, m) = membership_of(&state, parse_id(&id)?).await?;
    let user = editor(&at, Some(body_scope(&state, &b).await?))?;
    let form =
        Form::new(paths::membership_end(m.membership_id), &user, "Avsluta medlemskapet", end_membership_fields())
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
        let action = paths::membership_end(m.membership_id);
        (end_membership_page(&b, &m), Form::new(action, &writer.user, "Avsluta medlemskapet", end_membership_fields()))
    };
    answer(&state, &at, result, |_| paths::body(b.id), "Medlemskapet är avslutat.", again, &writer)
}

// ---- organisations ---------------------------------------------------------------------------

async fn organisation_fields(state: &AppState, party: Option<i32>) -> Result<Vec<Group>, Error> {
    let s = &state.store;
    let d = today();
    // The successor is one of the same party's organisations (all of them when it has none).
    let successors = s.organisation_choices(d, party, MAX_CHOICES).await?;
    let mut f = FormFields::of::<OrganisationDetails>();
    let fields = vec![
        f.take("name"),
        f.take("kind"),
        f.choice("party_id", s.party_choices(d, MAX_CHOICES).await?, "partens sida"),
        f.choice("replaced_by_id", successors, "organisationens sida"),
    ];
    Ok(vec![plain(fields.into_iter().chain(f.rest()).collect())])
}

fn new_organisation_page() -> Page {
    page("Ny organisation", "organisationer", paths::ORGANISATIONS.to_owned(), "Tillbaka till organisationerna")
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
        paths::NEW_ORGANISATION.to_owned(),
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
            Form::new(paths::NEW_ORGANISATION.to_owned(), &writer.user, "Spara organisationen", groups),
        )
    };
    answer(&state, &at, result, paths::organisation, "Organisationen är sparad.", again, &writer)
}

fn edit_organisation_page(o: &samverkan_store::Organisation) -> Page {
    page(format!("Ändra {}", o.name), "organisationer", paths::organisation(o.id), format!("Tillbaka till {}", o.name))
}

async fn edit_organisation_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let o = state.store.organisation(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    let user = editor(&at, Some(organisation_scope(&state, &o).await?))?;
    let details = state.store.details::<OrganisationDetails>(o.id).await?.ok_or(Error::NotFound)?;
    let values = Values::of_command(&details);
    let groups = organisation_fields(&state, o.party.as_ref().map(|p| p.id)).await?;
    let form = Form::new(paths::organisation_edit(o.id), &user, "Spara ändringarna", groups).fill(&values, None);
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
            Form::new(paths::organisation_edit(o.id), &writer.user, "Spara ändringarna", groups),
        )
    };
    answer(&state, &at, result, |_| paths::organisation(o.id), "Ändringarna är sparade.", again, &writer)
}

// ---- sub-regions -----------------------------------------------------------------------------

fn sub_region_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<SubRegionDetails>().rest())]
}

fn new_sub_region_page() -> Page {
    page("Ny delregion", "", paths::SUB_REGIONS.to_owned(), "Tillbaka till delregionerna")
        .intro("Delregioner är gemensamma och ändras av processledningen.")
}

async fn new_sub_region_form(State(state): State<AppState>, at: PageAt) -> Result<Response, PageError> {
    let user = editor(&at, Some(Scope::JOINT))?;
    let form = Form::new(paths::NEW_SUB_REGION.to_owned(), &user, "Spara delregionen", sub_region_fields())
        .fill(&Values::of([("valid_from", Some(at.0.date.to_string()))]), None);
    show(&state, &at, new_sub_region_page(), form, StatusCode::OK)
}

async fn new_sub_region(State(state): State<AppState>, at: PageAt, writer: FormWriter) -> Result<Response, PageError> {
    let result = state.store.create_sub_region(&writer.actor(), writer.input()).await;
    let again = || {
        (
            new_sub_region_page(),
            Form::new(paths::NEW_SUB_REGION.to_owned(), &writer.user, "Spara delregionen", sub_region_fields()),
        )
    };
    answer(&state, &at, result, paths::sub_region, "Delregionen är sparad.", again, &writer)
}

fn edit_sub_region_page(r: &samverkan_store::SubRegion) -> Page {
    page(format!("Ändra {}", r.name), "", paths::sub_region(r.id), format!("Tillbaka till {}", r.name))
}

async fn edit_sub_region_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let r = state.store.sub_region(parse_id(&id)?, at.0.date).await?.ok_or(Error::NotFound)?;
    let user = editor(&at, Some(Scope::JOINT))?;
    let details = state.store.details::<SubRegionDetails>(r.id).await?.ok_or(Error::NotFound)?;
    let values = Values::of_command(&details);
    let form =
        Form::new(paths::sub_region_edit(r.id), &user, "Spara ändringarna", sub_region_fields()).fill(&values, None);
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
            Form::new(paths::sub_region_edit(r.id), &writer.user, "Spara ändringarna", sub_region_fields()),
        )
    };
    answer(&state, &at, result, |_| paths::sub_region(r.id), "Ändringarna är sparade.", again, &writer)
}
