//! The outbox's delivery, on either database: a message is claimed by one worker only, sent
//! once and never claimed again; a dead worker's claim expires; failures back off and end in
//! `failed`; two workers racing for the same messages each get a share, none twice.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use chrono::Duration;
use sea_orm::EntityTrait;

use super::{ClaimedMail, MAX_MAIL_ATTEMPTS, OutboxState, OutgoingMail, enqueue, retry_delay};
use crate::entity::outbox_message;
use crate::store::Store;
use crate::test_support::test_store;

async fn store(name: &str) -> (Store, Option<tempfile::TempDir>) {
    test_store(&format!("outbox_{name}")).await
}

fn mail(to: &str, meeting_id: Option<i32>) -> OutgoingMail {
    OutgoingMail {
        recipient: to.to_owned(),
        subject: "Inbjudan: nätverksmöte".to_owned(),
        body: "Välkommen till nätverksmötet i Järva.".to_owned(),
        calendar: Some(("REQUEST".to_owned(), "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_owned())),
        meeting_id,
    }
}

/// Puts `n` messages in the outbox, as a meeting's write would; their ids.
async fn put(store: &Store, n: usize) -> Vec<i32> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            enqueue(&store.db, mail(&format!("aktor{i}@example.se"), None), store.clock.now(), "example.se")
                .await
                .unwrap(),
        );
    }
    ids
}

async fn row(store: &Store, id: i32) -> outbox_message::Model {
    outbox_message::Entity::find_by_id(id).one(&store.db).await.unwrap().unwrap()
}

fn ids(claimed: &[ClaimedMail]) -> Vec<i32> {
    claimed.iter().map(|m| m.id).collect()
}

#[tokio::test]
async fn a_message_is_claimed_by_one_worker_sent_once_and_never_claimed_again() {
    let (store, _dir) = store("once").await;
    let written = put(&store, 3).await;
    let first = store.claim_due_mail("a", 10).await.unwrap();
    assert_eq!(ids(&first), written, "oldest first, all three");
    assert_eq!(first[0].subject, "Inbjudan: nätverksmöte");
    assert_eq!(first[0].calendar.as_ref().unwrap().0, "REQUEST");
    assert!(first[0].message_id.starts_with('<') && first[0].message_id.ends_with("@example.se>"));
    assert!(store.claim_due_mail("b", 10).await.unwrap().is_empty(), "claimed by a: b gets none");
    for m in &first {
        assert!(store.mark_mail_sent(m).await.unwrap());
    }
    assert_eq!(row(&store, written[0]).await.state, "sent");
    assert!(row(&store, written[0]).await.sent_at.is_some());
    // Long after any claim would have expired, a sent message is nobody's to send.
    store.advance_clock(Duration::hours(3));
    assert!(store.claim_due_mail("b", 10).await.unwrap().is_empty());
    assert!(!store.mark_mail_sent(&first[0]).await.unwrap(), "already sent: not marked twice");
    assert_eq!(store.mark_mail_failed(&first[0], "late", Duration::minutes(1)).await.unwrap(), OutboxState::Pending);
    assert_eq!(row(&store, written[0]).await.state, "sent", "a late failure does not undo it");
}

#[tokio::test]
async fn a_dead_workers_claim_expires_and_another_sends_the_message() {
    let (store, _dir) = store("expiry").await;
    let [id] = put(&store, 1).await[..] else { unreachable!() };
    let dead = store.claim_due_mail("dead", 10).await.unwrap();
    assert_eq!(ids(&dead), [id]);
    store.advance_clock(Duration::minutes(super::CLAIM_MINUTES - 1));
    assert!(store.claim_due_mail("live", 10).await.unwrap().is_empty(), "the claim still holds");
    store.advance_clock(Duration::minutes(2));
    let live = store.claim_due_mail("live", 10).await.unwrap();
    assert_eq!(ids(&live), [id], "expired: another worker takes it");
    // The first worker, back from the dead, cannot count a failure against the new holder's try.
    store.mark_mail_failed(&dead[0], "timeout", Duration::minutes(1)).await.unwrap();
    assert_eq!(row(&store, id).await.attempts, 0);
    assert!(store.mark_mail_sent(&live[0]).await.unwrap());
}

#[tokio::test]
async fn a_stopping_worker_gives_back_what_it_did_not_send() {
    let (store, _dir) = store("release").await;
    let written = put(&store, 2).await;
    let claimed = store.claim_due_mail("stopping", 10).await.unwrap();
    assert!(store.mark_mail_sent(&claimed[0]).await.unwrap());
    assert_eq!(store.release_mail_claims("stopping").await.unwrap(), 1);
    assert_eq!(ids(&store.claim_due_mail("other", 10).await.unwrap()), [written[1]], "at once, not after expiry");
}

#[test]
fn the_delay_doubles_from_the_base_up_to_an_hour() {
    let minutes: Vec<i64> = (1..=9).map(|n| retry_delay(n, Duration::minutes(1)).num_minutes()).collect();
    assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    assert_eq!(retry_delay(2, Duration::seconds(2)), Duration::seconds(4));
    assert_eq!(retry_delay(i32::MAX, Duration::seconds(2)), Duration::hours(1));
    assert_eq!(retry_delay(0, Duration::seconds(2)), Duration::seconds(2));
}

#[tokio::test]
async fn a_failure_waits_longer_each_time_and_after_twenty_tries_the_message_is_failed() {
    let (store, _dir) = store("backoff").await;
    let [id] = put(&store, 1).await[..] else { unreachable!() };
    let claimed = store.claim_due_mail("w", 10).await.unwrap();
    let state = store.mark_mail_failed(&claimed[0], "421 mail server busy", Duration::minutes(1)).await.unwrap();
    assert_eq!(state, OutboxState::Pending);
    let failed_once = row(&store, id).await;
    assert_eq!((failed_once.attempts, failed_once.last_error.as_deref()), (1, Some("421 mail server busy")));
    assert_eq!(failed_once.claimed_by, None, "the claim is given back");
    assert!(store.claim_due_mail("w", 10).await.unwrap().is_empty(), "not before its minute is up");
    store.advance_clock(Duration::seconds(61));
    let again = store.claim_due_mail("w", 10).await.unwrap();
    assert_eq!((again.len(), again[0].attempts), (1, 1));
    store.mark_mail_failed(&again[0], "421 mail server busy", Duration::minutes(1)).await.unwrap();
    store.advance_clock(Duration::seconds(61));
    assert!(store.claim_due_mail("w", 10).await.unwrap().is_empty(), "the second wait is two minutes");
    store.advance_clock(Duration::seconds(60));
    let mut last = OutboxState::Pending;
    for _ in 2..MAX_MAIL_ATTEMPTS {
        let claimed = store.claim_due_mail("w", 10).await.unwrap();
        assert_eq!(claimed.len(), 1, "pending and due");
        last = store.mark_mail_failed(&claimed[0], "connection refused", Duration::minutes(1)).await.unwrap();
        store.advance_clock(Duration::minutes(61));
    }
    assert_eq!(last, OutboxState::Failed);
    let failed = row(&store, id).await;
    assert_eq!((failed.state.as_str(), failed.attempts), ("failed", MAX_MAIL_ATTEMPTS));
    assert_eq!(failed.last_error.as_deref(), Some("connection refused"));
    store.advance_clock(Duration::days(2));
    assert!(store.claim_due_mail("w", 10).await.unwrap().is_empty(), "given up: not tried again");
}

#[tokio::test]
async fn two_workers_racing_for_the_same_messages_each_claim_a_message_once() {
    let (store, _dir) = store("race").await;
    let written: BTreeSet<i32> = put(&store, 40).await.into_iter().collect();
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let race = |name: &'static str| {
        let (store, barrier) = (store.clone(), barrier.clone());
        tokio::spawn(async move {
            barrier.wait().await;
            let mut mine = Vec::new();
            loop {
                let claimed = store.claim_due_mail(name, 3).await.unwrap();
                if claimed.is_empty() {
                    return mine;
                }
                for m in claimed {
                    assert!(
                        store.mark_mail_sent(&m).await.unwrap(),
                        "{name} claimed {} and no one sent it before",
                        m.id
                    );
                    mine.push(m.id);
                }
            }
        })
    };
    let (a, b) = (race("a"), race("b"));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    let (a_set, b_set): (BTreeSet<i32>, BTreeSet<i32>) = (a.iter().copied().collect(), b.iter().copied().collect());
    assert_eq!(a.len() + b.len(), 40, "each message claimed once: a {a:?}, b {b:?}");
    assert!(a_set.is_disjoint(&b_set));
    assert_eq!(&a_set | &b_set, written, "and every one claimed");
}

#[tokio::test]
async fn a_message_that_can_never_be_sent_is_failed_at_once() {
    let (store, _dir) = store("undeliverable").await;
    let id = enqueue(&store.db, mail("inte en adress", None), store.clock.now(), "example.se").await.unwrap();
    let claimed = store.claim_due_mail("w", 1).await.unwrap();
    store.mark_mail_undeliverable(&claimed[0], "recipient: not an e-mail address").await.unwrap();
    let failed = row(&store, id).await;
    assert_eq!((failed.state.as_str(), failed.attempts), ("failed", 1));
    assert_eq!(failed.last_error.as_deref(), Some("recipient: not an e-mail address"));
    store.advance_clock(Duration::days(2));
    assert!(store.claim_due_mail("w", 1).await.unwrap().is_empty(), "not tried again");
}
