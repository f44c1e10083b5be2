//! The local area plan in the store, on either database: an entry added, changed and reviewed
//! by the area's coordinator; stale once its review is overdue or its organisation has ended;
//! the plan as it stood on a past date; the coordinator's review list; a stranger writes
//! nothing.
#![allow(clippy::unwrap_used)]

use chrono::{Days, Duration};
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::{Grant, Input, Role};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;

use crate::entity::{area, organisation, service};
use crate::store::Store;
use crate::write::{Actor, WriteError};

fn coordinator(area: i32) -> Actor {
    Actor::user(99, vec![Grant::new(Role::AreaCoordinator, None, Some(area)).unwrap()])
}

fn input(v: serde_json::Value) -> Input {
    Input::from_json(v).unwrap()
}

async fn organisation_of(store: &Store, service_id: i32) -> i32 {
    service::Entity::find_by_id(service_id).one(&store.db).await.unwrap().unwrap().organisation_id
}

#[tokio::test]
async fn an_entry_goes_stale_and_a_review_makes_it_current_again() {
    let (store, _dir) = crate::test_support::test_store("area_plan_review").await;
    store.seed_reference_data().await.unwrap();
    let areas = area::Entity::find().all(&store.db).await.unwrap();
    let (a, other) = (areas[0].clone(), areas.iter().find(|x| x.party_id != areas[0].party_id).unwrap().clone());
    let s1 = store
        .add_test_service(a.id, "Vårdcentral Norr", ServiceCategory::HealthCentre, Sector::Region, None)
        .await
        .unwrap();
    let s2 = store
        .add_test_service(a.id, "Hemtjänst Syd", ServiceCategory::HomeCare, Sector::Municipality, None)
        .await
        .unwrap();
    let elsewhere = store
        .add_test_service(other.id, "Annan vårdcentral", ServiceCategory::HealthCentre, Sector::Region, None)
        .await
        .unwrap();
    let (o1, o2, o3) = (
        organisation_of(&store, s1).await,
        organisation_of(&store, s2).await,
        organisation_of(&store, elsewhere).await,
    );
    let me = coordinator(a.id);
    let day0 = store.clock.today();

    let e1 = store
        .create_area_plan_entry(&me, a.id, input(json!({"responsibility": "Läkemedelsgenomgångar", "organisation_id": o1, "contact_function": "Verksamhetschef"})))
        .await
        .unwrap();
    let e2 = store
        .create_area_plan_entry(&me, a.id, input(json!({"responsibility": "Hemtjänst", "organisation_id": o2, "contact_function": "Enhetschef", "review_interval_months": 6})))
        .await
        .unwrap();
    // Another area's organisation, a stranger, an interval out of range: refused by name.
    let Err(WriteError::Invalid(e)) = store
        .create_area_plan_entry(&me, a.id, input(json!({"responsibility": "X", "organisation_id": o3, "contact_function": "Y", "review_interval_months": 0})))
        .await
    else {
        panic!("refused")
    };
    assert_eq!(e.message("organisation_id"), Some("organisationen finns inte bland närområdets aktörer"));
    assert_eq!(e.message("review_interval_months"), Some("ska vara ett heltal från 1 till 60"));
    let stranger = coordinator(other.id);
    assert!(matches!(
        store
            .create_area_plan_entry(
                &stranger,
                a.id,
                input(json!({"responsibility": "X", "organisation_id": o1, "contact_function": "Y"}))
            )
            .await,
        Err(WriteError::NotPermitted)
    ));

    let plan = store.area_plan(a.id, day0).await.unwrap().unwrap();
    assert_eq!(
        plan.entries.iter().map(|e| e.responsibility.as_str()).collect::<Vec<_>>(),
        ["Hemtjänst", "Läkemedelsgenomgångar"]
    );
    assert_eq!((plan.stale, plan.currency), (0, Some(100)));
    assert_eq!(plan.entries[0].next_review, day0.checked_add_months(chrono::Months::new(6)).unwrap());

    // Seven months on, the six-monthly entry is stale, and first on the coordinator's list.
    store.clock.advance(Duration::days(213));
    let today = store.clock.today();
    let plan = store.area_plan(a.id, today).await.unwrap().unwrap();
    assert_eq!((plan.stale, plan.currency), (1, Some(50)));
    let list = store.review_list(&me.grants, 50).await.unwrap();
    assert_eq!(list.iter().map(|e| e.id).collect::<Vec<_>>(), [e2, e1]);
    assert!(store.review_list(&stranger.grants, 50).await.unwrap().is_empty());

    // A review in the future is refused; one today makes it current.
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap().to_string();
    let Err(WriteError::Invalid(e)) = store
        .review_area_plan_entry(
            &me,
            e2,
            input(json!({"reviewed_on": tomorrow, "reviewed_by": "Samordnare", "changes": "Ingen ändring"})),
        )
        .await
    else {
        panic!("refused")
    };
    assert_eq!(e.message("reviewed_on"), Some("kan inte vara ett datum efter i dag"));
    store
        .review_area_plan_entry(
            &me,
            e2,
            input(
                json!({"reviewed_on": today.to_string(), "reviewed_by": "Samordnare", "changes": "Ny kontaktfunktion"}),
            ),
        )
        .await
        .unwrap();
    let plan = store.area_plan(a.id, today).await.unwrap().unwrap();
    assert_eq!((plan.stale, plan.currency), (0, Some(100)));
    assert_eq!(plan.entries[0].last_review.as_ref().unwrap().changes, "Ny kontaktfunktion");

    // The entry changed today; on the first day the plan still reads as it stood.
    store
        .update_area_plan_entry(
            &me,
            e1,
            input(json!({"responsibility": "Läkemedel i hemmet", "organisation_id": o2, "contact_function": "MAS"})),
        )
        .await
        .unwrap();
    let now = store.area_plan(a.id, today).await.unwrap().unwrap();
    assert!(now.entries.iter().any(|e| e.responsibility == "Läkemedel i hemmet" && e.organisation.id == o2));
    let then = store.area_plan(a.id, day0).await.unwrap().unwrap();
    assert!(then.entries.iter().any(|e| e.responsibility == "Läkemedelsgenomgångar" && e.organisation.id == o1));
    assert!(then.entries.iter().all(|e| e.last_review.is_none()), "the review came later");
    let before = store.area_plan(a.id, day0.checked_sub_days(Days::new(1)).unwrap()).await.unwrap().unwrap();
    assert!(before.entries.is_empty(), "nothing before the plan's first entry");

    // An organisation that has ended makes its entry stale.
    let mut org = organisation::Entity::find_by_id(o2).one(&store.db).await.unwrap().unwrap().into_active_model();
    org.valid_to = Set(Some(today.checked_sub_days(Days::new(1)).unwrap()));
    org.update(&store.db).await.unwrap();
    let plan = store.area_plan(a.id, today).await.unwrap().unwrap();
    assert_eq!(plan.stale, 2, "both entries now name the ended organisation");
    assert!(plan.entries.iter().all(|e| !e.organisation_active));
}

/// A process leader's list across every area, read from the kept next review, is the same as
/// sorting every entry of every area's plan; an organisation that ends brings its entries to
/// the top, and a review moves an entry down, on a county's synthetic data.
#[tokio::test]
async fn the_review_list_is_the_soonest_of_every_plan() {
    let (store, _dir) = crate::test_support::test_store("area_plan_review_list").await;
    store.load_demo_data(crate::Scale::County, 5, &|_| {}).await.unwrap();
    let leader = Actor::user(98, vec![Grant::new(Role::Admin, None, None).unwrap()]);
    let every = |store: &Store| {
        let store = store.clone();
        async move {
            let today = store.clock.today();
            let mut all = Vec::new();
            for a in area::Entity::find().all(&store.db).await.unwrap() {
                all.extend(store.area_plan(a.id, today).await.unwrap().unwrap().entries);
            }
            all.sort_by_key(|e| (!e.stale, e.next_review, e.area.id, e.id));
            all.into_iter().map(|e| e.id).take(25).collect::<Vec<_>>()
        }
    };
    let listed = |store: &Store| {
        let (store, grants) = (store.clone(), leader.grants.clone());
        async move { store.review_list(&grants, 25).await.unwrap().into_iter().map(|e| e.id).collect::<Vec<_>>() }
    };
    let expected = every(&store).await;
    assert_eq!(expected.len(), 25, "the county has more entries than the list shows");
    assert_eq!(listed(&store).await, expected);

    // The organisation of the last of 200 ends: its entries are stale and move up.
    let mut long = store.review_list(&leader.grants, 200).await.unwrap();
    let was = long.len() - 1;
    let last = long.pop().unwrap();
    assert!(!last.stale);
    let mut org = organisation::Entity::find_by_id(last.organisation.id)
        .one(&store.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    org.valid_to = Set(Some(store.clock.today().checked_sub_days(Days::new(1)).unwrap()));
    org.update(&store.db).await.unwrap();
    assert_eq!(listed(&store).await, every(&store).await);
    let long = store.review_list(&leader.grants, 200).await.unwrap();
    let moved = long.iter().position(|e| e.id == last.id).unwrap();
    assert!(moved < was && long[moved].stale, "an entry whose organisation ended is stale, and comes sooner");

    // A review of the first moves it down the list, for its coordinator too.
    let first = store.review_list(&leader.grants, 1).await.unwrap().remove(0);
    let mine = coordinator(first.area.id);
    assert_eq!(store.review_list(&mine.grants, 1).await.unwrap()[0].id, first.id);
    let today = store.clock.today().to_string();
    store
        .review_area_plan_entry(
            &leader,
            first.id,
            input(json!({"reviewed_on": today, "reviewed_by": "Processledare", "changes": "Ingen ändring"})),
        )
        .await
        .unwrap();
    let after = listed(&store).await;
    assert_eq!(after, every(&store).await);
    let theirs = store.review_list(&mine.grants, 50).await.unwrap();
    assert!(theirs.iter().all(|e| e.area.id == first.area.id), "a coordinator sees only their area");
    if !first.stale || first.organisation_active {
        assert_ne!(theirs.first().map(|e| e.id), Some(first.id), "reviewed today, it is not next");
    }
}
