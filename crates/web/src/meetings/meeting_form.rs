//! The form that convenes a meeting of an area and the one that changes (moves, cancels or
//! reinstates) it: the command's fields, with its times as `datetime-local` fields in Stockholm,
//! and the area's actors as checkboxes grouped by category. Its own template
//! (`meeting_form.html`), since the actors come in a group of groups.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use samverkan_domain::command::Command;
use samverkan_domain::commands::MeetingDetails;
use samverkan_domain::local::actors::ServiceCategory;
use samverkan_domain::{Invalid, Scope};
use samverkan_store::{LocalService, MeetingDetail, WriteError};

use super::common::{area_scope, mailing};
use crate::kit::layout::Layout;
use crate::kit::{
    Access, AppState, Error, Form, FormFields, FormRoute, FormWriter, PageAt, PageError, Values, editor, parse_id,
    paths, plain, query_id, render, today,
};

pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(paths::AREA_NEW_MEETING, get(new_form).post(convene)),
        route(paths::MEETING_EDIT, get(edit_form).post(change)),
    ]
}

/// One actor to tick.
pub(crate) struct Choice {
    /// The element's id: the first of all is the field's own (`f-invited`, where the error
    /// summary leads), the others add the service's id.
    pub id: String,
    pub value: i32,
    pub label: String,
    pub checked: bool,
}

/// The actors of one category.
pub(crate) struct Category {
    pub legend: &'static str,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "meeting_form.html")]
struct MeetingFormPage {
    layout: Layout,
    heading: String,
    intro: Option<String>,
    form: Form,
    invited: Vec<Category>,
    invited_error: Option<String>,
    back: (String, String),
}

/// The area's actors by category (any invited one no longer on the map kept), those in
/// `checked` ticked.
fn categories(services: Vec<LocalService>, checked: &[i32]) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    let mut first = true;
    for c in ServiceCategory::ALL {
        let choices: Vec<Choice> = services
            .iter()
            .filter(|s| s.category == *c)
            .map(|s| {
                let id = if first { "f-invited".to_owned() } else { format!("f-invited-{}", s.id) };
                first = false;
                let label = match &s.contact_role {
                    Some(role) => format!("{} ({role})", s.name),
                    None => s.name.clone(),
                };
                Choice { id, value: s.id, label, checked: checked.contains(&s.id) }
            })
            .collect();
        if !choices.is_empty() {
            out.push(Category { legend: c.label(), choices });
        }
    }
    out
}

/// The fields other than the invited: the convening form leaves out what a meeting gets later
/// (minutes, decisions) and its being cancelled.
async fn groups(state: &AppState, area_id: i32, change: bool) -> Result<Vec<crate::kit::Group>, Error> {
    let bodies = state.store.bodies_of_area(area_id, today()).await?;
    let mut f = FormFields::of::<MeetingDetails>();
    let mut video = f.take("video_url");
    video.kind = "url";
    let mut fields =
        vec![f.take("title"), f.take("starts_at"), f.take("ends_at"), f.take("place"), video, f.take("agenda")];
    fields.push(f.options("body_id", bodies.into_iter().map(|b| (b.id.to_string(), b.name)).collect()));
    let _ = f.take("invited");
    let (minutes, decisions, cancelled) = (f.take("minutes"), f.take("decisions"), f.take("cancelled"));
    if change {
        fields.extend([minutes, decisions, cancelled]);
    }
    Ok(vec![plain(fields)])
}

/// The services to offer: the area's active ones, and any already invited.
async fn services(state: &AppState, area_id: i32, detail: Option<&MeetingDetail>) -> Result<Vec<LocalService>, Error> {
    let mut all = state.store.area_services(area_id).await?;
    for i in detail.map(|d| d.invited.as_slice()).unwrap_or_default() {
        if !all.iter().any(|s| s.id == i.service.id) {
            all.push(i.service.clone());
        }
    }
    Ok(all)
}

struct Shown {
    heading: String,
    intro: Option<String>,
    action: String,
    submit: &'static str,
    back: (String, String),
    area_id: i32,
    change: bool,
}

#[allow(clippy::too_many_arguments)]
async fn show(
    state: &AppState,
    at: &PageAt,
    user: &samverkan_store::SessionUser,
    shown: Shown,
    values: Values,
    checked: &[i32],
    detail: Option<&MeetingDetail>,
    invalid: Option<&Invalid>,
) -> Result<Response, PageError> {
    let mut form = Form::new(shown.action, user, shown.submit, groups(state, shown.area_id, shown.change).await?)
        .fill(&values, invalid);
    let invited_error = invalid.and_then(|i| i.message("invited")).map(str::to_owned);
    if let Some(invalid) = invalid {
        for (item, e) in form.summary.iter_mut().zip(&invalid.0) {
            if e.field == "invited" {
                item.href = Some("#f-invited".to_owned());
                item.label = "Inbjudna aktörer".to_owned();
            }
        }
    }
    let title = if form.summary.is_empty() { shown.heading.clone() } else { format!("Fel: {}", shown.heading) };
    let page = MeetingFormPage {
        layout: Layout::new(state, title, "omraden", at),
        heading: shown.heading,
        intro: shown.intro,
        invited: categories(services(state, shown.area_id, detail).await?, checked),
        invited_error,
        form,
        back: shown.back,
    };
    let status = if invalid.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)?).into_response())
}

/// What was submitted, as the form shows it again.
fn submitted(writer: &FormWriter) -> (Values, Vec<i32>) {
    let names: Vec<&'static str> = MeetingDetails::fields().iter().map(|f| f.name).collect();
    let pairs = writer
        .fields
        .iter()
        .filter_map(|(k, v)| names.iter().find(|n| **n == k.as_str()).map(|n| (*n, Some(v.clone()))));
    let checked = writer.fields.iter().filter(|(k, _)| k == "invited").filter_map(|(_, v)| v.parse().ok()).collect();
    (Values::from_pairs(pairs), checked)
}

/// The answer to a submission: to the meeting's page when it was saved, the form again (422)
/// with every wrong field when not.
async fn answer(
    state: &AppState,
    at: &PageAt,
    writer: &FormWriter,
    result: Result<i32, WriteError>,
    shown: Shown,
    detail: Option<&MeetingDetail>,
    saved: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(id) => Ok(crate::kit::saved::say(Redirect::to(&paths::meeting(id)).into_response(), saved, writer.secure)),
        Err(WriteError::Invalid(invalid)) => {
            let (values, checked) = submitted(writer);
            show(state, at, &writer.user, shown, values, &checked, detail, Some(&invalid)).await
        }
        Err(e) => Err(PageError(e.into())),
    }
}

async fn area_name(state: &AppState, area_id: i32) -> Result<String, Error> {
    Ok(state.store.area(area_id, today()).await?.ok_or(Error::NotFound)?.area.name)
}

fn new_shown(area_id: i32, name: &str) -> Shown {
    Shown {
        heading: format!("Kalla till nätverksmöte i {name}"),
        intro: Some(
            "Kallelsen skickas med e-post, med en kalenderfil, till varje inbjuden aktörs funktionsbrevlåda."
                .to_owned(),
        ),
        action: paths::area_new_meeting(area_id),
        submit: "Kalla till mötet",
        back: (paths::area_meetings(area_id), format!("Tillbaka till mötena i {name}")),
        area_id,
        change: false,
    }
}

async fn new_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    at: PageAt,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let name = area_name(&state, area_id).await?;
    let user = editor(&at, Some(area_scope(&state, area_id).await?))?;
    let values = Values::of([("body_id", query_id(&query, "organ").map(|b| b.to_string()))]);
    show(&state, &at, &user, new_shown(area_id, &name), values, &[], None, None).await
}

async fn convene(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let name = area_name(&state, area_id).await?;
    let result = state.store.create_meeting(&writer.actor(), area_id, writer.input(), &mailing(&state)).await;
    let saved = "Mötet är sparat. Kallelserna skickas med e-post.";
    answer(&state, &at, &writer, result, new_shown(area_id, &name), None, saved).await
}

fn edit_shown(d: &MeetingDetail) -> Shown {
    let m = &d.meeting;
    Shown {
        heading: format!("Ändra {}", m.title),
        intro: Some(
            "Flyttas mötet, ändras platsen eller ställs det in får de inbjudna en ny kallelse med e-post.".to_owned(),
        ),
        action: paths::meeting_edit(m.id),
        submit: "Spara ändringarna",
        back: (paths::meeting(m.id), format!("Tillbaka till {}", m.title)),
        area_id: m.area.id,
        change: true,
    }
}

/// A stored meeting's values, for its form.
fn values_of(d: &MeetingDetail) -> Values {
    let m = &d.meeting;
    Values::of([
        ("title", Some(m.title.clone())),
        ("starts_at", Some(m.starts.field_text())),
        ("ends_at", Some(m.ends.field_text())),
        ("place", m.place.clone()),
        ("video_url", m.video_url.clone()),
        ("agenda", m.agenda.clone()),
        ("body_id", m.body.as_ref().map(|b| b.id.to_string())),
        ("minutes", m.minutes.clone()),
        ("decisions", m.decisions.clone()),
        ("cancelled", m.cancelled.then(|| "ja".to_owned())),
    ])
}

async fn meeting_and_scope(state: &AppState, id: &str) -> Result<(MeetingDetail, Scope), Error> {
    let d = state.store.meeting(parse_id(id)?).await?.ok_or(Error::NotFound)?;
    let scope = area_scope(state, d.meeting.area.id).await?;
    Ok((d, scope))
}

async fn edit_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let (d, scope) = meeting_and_scope(&state, &id).await?;
    let user = editor(&at, Some(scope))?;
    let checked: Vec<i32> = d.invited.iter().map(|i| i.service.id).collect();
    show(&state, &at, &user, edit_shown(&d), values_of(&d), &checked, Some(&d), None).await
}

async fn change(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let (d, _) = meeting_and_scope(&state, &id).await?;
    let result = state.store.update_meeting(&writer.actor(), d.meeting.id, writer.input(), &mailing(&state)).await;
    answer(&state, &at, &writer, result, edit_shown(&d), Some(&d), "Ändringarna är sparade.").await
}
