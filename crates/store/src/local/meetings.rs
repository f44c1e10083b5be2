//! An area's network meetings (*nätverksmöten*), of the whole area or of one of its bodies:
//! the reads (a list paged in SQL, upcoming first or newest first; one meeting with its invited
//! actors, their attendance, its tasks and the categories that were missing) and a meeting's
//! calendar file. The writes are in `meetings_write`, the e-mail they send in `meetings_mail`.
//!
//! Times are kept as RFC 3339 UTC text (`2026-03-28T08:00:00Z`), which sorts as time on either
//! database, and read back as [`LocalTime`]s, which show them in Stockholm.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::local::ics::{self, Event, Mailbox, Method};
use samverkan_domain::local::meeting::{LocalTime, start_of_day};
use samverkan_domain::local::participation::{self, Attendance};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{area_required_category, meeting, meeting_invitation, meeting_task, service, service_area};
use crate::error::StoreError;
use crate::read::{Page, Paged, Ref, corrupt, unique};
use crate::store::Store;

/// What the meetings' e-mail and calendar files take from the server's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailing {
    /// The host of the public address: the domain of `Message-ID`s and calendar `UID`s.
    pub domain: String,
    /// The organiser's functional mailbox, from which the invitations come.
    pub organizer: String,
    /// The public address of a meeting's page, `{id}` standing for the meeting's id.
    pub page: String,
    /// An SMS provider is configured: crisis alerts go by text message too, to mobile numbers.
    pub sms: bool,
}

impl Mailing {
    pub(crate) fn page_of(&self, id: i32) -> String {
        self.page.replacen("{id}", &id.to_string(), 1)
    }
}

/// An actor of an area's map as meetings need it: one of its services (HSDS 3 `service`), by
/// its name, kind and functional mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalService {
    pub id: i32,
    pub name: String,
    pub category: ServiceCategory,
    pub sector: Sector,
    /// A functional mailbox; shown only to signed-in users.
    pub email: Option<String>,
    /// The contact function (*Enhetschef*).
    pub contact_role: Option<String>,
}

/// A network meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i32,
    pub area: Ref,
    pub body: Option<Ref>,
    pub title: String,
    pub starts: LocalTime,
    pub ends: LocalTime,
    pub place: Option<String>,
    pub video_url: Option<String>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub decisions: Option<String>,
    pub cancelled: bool,
    /// The calendar's `SEQUENCE`: raised each time it moved or was cancelled.
    pub sequence: i32,
    /// The calendar's `UID`: the same for the meeting's whole life.
    pub uid: String,
    pub synthetic: bool,
}

/// An invited actor and whether it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invited {
    pub service: LocalService,
    pub attendance: Option<Attendance>,
    /// Who came on its behalf (a function).
    pub represented_by: Option<String>,
}

/// A follow-up task of a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i32,
    pub meeting_id: i32,
    pub description: String,
    pub owner_function: String,
    pub due_on: Option<NaiveDate>,
    pub done: bool,
}

/// A meeting with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    /// In Swedish order of name.
    pub invited: Vec<Invited>,
    pub tasks: Vec<Task>,
    /// The categories the area wants represented, in the order of their kind.
    pub required: Vec<ServiceCategory>,
    /// Of them, those no present actor had ([`participation::missing_categories`]).
    pub missing: Vec<ServiceCategory>,
}

/// Which of an area's meetings a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// From today on, the next first.
    Upcoming,
    /// Before today, the latest first.
    Past,
}

pub(crate) fn to_service(s: service::Model) -> Result<LocalService, StoreError> {
    Ok(LocalService {
        category: ServiceCategory::parse(&s.category).map_err(corrupt)?,
        sector: Sector::parse(&s.sector).map_err(corrupt)?,
        id: s.id,
        name: s.name,
        email: s.email,
        contact_role: s.contact_role,
    })
}

pub(crate) fn time(text: &str) -> Result<LocalTime, StoreError> {
    LocalTime::from_stored(text).ok_or_else(|| corrupt(format!("a meeting's time {text:?}")))
}

/// The condition "a service of `area_id`'s map": recorded by it, or serving it.
pub(crate) fn of_area_map(area_id: i32) -> Condition {
    use sea_orm::sea_query::Query;
    let serving = Query::select()
        .column(service_area::Column::ServiceId)
        .from(service_area::Entity)
        .and_where(service_area::Column::AreaId.eq(area_id))
        .to_owned();
    Condition::any().add(service::Column::AreaId.eq(area_id)).add(service::Column::Id.in_subquery(serving))
}

/// The services with these ids, by id (in pieces, so a long list never exceeds a database's
/// limit on parameters).
pub(crate) async fn services_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, LocalService>, StoreError> {
    let mut out = HashMap::new();
    for chunk in unique(ids).chunks(1000) {
        for s in service::Entity::find().filter(service::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            out.insert(s.id, to_service(s)?);
        }
    }
    Ok(out)
}

/// The categories an area wants represented, in the order of their kind.
pub(crate) async fn required_of(db: &impl ConnectionTrait, area_id: i32) -> Result<Vec<ServiceCategory>, StoreError> {
    let rows = area_required_category::Entity::find()
        .filter(area_required_category::Column::AreaId.eq(area_id))
        .all(db)
        .await?;
    let mut out: Vec<ServiceCategory> =
        rows.iter().map(|r| ServiceCategory::parse(&r.category).map_err(corrupt)).collect::<Result<_, _>>()?;
    out.sort();
    Ok(out)
}

impl Store {
    /// The active actors of an area's map (its own services and those serving it), in Swedish
    /// order: whom a meeting may invite.
    pub async fn area_services(&self, area_id: i32) -> Result<Vec<LocalService>, StoreError> {
        let rows = service::Entity::find()
            .filter(of_area_map(area_id))
            .filter(service::Column::Status.eq("active"))
            .order_by_asc(service::Column::SortKey)
            .order_by_asc(service::Column::Id)
            .all(&self.db)
            .await?;
        rows.into_iter().map(to_service).collect()
    }

    /// The categories an area wants represented at its meetings.
    pub async fn required_categories(&self, area_id: i32) -> Result<Vec<ServiceCategory>, StoreError> {
        required_of(&self.db, area_id).await
    }

    /// An area's meetings (only one body's, with `body`), upcoming or past as seen from today in
    /// Stockholm, paged in SQL on the index of the area's (or body's) meetings by time.
    pub async fn area_meetings(
        &self,
        area_id: i32,
        body: Option<i32>,
        when: When,
        page: Page,
    ) -> Result<Paged<Meeting>, StoreError> {
        let today = start_of_day(self.clock.today());
        let mut select = meeting::Entity::find();
        select = match body {
            Some(b) => select.filter(meeting::Column::BodyId.eq(b)).filter(meeting::Column::AreaId.eq(area_id)),
            None => select.filter(meeting::Column::AreaId.eq(area_id)),
        };
        let boundary = samverkan_domain::local::meeting::stored(today);
        select = match when {
            When::Upcoming => select
                .filter(meeting::Column::StartsAt.gte(boundary))
                .order_by_asc(meeting::Column::StartsAt)
                .order_by_asc(meeting::Column::Id),
            When::Past => select
                .filter(meeting::Column::StartsAt.lt(boundary))
                .order_by_desc(meeting::Column::StartsAt)
                .order_by_desc(meeting::Column::Id),
        };
        let total = self.counts.count(&self.db, select.clone()).await?;
        let limit = page.limit.unwrap_or(i64::MAX.unsigned_abs());
        let rows = select.limit(limit).offset(page.offset).all(&self.db).await?;
        Ok(Paged { items: self.to_meetings(rows).await?, total })
    }

    pub(crate) async fn to_meetings(&self, rows: Vec<meeting::Model>) -> Result<Vec<Meeting>, StoreError> {
        let areas = self.area_names(rows.iter().map(|m| m.area_id)).await?;
        let bodies = self.body_names(rows.iter().filter_map(|m| m.body_id)).await?;
        rows.into_iter()
            .map(|m| {
                Ok(Meeting {
                    area: Ref { id: m.area_id, name: areas.get(&m.area_id).cloned().unwrap_or_default() },
                    body: m.body_id.map(|id| Ref { id, name: bodies.get(&id).cloned().unwrap_or_default() }),
                    starts: time(&m.starts_at)?,
                    ends: time(&m.ends_at)?,
                    id: m.id,
                    title: m.title,
                    place: m.place,
                    video_url: m.video_url,
                    agenda: m.agenda,
                    minutes: m.minutes,
                    decisions: m.decisions,
                    cancelled: m.cancelled,
                    sequence: m.sequence,
                    uid: m.uid,
                    synthetic: m.synthetic,
                })
            })
            .collect()
    }

    /// One meeting, with its invited and their attendance, its tasks and the missing categories.
    pub async fn meeting(&self, id: i32) -> Result<Option<MeetingDetail>, StoreError> {
        let Some(row) = meeting::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        let Some(meeting) = self.to_meetings(vec![row]).await?.pop() else { return Ok(None) };
        let invitations = meeting_invitation::Entity::find()
            .filter(meeting_invitation::Column::MeetingId.eq(id))
            .all(&self.db)
            .await?;
        let services = services_by_id(&self.db, invitations.iter().map(|i| i.service_id)).await?;
        let mut invited = Vec::with_capacity(invitations.len());
        for i in invitations {
            let service = services
                .get(&i.service_id)
                .cloned()
                .ok_or_else(|| corrupt(format!("invitation {} names no service", i.id)))?;
            let attendance = i.attendance.as_deref().map(Attendance::parse).transpose().map_err(corrupt)?;
            invited.push(Invited { service, attendance, represented_by: i.represented_by });
        }
        crate::read::by_name(&mut invited, |i| &i.service.name);
        let tasks = meeting_task::Entity::find()
            .filter(meeting_task::Column::MeetingId.eq(id))
            .order_by_asc(meeting_task::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| Task {
                id: t.id,
                meeting_id: t.meeting_id,
                description: t.description,
                owner_function: t.owner_function,
                due_on: t.due_on,
                done: t.done,
            })
            .collect();
        let required = required_of(&self.db, meeting.area.id).await?;
        let rows: Vec<participation::Invitation> = invited
            .iter()
            .map(|i| participation::Invitation {
                actor_id: i.service.id,
                sector: i.service.sector,
                categories: vec![i.service.category],
                attendance: i.attendance,
            })
            .collect();
        let missing = participation::missing_categories(&required, &rows);
        Ok(Some(MeetingDetail { meeting, invited, tasks, required, missing }))
    }

    /// The meeting a task belongs to.
    pub async fn task_meeting(&self, task_id: i32) -> Result<Option<i32>, StoreError> {
        Ok(meeting_task::Entity::find()
            .select_only()
            .column(meeting_task::Column::MeetingId)
            .filter(meeting_task::Column::Id.eq(task_id))
            .into_tuple()
            .one(&self.db)
            .await?)
    }

    /// A meeting's calendar file: `METHOD:CANCEL` when it is cancelled, else `REQUEST`. The
    /// invited's mailboxes (as `ATTENDEE`) and the video link only when `restricted` may be
    /// shown (a signed-in caller).
    pub async fn meeting_ics(
        &self,
        id: i32,
        restricted: bool,
        mailing: &Mailing,
    ) -> Result<Option<String>, StoreError> {
        let Some(detail) = self.meeting(id).await? else { return Ok(None) };
        let method = if detail.meeting.cancelled { Method::Cancel } else { Method::Request };
        let attendees: Vec<&LocalService> = detail.invited.iter().map(|i| &i.service).collect();
        let event = event_of(&detail.meeting, if restricted { &attendees } else { &[] }, restricted, mailing);
        Ok(Some(ics::calendar(method, &[event], self.clock.now(), None)))
    }
}

/// A meeting as a calendar event: the organiser the area's meetings' mailbox, the attendees the
/// invited services with a mailbox.
pub(crate) fn event_of(m: &Meeting, attendees: &[&LocalService], video: bool, mailing: &Mailing) -> Event {
    let page = mailing.page_of(m.id);
    let description = match &m.agenda {
        Some(agenda) => format!("Dagordning:\n{agenda}\n\n{page}"),
        None => page,
    };
    let mut seen = HashSet::new();
    Event {
        uid: m.uid.clone(),
        sequence: m.sequence,
        starts: m.starts,
        ends: m.ends,
        summary: m.title.clone(),
        location: m.place.clone(),
        url: m.video_url.clone().filter(|_| video),
        description: Some(description),
        cancelled: m.cancelled,
        organizer: Some(Mailbox {
            name: format!("{}: lokal samverkan", m.area.name),
            email: mailing.organizer.clone(),
        }),
        attendees: attendees
            .iter()
            .filter_map(|s| Some(Mailbox { name: s.name.clone(), email: s.email.clone()? }))
            .filter(|a| seen.insert(a.email.clone()))
            .collect(),
    }
}

/// The meetings of an area (or one body) from `from` on, for its feed, oldest first.
pub(crate) async fn feed_meetings(
    db: &impl ConnectionTrait,
    area_id: i32,
    body: Option<i32>,
    from: DateTime<Utc>,
) -> Result<Vec<meeting::Model>, DbErr> {
    let mut select = meeting::Entity::find()
        .filter(meeting::Column::AreaId.eq(area_id))
        .filter(meeting::Column::StartsAt.gte(samverkan_domain::local::meeting::stored(from)));
    if let Some(b) = body {
        select = select.filter(meeting::Column::BodyId.eq(b));
    }
    select.order_by_asc(meeting::Column::StartsAt).order_by_asc(meeting::Column::Id).all(db).await
}

#[cfg(test)]
mod tests;
