//! An area's actor list as CSV (*aktörslista*): read a coordinator's spreadsheet, and write one
//! that reads back to the same rows.
//!
//! The file is UTF-8, with or without a byte-order mark, separated by `;` (as Excel in Sweden
//! saves "CSV UTF-8") or by `,`; which one is told by the header line. Quoted fields may hold the
//! separator and line breaks. The first row holds the column headers, matched without regard to
//! case or surrounding spaces, in any order:
//!
//! | Header               | Required | Holds                                                        |
//! |----------------------|----------|--------------------------------------------------------------|
//! | `Namn`               | yes      | the actor's name                                             |
//! | `Kategori`           | yes      | a [`ServiceCategory`]: its label (`Vårdcentral`) or code     |
//! | `Sektor`             | yes      | a [`Sector`]: its label (`Kommun`) or code (`municipality`)  |
//! | `Status`             | no       | a [`ServiceStatus`], label or code; blank is `Aktiv`         |
//! | `Adress`             | no       | the visiting address                                         |
//! | `Telefon`            | no       | digits, spaces, `+ - ( )`, beginning with `0` or `+`         |
//! | `Webb`               | no       | the web address                                              |
//! | `E-post`             | no       | a functional e-mail address                                  |
//! | `HSA-id`             | no       | see [`is_hsa_id`]                                            |
//! | `Kontaktfunktion`    | no       | the contact *role* (`Enhetschef`), never a person's name     |
//! | `Senast kontrollerad`| no       | the day the row was last checked, `2022-07-01`               |
//!
//! Reading is all or nothing, so it is its own dry run: a file with any bad row gives no rows but
//! every error in it, each naming the spreadsheet row (the header is row 1), the column as its
//! header is written and what is wrong, in Swedish. Every text is held to the rules of all text
//! ([`crate::Input`]): one with a personal identity number is refused. Wrong headers are
//! reported alone (row 1): until the columns are right the rows cannot be read. A row with
//! nothing in it (a spreadsheet's trailing empty rows) is passed over.
//!
//! An actor is known by [`ActorRow::key`], so importing the same list again changes nothing.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::actors::{Sector, ServiceCategory, ServiceStatus};
use crate::access::normalise_email;
use crate::edit::{Input, NAME_MAX, REQUIRED};
use crate::kinds::Kind;
use crate::text::is_blank;

pub const NAME: &str = "Namn";
pub const CATEGORY: &str = "Kategori";
pub const SECTOR: &str = "Sektor";
pub const STATUS: &str = "Status";
pub const ADDRESS: &str = "Adress";
pub const PHONE: &str = "Telefon";
pub const WEB: &str = "Webb";
pub const EMAIL: &str = "E-post";
pub const HSA_ID: &str = "HSA-id";
pub const CONTACT_ROLE: &str = "Kontaktfunktion";
pub const CHECKED: &str = "Senast kontrollerad";

/// Every column, in the order [`write_csv`] writes them.
pub const COLUMNS: [&str; 11] =
    [NAME, CATEGORY, SECTOR, STATUS, ADDRESS, PHONE, WEB, EMAIL, HSA_ID, CONTACT_ROLE, CHECKED];
/// The columns a file must have.
pub const REQUIRED_COLUMNS: [&str; 3] = [NAME, CATEGORY, SECTOR];

/// The longest a web address may be.
pub const WEB_MAX: usize = 500;
/// What a web address with white space in it is told.
pub const WEB_SPACE_REFUSED: &str = "får inte innehålla mellanslag";

/// One actor as a row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRow {
    pub name: String,
    pub category: ServiceCategory,
    pub sector: Sector,
    pub status: ServiceStatus,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    /// Lower-cased, as [`normalise_email`] keeps it.
    pub email: Option<String>,
    pub hsa_id: Option<String>,
    /// *Kontaktfunktion*: the role to ask for, not a person.
    pub contact_role: Option<String>,
    /// *Senast kontrollerad*.
    pub checked_on: Option<NaiveDate>,
}

/// What makes two rows the same actor (see [`ActorRow::key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKey {
    /// The HSA-id, as written (it is case-sensitive in the catalogue).
    HsaId(String),
    /// The name and address, lower-cased with runs of white space made one space; a missing
    /// address is the empty string.
    NameAddress { name: String, address: String },
}

impl ActorRow {
    /// The actor's identity, for importing the same list twice without change: its HSA-id when it
    /// has one (the national catalogue's id does not change with a new name or address), else its
    /// name and address, compared without regard to case or spacing.
    pub fn key(&self) -> ActorKey {
        match &self.hsa_id {
            Some(id) => ActorKey::HsaId(id.clone()),
            None => ActorKey::NameAddress {
                name: normalised(&self.name),
                address: self.address.as_deref().map(normalised).unwrap_or_default(),
            },
        }
    }

    pub(crate) fn name_address(&self) -> (String, String) {
        (normalised(&self.name), self.address.as_deref().map(normalised).unwrap_or_default())
    }
}

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One thing wrong in a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rad {row}, kolumn {column}: {message}")]
pub struct RowError {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: usize,
    /// The column's header as the file writes it; empty when the whole row or file is meant.
    pub column: String,
    /// What is wrong, in Swedish.
    pub message: String,
}

impl RowError {
    fn new(row: usize, column: &str, message: impl Into<String>) -> Self {
        RowError { row, column: column.to_owned(), message: message.into() }
    }
}

/// Whether `id` has the shape of an HSA-id: `SE`, the owning organisation's 10-digit
/// organisation number, `-`, and 1–31 letters A–Z, a–z or digits (`SE2321000016-15CQ`), the
/// pattern `^SE\d{10}-[A-Za-z0-9]{1,31}$`: the shape Inera's HSA catalogue documents for an
/// HSA-id (country code, the organisation number of the organisation that issued it, a hyphen,
/// then the issuer's own serial). Only the shape: whether the id is in the catalogue is not known
/// here.
pub fn is_hsa_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("SE") else { return false };
    let Some((org, serial)) = rest.split_once('-') else { return false };
    org.len() == 10
        && org.bytes().all(|b| b.is_ascii_digit())
        && (1..=31).contains(&serial.len())
        && serial.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// What a text that is not shaped as [`is_hsa_id`] says is told.
pub fn not_an_hsa_id(id: &str) -> String {
    format!(
        "{id:?} är inget HSA-id: skriv SE, organisationsnumret (10 siffror), bindestreck och 1–31 bokstäver \
         A–Z eller siffror, till exempel SE2321000016-15CQ"
    )
}

/// A kind from its Swedish label or its code, without regard to case; a label's abbreviation in
/// brackets may be left out or written alone (`Barn- och ungdomspsykiatri`, `BUP`).
fn kind_of<K: Kind>(value: &str) -> Option<K> {
    let wanted = value.trim().to_lowercase();
    K::ALL.iter().copied().find(|k| {
        let label = k.label().to_lowercase();
        let (bare, short) = match label.split_once(" (") {
            Some((bare, short)) => (bare.to_owned(), short.trim_end_matches(')').to_owned()),
            None => (label.clone(), label.clone()),
        };
        k.code() == wanted || label == wanted || bare == wanted || short == wanted
    })
}

fn labels<K: Kind>() -> String {
    K::ALL.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ")
}

/// Reads a kind's column; `None` when it is blank or wrong (a wrong one, or a required one left
/// blank, is reported).
fn read_kind<K: Kind>(input: &mut Input, column: &str, noun: &str, required: bool) -> Option<K> {
    match input.optional_text(column, NAME_MAX) {
        Ok(Some(text)) => {
            let kind = kind_of(&text);
            if kind.is_none() {
                input.reject(column, format!("okänd {noun} {text:?}; skriv en av: {}", labels::<K>()));
            }
            kind
        }
        Ok(None) => {
            if required {
                input.reject(column, REQUIRED);
            }
            None
        }
        Err(_) => None,
    }
}

/// Characters that make a spreadsheet read a cell as a formula. [`write_csv`] puts `'` before a
/// text that begins with one, so an opened export runs nothing, and reading takes it off again.
const FORMULA_START: [char; 4] = ['=', '+', '-', '@'];

/// Whether a spreadsheet would read `text` as a formula once its leading `'`s are taken off:
/// such a text gets one more `'` on writing and loses one on reading, so every text reads back.
fn formula_like(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_START)
}

fn unguarded(text: Option<String>) -> Option<String> {
    text.map(|t| match t.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest.to_owned(),
        _ => t,
    })
}

fn guarded(text: &str) -> String {
    if formula_like(text) { format!("'{text}") } else { text.to_owned() }
}

/// Reads one row's fields (keyed by column); every wrong field is reported.
fn read_row(fields: Vec<(String, String)>) -> Result<ActorRow, Vec<(String, String)>> {
    let mut input = Input::from_form(fields);
    let name = unguarded(input.text(NAME, NAME_MAX).ok());
    let category = read_kind::<ServiceCategory>(&mut input, CATEGORY, "kategori", true);
    let sector = read_kind::<Sector>(&mut input, SECTOR, "sektor", true);
    let status = read_kind::<ServiceStatus>(&mut input, STATUS, "status", false);
    let address = unguarded(input.optional_text(ADDRESS, NAME_MAX).ok().flatten());
    let phone = input.optional_phone(PHONE).ok().flatten();
    let web = unguarded(input.optional_text(WEB, WEB_MAX).ok().flatten());
    if web.as_deref().is_some_and(|w| w.chars().any(char::is_whitespace)) {
        input.reject(WEB, WEB_SPACE_REFUSED);
    }
    let email = match unguarded(input.optional_text(EMAIL, NAME_MAX).ok().flatten()) {
        Some(raw) => match normalise_email(&raw) {
            Ok(email) => Some(email),
            Err(why) => {
                input.reject(EMAIL, why);
                None
            }
        },
        None => None,
    };
    let hsa_id = input.optional_text(HSA_ID, NAME_MAX).ok().flatten();
    if let Some(id) = hsa_id.as_deref().filter(|id| !is_hsa_id(id)) {
        input.reject(HSA_ID, not_an_hsa_id(id));
    }
    let contact_role = unguarded(input.optional_text(CONTACT_ROLE, NAME_MAX).ok().flatten());
    let checked_on = input.optional_date(CHECKED).ok().flatten();
    match (input.finish(), name, category, sector) {
        (Ok(()), Some(name), Some(category), Some(sector)) => Ok(ActorRow {
            name,
            category,
            sector,
            status: status.unwrap_or(ServiceStatus::Active),
            address,
            phone,
            web,
            email,
            hsa_id,
            contact_role,
            checked_on,
        }),
        (answer, ..) => {
            Err(answer.err().map(|e| e.0).unwrap_or_default().into_iter().map(|e| (e.field, e.message)).collect())
        }
    }
}

/// The separator the header line uses: `;` unless it has more commas.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    if header.matches(',').count() > header.matches(';').count() { b',' } else { b';' }
}

/// Reads an area's actor list: every row, or every error (see the module's description).
pub fn read_csv(bytes: &[u8]) -> Result<Vec<ActorRow>, Vec<RowError>> {
    read_numbered_csv(bytes).map(|rows| rows.into_iter().map(|(_, row)| row).collect())
}

/// [`read_csv`], each row with its number as a spreadsheet numbers it (the header is row 1), so
/// that what is found wrong with a row later (against the stored actors) names it too.
pub fn read_numbered_csv(bytes: &[u8]) -> Result<Vec<(usize, ActorRow)>, Vec<RowError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let row = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            return Err(vec![RowError::new(
                row,
                "",
                "filen är inte UTF-8; spara den som \"CSV UTF-8\" (semikolon- eller kommaavgränsad)",
            )]);
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(vec![RowError::new(1, "", format!("rubrikraden kan inte läsas: {e}"))]),
        None => return Err(vec![RowError::new(1, "", "filen är tom; första raden ska ha kolumnernas rubriker")]),
    };
    // Each header cell's column (`None`: a column without a header), and the header as written.
    let mut columns: Vec<(Option<&'static str>, String)> = Vec::new();
    let mut errors = Vec::new();
    for written in header.iter() {
        let wanted = written.trim().to_lowercase();
        let column = COLUMNS.iter().copied().find(|c| c.to_lowercase() == wanted);
        if column.is_some() && columns.iter().any(|(c, _)| *c == column) {
            errors.push(RowError::new(1, written, "kolumnen finns två gånger"));
        } else if column.is_none() && !wanted.is_empty() {
            errors.push(RowError::new(1, written, format!("okänd kolumn; kolumnerna är {}", COLUMNS.join(", "))));
        }
        columns.push((column, written.to_owned()));
    }
    for required in REQUIRED_COLUMNS {
        if !columns.iter().any(|(c, _)| *c == Some(required)) {
            errors.push(RowError::new(1, required, "kolumnen saknas; den måste finnas"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let written = |column: &str| -> String {
        columns.iter().find(|(c, _)| *c == Some(column)).map(|(_, w)| w.clone()).unwrap_or_else(|| column.to_owned())
    };
    let mut rows = Vec::new();
    let mut by_hsa_id: HashMap<String, usize> = HashMap::new();
    let mut by_name_address: HashMap<(String, String), usize> = HashMap::new();
    for (index, record) in records.enumerate() {
        let row = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(RowError::new(row, "", format!("raden kan inte läsas: {e}")));
                continue;
            }
        };
        if record.iter().all(is_blank) {
            continue;
        }
        let mut fields = Vec::new();
        for (n, value) in record.iter().enumerate() {
            match columns.get(n) {
                Some((Some(column), _)) => fields.push(((*column).to_owned(), value.to_owned())),
                Some((None, _)) | None if is_blank(value) => {}
                _ => errors.push(RowError::new(
                    row,
                    &format!("kolumn {}", n + 1),
                    "har ett värde men ingen rubrik; ta bort värdet eller ge kolumnen en rubrik",
                )),
            }
        }
        match read_row(fields) {
            Ok(actor) => {
                if let Some(id) = &actor.hsa_id {
                    if let Some(first) = by_hsa_id.get(id) {
                        errors.push(RowError::new(row, &written(HSA_ID), format!("samma HSA-id som rad {first}")));
                        continue;
                    }
                    by_hsa_id.insert(id.clone(), row);
                }
                let name_address = actor.name_address();
                if let Some(first) = by_name_address.get(&name_address) {
                    errors.push(RowError::new(row, &written(NAME), format!("samma namn och adress som rad {first}")));
                    continue;
                }
                by_name_address.insert(name_address, row);
                rows.push((row, actor));
            }
            Err(wrong) => {
                errors.extend(wrong.into_iter().map(|(column, message)| RowError::new(row, &written(&column), message)))
            }
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Writes an area's actor list with the columns [`read_csv`] reads, in [`COLUMNS`]' order,
/// separated by `;` and beginning with a byte-order mark, so that Excel in Sweden opens it
/// right. Kinds are written as their Swedish labels; reading it gives the same rows.
pub fn write_csv(rows: &[ActorRow]) -> String {
    let mut writer =
        csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut lines: Vec<Vec<String>> = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    for row in rows {
        let text = |v: &Option<String>| v.as_deref().map(guarded).unwrap_or_default();
        lines.push(vec![
            guarded(&row.name),
            row.category.label().to_owned(),
            row.sector.label().to_owned(),
            row.status.label().to_owned(),
            text(&row.address),
            row.phone.clone().unwrap_or_default(),
            text(&row.web),
            text(&row.email),
            row.hsa_id.clone().unwrap_or_default(),
            text(&row.contact_role),
            row.checked_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        ]);
    }
    for line in lines {
        // Writing to memory does not fail.
        let _ = writer.write_record(&line);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{FEFF}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests;
