//! Reading what people type (a form) or send (a JSON body) into checked values, with a Swedish
//! message for each field that is wrong, and the rule for handing a function over.
//!
//! Forms and the API go through the same [`Input`], so a field is checked the same way however
//! it arrives; only the carrier differs (a form sends text, JSON sends typed values).
//!
//! Every text a write stores is read here, so the rules that hold for all text whatever its
//! field are kept here, once: no text may hold a personal identity number or co-ordination
//! number ([`crate::personal_number`]: the platform must never hold patient data) or turn its
//! writing direction around; a text of nothing but invisible characters is not filled in; and
//! no date is before [`EARLIEST_DATE`]. A new field read through [`Input`] has them at once.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;

use crate::personal_number::{PERSONAL_NUMBER_REFUSED, contains_personal_number};
use crate::text::{is_blank, is_direction_control};
use crate::{Period, parse_date};

/// One field that was not accepted, and why (in Swedish, for the person who typed it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError { field: field.to_owned(), message: message.into() }
    }
}

/// The fields of one submission that were not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        Invalid(vec![FieldError::new(field, message)])
    }

    /// The message for `field`, if it was not accepted.
    pub fn message(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

/// Why a text may not be stored at all, whatever field it is in: it holds a personal identity
/// number ([`crate::personal_number`]), or a character that turns the writing direction around
/// ([`crate::text::is_direction_control`]).
fn refused(text: &str) -> Option<&'static str> {
    if contains_personal_number(text) {
        Some(PERSONAL_NUMBER_REFUSED)
    } else if text.chars().any(is_direction_control) {
        Some(DIRECTION_CONTROL_REFUSED)
    } else {
        None
    }
}

/// A value already reported as wrong: lets a reader use `?` after [`Input::finish`].
#[derive(Debug, Clone, Copy)]
pub struct Reported;

impl From<Reported> for Invalid {
    fn from(_: Reported) -> Self {
        Invalid::one("", "fältet saknas")
    }
}

/// How values arrived: a form sends everything as text; JSON must use the right types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    Form,
    Json,
}

/// The longest a name may be; longer is a mistake (a pasted paragraph), not a name.
pub const NAME_MAX: usize = 200;
/// The longest a telephone number may be.
pub const PHONE_MAX: usize = 40;
/// The longest a free text (a description, a mandate) may be.
pub const TEXT_MAX: usize = 4000;
/// The earliest day a submitted date may be: every date typed here (a period's start or end, a
/// decision, a consultation, a handling) is from the collaboration's time, and one before 1900
/// (`0000-01-01`) is a mistake or a placeholder, never a fact.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// What a text with a bidirectional embedding, override or isolate is told.
pub const DIRECTION_CONTROL_REFUSED: &str =
    "innehåller osynliga tecken som vänder skrivriktningen (U+202A–U+202E, U+2066–U+2069); ta bort dem";

/// A submission being read: each read records its own error, so a form is answered with every
/// wrong field at once rather than one at a time.
#[derive(Debug)]
pub struct Input {
    values: BTreeMap<String, Value>,
    carrier: Carrier,
    errors: Vec<FieldError>,
    read: Vec<String>,
}

type Read<T> = Result<T, Reported>;

impl Input {
    /// A form's fields (all text). A name that repeats (checkboxes) becomes a list.
    pub fn from_form(fields: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut values: BTreeMap<String, Value> = BTreeMap::new();
        for (k, v) in fields {
            match values.get_mut(&k) {
                None => {
                    values.insert(k, Value::String(v));
                }
                Some(Value::Array(list)) => list.push(Value::String(v)),
                Some(first) => *first = Value::Array(vec![first.take(), Value::String(v)]),
            }
        }
        Input { values, carrier: Carrier::Form, errors: Vec::new(), read: Vec::new() }
    }

    /// A JSON body, which must be an object.
    pub fn from_json(body: Value) -> Result<Self, Invalid> {
        match body {
            Value::Object(map) => Ok(Input {
                values: map.into_iter().collect(),
                carrier: Carrier::Json,
                errors: Vec::new(),
                read: Vec::new(),
            }),
            _ => Err(Invalid::one("", "ska vara ett JSON-objekt")),
        }
    }

    fn fail<T>(&mut self, field: &str, message: impl Into<String>) -> Read<T> {
        self.errors.push(FieldError::new(field, message));
        Err(Reported)
    }

    /// The field as trimmed text; `None` when absent, null or blank (nothing but white space and
    /// invisible characters, see [`crate::text::is_blank`]). Every text is read here, so the
    /// rules for all text are kept here: no personal identity number
    /// ([`crate::personal_number`]), and nothing that turns the writing direction around.
    fn raw_text(&mut self, field: &str) -> Read<Option<String>> {
        self.read.push(field.to_owned());
        let text = match self.values.get(field) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(s)) if is_blank(s) => return Ok(None),
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(_) => return self.fail(field, "ska vara text"),
        };
        match refused(&text) {
            Some(why) => self.fail(field, why),
            None => Ok(Some(text)),
        }
    }

    fn limited(&mut self, field: &str, value: Option<String>, max: usize) -> Read<Option<String>> {
        match value {
            Some(v) if v.chars().count() > max => self.fail(field, format!("får vara högst {max} tecken")),
            Some(v) if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') => {
                self.fail(field, "innehåller otillåtna tecken")
            }
            v => Ok(v),
        }
    }

    /// Text that must be given, at most `max` characters.
    pub fn text(&mut self, field: &str, max: usize) -> Read<String> {
        let value = self.raw_text(field)?;
        match self.limited(field, value, max)? {
            Some(v) => Ok(v),
            None => self.fail(field, "måste fyllas i"),
        }
    }

    /// Text that may be left out.
    pub fn optional_text(&mut self, field: &str, max: usize) -> Read<Option<String>> {
        let value = self.raw_text(field)?;
        self.limited(field, value, max)
    }

    /// A telephone number that may be left out: digits, spaces, `+`, `-` and parentheses,
    /// beginning with `0` or `+` as Swedish numbers are dialled. It is not free text, so it is
    /// not read through the personal-number guard (a mobile number written without spaces has a
    /// personnummer's shape one time in ten); the leading `0` or `+` keeps out a personnummer
    /// of anyone born before 2000.
    pub fn optional_phone(&mut self, field: &str) -> Read<Option<String>> {
        self.read.push(field.to_owned());
        let text = match self.values.get(field) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(s)) if is_blank(s) => return Ok(None),
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(_) => return self.fail(field, "ska vara text"),
        };
        if text.chars().count() > PHONE_MAX {
            return self.fail(field, format!("får vara högst {PHONE_MAX} tecken"));
        }
        if !text.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
            return self.fail(field, "får bara innehålla siffror, mellanslag, +, - och parenteser");
        }
        if !(text.starts_with('0') || text.starts_with('+')) {
            return self.fail(field, "ska börja med 0 eller + (till exempel 08-123 456 78)");
        }
        Ok(Some(text))
    }

    /// A date (`YYYY-MM-DD`) that must be given.
    pub fn date(&mut self, field: &str) -> Read<NaiveDate> {
        match self.optional_date(field)? {
            Some(d) => Ok(d),
            None => self.fail(field, "måste fyllas i (ÅÅÅÅ-MM-DD)"),
        }
    }

    /// A date that may be left out (in JSON: null or absent; an empty string is no date).
    pub fn optional_date(&mut self, field: &str) -> Read<Option<NaiveDate>> {
        if self.carrier == Carrier::Json && matches!(self.values.get(field), Some(Value::String(s)) if is_blank(s)) {
            self.read.push(field.to_owned());
            return self.fail(field, "ska vara ett datum (ÅÅÅÅ-MM-DD) eller null");
        }
        match self.raw_text(field)? {
            None => Ok(None),
            Some(text) => match parse_date(&text) {
                Ok(d) if d < EARLIEST_DATE => self.fail(field, format!("kan inte vara före {EARLIEST_DATE}")),
                Ok(d) => Ok(Some(d)),
                Err(e) => self.fail(field, e.to_string()),
            },
        }
    }

    /// The id of a related record, which may be left out.
    pub fn optional_id(&mut self, field: &str) -> Read<Option<i32>> {
        self.read.push(field.to_owned());
        let invalid = "ska vara ett id (ett positivt heltal)";
        match (self.values.get(field).cloned(), self.carrier) {
            (None | Some(Value::Null), _) => Ok(None),
            (Some(Value::Number(n)), Carrier::Json) => match n.as_i64().and_then(|n| i32::try_from(n).ok()) {
                Some(id) if id > 0 => Ok(Some(id)),
                _ => self.fail(field, invalid),
            },
            (Some(Value::String(s)), Carrier::Form) if s.trim().is_empty() => Ok(None),
            (Some(Value::String(s)), Carrier::Form) => match s.trim().parse::<i32>() {
                Ok(id) if id > 0 => Ok(Some(id)),
                _ => self.fail(field, invalid),
            },
            _ => self.fail(field, invalid),
        }
    }

    /// The id of a related record that must be given.
    pub fn id(&mut self, field: &str) -> Read<i32> {
        match self.optional_id(field)? {
            Some(id) => Ok(id),
            None => self.fail(field, "måste anges"),
        }
    }

    /// One of a kind's codes (see [`crate::kinds`]), which must be given.
    pub fn kind<K>(&mut self, field: &str, parse: impl Fn(&str) -> Result<K, crate::UnknownKind>) -> Read<K> {
        let Some(code) = self.raw_text(field)? else {
            return self.fail(field, "måste väljas");
        };
        match parse(&code) {
            Ok(k) => Ok(k),
            Err(e) => self.fail(field, e.to_string()),
        }
    }

    /// One of a kind's codes, which may be left out (absent, null or, in a form, empty).
    pub fn optional_kind<K>(
        &mut self,
        field: &str,
        parse: impl Fn(&str) -> Result<K, crate::UnknownKind>,
    ) -> Read<Option<K>> {
        let Some(code) = self.raw_text(field)? else {
            return Ok(None);
        };
        match parse(&code) {
            Ok(k) => Ok(Some(k)),
            Err(e) => self.fail(field, e.to_string()),
        }
    }

    /// The values of a list field: a JSON array, or a form's repeated (or single) field. Absent
    /// is an empty list. Its texts are held to the rules of every text (see [`Input::raw_text`]).
    fn list(&mut self, field: &str) -> Read<Vec<Value>> {
        self.read.push(field.to_owned());
        let items = match (self.values.get(field).cloned(), self.carrier) {
            (None | Some(Value::Null), _) => Vec::new(),
            (Some(Value::Array(items)), _) => items,
            (Some(Value::String(s)), Carrier::Form) if s.trim().is_empty() => Vec::new(),
            (Some(v @ Value::String(_)), Carrier::Form) => vec![v],
            _ => return self.fail(field, "ska vara en lista"),
        };
        match items.iter().filter_map(Value::as_str).find_map(refused) {
            Some(why) => self.fail(field, why),
            None => Ok(items),
        }
    }

    /// A list of a kind's codes, each at most once.
    pub fn kinds<K: PartialEq>(
        &mut self,
        field: &str,
        parse: impl Fn(&str) -> Result<K, crate::UnknownKind>,
    ) -> Read<Vec<K>> {
        let mut out = Vec::new();
        for item in self.list(field)? {
            let Value::String(code) = item else {
                return self.fail(field, "ska vara en lista med koder");
            };
            match parse(code.trim()) {
                Ok(k) if !out.contains(&k) => out.push(k),
                // A form may repeat a checkbox; a JSON list names each code once, as the API
                // description says (uniqueItems).
                Ok(_) if self.carrier == Carrier::Form => {}
                Ok(_) => return self.fail(field, format!("{} står mer än en gång", code.trim())),
                Err(e) => return self.fail(field, e.to_string()),
            }
        }
        Ok(out)
    }

    /// A list of ids of related records, each at most once.
    pub fn ids(&mut self, field: &str) -> Read<Vec<i32>> {
        let mut out = Vec::new();
        for item in self.list(field)? {
            let id = match (&item, self.carrier) {
                (Value::Number(n), Carrier::Json) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
                (Value::String(s), Carrier::Form) => s.trim().parse::<i32>().ok(),
                _ => None,
            };
            match id {
                Some(id) if id > 0 && !out.contains(&id) => out.push(id),
                Some(id) if id > 0 && self.carrier == Carrier::Form => {}
                Some(id) if id > 0 => return self.fail(field, format!("id {id} står mer än en gång")),
                _ => return self.fail(field, "ska vara en lista med id (positiva heltal)"),
            }
        }
        Ok(out)
    }

    /// A period from `from_field` to the optional `to_field`; the end may not come before the start.
    pub fn period(&mut self, from_field: &str, to_field: &str) -> Read<Period> {
        let (from, to) = (self.date(from_field), self.optional_date(to_field));
        let (from, to) = (from?, to?);
        match Period::new(from, to) {
            Ok(p) => Ok(p),
            Err(e) => self.fail(to_field, e.to_string()),
        }
    }

    /// Records a rule broken across fields, on the field a person would correct.
    pub fn reject(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Every error recorded, plus any field that is not one of those read (in JSON, a misspelt
    /// field would otherwise be ignored silently; a form also carries its CSRF token).
    pub fn finish(mut self) -> Result<(), Invalid> {
        if self.carrier == Carrier::Json {
            let unknown: Vec<String> = self.values.keys().filter(|k| !self.read.contains(k)).cloned().collect();
            for field in unknown {
                self.errors.push(FieldError::new(&field, "okänt fält"));
            }
        }
        if self.errors.is_empty() { Ok(()) } else { Err(Invalid(self.errors)) }
    }
}

/// A holder's appointment as a handover sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenure {
    pub appointment_id: i32,
    pub period: Period,
}

/// What a handover does to the existing appointments: which one ends, and on which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handover {
    /// The holder on the handover day, whose appointment ends the day before.
    pub ends: Option<(i32, NaiveDate)>,
    /// The new holder's period: from the handover day, open.
    pub starts: Period,
}

/// A handover (*överlämning*) on `from`: the holder on that day (if any) ends the day before and
/// the new holder starts that day, so the function is never held twice nor left empty in
/// between. Refused when the function has a holder later than `from` (hand over from the latest
/// holder only), when the holder on `from` started that very day (correct that appointment
/// instead), or when the function itself is not valid on `from`.
pub fn plan_handover(function: Period, tenures: &[Tenure], from: NaiveDate) -> Result<Handover, FieldError> {
    if !function.contains(from) {
        return Err(FieldError::new(
            "valid_from",
            format!(
                "funktionen gäller inte {from} (den gäller {}–{})",
                function.from(),
                function.to().map_or_else(String::new, |d| d.to_string())
            ),
        ));
    }
    if let Some(later) = tenures.iter().filter(|t| t.period.from() > from).map(|t| t.period.from()).min() {
        return Err(FieldError::new(
            "valid_from",
            format!("funktionen har redan en innehavare från {later}; ett byte måste ske efter det"),
        ));
    }
    let current = tenures.iter().find(|t| t.period.contains(from));
    let ends = match current {
        Some(t) if t.period.from() == from => {
            return Err(FieldError::new(
                "valid_from",
                format!("nuvarande innehavare började {from}; välj en senare dag för bytet"),
            ));
        }
        Some(t) => Some((t.appointment_id, from.pred_opt().unwrap_or(from))),
        None => None,
    };
    let starts = Period::new(from, function.to()).map_err(|e| FieldError::new("valid_from", e.to_string()))?;
    Ok(Handover { ends, starts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FunctionKind;
    use crate::personal_number::PERSONAL_NUMBER_REFUSED;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_form_is_answered_with_every_wrong_field_at_once() {
        let mut input = Input::from_form([
            ("name".to_owned(), "  ".to_owned()),
            ("kind".to_owned(), "boss".to_owned()),
            ("valid_from".to_owned(), "2023-13-01".to_owned()),
            ("party_id".to_owned(), "x".to_owned()),
            ("csrf".to_owned(), "token".to_owned()),
        ]);
        let _ = input.text("name", NAME_MAX);
        let _ = input.kind("kind", FunctionKind::parse);
        let _ = input.date("valid_from");
        let _ = input.optional_id("party_id");
        let err = input.finish().unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "kind", "valid_from", "party_id"]);
        assert_eq!(err.message("name"), Some("måste fyllas i"));
        assert!(err.message("kind").unwrap().contains("coordinating_health_centre"));
    }

    #[test]
    fn json_must_use_the_right_types_and_known_fields() {
        let body = serde_json::json!({"name": 5, "party_id": "3", "area_id": 7, "colour": "blå"});
        let mut input = Input::from_json(body).unwrap();
        let _ = input.text("name", NAME_MAX);
        let _ = input.optional_id("party_id");
        assert_eq!(input.optional_id("area_id").unwrap(), Some(7));
        let err = input.finish().unwrap_err();
        assert_eq!(err.message("name"), Some("ska vara text"));
        assert!(err.message("party_id").is_some(), "a JSON id is a number");
        assert_eq!(err.message("colour"), Some("okänt fält"));
        let mut blank = Input::from_json(serde_json::json!({"valid_to": ""})).unwrap();
        assert!(blank.optional_date("valid_to").is_err(), "in JSON an empty string is no date");
        assert!(Input::from_json(serde_json::json!([1])).is_err());
    }

    #[test]
    fn an_optional_kind_may_be_left_out_but_not_misspelt() {
        let body = serde_json::json!({"kind": null, "other": "boss"});
        let mut input = Input::from_json(body).unwrap();
        assert_eq!(input.optional_kind("kind", FunctionKind::parse).unwrap(), None);
        assert_eq!(input.optional_kind("absent", FunctionKind::parse).unwrap(), None);
        assert!(input.optional_kind("other", FunctionKind::parse).is_err());
        let err = input.finish().unwrap_err();
        assert!(err.message("other").unwrap().contains("coordinating_health_centre"), "names the codes");
        let mut form = Input::from_form([("kind".to_owned(), "coordinating_health_centre".to_owned())]);
        assert_eq!(
            form.optional_kind("kind", FunctionKind::parse).unwrap(),
            Some(FunctionKind::CoordinatingHealthCentre)
        );
    }

    #[test]
    fn a_phone_number_is_digits_and_separators_from_a_leading_zero_or_plus() {
        let mut input = Input::from_form(
            [
                ("mobile", "0701234569"),
                ("landline", "08-718 80 00"),
                ("international", "+46 8 718 80 00"),
                ("pnr", "811218-9876"),
                ("letters", "08-ring mig"),
                ("blank", "\u{200b} "),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        // A mobile number shaped like a valid personnummer (2007-01-23, its check digit right) is a
        // phone number all the same.
        assert!(crate::contains_personal_number("0701234569"));
        assert_eq!(input.optional_phone("mobile").unwrap().as_deref(), Some("0701234569"));
        assert_eq!(input.optional_phone("landline").unwrap().as_deref(), Some("08-718 80 00"));
        assert_eq!(input.optional_phone("international").unwrap().as_deref(), Some("+46 8 718 80 00"));
        assert!(input.optional_phone("pnr").is_err());
        assert!(input.optional_phone("letters").is_err());
        assert_eq!(input.optional_phone("blank").unwrap(), None);
        let invalid = input.finish().unwrap_err();
        assert!(invalid.message("pnr").unwrap().contains("börja med 0"));
        assert!(invalid.message("letters").unwrap().contains("siffror"));
    }

    #[test]
    fn lists_come_as_json_arrays_or_repeated_form_fields() {
        use crate::agreement::TargetGroup;
        let mut form = Input::from_form([
            ("groups".to_owned(), "elderly".to_owned()),
            ("groups".to_owned(), "adults".to_owned()),
            ("groups".to_owned(), "elderly".to_owned()),
            ("one".to_owned(), "all".to_owned()),
            ("parties".to_owned(), "3".to_owned()),
        ]);
        assert_eq!(form.kinds("groups", TargetGroup::parse).unwrap(), [TargetGroup::Elderly, TargetGroup::Adults]);
        assert_eq!(form.kinds("one", TargetGroup::parse).unwrap(), [TargetGroup::All]);
        assert_eq!(form.ids("parties").unwrap(), [3]);
        assert_eq!(form.ids("absent").unwrap(), Vec::<i32>::new());
        assert!(form.finish().is_ok());
        let mut json =
            Input::from_json(serde_json::json!({"groups": ["children"], "parties": [1, "2"], "x": "y"})).unwrap();
        assert!(json.kinds("groups", TargetGroup::parse).is_err());
        assert!(json.ids("parties").is_err());
        assert!(json.kinds("x", TargetGroup::parse).is_err(), "a list must be a list");
        let mut twice =
            Input::from_json(serde_json::json!({"groups": ["elderly", "elderly"], "parties": [2, 2]})).unwrap();
        assert!(twice.kinds("groups", TargetGroup::parse).is_err(), "in JSON each code once");
        assert!(twice.ids("parties").is_err(), "in JSON each id once");
        assert_eq!(twice.finish().unwrap_err().message("groups"), Some("elderly står mer än en gång"));
        let err = json.finish().unwrap_err();
        assert!(err.message("groups").unwrap().contains("okänd typ"));
        assert!(err.message("parties").is_some());
    }

    #[test]
    fn texts_are_trimmed_limited_and_optional_ones_may_be_blank() {
        let long = "x".repeat(NAME_MAX + 1);
        let mut input = Input::from_form([
            ("a".to_owned(), " Anna ".to_owned()),
            ("b".to_owned(), String::new()),
            ("c".to_owned(), long),
            ("d".to_owned(), "bell\u{7}".to_owned()),
        ]);
        assert_eq!(input.text("a", NAME_MAX).unwrap(), "Anna");
        assert_eq!(input.optional_text("b", NAME_MAX).unwrap(), None);
        assert!(input.optional_text("c", NAME_MAX).is_err());
        assert!(input.optional_text("d", NAME_MAX).is_err());
        let err = input.finish().unwrap_err();
        assert_eq!(err.message("c"), Some("får vara högst 200 tecken"));
    }

    #[test]
    fn no_text_may_hold_a_personal_identity_number() {
        for number in ["19811218-9876", "811218-9876", "8112189876", "811278-9873"] {
            let text = format!("Anteckning om {number} i texten");
            let mut form = Input::from_form([("name".to_owned(), text.clone()), ("note".to_owned(), text.clone())]);
            assert!(form.text("name", NAME_MAX).is_err(), "{number}");
            assert!(form.optional_text("note", TEXT_MAX).is_err(), "{number}");
            let err = form.finish().unwrap_err();
            assert_eq!(err.message("name"), Some(PERSONAL_NUMBER_REFUSED));
            assert_eq!(err.message("note"), Some(PERSONAL_NUMBER_REFUSED));
            assert_eq!(err.0.len(), 2, "one message per field, not also 'måste fyllas i': {err}");
            let mut json = Input::from_json(serde_json::json!({ "title": text })).unwrap();
            assert!(json.optional_text("title", NAME_MAX).is_err());
            assert!(json.finish().unwrap_err().message("title").unwrap().contains("personnummer"));
        }
        // A wrong check digit is some other number.
        let mut form = Input::from_form([("name".to_owned(), "Ärende 811218-9875".to_owned())]);
        assert_eq!(form.text("name", NAME_MAX).unwrap(), "Ärende 811218-9875");
        assert!(form.finish().is_ok());
    }

    #[test]
    fn a_list_of_texts_is_held_to_the_same_rules() {
        use crate::agreement::TargetGroup;
        let mut form = Input::from_form([
            ("groups".to_owned(), "elderly".to_owned()),
            ("groups".to_owned(), "811218-9876".to_owned()),
        ]);
        assert!(form.kinds("groups", TargetGroup::parse).is_err());
        assert_eq!(form.finish().unwrap_err().message("groups"), Some(PERSONAL_NUMBER_REFUSED));
        let mut json = Input::from_json(serde_json::json!({"parties": [1], "groups": ["all\u{202E}"]})).unwrap();
        assert!(json.kinds("groups", TargetGroup::parse).is_err());
        assert_eq!(json.ids("parties").unwrap(), [1]);
        assert_eq!(json.finish().unwrap_err().message("groups"), Some(DIRECTION_CONTROL_REFUSED));
    }

    #[test]
    fn a_name_of_invisible_characters_is_not_filled_in() {
        let invisible = "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{00AD}\u{200E}";
        let mut form = Input::from_form([
            ("name".to_owned(), invisible.to_owned()),
            ("note".to_owned(), format!(" {invisible} ")),
            ("override".to_owned(), "\u{202E}\u{2066}".to_owned()),
        ]);
        assert!(form.text("name", NAME_MAX).is_err());
        assert_eq!(form.optional_text("note", TEXT_MAX).unwrap(), None, "an optional text left blank");
        assert!(form.text("override", NAME_MAX).is_err());
        let err = form.finish().unwrap_err();
        assert_eq!(err.message("name"), Some("måste fyllas i"));
        assert_eq!(err.message("override"), Some("måste fyllas i"));
        let mut json = Input::from_json(serde_json::json!({"name": "\u{200B}", "valid_to": "\u{FEFF}"})).unwrap();
        assert!(json.text("name", NAME_MAX).is_err());
        assert!(json.optional_date("valid_to").is_err(), "in JSON an invisible string is no date either");
        // A visible name keeps its joiners.
        let mut ok = Input::from_form([("name".to_owned(), "Hälso\u{00AD}centralen".to_owned())]);
        assert_eq!(ok.text("name", NAME_MAX).unwrap(), "Hälso\u{00AD}centralen");
    }

    #[test]
    fn no_text_may_turn_its_writing_direction_around() {
        for control in
            ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
        {
            let mut form = Input::from_form([("name".to_owned(), format!("Beslut{control}fdp.exe"))]);
            assert!(form.text("name", NAME_MAX).is_err(), "{control:?}");
            assert_eq!(form.finish().unwrap_err().message("name"), Some(DIRECTION_CONTROL_REFUSED));
        }
        // The direction marks only hint, and stay.
        let mut form = Input::from_form([("name".to_owned(), "Namn \u{200F}عربي\u{200E} 2".to_owned())]);
        assert!(form.text("name", NAME_MAX).is_ok());
    }

    #[test]
    fn a_date_before_1900_is_refused() {
        let mut form = Input::from_form([
            ("valid_from".to_owned(), "0000-01-01".to_owned()),
            ("valid_to".to_owned(), "1899-12-31".to_owned()),
            ("decided_on".to_owned(), "1900-01-01".to_owned()),
        ]);
        assert!(form.date("valid_from").is_err());
        assert!(form.optional_date("valid_to").is_err());
        assert_eq!(form.date("decided_on").unwrap(), d("1900-01-01"));
        let err = form.finish().unwrap_err();
        assert_eq!(err.message("valid_from"), Some("kan inte vara före 1900-01-01"));
        assert_eq!(err.message("valid_to"), Some("kan inte vara före 1900-01-01"));
        let mut json = Input::from_json(serde_json::json!({"valid_from": "0000-01-01"})).unwrap();
        assert!(json.period("valid_from", "valid_to").is_err());
        assert_eq!(json.finish().unwrap_err().message("valid_from"), Some("kan inte vara före 1900-01-01"));
    }

    #[test]
    fn a_period_cannot_end_before_it_starts() {
        let mut input = Input::from_form([
            ("valid_from".to_owned(), "2024-01-01".to_owned()),
            ("valid_to".to_owned(), "2023-12-31".to_owned()),
        ]);
        assert!(input.period("valid_from", "valid_to").is_err());
        assert!(input.finish().unwrap_err().message("valid_to").unwrap().contains("före den börjar"));
    }

    fn tenure(id: i32, from: &str, to: Option<&str>) -> Tenure {
        Tenure { appointment_id: id, period: Period::new(d(from), to.map(d)).unwrap() }
    }

    #[test]
    fn a_handover_ends_the_holder_the_day_before_the_next_starts() {
        let function = Period::open(d("2020-01-01"));
        let tenures = [tenure(1, "2020-01-01", Some("2022-12-31")), tenure(2, "2023-01-01", None)];
        let plan = plan_handover(function, &tenures, d("2024-07-01")).unwrap();
        assert_eq!(plan.ends, Some((2, d("2024-06-30"))));
        assert_eq!(plan.starts, Period::open(d("2024-07-01")));
        // The result keeps one holder at a time.
        let after = [tenures[0].period, Period::new(d("2023-01-01"), Some(d("2024-06-30"))).unwrap(), plan.starts];
        assert!(crate::ensure_single_holder(&after).is_ok());
    }

    #[test]
    fn a_vacant_function_simply_gets_its_holder() {
        let function = Period::open(d("2020-01-01"));
        let tenures = [tenure(1, "2020-01-01", Some("2022-12-31"))];
        let plan = plan_handover(function, &tenures, d("2023-03-01")).unwrap();
        assert_eq!(plan.ends, None);
        assert_eq!(plan.starts.from(), d("2023-03-01"));
    }

    #[test]
    fn a_handover_cannot_reach_behind_a_later_holder_or_outside_the_function() {
        let function = Period::new(d("2020-01-01"), Some(d("2025-12-31"))).unwrap();
        let tenures = [tenure(1, "2020-01-01", Some("2022-12-31")), tenure(2, "2023-01-01", None)];
        let err = plan_handover(function, &tenures, d("2022-06-01")).unwrap_err();
        assert!(err.message.contains("2023-01-01"), "{}", err.message);
        let err = plan_handover(function, &tenures, d("2023-01-01")).unwrap_err();
        assert!(err.message.contains("senare dag"));
        let err = plan_handover(function, &tenures, d("2026-01-01")).unwrap_err();
        assert_eq!(err.field, "valid_from");
        // Within a closed function, the new holder ends with it.
        let plan = plan_handover(function, &tenures, d("2024-01-01")).unwrap();
        assert_eq!(plan.starts.to(), Some(d("2025-12-31")));
    }
}
