//! An area's health care as a FHIR R4 `Bundle` of type `collection`: the area's coordinating
//! health centre and the organisations that provide its health-care services as `Organization`,
//! those services as `HealthcareService` (their HSA-id as an identifier in the HSA catalogue's
//! system), their visiting addresses and the area itself as `Location`; each service covers the
//! area (`coverageArea`). Entries are linked by `urn:uuid:` references within the bundle.

use chrono::NaiveDate;
use samverkan_domain::local::actors::ServiceStatus;
use samverkan_store::{AreaSummary, Organisation, Service};
use serde_json::{Map, Value, json};

use super::record_ids::uuid;

/// The HSA catalogue's identifier system (its OID as a URN).
pub const HSA_SYSTEM: &str = "urn:oid:1.2.752.29.4.19";

fn reference(id: &str) -> Value {
    json!({ "reference": format!("urn:uuid:{id}") })
}

fn entry(resource: Value) -> Value {
    let id = resource["id"].as_str().unwrap_or_default().to_owned();
    json!({ "fullUrl": format!("urn:uuid:{id}"), "resource": resource })
}

fn hsa(value: &str) -> Value {
    json!({ "system": HSA_SYSTEM, "value": value })
}

/// A service's ways of contact: phone, functional mailbox, web.
fn telecom(s: &Service) -> Vec<Value> {
    [("phone", &s.phone), ("email", &s.email), ("url", &s.web)]
        .into_iter()
        .filter_map(|(system, v)| v.as_ref().map(|v| json!({ "system": system, "value": v, "use": "work" })))
        .collect()
}

/// The bundle of an area on `at`: `organisations` are the coordinating health centres
/// (`coordinating`, by id) and the providers of `services` (its health-care services), each
/// once; one whose period has ended by `at` is not `active`.
pub fn bundle(
    origin: &str,
    area: &AreaSummary,
    organisations: &[Organisation],
    coordinating: &[i32],
    services: &[Service],
    at: NaiveDate,
    timestamp: &str,
) -> Value {
    let area_id = uuid(origin, "area", area.area.id);
    let mut entries = vec![entry(json!({
        "resourceType": "Location",
        "id": area_id,
        "status": "active",
        "mode": "instance",
        "name": area.area.name,
        "description": format!("Närområdet {} i {} (lokal samverkan)", area.area.name, area.area.municipality_name),
        "physicalType": { "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "area", "display": "Area"
        }] },
    }))];
    for o in organisations {
        let own: Vec<&Service> = services.iter().filter(|s| s.organisation.id == o.id).collect();
        let mut identifiers: Vec<&str> = own.iter().filter_map(|s| s.hsa_id.as_deref()).collect();
        identifiers.sort_unstable();
        identifiers.dedup();
        let mut types = vec![json!({ "text": o.kind.label() })];
        if coordinating.contains(&o.id) {
            types.push(json!({ "text": format!("Samordnande vårdcentral för {}", area.area.name) }));
        }
        let mut resource = Map::new();
        resource.insert("resourceType".into(), json!("Organization"));
        resource.insert("id".into(), json!(uuid(origin, "organisation", o.id)));
        if !identifiers.is_empty() {
            resource.insert("identifier".into(), identifiers.iter().map(|v| hsa(v)).collect());
        }
        resource.insert("active".into(), json!(o.period.to().is_none_or(|last| last >= at)));
        resource.insert("type".into(), json!(types));
        resource.insert("name".into(), json!(o.name));
        entries.push(entry(Value::Object(resource)));
    }
    for s in services {
        let id = uuid(origin, "service", s.id);
        let location = uuid(origin, "location", s.id);
        let mut resource = Map::new();
        resource.insert("resourceType".into(), json!("HealthcareService"));
        resource.insert("id".into(), json!(id));
        if let Some(h) = &s.hsa_id {
            resource.insert("identifier".into(), json!([hsa(h)]));
        }
        resource.insert("active".into(), json!(s.status == ServiceStatus::Active));
        resource.insert("providedBy".into(), reference(&uuid(origin, "organisation", s.organisation.id)));
        resource.insert("category".into(), json!([{ "text": s.category.label() }]));
        resource.insert("type".into(), json!([{ "text": format!("{} ({})", s.category.label(), s.sector.label()) }]));
        if s.address.is_some() {
            resource.insert("location".into(), json!([reference(&location)]));
        }
        resource.insert("name".into(), json!(s.name));
        let contact = telecom(s);
        if !contact.is_empty() {
            resource.insert("telecom".into(), json!(contact));
        }
        let mut coverage = reference(&area_id);
        coverage["display"] = json!(area.area.name);
        resource.insert("coverageArea".into(), json!([coverage]));
        entries.push(entry(Value::Object(resource)));
        if let Some(address) = &s.address {
            entries.push(entry(json!({
                "resourceType": "Location",
                "id": location,
                "status": "active",
                "mode": "instance",
                "name": s.name,
                "address": { "use": "work", "type": "physical", "text": address },
                "managingOrganization": reference(&uuid(origin, "organisation", s.organisation.id)),
            })));
        }
    }
    json!({
        "resourceType": "Bundle",
        "id": uuid(origin, "fhir-bundle", area.area.id),
        "type": "collection",
        "timestamp": timestamp,
        "entry": entries,
    })
}
