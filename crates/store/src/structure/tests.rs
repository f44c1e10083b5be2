//! The structure's writes together: who may change what (a record is its owner's, not its
//! place's), fields refused whole, a handover in one step.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use samverkan_domain::{Grant, Input, Role};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::audit::AuditCheck;
use crate::entity::{appointment, area, body, function, organisation, party, person};
use crate::store::Store;
use crate::write::{Actor, WriteError};

async fn seeded(name: &str) -> (Store, Option<tempfile::TempDir>) {
    let (store, dir) = crate::test_support::test_store(&format!("edits_{name}")).await;
    store.seed_reference_data().await.unwrap();
    (store, dir)
}

async fn party_id(store: &Store, code: &str) -> i32 {
    party::Entity::find().filter(party::Column::Code.eq(code)).one(&store.db).await.unwrap().unwrap().id
}

fn actor(role: Role, party: Option<i32>, area: Option<i32>) -> Actor {
    Actor::user(99, vec![Grant::new(role, party, area).unwrap()])
}

fn form(fields: &[(&str, &str)]) -> Input {
    Input::from_form(fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
}

/// Rows that any edit might touch, and the audit trail's length: a refused write changes none.
async fn footprint(store: &Store) -> [u64; 5] {
    let db = &store.db;
    [
        function::Entity::find().count(db).await.unwrap(),
        appointment::Entity::find().count(db).await.unwrap(),
        person::Entity::find().count(db).await.unwrap(),
        body::Entity::find().count(db).await.unwrap(),
        crate::entity::audit_event::Entity::find().count(db).await.unwrap(),
    ]
}

#[tokio::test]
async fn a_party_editor_changes_their_party_and_nothing_else() {
    let (store, _dir) = seeded("scope").await;
    let (nacka, solna) = (party_id(&store, "0182").await, party_id(&store, "0184").await);
    let editor = actor(Role::PartyEditor, Some(nacka), None);
    let new_function = |party: i32| {
        form(&[
            ("name", "Samordnare äldreomsorg"),
            ("kind", "other"),
            ("party_id", &party.to_string()),
            ("valid_from", "2025-01-01"),
        ])
    };
    let id = store.create_function(&editor, new_function(nacka)).await.unwrap();
    let f = function::Entity::find_by_id(id).one(&store.db).await.unwrap().unwrap();
    assert_eq!((f.name.as_str(), f.party_id), ("Samordnare äldreomsorg", Some(nacka)));

    let before = footprint(&store).await;
    for refused in [
        editor.clone(),
        actor(Role::Reader, None, None),
        actor(Role::PartyEditor, Some(solna), None),
        Actor { audit_name: "user:1".into(), grants: vec![] },
    ] {
        let target = if refused == editor { solna } else { nacka };
        let err = store.create_function(&refused, new_function(target)).await.unwrap_err();
        assert!(matches!(err, WriteError::NotPermitted), "{refused:?}: {err:?}");
        if refused != editor {
            let err = store.update_function(&refused, id, new_function(target)).await;
            assert!(matches!(err, Err(WriteError::NotPermitted)), "{refused:?}");
        }
    }
    // A joint record (a sub-region) is the process leaders' alone.
    let sub = form(&[("name", "Nya delregionen"), ("valid_from", "2025-01-01")]);
    assert!(matches!(store.create_sub_region(&editor, sub).await, Err(WriteError::NotPermitted)));
    assert_eq!(footprint(&store).await, before, "a refused write changes nothing");
    let admin = actor(Role::Admin, None, None);
    let sub = form(&[("name", "Nya delregionen"), ("valid_from", "2025-01-01")]);
    assert!(store.create_sub_region(&admin, sub).await.is_ok());
}

#[tokio::test]
async fn bad_fields_are_named_and_nothing_is_written() {
    let (store, _dir) = seeded("invalid").await;
    let nacka = party_id(&store, "0182").await;
    let editor = actor(Role::PartyEditor, Some(nacka), None);
    let before = footprint(&store).await;
    let input = form(&[("name", ""), ("kind", "chef"), ("party_id", &nacka.to_string()), ("valid_from", "2025-02-30")]);
    let Err(WriteError::Invalid(invalid)) = store.create_function(&editor, input).await else {
        panic!("expected field errors");
    };
    assert_eq!(invalid.message("name"), Some("måste fyllas i"));
    assert!(invalid.message("kind").unwrap().contains("okänd typ"));
    assert!(invalid.message("valid_from").is_some());
    assert_eq!(footprint(&store).await, before);
}

#[tokio::test]
async fn a_handover_ends_one_holder_and_starts_the_next_in_one_step() {
    let (store, _dir) = seeded("handover").await;
    let nacka = party_id(&store, "0182").await;
    let editor = actor(Role::PartyEditor, Some(nacka), None);
    let org = organisation::Entity::find().one(&store.db).await.unwrap().unwrap().id.to_string();
    let function = store
        .create_function(
            &editor,
            form(&[
                ("name", "Kontaktperson"),
                ("kind", "other"),
                ("party_id", &nacka.to_string()),
                ("valid_from", "2024-01-01"),
            ]),
        )
        .await
        .unwrap();
    let first = store
        .hand_over_function(
            &editor,
            function,
            form(&[
                ("valid_from", "2024-01-01"),
                ("organisation_id", &org),
                ("person_name", "Anna Berg"),
                ("person_email", "Anna.Berg@Nacka.se"),
            ]),
        )
        .await
        .unwrap();
    let second = store
        .hand_over_function(
            &editor,
            function,
            form(&[("valid_from", "2025-03-01"), ("organisation_id", &org), ("person_name", "Karin Ek")]),
        )
        .await
        .unwrap();
    let ended = appointment::Entity::find_by_id(first).one(&store.db).await.unwrap().unwrap();
    let started = appointment::Entity::find_by_id(second).one(&store.db).await.unwrap().unwrap();
    assert_eq!(ended.valid_to, Some(NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()));
    assert_eq!((started.valid_from, started.valid_to), (NaiveDate::from_ymd_opt(2025, 3, 1), None));
    let anna = person::Entity::find_by_id(ended.person_id.unwrap()).one(&store.db).await.unwrap().unwrap();
    assert_eq!(anna.email.as_deref(), Some("anna.berg@nacka.se"));
    // Each appointment is read on its own, with its function, holder, person and period.
    let holding = store.holding(first).await.unwrap().unwrap();
    assert_eq!((holding.appointment_id, holding.function.id), (first, function));
    assert_eq!(holding.person.map(|p| p.name).as_deref(), Some("Anna Berg"));
    assert_eq!(holding.period.to(), Some(NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()));
    assert_eq!(store.holding(second + 1000).await.unwrap(), None);

    // Going back behind the latest holder is refused, naming the field, and changes nothing.
    let before = footprint(&store).await;
    let Err(WriteError::Invalid(invalid)) = store
        .hand_over_function(&editor, function, form(&[("valid_from", "2024-06-01"), ("organisation_id", &org)]))
        .await
    else {
        panic!("expected a refusal");
    };
    assert!(invalid.message("valid_from").unwrap().contains("2025-03-01"));
    assert_eq!(footprint(&store).await, before);

    // Closing the function ends the holder with it.
    let update =
        form(&[("name", "Kontaktperson"), ("kind", "other"), ("valid_from", "2024-01-01"), ("valid_to", "2025-12-31")]);
    store.update_function(&editor, function, update).await.unwrap();
    let started = appointment::Entity::find_by_id(second).one(&store.db).await.unwrap().unwrap();
    assert_eq!(started.valid_to, Some(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()));

    let events = store.audit_events_of("function", &function.to_string()).await.unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["update", "handover", "handover", "create"], "newest first");
    assert!(events.iter().all(|e| e.actor == "user:99"));
    assert!(matches!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { .. }));
}

async fn named<E: EntityTrait>(store: &Store, column: E::Column, name: &str) -> E::Model
where
    E::Column: ColumnTrait,
{
    E::find().filter(column.eq(name)).one(&store.db).await.unwrap().unwrap()
}

/// Issue 11's findings 1–3 on the reference data: a record is its owner's, not its place's,
/// and nothing is written into, or names, another party's scope.
#[tokio::test]
async fn ownership_not_place_decides_who_may_change_a_record() {
    let (store, _dir) = seeded("ownership").await;
    let (region, nacka, stockholm) =
        (party_id(&store, "01").await, party_id(&store, "0182").await, party_id(&store, "0180").await);
    let nacka_editor = actor(Role::PartyEditor, Some(nacka), None);
    let region_editor = actor(Role::PartyEditor, Some(region), None);
    let stockholm_editor = actor(Role::PartyEditor, Some(stockholm), None);
    let health_centre =
        named::<function::Entity>(&store, function::Column::Name, "Samordnande vårdcentral, Nacka").await;
    let nacka_area = health_centre.area_id.unwrap();
    let before = footprint(&store).await;

    // 1. The Region's coordinating health centre in Nacka's area is the Region's.
    let rename = || {
        form(&[
            ("name", "Samordnande vårdcentral, Nacka"),
            ("kind", "coordinating_health_centre"),
            ("valid_from", "2023-01-01"),
        ])
    };
    let stockholm_office =
        named::<organisation::Entity>(&store, organisation::Column::Name, "Bromma stadsdelsförvaltning").await;
    let take_over = form(&[("valid_from", "2026-01-01"), ("organisation_id", &stockholm_office.id.to_string())]);
    assert!(matches!(
        store.update_function(&nacka_editor, health_centre.id, rename()).await,
        Err(WriteError::NotPermitted)
    ));
    assert!(matches!(
        store.hand_over_function(&nacka_editor, health_centre.id, take_over).await,
        Err(WriteError::NotPermitted)
    ));
    assert_eq!(footprint(&store).await, before);
    store.update_function(&region_editor, health_centre.id, rename()).await.unwrap();

    // 2. A Stockholm person appointed to a Nacka function stays Stockholm's.
    let bromma =
        named::<function::Entity>(&store, function::Column::Name, "Kommunens samordnande funktion, Bromma").await;
    let appointment = store
        .hand_over_function(
            &stockholm_editor,
            bromma.id,
            form(&[
                ("valid_from", "2026-01-01"),
                ("organisation_id", &stockholm_office.id.to_string()),
                ("person_name", "Eva Lund"),
            ]),
        )
        .await
        .unwrap();
    let eva = appointment::Entity::find_by_id(appointment).one(&store.db).await.unwrap().unwrap().person_id.unwrap();
    let nacka_function =
        named::<function::Entity>(&store, function::Column::Name, "Kommunens samordnande funktion, Nacka").await;
    let nacka_office = store
        .create_organisation(
            &nacka_editor,
            form(&[
                ("name", "Nacka kommun"),
                ("kind", "administration"),
                ("party_id", &nacka.to_string()),
                ("valid_from", "2020-01-01"),
            ]),
        )
        .await
        .unwrap();
    store
        .hand_over_function(
            &nacka_editor,
            nacka_function.id,
            form(&[
                ("valid_from", "2026-01-01"),
                ("organisation_id", &nacka_office.to_string()),
                ("person_id", &eva.to_string()),
            ]),
        )
        .await
        .unwrap();
    let details = form(&[("name", "Eva Lund"), ("email", "eva@example.se")]);
    assert!(matches!(store.update_person(&nacka_editor, eva, details).await, Err(WriteError::NotPermitted)));
    let details = form(&[("name", "Eva Lund"), ("email", "eva@example.se")]);
    store.update_person(&stockholm_editor, eva, details).await.unwrap();

    // 3. Nothing labelled with another party: a body, a holder, a member.
    let before = footprint(&store).await;
    let coordinator = actor(Role::AreaCoordinator, None, Some(nacka_area));
    let stockholm_body = form(&[
        ("name", "Stockholms grupp"),
        ("level", "local"),
        ("kind", "other"),
        ("party_id", &stockholm.to_string()),
        ("valid_from", "2025-01-01"),
    ]);
    assert!(matches!(store.create_body(&coordinator, stockholm_body).await, Err(WriteError::NotPermitted)));
    let labelled = form(&[
        ("name", "Nackas grupp"),
        ("level", "local"),
        ("kind", "other"),
        ("area_id", &nacka_area.to_string()),
        ("party_id", &stockholm.to_string()),
        ("valid_from", "2025-01-01"),
    ]);
    let Err(WriteError::Invalid(invalid)) = store.create_body(&coordinator, labelled).await else {
        panic!("a body of Nacka's area labelled with Stockholm");
    };
    assert!(invalid.message("party_id").is_some());
    let handover = form(&[("valid_from", "2027-01-01"), ("organisation_id", &stockholm_office.id.to_string())]);
    let Err(WriteError::Invalid(invalid)) = store.hand_over_function(&nacka_editor, nacka_function.id, handover).await
    else {
        panic!("a Stockholm district office holding Nacka's function");
    };
    assert!(invalid.message("organisation_id").is_some());
    let local = named::<body::Entity>(&store, body::Column::Name, "Lokal samverkan, Nacka").await;
    let member = |id: i32| form(&[("function_id", &id.to_string()), ("role", "member"), ("valid_from", "2026-01-01")]);
    let Err(WriteError::Invalid(invalid)) = store.add_membership(&coordinator, local.id, member(bromma.id)).await
    else {
        panic!("Stockholm's function in Nacka's local body");
    };
    assert!(invalid.message("function_id").is_some());
    assert_eq!(footprint(&store).await, before, "nothing of the refused writes was kept");
    // The area's own functions, of either party, are the local body's to gather.
    let extra = store
        .create_function(
            &region_editor,
            form(&[
                ("name", "Kontaktsjuksköterska, Nacka"),
                ("kind", "other"),
                ("party_id", &region.to_string()),
                ("area_id", &nacka_area.to_string()),
                ("valid_from", "2025-01-01"),
            ]),
        )
        .await
        .unwrap();
    store.add_membership(&coordinator, local.id, member(extra)).await.unwrap();
}

#[tokio::test]
async fn an_area_coordinator_changes_their_areas_bodies_only() {
    let (store, _dir) = seeded("area").await;
    let areas = area::Entity::find().all(&store.db).await.unwrap();
    let (mine, other) = (&areas[0], &areas[1]);
    let coordinator = actor(Role::AreaCoordinator, None, Some(mine.id));
    let body = |area: i32| {
        form(&[
            ("name", "Lokal samverkansgrupp"),
            ("level", "local"),
            ("kind", "local_collaboration"),
            ("area_id", &area.to_string()),
            ("valid_from", "2025-01-01"),
        ])
    };
    let id = store.create_body(&coordinator, body(mine.id)).await.unwrap();
    assert!(matches!(store.create_body(&coordinator, body(other.id)).await, Err(WriteError::NotPermitted)));
    // Nor may they move their body to another area.
    let Err(WriteError::Invalid(invalid)) = store.update_body(&coordinator, id, body(other.id)).await else {
        panic!("moving out of scope must be refused");
    };
    assert!(invalid.message("party_id").is_some());
    // Functions are the parties': a coordinator does not create them.
    let function =
        form(&[("name", "X"), ("kind", "other"), ("area_id", &mine.id.to_string()), ("valid_from", "2025-01-01")]);
    assert!(matches!(store.create_function(&coordinator, function).await, Err(WriteError::NotPermitted)));
    // The municipality's editor may change the area's body too.
    let editor = actor(Role::PartyEditor, Some(mine.party_id), None);
    assert!(store.update_body(&editor, id, body(mine.id)).await.is_ok());
}
