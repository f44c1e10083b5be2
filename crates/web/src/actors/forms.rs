//! The actor map's forms: a new actor on an area's map, and a change of a service. Each is a
//! form (GET) and its submission (POST) through the forms kit; the area's coordinators, its
//! municipality's editors and the process leaders may use them (the store decides).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::command::Command;
use samverkan_domain::commands::{NewActor, ServiceDetails};
use samverkan_domain::local::actors::ServiceStatus;
use samverkan_store::{AreaSummary, Service, WriteError};

use super::pages::local_scope;
use crate::kit::{Access, AppState, Error, FormRoute, FormWriter, PageAt, PageError, parse_id, paths, today};
use crate::kit::{Field, Form, FormFields, Group, MAX_CHOICES, Page, Values, answer, editor, page, show};

pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(paths::AREA_NEW_ACTOR, get(new_actor_form).post(new_actor)),
        route(paths::SERVICE_EDIT, get(edit_service_form).post(edit_service)),
    ]
}

/// The other areas a service may serve, as checkboxes (its own always, so not offered).
async fn other_areas(state: &AppState, own: i32) -> Result<Vec<(String, String)>, Error> {
    let areas = state.store.area_choices(today(), None, MAX_CHOICES).await?.unwrap_or_default();
    Ok(areas.into_iter().filter(|a| a.id != own).map(|a| (a.id.to_string(), a.name)).collect())
}

/// A service's fields, grouped as a person fills them in: what it is, how to reach it, its check
/// and the areas it serves.
fn service_groups(mut f: FormFields, areas: Vec<(String, String)>, organisation: Option<Field>) -> Vec<Group> {
    let what = vec![f.take("name"), f.take("category"), f.take("sector"), f.take("status")];
    let what = match organisation {
        Some(o) => what.into_iter().chain([o]).collect(),
        None => what,
    };
    let contact = vec![
        f.take("contact_role"),
        f.take("phone"),
        f.take("email"),
        f.take("web"),
        f.take("address"),
        f.take("hsa_id"),
    ];
    let areas = f.take("areas").choices(areas);
    vec![
        Group { legend: Some("Aktören"), hint: None, fields: what },
        Group {
            legend: Some("Kontakt"),
            hint: Some(
                "Uppgifterna är offentliga: ange en funktion och funktionsbrevlåda, inte en persons namn eller adress.",
            ),
            fields: contact,
        },
        Group { legend: Some("Kontroll och område"), hint: None, fields: [f.take("verified_on"), areas].into() },
    ]
    .into_iter()
    .chain(std::iter::once(Group { legend: None, hint: None, fields: f.rest() }).filter(|g| !g.fields.is_empty()))
    .collect()
}

async fn new_actor_fields(state: &AppState, area: &AreaSummary) -> Result<Vec<Group>, Error> {
    let choices = state.store.area_organisation_choices(area.area.id, today()).await?;
    let mut f = FormFields::of::<NewActor>();
    let organisation = f.choice("organisation_id", Some(choices), "organisationens sida");
    Ok(service_groups(f, other_areas(state, area.area.id).await?, Some(organisation)))
}

fn new_actor_page(area: &AreaSummary) -> Page {
    page(
        format!("Ny aktör i {}", area.area.name),
        "omraden",
        paths::area_actors(area.area.id),
        format!("Tillbaka till aktörskartan för {}", area.area.name),
    )
    .intro("En aktör är en organisation med sina tjänster. Välj organisationen om den redan finns, annars läggs en ny till med tjänstens namn.")
}

async fn area_of(state: &AppState, id: &str) -> Result<AreaSummary, Error> {
    state.store.area(parse_id(id)?, today()).await?.ok_or(Error::NotFound)
}

async fn new_actor_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let area = area_of(&state, &id).await?;
    let user = editor(&at, Some(local_scope(&area)))?;
    let values = Values::of([("status", Some(ServiceStatus::Active.code().to_owned()))]);
    let form =
        Form::new(paths::area_new_actor(area.area.id), &user, "Spara aktören", new_actor_fields(&state, &area).await?)
            .fill(&values, None);
    show(&state, &at, new_actor_page(&area), form, StatusCode::OK)
}

async fn new_actor(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let area = area_of(&state, &id).await?;
    let result = state.store.create_actor(&writer.actor(), area.area.id, writer.input()).await;
    let groups =
        if matches!(result, Err(WriteError::Invalid(_))) { new_actor_fields(&state, &area).await? } else { Vec::new() };
    let again = || {
        (new_actor_page(&area), Form::new(paths::area_new_actor(area.area.id), &writer.user, "Spara aktören", groups))
    };
    answer(&state, &at, result, |_| paths::area_actors(area.area.id), "Aktören är sparad.", again, &writer)
}

/// A service and the area whose map keeps it.
async fn service_of(state: &AppState, id: &str) -> Result<(Service, AreaSummary), Error> {
    let service = state.store.service(parse_id(id)?).await?.ok_or(Error::NotFound)?;
    let area = state.store.area(service.area.id, today()).await?.ok_or(Error::NotFound)?;
    Ok((service, area))
}

fn edit_service_page(s: &Service) -> Page {
    page(
        format!("Ändra {}", s.name),
        "omraden",
        paths::area_actors(s.area.id),
        format!("Tillbaka till aktörskartan för {}", s.area.name),
    )
    .intro(format!(
        "Tillhandahålls av {}. Den som sparar anges som den som senast kontrollerade uppgifterna.",
        s.organisation.name
    ))
}

async fn edit_service_fields(state: &AppState, s: &Service) -> Result<Vec<Group>, Error> {
    Ok(service_groups(FormFields::of::<ServiceDetails>(), other_areas(state, s.area.id).await?, None))
}

async fn edit_service_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let (service, area) = service_of(&state, &id).await?;
    let user = editor(&at, Some(local_scope(&area)))?;
    let details = state.store.details::<ServiceDetails>(service.id).await?.ok_or(Error::NotFound)?;
    let others = state.store.service_other_areas(service.id).await?;
    // The form offers today as the day of the check: saving is one.
    let values = Values::from_pairs(
        details
            .values()
            .into_iter()
            .filter(|(name, _)| *name != "verified_on")
            .chain(others.iter().map(|a| ("areas", Some(a.to_string())))),
    );
    let form = Form::new(
        paths::service_edit(service.id),
        &user,
        "Spara ändringarna",
        edit_service_fields(&state, &service).await?,
    )
    .fill(&values, None);
    show(&state, &at, edit_service_page(&service), form, StatusCode::OK)
}

async fn edit_service(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let (service, _) = service_of(&state, &id).await?;
    let result = state.store.update_actor(&writer.actor(), service.id, writer.input()).await;
    let groups = if matches!(result, Err(WriteError::Invalid(_))) {
        edit_service_fields(&state, &service).await?
    } else {
        Vec::new()
    };
    let again = || {
        (
            edit_service_page(&service),
            Form::new(paths::service_edit(service.id), &writer.user, "Spara ändringarna", groups),
        )
    };
    answer(&state, &at, result, |_| paths::area_actors(service.area.id), "Ändringarna är sparade.", again, &writer)
}
