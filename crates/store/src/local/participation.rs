//! Participation in an area's network meetings (*deltagande*), by the rules of
//! `samverkan_domain::local::participation`: invited against attended by sector and category
//! over the last 12 months and per month over time, the actors who have not come for a year,
//! and the required categories each meeting missed.
//!
//! Computed from one area's rows only, found by index: its meetings in the window on
//! `meetings(area_id, starts_at)`, their invitations on `meeting_invitations(meeting_id)`, the
//! invited services by id. Nothing scans the whole attendance; cancelled meetings were not held
//! and do not count. At national scale that is thousands of invitations to aggregate, so the
//! result is kept per data version and day ([`crate::cache`]).

use chrono::{Datelike, Months, NaiveDate};
use samverkan_domain::local::actors::ServiceCategory;
use samverkan_domain::local::meeting::{start_of_day, stored};
use samverkan_domain::local::participation::{
    self, Attendance, Count, Invitation, Participation, absent_for_a_year, last_twelve_months, missing_categories,
};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{meeting, meeting_invitation};
use crate::error::StoreError;
use crate::local::meetings::{LocalService, required_of, services_by_id, time};
use crate::read::{by_name, corrupt};
use crate::store::Store;

/// How many months "over time" covers, this one included.
pub const MONTHS_OVER_TIME: u32 = 24;

/// A meeting held, and which of the required categories no present actor had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingMissing {
    pub id: i32,
    pub title: String,
    /// Its day in Stockholm.
    pub day: NaiveDate,
    pub missing: Vec<ServiceCategory>,
    /// Invitations whose attendance is not yet recorded.
    pub unrecorded: u32,
}

/// An area's participation as of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaParticipation {
    /// The last 12 months, both days included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub year: Participation,
    /// Each month of the last [`MONTHS_OVER_TIME`] (its first day), oldest first.
    pub months: Vec<(NaiveDate, Count)>,
    /// Invited in the last 12 months and present at none of those meetings, by name.
    pub absent: Vec<LocalService>,
    /// The meetings held in the last 12 months, latest first.
    pub meetings: Vec<MeetingMissing>,
    pub required: Vec<ServiceCategory>,
}

impl Store {
    /// An area's participation as of today in Stockholm.
    pub async fn area_participation(&self, area_id: i32) -> Result<AreaParticipation, StoreError> {
        let today = self.clock.today();
        self.counts
            .derived(&self.db, "area participation", format!("{area_id} {today}"), || {
                self.area_participation_on(area_id, today)
            })
            .await
    }

    async fn area_participation_on(&self, area_id: i32, today: NaiveDate) -> Result<AreaParticipation, StoreError> {
        let (from, to) = last_twelve_months(today);
        let first_month =
            today.with_day(1).and_then(|d| d.checked_sub_months(Months::new(MONTHS_OVER_TIME - 1))).unwrap_or(today);
        let window_start = first_month.min(from);
        let (start, end) =
            (stored(start_of_day(window_start)), stored(start_of_day(today.succ_opt().unwrap_or(today))));
        let held = || {
            Query::select()
                .column(meeting::Column::Id)
                .from(meeting::Entity)
                .and_where(meeting::Column::AreaId.eq(area_id))
                .and_where(meeting::Column::StartsAt.gte(start.clone()))
                .and_where(meeting::Column::StartsAt.lt(end.clone()))
                .and_where(meeting::Column::Cancelled.eq(false))
                .to_owned()
        };
        let rows: Vec<(i32, String, String)> = meeting::Entity::find()
            .select_only()
            .column(meeting::Column::Id)
            .column(meeting::Column::Title)
            .column(meeting::Column::StartsAt)
            .filter(meeting::Column::AreaId.eq(area_id))
            .filter(meeting::Column::StartsAt.gte(start.clone()))
            .filter(meeting::Column::StartsAt.lt(end.clone()))
            .filter(meeting::Column::Cancelled.eq(false))
            .order_by_desc(meeting::Column::StartsAt)
            .order_by_desc(meeting::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let invitations: Vec<(i32, i32, Option<String>)> = meeting_invitation::Entity::find()
            .select_only()
            .column(meeting_invitation::Column::MeetingId)
            .column(meeting_invitation::Column::ServiceId)
            .column(meeting_invitation::Column::Attendance)
            .filter(meeting_invitation::Column::MeetingId.in_subquery(held()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let services = services_by_id(&self.db, invitations.iter().map(|(_, s, _)| *s)).await?;
        let mut by_meeting: std::collections::HashMap<i32, Vec<Invitation>> = std::collections::HashMap::new();
        for (meeting_id, service_id, attendance) in invitations {
            let s = services
                .get(&service_id)
                .ok_or_else(|| corrupt(format!("an invitation names service {service_id}")))?;
            let attendance = attendance.as_deref().map(Attendance::parse).transpose().map_err(corrupt)?;
            by_meeting.entry(meeting_id).or_default().push(Invitation {
                actor_id: service_id,
                sector: s.sector,
                categories: vec![s.category],
                attendance,
            });
        }
        let mut meetings = Vec::with_capacity(rows.len());
        let mut held_rows = Vec::with_capacity(rows.len());
        for (id, title, starts_at) in rows {
            let day = time(&starts_at)?.day();
            let invited = by_meeting.remove(&id).unwrap_or_default();
            held_rows.push((id, title, day, invited.clone()));
            meetings.push(participation::Meeting { day, invited });
        }
        let required = required_of(&self.db, area_id).await?;
        let months = (0..MONTHS_OVER_TIME)
            .filter_map(|n| {
                let first = first_month.checked_add_months(Months::new(n))?;
                let last = first.checked_add_months(Months::new(1))?.pred_opt()?.min(today);
                Some((first, participation::participation(&meetings, first, last).total))
            })
            .collect();
        let mut absent: Vec<LocalService> =
            absent_for_a_year(&meetings, today).into_iter().filter_map(|id| services.get(&id).cloned()).collect();
        by_name(&mut absent, |s| &s.name);
        let missing = held_rows
            .into_iter()
            .filter(|(_, _, day, _)| from <= *day && *day <= to)
            .map(|(id, title, day, invited)| MeetingMissing {
                id,
                title,
                day,
                missing: missing_categories(&required, &invited),
                unrecorded: u32::try_from(invited.iter().filter(|i| i.attendance.is_none()).count())
                    .unwrap_or(u32::MAX),
            })
            .collect();
        Ok(AreaParticipation {
            from,
            to,
            year: participation::participation(&meetings, from, to),
            months,
            absent,
            meetings: missing,
            required,
        })
    }
}
