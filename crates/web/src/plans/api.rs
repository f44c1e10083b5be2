//! The plans' API: an area's local action plans (list, make), one plan (read, change), its
//! activities and follow-up notes; an area's local area plan on a date (`?at=`, each entry with
//! `stale` and its next review), its entries (add, read, change) and their reviews.

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use samverkan_store::{ActionPlan, Activity, AreaPlanEntry, FollowUp, PlanReview};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::json::WriteResult;
use crate::kit::{
    ApiWriter, AppState, At, Error, JsonInput, Problem, RefJson, Visitor, WriteRefusals, WrittenJson, created,
    parse_id, updated,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_action_plans, create_action_plan))
        .routes(routes!(agreement_action_plans))
        .routes(routes!(get_action_plan, update_action_plan))
        .routes(routes!(add_activity))
        .routes(routes!(get_activity, update_activity))
        .routes(routes!(add_follow_up))
        .routes(routes!(get_follow_up))
        .routes(routes!(get_area_plan, create_area_plan_entry))
        .routes(routes!(get_area_plan_entry, update_area_plan_entry))
        .routes(routes!(review_area_plan_entry))
        .routes(routes!(get_area_plan_review))
        .routes(routes!(review_list))
}

crate::kit::commands::request_schema! {
    ActionPlanInput => samverkan_domain::commands::ActionPlanDetails;
    ActivityInput => samverkan_domain::commands::ActivityDetails;
    FollowUpInput => samverkan_domain::commands::FollowUpNote;
    AreaPlanEntryInput => samverkan_domain::commands::AreaPlanEntryDetails;
    EntryReviewInput => samverkan_domain::commands::EntryReview;
}

// ---- shapes -----------------------------------------------------------------------------------

/// A local action plan, with its progress and the activities overdue today.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionPlanJson {
    pub id: i32,
    pub area: RefJson,
    pub title: String,
    /// `elderly`, `children_mental_health`, `psychiatry`, `lss` or `other`.
    #[schema(example = "elderly")]
    pub target_group: &'static str,
    /// The agreement it implements (one whose working model is "local action plans").
    pub agreement: Option<RefJson>,
    pub goal: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: Option<chrono::NaiveDate>,
    /// The network meeting that decided it.
    pub meeting: Option<RefJson>,
    /// The mean of its activities' progress (cancelled ones left out), in whole percent; null
    /// with none.
    pub progress: Option<u8>,
    /// How many of its activities are overdue today.
    pub overdue: usize,
    /// True for data made by `samverkan demo-data`: invented, not real.
    pub synthetic: bool,
}

fn plan_json(p: &ActionPlan) -> ActionPlanJson {
    let r = |x: &samverkan_store::Ref| RefJson { id: x.id, name: x.name.clone() };
    ActionPlanJson {
        id: p.id,
        area: r(&p.area),
        title: p.title.clone(),
        target_group: p.target_group.code(),
        agreement: p.agreement.as_ref().map(r),
        goal: p.goal.clone(),
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        meeting: p.meeting.as_ref().map(r),
        progress: p.progress,
        overdue: p.overdue,
        synthetic: p.synthetic,
    }
}

/// An activity of a plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityJson {
    pub id: i32,
    pub plan_id: i32,
    pub description: String,
    pub owner_function: String,
    pub due_on: Option<chrono::NaiveDate>,
    /// `not_started`, `in_progress`, `done` or `cancelled`.
    #[schema(example = "in_progress")]
    pub status: &'static str,
    /// Whole percent.
    pub progress: u8,
    /// Past its due date and neither done nor cancelled.
    pub overdue: bool,
}

fn activity_json(a: &Activity) -> ActivityJson {
    ActivityJson {
        id: a.id,
        plan_id: a.plan_id,
        description: a.description.clone(),
        owner_function: a.owner_function.clone(),
        due_on: a.due_on,
        status: a.status.code(),
        progress: a.progress,
        overdue: a.overdue,
    }
}

/// A dated follow-up note.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpJson {
    pub id: i32,
    pub plan_id: i32,
    pub noted_on: chrono::NaiveDate,
    pub note: String,
}

fn note_json(plan_id: i32, n: &FollowUp) -> FollowUpJson {
    FollowUpJson { id: n.id, plan_id, noted_on: n.noted_on, note: n.note.clone() }
}

/// A plan with its activities and follow-up notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionPlanDetailJson {
    #[serde(flatten)]
    pub plan: ActionPlanJson,
    pub activities: Vec<ActivityJson>,
    /// Newest first.
    pub follow_ups: Vec<FollowUpJson>,
}

/// A review of an entry of the area plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewJson {
    pub id: i32,
    pub entry_id: i32,
    pub reviewed_on: chrono::NaiveDate,
    /// The function that reviewed it.
    pub reviewed_by: String,
    pub changes: String,
}

fn review_json(entry_id: i32, r: &PlanReview) -> ReviewJson {
    ReviewJson {
        id: r.id,
        entry_id,
        reviewed_on: r.reviewed_on,
        reviewed_by: r.reviewed_by.clone(),
        changes: r.changes.clone(),
    }
}

/// An entry of the area plan as it stood on the date asked about.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaPlanEntryJson {
    pub id: i32,
    pub area: RefJson,
    pub responsibility: String,
    /// An organisation of an actor of the area's map.
    pub organisation: RefJson,
    /// Whether the organisation is active on the date.
    pub organisation_active: bool,
    pub contact_function: String,
    pub review_interval_months: u32,
    /// The day it was added to the plan.
    pub valid_from: chrono::NaiveDate,
    pub last_review: Option<ReviewJson>,
    /// The interval after the last review (or the day it was added).
    pub next_review: chrono::NaiveDate,
    /// Its review is overdue, or its organisation is no longer active.
    pub stale: bool,
    pub synthetic: bool,
}

fn entry_json(e: &AreaPlanEntry) -> AreaPlanEntryJson {
    AreaPlanEntryJson {
        id: e.id,
        area: RefJson { id: e.area.id, name: e.area.name.clone() },
        responsibility: e.responsibility.clone(),
        organisation: RefJson { id: e.organisation.id, name: e.organisation.name.clone() },
        organisation_active: e.organisation_active,
        contact_function: e.contact_function.clone(),
        review_interval_months: e.review_interval_months,
        valid_from: e.valid_from,
        last_review: e.last_review.as_ref().map(|r| review_json(e.id, r)),
        next_review: e.next_review,
        stale: e.stale,
        synthetic: e.synthetic,
    }
}

/// An area's local area plan on a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaPlanJson {
    pub area: RefJson,
    /// The date it is as of.
    pub at: chrono::NaiveDate,
    pub entries: Vec<AreaPlanEntryJson>,
    /// How many entries are stale.
    pub stale: usize,
    /// The share of entries current, in whole percent; null with no entry.
    pub current_percent: Option<u8>,
}

/// What the caller is to review next across the areas they may change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewListJson {
    /// Stale entries first (overdue longest at the top), then the soonest next review.
    pub entries: Vec<AreaPlanEntryJson>,
    /// How many of those listed are stale.
    pub stale: usize,
}

/// How many entries the review list gives.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewListQuery {
    /// 1–200; 50 if left out.
    limit: Option<String>,
}

/// An entry with all its reviews, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaPlanEntryDetailJson {
    #[serde(flatten)]
    pub entry: AreaPlanEntryJson,
    pub reviews: Vec<ReviewJson>,
}

// ---- handlers ---------------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/areas/{id}/action-plans", tag = "lokal samverkan", summary = "Ett närområdes lokala handlingsplaner",
    params(("id" = i32, Path, description = "Närområdets id")),
    responses((status = 200, description = "Handlingsplanerna, senast startade först", body = Vec<ActionPlanJson>),
        (status = 404, description = "Närområdet finns inte", body = Problem, content_type = "application/problem+json")))]
async fn list_action_plans(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<ActionPlanJson>>, Error> {
    let id = parse_id(&id)?;
    state.store.area(id, crate::kit::today()).await?.ok_or(Error::NotFound)?;
    Ok(Json(state.store.area_action_plans(id).await?.iter().map(plan_json).collect()))
}

#[utoipa::path(get, path = "/api/v1/agreements/{id}/action-plans", tag = "lokal samverkan", summary = "De lokala handlingsplaner som genomför en överenskommelse",
    params(("id" = i32, Path, description = "Överenskommelsens id")),
    responses((status = 200, description = "Handlingsplanerna i alla närområden, senast startade först (tom för en överenskommelse utan arbetsformen Lokala handlingsplaner)", body = Vec<ActionPlanJson>),
        (status = 404, description = "Överenskommelsen finns inte", body = Problem, content_type = "application/problem+json")))]
async fn agreement_action_plans(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<ActionPlanJson>>, Error> {
    let id = parse_id(&id)?;
    state.store.agreement(id, crate::kit::today()).await?.ok_or(Error::NotFound)?;
    Ok(Json(state.store.agreement_action_plans(id).await?.iter().map(plan_json).collect()))
}

#[utoipa::path(post, path = "/api/v1/areas/{id}/action-plans", tag = "redigering", summary = "Gör en lokal handlingsplan", request_body = ActionPlanInput,
    params(("id" = i32, Path, description = "Närområdets id")),
    security(("token" = [])),
    responses((status = 201, description = "Handlingsplanen är sparad", body = WrittenJson,
        headers(("Location" = String, description = "Handlingsplanens adress i API:et"))), WriteRefusals))]
async fn create_action_plan(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(created("/api/v1/action-plans", state.store.create_action_plan(&writer.actor(), id, input).await?))
}

#[utoipa::path(get, path = "/api/v1/action-plans/{id}", tag = "lokal samverkan", summary = "En lokal handlingsplan",
    params(("id" = i32, Path, description = "Handlingsplanens id")),
    responses((status = 200, description = "Handlingsplanen med aktiviteter och uppföljning", body = ActionPlanDetailJson),
        (status = 404, description = "Finns inte", body = Problem, content_type = "application/problem+json")))]
async fn get_action_plan(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ActionPlanDetailJson>, Error> {
    let d = state.store.action_plan(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    Ok(Json(ActionPlanDetailJson {
        plan: plan_json(&d.plan),
        activities: d.activities.iter().map(activity_json).collect(),
        follow_ups: d.notes.iter().map(|n| note_json(d.plan.id, n)).collect(),
    }))
}

#[utoipa::path(put, path = "/api/v1/action-plans/{id}", tag = "redigering", summary = "Ändra en lokal handlingsplan", request_body = ActionPlanInput,
    params(("id" = i32, Path, description = "Handlingsplanens id")),
    security(("token" = [])),
    responses((status = 200, description = "Handlingsplanen är ändrad", body = WrittenJson), WriteRefusals))]
async fn update_action_plan(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(updated(state.store.update_action_plan(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/action-plans/{id}/activities", tag = "redigering", summary = "Lägg till en aktivitet i en handlingsplan", request_body = ActivityInput,
    params(("id" = i32, Path, description = "Handlingsplanens id")),
    security(("token" = [])),
    responses((status = 201, description = "Aktiviteten är sparad", body = WrittenJson,
        headers(("Location" = String, description = "Aktivitetens adress i API:et"))), WriteRefusals))]
async fn add_activity(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/activities", state.store.add_activity(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "lokal samverkan", summary = "En aktivitet i en handlingsplan",
    params(("id" = i32, Path, description = "Aktivitetens id")),
    responses((status = 200, description = "Aktiviteten", body = ActivityJson),
        (status = 404, description = "Finns inte", body = Problem, content_type = "application/problem+json")))]
async fn get_activity(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ActivityJson>, Error> {
    let id = parse_id(&id)?;
    let plan = state.store.activity_plan(id).await?.ok_or(Error::NotFound)?;
    let d = state.store.action_plan(plan).await?.ok_or(Error::NotFound)?;
    let a = d.activities.iter().find(|a| a.id == id).ok_or(Error::NotFound)?;
    Ok(Json(activity_json(a)))
}

#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "redigering", summary = "Ändra en aktivitet", request_body = ActivityInput,
    params(("id" = i32, Path, description = "Aktivitetens id")),
    security(("token" = [])),
    responses((status = 200, description = "Aktiviteten är ändrad", body = WrittenJson), WriteRefusals))]
async fn update_activity(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(updated(state.store.update_activity(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/action-plans/{id}/follow-ups", tag = "redigering", summary = "Skriv en uppföljning av en handlingsplan", request_body = FollowUpInput,
    params(("id" = i32, Path, description = "Handlingsplanens id")),
    security(("token" = [])),
    responses((status = 201, description = "Uppföljningen är sparad", body = WrittenJson,
        headers(("Location" = String, description = "Uppföljningens adress i API:et"))), WriteRefusals))]
async fn add_follow_up(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/follow-ups", state.store.add_follow_up(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(get, path = "/api/v1/follow-ups/{id}", tag = "lokal samverkan", summary = "En uppföljning av en handlingsplan",
    params(("id" = i32, Path, description = "Uppföljningens id")),
    responses((status = 200, description = "Uppföljningen", body = FollowUpJson),
        (status = 404, description = "Finns inte", body = Problem, content_type = "application/problem+json")))]
async fn get_follow_up(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<FollowUpJson>, Error> {
    let (plan, n) = state.store.follow_up(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    Ok(Json(note_json(plan, &n)))
}

#[utoipa::path(get, path = "/api/v1/areas/{id}/area-plan", tag = "lokal samverkan", summary = "Ett närområdes närområdesplan",
    params(("id" = i32, Path, description = "Närområdets id"),
        ("at" = Option<chrono::NaiveDate>, Query, description = "Planen som den såg ut detta datum (i dag om det utelämnas)")),
    responses((status = 200, description = "Planens poster med `stale` och nästa granskning, och hur stor andel som är aktuell", body = AreaPlanJson),
        (status = 400, description = "Ogiltigt datum", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Närområdet finns inte", body = Problem, content_type = "application/problem+json")))]
async fn get_area_plan(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<AreaPlanJson>, Error> {
    let plan = state.store.area_plan(parse_id(&id)?, at.date).await?.ok_or(Error::NotFound)?;
    Ok(Json(AreaPlanJson {
        area: RefJson { id: plan.area.id, name: plan.area.name.clone() },
        at: plan.on,
        entries: plan.entries.iter().map(entry_json).collect(),
        stale: plan.stale,
        current_percent: plan.currency,
    }))
}

#[utoipa::path(post, path = "/api/v1/areas/{id}/area-plan", tag = "redigering", summary = "Lägg till ett ansvarsområde i närområdesplanen", request_body = AreaPlanEntryInput,
    params(("id" = i32, Path, description = "Närområdets id")),
    security(("token" = [])),
    responses((status = 201, description = "Ansvarsområdet är sparat och gäller från i dag", body = WrittenJson,
        headers(("Location" = String, description = "Postens adress i API:et"))), WriteRefusals))]
async fn create_area_plan_entry(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(
        "/api/v1/area-plan-entries",
        state.store.create_area_plan_entry(&writer.actor(), parse_id(&id)?, input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/area-plan-entries/{id}", tag = "lokal samverkan", summary = "En post i en närområdesplan",
    params(("id" = i32, Path, description = "Postens id"),
        ("at" = Option<chrono::NaiveDate>, Query, description = "Posten som den såg ut detta datum (i dag om det utelämnas)")),
    responses((status = 200, description = "Posten med dess granskningar", body = AreaPlanEntryDetailJson),
        (status = 400, description = "Ogiltigt datum", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Finns inte (eller fanns inte det datumet)", body = Problem, content_type = "application/problem+json")))]
async fn get_area_plan_entry(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<AreaPlanEntryDetailJson>, Error> {
    let (e, reviews) = state.store.area_plan_entry(parse_id(&id)?, at.date).await?.ok_or(Error::NotFound)?;
    Ok(Json(AreaPlanEntryDetailJson {
        reviews: reviews.iter().map(|r| review_json(e.id, r)).collect(),
        entry: entry_json(&e),
    }))
}

#[utoipa::path(put, path = "/api/v1/area-plan-entries/{id}", tag = "redigering", summary = "Ändra en post i närområdesplanen", request_body = AreaPlanEntryInput,
    params(("id" = i32, Path, description = "Postens id")),
    security(("token" = [])),
    responses((status = 200, description = "Posten är ändrad från i dag; planen som den såg ut tidigare går att läsa med `at`", body = WrittenJson), WriteRefusals))]
async fn update_area_plan_entry(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(updated(state.store.update_area_plan_entry(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/area-plan-entries/{id}/reviews", tag = "redigering", summary = "Registrera en granskning av en post i närområdesplanen", request_body = EntryReviewInput,
    params(("id" = i32, Path, description = "Postens id")),
    security(("token" = [])),
    responses((status = 201, description = "Granskningen är sparad; nästa granskning räknas från den", body = WrittenJson,
        headers(("Location" = String, description = "Granskningens adress i API:et"))), WriteRefusals))]
async fn review_area_plan_entry(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(
        "/api/v1/area-plan-reviews",
        state.store.review_area_plan_entry(&writer.actor(), parse_id(&id)?, input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/area-plan-reviews/{id}", tag = "lokal samverkan", summary = "En granskning av en post i en närområdesplan",
    params(("id" = i32, Path, description = "Granskningens id")),
    responses((status = 200, description = "Granskningen", body = ReviewJson),
        (status = 404, description = "Finns inte", body = Problem, content_type = "application/problem+json")))]
async fn get_area_plan_review(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ReviewJson>, Error> {
    let (entry, r) = state.store.area_plan_review(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    Ok(Json(review_json(entry, &r)))
}

#[utoipa::path(get, path = "/api/v1/area-plan-review-list", tag = "lokal samverkan", summary = "Vad den som frågar ska granska härnäst i närområdesplanerna",
    params(ReviewListQuery),
    security(("token" = [])),
    responses((status = 200, description = "Posterna i de närområden den som frågar får ändra: inaktuella först, sedan närmast nästa granskning", body = ReviewListJson),
        (status = 400, description = "Ogiltigt antal", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Ingen giltig nyckel", body = Problem, content_type = "application/problem+json")))]
async fn review_list(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(q): Query<ReviewListQuery>,
) -> Result<Json<ReviewListJson>, Error> {
    let user = visitor.user.as_deref().ok_or(Error::Unauthorized)?;
    let limit = match q.limit.as_deref() {
        None => 50,
        Some(raw) => raw
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| Error::bad_request("limit", "ska vara ett heltal från 1 till 200"))?,
    };
    let entries = state.store.review_list(&user.grants, limit).await?;
    Ok(Json(ReviewListJson {
        stale: entries.iter().filter(|e| e.stale).count(),
        entries: entries.iter().map(entry_json).collect(),
    }))
}
