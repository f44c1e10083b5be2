//! The writes of an area's local area plan, each through the one write path as the area's
//! local collaboration (`Owned::Local`): an entry added, an entry changed (a new revision from
//! today, so the plan as it stood before stays readable; a second change the same day replaces
//! that day's), an entry reviewed. All are on the entry's history.

use samverkan_domain::command::Command;
use samverkan_domain::commands::{AreaPlanEntryDetails, EntryReview};
use samverkan_domain::local::area_plan::{DEFAULT_REVIEW_MONTHS, EntryState, check_review_day};
use samverkan_domain::{AreaOf, Input, Owned};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::entity::{area_plan_entry, area_plan_review, area_plan_revision, service};
use crate::fields::area_of;
use crate::local::meetings::of_area_map;
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written, json};

/// What naming an organisation that is no actor of the area's map is told.
pub const ORGANISATION_NOT_IN_MAP: &str = "organisationen finns inte bland närområdets aktörer";

async fn owner(db: &impl ConnectionTrait, area_id: i32) -> Result<AreaOf, WriteError> {
    area_of(db, Some(area_id)).await?.ok_or(WriteError::NotFound)
}

/// The organisation named is one of an actor of the area's map.
async fn check_entry(db: &impl ConnectionTrait, input: &mut Input, area_id: i32) -> Result<(), WriteError> {
    if let Some(o) = input.peek_id("organisation_id") {
        let found = service::Entity::find()
            .filter(service::Column::OrganisationId.eq(o))
            .filter(of_area_map(area_id))
            .count(db)
            .await?;
        if found == 0 {
            input.reject("organisation_id", ORGANISATION_NOT_IN_MAP);
        }
    }
    Ok(())
}

fn months(e: &AreaPlanEntryDetails) -> i32 {
    e.review_interval_months.map_or(i32::try_from(DEFAULT_REVIEW_MONTHS).unwrap_or(12), |m| m.0)
}

fn set_revision(row: &mut area_plan_revision::ActiveModel, e: &AreaPlanEntryDetails) {
    row.responsibility = Set(e.responsibility.to_string());
    row.organisation_id = Set(e.organisation_id);
    row.contact_function = Set(e.contact_function.to_string());
    row.review_interval_months = Set(months(e));
}

/// Keeps the entry's next review and organisation as they stand now (the review lists read
/// them), from its latest revision and its latest review.
async fn keep_next_review(db: &impl ConnectionTrait, entry: &area_plan_entry::Model) -> Result<(), WriteError> {
    let latest = area_plan_revision::Entity::find()
        .filter(area_plan_revision::Column::EntryId.eq(entry.id))
        .order_by_desc(area_plan_revision::Column::ValidFrom)
        .order_by_desc(area_plan_revision::Column::Id)
        .one(db)
        .await?;
    let Some(latest) = latest else { return Ok(()) };
    let reviewed = area_plan_review::Entity::find()
        .filter(area_plan_review::Column::EntryId.eq(entry.id))
        .order_by_desc(area_plan_review::Column::ReviewedOn)
        .one(db)
        .await?;
    let state = EntryState {
        since: reviewed.map_or(entry.valid_from, |r| r.reviewed_on),
        months: u32::try_from(latest.review_interval_months).unwrap_or(DEFAULT_REVIEW_MONTHS),
        organisation_active: true,
    };
    let mut row = entry.clone().into_active_model();
    row.next_review_on = Set(Some(state.next_review()));
    row.organisation_id = Set(Some(latest.organisation_id));
    row.update(db).await?;
    Ok(())
}

async fn entry_owner(db: &impl ConnectionTrait, id: i32) -> Result<(area_plan_entry::Model, AreaOf), WriteError> {
    let entry = area_plan_entry::Entity::find_by_id(id).one(db).await?.ok_or(WriteError::NotFound)?;
    let area = owner(db, entry.area_id).await?;
    Ok((entry, area))
}

impl Store {
    /// Adds an area of responsibility to an area's plan, from today.
    pub async fn create_area_plan_entry(&self, actor: &Actor, area_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let area = owner(write.lookup(), area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let fields = AreaPlanEntryDetails::read(&mut input);
        check_entry(w.txn(), &mut input, area_id).await?;
        input.finish()?;
        let e = fields?;
        let today = self.clock.today();
        let entry = area_plan_entry::ActiveModel {
            area_id: Set(area_id),
            valid_from: Set(today),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        let mut rev =
            area_plan_revision::ActiveModel { entry_id: Set(entry.id), valid_from: Set(today), ..Default::default() };
        set_revision(&mut rev, &e);
        let rev = rev.insert(w.txn()).await?;
        keep_next_review(w.txn(), &entry).await?;
        w.commit(Event::new("create", "area_plan_entry", entry.id).after(json(&rev))).await?;
        Ok(entry.id)
    }

    /// Changes an entry (the whole entry again) from today; what it said before stays the
    /// plan's on earlier dates.
    pub async fn update_area_plan_entry(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (entry, area) = entry_owner(write.lookup(), id).await?;
        let w = write.permit(Owned::Local { area })?;
        let fields = AreaPlanEntryDetails::read(&mut input);
        check_entry(w.txn(), &mut input, entry.area_id).await?;
        input.finish()?;
        let e = fields?;
        let today = self.clock.today();
        let before = area_plan_revision::Entity::find()
            .filter(area_plan_revision::Column::EntryId.eq(id))
            .order_by_desc(area_plan_revision::Column::ValidFrom)
            .order_by_desc(area_plan_revision::Column::Id)
            .one(w.txn())
            .await?;
        let after = match &before {
            Some(b) if b.valid_from == today => {
                let mut row = b.clone().into_active_model();
                set_revision(&mut row, &e);
                row.update(w.txn()).await?
            }
            _ => {
                let mut row =
                    area_plan_revision::ActiveModel { entry_id: Set(id), valid_from: Set(today), ..Default::default() };
                set_revision(&mut row, &e);
                row.insert(w.txn()).await?
            }
        };
        keep_next_review(w.txn(), &entry).await?;
        let event =
            Event::new("update", "area_plan_entry", id).before(before.as_ref().and_then(json)).after(json(&after));
        w.commit(event).await?;
        Ok(id)
    }

    /// Records a review of an entry (when, by which function, what changed); its next review
    /// is counted from it.
    pub async fn review_area_plan_entry(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (entry, area) = entry_owner(write.lookup(), id).await?;
        let w = write.permit(Owned::Local { area })?;
        let fields = EntryReview::read(&mut input);
        let today = self.clock.today();
        if let Some(day) = input.peek("reviewed_on", |i: &mut Input, f: &str| i.optional_date(f)).flatten()
            && let Err(message) = check_review_day(day, today)
        {
            input.reject("reviewed_on", message);
        }
        input.finish()?;
        let r = fields?;
        let row = area_plan_review::ActiveModel {
            entry_id: Set(entry.id),
            reviewed_on: Set(r.reviewed_on),
            reviewed_by: Set(r.reviewed_by.to_string()),
            changes: Set(r.changes.to_string()),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        keep_next_review(w.txn(), &entry).await?;
        w.commit(Event::new("review", "area_plan_entry", entry.id).after(json(&row))).await?;
        Ok(row.id)
    }
}
