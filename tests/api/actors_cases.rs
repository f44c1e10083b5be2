//! The actor map's routes in the authorisation table (`authorisation.rs`): whose records each
//! writes (an area's local collaboration: its coordinators, its municipality's editors, the
//! process leaders), on a service of A's area and one of B's, and the fixture they need.

use samverkan_domain::{AreaOf, Grant, Owned, Role};
use samverkan_store::{Actor, Store};
use samverkan_web::StateChangingRoute;
use serde_json::{Value, json};

use crate::authorisation::{Case, case};

/// A service on each area's map, made by a process leader.
pub struct ActorFixture {
    area_a: AreaOf,
    area_b: AreaOf,
    service_a: i32,
    service_b: i32,
    /// The organisation of B's service: B's map's, which A's map may not name.
    organisation_b: i32,
}

fn service(name: &str) -> Value {
    json!({"name": name, "category": "home_care", "sector": "municipality", "status": "active",
        "address": format!("{name}vägen 1"), "contact_role": "Enhetschef"})
}

pub async fn fixture(store: &Store, area_a: AreaOf, area_b: AreaOf) -> ActorFixture {
    let admin = Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
    let input = |v: Value| samverkan_domain::Input::from_json(v).unwrap();
    let service_a = store.create_actor(&admin, area_a.area_id, input(service("Tjänst A"))).await.unwrap();
    let service_b = store.create_actor(&admin, area_b.area_id, input(service("Tjänst B"))).await.unwrap();
    let organisation_b = store.service(service_b).await.unwrap().unwrap().organisation.id;
    ActorFixture { area_a, area_b, service_a, service_b, organisation_b }
}

/// A list of one new actor, different for every call.
fn list(n: u32) -> Value {
    json!({"csv": format!(
        "\u{FEFF}Namn;Kategori;Sektor;Adress;Kontaktfunktion;Webb\r\n\
         Importerad aktör {n};Hemtjänst;Privat;Vägen {n};Enhetschef;https://example.se/{n}\r\n"
    )})
}

/// The cases of the actor map's routes; `None` for another route.
pub fn cases(route: &StateChangingRoute, f: &ActorFixture) -> Option<Vec<Case>> {
    let local = |area: AreaOf| Owned::Local { area };
    let each_area = |make: &dyn Fn(AreaOf) -> Case| [f.area_a, f.area_b].into_iter().map(make).collect::<Vec<_>>();
    // B's first: pin.rs changes the first service a process leader may, and adds its new actor
    // to A's map with the same texts; on one map the two would be the same actor.
    let services = [(f.area_b, f.service_b, "Tjänst B"), (f.area_a, f.service_a, "Tjänst A")];
    let each_service =
        |make: &dyn Fn(AreaOf, i32, &'static str) -> Case| services.iter().map(|(a, s, n)| make(*a, *s, n)).collect();
    let new_actor = |n: u32| service(&format!("Aktör {n}"));
    Some(match (route.method.as_str(), route.path.as_str()) {
        ("POST", "/api/v1/areas/{id}/actors") => {
            let mut out = each_area(&|a| case(format!("/api/v1/areas/{}/actors", a.area_id), local(a), new_actor));
            // B's map's organisation may not provide a service on A's map, whoever asks.
            let (area, organisation) = (f.area_a, f.organisation_b);
            out.push(
                case(format!("/api/v1/areas/{}/actors", area.area_id), local(area), move |n| {
                    let mut body = service(&format!("Lånad {n}"));
                    body["organisation_id"] = json!(organisation);
                    body
                })
                .also("organisation_id", |_| false),
            );
            out
        }
        ("POST", "/api/v1/areas/{id}/actors/import") => {
            each_area(&|a| case(format!("/api/v1/areas/{}/actors/import", a.area_id), local(a), list))
        }
        ("PUT", "/api/v1/services/{id}") => {
            each_service(&|a, s, name| case(format!("/api/v1/services/{s}"), local(a), move |_| service(name)))
        }
        ("POST", "/omraden/{id}/aktorer/ny") => {
            each_area(&|a| case(format!("/omraden/{}/aktorer/ny", a.area_id), local(a), new_actor))
        }
        ("POST", "/tjanster/{id}/andra") => {
            each_service(&|a, s, name| case(format!("/tjanster/{s}/andra"), local(a), move |_| service(name)))
        }
        ("POST", "/omraden/{id}/aktorer/import") => {
            each_area(&|a| case(format!("/omraden/{}/aktorer/import", a.area_id), local(a), list))
        }
        _ => return None,
    })
}
