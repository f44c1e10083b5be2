//! Crisis support in the store, on either database: an activation writes the incident, a
//! recipient per contact and the alerts in one go; the same key used by many at once marks its
//! recipient once; a party editor of the area's municipality writes nothing.
#![allow(clippy::unwrap_used)]

use samverkan_domain::commands::CrisisContactList;
use samverkan_domain::{Grant, Input, Role};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::entity::{area, incident, incident_recipient, outbox_message};
use crate::local::crisis_write::{AckLinks, AckOutcome};
use crate::local::meetings::Mailing;
use crate::write::{Actor, WriteError};

fn mailing() -> Mailing {
    Mailing {
        domain: "samverkan.example.se".to_owned(),
        organizer: "samverkan@samverkan.example.se".to_owned(),
        page: "https://samverkan.example.se/moten/{id}".to_owned(),
        sms: false,
    }
}

fn links() -> AckLinks {
    AckLinks { page: "https://samverkan.example.se/krisstod/kvittens/{key}".to_owned() }
}

#[tokio::test]
async fn an_activation_alerts_the_list_in_one_go_and_a_key_marks_its_recipient_once() {
    let (store, _dir) = crate::test_support::test_store("crisis_activation").await;
    store.seed_reference_data().await.unwrap();
    let a = area::Entity::find().one(&store.db).await.unwrap().unwrap();
    let admin = Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
    let editor = Actor::user(1, vec![Grant::new(Role::PartyEditor, Some(a.party_id), None).unwrap()]);
    let list = || {
        CrisisContactList::from_json(json!({"contacts": [
            {"function": "Krisledare", "holder": "Anna Berg", "phone": "08-718 80 00", "email": "anna@example.se"},
            {"function": "Stabschef", "holder": "Bo Lind", "phone": "08-718 80 01", "email": "bo@example.se"}
        ]}))
    };
    let refused = store.save_crisis_list(&editor, a.id, list()).await;
    assert!(matches!(refused, Err(WriteError::NotPermitted)), "the municipality's editors do not keep it");
    store.save_crisis_list(&admin, a.id, list()).await.unwrap();
    let activation =
        || Input::from_json(json!({"what": "Brand", "place": "Sjötorpet", "occurred_at": "2026-11-30T21:15"})).unwrap();
    assert!(matches!(
        store.activate_crisis(&editor, a.id, activation(), &mailing(), &links()).await,
        Err(WriteError::NotPermitted)
    ));
    assert_eq!(incident::Entity::find().count(&store.db).await.unwrap(), 0);
    let id = store.activate_crisis(&admin, a.id, activation(), &mailing(), &links()).await.unwrap();
    let mail = outbox_message::Entity::find().all(&store.db).await.unwrap();
    assert_eq!(mail.len(), 2);
    let body = &mail.iter().find(|m| m.recipient == "anna@example.se").unwrap().body;
    let key = body.split("/krisstod/kvittens/").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();

    // Eight uses at once: one marks, the rest find it marked.
    let uses = (0..8).map(|_| {
        let (store, key) = (store.clone(), key.clone());
        tokio::spawn(async move { store.acknowledge(&key).await.unwrap() })
    });
    let outcomes: Vec<AckOutcome> = joined(uses).await;
    assert_eq!(outcomes.iter().filter(|o| **o == AckOutcome::Acknowledged).count(), 1, "{outcomes:?}");
    assert!(outcomes.iter().all(|o| matches!(o, AckOutcome::Acknowledged | AckOutcome::Already)));
    let marked = incident_recipient::Entity::find()
        .filter(incident_recipient::Column::IncidentId.eq(id))
        .filter(incident_recipient::Column::AcknowledgedAt.is_not_null())
        .all(&store.db)
        .await
        .unwrap();
    assert_eq!(marked.iter().map(|r| r.function.as_str()).collect::<Vec<_>>(), ["Krisledare"]);
}

async fn joined<T: Send + 'static>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}
