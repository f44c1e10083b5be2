//! Network meetings as iCalendar (RFC 5545): one meeting's invitation or cancellation
//! (`METHOD:REQUEST`, `METHOD:CANCEL`) and an area's or a body's feed (`METHOD:PUBLISH`).
//!
//! Written by hand: no maintained crate writes a `VTIMEZONE` from the time-zone rules, and the
//! format is small. What RFC 5545 asks of the writer is kept here, once: lines end in CRLF
//! (3.1), a line longer than 75 octets is folded with CRLF and a space, never inside a
//! character (3.1), text escapes `\`, `;`, `,` and line breaks (3.3.11), and a parameter value
//! with `:`, `;` or `,` is quoted (3.2). Times are local times in Europe/Stockholm with that
//! zone's `VTIMEZONE` (its EU rules: summer time from the last Sunday of March at 02:00 to the
//! last Sunday of October at 03:00), so a calendar shows the hour people agreed on whatever
//! zone it is in; `DTSTAMP` is UTC, as 3.8.7.2 requires.

use chrono::{DateTime, Utc};

use super::meeting::LocalTime;

/// The calendar's product identifier (3.7.3).
pub const PRODID: &str = "-//Storsthlm//Samverkan HOK natverksmoten//SV";

/// The zone every meeting's times are given in.
pub const TZID: &str = "Europe/Stockholm";

/// Europe/Stockholm as a `VTIMEZONE` (3.6.5): the EU's rules since 1996, which are the zone's
/// for every meeting recorded here.
const VTIMEZONE: [&str; 16] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Stockholm",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19810329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
];

/// What a calendar object is for (RFC 5546's `METHOD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An invitation, or its update when the meeting moved.
    Request,
    /// The meeting is cancelled (or the attendee no longer invited).
    Cancel,
    /// A feed to subscribe to.
    Publish,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }
}

/// A functional mailbox (`ORGANIZER`, `ATTENDEE`) and the name shown for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: String,
    pub email: String,
}

/// One meeting as a `VEVENT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable for the meeting's whole life (3.8.4.7).
    pub uid: String,
    /// Raised each time the meeting moves or is cancelled (3.8.7.4).
    pub sequence: i32,
    pub starts: LocalTime,
    pub ends: LocalTime,
    pub summary: String,
    pub location: Option<String>,
    /// The video link.
    pub url: Option<String>,
    /// The agenda, and where to read more.
    pub description: Option<String>,
    pub cancelled: bool,
    pub organizer: Option<Mailbox>,
    pub attendees: Vec<Mailbox>,
}

/// A calendar of `events` for `method`, stamped `stamp`; `name` names a feed for calendar
/// applications (`X-WR-CALNAME`, which most of them show).
pub fn calendar(method: Method, events: &[Event], stamp: DateTime<Utc>, name: Option<&str>) -> String {
    let mut out = Writer::default();
    out.line("BEGIN:VCALENDAR");
    out.line(&format!("PRODID:{PRODID}"));
    out.line("VERSION:2.0");
    out.line("CALSCALE:GREGORIAN");
    out.line(&format!("METHOD:{}", method.code()));
    if let Some(name) = name {
        out.line(&format!("X-WR-CALNAME:{}", text(name)));
        out.line(&format!("X-WR-TIMEZONE:{TZID}"));
    }
    for l in VTIMEZONE {
        out.line(l);
    }
    out.line("END:VTIMEZONE");
    for e in events {
        event(&mut out, e, method, stamp);
    }
    out.line("END:VCALENDAR");
    out.0
}

fn event(out: &mut Writer, e: &Event, method: Method, stamp: DateTime<Utc>) {
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{}", text(&e.uid)));
    out.line(&format!("SEQUENCE:{}", e.sequence));
    out.line(&format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")));
    out.line(&format!("DTSTART;TZID={TZID}:{}", local(e.starts)));
    out.line(&format!("DTEND;TZID={TZID}:{}", local(e.ends)));
    out.line(&format!("SUMMARY:{}", text(&e.summary)));
    if let Some(l) = &e.location {
        out.line(&format!("LOCATION:{}", text(l)));
    }
    if let Some(u) = &e.url {
        // A URI, not text: nothing to escape (a link with a line break or space was refused).
        out.line(&format!("URL:{u}"));
    }
    if let Some(d) = &e.description {
        out.line(&format!("DESCRIPTION:{}", text(d)));
    }
    let cancelled = e.cancelled || method == Method::Cancel;
    out.line(if cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
    out.line("TRANSP:OPAQUE");
    if let Some(o) = &e.organizer {
        out.line(&format!("ORGANIZER;CN={}:mailto:{}", param(&o.name), o.email));
    }
    for a in &e.attendees {
        out.line(&format!(
            "ATTENDEE;CN={};CUTYPE=GROUP;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{}",
            param(&a.name),
            a.email
        ));
    }
    out.line("END:VEVENT");
}

/// A local time in Stockholm as a `DATE-TIME` with `TZID` (3.3.5, form 3).
fn local(t: LocalTime) -> String {
    t.local().format("%Y%m%dT%H%M%S").to_string()
}

/// Text escaped as a `TEXT` value (3.3.11): `\` `;` `,` escaped, a line break as `\n`, other
/// control characters dropped.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (3.2): quoted when it holds `:`, `;` or `,`; a `"` (which no parameter
/// value may hold) and control characters dropped.
pub fn param(value: &str) -> String {
    let clean: String = value.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if clean.contains([':', ';', ',']) { format!("\"{clean}\"") } else { clean }
}

/// Content lines, each ended by CRLF and folded at 75 octets.
#[derive(Default)]
struct Writer(String);

/// The longest a content line may be, in octets, line break excluded (3.1).
const FOLD_AT: usize = 75;

impl Writer {
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > FOLD_AT {
                self.0.push_str("\r\n ");
                // The continuation's leading space is one of its 75 octets.
                width = 1;
            }
            self.0.push(c);
            width += len;
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> LocalTime {
        LocalTime::parse(s).unwrap()
    }

    fn meeting(starts: &str, ends: &str) -> Event {
        Event {
            uid: "moete-7@samverkan.example.se".to_owned(),
            sequence: 0,
            starts: t(starts),
            ends: t(ends),
            summary: "Nätverksmöte, Nacka; våren".to_owned(),
            location: Some("Nacka stadshus, sal 3".to_owned()),
            url: Some("https://mote.example.se/abc".to_owned()),
            description: Some("1. Välkommen\n2. Aktörskartan".to_owned()),
            cancelled: false,
            organizer: Some(Mailbox {
                name: "Nacka: lokal samverkan".to_owned(),
                email: "samverkan@samverkan.example.se".to_owned(),
            }),
            attendees: vec![Mailbox {
                name: "Vårdcentralen Orminge".to_owned(),
                email: "orminge@example.se".to_owned(),
            }],
        }
    }

    fn stamp() -> DateTime<Utc> {
        "2026-03-01T12:00:00Z".parse().unwrap()
    }

    /// The content lines unfolded (3.1: a CRLF followed by a space is removed).
    fn unfolded(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }

    #[test]
    fn a_meeting_each_side_of_the_spring_change_keeps_its_local_hour() {
        let events = [meeting("2026-03-28T09:00", "2026-03-28T11:00"), meeting("2026-03-30T09:00", "2026-03-30T11:00")];
        let ics = calendar(Method::Publish, &events, stamp(), Some("Nacka"));
        let lines = unfolded(&ics);
        for want in [
            "DTSTART;TZID=Europe/Stockholm:20260328T090000",
            "DTEND;TZID=Europe/Stockholm:20260328T110000",
            "DTSTART;TZID=Europe/Stockholm:20260330T090000",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Nacka",
            "DTSTAMP:20260301T120000Z",
        ] {
            assert!(lines.iter().any(|l| l == want), "{want}: {ics}");
        }
        // The zone is described once, with both of its rules.
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VTIMEZONE").count(), 1);
        assert!(lines.contains(&"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".to_owned()));
        assert!(lines.contains(&"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU".to_owned()));
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    }

    #[test]
    fn a_meeting_each_side_of_the_autumn_change_keeps_its_local_hour() {
        let events = [meeting("2026-10-23T13:30", "2026-10-23T15:00"), meeting("2026-10-26T13:30", "2026-10-26T15:00")];
        let lines = unfolded(&calendar(Method::Publish, &events, stamp(), None));
        assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20261023T133000".to_owned()));
        assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20261026T133000".to_owned()));
        assert!(!lines.iter().any(|l| l.starts_with("X-WR-CALNAME")));
    }

    #[test]
    fn every_line_ends_in_crlf_and_is_at_most_75_octets() {
        let mut m = meeting("2026-03-28T09:00", "2026-03-28T11:00");
        m.description = Some("Åäö ".repeat(60));
        let ics = calendar(Method::Request, &[m], stamp(), None);
        assert!(ics.ends_with("\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare line feed");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        // Unfolded, the text is whole: no character was cut.
        let description = unfolded(&ics).into_iter().find(|l| l.starts_with("DESCRIPTION:")).unwrap();
        assert_eq!(description, format!("DESCRIPTION:{}", "Åäö ".repeat(60)));
    }

    #[test]
    fn text_and_parameters_are_escaped() {
        assert_eq!(text("a;b,c\\d\ne\r\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
        assert_eq!(param("Nacka: lokal samverkan"), "\"Nacka: lokal samverkan\"");
        assert_eq!(param("Vårdcentralen \"Orminge\""), "Vårdcentralen Orminge");
        let lines =
            unfolded(&calendar(Method::Request, &[meeting("2026-03-28T09:00", "2026-03-28T11:00")], stamp(), None));
        assert!(lines.contains(&"SUMMARY:Nätverksmöte\\, Nacka\\; våren".to_owned()));
        assert!(lines.contains(&"DESCRIPTION:1. Välkommen\\n2. Aktörskartan".to_owned()));
        assert!(
            lines.contains(&"ORGANIZER;CN=\"Nacka: lokal samverkan\":mailto:samverkan@samverkan.example.se".to_owned())
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("ATTENDEE;CN=Vårdcentralen Orminge;")
                    && l.ends_with(":mailto:orminge@example.se"))
        );
    }

    #[test]
    fn a_cancellation_says_so_with_its_uid_and_sequence() {
        let mut m = meeting("2026-03-28T09:00", "2026-03-28T11:00");
        m.sequence = 2;
        let lines = unfolded(&calendar(Method::Cancel, &[m.clone()], stamp(), None));
        for want in ["METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:2", "UID:moete-7@samverkan.example.se"] {
            assert!(lines.contains(&want.to_owned()), "{want}");
        }
        let lines = unfolded(&calendar(Method::Request, &[m], stamp(), None));
        assert!(lines.contains(&"STATUS:CONFIRMED".to_owned()));
    }
}
