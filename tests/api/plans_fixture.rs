//! The plans' part of the authorisation table (and so of `pin.rs`'s valid submissions): an
//! action plan with an activity and an entry of the area plan in the areas of A and B, and the
//! cases of every plans route on them. Both are their area's local collaboration
//! (`Owned::Local`): the area's coordinators, its municipality's editors and the process
//! leaders change them.

use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::{AreaOf, Grant, Owned, Role};
use samverkan_store::{Actor, Store};
use samverkan_web::StateChangingRoute;
use serde_json::{Value, json};

use crate::authorisation::{Case, case};

/// One area's plan records.
#[derive(Clone, Copy)]
pub struct AreaPlans {
    pub area: AreaOf,
    pub plan: i32,
    pub activity: i32,
    pub entry: i32,
    /// The organisation of an actor of the area's map.
    pub organisation: i32,
}

pub struct Records {
    pub areas: [AreaPlans; 2],
}

pub async fn records(store: &Store, area_a: AreaOf, area_b: AreaOf) -> Records {
    let admin = Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
    let input = |v: Value| samverkan_domain::Input::from_json(v).unwrap();
    let mut out = Vec::new();
    for (n, area) in [area_a, area_b].into_iter().enumerate() {
        let service = store
            .add_test_service(
                area.area_id,
                &format!("Hemtjänsten {n}"),
                ServiceCategory::HomeCare,
                Sector::Municipality,
                None,
            )
            .await
            .unwrap();
        let organisation = store.service(service).await.unwrap().unwrap().organisation.id;
        let plan = store
            .create_action_plan(
                &admin,
                area.area_id,
                input(json!({"title": "Äldres hälsa", "target_group": "elderly", "goal": "Färre fall", "starts_on": "2026-01-01"})),
            )
            .await
            .unwrap();
        let activity = store
            .add_activity(
                &admin,
                plan,
                input(json!({"description": "Kartlägg fallrisker", "owner_function": "MAS", "status": "in_progress"})),
            )
            .await
            .unwrap();
        let entry = store
            .create_area_plan_entry(
                &admin,
                area.area_id,
                input(json!({"responsibility": "Hemtjänst", "organisation_id": organisation, "contact_function": "Enhetschef"})),
            )
            .await
            .unwrap();
        out.push(AreaPlans { area, plan, activity, entry, organisation });
    }
    Records { areas: [out[0], out[1]] }
}

/// The cases of a plans route; `None` for any other route.
pub fn cases(route: &StateChangingRoute, r: &Records) -> Option<Vec<Case>> {
    let each = |make: &dyn Fn(AreaPlans) -> Case| r.areas.iter().map(|a| make(*a)).collect::<Vec<_>>();
    let local = |a: AreaPlans| Owned::Local { area: a.area };
    let plan = |n: u32| {
        json!({"title": format!("Handlingsplan {n}"), "target_group": "psychiatry", "goal": "Samordnad vård",
            "starts_on": "2026-02-01", "ends_on": "2027-01-31"})
    };
    let activity = |n: u32| {
        json!({"description": format!("Aktivitet {n}"), "owner_function": "Enhetschef", "due_on": "2026-12-31",
            "status": "in_progress", "progress": 40})
    };
    let note = |n: u32| json!({"noted_on": "2026-03-01", "note": format!("Uppföljning {n}")});
    let review = |n: u32| json!({"reviewed_on": "2025-06-01", "reviewed_by": "Samordnare", "changes": format!("Ingen ändring {n}")});
    let entry = |o: i32| move |n: u32| json!({"responsibility": format!("Ansvarsområde {n}"), "organisation_id": o, "contact_function": "Verksamhetschef", "review_interval_months": 12});
    Some(match (route.method.as_str(), route.path.as_str()) {
        ("POST", "/api/v1/areas/{id}/action-plans") => {
            each(&|a| case(format!("/api/v1/areas/{}/action-plans", a.area.area_id), local(a), plan))
        }
        ("POST", "/omraden/{id}/handlingsplaner/ny") => {
            each(&|a| case(format!("/omraden/{}/handlingsplaner/ny", a.area.area_id), local(a), plan))
        }
        ("PUT", "/api/v1/action-plans/{id}") => {
            each(&|a| case(format!("/api/v1/action-plans/{}", a.plan), local(a), plan))
        }
        ("POST", "/handlingsplaner/{id}/andra") => {
            each(&|a| case(format!("/handlingsplaner/{}/andra", a.plan), local(a), plan))
        }
        ("POST", "/api/v1/action-plans/{id}/activities") => {
            each(&|a| case(format!("/api/v1/action-plans/{}/activities", a.plan), local(a), activity))
        }
        ("POST", "/handlingsplaner/{id}/ny-aktivitet") => {
            each(&|a| case(format!("/handlingsplaner/{}/ny-aktivitet", a.plan), local(a), activity))
        }
        ("PUT", "/api/v1/activities/{id}") => {
            each(&|a| case(format!("/api/v1/activities/{}", a.activity), local(a), activity))
        }
        ("POST", "/aktiviteter/{id}/andra") => {
            each(&|a| case(format!("/aktiviteter/{}/andra", a.activity), local(a), activity))
        }
        ("POST", "/api/v1/action-plans/{id}/follow-ups") => {
            each(&|a| case(format!("/api/v1/action-plans/{}/follow-ups", a.plan), local(a), note))
        }
        ("POST", "/handlingsplaner/{id}/ny-uppfoljning") => {
            each(&|a| case(format!("/handlingsplaner/{}/ny-uppfoljning", a.plan), local(a), note))
        }
        ("POST", "/api/v1/areas/{id}/area-plan") => {
            each(&|a| case(format!("/api/v1/areas/{}/area-plan", a.area.area_id), local(a), entry(a.organisation)))
        }
        ("POST", "/omraden/{id}/naromradesplan/ny") => {
            each(&|a| case(format!("/omraden/{}/naromradesplan/ny", a.area.area_id), local(a), entry(a.organisation)))
        }
        ("PUT", "/api/v1/area-plan-entries/{id}") => {
            each(&|a| case(format!("/api/v1/area-plan-entries/{}", a.entry), local(a), entry(a.organisation)))
        }
        ("POST", "/naromradesplan/{id}/andra") => {
            each(&|a| case(format!("/naromradesplan/{}/andra", a.entry), local(a), entry(a.organisation)))
        }
        ("POST", "/api/v1/area-plan-entries/{id}/reviews") => {
            each(&|a| case(format!("/api/v1/area-plan-entries/{}/reviews", a.entry), local(a), review))
        }
        ("POST", "/naromradesplan/{id}/granska") => {
            each(&|a| case(format!("/naromradesplan/{}/granska", a.entry), local(a), review))
        }
        _ => return None,
    })
}
