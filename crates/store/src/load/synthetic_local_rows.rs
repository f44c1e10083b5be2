//! The rows of the areas' local collaboration in a synthetic load (`synthetic_local`): services
//! and the areas they serve, the categories each area requires, network meetings with their
//! invitations and tasks. Ids are given out in insertion order from 1, as for the rest of a load.
//!
//! A meeting's invitations, a million at national scale, are kept compact ([`Invited`]) and made
//! into rows only as they are written, a chunk at a time: the load's memory stays that of the
//! rest. The tables without a `synthetic` column (a service's areas, an area's categories, a
//! meeting's invitations and tasks) are synthetic through the service, area or meeting they
//! belong to, as an agreement's target groups are through the agreement.

use chrono::NaiveDate;
use samverkan_domain::local::participation::Attendance;

use crate::entity::{area_required_category, meeting, meeting_invitation, meeting_task, service, service_area};

/// The day the synthetic local collaboration stands at: attendance is recorded up to it, the
/// services were verified in the two years before it, and the meetings after it are planned.
/// Fixed, so the same seed gives the same data whenever it is made.
pub(crate) const DATA_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 30) {
    Some(day) => day,
    None => NaiveDate::MIN,
};

/// The local collaboration of a load, in insertion order.
#[derive(Default)]
pub(crate) struct LocalRows {
    pub(crate) services: Vec<service::Model>,
    pub(crate) service_areas: Vec<service_area::Model>,
    pub(crate) required_categories: Vec<area_required_category::Model>,
    pub(crate) meetings: Vec<meeting::Model>,
    /// Invitation `i` has id `i + 1`.
    pub(crate) invitations: Vec<Invited>,
    pub(crate) tasks: Vec<meeting_task::Model>,
}

impl LocalRows {
    /// How many rows there are, in all.
    pub(crate) fn len(&self) -> usize {
        self.services.len()
            + self.service_areas.len()
            + self.required_categories.len()
            + self.meetings.len()
            + self.invitations.len()
            + self.tasks.len()
    }
}

/// The invitations as rows, made one at a time as they are written.
pub(crate) fn invitation_rows(
    invitations: &[Invited],
) -> impl ExactSizeIterator<Item = meeting_invitation::Model> + '_ {
    invitations.iter().enumerate().map(|(i, v)| v.row(i32::try_from(i + 1).unwrap_or(i32::MAX)))
}

/// A service invited to a meeting, and whether it came: an invitation row without its strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Invited {
    pub(crate) meeting: i32,
    pub(crate) service: i32,
    /// `None` until recorded (a meeting ahead, cancelled, or not yet written up).
    pub(crate) attendance: Option<Attendance>,
    /// Who came on the service's behalf (a function), when it was present.
    pub(crate) represented_by: Option<&'static str>,
}

impl Invited {
    fn row(&self, id: i32) -> meeting_invitation::Model {
        meeting_invitation::Model {
            id,
            meeting_id: self.meeting,
            service_id: self.service,
            attendance: self.attendance.map(|a| a.code().to_owned()),
            represented_by: self.represented_by.map(str::to_owned),
        }
    }
}
