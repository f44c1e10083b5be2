//! Local action plans (*lokala handlingsplaner*, issue 15): an area's plan for one prioritised
//! target group, optionally implementing an agreement whose working model is "local action
//! plans", with a goal, a period, activities and follow-up notes. A plan's progress and the
//! activities overdue are derived here, never typed in.

use chrono::NaiveDate;

crate::kinds::kind_enum! {
    /// The prioritised target groups of local collaboration (*prioriterade målgrupper*).
    PlanTargetGroup {
        /// *Äldre*.
        Elderly = "elderly", "Äldre";
        /// *Psykisk ohälsa hos barn och unga*.
        ChildrenMentalHealth = "children_mental_health", "Psykisk ohälsa hos barn och unga";
        /// *Psykiatri*.
        Psychiatry = "psychiatry", "Psykiatri";
        /// *LSS*: support and service for people with certain functional impairments.
        Lss = "lss", "LSS";
        /// Any other group.
        Other = "other", "Annan målgrupp";
    }
}

crate::kinds::kind_enum! {
    /// Where an activity of a plan stands.
    ActivityStatus {
        /// *Ej påbörjad*.
        NotStarted = "not_started", "Ej påbörjad";
        /// *Pågår*.
        InProgress = "in_progress", "Pågår";
        /// *Klar*: counts as fully done whatever its progress says.
        Done = "done", "Klar";
        /// *Avbruten*: no longer part of the plan's progress, never overdue.
        Cancelled = "cancelled", "Avbruten";
    }
}

/// What a progress outside 0–100 is told.
pub const PROGRESS_OUT_OF_RANGE: &str = "ska vara ett heltal från 0 till 100 (procent)";

/// What a plan that ends before it starts is told (on `ends_on`).
pub const PLAN_ENDS_BEFORE_START: &str = "kan inte vara före startdatumet";

/// An activity, as far as its progress and its due date go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityState {
    pub status: ActivityStatus,
    /// Whole percent, 0–100.
    pub progress: u8,
    pub due_on: Option<NaiveDate>,
}

impl ActivityState {
    /// How far the activity has come: a done one is 100 whatever was recorded.
    pub fn done_share(&self) -> u8 {
        match self.status {
            ActivityStatus::Done => 100,
            _ => self.progress.min(100),
        }
    }

    /// Overdue on `today`: its due date is past and it is neither done nor cancelled.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        let open = !matches!(self.status, ActivityStatus::Done | ActivityStatus::Cancelled);
        open && self.due_on.is_some_and(|due| due < today)
    }
}

/// A plan's progress in whole percent (rounded down): the mean of its activities' progress,
/// cancelled ones left out; `None` when it has no activity that counts.
pub fn plan_progress(activities: &[ActivityState]) -> Option<u8> {
    let counted: Vec<u32> = activities
        .iter()
        .filter(|a| a.status != ActivityStatus::Cancelled)
        .map(|a| u32::from(a.done_share()))
        .collect();
    if counted.is_empty() {
        return None;
    }
    let n = u32::try_from(counted.len()).unwrap_or(u32::MAX);
    u8::try_from(counted.iter().sum::<u32>() / n).ok()
}

/// How many of the activities are overdue on `today`.
pub fn overdue_count(activities: &[ActivityState], today: NaiveDate) -> usize {
    activities.iter().filter(|a| a.is_overdue(today)).count()
}

/// A progress read as given: 0–100, else the message.
pub fn check_progress(progress: i32) -> Result<u8, &'static str> {
    u8::try_from(progress).ok().filter(|p| *p <= 100).ok_or(PROGRESS_OUT_OF_RANGE)
}

/// The period: the end, when given, on or after the start.
pub fn check_period(starts: NaiveDate, ends: Option<NaiveDate>) -> Result<(), &'static str> {
    match ends {
        Some(e) if e < starts => Err(PLAN_ENDS_BEFORE_START),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn act(status: ActivityStatus, progress: u8, due: Option<&str>) -> ActivityState {
        ActivityState { status, progress, due_on: due.map(day) }
    }

    #[test]
    fn progress_is_the_mean_of_the_activities_that_count() {
        use ActivityStatus::*;
        assert_eq!(plan_progress(&[]), None);
        assert_eq!(plan_progress(&[act(Cancelled, 50, None)]), None, "a cancelled activity does not count");
        // Done counts as 100 whatever was recorded; 100 + 25 + 0 = 125 / 3 = 41 (rounded down).
        assert_eq!(
            plan_progress(&[act(Done, 10, None), act(InProgress, 25, None), act(NotStarted, 0, None)]),
            Some(41)
        );
        assert_eq!(plan_progress(&[act(InProgress, 50, None), act(Cancelled, 0, None)]), Some(50));
    }

    #[test]
    fn an_open_activity_past_its_due_date_is_overdue() {
        use ActivityStatus::*;
        let today = day("2026-03-10");
        assert!(act(InProgress, 50, Some("2026-03-09")).is_overdue(today));
        assert!(!act(InProgress, 50, Some("2026-03-10")).is_overdue(today), "due today is not yet overdue");
        assert!(!act(Done, 100, Some("2026-01-01")).is_overdue(today));
        assert!(!act(Cancelled, 0, Some("2026-01-01")).is_overdue(today));
        assert!(!act(NotStarted, 0, None).is_overdue(today), "no due date, never overdue");
        let all = [act(NotStarted, 0, Some("2026-02-01")), act(Done, 0, Some("2026-02-01")), act(InProgress, 0, None)];
        assert_eq!(overdue_count(&all, today), 1);
    }

    #[test]
    fn progress_and_period_are_checked() {
        assert_eq!(check_progress(0), Ok(0));
        assert_eq!(check_progress(100), Ok(100));
        assert_eq!(check_progress(101), Err(PROGRESS_OUT_OF_RANGE));
        assert_eq!(check_progress(-1), Err(PROGRESS_OUT_OF_RANGE));
        assert_eq!(check_period(day("2026-01-01"), Some(day("2025-12-31"))), Err(PLAN_ENDS_BEFORE_START));
        assert_eq!(check_period(day("2026-01-01"), Some(day("2026-01-01"))), Ok(()));
        assert_eq!(check_period(day("2026-01-01"), None), Ok(()));
    }
}
