//! Crisis support's API: an area's crisis contact list (read, replace), an activation, one
//! incident (who has and has not acknowledged, its log), a log entry and the closing. Only the
//! area's coordinators and the process leaders get anything: to anyone else a list or an
//! incident is 404, as if it did not exist.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::{Extension, Json};
use samverkan_domain::commands::CrisisContactList;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::{ack_links, seen};
use crate::kit::json::WriteResult;
use crate::kit::{
    ApiWriter, AppState, Error, JsonInput, Problem, RefJson, Visitor, WriteRefusals, WrittenJson, created, parse_id,
    updated,
};
use crate::meetings::common::mailing;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_contacts, put_contacts))
        .routes(routes!(activate))
        .routes(routes!(get_incident))
        .routes(routes!(log))
        .routes(routes!(close))
}

crate::kit::commands::request_schema! {
    ActivateCrisisInput => samverkan_domain::commands::ActivateCrisis;
    IncidentLogInput => samverkan_domain::commands::IncidentLogEntry;
    CloseIncidentInput => samverkan_domain::commands::CloseIncident;
}

/// The contact list's request body: the list's own fields and its functions, each a
/// [`CrisisContact`](samverkan_domain::commands::CrisisContact).
pub struct CrisisContactsInput;

impl utoipa::PartialSchema for CrisisContactsInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, ObjectBuilder, Type};
        let row = crate::kit::commands::schema_of::<samverkan_domain::commands::CrisisContact>();
        let list = crate::kit::commands::schema_of::<samverkan_domain::commands::CrisisListDetails>();
        let mut object = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("Närområdets krislista; ersätter den som fanns och räknas som kontrollerad nu."));
        if let utoipa::openapi::RefOr::T(utoipa::openapi::Schema::Object(o)) = list {
            for (name, schema) in o.properties {
                object = object.property(name, schema);
            }
        }
        object
            .property("contacts", ArrayBuilder::new().items(row))
            .required("contacts")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .into()
    }
}

impl utoipa::ToSchema for CrisisContactsInput {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("CrisisContactsInput")
    }
}

/// One function on the crisis contact list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CrisisContactJson {
    pub function: String,
    pub holder: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub deputy: Option<String>,
    pub deputy_phone: Option<String>,
    pub deputy_email: Option<String>,
}

/// An area's crisis contact list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CrisisListJson {
    pub area: RefJson,
    pub meeting_place: Option<String>,
    /// When it was last checked (saved), RFC 3339 with Stockholm's offset; null never.
    pub checked_at: Option<String>,
    pub checked_by: Option<String>,
    pub complete: bool,
    /// What makes it incomplete, in Swedish.
    pub gaps: Vec<String>,
    pub contacts: Vec<CrisisContactJson>,
    pub synthetic: bool,
}

/// A contact told of an incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecipientJson {
    pub function: String,
    pub holder: Option<String>,
    pub email: Option<String>,
    /// When it acknowledged; null while it has not.
    pub acknowledged_at: Option<String>,
    /// The e-mail's state: `pending`, `sent`, `failed`; null with no address.
    pub mail_state: Option<String>,
    /// The mobile number a text message went to (when an SMS provider is configured); null
    /// without one.
    pub sms_number: Option<String>,
    /// The text message's state: `pending`, `sent`, `failed`; null without one.
    pub sms_state: Option<String>,
}

/// An entry in an incident's log.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogEntryJson {
    pub at: String,
    pub by: String,
    pub text: String,
}

/// An incident of crisis support.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentJson {
    pub id: i32,
    pub area: RefJson,
    pub what: String,
    pub place: String,
    pub occurred_at: String,
    pub activated_at: String,
    pub activated_by: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub summary: Option<String>,
    pub recipients: Vec<RecipientJson>,
    pub log: Vec<LogEntryJson>,
    pub synthetic: bool,
}

fn user(v: &Visitor) -> Option<&samverkan_store::SessionUser> {
    v.user.as_deref()
}

#[utoipa::path(get, path = "/api/v1/areas/{id}/crisis-contacts", tag = "lokal samverkan", summary = "Ett närområdes krislista",
    params(("id" = i32, Path, description = "Närområdets id")),
    security((), ("token" = [])),
    responses((status = 200, description = "Krislistan (bara till närområdets samordnare och processledarna)", body = CrisisListJson),
        (status = 404, description = "Finns inte, eller inte för den som frågar", body = Problem, content_type = "application/problem+json")))]
async fn get_contacts(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Json<CrisisListJson>, Error> {
    let id = parse_id(&id)?;
    seen(user(&visitor), id)?;
    let l = state.store.crisis_list(id).await?.ok_or(Error::NotFound)?;
    Ok(Json(CrisisListJson {
        area: RefJson::from(&l.area),
        meeting_place: l.meeting_place,
        checked_at: l.checked_at.map(|t| t.rfc3339()),
        checked_by: l.checked_by,
        complete: l.gaps.is_empty(),
        gaps: l.gaps,
        contacts: l
            .contacts
            .into_iter()
            .map(|c| CrisisContactJson {
                function: c.function,
                holder: c.holder,
                phone: c.phone,
                email: c.email,
                deputy: c.deputy,
                deputy_phone: c.deputy_phone,
                deputy_email: c.deputy_email,
            })
            .collect(),
        synthetic: l.synthetic,
    }))
}

#[utoipa::path(put, path = "/api/v1/areas/{id}/crisis-contacts", tag = "redigering", summary = "Ersätt ett närområdes krislista", request_body = CrisisContactsInput,
    params(("id" = i32, Path, description = "Närområdets id")),
    security(("token" = [])),
    responses((status = 200, description = "Krislistan är sparad och kontrollerad nu", body = WrittenJson), WriteRefusals))]
async fn put_contacts(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> WriteResult {
    let id = parse_id(&id)?;
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json")));
    if !json {
        return Err(Error::bad_request("Content-Type", "ska vara application/json"));
    }
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| Error::bad_request("body", format!("ogiltig JSON på rad {}, kolumn {}", e.line(), e.column())))?;
    let list = CrisisContactList::from_json(value);
    Ok(updated(state.store.save_crisis_list(&writer.actor(), id, list).await?))
}

#[utoipa::path(post, path = "/api/v1/areas/{id}/incidents", tag = "redigering", summary = "Aktivera krisstöd i ett närområde", request_body = ActivateCrisisInput,
    params(("id" = i32, Path, description = "Närområdets id")),
    security(("token" = [])),
    responses((status = 201, description = "Händelsen är öppnad och meddelandena till krislistan ligger i utkorgen", body = WrittenJson,
        headers(("Location" = String, description = "Händelsens adress i API:et"))), WriteRefusals))]
async fn activate(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    let written = state.store.activate_crisis(&writer.actor(), id, input, &mailing(&state), &ack_links(&state)).await?;
    Ok(created("/api/v1/incidents", written))
}

#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "lokal samverkan", summary = "En händelse med krisstöd",
    params(("id" = i32, Path, description = "Händelsens id")),
    security((), ("token" = [])),
    responses((status = 200, description = "Händelsen, vilka som bekräftat och loggen (bara till närområdets samordnare och processledarna)", body = IncidentJson),
        (status = 404, description = "Finns inte, eller inte för den som frågar", body = Problem, content_type = "application/problem+json")))]
async fn get_incident(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Json<IncidentJson>, Error> {
    let id = parse_id(&id)?;
    let area = state.store.incident_area(id).await?.ok_or(Error::NotFound)?;
    seen(user(&visitor), area)?;
    let d = state.store.incident(id).await?.ok_or(Error::NotFound)?;
    let i = d.incident;
    Ok(Json(IncidentJson {
        id: i.id,
        area: RefJson::from(&i.area),
        what: i.what,
        place: i.place,
        occurred_at: i.occurred.rfc3339(),
        activated_at: i.activated.rfc3339(),
        activated_by: i.activated_by,
        closed_at: i.closed.map(|t| t.rfc3339()),
        closed_by: i.closed_by,
        summary: i.summary,
        recipients: d
            .recipients
            .into_iter()
            .map(|r| RecipientJson {
                function: r.function,
                holder: r.holder,
                email: r.email,
                acknowledged_at: r.acknowledged.map(|t| t.rfc3339()),
                mail_state: r.mail_state,
                sms_number: r.sms.as_ref().map(|(n, _)| n.clone()),
                sms_state: r.sms.map(|(_, state)| state),
            })
            .collect(),
        log: d.log.into_iter().map(|e| LogEntryJson { at: e.at.rfc3339(), by: e.by, text: e.text }).collect(),
        synthetic: i.synthetic,
    }))
}

#[utoipa::path(post, path = "/api/v1/incidents/{id}/log", tag = "redigering", summary = "Skriv i en händelses logg", request_body = IncidentLogInput,
    params(("id" = i32, Path, description = "Händelsens id")),
    security(("token" = [])),
    responses((status = 200, description = "Anteckningen är sparad med tid", body = WrittenJson), WriteRefusals))]
async fn log(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.log_incident(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/incidents/{id}/close", tag = "redigering", summary = "Avsluta en händelse med en sammanfattning i efterhand", request_body = CloseIncidentInput,
    params(("id" = i32, Path, description = "Händelsens id")),
    security(("token" = [])),
    responses((status = 200, description = "Händelsen är avslutad", body = WrittenJson), WriteRefusals))]
async fn close(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.close_incident(&writer.actor(), id, input).await?))
}
