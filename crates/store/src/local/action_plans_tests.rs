//! Local action plans in the store, on either database: a plan with activities and follow-up
//! notes made by the area's coordinator, its progress and overdue activities, an agreement
//! without the working model refused, another area's meeting refused, a stranger refused.
#![allow(clippy::unwrap_used)]

use chrono::Days;
use samverkan_domain::local::action_plans::ActivityStatus;
use samverkan_domain::{Grant, Input, Role};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::entity::area;
use crate::write::{Actor, WriteError};

fn coordinator(area: i32) -> Actor {
    Actor::user(99, vec![Grant::new(Role::AreaCoordinator, None, Some(area)).unwrap()])
}

fn input(v: serde_json::Value) -> Input {
    Input::from_json(v).unwrap()
}

#[tokio::test]
async fn a_plan_with_activities_shows_its_progress_and_what_is_overdue() {
    let (store, _dir) = crate::test_support::test_store("action_plans").await;
    store.seed_reference_data().await.unwrap();
    let areas = area::Entity::find().all(&store.db).await.unwrap();
    let (a, other) = (areas[0].clone(), areas.iter().find(|x| x.party_id != areas[0].party_id).unwrap().clone());
    let me = coordinator(a.id);
    let today = store.clock.today();
    let plan = json!({"title": "Äldres läkemedel", "target_group": "elderly", "goal": "Färre fallolyckor", "starts_on": today.to_string()});
    let id = store.create_action_plan(&me, a.id, input(plan.clone())).await.unwrap();
    assert!(matches!(
        store.create_action_plan(&coordinator(other.id), a.id, input(plan)).await,
        Err(WriteError::NotPermitted)
    ));

    let Err(WriteError::Invalid(e)) = store
        .create_action_plan(
            &me,
            a.id,
            input(json!({"title": "X", "target_group": "lss", "goal": "Y", "starts_on": "2026-05-01", "ends_on": "2026-04-30", "agreement_id": 1, "meeting_id": 999999})),
        )
        .await
    else {
        panic!("refused")
    };
    assert_eq!(e.message("ends_on"), Some("kan inte vara före startdatumet"));
    assert_eq!(e.message("meeting_id"), Some("det finns inget möte med id 999999"));
    assert!(e.message("agreement_id").is_some());

    let yesterday = today.checked_sub_days(Days::new(1)).unwrap().to_string();
    store
        .add_activity(&me, id, input(json!({"description": "Kartlägg", "owner_function": "MAS", "due_on": yesterday, "status": "in_progress", "progress": 50})))
        .await
        .unwrap();
    let done = store
        .add_activity(
            &me,
            id,
            input(json!({"description": "Utbilda", "owner_function": "Enhetschef", "status": "done"})),
        )
        .await
        .unwrap();
    let Err(WriteError::Invalid(e)) = store
        .add_activity(
            &me,
            id,
            input(json!({"description": "X", "owner_function": "Y", "status": "done", "progress": 101})),
        )
        .await
    else {
        panic!("refused")
    };
    assert_eq!(e.message("progress"), Some("ska vara ett heltal från 0 till 100"));
    store.add_follow_up(&me, id, input(json!({"noted_on": today.to_string(), "note": "Halvvägs"}))).await.unwrap();

    let d = store.action_plan(id).await.unwrap().unwrap();
    assert_eq!(d.plan.progress, Some(75), "(50 + 100) / 2");
    assert_eq!(d.plan.overdue, 1);
    assert!(d.activities[0].overdue && d.activities[0].description == "Kartlägg");
    assert_eq!(d.notes.len(), 1);

    store
        .update_activity(
            &me,
            done,
            input(json!({"description": "Utbilda", "owner_function": "Enhetschef", "status": "cancelled"})),
        )
        .await
        .unwrap();
    let d = store.action_plan(id).await.unwrap().unwrap();
    assert_eq!(d.plan.progress, Some(50), "a cancelled activity does not count");
    assert!(d.activities.iter().any(|a| a.status == ActivityStatus::Cancelled));
    assert_eq!(store.area_action_plans(a.id).await.unwrap().len(), 1);
}
