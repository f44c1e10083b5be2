//! The meetings' API: an area's meetings (list, convene), one meeting (read, change: moving or
//! cancelling raises its calendar `SEQUENCE`), its attendance, its calendar file, the area's
//! participation and required categories, and a new secret address for its calendar feed.
//! Times are given in Stockholm: written as local time (`2026-03-28T09:00`), answered as RFC
//! 3339 with Stockholm's offset (`2026-03-28T09:00:00+01:00`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::Invalid;
use samverkan_domain::commands::AttendanceSheet;
use samverkan_domain::local::participation::Count;
use samverkan_store::{self as store, When};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::mailing;
use crate::kit::json::{ListResult, WindowParams, WriteResult, opt_ref, paged_json};
use crate::kit::{
    ApiWriter, AppState, Error, JsonInput, Problem, RefJson, Window, WriteRefusals, WrittenJson, created, parse_id,
    paths, updated,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_meetings, create_meeting))
        .routes(routes!(get_meeting, update_meeting))
        .routes(routes!(record_attendance))
        .routes(routes!(add_task))
        .routes(routes!(get_task, update_task))
        .routes(routes!(meeting_ics))
        .routes(routes!(participation))
        .routes(routes!(set_required_categories))
        .routes(routes!(renew_feed))
}

crate::kit::commands::request_schema! {
    MeetingInput => samverkan_domain::commands::MeetingDetails;
    RequiredCategoriesInput => samverkan_domain::commands::RequiredCategories;
    FeedRenewalInput => samverkan_domain::commands::FeedRenewal;
    TaskInput => samverkan_domain::commands::TaskDetails;
}

/// The attendance sheet's request body: a list of [`InvitationAttendance`] commands, each
/// field described by the command.
pub struct AttendanceInput;

impl utoipa::PartialSchema for AttendanceInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, ObjectBuilder, Type};
        let row = crate::kit::commands::schema_of::<samverkan_domain::commands::InvitationAttendance>();
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "Närvaron för mötets inbjudna aktörer; ersätter den som var registrerad (en inbjuden aktör som inte står med får ingen registrerad närvaro).",
            ))
            .property("invitations", ArrayBuilder::new().items(row))
            .required("invitations")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .into()
    }
}

impl utoipa::ToSchema for AttendanceInput {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("AttendanceInput")
    }
}

// ---- shapes -----------------------------------------------------------------------------------

/// A network meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingJson {
    pub id: i32,
    pub area: RefJson,
    /// The body whose meeting it is, or null for the whole area's.
    pub body: Option<RefJson>,
    pub title: String,
    /// RFC 3339 with Stockholm's offset.
    #[schema(example = "2026-03-28T09:00:00+01:00")]
    pub starts_at: String,
    #[schema(example = "2026-03-28T11:00:00+01:00")]
    pub ends_at: String,
    pub place: Option<String>,
    /// Only to signed-in callers (a personal token); null otherwise.
    pub video_url: Option<String>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub decisions: Option<String>,
    pub cancelled: bool,
    /// The calendar's `SEQUENCE`: raised each time the meeting moved or was cancelled.
    pub sequence: i32,
    /// The calendar's `UID`, the same for the meeting's whole life.
    pub uid: String,
    /// True for data made by `samverkan demo-data`: invented, not real.
    pub synthetic: bool,
}

impl From<&store::Meeting> for MeetingJson {
    fn from(m: &store::Meeting) -> Self {
        let signed_in = crate::kit::visitor::contact_details_visible();
        MeetingJson {
            id: m.id,
            area: RefJson::from(&m.area),
            body: opt_ref(&m.body),
            title: m.title.clone(),
            starts_at: m.starts.rfc3339(),
            ends_at: m.ends.rfc3339(),
            place: m.place.clone(),
            video_url: m.video_url.clone().filter(|_| signed_in),
            agenda: m.agenda.clone(),
            minutes: m.minutes.clone(),
            decisions: m.decisions.clone(),
            cancelled: m.cancelled,
            sequence: m.sequence,
            uid: m.uid.clone(),
            synthetic: m.synthetic,
        }
    }
}

/// An invited actor and its attendance.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitedJson {
    pub service_id: i32,
    pub name: String,
    #[schema(example = "health_centre")]
    pub category: &'static str,
    #[schema(example = "region")]
    pub sector: &'static str,
    /// The functional mailbox; only to signed-in callers, null otherwise.
    pub email: Option<String>,
    /// `present`, `excused`, `absent`, or null while not recorded.
    pub attendance: Option<&'static str>,
    /// Who came on its behalf (a function).
    pub represented_by: Option<String>,
}

/// A follow-up task.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskJson {
    pub id: i32,
    /// The meeting it came from.
    pub meeting_id: i32,
    pub description: String,
    pub owner_function: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub done: bool,
}

/// How an invitation's e-mail fares.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailJson {
    pub recipient: String,
    pub subject: String,
    /// `pending`, `sent` or `failed`.
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// RFC 3339, UTC.
    pub sent_at: Option<String>,
    /// `REQUEST` or `CANCEL`.
    pub method: Option<String>,
}

/// A meeting with its invited, tasks, missing categories and e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingDetailJson {
    #[serde(flatten)]
    pub meeting: MeetingJson,
    pub invited: Vec<InvitedJson>,
    pub tasks: Vec<TaskJson>,
    /// The categories the area wants represented.
    pub required_categories: Vec<&'static str>,
    /// Of them, those no present actor had.
    pub missing_categories: Vec<&'static str>,
    /// The invitations' e-mail; only to signed-in callers, null otherwise.
    pub mail: Option<Vec<MailJson>>,
}

/// Invited against attended.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountJson {
    pub invited: u32,
    /// Of them, present.
    pub attended: u32,
    /// Of them, attendance not yet recorded (left out of the rate).
    pub unrecorded: u32,
    /// Attended of the recorded, in whole percent; null when none is recorded.
    pub rate: Option<u8>,
}

impl From<&Count> for CountJson {
    fn from(c: &Count) -> Self {
        CountJson { invited: c.invited, attended: c.attended, unrecorded: c.unrecorded, rate: c.rate() }
    }
}

/// Invited against attended for one sector, category or month.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountOfJson {
    /// The sector's or category's code, or the month (`2026-03`).
    pub key: String,
    #[serde(flatten)]
    pub count: CountJson,
}

/// An actor that has not come for a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct AbsentJson {
    pub service_id: i32,
    pub name: String,
    pub category: &'static str,
    pub sector: &'static str,
}

/// A meeting held, and the required categories it missed.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingMissingJson {
    pub id: i32,
    pub title: String,
    /// Its day in Stockholm.
    pub day: chrono::NaiveDate,
    pub missing_categories: Vec<&'static str>,
    pub unrecorded: u32,
}

/// An area's participation in its meetings, as of today.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipationJson {
    /// The last 12 months, both days included.
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub total: CountJson,
    pub by_sector: Vec<CountOfJson>,
    pub by_category: Vec<CountOfJson>,
    /// Each of the last 24 months, oldest first.
    pub months: Vec<CountOfJson>,
    pub absent_for_a_year: Vec<AbsentJson>,
    pub meetings: Vec<MeetingMissingJson>,
    pub required_categories: Vec<&'static str>,
}

/// A calendar feed's new secret address.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedJson {
    /// Subscribe to it in a calendar application; the old address no longer works.
    pub url: String,
}

// ---- handlers ---------------------------------------------------------------------------------

/// `?when=upcoming|past&body=`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the parameters; `list_meetings` reads them
struct MeetingsQuery {
    /// `upcoming` (from today, the next first; the default) or `past` (the latest first).
    #[param(value_type = Option<String>, pattern = "^(upcoming|past)$", example = "upcoming")]
    when: Option<String>,
    /// Only this body's meetings (the body's id).
    #[param(minimum = 1, maximum = 2147483647)]
    body: Option<i32>,
}

/// `when` and `body` from the query, each refused by name when it is wrong.
fn meetings_query(uri: &Uri) -> Result<(When, Option<i32>), Error> {
    let (mut when, mut body) = (When::Upcoming, None);
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        match k.as_ref() {
            "when" => {
                when = match v.as_ref() {
                    "upcoming" => When::Upcoming,
                    "past" => When::Past,
                    _ => return Err(Error::bad_request("when", format!("ska vara upcoming eller past, inte \"{v}\""))),
                }
            }
            "body" => {
                body = Some(v.parse::<i32>().ok().filter(|b| *b > 0).ok_or_else(|| {
                    Error::bad_request("body", format!("ska vara ett id (ett positivt heltal), inte \"{v}\""))
                })?)
            }
            _ => {}
        }
    }
    Ok((when, body))
}

#[utoipa::path(get, path = "/api/v1/areas/{id}/meetings", tag = "lokal samverkan", summary = "Ett närområdes nätverksmöten",
    params(("id" = i32, Path, description = "Närområdets id"), MeetingsQuery, WindowParams),
    responses((status = 200, description = "Mötena", body = Vec<MeetingJson>,
        headers(
            ("X-Total-Count" = u64, description = "Hela listans längd"),
            ("Link" = String, description = "Adresserna till listans delar med samma `limit`: `rel=\"first\"` och `rel=\"prev\"` (första och föregående) utom på första delen, `rel=\"next\"` och `rel=\"last\"` (nästa och sista) när det finns mer. Saknas när hela listan ryms i en del."),
        )),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Närområdet finns inte", body = Problem, content_type = "application/problem+json")))]
async fn list_meetings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    window: Window,
    uri: Uri,
) -> ListResult<MeetingJson> {
    let id = parse_id(&id)?;
    let (when, body) = meetings_query(&uri)?;
    state.store.area(id, crate::kit::today()).await?.ok_or(Error::NotFound)?;
    let meetings = state.store.area_meetings(id, body, when, window.page()).await?;
    paged_json(&uri, window, meetings)
}

#[utoipa::path(post, path = "/api/v1/areas/{id}/meetings", tag = "redigering", summary = "Kalla till ett nätverksmöte", request_body = MeetingInput,
    params(("id" = i32, Path, description = "Närområdets id")),
    security(("token" = [])),
    responses((status = 201, description = "Mötet är sparat och kallelserna ligger i utkorgen", body = WrittenJson,
        headers(("Location" = String, description = "Mötets adress i API:et"))), WriteRefusals))]
async fn create_meeting(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(created("/api/v1/meetings", state.store.create_meeting(&writer.actor(), id, input, &mailing(&state)).await?))
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "lokal samverkan", summary = "Ett nätverksmöte",
    params(("id" = i32, Path, description = "Mötets id")),
    responses((status = 200, description = "Mötet", body = MeetingDetailJson),
        (status = 404, description = "Finns inte", body = Problem, content_type = "application/problem+json")))]
async fn get_meeting(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<MeetingDetailJson>, Error> {
    let id = parse_id(&id)?;
    let d = state.store.meeting(id).await?.ok_or(Error::NotFound)?;
    let signed_in = crate::kit::visitor::contact_details_visible();
    let mail = if signed_in {
        Some(
            state
                .store
                .meeting_mail(id)
                .await?
                .into_iter()
                .map(|m| MailJson {
                    recipient: m.recipient,
                    subject: m.subject,
                    state: m.state,
                    attempts: m.attempts,
                    last_error: m.last_error,
                    sent_at: m.sent_at,
                    method: m.method,
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(Json(MeetingDetailJson {
        meeting: MeetingJson::from(&d.meeting),
        invited: d
            .invited
            .iter()
            .map(|i| InvitedJson {
                service_id: i.service.id,
                name: i.service.name.clone(),
                category: i.service.category.code(),
                sector: i.service.sector.code(),
                email: i.service.email.clone().filter(|_| signed_in),
                attendance: i.attendance.map(|a| a.code()),
                represented_by: i.represented_by.clone(),
            })
            .collect(),
        tasks: d
            .tasks
            .iter()
            .map(|t| TaskJson {
                id: t.id,
                meeting_id: t.meeting_id,
                description: t.description.clone(),
                owner_function: t.owner_function.clone(),
                due_on: t.due_on,
                done: t.done,
            })
            .collect(),
        required_categories: d.required.iter().map(|c| c.code()).collect(),
        missing_categories: d.missing.iter().map(|c| c.code()).collect(),
        mail,
    }))
}

#[utoipa::path(put, path = "/api/v1/meetings/{id}", tag = "redigering", summary = "Ändra, flytta eller ställ in ett nätverksmöte", request_body = MeetingInput,
    params(("id" = i32, Path, description = "Mötets id")),
    security(("token" = [])),
    responses((status = 200, description = "Mötet är ändrat; flyttat eller inställt får de inbjudna besked med e-post", body = WrittenJson), WriteRefusals))]
async fn update_meeting(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_meeting(&writer.actor(), id, input, &mailing(&state)).await?))
}

#[utoipa::path(put, path = "/api/v1/meetings/{id}/attendance", tag = "redigering", summary = "Registrera närvaro vid ett nätverksmöte", request_body = AttendanceInput,
    params(("id" = i32, Path, description = "Mötets id")),
    security(("token" = [])),
    responses((status = 200, description = "Närvaron är sparad", body = WrittenJson), WriteRefusals))]
async fn record_attendance(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> WriteResult {
    let id = parse_id(&id)?;
    let sheet = AttendanceSheet::from_json(json_body(&headers, &body)?);
    Ok(updated(state.store.record_attendance(&writer.actor(), id, sheet).await?))
}

/// A JSON body as it is (the attendance sheet is a list of rows; a list that is null is told
/// as one, where an `Input` would read it as empty).
fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<serde_json::Value, Error> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json")));
    if !json {
        return Err(Error::bad_request("Content-Type", "ska vara application/json"));
    }
    serde_json::from_slice(body)
        .map_err(|e| Error::bad_request("body", format!("ogiltig JSON på rad {}, kolumn {}", e.line(), e.column())))
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}/ics", tag = "lokal samverkan", summary = "Ett nätverksmötes kalenderfil (RFC 5545)",
    params(("id" = i32, Path, description = "Mötets id")),
    responses((status = 200, description = "`METHOD:REQUEST`, eller `METHOD:CANCEL` för ett inställt möte; de inbjudnas brevlådor och videolänken bara till inloggade", content_type = "text/calendar", body = String),
        (status = 404, description = "Finns inte", body = Problem, content_type = "application/problem+json")))]
async fn meeting_ics(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, Error> {
    let id = parse_id(&id)?;
    let signed_in = crate::kit::visitor::contact_details_visible();
    let ics = state.store.meeting_ics(id, signed_in, &mailing(&state)).await?.ok_or(Error::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"mote-{id}.ics\"")),
        ],
        ics,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/areas/{id}/participation", tag = "lokal samverkan", summary = "Deltagandet i ett närområdes nätverksmöten",
    params(("id" = i32, Path, description = "Närområdets id")),
    responses((status = 200, description = "Inbjudna mot deltagande de senaste 12 månaderna och per månad, aktörer som inte deltagit på ett år, saknade kategorier per möte", body = ParticipationJson),
        (status = 404, description = "Finns inte", body = Problem, content_type = "application/problem+json")))]
async fn participation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ParticipationJson>, Error> {
    let id = parse_id(&id)?;
    state.store.area(id, crate::kit::today()).await?.ok_or(Error::NotFound)?;
    let p = state.store.area_participation(id).await?;
    let of = |key: String, c: &Count| CountOfJson { key, count: CountJson::from(c) };
    Ok(Json(ParticipationJson {
        from: p.from,
        to: p.to,
        total: CountJson::from(&p.year.total),
        by_sector: p.year.by_sector.iter().map(|(s, c)| of(s.code().to_owned(), c)).collect(),
        by_category: p.year.by_category.iter().map(|(k, c)| of(k.code().to_owned(), c)).collect(),
        months: p.months.iter().map(|(m, c)| of(m.format("%Y-%m").to_string(), c)).collect(),
        absent_for_a_year: p
            .absent
            .iter()
            .map(|s| AbsentJson {
                service_id: s.id,
                name: s.name.clone(),
                category: s.category.code(),
                sector: s.sector.code(),
            })
            .collect(),
        meetings: p
            .meetings
            .iter()
            .map(|m| MeetingMissingJson {
                id: m.id,
                title: m.title.clone(),
                day: m.day,
                missing_categories: m.missing.iter().map(|c| c.code()).collect(),
                unrecorded: m.unrecorded,
            })
            .collect(),
        required_categories: p.required.iter().map(|c| c.code()).collect(),
    }))
}

#[utoipa::path(put, path = "/api/v1/areas/{id}/required-categories", tag = "redigering", summary = "Ange vilka kategorier som ska vara representerade vid närområdets möten", request_body = RequiredCategoriesInput,
    params(("id" = i32, Path, description = "Närområdets id")),
    security(("token" = [])),
    responses((status = 200, description = "Kategorierna är sparade", body = WrittenJson), WriteRefusals))]
async fn set_required_categories(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> WriteResult {
    let id = parse_id(&id)?;
    let value = json_body(&headers, &body)?;
    // The list replaces the one before: an empty one clears it, null is no list.
    if value.get("categories").is_some_and(serde_json::Value::is_null) {
        return Err(Error::Invalid(Invalid::one("categories", "ska vara en lista (tom för inga kategorier)")));
    }
    let input = samverkan_domain::Input::from_json(value).map_err(Error::Invalid)?;
    Ok(updated(state.store.set_required_categories(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/areas/{id}/calendar-feed", tag = "redigering", summary = "Gör en ny hemlig adress för närområdets (eller ett organs) kalenderprenumeration", request_body = FeedRenewalInput,
    params(("id" = i32, Path, description = "Närområdets id")),
    security(("token" = [])),
    responses((status = 200, description = "Den nya adressen; den gamla fungerar inte längre", body = FeedJson), WriteRefusals))]
async fn renew_feed(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> Result<Json<FeedJson>, Error> {
    let id = parse_id(&id)?;
    let secret = state.store.renew_calendar_feed(&writer.actor(), id, input).await?;
    Ok(Json(FeedJson { url: format!("{}{}", state.settings.public_url.origin(), paths::calendar_feed(&secret)) }))
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/tasks", tag = "redigering", summary = "Lägg till en uppgift att följa upp från ett nätverksmöte", request_body = TaskInput,
    params(("id" = i32, Path, description = "Mötets id")),
    security(("token" = [])),
    responses((status = 201, description = "Uppgiften är tillagd", body = WrittenJson,
        headers(("Location" = String, description = "Uppgiftens adress i API:et"))), WriteRefusals))]
async fn add_task(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(created("/api/v1/meeting-tasks", state.store.add_task(&writer.actor(), id, input).await?))
}

#[utoipa::path(get, path = "/api/v1/meeting-tasks/{id}", tag = "lokal samverkan", summary = "En uppgift från ett nätverksmöte",
    params(("id" = i32, Path, description = "Uppgiftens id")),
    responses((status = 200, description = "Uppgiften", body = TaskJson),
        (status = 404, description = "Finns inte", body = Problem, content_type = "application/problem+json")))]
async fn get_task(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<TaskJson>, Error> {
    let id = parse_id(&id)?;
    let meeting = state.store.task_meeting(id).await?.ok_or(Error::NotFound)?;
    let d = state.store.meeting(meeting).await?.ok_or(Error::NotFound)?;
    let t = d.tasks.into_iter().find(|t| t.id == id).ok_or(Error::NotFound)?;
    Ok(Json(TaskJson {
        id: t.id,
        meeting_id: t.meeting_id,
        description: t.description,
        owner_function: t.owner_function,
        due_on: t.due_on,
        done: t.done,
    }))
}

#[utoipa::path(put, path = "/api/v1/meeting-tasks/{id}", tag = "redigering", summary = "Ändra en uppgift eller markera den klar", request_body = TaskInput,
    params(("id" = i32, Path, description = "Uppgiftens id")),
    security(("token" = [])),
    responses((status = 200, description = "Uppgiften är ändrad", body = WrittenJson), WriteRefusals))]
async fn update_task(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_task(&writer.actor(), id, input).await?))
}
