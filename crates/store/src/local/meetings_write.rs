//! The writes of an area's network meetings, each through the one write path as the area's
//! local collaboration (`Owned::Local`: its coordinators and its municipality's editors): a
//! meeting convened, changed (moving it, changing its place or cancelling it raises its
//! calendar `SEQUENCE`), cancelled; the attendance of its invited; its follow-up tasks; the
//! categories the area wants at its meetings. A meeting's invitations are e-mailed in the same
//! transaction ([`crate::local::meetings_mail`]), so they go out if and only if it was saved.

use std::collections::BTreeSet;

use samverkan_domain::command::{Command, Value};
use samverkan_domain::commands::{AttendanceSheet, MeetingDetails, RequiredCategories, TaskDetails, TaskDone};
use samverkan_domain::edit::{Referenced, no_such};
use samverkan_domain::local::meeting::{Appointment, LocalTime, check_times, must_reinvite};
use samverkan_domain::{AreaOf, Input, Owned};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
};

use crate::accounts::secrets::random_token;
use crate::entity::{area_required_category, body, meeting, meeting_invitation, meeting_task, service};
use crate::fields::area_of;
use crate::local::meetings::{Mailing, of_area_map, time};
use crate::local::meetings_mail::{Notice, notify};
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written, json};

/// What naming a body of another area is told (on `body_id`).
pub const BODY_OF_ANOTHER_AREA: &str = "organet hör inte till närområdet";

/// What inviting a service outside the area's map is told (on `invited`).
fn not_in_map(id: i32) -> String {
    format!("aktören med id {id} finns inte i närområdets aktörskarta")
}

/// A meeting's area, and whose the meeting is.
async fn owner(db: &impl ConnectionTrait, area_id: i32) -> Result<AreaOf, WriteError> {
    area_of(db, Some(area_id)).await?.ok_or(WriteError::NotFound)
}

/// What the meeting's row says of when and where it is held.
fn appointment(m: &meeting::Model) -> Result<Appointment<'_>, WriteError> {
    Ok(Appointment {
        starts: time(&m.starts_at)?,
        ends: time(&m.ends_at)?,
        place: m.place.as_deref(),
        video_url: m.video_url.as_deref(),
        cancelled: m.cancelled,
    })
}

/// The checks of a meeting's fields across fields and records: it ends after it starts, its
/// body is one of the area's, the invited are of the area's map. Run whatever the state of the
/// other fields (each read alone, [`Input::peek`]), so every wrong field is told at once.
async fn check(db: &impl ConnectionTrait, input: &mut Input, area_id: i32) -> Result<(), DbErr> {
    let time = |field| input.peek(field, |i: &mut Input, f: &str| <LocalTime as Value>::read(i, f)).flatten();
    if let (Some(starts), Some(ends)) = (time("starts_at"), time("ends_at")) {
        input.check(check_times(starts, ends));
    }
    if let Some(b) = input.peek_id("body_id") {
        match body::Entity::find_by_id(b).one(db).await? {
            None => input.reject("body_id", no_such(Referenced::Body, b)),
            Some(found) if found.area_id != Some(area_id) => input.reject("body_id", BODY_OF_ANOTHER_AREA),
            Some(_) => {}
        }
    }
    let invited = input.peek("invited", Input::ids).unwrap_or_default();
    if !invited.is_empty() {
        let known: BTreeSet<i32> = service::Entity::find()
            .select_only()
            .column(service::Column::Id)
            .filter(service::Column::Id.is_in(invited.clone()))
            .filter(of_area_map(area_id))
            .into_tuple::<i32>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        if let Some(missing) = invited.iter().find(|id| !known.contains(id)) {
            input.reject("invited", not_in_map(*missing));
        }
    }
    Ok(())
}

/// A meeting's fields on its row (the times in UTC).
fn set_fields(row: &mut meeting::ActiveModel, m: &MeetingDetails) {
    row.title = Set(m.title.to_string());
    row.starts_at = Set(m.starts_at.stored());
    row.ends_at = Set(m.ends_at.stored());
    row.place = Set(m.place.as_ref().map(|p| p.to_string()));
    row.video_url = Set(m.video_url.as_ref().map(|v| v.as_str().to_owned()));
    row.agenda = Set(m.agenda.as_ref().map(|a| a.to_string()));
    row.body_id = Set(m.body_id);
    row.minutes = Set(m.minutes.as_ref().map(|a| a.to_string()));
    row.decisions = Set(m.decisions.as_ref().map(|a| a.to_string()));
    row.cancelled = Set(m.is_cancelled());
}

/// The invited services of a meeting, by id.
async fn invited_of(db: &impl ConnectionTrait, meeting_id: i32) -> Result<Vec<meeting_invitation::Model>, DbErr> {
    meeting_invitation::Entity::find().filter(meeting_invitation::Column::MeetingId.eq(meeting_id)).all(db).await
}

/// The audit trail's view of a meeting: its row and whom it invites.
fn audited(row: &meeting::Model, invited: &[i32]) -> Option<serde_json::Value> {
    let mut v = json(row)?;
    v["invited"] = serde_json::json!(invited);
    Some(v)
}

impl Store {
    /// Convenes a meeting of an area (*kallar till nätverksmöte*) and e-mails its invitation to
    /// each invited actor with a mailbox, in the same transaction.
    pub async fn create_meeting(&self, actor: &Actor, area_id: i32, mut input: Input, mailing: &Mailing) -> Written {
        let write = self.write_as(actor).await?;
        let area = owner(write.lookup(), area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let fields = MeetingDetails::read(&mut input);
        check(w.txn(), &mut input, area_id).await?;
        input.finish()?;
        let m = fields?;
        let mut row = meeting::ActiveModel {
            area_id: Set(area_id),
            sequence: Set(0),
            uid: Set(format!("moete-{}@{}", &random_token()[..32], mailing.domain)),
            synthetic: Set(false),
            ..Default::default()
        };
        set_fields(&mut row, &m);
        let row = row.insert(w.txn()).await?;
        for service_id in m.invited.iter() {
            invite(w.txn(), row.id, *service_id).await?;
        }
        if !row.cancelled {
            let notice = Notice::convened(m.invited.to_vec());
            notify(w.txn(), &row, &notice, mailing, self.clock.now()).await?;
        }
        w.commit(Event::new("create", "meeting", row.id).after(audited(&row, &m.invited))).await?;
        Ok(row.id)
    }

    /// Changes a meeting (the whole meeting again). Moving it, changing its place or link, or
    /// cancelling or reinstating it raises its `SEQUENCE` and tells every invited again; an
    /// actor added is invited, one taken away is sent a cancellation (and its attendance goes).
    pub async fn update_meeting(&self, actor: &Actor, id: i32, mut input: Input, mailing: &Mailing) -> Written {
        let write = self.write_as(actor).await?;
        let before = meeting::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let area = owner(write.lookup(), before.area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let fields = MeetingDetails::read(&mut input);
        check(w.txn(), &mut input, before.area_id).await?;
        input.finish()?;
        let m = fields?;
        let event = self.change(&w, before, m, mailing).await?;
        w.commit(event).await?;
        Ok(id)
    }

    /// Cancels a meeting (*ställer in*): its `SEQUENCE` is raised and every invited actor is
    /// sent the cancellation. Cancelling one that is cancelled changes nothing but the trail.
    pub async fn cancel_meeting(&self, actor: &Actor, id: i32, input: Input, mailing: &Mailing) -> Written {
        let write = self.write_as(actor).await?;
        let before = meeting::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let area = owner(write.lookup(), before.area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        input.finish()?;
        if before.cancelled {
            w.commit(Event::new("cancel", "meeting", id).before(json(&before)).after(json(&before))).await?;
            return Ok(id);
        }
        let invited: Vec<i32> = invited_of(w.txn(), id).await?.iter().map(|i| i.service_id).collect();
        let mut row = before.clone().into_active_model();
        row.cancelled = Set(true);
        row.sequence = Set(before.sequence + 1);
        let after = row.update(w.txn()).await?;
        notify(w.txn(), &after, &Notice::changed(invited.clone(), Vec::new(), Vec::new()), mailing, self.clock.now())
            .await?;
        w.commit(Event::new("cancel", "meeting", id).before(json(&before)).after(audited(&after, &invited))).await?;
        Ok(id)
    }

    /// Writes a changed meeting and tells whom it concerns; answers the event to commit.
    async fn change(
        &self,
        w: &crate::write::Permitted<'_>,
        before: meeting::Model,
        m: MeetingDetails,
        mailing: &Mailing,
    ) -> Result<Event, WriteError> {
        let id = before.id;
        let was: BTreeSet<i32> = invited_of(w.txn(), id).await?.iter().map(|i| i.service_id).collect();
        let now: BTreeSet<i32> = m.invited.iter().copied().collect();
        let kept: Vec<i32> = was.intersection(&now).copied().collect();
        let added: Vec<i32> = now.difference(&was).copied().collect();
        let removed: Vec<i32> = was.difference(&now).copied().collect();
        let mut row = before.clone().into_active_model();
        set_fields(&mut row, &m);
        let after_fields = {
            let probe = meeting::Model {
                starts_at: m.starts_at.stored(),
                ends_at: m.ends_at.stored(),
                place: m.place.as_ref().map(|p| p.to_string()),
                video_url: m.video_url.as_ref().map(|v| v.as_str().to_owned()),
                cancelled: m.is_cancelled(),
                ..before.clone()
            };
            must_reinvite(&appointment(&before)?, &appointment(&probe)?)
        };
        let reinvite = after_fields || (!removed.is_empty() && !before.cancelled);
        if reinvite {
            row.sequence = Set(before.sequence + 1);
        }
        let after = row.update(w.txn()).await?;
        for s in &removed {
            meeting_invitation::Entity::delete_many()
                .filter(meeting_invitation::Column::MeetingId.eq(id))
                .filter(meeting_invitation::Column::ServiceId.eq(*s))
                .exec(w.txn())
                .await?;
        }
        for s in &added {
            invite(w.txn(), id, *s).await?;
        }
        // Told: everyone kept when it moved or was cancelled; whoever was added (unless it is
        // cancelled, and was); whoever was taken away (unless it already was cancelled).
        let kept = if after_fields { kept } else { Vec::new() };
        let added = if after.cancelled && before.cancelled { Vec::new() } else { added };
        let removed = if before.cancelled { Vec::new() } else { removed };
        notify(w.txn(), &after, &Notice::changed(kept, added, removed), mailing, self.clock.now()).await?;
        let invited: Vec<i32> = now.into_iter().collect();
        let was: Vec<i32> = was.into_iter().collect();
        Ok(Event::new("update", "meeting", id).before(audited(&before, &was)).after(audited(&after, &invited)))
    }

    /// Replaces the attendance of a meeting's invitations (*närvaro*): each listed actor's is set,
    /// every other invitation's is left unrecorded.
    pub async fn record_attendance(&self, actor: &Actor, id: i32, sheet: AttendanceSheet) -> Written {
        let write = self.write_as(actor).await?;
        let m = meeting::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let area = owner(write.lookup(), m.area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let (rows, naming) = sheet.read()?;
        let invitations = invited_of(w.txn(), id).await?;
        let mut refused = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if !invitations.iter().any(|x| x.service_id == r.service_id) {
                let field = naming.name(i, r.service_id, "service_id");
                refused.push(samverkan_domain::FieldError::new(&field, "aktören är inte inbjuden till mötet"));
            }
        }
        if !refused.is_empty() {
            return Err(WriteError::Invalid(samverkan_domain::Invalid(refused)));
        }
        let before: Vec<meeting_invitation::Model> = invitations.clone();
        let mut after = Vec::with_capacity(invitations.len());
        for inv in invitations {
            let given = rows.iter().find(|r| r.service_id == inv.service_id);
            let mut row = inv.into_active_model();
            row.attendance = Set(given.and_then(|r| r.attendance).map(|a| a.code().to_owned()));
            row.represented_by = Set(given.and_then(|r| r.represented_by.as_ref()).map(|r| r.to_string()));
            after.push(row.update(w.txn()).await?);
        }
        w.commit(Event::new("record_attendance", "meeting", id).before(json(&before)).after(json(&after))).await?;
        Ok(id)
    }

    /// Adds a follow-up task to a meeting; on the meeting's history.
    pub async fn add_task(&self, actor: &Actor, meeting_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let m = meeting::Entity::find_by_id(meeting_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let area = owner(write.lookup(), m.area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let task = TaskDetails::read(&mut input);
        input.finish()?;
        let task = task?;
        let row = meeting_task::ActiveModel {
            meeting_id: Set(meeting_id),
            description: Set(task.description.to_string()),
            owner_function: Set(task.owner_function.to_string()),
            due_on: Set(task.due_on),
            done: Set(task.done.is_some_and(|d| d.0)),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        w.commit(Event::new("add_task", "meeting", meeting_id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Changes a task (the whole task again); on the meeting's history.
    pub async fn update_task(&self, actor: &Actor, task_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (before, area) = self.task_owner(&write, task_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let task = TaskDetails::read(&mut input);
        input.finish()?;
        let task = task?;
        let mut row = before.clone().into_active_model();
        row.description = Set(task.description.to_string());
        row.owner_function = Set(task.owner_function.to_string());
        row.due_on = Set(task.due_on);
        row.done = Set(task.done.is_some_and(|d| d.0));
        let after = row.update(w.txn()).await?;
        let event = Event::new("update_task", "meeting", before.meeting_id).before(json(&before)).after(json(&after));
        w.commit(event).await?;
        Ok(task_id)
    }

    /// Marks a task done or not done; on the meeting's history.
    pub async fn set_task_done(&self, actor: &Actor, task_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (before, area) = self.task_owner(&write, task_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let done = TaskDone::read(&mut input);
        input.finish()?;
        let mut row = before.clone().into_active_model();
        row.done = Set(done?.done.is_some_and(|d| d.0));
        let after = row.update(w.txn()).await?;
        let event = Event::new("update_task", "meeting", before.meeting_id).before(json(&before)).after(json(&after));
        w.commit(event).await?;
        Ok(task_id)
    }

    async fn task_owner(
        &self,
        write: &crate::write::Write<'_>,
        task_id: i32,
    ) -> Result<(meeting_task::Model, AreaOf), WriteError> {
        let task = meeting_task::Entity::find_by_id(task_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let m = meeting::Entity::find_by_id(task.meeting_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        Ok((task, owner(write.lookup(), m.area_id).await?))
    }

    /// Sets the categories an area wants represented at its meetings (the list replaces the one
    /// before); on the area's history.
    pub async fn set_required_categories(&self, actor: &Actor, area_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let area = owner(write.lookup(), area_id).await?;
        let w = write.permit(Owned::Local { area })?;
        let wanted = RequiredCategories::read(&mut input);
        input.finish()?;
        let wanted = wanted?;
        let before = crate::local::meetings::required_of(w.txn(), area_id).await?;
        area_required_category::Entity::delete_many()
            .filter(area_required_category::Column::AreaId.eq(area_id))
            .exec(w.txn())
            .await?;
        for c in wanted.categories.iter() {
            area_required_category::ActiveModel { area_id: Set(area_id), category: Set(c.code().to_owned()) }
                .insert(w.txn())
                .await?;
        }
        let codes = |cs: &[samverkan_domain::local::actors::ServiceCategory]| {
            serde_json::json!(cs.iter().map(|c| c.code()).collect::<Vec<_>>())
        };
        let event = Event::new("set_required_categories", "area", area_id)
            .before(Some(codes(&before)))
            .after(Some(codes(&wanted.categories)));
        w.commit(event).await?;
        Ok(area_id)
    }
}

async fn invite(db: &impl ConnectionTrait, meeting_id: i32, service_id: i32) -> Result<(), DbErr> {
    meeting_invitation::ActiveModel {
        meeting_id: Set(meeting_id),
        service_id: Set(service_id),
        attendance: Set(None),
        represented_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
