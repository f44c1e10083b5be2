//! An area's actor map on either database: adding an actor (and its organisation, once), who may,
//! the map's reads (filters, counts, due for a check), and importing a list: a bad list writes
//! nothing and names every bad row, the same list twice changes nothing, a changed row is an
//! update, a dry run writes nothing.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use samverkan_domain::local::actor_map::{PROVIDER_REFUSED, SAME_ACTOR_NAME};
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::{Grant, Input, Role};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::entity::{area, audit_event, organisation, party, service};
use crate::local::actors::ActorFilter;
use crate::local::actors_import::{ImportError, Outcome};
use crate::read::Page;
use crate::store::Store;
use crate::write::{Actor, WriteError};

async fn seeded(name: &str) -> (Store, Option<tempfile::TempDir>) {
    let (store, dir) = crate::test_support::test_store(&format!("actors_{name}")).await;
    store.seed_reference_data().await.unwrap();
    (store, dir)
}

/// The first area of a municipality (by its code), and the municipality.
async fn area_of(store: &Store, code: &str) -> (i32, i32) {
    let p = party::Entity::find().filter(party::Column::Code.eq(code)).one(&store.db).await.unwrap().unwrap();
    let a = area::Entity::find().filter(area::Column::PartyId.eq(p.id)).one(&store.db).await.unwrap().unwrap();
    (a.id, p.id)
}

fn coordinator(area: i32) -> Actor {
    Actor::user(99, vec![Grant::new(Role::AreaCoordinator, None, Some(area)).unwrap()])
}

fn json_input(v: serde_json::Value) -> Input {
    Input::from_json(v).unwrap()
}

async fn events(store: &Store) -> u64 {
    audit_event::Entity::find().count(&store.db).await.unwrap()
}

fn today() -> NaiveDate {
    crate::clock::Clock::default().today()
}

#[tokio::test]
async fn a_coordinator_adds_actors_to_their_area_and_the_map_reads_them() {
    let (store, _dir) = seeded("add").await;
    let (nacka, _) = area_of(&store, "0182").await;
    let (solna, _) = area_of(&store, "0184").await;
    let who = coordinator(nacka);
    let church = json!({"name": "Nacka församling", "category": "faith_community", "sector": "civil_society",
        "status": "active", "address": "Kyrkvägen 1", "email": "Exp@Nacka-Forsamling.se", "contact_role": "Diakon"});
    let first = store.create_actor(&who, nacka, json_input(church.clone())).await.unwrap();
    // The same name at another address: another service of the same organisation.
    let mut second = church.clone();
    second["address"] = json!("Kyrkvägen 9");
    second["category"] = json!("local_association");
    let second = store.create_actor(&who, nacka, json_input(second)).await.unwrap();
    let rows = service::Entity::find().filter(service::Column::Id.is_in([first, second])).all(&store.db).await.unwrap();
    assert_eq!(rows[0].organisation_id, rows[1].organisation_id, "one actor, two services");
    let org = organisation::Entity::find_by_id(rows[0].organisation_id).one(&store.db).await.unwrap().unwrap();
    assert_eq!((org.party_id, org.area_id, org.kind.as_str()), (None, Some(nacka), "other"));
    assert_eq!(rows[0].verified_on, Some(today()), "saving is a check");
    // The same actor again is refused, naming the field.
    match store.create_actor(&who, nacka, json_input(church)).await {
        Err(WriteError::Invalid(i)) => assert_eq!(i.message("name"), Some(SAME_ACTOR_NAME)),
        other => panic!("{other:?}"),
    }
    // Another area's is not theirs; nor its organisations to provide a service of theirs.
    let elsewhere =
        json!({"name": "Solna hemtjänst", "category": "home_care", "sector": "municipality", "status": "active"});
    assert!(matches!(
        store.create_actor(&who, solna, json_input(elsewhere.clone())).await,
        Err(WriteError::NotPermitted)
    ));
    let theirs = store.create_actor(&coordinator(solna), solna, json_input(elsewhere)).await.unwrap();
    let their_org = store.service(theirs).await.unwrap().unwrap().organisation.id;
    let borrowed = json!({"name": "Lånad", "category": "home_care", "sector": "private", "status": "active",
        "organisation_id": their_org});
    match store.create_actor(&who, nacka, json_input(borrowed)).await {
        Err(WriteError::Invalid(i)) => assert_eq!(i.message("organisation_id"), Some(PROVIDER_REFUSED)),
        other => panic!("{other:?}"),
    }

    let map = store.area_actors(nacka, today(), ActorFilter::default(), Page::ALL).await.unwrap();
    assert_eq!(map.items.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Nacka församling", "Nacka församling"]);
    assert_eq!(map.items[0].email.as_deref(), Some("exp@nacka-forsamling.se"));
    let churches = ActorFilter { category: Some(ServiceCategory::FaithCommunity), sector: Some(Sector::CivilSociety) };
    assert_eq!(store.area_actors(nacka, today(), churches, Page::ALL).await.unwrap().total, 1);
    let counts = store.area_actor_counts(nacka, today()).await.unwrap();
    assert_eq!(
        counts,
        [(ServiceCategory::FaithCommunity, 1), (ServiceCategory::LocalAssociation, 1)],
        "in the categories' order"
    );
    // The coordinator may rename the organisation their map recorded.
    let rename =
        Input::from_form([("name".to_owned(), "Nacka pastorat".to_owned()), ("kind".to_owned(), "other".to_owned())]);
    store.update_organisation(&who, org.id, rename).await.unwrap();
}

#[tokio::test]
async fn an_old_check_is_due_and_a_change_checks_again() {
    let (store, _dir) = seeded("due").await;
    let (area, municipality) = area_of(&store, "0182").await;
    let editor = Actor::user(98, vec![Grant::new(Role::PartyEditor, Some(municipality), None).unwrap()]);
    let fields = json!({"name": "Hemtjänst Öst", "category": "home_care", "sector": "municipality", "status": "active",
        "verified_on": "2020-05-01"});
    let id = store.create_actor(&editor, area, json_input(fields.clone())).await.unwrap();
    let due = store.area_actors_due(area, today(), Page::ALL).await.unwrap();
    assert_eq!(due.items.iter().map(|s| s.id).collect::<Vec<_>>(), [id]);
    let mut again = fields;
    again.as_object_mut().unwrap().remove("verified_on");
    store.update_actor(&editor, id, json_input(again)).await.unwrap();
    assert_eq!(store.area_actors_due(area, today(), Page::ALL).await.unwrap().total, 0);
    let future = json!({"name": "Hemtjänst Öst", "category": "home_care", "sector": "municipality", "status": "active",
        "verified_on": "2999-01-01"});
    assert!(matches!(store.update_actor(&editor, id, json_input(future)).await, Err(WriteError::Invalid(_))));
    // Another area's coordinator may not change it.
    let (other, _) = area_of(&store, "0184").await;
    let fields = json!({"name": "X", "category": "home_care", "sector": "municipality", "status": "active"});
    assert!(matches!(
        store.update_actor(&coordinator(other), id, json_input(fields)).await,
        Err(WriteError::NotPermitted)
    ));
}

const HEADER: &str =
    "Namn;Kategori;Sektor;Status;Adress;Telefon;Webb;E-post;HSA-id;Kontaktfunktion;Senast kontrollerad";

fn list(rows: &[&str]) -> Vec<u8> {
    format!("\u{FEFF}{HEADER}\r\n{}\r\n", rows.join("\r\n")).into_bytes()
}

#[tokio::test]
async fn an_import_is_all_or_nothing_and_the_same_list_twice_changes_nothing() {
    let (store, _dir) = seeded("import").await;
    let (area, _) = area_of(&store, "0182").await;
    let who = coordinator(area);
    let good = [
        "Fisksätra vårdcentral;Vårdcentral;Privat;;Fisksätra torg 5;08-555 000 00;;;SE5566778899-1A2B;Verksamhetschef;",
        "Nacka hemtjänst;Hemtjänst;Kommun;Aktiv;Granitvägen 15;;https://nacka.se;hemtjanst@nacka.se;;Enhetschef;2026-01-10",
    ];
    let before = events(&store).await;
    let bad = list(&[good[0], "Utan kategori;;Kommun;;;;;;;;", "Fel;Vårdcentral;Region;;;;;;SE1;;"]);
    match store.import_actors(&who, area, &bad, false).await {
        Err(ImportError::Rows(errors)) => {
            let named: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
            assert_eq!(named, [(3, "Kategori"), (4, "HSA-id")]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(events(&store).await, before, "a bad list writes nothing");

    let dry = store.import_actors(&who, area, &list(&good), true).await.unwrap();
    assert_eq!((dry.created(), dry.changed(), dry.unchanged()), (2, 0, 0));
    assert_eq!(events(&store).await, before, "a dry run writes nothing");

    let done = store.import_actors(&who, area, &list(&good), false).await.unwrap();
    assert_eq!(done.created(), 2);
    // Two organisations, two services and the import: five events.
    assert_eq!(events(&store).await, before + 5);
    let map = store.area_actors(area, today(), ActorFilter::default(), Page::ALL).await.unwrap();
    assert_eq!(map.total, 2);
    let home_care = map.items.iter().find(|s| s.name == "Nacka hemtjänst").unwrap();
    assert_eq!(home_care.verified_on, NaiveDate::from_ymd_opt(2026, 1, 10));

    let after_first = events(&store).await;
    let again = store.import_actors(&who, area, &list(&good), false).await.unwrap();
    assert_eq!((again.created(), again.changed(), again.unchanged()), (0, 0, 2));
    assert_eq!(events(&store).await, after_first, "the same list again changes nothing");
    // The export of the map reads back to the same actors: nothing to change.
    let rows: Vec<_> = map.items.iter().map(|s| s.row()).collect();
    let export = samverkan_domain::local::actor_csv::write_csv(&rows);
    let back = store.import_actors(&who, area, export.as_bytes(), true).await.unwrap();
    assert_eq!(back.unchanged(), 2, "{back:?}");

    // A changed row (found by its HSA-id) is an update naming the columns that changed.
    let changed = good[0].replace("Fisksätra vårdcentral;", "Fisksätra Vårdcentral AB;");
    let report = store.import_actors(&who, area, &list(&[&changed, good[1]]), false).await.unwrap();
    match &report.rows[0].outcome {
        Outcome::Changed { columns, .. } => assert_eq!(columns, &["Namn"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(events(&store).await, after_first + 2, "one update and the import");
    assert_eq!(store.area_actors(area, today(), ActorFilter::default(), Page::ALL).await.unwrap().total, 2);

    // Another area's coordinator may not import into this area.
    let (other, _) = area_of(&store, "0184").await;
    assert!(matches!(
        store.import_actors(&coordinator(other), area, &list(&good), true).await,
        Err(ImportError::Write(WriteError::NotPermitted))
    ));
}
