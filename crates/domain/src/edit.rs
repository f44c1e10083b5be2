//! Reading what people type (a form) or send (a JSON body) into checked values, with a Swedish
//! message for each field that is wrong. The rules a write checks across fields and records are
//! beside their subjects ([`crate::structure`], [`crate::agreement::checks`]); the handover rule
//! is re-exported here, where it was first read.
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

use crate::date::parse_date;
use crate::period::Period;
use crate::personal_number::{PERSONAL_NUMBER_REFUSED, contains_personal_number};
use crate::text::{is_blank, is_direction_control};

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
/// The longest the time in words may be ("våren 2022"; see [`Input::day_or_words`]).
pub const WORDS_MAX: usize = 100;
/// What a field that must be given and was not is told.
pub const REQUIRED: &str = "måste fyllas i";

/// The kinds of record a field names by id, as its messages name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referenced {
    Party,
    Area,
    SubRegion,
    Organisation,
    Person,
    Function,
    Body,
    Agreement,
}

impl Referenced {
    /// The kind's Swedish noun.
    pub fn noun(self) -> &'static str {
        match self {
            Referenced::Party => "part",
            Referenced::Area => "närområde",
            Referenced::SubRegion => "delregion",
            Referenced::Organisation => "organisation",
            Referenced::Person => "person",
            Referenced::Function => "funktion",
            Referenced::Body => "organ",
            Referenced::Agreement => "överenskommelse",
        }
    }
}

/// What a field naming a record by an id that is not there is told: `det finns ingen part med
/// id 7`.
pub fn no_such(what: Referenced, id: i32) -> String {
    format!("det finns ingen {} med id {id}", what.noun())
}

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
        let Some(text) = self.trimmed(field)? else { return Ok(None) };
        match refused(&text) {
            Some(why) => self.fail(field, why),
            None => Ok(Some(text)),
        }
    }

    /// The field as trimmed text, unguarded; `None` when absent, null or blank.
    fn trimmed(&mut self, field: &str) -> Read<Option<String>> {
        self.read.push(field.to_owned());
        match self.values.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if is_blank(s) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(_) => self.fail(field, "ska vara text"),
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
            None => self.fail(field, REQUIRED),
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
        let Some(text) = self.trimmed(field)? else { return Ok(None) };
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

    /// A whole number from `min` to `max`, which may be left out.
    pub fn optional_int(&mut self, field: &str, min: i32, max: i32) -> Read<Option<i32>> {
        self.read.push(field.to_owned());
        let invalid = format!("ska vara ett heltal från {min} till {max}");
        let n = match (self.values.get(field).cloned(), self.carrier) {
            (None | Some(Value::Null), _) => return Ok(None),
            (Some(Value::Number(n)), Carrier::Json) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
            (Some(Value::String(s)), Carrier::Form) if s.trim().is_empty() => return Ok(None),
            (Some(Value::String(s)), Carrier::Form) => s.trim().parse::<i32>().ok(),
            _ => None,
        };
        match n {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => self.fail(field, invalid),
        }
    }

    /// What `read` answers for `field`, without reading it: nothing is recorded, and a value
    /// that would be reported as wrong is `None`. For the checks a write runs whatever the state
    /// of its other fields (that a named record exists, whose a record will be), so that every
    /// wrong field is told at once while each field's own errors are recorded once, when the
    /// command is read: `input.peek("sent_on", Input::optional_date)`.
    pub fn peek<T>(&self, field: &str, read: impl FnOnce(&mut Input, &str) -> Read<T>) -> Option<T> {
        let mut alone = Input {
            values: self.values.get(field).map(|v| (field.to_owned(), v.clone())).into_iter().collect(),
            carrier: self.carrier,
            errors: Vec::new(),
            read: Vec::new(),
        };
        read(&mut alone, field).ok()
    }

    /// The id in `field`, if it holds one, without reading it (see [`Input::peek`]): for
    /// deciding whose a record will be before its fields are read.
    pub fn peek_id(&self, field: &str) -> Option<i32> {
        self.peek(field, Input::optional_id).flatten()
    }

    /// The code in `field`, if it is one of a kind's, without reading it (see [`Input::peek`]).
    pub fn peek_code<K>(&self, field: &str, parse: impl Fn(&str) -> Result<K, crate::kinds::UnknownKind>) -> Option<K> {
        self.peek(field, |input, field| input.optional_kind(field, parse)).flatten()
    }

    /// Yes or no, which may be left out: JSON `true` or `false`; a form's checkbox sends `ja`
    /// (or `true`, `on`) when it is ticked and nothing when it is not.
    pub fn optional_bool(&mut self, field: &str) -> Read<Option<bool>> {
        self.read.push(field.to_owned());
        match (self.values.get(field).cloned(), self.carrier) {
            (None | Some(Value::Null), _) => Ok(None),
            (Some(Value::Bool(b)), Carrier::Json) => Ok(Some(b)),
            (Some(Value::String(s)), Carrier::Form) => match s.trim() {
                "" | "nej" | "false" => Ok(Some(false)),
                "ja" | "true" | "on" => Ok(Some(true)),
                _ => self.fail(field, "ska vara ja eller nej"),
            },
            _ => self.fail(field, "ska vara true eller false"),
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
    pub fn kind<K>(&mut self, field: &str, parse: impl Fn(&str) -> Result<K, crate::kinds::UnknownKind>) -> Read<K> {
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
        parse: impl Fn(&str) -> Result<K, crate::kinds::UnknownKind>,
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
        // A list left out is empty; JSON's null is no list (the API's description says a list is
        // never null, and a client that sends one is told so, not read as if it had sent none).
        let items = match (self.values.get(field).cloned(), self.carrier) {
            (None, _) => Vec::new(),
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
        parse: impl Fn(&str) -> Result<K, crate::kinds::UnknownKind>,
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

    /// A period from the optional `from_field` (left out when the start is not known) to the
    /// optional `to_field`; the end may not come before the start.
    pub fn period(&mut self, from_field: &str, to_field: &str) -> Read<Period> {
        let (from, to) = (self.optional_date(from_field), self.optional_date(to_field));
        let (from, to) = (from?, to?);
        match Period::starting(from, to) {
            Ok(p) => Ok(p),
            Err(e) => self.fail(to_field, e.to_string()),
        }
    }

    /// A day (`day_field`) or, when the sources give none, the time in words (`words_field`,
    /// "våren 2022", at most [`WORDS_MAX`] characters); one of the two must be given.
    pub fn day_or_words(
        &mut self,
        day_field: &str,
        words_field: &str,
    ) -> (Read<Option<NaiveDate>>, Read<Option<String>>) {
        let day = self.optional_date(day_field);
        let words = self.optional_text(words_field, WORDS_MAX);
        if matches!((&day, &words), (Ok(None), Ok(None))) {
            self.reject(day_field, format!("ange en dag (ÅÅÅÅ-MM-DD), eller tiden i ord i {words_field}"));
        }
        (day, words)
    }

    /// Records a rule broken across fields, on the field a person would correct.
    pub fn reject(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Records what a rule answered (see [`crate::structure`], [`crate::agreement::checks`]), if
    /// it refused.
    pub fn check(&mut self, answer: Result<(), FieldError>) {
        if let Err(e) = answer {
            self.errors.push(e);
        }
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

#[cfg(test)]
mod tests;
