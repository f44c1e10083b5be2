//! The meetings' part of the authorisation table (and so of `pin.rs`'s valid submissions): a
//! meeting with an invited actor and a task in the areas of A and B, and the cases of every
//! meetings route on them. A meeting is its area's local collaboration (`Owned::Local`): the
//! area's coordinators, its municipality's editors and the process leaders change it.

use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::{AreaOf, Grant, Owned, Role};
use samverkan_store::{Actor, Mailing, Store};
use samverkan_web::StateChangingRoute;
use serde_json::{Value, json};

use crate::authorisation::{Case, case};

/// One area's meeting records.
#[derive(Clone, Copy)]
pub struct AreaMeeting {
    pub area: AreaOf,
    pub meeting: i32,
    pub service: i32,
    pub task: i32,
}

pub struct Records {
    pub areas: [AreaMeeting; 2],
}

pub fn mailing() -> Mailing {
    Mailing {
        domain: "samverkan.example.se".to_owned(),
        organizer: "samverkan@samverkan.example.se".to_owned(),
        page: "https://samverkan.example.se/moten/{id}".to_owned(),
        sms: false,
    }
}

pub async fn records(store: &Store, area_a: AreaOf, area_b: AreaOf) -> Records {
    let admin = Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
    let input = |v: Value| samverkan_domain::Input::from_json(v).unwrap();
    let mut out = Vec::new();
    for (n, area) in [area_a, area_b].into_iter().enumerate() {
        let service = store
            .add_test_service(
                area.area_id,
                &format!("Vårdcentralen {n}"),
                ServiceCategory::HealthCentre,
                Sector::Region,
                Some("vc@example.se"),
            )
            .await
            .unwrap();
        let meeting = store
            .create_meeting(
                &admin,
                area.area_id,
                input(json!({"title": "Nätverksmöte", "starts_at": "2030-03-28T09:00", "ends_at": "2030-03-28T11:00", "invited": [service]})),
                &mailing(),
            )
            .await
            .unwrap();
        let task = store
            .add_task(
                &admin,
                meeting,
                input(json!({"description": "Uppdatera aktörskartan", "owner_function": "Samordnare"})),
            )
            .await
            .unwrap();
        out.push(AreaMeeting { area, meeting, service, task });
    }
    Records { areas: [out[0], out[1]] }
}

/// A different time for every call.
fn time(n: u32, hour: u32) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(2031, 1, 1).unwrap() + chrono::Days::new(n.into());
    format!("{day}T{hour:02}:00")
}

/// The cases of a meetings route; `None` for any other route.
pub fn cases(route: &StateChangingRoute, r: &Records) -> Option<Vec<Case>> {
    let each = |make: &dyn Fn(AreaMeeting) -> Case| r.areas.iter().map(|a| make(*a)).collect::<Vec<_>>();
    let local = |a: AreaMeeting| Owned::Local { area: a.area };
    let meeting_body = |service: i32| {
        move |n: u32| {
            json!({"title": format!("Nätverksmöte {n}"), "starts_at": time(n, 9), "ends_at": time(n, 11),
                "place": "Stadshuset", "agenda": "1. Välkommen", "invited": [service]})
        }
    };
    Some(match (route.method.as_str(), route.path.as_str()) {
        ("POST", "/api/v1/areas/{id}/meetings") => {
            each(&|a| case(format!("/api/v1/areas/{}/meetings", a.area.area_id), local(a), meeting_body(a.service)))
        }
        ("PUT", "/api/v1/meetings/{id}") => {
            each(&|a| case(format!("/api/v1/meetings/{}", a.meeting), local(a), meeting_body(a.service)))
        }
        ("PUT", "/api/v1/meetings/{id}/attendance") => each(&|a| {
            let s = a.service;
            case(
                format!("/api/v1/meetings/{}/attendance", a.meeting),
                local(a),
                move |_| json!({"invitations": [{"service_id": s, "attendance": "present", "represented_by": "Verksamhetschef"}]}),
            )
        }),
        ("PUT", "/api/v1/areas/{id}/required-categories") => each(&|a| {
            case(
                format!("/api/v1/areas/{}/required-categories", a.area.area_id),
                local(a),
                |_| json!({"categories": ["health_centre", "social_services"]}),
            )
        }),
        ("POST", "/api/v1/areas/{id}/calendar-feed") => each(&|a| {
            case(format!("/api/v1/areas/{}/calendar-feed", a.area.area_id), local(a), |_| json!({"body_id": null}))
        }),
        ("POST", "/api/v1/meetings/{id}/tasks") => each(&|a| {
            case(
                format!("/api/v1/meetings/{}/tasks", a.meeting),
                local(a),
                |n| json!({"description": format!("Bjud in elevhälsan {n}"), "owner_function": "Rektor", "due_on": "2031-05-31"}),
            )
        }),
        ("PUT", "/api/v1/meeting-tasks/{id}") => each(&|a| {
            case(
                format!("/api/v1/meeting-tasks/{}", a.task),
                local(a),
                |_| json!({"description": "Uppdatera aktörskartan", "owner_function": "Samordnare", "done": true}),
            )
        }),
        ("POST", "/omraden/{id}/moten/nytt") => {
            each(&|a| case(format!("/omraden/{}/moten/nytt", a.area.area_id), local(a), meeting_body(a.service)))
        }
        ("POST", "/moten/{id}/andra") => {
            each(&|a| case(format!("/moten/{}/andra", a.meeting), local(a), meeting_body(a.service)))
        }
        ("POST", "/moten/{id}/stall-in") => {
            each(&|a| case(format!("/moten/{}/stall-in", a.meeting), local(a), |_| json!({"confirm": "ja"})))
        }
        ("POST", "/moten/{id}/narvaro") => each(&|a| {
            let s = a.service;
            case(
                format!("/moten/{}/narvaro", a.meeting),
                local(a),
                move |_| json!({format!("attendance-{s}"): "present", format!("represented_by-{s}"): "Enhetschef"}),
            )
        }),
        ("POST", "/moten/{id}/ny-uppgift") => each(&|a| {
            case(
                format!("/moten/{}/ny-uppgift", a.meeting),
                local(a),
                |n| json!({"description": format!("Följ upp {n}"), "owner_function": "Enhetschef", "due_on": "2031-06-30"}),
            )
        }),
        ("POST", "/uppgifter/{id}/klar") => {
            each(&|a| case(format!("/uppgifter/{}/klar", a.task), local(a), |_| json!({"done": "ja"})))
        }
        ("POST", "/omraden/{id}/deltagande/kategorier") => each(&|a| {
            case(
                format!("/omraden/{}/deltagande/kategorier", a.area.area_id),
                local(a),
                |_| json!({"categories": ["health_centre", "pupil_health"]}),
            )
        }),
        ("POST", "/omraden/{id}/kalender/forny") => each(&|a| {
            case(
                format!("/omraden/{}/kalender/forny", a.area.area_id),
                local(a),
                |_| json!({"body_id": "", "confirm": "ja"}),
            )
        }),
        _ => return None,
    })
}
