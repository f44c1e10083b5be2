//! A network meeting's rules (*nätverksmöte*): its times are entered and shown in Stockholm's
//! local time and kept as the instants they stand for (UTC), so a meeting on either side of a
//! change to or from summer time is at the hour people agreed on; it ends after it starts; what
//! changes it so much that the invited must be told again; and how its time and its invitation
//! read in Swedish.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;

use crate::edit::FieldError;

/// How a local time is written: what a `datetime-local` field sends.
pub const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// What a time that cannot be read is told.
pub const LOCAL_TIME_INVALID: &str = "ska vara datum och klockslag, till exempel 2026-03-28T09:00";

/// What an end that is not after the start is told (on `ends_at`).
pub const ENDS_BEFORE_START: &str = "mötet måste sluta efter att det börjar";

/// A time in Stockholm (*svensk tid*) and the instant it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalTime {
    utc: DateTime<Utc>,
}

impl LocalTime {
    /// The local time an instant is in Stockholm.
    pub fn from_utc(utc: DateTime<Utc>) -> LocalTime {
        LocalTime { utc }
    }

    /// Reads `2026-03-28T09:00` (seconds, `:00`, may follow, as some browsers send them) as a
    /// time in Stockholm. A time the clocks skip when summer time begins (02:00–02:59 on the
    /// last Sunday of March) does not exist and is refused; a time that happens twice when it
    /// ends (02:00–02:59 on the last Sunday of October) is the first, still in summer time.
    pub fn parse(text: &str) -> Result<LocalTime, String> {
        let text = text.trim();
        let local = NaiveDateTime::parse_from_str(text, LOCAL_FORMAT)
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
            .map_err(|_| LOCAL_TIME_INVALID.to_owned())?;
        if local.date() < crate::edit::EARLIEST_DATE {
            return Err(format!("kan inte vara före {}", crate::edit::EARLIEST_DATE));
        }
        match Stockholm.from_local_datetime(&local) {
            LocalResult::Single(t) => Ok(LocalTime { utc: t.with_timezone(&Utc) }),
            LocalResult::Ambiguous(first, _) => Ok(LocalTime { utc: first.with_timezone(&Utc) }),
            LocalResult::None => Err(format!(
                "{} finns inte i svensk tid: klockan ställs fram från 02:00 till 03:00 den natten; välj en annan tid",
                local.format("%Y-%m-%d %H:%M")
            )),
        }
    }

    pub fn utc(self) -> DateTime<Utc> {
        self.utc
    }

    /// The time on Stockholm's clocks.
    pub fn local(self) -> NaiveDateTime {
        self.utc.with_timezone(&Stockholm).naive_local()
    }

    /// The day in Stockholm (a meeting's day is its local one, not its UTC one).
    pub fn day(self) -> NaiveDate {
        self.local().date()
    }

    /// As a `datetime-local` field shows it: `2026-03-28T09:00`.
    pub fn field_text(self) -> String {
        self.local().format(LOCAL_FORMAT).to_string()
    }

    /// RFC 3339 with Stockholm's offset: `2026-03-28T09:00:00+01:00` (the API's answers).
    pub fn rfc3339(self) -> String {
        self.utc.with_timezone(&Stockholm).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }

    /// As the database keeps it: RFC 3339 in UTC to the second (`2026-03-28T08:00:00Z`), so
    /// text order is time order on either database.
    pub fn stored(self) -> String {
        stored(self.utc)
    }

    /// A stored time back (see [`LocalTime::stored`]).
    pub fn from_stored(text: &str) -> Option<LocalTime> {
        DateTime::parse_from_rfc3339(text).ok().map(|t| LocalTime { utc: t.with_timezone(&Utc) })
    }
}

/// An instant as the database keeps meetings' times.
pub fn stored(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The instant a day begins in Stockholm (midnight, which always exists there).
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match Stockholm.from_local_datetime(&midnight) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => midnight.and_utc(),
    }
}

/// A meeting ends after it starts; told on `ends_at`.
pub fn check_times(starts: LocalTime, ends: LocalTime) -> Result<(), FieldError> {
    if ends > starts { Ok(()) } else { Err(FieldError::new("ends_at", ENDS_BEFORE_START)) }
}

/// What a meeting is, as far as the invited's calendars go: when and where it is held, and
/// whether it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment<'a> {
    pub starts: LocalTime,
    pub ends: LocalTime,
    pub place: Option<&'a str>,
    pub video_url: Option<&'a str>,
    pub cancelled: bool,
}

/// Whether a change must be sent to the invited again with its `SEQUENCE` raised (RFC 5545
/// 3.8.7.4: a change of its time, place or status): it moved, its place or link changed, or it
/// was cancelled or reinstated. A new agenda or minutes is no new invitation.
pub fn must_reinvite(before: &Appointment, after: &Appointment) -> bool {
    before != after
}

const WEEKDAYS: [&str; 7] = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"];

/// A meeting's time as Swedish readers write it, in Stockholm: `lördag 2026-03-28 kl. 09.00–11.00`,
/// or with both days when it ends on another.
pub fn time_span(starts: LocalTime, ends: LocalTime) -> String {
    use chrono::Datelike;
    let (s, e) = (starts.local(), ends.local());
    let weekday = WEEKDAYS[s.weekday().num_days_from_monday() as usize];
    if s.date() == e.date() {
        format!("{weekday} {} kl. {}–{}", s.format("%Y-%m-%d"), s.format("%H.%M"), e.format("%H.%M"))
    } else {
        format!(
            "{weekday} {} kl. {} – {} kl. {}",
            s.format("%Y-%m-%d"),
            s.format("%H.%M"),
            e.format("%Y-%m-%d"),
            e.format("%H.%M")
        )
    }
}

/// What an invitation's e-mail says of a meeting.
#[derive(Debug, Clone)]
pub struct Invitation<'a> {
    pub area: &'a str,
    pub title: &'a str,
    pub appointment: Appointment<'a>,
    pub agenda: Option<&'a str>,
    /// The meeting's page.
    pub page: &'a str,
    /// Whom it goes to: the invited actor's name.
    pub to: &'a str,
}

/// Why an invitation is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occasion {
    /// The meeting was convened, or this actor was added to it.
    Convened,
    /// It moved, or its place changed.
    Changed,
    /// It was cancelled, or this actor is no longer invited.
    Cancelled,
}

/// The subject and plain-text body of an invitation (*kallelse*) in Swedish, naming the
/// meeting, its time in Stockholm and its place.
pub fn invitation_mail(i: &Invitation, occasion: Occasion) -> (String, String) {
    let when = time_span(i.appointment.starts, i.appointment.ends);
    let subject = match occasion {
        Occasion::Convened => format!("Kallelse: {} {}", i.title, i.appointment.starts.day()),
        Occasion::Changed => format!("Ändrat möte: {} {}", i.title, i.appointment.starts.day()),
        Occasion::Cancelled => format!("Inställt: {} {}", i.title, i.appointment.starts.day()),
    };
    let opening = match occasion {
        Occasion::Convened => format!("{} kallas till nätverksmöte i lokal samverkan, {}.", i.to, i.area),
        Occasion::Changed => format!("Nätverksmötet i lokal samverkan, {}, har ändrats.", i.area),
        Occasion::Cancelled => format!("Nätverksmötet i lokal samverkan, {}, är inställt.", i.area),
    };
    let mut body = format!("Hej!\n\n{opening}\n\nMöte: {}\nTid: {when} (svensk tid)\n", i.title);
    body.push_str(&format!("Plats: {}\n", i.appointment.place.unwrap_or("uppgift saknas")));
    if let Some(url) = i.appointment.video_url {
        body.push_str(&format!("Videolänk: {url}\n"));
    }
    if occasion != Occasion::Cancelled
        && let Some(agenda) = i.agenda
    {
        body.push_str(&format!("\nDagordning:\n{agenda}\n"));
    }
    body.push_str(&format!("\nMötet i samverkanstjänsten: {}\n", i.page));
    body.push_str(match occasion {
        Occasion::Cancelled => "\nKalenderfilen i bifogat tar bort mötet ur din kalender.\n",
        _ => "\nLägg in mötet i din kalender med den bifogade kalenderfilen.\n",
    });
    body.push_str("\nDetta meddelande skickas till er funktionsbrevlåda och kan inte besvaras.\n");
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> LocalTime {
        LocalTime::parse(s).unwrap()
    }

    #[test]
    fn a_local_time_is_the_instant_it_stands_for_on_either_side_of_a_change() {
        // Winter time (+01:00) the Saturday before summer time begins, summer time (+02:00) the
        // Monday after.
        assert_eq!(t("2026-03-28T09:00").stored(), "2026-03-28T08:00:00Z");
        assert_eq!(t("2026-03-30T09:00").stored(), "2026-03-30T07:00:00Z");
        assert_eq!(t("2026-03-28T09:00").rfc3339(), "2026-03-28T09:00:00+01:00");
        assert_eq!(t("2026-03-30T09:00").rfc3339(), "2026-03-30T09:00:00+02:00");
        // And around the end of summer time (the last Sunday of October 2026 is the 25th).
        assert_eq!(t("2026-10-23T13:30").stored(), "2026-10-23T11:30:00Z");
        assert_eq!(t("2026-10-26T13:30").stored(), "2026-10-26T12:30:00Z");
        assert_eq!(t("2026-03-30T09:00:00").field_text(), "2026-03-30T09:00");
        let back = LocalTime::from_stored("2026-03-30T07:00:00Z").unwrap();
        assert_eq!(
            (back.field_text(), back.day().to_string()),
            ("2026-03-30T09:00".to_owned(), "2026-03-30".to_owned())
        );
    }

    #[test]
    fn a_time_the_clocks_skip_is_refused_and_one_they_repeat_is_the_first() {
        let gap = LocalTime::parse("2026-03-29T02:30").unwrap_err();
        assert!(gap.contains("2026-03-29 02:30 finns inte"), "{gap}");
        assert_eq!(t("2026-03-29T03:00").stored(), "2026-03-29T01:00:00Z");
        assert_eq!(t("2026-03-29T01:59").stored(), "2026-03-29T00:59:00Z");
        // 02:30 on 25 October 2026 happens twice; the first is still summer time.
        assert_eq!(t("2026-10-25T02:30").stored(), "2026-10-25T00:30:00Z");
    }

    #[test]
    fn what_is_not_a_local_time_is_named() {
        for bad in
            ["2026-03-28", "2026-03-28 09:00", "28/3 09:00", "2026-02-30T09:00", "2026-03-28T24:00", "0000-01-01T09:00"]
        {
            assert!(LocalTime::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(LocalTime::parse("i morgon").unwrap_err(), LOCAL_TIME_INVALID);
    }

    #[test]
    fn a_meeting_ends_after_it_starts() {
        assert!(check_times(t("2026-03-28T09:00"), t("2026-03-28T11:00")).is_ok());
        let e = check_times(t("2026-03-28T09:00"), t("2026-03-28T09:00")).unwrap_err();
        assert_eq!((e.field.as_str(), e.message.as_str()), ("ends_at", ENDS_BEFORE_START));
        // Across the night clocks go back, the local hours can mislead: 02:50 then 02:10 (the
        // second one, after the change) is later, but a local 02:10 is read as the first.
        assert!(check_times(t("2026-10-25T02:50"), t("2026-10-25T02:10")).is_err());
        assert!(check_times(t("2026-10-25T01:30"), t("2026-10-25T03:30")).is_ok());
    }

    #[test]
    fn the_time_reads_in_swedish_in_stockholm() {
        assert_eq!(time_span(t("2026-03-28T09:00"), t("2026-03-28T11:30")), "lördag 2026-03-28 kl. 09.00–11.30");
        assert_eq!(time_span(t("2026-03-30T09:00"), t("2026-03-30T10:00")), "måndag 2026-03-30 kl. 09.00–10.00");
        assert_eq!(
            time_span(t("2026-05-04T22:00"), t("2026-05-05T01:00")),
            "måndag 2026-05-04 kl. 22.00 – 2026-05-05 kl. 01.00"
        );
    }

    #[test]
    fn moving_or_cancelling_is_a_new_invitation_a_new_agenda_is_not() {
        let a = Appointment {
            starts: t("2026-03-28T09:00"),
            ends: t("2026-03-28T11:00"),
            place: Some("Nacka stadshus"),
            video_url: None,
            cancelled: false,
        };
        assert!(!must_reinvite(&a, &a.clone()));
        assert!(must_reinvite(&a, &Appointment { starts: t("2026-03-28T10:00"), ..a.clone() }));
        assert!(must_reinvite(&a, &Appointment { place: Some("Fisksätra"), ..a.clone() }));
        assert!(must_reinvite(&a, &Appointment { cancelled: true, ..a.clone() }));
    }

    #[test]
    fn an_invitation_names_the_meeting_its_local_time_and_place() {
        let i = Invitation {
            area: "Nacka",
            title: "Nätverksmöte våren 2026",
            appointment: Appointment {
                starts: t("2026-03-30T09:00"),
                ends: t("2026-03-30T11:00"),
                place: Some("Nacka stadshus, sal 3"),
                video_url: Some("https://mote.example.se/abc"),
                cancelled: false,
            },
            agenda: Some("1. Välkommen\n2. Aktörskartan"),
            page: "https://samverkan.example.se/moten/7",
            to: "Vårdcentralen Orminge",
        };
        let (subject, body) = invitation_mail(&i, Occasion::Convened);
        assert_eq!(subject, "Kallelse: Nätverksmöte våren 2026 2026-03-30");
        for part in [
            "Vårdcentralen Orminge kallas",
            "Tid: måndag 2026-03-30 kl. 09.00–11.00 (svensk tid)",
            "Plats: Nacka stadshus, sal 3",
            "Videolänk: https://mote.example.se/abc",
            "2. Aktörskartan",
            "https://samverkan.example.se/moten/7",
        ] {
            assert!(body.contains(part), "{part}: {body}");
        }
        let (subject, body) = invitation_mail(&i, Occasion::Cancelled);
        assert!(subject.starts_with("Inställt: "));
        assert!(body.contains("är inställt") && !body.contains("Dagordning"), "{body}");
    }
}
