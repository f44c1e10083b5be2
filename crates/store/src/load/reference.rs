//! The reference data of Stockholm County (`data/` at the repository root), loaded on first
//! start and by `samverkan seed`.
//!
//! Loading is idempotent: a row whose natural key (a party's code, an organisation's name, an
//! appointment's function and start date, …) is already present is left alone, so running it twice
//! changes nothing and never overwrites what people have edited since. A load is one transaction
//! of the write path's bulk entry ([`crate::store::Store::system_load`]), on the audit trail as
//! one event by `system`; a load that inserts nothing leaves no event.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::{
    BodyKind, BodyLevel, FunctionKind, MembershipRole, OrganisationKind, PartyKind, Period, ensure_single_holder,
    swedish_sort_string,
};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set};

use crate::entity::{
    appointment, area, area_administration, body, function, membership, organisation, party, party_shape, sub_region,
    sub_region_member,
};
use crate::error::StoreError;
use crate::load::reference_agreements::seed_agreements;
use crate::load::reference_files::{
    APPOINTMENTS, AREA_ADMINISTRATIONS, AREAS, BODIES, FUNCTIONS, MEMBERSHIPS, ORGANISATIONS, PARTIES,
    SHAPE_ATTRIBUTION, SHAPES, SUB_REGIONS, SeedError, SeedReport, rows,
};
use crate::store::Store;
use crate::write::Event;

impl Store {
    /// Loads the Stockholm County reference data, inserting only what is missing, in one
    /// transaction: either all of it lands or none.
    pub async fn seed_reference_data(&self) -> Result<SeedReport, SeedError> {
        if self.has_synthetic_data().await? {
            return Err(SeedError::Synthetic);
        }
        let load = self.system_load().await?;
        let txn = load.txn();
        let mut report = SeedReport::default();
        let parties = seed_parties(txn, &mut report).await?;
        let organisations = seed_organisations(txn, &parties, &mut report).await?;
        let areas = seed_areas(txn, &parties, &organisations, &mut report).await?;
        let functions = seed_functions(txn, &parties, &areas, &organisations, &mut report).await?;
        let bodies = seed_bodies(txn, &parties, &areas, &functions, &mut report).await?;
        seed_sub_regions(txn, &parties, &mut report).await?;
        seed_shapes(txn, &parties, &mut report).await?;
        seed_agreements(txn, &parties, &bodies, &mut report).await?;
        if report.total() == 0 {
            // Nothing was written, so nothing goes on the record.
            return Ok(report);
        }
        let inserted: serde_json::Map<String, serde_json::Value> =
            report.inserted.iter().map(|(t, n)| ((*t).to_owned(), serde_json::Value::from(*n))).collect();
        let event =
            Event::new("load", "reference_data", "stockholm").after(Some(serde_json::json!({ "inserted": inserted })));
        load.commit(event).await?;
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

    let existing: Vec<(i32, i32, Option<NaiveDate>)> = area_administration::Entity::find()
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
        let p = Period::starting(a.valid_from, a.valid_to).map_err(|e| StoreError::Corrupt(e.to_string()))?;
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

    let existing: Vec<(i32, i32, Option<NaiveDate>)> = membership::Entity::find()
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
    let existing: Vec<(i32, i32, Option<NaiveDate>)> = sub_region_member::Entity::find()
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
