//! Periods of validity (*giltighetstid*): nothing that people may need later is overwritten; a
//! change closes one period and opens the next.

use chrono::NaiveDate;
use serde::Serialize;

/// A period of validity: from a first day to an optional last day, both days included.
///
/// An open end (`to == None`) means "until further notice". An unknown start (`from == None`)
/// means the record is known to have existed since before anything recorded here, but not
/// since when: it counts as valid on every date up to its end, and pages say the start is not
/// known rather than show a day no source gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// A period whose last day comes before its first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("perioden kan inte sluta ({to}) före den börjar ({from})")]
pub struct PeriodError {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A period from `from` to `to` (inclusive); refuses one that ends before it starts.
    pub fn new(from: NaiveDate, to: Option<NaiveDate>) -> Result<Self, PeriodError> {
        Self::starting(Some(from), to)
    }

    /// A period whose start may be unknown (`None`); refuses one that ends before it starts.
    pub fn starting(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Self, PeriodError> {
        match (from, to) {
            (Some(from), Some(to)) if to < from => Err(PeriodError { from, to }),
            _ => Ok(Self { from, to }),
        }
    }

    /// A period with no end yet.
    pub fn open(from: NaiveDate) -> Self {
        Self { from: Some(from), to: None }
    }

    /// The first day; `None` when it is not known.
    pub fn from(&self) -> Option<NaiveDate> {
        self.from
    }

    pub fn to(&self) -> Option<NaiveDate> {
        self.to
    }

    /// Whether the period is valid on `date` (with an unknown start, on every date to its end).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
    }

    /// Whether two periods share at least one day (an unknown start reaches back before any).
    pub fn overlaps(&self, other: &Period) -> bool {
        let ends_before = |a: &Period, b: &Period| matches!((a.to, b.from), (Some(to), Some(from)) if to < from);
        !(ends_before(self, other) || ends_before(other, self))
    }

    /// Whether the period has ended before `date`.
    pub fn ended_before(&self, date: NaiveDate) -> bool {
        self.to.is_some_and(|to| to < date)
    }
}

/// Two holders of the same function whose periods overlap.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("funktionen har redan en innehavare {from}–{to}; en funktion kan bara ha en innehavare åt gången")]
pub struct OverlapError {
    /// Index (in the given slice) of the earlier of the two overlapping periods.
    pub first: usize,
    /// Index of the later one.
    pub second: usize,
    /// The first shared day, or "okänd startdag" when neither start is known.
    pub from: String,
    /// The last shared day, or "tills vidare" when both are open.
    pub to: String,
}

/// A function (*funktion*) has at most one holder at a time: the periods of its appointments
/// must not overlap. Returns the first overlapping pair found.
pub fn ensure_single_holder(periods: &[Period]) -> Result<(), OverlapError> {
    let mut order: Vec<usize> = (0..periods.len()).collect();
    // An unknown start (`None`) sorts first: it reaches back before any known one.
    order.sort_by_key(|&i| periods[i].from);
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if periods[a].overlaps(&periods[b]) {
            let end = match (periods[a].to, periods[b].to) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (Some(x), None) | (None, Some(x)) => Some(x),
                (None, None) => None,
            };
            return Err(OverlapError {
                first: a,
                second: b,
                from: periods[b].from.map_or_else(|| "okänd startdag".to_owned(), |d| d.to_string()),
                to: end.map_or_else(|| "tills vidare".to_owned(), |d| d.to_string()),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_cannot_end_before_it_starts() {
        let err = Period::new(d("2023-07-01"), Some(d("2023-06-30"))).unwrap_err();
        assert_eq!(err.from, d("2023-07-01"));
        assert!(err.to_string().contains("före den börjar"));
        // A one-day period is fine.
        assert!(Period::new(d("2023-07-01"), Some(d("2023-07-01"))).is_ok());
    }

    #[test]
    fn valid_on_a_date_includes_both_ends() {
        let p = Period::new(d("2020-01-01"), Some(d("2023-06-30"))).unwrap();
        assert!(!p.contains(d("2019-12-31")));
        assert!(p.contains(d("2020-01-01")));
        assert!(p.contains(d("2023-06-30")));
        assert!(!p.contains(d("2023-07-01")));
        let open = Period::open(d("2023-07-01"));
        assert!(open.contains(d("2099-01-01")));
        assert!(!open.contains(d("2023-06-30")));
    }

    #[test]
    fn handover_on_consecutive_days_does_not_overlap() {
        let before = Period::new(d("2020-01-01"), Some(d("2023-06-30"))).unwrap();
        let after = Period::open(d("2023-07-01"));
        assert!(!before.overlaps(&after));
        assert!(!after.overlaps(&before));
        assert!(ensure_single_holder(&[after, before]).is_ok());
    }

    #[test]
    fn a_function_has_at_most_one_holder_at_a_time() {
        let first = Period::open(d("2023-01-01"));
        let second = Period::open(d("2024-01-01"));
        let err = ensure_single_holder(&[first, second]).unwrap_err();
        assert_eq!((err.first, err.second), (0, 1));
        assert_eq!(err.from, "2024-01-01");
        assert_eq!(err.to, "tills vidare");

        let closed = Period::new(d("2023-01-01"), Some(d("2024-03-31"))).unwrap();
        let err = ensure_single_holder(&[second, closed]).unwrap_err();
        assert_eq!((err.first, err.second), (1, 0));
        assert_eq!(err.to, "2024-03-31");
        assert!(ensure_single_holder(&[]).is_ok());
    }

    #[test]
    fn an_unknown_start_counts_on_every_date_up_to_the_end() {
        let open = Period::starting(None, None).unwrap();
        assert_eq!(open.from(), None);
        assert!(open.contains(d("1900-01-01")) && open.contains(d("2099-01-01")));
        let ended = Period::starting(None, Some(d("2023-06-30"))).unwrap();
        assert!(ended.contains(d("2021-01-01")));
        assert!(!ended.contains(d("2023-07-01")));
        // It reaches back before any known start: it overlaps whatever begins before its end.
        assert!(ended.overlaps(&Period::open(d("2020-01-01"))));
        assert!(!ended.overlaps(&Period::open(d("2023-07-01"))));
        assert!(open.overlaps(&ended));
        let err = ensure_single_holder(&[Period::open(d("2024-01-01")), open]).unwrap_err();
        assert_eq!((err.first, err.second, err.from.as_str()), (1, 0, "2024-01-01"));
    }

    #[test]
    fn ended_before() {
        let p = Period::new(d("2020-01-01"), Some(d("2023-06-30"))).unwrap();
        assert!(p.ended_before(d("2023-07-01")));
        assert!(!p.ended_before(d("2023-06-30")));
        assert!(!Period::open(d("2020-01-01")).ended_before(d("2999-01-01")));
    }
}
