//! Local action plans and the local area plan over real HTTP (issue 15): a coordinator makes a
//! plan with activities through the API (its progress and the activities overdue come back),
//! adds an area of responsibility, reviews it, and the area plan answers with `stale` and the
//! next review; the plan as it stood before a change stays readable with `at`; the pages show
//! it all, the print view included, and a coordinator reviews an entry from a page.

use chrono::Days;
use samverkan_domain::Role;
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use serde_json::json;

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, created_at, page_as, send_json, submit};

struct Setup {
    app: TestApp,
    area: i32,
    coordinator: Caller,
    organisation: i64,
}

async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let today = samverkan_web::today();
    let area = app.store.areas(today, samverkan_store::Page::ALL).await.unwrap().items[0].area.clone();
    let coordinator = caller(&app.store, "samordnare", Role::AreaCoordinator, None, Some(area.id)).await;
    let service = app
        .store
        .add_test_service(area.id, "Hemtjänsten Orminge", ServiceCategory::HomeCare, Sector::Municipality, None)
        .await
        .unwrap();
    let organisation = app.store.service(service).await.unwrap().unwrap().organisation.id.into();
    Setup { app, area: area.id, coordinator, organisation }
}

#[tokio::test]
async fn an_action_plan_with_activities_shows_progress_and_what_is_overdue() {
    let s = setup().await;
    let today = samverkan_web::today();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap().to_string();
    let (plan, location) = created_at(
        &s.app,
        &s.coordinator,
        &format!("/api/v1/areas/{}/action-plans", s.area),
        json!({"title": "Psykisk hälsa hos unga", "target_group": "children_mental_health", "goal": "Snabbare stöd", "starts_on": "2026-01-01"}),
    )
    .await;
    assert_eq!(location, format!("/api/v1/action-plans/{plan}"));
    let activities = format!("/api/v1/action-plans/{plan}/activities");
    let (late, _) = created_at(&s.app, &s.coordinator, &activities, json!({"description": "Samordna elevhälsan", "owner_function": "Rektor", "due_on": yesterday, "status": "in_progress", "progress": 20})).await;
    created_at(
        &s.app,
        &s.coordinator,
        &activities,
        json!({"description": "Gemensam rutin", "owner_function": "Enhetschef BUP", "status": "done"}),
    )
    .await;
    // Bad input is told by field, in Swedish.
    let (status, problem) = send_json(
        &s.app,
        &s.coordinator,
        reqwest::Method::POST,
        &activities,
        json!({"description": "X", "owner_function": "Y", "status": "klar", "progress": 150}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    let text = problem.to_string();
    assert!(text.contains("progress") && text.contains("ska vara ett heltal från 0 till 100"), "{text}");
    assert!(text.contains("status"), "{text}");
    created_at(
        &s.app,
        &s.coordinator,
        &format!("/api/v1/action-plans/{plan}/follow-ups"),
        json!({"noted_on": today.to_string(), "note": "Rutinen är klar"}),
    )
    .await;

    let got: serde_json::Value = s.app.get(&location).await.json().await.unwrap();
    assert_eq!(got["progress"], 60, "(20 + 100) / 2: {got}");
    assert_eq!(got["overdue"], 1);
    assert_eq!(got["target_group"], "children_mental_health");
    assert_eq!(got["activities"][0]["id"], late);
    assert_eq!(got["activities"][0]["overdue"], true);
    assert_eq!(got["follow_ups"][0]["note"], "Rutinen är klar");

    // The pages: the area's list, the plan with the late activity marked, the print view.
    let list = s.app.page(&format!("/omraden/{}/handlingsplaner", s.area)).await;
    assert!(list.contains("Psykisk hälsa hos unga") && list.contains("60\u{a0}%"), "{list}");
    let page = s.app.page(&format!("/handlingsplaner/{plan}")).await;
    assert!(page.contains("Samordna elevhälsan") && page.contains("(försenad)"), "{page}");
    let print = s.app.page(&format!("/handlingsplaner/{plan}/utskrift")).await;
    assert!(print.contains("class=\"print-table\"") && print.contains("Gemensam rutin"), "{print}");
    let area = s.app.page(&format!("/omraden/{}", s.area)).await;
    assert!(area.contains("1 plan, 1 aktivitet försenad"), "{area}");

    // The plan implements no agreement: an agreement lists none; one that is not there is 404.
    let agreements = s.app.json("/api/v1/agreements").await;
    let agreement = agreements[0]["id"].as_i64().unwrap();
    assert_eq!(s.app.json(&format!("/api/v1/agreements/{agreement}/action-plans")).await, json!([]));
    assert_eq!(s.app.get("/api/v1/agreements/999999/action-plans").await.status(), 404);

    // A coordinator of another area may not change it.
    let other_area = s.app.store.areas(today, samverkan_store::Page::ALL).await.unwrap().items[1].area.id;
    let other = caller(&s.app.store, "annan", Role::AreaCoordinator, None, Some(other_area)).await;
    let (status, _) = send_json(
        &s.app,
        &other,
        reqwest::Method::PUT,
        &location,
        json!({"title": "X", "target_group": "lss", "goal": "Y", "starts_on": "2026-01-01"}),
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn reviewing_an_entry_makes_the_area_plan_current_and_the_past_stays_readable() {
    let s = setup().await;
    let today = samverkan_web::today();
    let (entry, location) = created_at(
        &s.app,
        &s.coordinator,
        &format!("/api/v1/areas/{}/area-plan", s.area),
        json!({"responsibility": "Hemtjänst och larm", "organisation_id": s.organisation, "contact_function": "Enhetschef", "review_interval_months": 1}),
    )
    .await;
    assert_eq!(location, format!("/api/v1/area-plan-entries/{entry}"));
    // An organisation of no actor of the map is refused by name.
    let (status, problem) = send_json(
        &s.app,
        &s.coordinator,
        reqwest::Method::POST,
        &format!("/api/v1/areas/{}/area-plan", s.area),
        json!({"responsibility": "X", "organisation_id": 1, "contact_function": "Y"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(problem.to_string().contains("organisationen finns inte bland närområdets aktörer"), "{problem}");

    let plan: serde_json::Value = s.app.get(&format!("/api/v1/areas/{}/area-plan", s.area)).await.json().await.unwrap();
    assert_eq!(plan["entries"][0]["stale"], false);
    let next = today.checked_add_months(chrono::Months::new(1)).unwrap().to_string();
    assert_eq!(plan["entries"][0]["next_review"], next.as_str());
    assert_eq!(plan["current_percent"], 100);
    // Two months on (asked with `at`), a monthly entry is stale.
    let later = today.checked_add_months(chrono::Months::new(2)).unwrap();
    let plan: serde_json::Value =
        s.app.get(&format!("/api/v1/areas/{}/area-plan?at={later}", s.area)).await.json().await.unwrap();
    assert_eq!((plan["stale"].as_i64(), plan["entries"][0]["stale"].as_bool()), (Some(1), Some(true)), "{plan}");

    // The review of today: a review in the future is refused by name.
    let reviews = format!("/api/v1/area-plan-entries/{entry}/reviews");
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap().to_string();
    let (status, problem) = send_json(
        &s.app,
        &s.coordinator,
        reqwest::Method::POST,
        &reviews,
        json!({"reviewed_on": tomorrow, "reviewed_by": "Samordnare", "changes": "Ingen"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(problem.to_string().contains("kan inte vara ett datum efter i dag"), "{problem}");
    let (review, _) = created_at(&s.app, &s.coordinator, &reviews, json!({"reviewed_on": today.to_string(), "reviewed_by": "Samordnare i närområdet", "changes": "Ny kontaktfunktion"})).await;
    let got: serde_json::Value = s.app.get(&format!("/api/v1/area-plan-reviews/{review}")).await.json().await.unwrap();
    assert_eq!(got["entry_id"], entry);

    // A change from today; yesterday's plan had no entry, today's has the new words.
    let (status, _) = send_json(&s.app, &s.coordinator, reqwest::Method::PUT, &location, json!({"responsibility": "Hemtjänst", "organisation_id": s.organisation, "contact_function": "Verksamhetschef"})).await;
    assert_eq!(status, 200);
    let got: serde_json::Value = s.app.get(&location).await.json().await.unwrap();
    assert_eq!(
        (got["contact_function"].as_str(), got["review_interval_months"].as_i64()),
        (Some("Verksamhetschef"), Some(12))
    );
    assert_eq!(got["reviews"][0]["changes"], "Ny kontaktfunktion");
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap();
    let past: serde_json::Value =
        s.app.get(&format!("/api/v1/areas/{}/area-plan?at={yesterday}", s.area)).await.json().await.unwrap();
    assert_eq!(past["entries"], json!([]));
    assert_eq!(s.app.get(&format!("/api/v1/areas/{}/area-plan?at=2026-13-01", s.area)).await.status(), 400);

    // The review list through the API: the coordinator's entry, next reviewed a year from
    // today's review; a bad limit named; no token, no list; another area's coordinator sees
    // nothing of this area.
    let list_of = |who: &Caller, query: &'static str| {
        let request = s
            .app
            .client
            .get(format!("{}/api/v1/area-plan-review-list{query}", s.app.base))
            .bearer_auth(who.bearer.clone().unwrap());
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (status, list) = list_of(&s.coordinator, "").await;
    assert_eq!(status, 200, "{list}");
    let next = today.checked_add_months(chrono::Months::new(12)).unwrap().to_string();
    assert_eq!(
        (list["entries"][0]["id"].as_i64(), list["entries"][0]["next_review"].as_str(), list["stale"].as_i64()),
        (Some(entry), Some(next.as_str()), Some(0)),
        "{list}"
    );
    let (status, problem) = list_of(&s.coordinator, "?limit=0").await;
    assert_eq!(status, 400);
    assert!(problem.to_string().contains("limit: ska vara ett heltal från 1 till 200"), "{problem}");
    assert_eq!(s.app.get("/api/v1/area-plan-review-list").await.status(), 401);
    let other_area = s.app.store.areas(today, samverkan_store::Page::ALL).await.unwrap().items[1].area.id;
    let stranger = caller(&s.app.store, "annan", Role::AreaCoordinator, None, Some(other_area)).await;
    let (_, theirs) = list_of(&stranger, "?limit=200").await;
    assert!(theirs["entries"].as_array().unwrap().iter().all(|e| e["id"].as_i64() != Some(entry)), "{theirs}");

    // The pages: the coordinator's review list; a review by a page; the area page's currency.
    let list = page_as(&s.app, &s.coordinator, "/granskningar").await;
    assert!(list.contains("Hemtjänst") && list.contains("0 av 1 poster behöver granskas"), "{list}");
    let path = format!("/naromradesplan/{entry}/granska");
    let form = page_as(&s.app, &s.coordinator, &path).await;
    assert!(form.contains("Granskad av"), "{form}");
    let bad = json!({"reviewed_on": today.to_string(), "reviewed_by": "", "changes": "Ingen ändring"});
    let response = submit(&s.app, &s.coordinator, &reqwest::Method::POST, &path, &bad).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("id=\"f-reviewed_by-error\""));
    let good = json!({"reviewed_on": today.to_string(), "reviewed_by": "Samordnare", "changes": "Ingen ändring"});
    let response = submit(&s.app, &s.coordinator, &reqwest::Method::POST, &path, &good).await;
    assert_eq!(response.status(), 303);
    let page = page_as(&s.app, &s.coordinator, &crate::helpers::location(&response)).await;
    assert!(page.contains("1 av 1 poster aktuella"), "{page}");
    let entry_page = s.app.page(&format!("/naromradesplan/{entry}")).await;
    assert!(entry_page.contains("Ingen ändring") && entry_page.contains("Ny kontaktfunktion"), "{entry_page}");
    let area = s.app.page(&format!("/omraden/{}", s.area)).await;
    assert!(area.contains("100\u{a0}% av posterna aktuella, 0 av 1 behöver granskas"), "{area}");
    // Anonymous callers have no review list.
    assert_eq!(s.app.get("/granskningar").await.status(), 401);
}

/// An agreement worked by local action plans lists the plans implementing it on its page, the
/// latest started first, with all of them on a page of their own.
#[tokio::test]
async fn an_agreement_lists_the_action_plans_that_implement_it() {
    let s = setup().await;
    let leader = caller(&s.app.store, "processledare", Role::Admin, None, None).await;
    let body = json!({"title": "Demenssjukdom", "kind": "subject_area", "target_groups": ["elderly"],
        "implementation_models": ["local_action_plans"], "digital_support_models": ["no_digital_support"]});
    let (agreement, _) = created_at(&s.app, &leader, "/api/v1/agreements", body).await;
    let by_plans = s.app.store.action_plan_agreements().await.unwrap();
    let empty = s.app.page(&format!("/overenskommelser/{agreement}")).await;
    assert!(empty.contains("Inga lokala handlingsplaner i närområdena genomför överenskommelsen ännu."), "{empty}");
    for month in 1..=12 {
        let body = json!({"title": format!("Plan {month:02}"), "target_group": "elderly", "goal": "Färre undvikbara inläggningar",
            "starts_on": format!("2025-{month:02}-01"), "agreement_id": agreement});
        created_at(&s.app, &s.coordinator, &format!("/api/v1/areas/{}/action-plans", s.area), body).await;
    }
    let page = s.app.page(&format!("/overenskommelser/{agreement}")).await;
    assert!(
        page.contains("12 lokala handlingsplaner i närområdena genomför överenskommelsen; här de 10 senast startade."),
        "{page}"
    );
    assert!(
        page.contains("Plan 12") && page.contains("Plan 03") && !page.contains("Plan 02"),
        "the ten latest: {page}"
    );
    let all = format!("/overenskommelser/{agreement}/handlingsplaner");
    assert!(page.contains(&format!("<a href=\"{all}\">Alla 12 handlingsplaner</a>")), "{page}");
    let list = s.app.page(&all).await;
    let positions: Vec<usize> = (1..=12).rev().map(|m| list.find(&format!("Plan {m:02}")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "all twelve, the latest started first");
    assert_eq!(s.app.get(&format!("{all}?sida=2")).await.status(), 404);
    assert_eq!(s.app.get("/overenskommelser/999999/handlingsplaner").await.status(), 404);
    // An agreement worked otherwise, with no plan, says nothing of plans.
    let others: Vec<i64> =
        s.app.json("/api/v1/agreements").await.as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();
    let other = others.into_iter().find(|id| by_plans.iter().all(|a| i64::from(a.id) != *id)).unwrap();
    assert!(!s.app.page(&format!("/overenskommelser/{other}")).await.contains("Lokala handlingsplaner"));
}
