//! The reads of local action plans (issue 15): an area's plans with their progress and the
//! activities overdue (the rules are `samverkan_domain::local::action_plans`), one plan with its
//! activities and follow-up notes, the plans implementing an agreement, and the agreements a
//! plan may implement (those whose working model is "local action plans").

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::agreement::WorkingModel;
use samverkan_domain::local::action_plans::{
    ActivityState, ActivityStatus, PlanTargetGroup, overdue_count, plan_progress,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect, Select,
};

use crate::entity::{action_plan, action_plan_activity, action_plan_note, agreement, agreement_model, area, meeting};
use crate::error::StoreError;
use crate::read::{Page, Paged, Ref};
use crate::store::Store;

/// An action plan, with its progress and how many of its activities are overdue today.
#[derive(Debug, Clone)]
pub struct ActionPlan {
    pub id: i32,
    pub area: Ref,
    pub title: String,
    pub target_group: PlanTargetGroup,
    /// The agreement it implements.
    pub agreement: Option<Ref>,
    pub goal: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// The network meeting that decided it (its title).
    pub meeting: Option<Ref>,
    pub synthetic: bool,
    /// Whole percent; `None` with no activity that counts.
    pub progress: Option<u8>,
    pub overdue: usize,
    pub activities: usize,
}

/// An activity of a plan.
#[derive(Debug, Clone)]
pub struct Activity {
    pub id: i32,
    pub plan_id: i32,
    pub description: String,
    pub owner_function: String,
    pub due_on: Option<NaiveDate>,
    pub status: ActivityStatus,
    pub progress: u8,
    pub overdue: bool,
}

/// A dated follow-up note.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub id: i32,
    pub noted_on: NaiveDate,
    pub note: String,
}

/// A plan with its activities (by due date, those without last) and notes (newest first).
#[derive(Debug, Clone)]
pub struct ActionPlanDetail {
    pub plan: ActionPlan,
    pub activities: Vec<Activity>,
    pub notes: Vec<FollowUp>,
}

fn activity(a: &action_plan_activity::Model, today: NaiveDate) -> Activity {
    let status = ActivityStatus::parse(&a.status).unwrap_or(ActivityStatus::NotStarted);
    let progress = u8::try_from(a.progress.clamp(0, 100)).unwrap_or(0);
    let state = ActivityState { status, progress, due_on: a.due_on };
    Activity {
        id: a.id,
        plan_id: a.plan_id,
        description: a.description.clone(),
        owner_function: a.owner_function.clone(),
        due_on: a.due_on,
        status,
        progress,
        overdue: state.is_overdue(today),
    }
}

fn state(a: &Activity) -> ActivityState {
    ActivityState { status: a.status, progress: a.progress, due_on: a.due_on }
}

/// A plan's row with the names of its area, agreement and meeting, read in the same query.
#[derive(FromQueryResult)]
struct PlanRow {
    id: i32,
    area_id: i32,
    title: String,
    target_group: String,
    agreement_id: Option<i32>,
    goal: String,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    meeting_id: Option<i32>,
    synthetic: bool,
    area_name: Option<String>,
    agreement_title: Option<String>,
    meeting_title: Option<String>,
}

/// The plans `select` finds, in its order, with their names resolved and their activities
/// counted: two queries however many plans (the names joined, the activities of all at once).
async fn plans_of(
    db: &impl ConnectionTrait,
    select: Select<action_plan::Entity>,
    today: NaiveDate,
) -> Result<Vec<(ActionPlan, Vec<Activity>)>, StoreError> {
    let area = action_plan::Entity::belongs_to(area::Entity).from(action_plan::Column::AreaId).to(area::Column::Id);
    let agreement = action_plan::Entity::belongs_to(agreement::Entity)
        .from(action_plan::Column::AgreementId)
        .to(agreement::Column::Id);
    let meeting =
        action_plan::Entity::belongs_to(meeting::Entity).from(action_plan::Column::MeetingId).to(meeting::Column::Id);
    let rows: Vec<PlanRow> = select
        .column_as(Expr::col((area::Entity, area::Column::Name)), "area_name")
        .column_as(Expr::col((agreement::Entity, agreement::Column::Title)), "agreement_title")
        .column_as(Expr::col((meeting::Entity, meeting::Column::Title)), "meeting_title")
        .join(JoinType::LeftJoin, area.into())
        .join(JoinType::LeftJoin, agreement.into())
        .join(JoinType::LeftJoin, meeting.into())
        .into_model()
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut activities: HashMap<i32, Vec<Activity>> = HashMap::new();
    for a in action_plan_activity::Entity::find()
        .filter(action_plan_activity::Column::PlanId.is_in(ids))
        .order_by_asc(action_plan_activity::Column::Id)
        .all(db)
        .await?
    {
        activities.entry(a.plan_id).or_default().push(activity(&a, today));
    }
    let named = |id: i32, name: Option<String>| Ref { id, name: name.unwrap_or_default() };
    Ok(rows
        .into_iter()
        .map(|r| {
            let acts = activities.remove(&r.id).unwrap_or_default();
            let states: Vec<ActivityState> = acts.iter().map(state).collect();
            let plan = ActionPlan {
                id: r.id,
                area: named(r.area_id, r.area_name),
                title: r.title,
                target_group: PlanTargetGroup::parse(&r.target_group).unwrap_or(PlanTargetGroup::Other),
                agreement: r.agreement_id.map(|a| named(a, r.agreement_title)),
                goal: r.goal,
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                meeting: r.meeting_id.map(|m| named(m, r.meeting_title)),
                synthetic: r.synthetic,
                progress: plan_progress(&states),
                overdue: overdue_count(&states, today),
                activities: acts.len(),
            };
            (plan, acts)
        })
        .collect())
}

/// The latest started first.
fn latest_first(select: Select<action_plan::Entity>) -> Select<action_plan::Entity> {
    select.order_by_desc(action_plan::Column::StartsOn).order_by_desc(action_plan::Column::Id)
}

impl Store {
    /// An area's action plans, the latest start first.
    pub async fn area_action_plans(&self, area_id: i32) -> Result<Vec<ActionPlan>, StoreError> {
        let select = latest_first(action_plan::Entity::find().filter(action_plan::Column::AreaId.eq(area_id)));
        Ok(plans_of(&self.db, select, self.clock.today()).await?.into_iter().map(|(p, _)| p).collect())
    }

    /// The action plans implementing an agreement, the latest start first.
    pub async fn agreement_action_plans(&self, agreement_id: i32) -> Result<Vec<ActionPlan>, StoreError> {
        let select =
            latest_first(action_plan::Entity::find().filter(action_plan::Column::AgreementId.eq(agreement_id)));
        Ok(plans_of(&self.db, select, self.clock.today()).await?.into_iter().map(|(p, _)| p).collect())
    }

    /// The agreement (its title) and a page of the plans implementing it, the latest started
    /// first, with how many there are in all; `None` when there is no such agreement.
    pub async fn agreement_action_plans_page(
        &self,
        agreement_id: i32,
        page: Page,
    ) -> Result<Option<(Ref, Paged<ActionPlan>)>, StoreError> {
        let title: Option<String> = agreement::Entity::find_by_id(agreement_id)
            .select_only()
            .column(agreement::Column::Title)
            .into_tuple()
            .one(&self.db)
            .await?;
        let Some(title) = title else { return Ok(None) };
        let of_agreement = action_plan::Entity::find().filter(action_plan::Column::AgreementId.eq(agreement_id));
        // Counted once per data version: an agreement's page shows the total beside its first few.
        let total = self.counts.count(&self.db, of_agreement.clone()).await?;
        let select = latest_first(of_agreement).offset(page.offset).limit(page.limit);
        let items = plans_of(&self.db, select, self.clock.today()).await?.into_iter().map(|(p, _)| p).collect();
        Ok(Some((Ref { id: agreement_id, name: title }, Paged { items, total })))
    }

    /// One action plan with its activities and follow-up notes.
    pub async fn action_plan(&self, id: i32) -> Result<Option<ActionPlanDetail>, StoreError> {
        let one = action_plan::Entity::find_by_id(id);
        let Some((plan, mut activities)) = plans_of(&self.db, one, self.clock.today()).await?.pop() else {
            return Ok(None);
        };
        activities.sort_by_key(|a| (a.due_on.is_none(), a.due_on, a.id));
        let notes = action_plan_note::Entity::find()
            .filter(action_plan_note::Column::PlanId.eq(id))
            .order_by_desc(action_plan_note::Column::NotedOn)
            .order_by_desc(action_plan_note::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|n| FollowUp { id: n.id, noted_on: n.noted_on, note: n.note })
            .collect();
        Ok(Some(ActionPlanDetail { plan, activities, notes }))
    }

    /// One follow-up note and the plan it belongs to.
    pub async fn follow_up(&self, id: i32) -> Result<Option<(i32, FollowUp)>, StoreError> {
        Ok(action_plan_note::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(|n| (n.plan_id, FollowUp { id: n.id, noted_on: n.noted_on, note: n.note })))
    }

    /// The plan an activity belongs to.
    pub async fn activity_plan(&self, activity_id: i32) -> Result<Option<i32>, StoreError> {
        Ok(action_plan_activity::Entity::find_by_id(activity_id).one(&self.db).await?.map(|a| a.plan_id))
    }

    /// The agreements a plan may implement: those whose working model is "local action plans",
    /// by title.
    pub async fn action_plan_agreements(&self) -> Result<Vec<Ref>, StoreError> {
        agreements_with_plans(&self.db).await
    }
}

/// The agreements whose working model is "local action plans", in Swedish order.
pub(crate) async fn agreements_with_plans(db: &impl ConnectionTrait) -> Result<Vec<Ref>, StoreError> {
    let ids: Vec<i32> = agreement_model::Entity::find()
        .filter(agreement_model::Column::Model.eq(WorkingModel::LocalActionPlans.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.agreement_id)
        .collect();
    let mut out: Vec<Ref> = agreement::Entity::find()
        .filter(agreement::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| Ref { id: a.id, name: a.title })
        .collect();
    out.sort_by(|a, b| samverkan_domain::swedish_cmp(&a.name, &b.name));
    Ok(out)
}

#[cfg(test)]
#[path = "action_plans_tests.rs"]
mod tests;
