//! A command's fields are its record's columns: every stored record reads back into its command
//! and writes back unchanged, on the reference data, on whichever database the tests run on.
#![allow(clippy::unwrap_used)]

use samverkan_domain::command::Command;
use samverkan_domain::commands::{BodyDetails, FunctionDetails, OrganisationDetails, PersonDetails, SubRegionDetails};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, TryIntoModel};

use super::{Stored, put, take};
use crate::entity::{function, organisation};

async fn round_trip<C>(store: &crate::Store) -> usize
where
    C: Stored,
    <C::Entity as EntityTrait>::Model:
        IntoActiveModel<<C::Entity as EntityTrait>::ActiveModel> + std::fmt::Debug + PartialEq,
    <C::Entity as EntityTrait>::ActiveModel: TryIntoModel<<C::Entity as EntityTrait>::Model>,
{
    let rows = C::Entity::find().all(&store.db).await.unwrap();
    for row in &rows {
        let command: C = take(row).unwrap_or_else(|| panic!("{row:?} does not read into its command"));
        let mut active = row.clone().into_active_model();
        put(&mut active, &command).unwrap();
        assert_eq!(&active.try_into_model().unwrap(), row, "written back, the record changed");
        assert!(!command.values().is_empty());
    }
    rows.len()
}

/// How many records of each kind went round: persons, functions, bodies, organisations,
/// sub-regions.
async fn round_trips(store: &crate::Store) -> [usize; 5] {
    [
        round_trip::<PersonDetails>(store).await,
        round_trip::<FunctionDetails>(store).await,
        round_trip::<BodyDetails>(store).await,
        round_trip::<OrganisationDetails>(store).await,
        round_trip::<SubRegionDetails>(store).await,
    ]
}

#[tokio::test]
async fn every_record_reads_into_its_command_and_writes_back_unchanged() {
    let (store, _dir) = crate::test_support::test_store("fields_round_trip").await;
    store.seed_reference_data().await.unwrap();
    // The sources name no contact persons: one comes with a handover, as people record them.
    let f = function::Entity::find()
        .filter(function::Column::PartyId.is_not_null())
        .filter(function::Column::ValidTo.is_null())
        .one(&store.db)
        .await
        .unwrap()
        .unwrap();
    let o = organisation::Entity::find().filter(organisation::Column::PartyId.eq(f.party_id)).one(&store.db).await;
    let handover = serde_json::json!({
        "valid_from": "2031-01-01", "organisation_id": o.unwrap().unwrap().id,
        "person_name": "Åsa Öberg", "person_title": "Enhetschef", "person_email": "asa.oberg@example.se",
        "person_phone": "08-123 456 78",
    });
    let input = samverkan_domain::Input::from_json(handover).unwrap();
    store.hand_over_function(&crate::test_support::admin_named("test"), f.id, input).await.unwrap();
    assert!(round_trips(&store).await.iter().all(|n| *n > 0));

    let (demo, _dir) = crate::test_support::test_store("fields_round_trip_demo").await;
    demo.load_demo_data(crate::Scale::County, 3, &|_| {}).await.unwrap();
    let [_, functions, bodies, organisations, sub_regions] = round_trips(&demo).await;
    assert!(functions > 0 && bodies > 0 && organisations > 0 && sub_regions > 0);
}

#[tokio::test]
async fn a_field_without_a_column_is_an_error_not_a_silent_loss() {
    samverkan_domain::command! {
        /// A person with a field the table does not have.
        pub struct PersonWithShoeSize {
            name: samverkan_domain::values::Name = "Namn",
            shoe_size: Option<i32> = "Skostorlek",
        }
    }
    let mut input = samverkan_domain::Input::from_json(serde_json::json!({"name": "Anna", "shoe_size": 38})).unwrap();
    let command = PersonWithShoeSize::read(&mut input).unwrap();
    let mut row = <crate::entity::person::ActiveModel as Default>::default();
    let error = put(&mut row, &command).unwrap_err();
    assert!(error.to_string().contains("persons has no column shoe_size"), "{error}");
}
