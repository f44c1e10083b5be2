//! The local area plan (*närområdesplan*, issue 15): an area's areas of responsibility, each
//! with the organisation of the actor map that answers for it, a contact function, a review
//! interval and its reviews. When an entry is due for review, when it is stale, and how current
//! the plan is are derived here.

use chrono::{Months, NaiveDate};

/// An entry's review interval when none is given: twelve months.
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;

/// The longest review interval, in months (five years).
pub const MAX_REVIEW_MONTHS: i32 = 60;

/// What an interval outside 1–60 months is told.
pub const INTERVAL_OUT_OF_RANGE: &str = "ska vara ett heltal från 1 till 60 (månader)";

/// What a review dated after today is told.
pub const REVIEW_IN_THE_FUTURE: &str = "kan inte vara ett datum efter i dag";

/// What an entry's review state rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryState {
    /// The day of its last review, or of its start when it has none.
    pub since: NaiveDate,
    /// Its review interval in months.
    pub months: u32,
    /// Whether the responsible organisation is active on the day asked about.
    pub organisation_active: bool,
}

impl EntryState {
    /// When it is next to be reviewed: `months` after `since` (the month's last day when the
    /// day does not exist in it, 31 January + 1 month = 28 or 29 February).
    pub fn next_review(&self) -> NaiveDate {
        self.since.checked_add_months(Months::new(self.months)).unwrap_or(NaiveDate::MAX)
    }

    /// Stale on `on`: its review is overdue (the next review's day is past), or its
    /// organisation is no longer active.
    pub fn is_stale(&self, on: NaiveDate) -> bool {
        !self.organisation_active || self.next_review() < on
    }
}

/// The interval given, or the default; 1–60 months, else the message.
pub fn check_interval(months: Option<i32>) -> Result<u32, &'static str> {
    match months {
        None => Ok(DEFAULT_REVIEW_MONTHS),
        Some(m) if (1..=MAX_REVIEW_MONTHS).contains(&m) => u32::try_from(m).map_err(|_| INTERVAL_OUT_OF_RANGE),
        Some(_) => Err(INTERVAL_OUT_OF_RANGE),
    }
}

/// A review's day: not after today.
pub fn check_review_day(day: NaiveDate, today: NaiveDate) -> Result<(), &'static str> {
    if day > today { Err(REVIEW_IN_THE_FUTURE) } else { Ok(()) }
}

/// How current a plan is: the share of its entries that are not stale, in whole percent
/// (rounded down); `None` for a plan with no entry.
pub fn currency(entries: &[EntryState], on: NaiveDate) -> Option<u8> {
    if entries.is_empty() {
        return None;
    }
    let current = entries.iter().filter(|e| !e.is_stale(on)).count();
    u8::try_from(current * 100 / entries.len()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(since: &str, months: u32, active: bool) -> EntryState {
        EntryState { since: day(since), months, organisation_active: active }
    }

    #[test]
    fn an_entry_is_stale_once_its_review_is_overdue_or_its_organisation_has_ended() {
        let e = entry("2025-03-10", 12, true);
        assert_eq!(e.next_review(), day("2026-03-10"));
        assert!(!e.is_stale(day("2026-03-10")), "due today is not yet overdue");
        assert!(e.is_stale(day("2026-03-11")));
        assert!(entry("2026-03-01", 12, false).is_stale(day("2026-03-02")), "an organisation that ended");
        assert_eq!(entry("2026-01-31", 1, true).next_review(), day("2026-02-28"));
    }

    #[test]
    fn currency_is_the_share_of_entries_not_stale() {
        let on = day("2026-06-01");
        assert_eq!(currency(&[], on), None);
        let entries = [entry("2026-01-01", 12, true), entry("2024-01-01", 12, true), entry("2026-01-01", 12, false)];
        assert_eq!(currency(&entries, on), Some(33));
        assert_eq!(currency(&entries[..1], on), Some(100));
    }

    #[test]
    fn interval_and_review_day_are_checked() {
        assert_eq!(check_interval(None), Ok(12));
        assert_eq!(check_interval(Some(6)), Ok(6));
        assert_eq!(check_interval(Some(0)), Err(INTERVAL_OUT_OF_RANGE));
        assert_eq!(check_interval(Some(61)), Err(INTERVAL_OUT_OF_RANGE));
        let today = day("2026-03-10");
        assert_eq!(check_review_day(day("2026-03-11"), today), Err(REVIEW_IN_THE_FUTURE));
        assert_eq!(check_review_day(today, today), Ok(()));
    }
}
