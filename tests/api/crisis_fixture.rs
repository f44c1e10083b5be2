//! Crisis support's part of the authorisation table (and so of `pin.rs`'s valid submissions):
//! in the areas of A and B a crisis contact list and two open incidents (one for the log, one
//! for closing), and the cases of every crisis route on them. Crisis support is the area's
//! (`Owned::Crisis`): its coordinators and the process leaders, not the municipality's editors.

use samverkan_domain::{AreaOf, Grant, Owned, Role};
use samverkan_store::{AckLinks, Actor, Store};
use samverkan_web::StateChangingRoute;
use serde_json::{Value, json};

use crate::authorisation::{Case, case};
use crate::meetings_fixture::mailing;

#[derive(Clone, Copy)]
pub struct AreaCrisis {
    pub area: AreaOf,
    pub incident_log: i32,
    pub incident_close: i32,
}

pub struct Records {
    pub areas: [AreaCrisis; 2],
}

pub fn links() -> AckLinks {
    AckLinks { page: "https://samverkan.example.se/krisstod/kvittens/{key}".to_owned() }
}

/// A list of three functions: two complete, one with no phone.
pub fn contact_list() -> Value {
    json!({
        "meeting_place": "Stadshuset, plan 3, sal Krisledning",
        "contacts": [
            {"function": "Krisledare", "holder": "Anna Berg", "phone": "08-718 80 00", "email": "anna.berg@nacka.se",
             "deputy": "Bo Lind", "deputy_phone": "08-718 80 01", "deputy_email": "bo.lind@nacka.se"},
            {"function": "Tjänsteman i beredskap", "holder": "Cecilia Ek", "phone": "070-123 45 67", "email": "tib@nacka.se"},
            {"function": "Informationsansvarig", "holder": "David Ås", "email": "info@nacka.se"}
        ]
    })
}

pub async fn records(store: &Store, area_a: AreaOf, area_b: AreaOf) -> Records {
    let admin = Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
    let input = |v: Value| samverkan_domain::Input::from_json(v).unwrap();
    let mut out = Vec::new();
    for area in [area_a, area_b] {
        store
            .save_crisis_list(
                &admin,
                area.area_id,
                samverkan_domain::commands::CrisisContactList::from_json(contact_list()),
            )
            .await
            .unwrap();
        let activation =
            || input(json!({"what": "Brand i äldreboende", "place": "Sjötorpet", "occurred_at": "2026-11-30T21:15"}));
        let incident_log =
            store.activate_crisis(&admin, area.area_id, activation(), &mailing(), &links()).await.unwrap();
        let incident_close =
            store.activate_crisis(&admin, area.area_id, activation(), &mailing(), &links()).await.unwrap();
        out.push(AreaCrisis { area, incident_log, incident_close });
    }
    Records { areas: [out[0], out[1]] }
}

/// A form's list: ten functions (more rows than the form shows, so every row it shows has one).
fn form_list(n: u32) -> Value {
    let mut v = json!({"meeting_place": format!("Stadshuset {n}")});
    for k in 0..10 {
        v[format!("function-{k}")] = json!(format!("Funktion {k}"));
        v[format!("holder-{k}")] = json!("Anna Berg");
        v[format!("phone-{k}")] = json!("08-718 80 00");
    }
    v
}

/// The cases of a crisis route; `None` for any other route.
pub fn cases(route: &StateChangingRoute, r: &Records) -> Option<Vec<Case>> {
    let each = |make: &dyn Fn(AreaCrisis) -> Case| r.areas.iter().map(|a| make(*a)).collect::<Vec<_>>();
    let crisis = |a: AreaCrisis| Owned::Crisis { area_id: a.area.area_id };
    let activation = |n: u32| json!({"what": format!("Översvämning {n}"), "place": "Källaren, Sjötorpet", "occurred_at": "2031-05-05T09:00"});
    Some(match (route.method.as_str(), route.path.as_str()) {
        ("PUT", "/api/v1/areas/{id}/crisis-contacts") => {
            each(&|a| case(format!("/api/v1/areas/{}/crisis-contacts", a.area.area_id), crisis(a), |_| contact_list()))
        }
        ("POST", "/api/v1/areas/{id}/incidents") => {
            each(&|a| case(format!("/api/v1/areas/{}/incidents", a.area.area_id), crisis(a), activation))
        }
        ("POST", "/api/v1/incidents/{id}/log") => each(&|a| {
            case(
                format!("/api/v1/incidents/{}/log", a.incident_log),
                crisis(a),
                |n| json!({"text": format!("Stab upprättad {n}")}),
            )
        }),
        ("POST", "/api/v1/incidents/{id}/close") => each(&|a| {
            case(
                format!("/api/v1/incidents/{}/close", a.incident_close),
                crisis(a),
                |n| json!({"summary": format!("Alla boende evakuerade utan skador {n}")}),
            )
        }),
        ("POST", "/omraden/{id}/krisstod/kontakter") => {
            each(&|a| case(format!("/omraden/{}/krisstod/kontakter", a.area.area_id), crisis(a), form_list))
        }
        ("POST", "/omraden/{id}/krisstod/aktivera") => {
            each(&|a| case(format!("/omraden/{}/krisstod/aktivera", a.area.area_id), crisis(a), activation))
        }
        ("POST", "/krisstod/handelser/{id}/logg") => each(&|a| {
            case(
                format!("/krisstod/handelser/{}/logg", a.incident_log),
                crisis(a),
                |n| json!({"text": format!("Anhöriga informerade {n}")}),
            )
        }),
        ("POST", "/krisstod/handelser/{id}/avsluta") => each(&|a| {
            case(
                format!("/krisstod/handelser/{}/avsluta", a.incident_close),
                crisis(a),
                |n| json!({"summary": format!("Avslutat utan skador {n}")}),
            )
        }),
        _ => return None,
    })
}
