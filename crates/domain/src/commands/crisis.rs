//! Crisis support's commands (issue 15): one function on an area's crisis contact list, the
//! whole list as the API or the form sends it, an activation, an entry in an incident's log and
//! its closing with an after-action summary.

use crate::command::Command;
use crate::edit::{FieldError, Input, Invalid};
use crate::local::meeting::LocalTime;
use crate::values::{Email, Name, Phone, Text};

crate::command! {
    /// One function on an area's crisis contact list (*krislista*): reachable around the clock,
    /// with its current holder and a deputy.
    pub struct CrisisContact {
        /// The function (*Krisledare*, *Tjänsteman i beredskap*), not a person.
        function: Name = "Funktion",
        /// Who holds it now.
        holder: Option<Name> = "Innehavare",
        phone: Option<Phone> = "Telefon",
        email: Option<Email> = "E-post",
        /// Who stands in when the holder cannot be reached.
        deputy: Option<Name> = "Ersättare",
        deputy_phone: Option<Phone> = "Ersättarens telefon",
        deputy_email: Option<Email> = "Ersättarens e-post",
    }
}

crate::command! {
    /// What the list says besides its functions: where the local crisis organisation meets.
    pub struct CrisisListDetails {
        /// Where the local crisis organisation gathers (*samlingsplats*).
        meeting_place: Option<Text> = "Samlingsplats för den lokala krisorganisationen",
    }
}

crate::command! {
    /// An activation of crisis support (*Aktivera krisstöd*): what happened, where and when.
    pub struct ActivateCrisis {
        what: Text = "Vad har hänt",
        place: Name = "Var",
        /// When it happened, in Stockholm: `2026-12-01T14:30`.
        occurred_at: LocalTime = "När",
    }
}

crate::command! {
    /// An entry in an incident's log (*händelselogg*), time-stamped when written.
    pub struct IncidentLogEntry {
        text: Text = "Anteckning",
    }
}

crate::command! {
    /// Closing an incident, with its after-action summary (*efterrapport*).
    pub struct CloseIncident {
        summary: Text = "Sammanfattning i efterhand",
    }
}

/// How many empty rows the list's form offers for new functions.
pub const NEW_ROWS: usize = 3;

/// An area's crisis contact list as submitted: the list's own fields and one row per function,
/// read once the write is permitted ([`CrisisContactList::read`]).
#[derive(Debug)]
pub struct CrisisContactList {
    list: Option<Input>,
    rows: Vec<Input>,
    /// `contacts[2].phone` for JSON, `phone-2` for a form.
    json: bool,
    errors: Vec<FieldError>,
}

/// The list's fields of a contact row, in the form's order.
pub const CONTACT_FIELDS: [&str; 7] =
    ["function", "holder", "phone", "email", "deputy", "deputy_phone", "deputy_email"];

impl CrisisContactList {
    /// `{"meeting_place": "…", "contacts": [{"function": "Krisledare", …}, …]}`.
    pub fn from_json(body: serde_json::Value) -> CrisisContactList {
        let mut out = CrisisContactList { list: None, rows: Vec::new(), json: true, errors: Vec::new() };
        let serde_json::Value::Object(mut map) = body else {
            out.errors.push(FieldError::new("", "ska vara ett JSON-objekt"));
            return out;
        };
        match map.remove("contacts") {
            None => out.errors.push(FieldError::new("contacts", "måste anges (en lista med funktioner)")),
            Some(serde_json::Value::Array(items)) => {
                for (i, item) in items.into_iter().enumerate() {
                    match Input::from_json(item) {
                        Ok(input) => out.rows.push(input),
                        Err(_) => {
                            out.errors.push(FieldError::new(&format!("contacts[{i}]"), "ska vara ett JSON-objekt"))
                        }
                    }
                }
            }
            Some(_) => out.errors.push(FieldError::new("contacts", "ska vara en lista")),
        }
        match Input::from_json(serde_json::Value::Object(map)) {
            Ok(input) => out.list = Some(input),
            Err(invalid) => out.errors.extend(invalid.0),
        }
        out
    }

    /// A form's fields: `meeting_place`, and `function-{n}`, `holder-{n}`, … for rows `0..rows`;
    /// a row left wholly empty is no function.
    pub fn from_form(fields: &[(String, String)], rows: usize) -> CrisisContactList {
        let value = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        let list = Input::from_form([("meeting_place".to_owned(), value("meeting_place"))]);
        let rows = (0..rows)
            .map(|n| CONTACT_FIELDS.map(|f| (f.to_owned(), value(&format!("{f}-{n}")))))
            .filter(|row| row.iter().any(|(_, v)| !v.trim().is_empty()))
            .map(Input::from_form)
            .collect();
        CrisisContactList { list: Some(list), rows, json: false, errors: Vec::new() }
    }

    /// The list's details and every row's command, or every wrong field at once.
    pub fn read(self) -> Result<(CrisisListDetails, Vec<CrisisContact>), Invalid> {
        let mut errors = self.errors;
        let details = match self.list {
            Some(mut input) => {
                let d = CrisisListDetails::read(&mut input);
                match input.finish() {
                    Ok(()) => d.ok(),
                    Err(invalid) => {
                        errors.extend(invalid.0);
                        None
                    }
                }
            }
            None => None,
        };
        let mut rows = Vec::new();
        for (i, mut input) in self.rows.into_iter().enumerate() {
            let row = CrisisContact::read(&mut input);
            let json = self.json;
            let rename = |field: &str| if json { format!("contacts[{i}].{field}") } else { format!("{field}-{i}") };
            match input.finish() {
                Err(invalid) => {
                    errors.extend(invalid.0.into_iter().map(|e| FieldError::new(&rename(&e.field), e.message)))
                }
                Ok(()) => {
                    if let Ok(row) = row {
                        rows.push(row);
                    }
                }
            }
        }
        match details {
            Some(d) if errors.is_empty() => Ok((d, rows)),
            _ => Err(Invalid(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_list_reads_its_rows_and_names_a_wrong_field_by_its_row() {
        let list = CrisisContactList::from_json(json!({
            "meeting_place": "Stadshuset, plan 3",
            "contacts": [{"function": "Krisledare", "holder": "Anna Berg", "phone": "08-718 80 00", "email": "anna@nacka.se"},
                         {"function": "Stabschef", "email": "inte en adress"}]
        }));
        let invalid = list.read().unwrap_err();
        assert_eq!(invalid.0.len(), 1);
        assert_eq!(invalid.0[0].field, "contacts[1].email");
        let ok = CrisisContactList::from_json(json!({"contacts": [{"function": "Krisledare"}]})).read().unwrap();
        assert_eq!(ok.1.len(), 1);
        assert!(ok.0.meeting_place.is_none());
    }

    #[test]
    fn a_form_skips_empty_rows() {
        let fields: Vec<(String, String)> =
            vec![("function-0".into(), "Krisledare".into()), ("phone-1".into(), "abc".into())];
        let invalid = CrisisContactList::from_form(&fields, 3).read().unwrap_err();
        let named: Vec<_> = invalid.0.iter().map(|e| e.field.clone()).collect();
        assert!(named.contains(&"function-1".to_owned()), "{named:?}");
        let ok = CrisisContactList::from_form(&fields[..1], 3).read().unwrap();
        assert_eq!(ok.1.len(), 1);
    }
}
