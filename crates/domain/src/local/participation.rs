//! Participation in an area's network meetings (*deltagande i nätverksmöten*): which of the
//! categories the area wants represented were missing at a meeting, invited against attended by
//! sector and category, and the actors who have not come for a year. Practitioners say it is
//! hard to get every actor to come; these rules make that visible, derived from the attendance
//! recorded, never stored.
//!
//! What counts, decided once here so that every page and the API agree:
//! - An actor *attended* (*deltog*) only when it was present. Excused (*anmält förhinder*) and
//!   absent (*frånvarande*) both count as invited and not attended: an excuse is courteous, but
//!   the actor's view was still missing from the meeting.
//! - An invitation whose attendance is not yet recorded counts as invited, is reported as
//!   unrecorded, and is left out of the rate: a coordinator who has not yet entered the
//!   attendance should not see the rate fall.
//! - An actor with several categories (a health centre that also runs home health care) counts
//!   once under each of its categories, and once under its sector and in the total.
//! - "A year" (*ett år*) is [`last_twelve_months`]: the day a year back is outside it.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::actors::{Sector, ServiceCategory};

crate::kinds::kind_enum! {
    /// How an invited actor answered a meeting (*närvaro*).
    Attendance {
        /// *Närvarande*: someone came on the actor's behalf.
        Present = "present", "Närvarande";
        /// *Anmält förhinder*: sent word that nobody could come.
        Excused = "excused", "Anmält förhinder";
        /// *Frånvarande*: nobody came and no word was sent.
        Absent = "absent", "Frånvarande";
    }
}

/// One invited actor at one meeting (*inbjuden aktör*): what the rules need of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub actor_id: i32,
    pub sector: Sector,
    /// The categories of the actor's services; one or more.
    pub categories: Vec<ServiceCategory>,
    /// `None` until the attendance is recorded.
    pub attendance: Option<Attendance>,
}

impl Invitation {
    fn present(&self) -> bool {
        self.attendance == Some(Attendance::Present)
    }
}

/// A network meeting (*nätverksmöte*) with its invited actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// The day it was held, in Europe/Stockholm (a meeting's local day, not its UTC one).
    pub day: NaiveDate,
    pub invited: Vec<Invitation>,
}

/// The categories the area requires (*kategorier som ska vara representerade*) that are known to
/// have been missing from this meeting, in the order given (each once): no present actor had the
/// category, and no actor that had it is still waiting for its attendance to be recorded. A
/// category nobody was invited for is missing from the start; one whose invited actors are not
/// yet recorded is not known to be missing, so a meeting not yet recorded does not show every
/// category as missing.
pub fn missing_categories(required: &[ServiceCategory], invited: &[Invitation]) -> Vec<ServiceCategory> {
    let mut missing: Vec<ServiceCategory> = Vec::new();
    for c in required {
        let of_category = || invited.iter().filter(|i| i.categories.contains(c));
        let represented = of_category().any(Invitation::present);
        let unknown = of_category().any(|i| i.attendance.is_none());
        if !represented && !unknown && !missing.contains(c) {
            missing.push(*c);
        }
    }
    missing
}

/// Invited against attended, for one sector, one category or the whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Invitations, one per actor and meeting.
    pub invited: u32,
    /// Of them, present.
    pub attended: u32,
    /// Of them, attendance not yet recorded.
    pub unrecorded: u32,
}

impl Count {
    fn add(&mut self, i: &Invitation) {
        self.invited += 1;
        match i.attendance {
            Some(Attendance::Present) => self.attended += 1,
            Some(_) => {}
            None => self.unrecorded += 1,
        }
    }

    /// The share attended of the invitations whose attendance is recorded, in whole percent
    /// (rounded half up); `None` when there are none (nobody invited, or nothing recorded yet).
    pub fn rate(&self) -> Option<u8> {
        rate(self.attended, self.invited.saturating_sub(self.unrecorded))
    }
}

/// `part` of `whole` in whole percent, rounded half up; `None` when `whole` is 0.
pub fn rate(part: u32, whole: u32) -> Option<u8> {
    if whole == 0 {
        return None;
    }
    let percent = (u64::from(part.min(whole)) * 200 + u64::from(whole)) / (u64::from(whole) * 2);
    u8::try_from(percent).ok()
}

/// The space between a number and `%`: Swedish writes one (*67 %*), and a no-break space
/// (U+00A0) keeps the sign from wrapping to a line of its own.
pub const PERCENT_SPACE: char = '\u{a0}';

/// A rate for people: "67 %" (with [`PERCENT_SPACE`]), or "uppgift saknas" when there is none.
pub fn format_rate(rate: Option<u8>) -> String {
    match rate {
        Some(r) => format!("{r}{PERCENT_SPACE}%"),
        None => "uppgift saknas".to_owned(),
    }
}

/// Invited against attended over a period, per sector, per category and in all. The maps hold
/// only what was invited, in display order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Participation {
    pub total: Count,
    pub by_sector: BTreeMap<Sector, Count>,
    pub by_category: BTreeMap<ServiceCategory, Count>,
}

/// Participation in the meetings held from `from` to `to`, both days included. For "over time"
/// the caller asks once per period (month, quarter); for the last year, with
/// [`last_twelve_months`].
pub fn participation(meetings: &[Meeting], from: NaiveDate, to: NaiveDate) -> Participation {
    let mut p = Participation::default();
    for m in meetings.iter().filter(|m| from <= m.day && m.day <= to) {
        for i in &m.invited {
            p.total.add(i);
            p.by_sector.entry(i.sector).or_default().add(i);
            let mut seen: Vec<ServiceCategory> = Vec::new();
            for c in &i.categories {
                if !seen.contains(c) {
                    seen.push(*c);
                    p.by_category.entry(*c).or_default().add(i);
                }
            }
        }
    }
    p
}

/// The last 12 months up to and including `today`, as `(from, to)`, both included: from the day
/// after the same date a year back. The day a year back is outside, so an actor last present
/// exactly a year ago has not come for a year, and two such years side by side share no day.
/// From 29 February a year back is 28 February (so the window starts on 1 March).
pub fn last_twelve_months(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let year_back = today.checked_sub_months(Months::new(12)).unwrap_or(NaiveDate::MIN);
    (year_back.succ_opt().unwrap_or(year_back), today)
}

/// The actors who have not come for a year (*inte deltagit på ett år*): invited to at least one
/// meeting in [`last_twelve_months`] whose attendance is recorded, and present at none of them.
/// Meetings after `today` do not count; nor do invitations not yet recorded, which say nothing
/// yet of whether the actor came. In order of actor id, each once.
pub fn absent_for_a_year(meetings: &[Meeting], today: NaiveDate) -> Vec<i32> {
    let (from, to) = last_twelve_months(today);
    let mut came: BTreeMap<i32, bool> = BTreeMap::new();
    for m in meetings.iter().filter(|m| from <= m.day && m.day <= to) {
        for i in m.invited.iter().filter(|i| i.attendance.is_some()) {
            *came.entry(i.actor_id).or_default() |= i.present();
        }
    }
    came.into_iter().filter(|(_, came)| !came).map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Attendance::{Absent, Excused, Present};
    use ServiceCategory as C;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn inv(actor_id: i32, sector: Sector, categories: &[C], attendance: Option<Attendance>) -> Invitation {
        Invitation { actor_id, sector, categories: categories.to_vec(), attendance }
    }

    fn meeting(day: &str, invited: Vec<Invitation>) -> Meeting {
        Meeting { day: d(day), invited }
    }

    #[test]
    fn attendance_codes_and_swedish_labels() {
        let labels: Vec<&str> = Attendance::ALL.iter().map(|a| a.label()).collect();
        assert_eq!(labels, ["Närvarande", "Anmält förhinder", "Frånvarande"]);
        assert_eq!(Attendance::parse("excused"), Ok(Excused));
        assert!(Attendance::parse("late").is_err());
    }

    #[test]
    fn a_category_is_represented_only_by_a_present_actor() {
        let required = [C::HealthCentre, C::SocialServices, C::ChildPsychiatry, C::PupilHealth];
        let rows = [
            inv(1, Sector::Region, &[C::HealthCentre], Some(Present)),
            inv(2, Sector::Municipality, &[C::SocialServices], Some(Excused)),
            inv(3, Sector::Region, &[C::ChildPsychiatry], Some(Absent)),
            inv(4, Sector::Municipality, &[C::PupilHealth], Some(Absent)),
        ];
        assert_eq!(missing_categories(&required, &rows), [C::SocialServices, C::ChildPsychiatry, C::PupilHealth]);
    }

    #[test]
    fn a_category_whose_attendance_is_not_recorded_is_not_known_to_be_missing() {
        let required = [C::HealthCentre, C::SocialServices, C::HomeCare];
        let nothing_recorded = [
            inv(1, Sector::Region, &[C::HealthCentre], None),
            inv(2, Sector::Municipality, &[C::SocialServices], None),
        ];
        // Home care was never invited: missing whatever the attendance.
        assert_eq!(missing_categories(&required, &nothing_recorded), [C::HomeCare]);
        let half_recorded = [
            inv(1, Sector::Region, &[C::HealthCentre], Some(Absent)),
            inv(3, Sector::Region, &[C::HealthCentre], None),
            inv(2, Sector::Municipality, &[C::SocialServices], Some(Absent)),
        ];
        assert_eq!(missing_categories(&required, &half_recorded), [C::SocialServices, C::HomeCare]);
    }

    #[test]
    fn an_actor_with_two_categories_represents_both() {
        let required = [C::HealthCentre, C::HomeHealthCare, C::Rehabilitation];
        let rows = [inv(1, Sector::Region, &[C::HealthCentre, C::HomeHealthCare], Some(Present))];
        assert_eq!(missing_categories(&required, &rows), [C::Rehabilitation]);
    }

    #[test]
    fn nothing_missing_when_nothing_required_and_all_missing_when_nobody_invited() {
        let rows = [inv(1, Sector::Region, &[C::Hospital], Some(Absent))];
        assert!(missing_categories(&[], &rows).is_empty());
        assert_eq!(missing_categories(&[C::Hospital, C::Hospital, C::HomeCare], &[]), [C::Hospital, C::HomeCare]);
    }

    #[test]
    fn invited_against_attended_by_sector_and_category() {
        let meetings = [
            meeting(
                "2024-03-12",
                vec![
                    inv(1, Sector::Region, &[C::HealthCentre, C::HomeHealthCare], Some(Present)),
                    inv(2, Sector::Municipality, &[C::SocialServices], Some(Excused)),
                    inv(3, Sector::Municipality, &[C::HomeCare], Some(Present)),
                ],
            ),
            meeting(
                "2024-09-10",
                vec![
                    inv(1, Sector::Region, &[C::HealthCentre, C::HomeHealthCare], Some(Absent)),
                    inv(2, Sector::Municipality, &[C::SocialServices], Some(Present)),
                    inv(4, Sector::CivilSociety, &[C::FaithCommunity], Some(Present)),
                ],
            ),
        ];
        let p = participation(&meetings, d("2024-01-01"), d("2024-12-31"));
        assert_eq!(p.total, Count { invited: 6, attended: 4, unrecorded: 0 });
        assert_eq!(p.total.rate(), Some(67));
        assert_eq!(p.by_sector[&Sector::Region], Count { invited: 2, attended: 1, unrecorded: 0 });
        assert_eq!(p.by_sector[&Sector::Municipality], Count { invited: 3, attended: 2, unrecorded: 0 });
        assert!(!p.by_sector.contains_key(&Sector::Private));
        // The actor with two categories counts under each, once per meeting.
        assert_eq!(p.by_category[&C::HealthCentre], Count { invited: 2, attended: 1, unrecorded: 0 });
        assert_eq!(p.by_category[&C::HomeHealthCare], Count { invited: 2, attended: 1, unrecorded: 0 });
        assert_eq!(p.by_category[&C::FaithCommunity].rate(), Some(100));
        let sectors: Vec<Sector> = p.by_sector.keys().copied().collect();
        assert_eq!(sectors, [Sector::Region, Sector::Municipality, Sector::CivilSociety]);
    }

    #[test]
    fn the_period_includes_both_ends_and_nothing_outside() {
        let row = || vec![inv(1, Sector::Region, &[C::Hospital], Some(Present))];
        let meetings = [
            meeting("2024-01-01", row()),
            meeting("2024-06-30", row()),
            meeting("2023-12-31", row()),
            meeting("2024-07-01", row()),
        ];
        assert_eq!(participation(&meetings, d("2024-01-01"), d("2024-06-30")).total.invited, 2);
    }

    #[test]
    fn excused_only_is_invited_and_not_attended() {
        let meetings = [meeting("2024-05-01", vec![inv(1, Sector::Private, &[C::ResidentialCare], Some(Excused))])];
        let p = participation(&meetings, d("2024-01-01"), d("2024-12-31"));
        assert_eq!(p.total, Count { invited: 1, attended: 0, unrecorded: 0 });
        assert_eq!(p.total.rate(), Some(0));
        assert_eq!(format_rate(p.total.rate()), "0\u{a0}%");
    }

    #[test]
    fn nobody_invited_gives_no_rate_and_no_division_by_zero() {
        let p = participation(&[], d("2024-01-01"), d("2024-12-31"));
        assert_eq!(p.total, Count::default());
        assert_eq!(p.total.rate(), None);
        assert!(p.by_sector.is_empty() && p.by_category.is_empty());
        assert_eq!(format_rate(p.total.rate()), "uppgift saknas");
        let empty = [meeting("2024-05-01", vec![])];
        assert_eq!(participation(&empty, d("2024-01-01"), d("2024-12-31")).total.rate(), None);
    }

    #[test]
    fn unrecorded_attendance_is_invited_but_does_not_lower_the_rate() {
        let meetings = [meeting(
            "2024-05-01",
            vec![inv(1, Sector::Region, &[C::Hospital], Some(Present)), inv(2, Sector::Region, &[C::Hospital], None)],
        )];
        let p = participation(&meetings, d("2024-01-01"), d("2024-12-31"));
        assert_eq!(p.total, Count { invited: 2, attended: 1, unrecorded: 1 });
        assert_eq!(p.total.rate(), Some(100));
        let only_unrecorded = [meeting("2024-05-01", vec![inv(2, Sector::Region, &[C::Hospital], None)])];
        assert_eq!(participation(&only_unrecorded, d("2024-01-01"), d("2024-12-31")).total.rate(), None);
    }

    #[test]
    fn rates_round_half_up_to_whole_percent() {
        assert_eq!(rate(2, 3), Some(67));
        assert_eq!(rate(1, 3), Some(33));
        assert_eq!(rate(1, 200), Some(1));
        assert_eq!(rate(1, 201), Some(0));
        assert_eq!(rate(5, 5), Some(100));
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(u32::MAX, u32::MAX), Some(100));
        assert_eq!(format_rate(Some(67)), "67\u{a0}%");
        assert_eq!(format_rate(Some(100)), "100\u{a0}%");
    }

    #[test]
    fn a_year_is_from_the_day_after_a_year_back_to_today() {
        assert_eq!(last_twelve_months(d("2025-03-10")), (d("2024-03-11"), d("2025-03-10")));
        assert_eq!(last_twelve_months(d("2024-02-29")), (d("2023-03-01"), d("2024-02-29")));
        assert_eq!(last_twelve_months(d("2025-02-28")), (d("2024-02-29"), d("2025-02-28")));
        assert_eq!(last_twelve_months(d("2025-01-01")), (d("2024-01-02"), d("2025-01-01")));
    }

    #[test]
    fn absent_for_a_year_lists_the_invited_who_never_came() {
        let meetings = [
            meeting(
                "2024-06-01",
                vec![
                    inv(1, Sector::Region, &[C::HealthCentre], Some(Present)),
                    inv(2, Sector::Municipality, &[C::SocialServices], Some(Absent)),
                    inv(3, Sector::Private, &[C::HomeCare], Some(Excused)),
                    inv(4, Sector::CivilSociety, &[C::LocalAssociation], Some(Absent)),
                ],
            ),
            meeting(
                "2024-11-01",
                vec![
                    inv(1, Sector::Region, &[C::HealthCentre], Some(Absent)),
                    inv(2, Sector::Municipality, &[C::SocialServices], Some(Excused)),
                    inv(4, Sector::CivilSociety, &[C::LocalAssociation], Some(Present)),
                    inv(5, Sector::Region, &[C::AdultPsychiatry], None),
                ],
            ),
        ];
        // 1 came once, 4 came the second time; 5's attendance is not recorded yet.
        assert_eq!(absent_for_a_year(&meetings, d("2025-01-15")), [2, 3]);
    }

    #[test]
    fn a_meeting_exactly_a_year_back_is_outside_the_year() {
        let came = |day: &str| meeting(day, vec![inv(7, Sector::Region, &[C::Hospital], Some(Present))]);
        let missed = meeting("2025-02-01", vec![inv(7, Sector::Region, &[C::Hospital], Some(Absent))]);
        // Present exactly a year back: a year has passed without it coming.
        assert_eq!(absent_for_a_year(&[came("2024-03-10"), missed.clone()], d("2025-03-10")), [7]);
        // Present the day after: within the year.
        assert!(absent_for_a_year(&[came("2024-03-11"), missed.clone()], d("2025-03-10")).is_empty());
        // Invited only exactly a year back: not invited within the year, so not listed.
        let old = meeting("2024-03-10", vec![inv(8, Sector::Region, &[C::Hospital], Some(Absent))]);
        assert!(absent_for_a_year(&[old], d("2025-03-10")).is_empty());
    }

    #[test]
    fn future_meetings_and_excused_only_actors() {
        let meetings = [
            meeting("2025-03-10", vec![inv(1, Sector::Private, &[C::ResidentialCare], Some(Excused))]),
            meeting("2025-04-01", vec![inv(2, Sector::Private, &[C::ResidentialCare], Some(Absent))]),
        ];
        // Excused at every meeting is still not having come; a meeting after today does not count.
        assert_eq!(absent_for_a_year(&meetings, d("2025-03-10")), [1]);
        assert!(absent_for_a_year(&[], d("2025-03-10")).is_empty());
    }
}
