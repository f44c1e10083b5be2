//! The plans' pages: an area's action plans, one plan (its activities with those overdue
//! marked, its follow-up) and its print view for A4, the area's local area plan as it stood on
//! any date (`?at=`), one entry with its reviews, and the signed-in user's list of entries to
//! review next, soonest first.

use askama::Template;
use axum::extract::{Path, State};
use samverkan_domain::local::participation::format_rate;
use samverkan_store::{ActionPlan, ActionPlanDetail, AreaPlan, AreaPlanEntry, AreaSummary, PlanReview};

use crate::kit::{AppState, Error, Layout, PageAt, PageNumber, PageResult, Pager, parse_id, paths, render};
use crate::meetings::common::{area_scope, may_change, may_change_area};

/// How many entries the review list shows at most.
const REVIEW_LIST_MAX: usize = 200;

/// A percentage as people read it, or "uppgift saknas".
pub(crate) fn percent(p: Option<u8>) -> String {
    format_rate(p)
}

/// A plan's period as people read it.
pub(crate) fn plan_period(p: &ActionPlan) -> String {
    match p.ends_on {
        Some(e) => format!("{} – {e}", p.starts_on),
        None => format!("från {}", p.starts_on),
    }
}

async fn area_of(state: &AppState, id: i32, at: &PageAt) -> Result<AreaSummary, Error> {
    state.store.area(id, at.0.date).await?.ok_or(Error::NotFound)
}

#[derive(Template)]
#[template(path = "action_plans.html")]
struct ActionPlansPage {
    layout: Layout,
    summary: AreaSummary,
    plans: Vec<ActionPlan>,
    can_change: bool,
}

/// `/omraden/{id}/handlingsplaner`.
pub(super) async fn area_action_plans(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let summary = area_of(&state, id, &at).await?;
    let plans = state.store.area_action_plans(id).await?;
    let page = ActionPlansPage {
        layout: Layout::new(&state, format!("Lokala handlingsplaner i {}", summary.area.name), "omraden", &at),
        can_change: may_change_area(&state, &at, id).await?,
        summary,
        plans,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "action_plan.html")]
struct ActionPlanPage {
    layout: Layout,
    d: ActionPlanDetail,
    can_change: bool,
}

#[derive(Template)]
#[template(path = "action_plan_print.html")]
struct ActionPlanPrint {
    layout: Layout,
    d: ActionPlanDetail,
}

impl ActionPlanPage {
    fn period(&self) -> String {
        plan_period(&self.d.plan)
    }
    fn progress(&self) -> String {
        percent(self.d.plan.progress)
    }
}

impl ActionPlanPrint {
    fn period(&self) -> String {
        plan_period(&self.d.plan)
    }
    fn progress(&self) -> String {
        percent(self.d.plan.progress)
    }
}

async fn plan_of(state: &AppState, id: &str) -> Result<ActionPlanDetail, Error> {
    state.store.action_plan(parse_id(id)?).await?.ok_or(Error::NotFound)
}

/// `/handlingsplaner/{id}`.
pub(super) async fn action_plan(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let d = plan_of(&state, &id).await?;
    let page = ActionPlanPage {
        layout: Layout::new(&state, format!("{} – {}", d.plan.title, d.plan.area.name), "omraden", &at),
        can_change: may_change(&at, area_scope(&state, d.plan.area.id).await?),
        d,
    };
    Ok(render(&page)?)
}

/// `/handlingsplaner/{id}/utskrift`: the plan on A4.
pub(super) async fn action_plan_print(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let d = plan_of(&state, &id).await?;
    let page = ActionPlanPrint {
        layout: Layout::new(&state, format!("Utskrift: {} – {}", d.plan.title, d.plan.area.name), "omraden", &at),
        d,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "area_plan.html")]
struct AreaPlanPage {
    layout: Layout,
    plan: AreaPlan,
    /// Changes are made to today's plan, not to a past date's.
    can_change: bool,
}

impl AreaPlanPage {
    fn currency(&self) -> String {
        percent(self.plan.currency)
    }
}

/// `/omraden/{id}/naromradesplan` (`?at=` as it stood on a date).
pub(super) async fn area_plan(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let plan = state.store.area_plan(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let page = AreaPlanPage {
        layout: Layout::new(&state, format!("Närområdesplan för {}", plan.area.name), "omraden", &at),
        can_change: !at.0.explicit && may_change_area(&state, &at, id).await?,
        plan,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "area_plan_entry.html")]
struct EntryPage {
    layout: Layout,
    entry: AreaPlanEntry,
    reviews: Vec<PlanReview>,
    can_change: bool,
}

/// `/naromradesplan/{id}`: an entry and its reviews (`?at=` as it stood on a date).
pub(super) async fn area_plan_entry(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let (entry, reviews) = state.store.area_plan_entry(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let page = EntryPage {
        layout: Layout::new(&state, format!("{} – {}", entry.responsibility, entry.area.name), "omraden", &at),
        can_change: !at.0.explicit && may_change(&at, area_scope(&state, entry.area.id).await?),
        entry,
        reviews,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "area_plan_reviews.html")]
struct ReviewsPage {
    layout: Layout,
    entries: Vec<AreaPlanEntry>,
    stale: usize,
}

/// `/granskningar`: what the signed-in user is to review next, stale first, then soonest.
pub(super) async fn reviews(State(state): State<AppState>, at: PageAt) -> PageResult {
    let user = at.1.clone().ok_or(Error::Unauthorized)?;
    let entries = state.store.review_list(&user.grants, REVIEW_LIST_MAX).await?;
    let page = ReviewsPage {
        layout: Layout::new(&state, "Att granska i närområdesplanerna", "omraden", &at),
        stale: entries.iter().filter(|e| e.stale).count(),
        entries,
    };
    Ok(render(&page)?)
}

/// A text of several lines as paragraphs, each a list of lines (blank lines part them).
pub(crate) fn paragraphs(text: &str) -> Vec<Vec<String>> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.lines().map(str::trim_end).filter(|l| !l.is_empty()).map(str::to_owned).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect()
}

#[derive(Template)]
#[template(path = "agreement_action_plans.html")]
struct AgreementPlansPage {
    layout: Layout,
    agreement: samverkan_store::Ref,
    plans: Vec<ActionPlan>,
    pager: Pager,
}

/// `/overenskommelser/{id}/handlingsplaner`: every local action plan implementing an agreement,
/// the latest started first, a page at a time.
pub(super) async fn agreement_action_plans(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    number: PageNumber,
) -> PageResult {
    let id = parse_id(&id)?;
    let (agreement, plans) =
        state.store.agreement_action_plans_page(id, number.page()).await?.ok_or(Error::NotFound)?;
    let layout = Layout::new(&state, format!("Lokala handlingsplaner för {}", agreement.name), "overenskommelser", &at);
    let pager = Pager::new(paths::agreement_action_plans(id), number, plans.total, &layout)?;
    Ok(render(&AgreementPlansPage { layout, agreement, plans: plans.items, pager })?)
}
