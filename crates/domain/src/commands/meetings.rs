//! The network meetings' commands (issue 14): a meeting of an area or of one of its bodies, the
//! attendance of each invited actor, a follow-up task, the categories an area wants at its
//! meetings, and a calendar feed's renewal. The rules across fields (a meeting ends after it
//! starts, an invitation of the area's actors, a body of the area) are in
//! [`crate::local::meeting`] and the store.

use chrono::NaiveDate;

use crate::command::{Cell, Read, Shape, Value};
use crate::edit::{FieldError, Input, Invalid, Reported};
use crate::local::actors::ServiceCategory;
use crate::local::meeting::LocalTime;
use crate::local::participation::Attendance;
use crate::values::{Codes, Ids, Name, Text};

/// The longest a video link may be.
pub const VIDEO_URL_MAX: usize = 500;

/// What a video link that is no web address is told.
pub const VIDEO_URL_INVALID: &str = "ska vara en webbadress som börjar med https:// eller http://";

/// A time in Stockholm, read from what a `datetime-local` field sends (`2026-03-28T09:00`);
/// kept as the instant it stands for (its column holds it in UTC, [`LocalTime::stored`]).
impl Value for LocalTime {
    const SHAPE: Shape = Shape::LocalTime;
    const MISSING: &'static str = "måste fyllas i (datum och klockslag)";

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        // Read as text first, so every rule for text holds (no personal identity number).
        let Some(text) = input.optional_text(field, 40)? else { return Ok(None) };
        match LocalTime::parse(&text) {
            Ok(t) => Ok(Some(t)),
            Err(message) => {
                input.reject(field, message);
                Err(Reported)
            }
        }
    }

    fn text(&self) -> String {
        self.field_text()
    }

    fn cell(&self) -> Cell {
        Cell::Text(Some(self.stored()))
    }

    fn null() -> Cell {
        Cell::Text(None)
    }

    fn from_cell(cell: Cell) -> Option<Option<Self>> {
        match cell {
            Cell::Text(None) => Some(None),
            Cell::Text(Some(t)) => LocalTime::from_stored(&t).map(Some),
            _ => None,
        }
    }
}

/// Yes or no (a meeting cancelled, a task done).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flag(pub bool);

impl Value for Flag {
    const SHAPE: Shape = Shape::Bool;

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        Ok(input.optional_bool(field)?.map(Flag))
    }

    fn text(&self) -> String {
        if self.0 { "ja".to_owned() } else { String::new() }
    }

    fn cell(&self) -> Cell {
        Cell::Int(Some(i32::from(self.0)))
    }

    fn null() -> Cell {
        Cell::Int(None)
    }

    fn from_cell(cell: Cell) -> Option<Option<Self>> {
        match cell {
            Cell::Int(v) => Some(v.map(|v| Flag(v != 0))),
            _ => None,
        }
    }
}

/// A web address to join a meeting by video: `https://` or `http://`, nothing that a link could
/// run (`javascript:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoUrl(String);

impl VideoUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Value for VideoUrl {
    const SHAPE: Shape = Shape::Line { max: VIDEO_URL_MAX };

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        let Some(url) = input.optional_text(field, VIDEO_URL_MAX)? else { return Ok(None) };
        let lower = url.to_ascii_lowercase();
        let web = ["https://", "http://"].iter().any(|s| lower.starts_with(s) && lower.len() > s.len());
        if !web || url.chars().any(char::is_whitespace) {
            input.reject(field, VIDEO_URL_INVALID);
            return Err(Reported);
        }
        Ok(Some(VideoUrl(url)))
    }

    fn text(&self) -> String {
        self.0.clone()
    }

    fn cell(&self) -> Cell {
        Cell::Text(Some(self.0.clone()))
    }

    fn null() -> Cell {
        Cell::Text(None)
    }

    fn from_cell(cell: Cell) -> Option<Option<Self>> {
        match cell {
            Cell::Text(v) => Some(v.map(VideoUrl)),
            _ => None,
        }
    }
}

crate::command! {
    /// A network meeting (*nätverksmöte*) of an area, or of one of its bodies: a new one, or the
    /// whole meeting again when it is changed (a field left out is emptied). Times are local
    /// time in Stockholm; moving the meeting, changing its place or cancelling it raises its
    /// calendar `SEQUENCE` and e-mails the invited again.
    pub struct MeetingDetails {
        title: Name = "Rubrik",
        /// When it starts, in Stockholm: `2026-03-28T09:00` (as a `datetime-local` field sends it).
        starts_at: LocalTime = "Börjar",
        /// When it ends, in Stockholm; after it starts.
        ends_at: LocalTime = "Slutar",
        place: Option<Name> = "Plats",
        /// A link to join by video: `https://…`.
        #[hint = "En webbadress som börjar med https://."]
        video_url: Option<VideoUrl> = "Videolänk",
        agenda: Option<Text> = "Dagordning",
        /// One of the area's bodies, when it is that body's meeting.
        #[hint = "Lämna tomt för ett möte i hela närområdet."]
        body_id: Option<i32> = "Organ",
        /// The actors invited (service ids, each once): each is e-mailed at its functional
        /// mailbox, if it has one.
        invited: Ids = "Inbjudna aktörer",
        minutes: Option<Text> = "Minnesanteckningar",
        decisions: Option<Text> = "Beslut",
        /// True when the meeting is cancelled (*inställt*); left out, it is held.
        cancelled: Option<Flag> = "Inställt",
    }
}

impl MeetingDetails {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.is_some_and(|c| c.0)
    }
}

crate::command! {
    /// An invited actor's attendance at a meeting (*närvaro*).
    pub struct InvitationAttendance {
        /// The invited service.
        service_id: i32 = "Aktör",
        /// `present`, `excused` or `absent`; null while it is not recorded.
        attendance: Option<Attendance> = "Närvaro",
        /// Who came on the actor's behalf: a function (*Enhetschef*), not a person's name.
        #[hint = "En funktion, till exempel Enhetschef. Bara när aktören var närvarande."]
        represented_by: Option<Name> = "Deltog för aktören",
    }
}

crate::command! {
    /// A follow-up task from a meeting (*uppföljningsuppgift*): what, which function answers for
    /// it, by when, and whether it is done.
    pub struct TaskDetails {
        description: Text = "Uppgift",
        /// The function that answers for it (*Enhetschef hemtjänst*), not a person.
        #[hint = "En funktion, till exempel Enhetschef hemtjänst."]
        owner_function: Name = "Ansvarig funktion",
        due_on: Option<NaiveDate> = "Klar senast",
        /// True when it is done; left out, it is not.
        done: Option<Flag> = "Klar",
    }
}

crate::command! {
    /// Whether a task is done.
    pub struct TaskDone {
        /// True when it is done.
        done: Option<Flag> = "Klar",
    }
}

crate::command! {
    /// The categories an area wants represented at its network meetings (each once); the list
    /// replaces the one before.
    pub struct RequiredCategories {
        categories: Codes<ServiceCategory> = "Kategorier som ska vara representerade",
    }
}

crate::command! {
    /// A new secret address for an area's calendar feed, or for one of its bodies': the old one
    /// stops working.
    pub struct FeedRenewal {
        /// One of the area's bodies; left out for the whole area's feed.
        body_id: Option<i32> = "Organ",
    }
}

/// The message when someone "came on the actor's behalf" of an actor not recorded as present.
pub const REPRESENTED_ONLY_WHEN_PRESENT: &str = "anges bara när aktören var närvarande";

/// The attendance of each of a meeting's invitations, as a form or a JSON body sent it, read
/// only once the write is permitted ([`AttendanceSheet::read`]).
#[derive(Debug)]
pub struct AttendanceSheet {
    rows: Vec<Input>,
    /// How a row's field is named in the answer: `invitations[2].attendance` for JSON,
    /// `attendance-7` (the service's id) for a form.
    naming: SheetNaming,
    /// What was wrong with the submission as a whole (not a list, a row not an object).
    errors: Vec<FieldError>,
}

/// How an attendance sheet's fields are named: as JSON rows or as a form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetNaming {
    Json,
    Form,
}

impl SheetNaming {
    /// The name a row's field has in the answer (for a rule the store checks: the service is
    /// not invited).
    pub fn name(self, index: usize, service_id: i32, field: &str) -> String {
        match self {
            SheetNaming::Json => format!("invitations[{index}].{field}"),
            SheetNaming::Form => format!("{field}-{service_id}"),
        }
    }
}

impl AttendanceSheet {
    /// A JSON body: `{"invitations": [{"service_id": 7, "attendance": "present",
    /// "represented_by": "Enhetschef"}, …]}`.
    pub fn from_json(body: serde_json::Value) -> AttendanceSheet {
        let mut sheet = AttendanceSheet { rows: Vec::new(), naming: SheetNaming::Json, errors: Vec::new() };
        let serde_json::Value::Object(mut map) = body else {
            sheet.errors.push(FieldError::new("", "ska vara ett JSON-objekt"));
            return sheet;
        };
        for key in map.keys().filter(|k| *k != "invitations") {
            sheet.errors.push(FieldError::new(key, "okänt fält"));
        }
        match map.remove("invitations") {
            None => sheet
                .errors
                .push(FieldError::new("invitations", "måste anges (en tom lista när ingen närvaro är registrerad)")),
            Some(serde_json::Value::Array(items)) => {
                for (i, item) in items.into_iter().enumerate() {
                    match Input::from_json(item) {
                        Ok(input) => sheet.rows.push(input),
                        Err(_) => {
                            sheet.errors.push(FieldError::new(&format!("invitations[{i}]"), "ska vara ett JSON-objekt"))
                        }
                    }
                }
            }
            Some(_) => sheet.errors.push(FieldError::new("invitations", "ska vara en lista")),
        }
        sheet
    }

    /// A form's fields: `attendance-{service id}` and `represented_by-{service id}` for each of
    /// `invited`.
    pub fn from_form(fields: &[(String, String)], invited: &[i32]) -> AttendanceSheet {
        let value = |name: String| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        let rows = invited
            .iter()
            .map(|id| {
                Input::from_form([
                    ("service_id".to_owned(), id.to_string()),
                    ("attendance".to_owned(), value(format!("attendance-{id}"))),
                    ("represented_by".to_owned(), value(format!("represented_by-{id}"))),
                ])
            })
            .collect();
        AttendanceSheet { rows, naming: SheetNaming::Form, errors: Vec::new() }
    }

    /// Every row's command (with how the rows' fields are named), or every wrong field of every
    /// row at once, each named as the submission named it.
    pub fn read(self) -> Result<(Vec<InvitationAttendance>, SheetNaming), Invalid> {
        use crate::command::Command;
        let mut errors = self.errors;
        let mut rows = Vec::new();
        for (i, mut input) in self.rows.into_iter().enumerate() {
            let row = InvitationAttendance::read(&mut input);
            let service = input.peek_id("service_id");
            let rename = |field: &str| self.naming.name(i, service.unwrap_or_default(), field);
            if let Err(invalid) = input.finish() {
                errors.extend(invalid.0.into_iter().map(|e| FieldError::new(&rename(&e.field), e.message)));
            } else if let Ok(row) = row {
                if rows.iter().any(|r: &InvitationAttendance| r.service_id == row.service_id) {
                    errors.push(FieldError::new(&rename("service_id"), "står mer än en gång"));
                }
                // Excused and absent mean nobody came: nobody can have come on the actor's behalf.
                if row.represented_by.is_some() && row.attendance != Some(Attendance::Present) {
                    errors.push(FieldError::new(&rename("represented_by"), REPRESENTED_ONLY_WHEN_PRESENT));
                }
                rows.push(row);
            }
        }
        if errors.is_empty() { Ok((rows, self.naming)) } else { Err(Invalid(errors)) }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::command::Command;

    fn read(body: serde_json::Value) -> Result<MeetingDetails, Invalid> {
        let mut input = Input::from_json(body).unwrap();
        let m = MeetingDetails::read(&mut input);
        input.finish()?;
        Ok(m.unwrap())
    }

    #[test]
    fn a_meeting_reads_its_local_times_and_its_flag() {
        let m = read(json!({
            "title": "Nätverksmöte", "starts_at": "2026-03-28T09:00", "ends_at": "2026-03-28T11:00",
            "video_url": "https://mote.example.se/x", "invited": [3, 4], "cancelled": true
        }))
        .unwrap();
        assert_eq!(m.starts_at.stored(), "2026-03-28T08:00:00Z");
        assert_eq!(m.invited.to_vec(), [3, 4]);
        assert!(m.is_cancelled());
        let values = m.values();
        assert!(values.contains(&("starts_at", Some("2026-03-28T09:00".to_owned()))));
        assert!(values.contains(&("cancelled", Some("ja".to_owned()))));
    }

    #[test]
    fn a_time_the_clocks_skip_is_told_on_its_field() {
        let e =
            read(json!({"title": "Möte", "starts_at": "2026-03-29T02:30", "ends_at": "2026-03-29T04:00"})).unwrap_err();
        assert!(e.message("starts_at").unwrap().contains("finns inte i svensk tid"), "{e}");
        assert_eq!(e.0.len(), 1);
    }

    #[test]
    fn a_video_link_is_a_web_address_and_a_flag_a_boolean() {
        let e = read(json!({"title": "Möte", "starts_at": "2026-03-28T09:00", "ends_at": "2026-03-28T10:00",
            "video_url": "javascript:alert(1)", "cancelled": "ja"}))
        .unwrap_err();
        assert_eq!(e.message("video_url"), Some(VIDEO_URL_INVALID));
        assert_eq!(e.message("cancelled"), Some("ska vara true eller false"));
        let mut form = Input::from_form([("done".to_owned(), "ja".to_owned())]);
        assert_eq!(TaskDone::read(&mut form).unwrap().done, Some(Flag(true)));
    }

    #[test]
    fn an_attendance_sheet_names_each_wrong_row() {
        let sheet = AttendanceSheet::from_json(json!({"invitations": [
            {"service_id": 3, "attendance": "present", "represented_by": "Enhetschef"},
            {"service_id": 4, "attendance": "late"},
            "x",
        ]}));
        let e = sheet.read().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["invitations[2]", "invitations[1].attendance"]);
        let field = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        let fields =
            [field("attendance-3", "excused"), field("attendance-4", "present"), field("represented_by-4", "Rektor")];
        let (rows, _) = AttendanceSheet::from_form(&fields, &[3, 4, 5]).read().unwrap();
        assert_eq!(rows[0].attendance, Some(Attendance::Excused));
        assert_eq!(
            (rows[1].attendance, rows[1].represented_by.as_deref()),
            (Some(Attendance::Present), Some("Rektor"))
        );
        assert_eq!((rows[2].attendance, rows[2].represented_by.as_deref()), (None, None));
        // Nobody came on behalf of an actor that was excused, absent or not yet recorded.
        let fields = [
            field("attendance-3", "excused"),
            field("represented_by-3", "Rektor"),
            field("represented_by-5", "Kurator"),
        ];
        let e = AttendanceSheet::from_form(&fields, &[3, 5]).read().unwrap_err();
        assert_eq!(e.message("represented_by-3"), Some(REPRESENTED_ONLY_WHEN_PRESENT));
        assert_eq!(e.message("represented_by-5"), Some(REPRESENTED_ONLY_WHEN_PRESENT));
        let missing = AttendanceSheet::from_json(json!({"närvaro": []})).read().unwrap_err();
        assert!(missing.message("invitations").is_some() && missing.message("närvaro") == Some("okänt fält"));
        let null = AttendanceSheet::from_json(json!({"invitations": null})).read().unwrap_err();
        assert_eq!(null.message("invitations"), Some("ska vara en lista"));
        let twice = AttendanceSheet::from_json(json!({"invitations": [{"service_id": 3}, {"service_id": 3}]}));
        assert_eq!(twice.read().unwrap_err().message("invitations[1].service_id"), Some("står mer än en gång"));
    }
}
