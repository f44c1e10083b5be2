//! Local action plans and the local area plan (issue 15): the pages (`pages`: an area's plans,
//! a plan and its print view, the area plan on any date, an entry with its reviews, a
//! coordinator's review list), the forms (`forms`) and the API (`api`).

pub mod api;
mod forms;
pub(crate) mod pages;

use axum::Router;
use axum::routing::get;
use samverkan_domain::local::participation::format_rate;
use samverkan_domain::{Scope, may_change};
use samverkan_store::{ActionPlan, AreaSummary, Page};

use crate::kit::{AppState, Error, FormRoute, PageAt, paths, today};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::AREA_ACTION_PLANS, get(pages::area_action_plans))
        .route(paths::ACTION_PLAN, get(pages::action_plan))
        .route(paths::ACTION_PLAN_PRINT, get(pages::action_plan_print))
        .route(paths::AREA_PLAN, get(pages::area_plan))
        .route(paths::AREA_PLAN_ENTRY, get(pages::area_plan_entry))
        .route(paths::REVIEWS, get(pages::reviews))
        .route(paths::AGREEMENT_ACTION_PLANS, get(pages::agreement_action_plans))
}

/// The plans' form routes.
pub fn form_routes() -> Vec<FormRoute> {
    forms::form_routes()
}

/// The plans' pages: of each agreement a plan may implement, and of each area (its plans and
/// area plan, and its plans').
pub async fn sitemap_paths(state: &AppState) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> =
        state.store.action_plan_agreements().await?.iter().map(|a| paths::agreement_action_plans(a.id)).collect();
    for area in state.store.record_ids(today()).await?.areas {
        out.push(paths::area_action_plans(area));
        out.push(paths::area_plan(area));
        for p in state.store.area_action_plans(area).await?.iter().take(2) {
            out.push(paths::action_plan(p.id));
            out.push(paths::action_plan_print(p.id));
        }
    }
    Ok(out)
}

/// What the area's page tells of its plans: how many action plans and activities overdue, how
/// current its local area plan is.
pub struct PlansSummary {
    pub area_id: i32,
    pub plans: usize,
    pub overdue: usize,
    pub entries: usize,
    pub stale: usize,
    /// The share of the area plan's entries current, as people read it ("75 %").
    pub currency: String,
    pub can_edit: bool,
}

/// The summary on an area's page, as of the page's date.
pub async fn plans_summary(state: &AppState, area: &AreaSummary, at: &PageAt) -> Result<PlansSummary, Error> {
    let id = area.area.id;
    let plans = state.store.area_action_plans(id).await?;
    let plan = state.store.area_plan(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let can_edit = at.1.as_ref().is_some_and(|u| may_change(&u.grants, Scope::area(area.area.party_id, id)));
    Ok(PlansSummary {
        area_id: id,
        plans: plans.len(),
        overdue: plans.iter().map(|p| p.overdue).sum(),
        entries: plan.entries.len(),
        stale: plan.stale,
        currency: format_rate(plan.currency),
        can_edit,
    })
}

/// How many plans the agreement's page lists before linking to all of them.
const ON_AGREEMENT_PAGE: u64 = 10;

/// What an agreement's page tells of the local action plans implementing it.
pub struct ImplementingPlans {
    pub agreement_id: i32,
    /// Its working model includes local action plans.
    pub by_model: bool,
    /// The latest started first, at most `ON_AGREEMENT_PAGE`.
    pub plans: Vec<ActionPlan>,
    pub total: u64,
}

impl ImplementingPlans {
    /// Whether the page has anything to say of them.
    pub fn shown(&self) -> bool {
        self.by_model || self.total > 0
    }

    /// More plans than the page lists.
    pub fn more(&self) -> bool {
        self.total > self.plans.len() as u64
    }
}

/// The plans implementing an agreement, for its page.
pub async fn implementing_plans(
    state: &AppState,
    agreement_id: i32,
    by_model: bool,
) -> Result<ImplementingPlans, Error> {
    let (_, plans) = state
        .store
        .agreement_action_plans_page(agreement_id, Page::first(ON_AGREEMENT_PAGE))
        .await?
        .ok_or(Error::NotFound)?;
    Ok(ImplementingPlans { agreement_id, by_model, plans: plans.items, total: plans.total })
}
