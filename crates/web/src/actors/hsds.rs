//! An area's actor map as Open Referral HSDS 3 (the compiled `organization` schema, kept with its
//! licence in `standards/hsds-3/`): an array of organisations, each with the services it
//! provides on the map, their locations (a visiting address) and phones. Every object has the
//! fields the schema requires; a field the map does not know is left out, never made up.

use samverkan_store::{Organisation, Service};
use serde_json::{Map, Value, json};

use super::record_ids::uuid;

/// `value` under `key` when there is one.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(v) = value {
        object.insert(key.to_owned(), v.into());
    }
}

/// A web address HSDS can take as a `uri`: with its scheme.
fn uri(web: &Option<String>) -> Option<String> {
    web.clone().filter(|w| w.starts_with("https://") || w.starts_with("http://"))
}

fn service(origin: &str, s: &Service) -> Value {
    let id = uuid(origin, "service", s.id);
    let mut out = Map::new();
    out.insert("id".into(), json!(id));
    out.insert("organization_id".into(), json!(uuid(origin, "organisation", s.organisation.id)));
    out.insert("name".into(), json!(s.name));
    out.insert("description".into(), json!(format!("{} ({})", s.category.label(), s.sector.label())));
    out.insert("status".into(), json!(s.status.hsds()));
    put(&mut out, "email", s.email.clone());
    put(&mut out, "url", uri(&s.web));
    put(&mut out, "assured_date", s.verified_on.map(|d| d.to_string()));
    let phones: Vec<Value> = s
        .phone
        .iter()
        .map(|p| json!({"id": uuid(origin, "service-phone", s.id), "service_id": id, "number": p}))
        .collect();
    out.insert("phones".into(), json!(phones));
    let mut contacts = Vec::new();
    if s.contact_role.is_some() || s.email.is_some() {
        let mut contact = Map::new();
        contact.insert("id".into(), json!(uuid(origin, "service-contact", s.id)));
        contact.insert("service_id".into(), json!(id));
        put(&mut contact, "title", s.contact_role.clone());
        put(&mut contact, "email", s.email.clone());
        contacts.push(Value::Object(contact));
    }
    out.insert("contacts".into(), json!(contacts));
    let areas: Vec<Value> = s
        .areas
        .iter()
        .map(|a| {
            json!({"id": uuid(origin, "service-area", format!("{}-{}", s.id, a.id)), "service_id": id,
                "name": a.name, "description": format!("Närområdet {}", a.name)})
        })
        .collect();
    out.insert("service_areas".into(), json!(areas));
    let at_locations: Vec<Value> = s
        .address
        .iter()
        .map(|_| {
            json!({"id": uuid(origin, "service-at-location", s.id), "service_id": id,
                "location_id": uuid(origin, "location", s.id)})
        })
        .collect();
    out.insert("service_at_locations".into(), json!(at_locations));
    Value::Object(out)
}

/// What an organisation is, in words (HSDS requires a description): its kind and its party, or
/// the map that recorded it.
fn description(o: &Organisation, area: &str) -> String {
    match &o.party {
        Some(p) => format!("{} ({})", o.kind.label(), p.name),
        None if o.area_id.is_some() => format!("{}, på aktörskartan för {area}", o.kind.label()),
        None => format!("{} utan part", o.kind.label()),
    }
}

/// The map of the area called `area`: each organisation (in the order given) with its
/// services among `services`.
pub fn organisations(origin: &str, area: &str, organisations: &[Organisation], services: &[Service]) -> Value {
    let out: Vec<Value> = organisations
        .iter()
        .map(|o| {
            let id = uuid(origin, "organisation", o.id);
            let own: Vec<&Service> = services.iter().filter(|s| s.organisation.id == o.id).collect();
            let locations: Vec<Value> = own
                .iter()
                .filter_map(|s| {
                    s.address.as_ref().map(|a| {
                        json!({"id": uuid(origin, "location", s.id), "organization_id": id,
                            "location_type": "physical", "name": a, "description": format!("Besöksadress för {}", s.name)})
                    })
                })
                .collect();
            let phones: Vec<Value> = own
                .iter()
                .filter_map(|s| {
                    s.phone.as_ref().map(|p| {
                        json!({"id": uuid(origin, "organisation-phone", s.id), "organization_id": id,
                            "number": p, "description": s.name})
                    })
                })
                .collect();
            json!({
                "id": id,
                "name": o.name,
                "description": description(o, area),
                "services": own.iter().map(|s| service(origin, s)).collect::<Vec<_>>(),
                "locations": locations,
                "phones": phones,
            })
        })
        .collect();
    Value::Array(out)
}
