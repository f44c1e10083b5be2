//! The meetings' smaller forms, through the forms kit: cancel a meeting, add a follow-up task
//! and mark one done, the categories an area wants at its meetings, and a new secret address for
//! an area's (or a body's) calendar feed.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::Input;
use samverkan_domain::commands::{FeedRenewal, RequiredCategories, TaskDetails, TaskDone};
use samverkan_store::{MeetingDetail, Task};

use super::common::{area_scope, mailing};
use crate::kit::{
    Access, AppState, CONFIRM, Error, Field, Form, FormFields, FormRoute, FormWriter, Group, Page, PageAt, PageError,
    Values, answer, editor, page, parse_id, paths, plain, query_id, show, today,
};

pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(paths::MEETING_CANCEL, get(cancel_form).post(cancel)),
        route(paths::MEETING_NEW_TASK, get(task_form).post(add_task)),
        route(paths::TASK_DONE, get(done_form).post(set_done)),
        route(paths::AREA_REQUIRED_CATEGORIES, get(categories_form).post(set_categories)),
        route(paths::AREA_FEED_RENEWAL, get(renewal_form).post(renew)),
    ]
}

/// The form's fields with its confirmation refused on its field when the box was not ticked.
fn confirmed_input(writer: &FormWriter, question: &str) -> Input {
    let mut input = writer.input();
    if !writer.fields.iter().any(|(k, v)| k == CONFIRM && v == "ja") {
        input.reject(CONFIRM, question);
    }
    input
}

async fn meeting_of(state: &AppState, id: &str) -> Result<MeetingDetail, Error> {
    state.store.meeting(parse_id(id)?).await?.ok_or(Error::NotFound)
}

fn back_to(d: &MeetingDetail) -> (String, String) {
    (paths::meeting(d.meeting.id), format!("Tillbaka till {}", d.meeting.title))
}

// ---- cancelling a meeting --------------------------------------------------------------------

const CANCEL_QUESTION: &str = "Kryssa i rutan för att ställa in mötet: de inbjudna får en avbokning med e-post.";

fn cancel_fields() -> Vec<Group> {
    vec![plain(vec![Field::confirm("Ja, ställ in mötet", CANCEL_QUESTION)])]
}

fn cancel_page(d: &MeetingDetail) -> Page {
    let (href, label) = back_to(d);
    page(format!("Ställ in {}", d.meeting.title), "omraden", href, label).intro(format!(
        "{} ({} svensk tid).",
        super::common::when(&d.meeting),
        d.meeting.area.name
    ))
}

async fn cancel_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let d = meeting_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, d.meeting.area.id).await?))?;
    let form = Form::new(paths::meeting_cancel(d.meeting.id), &user, "Ställ in mötet", cancel_fields());
    show(&state, &at, cancel_page(&d), form.fill(&Values::default(), None), StatusCode::OK)
}

async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let d = meeting_of(&state, &id).await?;
    let input = confirmed_input(&writer, CANCEL_QUESTION);
    let result = state.store.cancel_meeting(&writer.actor(), d.meeting.id, input, &mailing(&state)).await;
    let again = || {
        (
            cancel_page(&d),
            Form::new(paths::meeting_cancel(d.meeting.id), &writer.user, "Ställ in mötet", cancel_fields()),
        )
    };
    answer(&state, &at, result, paths::meeting, "Mötet är inställt. Avbokningarna skickas med e-post.", again, &writer)
}

// ---- tasks ------------------------------------------------------------------------------------

fn task_fields() -> Vec<Group> {
    let mut f = FormFields::of::<TaskDetails>();
    let fields = vec![f.take("description"), f.take("owner_function"), f.take("due_on")];
    vec![plain(fields)]
}

fn task_page(d: &MeetingDetail) -> Page {
    let (href, label) = back_to(d);
    page(format!("Ny uppgift från {}", d.meeting.title), "omraden", href, label)
}

async fn task_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let d = meeting_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, d.meeting.area.id).await?))?;
    let form = Form::new(paths::meeting_new_task(d.meeting.id), &user, "Lägg till uppgiften", task_fields());
    show(&state, &at, task_page(&d), form.fill(&Values::default(), None), StatusCode::OK)
}

async fn add_task(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let d = meeting_of(&state, &id).await?;
    let result = state.store.add_task(&writer.actor(), d.meeting.id, writer.input()).await;
    let again = || {
        (
            task_page(&d),
            Form::new(paths::meeting_new_task(d.meeting.id), &writer.user, "Lägg till uppgiften", task_fields()),
        )
    };
    let meeting = d.meeting.id;
    answer(&state, &at, result, |_| paths::meeting(meeting), "Uppgiften är tillagd.", again, &writer)
}

fn done_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<TaskDone>().rest())]
}

async fn task_of(state: &AppState, id: &str) -> Result<(MeetingDetail, Task), Error> {
    let task_id = parse_id(id)?;
    let meeting = state.store.task_meeting(task_id).await?.ok_or(Error::NotFound)?;
    let d = state.store.meeting(meeting).await?.ok_or(Error::NotFound)?;
    let task = d.tasks.iter().find(|t| t.id == task_id).cloned().ok_or(Error::NotFound)?;
    Ok((d, task))
}

fn done_page(d: &MeetingDetail, t: &Task) -> Page {
    let (href, label) = back_to(d);
    page(format!("Uppgift: {}", t.description), "omraden", href, label)
        .intro(format!("Ansvarig funktion: {}. Kryssa i rutan när uppgiften är klar.", t.owner_function))
}

async fn done_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let (d, t) = task_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, d.meeting.area.id).await?))?;
    let values = Values::of([("done", t.done.then(|| "ja".to_owned()))]);
    let form = Form::new(paths::task_done(t.id), &user, "Spara", done_fields()).fill(&values, None);
    show(&state, &at, done_page(&d, &t), form, StatusCode::OK)
}

async fn set_done(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let (d, t) = task_of(&state, &id).await?;
    let result = state.store.set_task_done(&writer.actor(), t.id, writer.input()).await;
    let again = || (done_page(&d, &t), Form::new(paths::task_done(t.id), &writer.user, "Spara", done_fields()));
    let meeting = d.meeting.id;
    answer(&state, &at, result, |_| paths::meeting(meeting), "Uppgiften är sparad.", again, &writer)
}

// ---- the area's required categories -----------------------------------------------------------

fn categories_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<RequiredCategories>().rest())]
}

async fn categories_page(state: &AppState, area_id: i32) -> Result<Page, Error> {
    let area = state.store.area(area_id, today()).await?.ok_or(Error::NotFound)?.area;
    Ok(page(
        format!("Kategorier som ska vara representerade i {}", area.name),
        "omraden",
        paths::area_participation(area_id),
        format!("Tillbaka till deltagandet i {}", area.name),
    )
    .intro("Varje möte visar vilka av kategorierna som saknades bland de närvarande."))
}

async fn categories_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let page = categories_page(&state, area_id).await?;
    let user = editor(&at, Some(area_scope(&state, area_id).await?))?;
    let current = state.store.required_categories(area_id).await?;
    let values = Values::from_pairs(current.iter().map(|c| ("categories", Some(c.code().to_owned()))));
    let form = Form::new(paths::area_required_categories(area_id), &user, "Spara kategorierna", categories_fields());
    show(&state, &at, page, form.fill(&values, None), StatusCode::OK)
}

async fn set_categories(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let page = categories_page(&state, area_id).await?;
    let result = state.store.set_required_categories(&writer.actor(), area_id, writer.input()).await;
    let again = || {
        (
            page,
            Form::new(
                paths::area_required_categories(area_id),
                &writer.user,
                "Spara kategorierna",
                categories_fields(),
            ),
        )
    };
    answer(&state, &at, result, paths::area_participation, "Kategorierna är sparade.", again, &writer)
}

// ---- a calendar feed's secret address ---------------------------------------------------------

const RENEW_QUESTION: &str =
    "Kryssa i rutan: den gamla adressen slutar fungera, och den som prenumererar på den behöver den nya.";

async fn renewal_fields(state: &AppState, area_id: i32) -> Result<Vec<Group>, Error> {
    let bodies = state.store.bodies_of_area(area_id, today()).await?;
    let mut f = FormFields::of::<FeedRenewal>();
    let body = f.options("body_id", bodies.into_iter().map(|b| (b.id.to_string(), b.name)).collect());
    Ok(vec![plain(vec![body, Field::confirm("Ja, gör en ny adress", RENEW_QUESTION)])])
}

async fn renewal_page(state: &AppState, area_id: i32) -> Result<Page, Error> {
    let area = state.store.area(area_id, today()).await?.ok_or(Error::NotFound)?.area;
    Ok(page(
        format!("Ny kalenderadress för {}", area.name),
        "omraden",
        paths::area_meetings(area_id),
        format!("Tillbaka till mötena i {}", area.name),
    )
    .intro("Kalenderprenumerationen har en hemlig adress. En ny adress ersätter den gamla, som slutar fungera."))
}

async fn renewal_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    at: PageAt,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let page = renewal_page(&state, area_id).await?;
    let user = editor(&at, Some(area_scope(&state, area_id).await?))?;
    let values = Values::of([("body_id", query_id(&query, "organ").map(|b| b.to_string()))]);
    let form =
        Form::new(paths::area_feed_renewal(area_id), &user, "Gör en ny adress", renewal_fields(&state, area_id).await?);
    show(&state, &at, page, form.fill(&values, None), StatusCode::OK)
}

async fn renew(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let page = renewal_page(&state, area_id).await?;
    let groups = renewal_fields(&state, area_id).await?;
    let input = confirmed_input(&writer, RENEW_QUESTION);
    let body = writer.value("body_id").trim().parse::<i32>().ok();
    let result = state.store.renew_calendar_feed(&writer.actor(), area_id, input).await.map(|_| area_id);
    let again = || (page, Form::new(paths::area_feed_renewal(area_id), &writer.user, "Gör en ny adress", groups));
    let back = move |a: i32| match body {
        Some(b) => format!("{}?organ={b}#kalender", paths::area_meetings(a)),
        None => format!("{}#kalender", paths::area_meetings(a)),
    };
    answer(&state, &at, result, back, "Kalenderadressen är ny. Den gamla fungerar inte längre.", again, &writer)
}
