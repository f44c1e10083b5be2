//! The writes of local action plans, each through the one write path as the area's local
//! collaboration (`Owned::Local`: its coordinators and the process leaders): a plan made and
//! changed (the whole plan again), an activity added and changed, a follow-up note added. All
//! are on the plan's history.

use samverkan_domain::command::Command;
use samverkan_domain::commands::{ActionPlanDetails, ActivityDetails, FollowUpNote};
use samverkan_domain::local::action_plans::{ActivityStatus, check_period, check_progress};
use samverkan_domain::{AreaOf, Input, Owned};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set};

use crate::entity::{action_plan, action_plan_activity, action_plan_note, meeting};
use crate::fields::area_of;
use crate::local::action_plans::agreements_with_plans;
use crate::store::Store;
use crate::write::{Actor, Event, Write, WriteError, Written, json};

/// What naming an agreement without the working model "local action plans" is told.
pub const AGREEMENT_WITHOUT_PLANS: &str = "överenskommelsen har inte arbetsformen Lokala handlingsplaner";

/// What naming another area's meeting is told.
pub const MEETING_OF_ANOTHER_AREA: &str = "mötet hör inte till närområdet";

async fn owner(db: &impl ConnectionTrait, area_id: i32) -> Result<AreaOf, WriteError> {
    area_of(db, Some(area_id)).await?.ok_or(WriteError::NotFound)
}

/// The checks across fields and records: the period, the agreement's working model, the
/// meeting's area.
async fn check_plan(db: &impl ConnectionTrait, input: &mut Input, area_id: i32) -> Result<(), WriteError> {
    let day = |i: &Input, f: &str| i.peek(f, |i: &mut Input, f: &str| i.optional_date(f)).flatten();
    if let Some(starts) = day(input, "starts_on")
        && let Err(message) = check_period(starts, day(input, "ends_on"))
    {
        input.reject("ends_on", message);
    }
    if let Some(a) = input.peek_id("agreement_id")
        && !agreements_with_plans(db).await?.iter().any(|r| r.id == a)
    {
        input.reject("agreement_id", AGREEMENT_WITHOUT_PLANS);
    }
    if let Some(m) = input.peek_id("meeting_id") {
        match meeting::Entity::find_by_id(m).one(db).await? {
            None => input.reject("meeting_id", format!("det finns inget möte med id {m}")),
            Some(found) if found.area_id != area_id => input.reject("meeting_id", MEETING_OF_ANOTHER_AREA),
            Some(_) => {}
        }
    }
    Ok(())
}

fn set_plan(row: &mut action_plan::ActiveModel, p: &ActionPlanDetails) {
    row.title = Set(p.title.to_string());
    row.target_group = Set(samverkan_domain::kinds::Kind::code(p.target_group).to_owned());
    row.agreement_id = Set(p.agreement_id);
    row.goal = Set(p.goal.to_string());
    row.starts_on = Set(p.starts_on);
    row.ends_on = Set(p.ends_on);
    row.meeting_id = Set(p.meeting_id);
}

/// An activity's progress: as given (0–100, the command's), else 100 for a done one and 0.
fn progress_of(a: &ActivityDetails) -> i32 {
    let given = a.progress.map(|p| check_progress(p.0).map_or(0, i32::from));
    given.unwrap_or(if a.status == ActivityStatus::Done { 100 } else { 0 })
}

fn set_activity(row: &mut action_plan_activity::ActiveModel, a: &ActivityDetails, progress: i32) {
    row.description = Set(a.description.to_string());
    row.owner_function = Set(a.owner_function.to_string());
    row.due_on = Set(a.due_on);
    row.status = Set(samverkan_domain::kinds::Kind::code(a.status).to_owned());
    row.progress = Set(progress);
}

impl Store {
    /// Makes an action plan for an area.
    pub async fn create_action_plan(&self, actor: &Actor, area_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let area = owner(write.lookup(), area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let fields = ActionPlanDetails::read(&mut input);
        check_plan(w.txn(), &mut input, area_id).await?;
        input.finish()?;
        let p = fields?;
        let mut row = action_plan::ActiveModel { area_id: Set(area_id), synthetic: Set(false), ..Default::default() };
        set_plan(&mut row, &p);
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("create", "action_plan", row.id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Changes an action plan (the whole plan again).
    pub async fn update_action_plan(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = action_plan::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let area = owner(write.lookup(), before.area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let fields = ActionPlanDetails::read(&mut input);
        check_plan(w.txn(), &mut input, before.area_id).await?;
        input.finish()?;
        let p = fields?;
        let mut row = before.clone().into_active_model();
        set_plan(&mut row, &p);
        let after = row.update(w.txn()).await?;
        w.commit(Event::new("update", "action_plan", id).before(json(&before)).after(json(&after))).await?;
        Ok(id)
    }

    /// Adds an activity to a plan.
    pub async fn add_activity(&self, actor: &Actor, plan_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (plan, area) = plan_owner(&write, plan_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let a = ActivityDetails::read(&mut input);
        input.finish()?;
        let a = a?;
        let progress = progress_of(&a);
        let mut row = action_plan_activity::ActiveModel { plan_id: Set(plan.id), ..Default::default() };
        set_activity(&mut row, &a, progress);
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("add_activity", "action_plan", plan.id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Changes an activity (the whole activity again).
    pub async fn update_activity(&self, actor: &Actor, activity_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = action_plan_activity::Entity::find_by_id(activity_id)
            .one(write.lookup())
            .await?
            .ok_or(WriteError::NotFound)?;
        let (plan, area) = plan_owner(&write, before.plan_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let a = ActivityDetails::read(&mut input);
        input.finish()?;
        let a = a?;
        let progress = progress_of(&a);
        let mut row = before.clone().into_active_model();
        set_activity(&mut row, &a, progress);
        let after = row.update(w.txn()).await?;
        let event = Event::new("update_activity", "action_plan", plan.id).before(json(&before)).after(json(&after));
        w.commit(event).await?;
        Ok(activity_id)
    }

    /// Adds a dated follow-up note to a plan.
    pub async fn add_follow_up(&self, actor: &Actor, plan_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (plan, area) = plan_owner(&write, plan_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let note = FollowUpNote::read(&mut input);
        input.finish()?;
        let note = note?;
        let row = action_plan_note::ActiveModel {
            plan_id: Set(plan.id),
            noted_on: Set(note.noted_on),
            note: Set(note.note.to_string()),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        w.commit(Event::new("add_follow_up", "action_plan", plan.id).after(json(&row))).await?;
        Ok(row.id)
    }
}

async fn plan_owner(write: &Write<'_>, plan_id: i32) -> Result<(action_plan::Model, AreaOf), WriteError> {
    let plan = action_plan::Entity::find_by_id(plan_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
    let area = owner(write.lookup(), plan.area_id).await?;
    Ok((plan, area))
}
