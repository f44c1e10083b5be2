//! Sign-in throttling, decided in the database so that it holds across instances and against
//! guesses sent at once.
//!
//! Three counters are kept over a fixed window of [`THROTTLE_MINUTES`]: an account tried from one
//! address (strict: the one an attacker meets), an account from anywhere (looser: an attacker
//! with many addresses), and an address whatever the account (password spraying). An attempt
//! takes a place in all three *before* its password is checked, each with one conditional
//! `UPDATE … SET attempts = attempts + 1 WHERE key = ? AND attempts < max` (or a new window), which
//! the database applies one at a time; so of 50 guesses sent at once from one address, 5 get a
//! place and a password check, and 45 are held without one. A success gives its places back and
//! clears the account-and-address counter; a failure keeps its places. Since the strict limit is
//! per account *and* address, an attacker's failures do not lock the owner out elsewhere.
//!
//! The keys are SHA-256 of what they count: no e-mail address or IP address is stored in the
//! clear. Operational state, not data: none of this is on the audit trail.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::accounts::secrets::stamp;
use crate::entity::sign_in_throttle::{self, Column};
use crate::error::StoreError;
use crate::store::Store;

/// The window over which attempts are counted.
pub const THROTTLE_MINUTES: i64 = 15;
/// Failed attempts in a window for one account from one address.
pub const MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE: i32 = 5;
/// Failed attempts in a window for one account, from all addresses together.
pub const MAX_ATTEMPTS_PER_ACCOUNT: i32 = 50;
/// Failed attempts in a window from one address, whatever the account (many people may share
/// one address).
pub const MAX_ATTEMPTS_PER_SOURCE: i32 = 30;

/// An attempt that has its places in the counters: its password may be checked once.
#[derive(Debug)]
#[must_use = "an attempt that succeeds must be given back with `sign_in_attempt_succeeded`"]
pub struct Attempt {
    pair: String,
    others: Vec<String>,
}

/// Whether an attempt may go ahead.
#[derive(Debug)]
pub enum Gate {
    Open(Attempt),
    /// Too many failures: not checked. Sign-ins for this account from this address (or the
    /// account, or the address) open again after `retry_after`.
    Held {
        retry_after: Duration,
    },
}

fn key(kind: &str, parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(kind.as_bytes());
    for part in parts {
        hasher.update([0u8]);
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

impl Store {
    /// Takes a place for a sign-in attempt (or a password change's check of the current
    /// password) for the account with this e-mail address, from `source` (an IP address). The
    /// answer is the same for an address with no account.
    pub async fn begin_sign_in_attempt(&self, email: &str, source: &str) -> Result<Gate, StoreError> {
        let now = self.clock.now();
        let window = Duration::minutes(THROTTLE_MINUTES);
        // Counters whose window ended long ago are of no use to anyone.
        sign_in_throttle::Entity::delete_many()
            .filter(Column::WindowStart.lt(stamp(now - window * 2)))
            .exec(&self.db)
            .await?;
        let account = email.trim().to_lowercase();
        let limits = [
            (key("pair", &[&account, source]), MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE),
            (key("account", &[&account]), MAX_ATTEMPTS_PER_ACCOUNT),
            (key("source", &[source]), MAX_ATTEMPTS_PER_SOURCE),
        ];
        let mut taken = Vec::new();
        for (key, max) in limits {
            if let Some(retry_after) = self.take_place(&key, max, now).await? {
                // Give back the places already taken: this attempt will not be checked.
                self.give_back(&taken).await?;
                return Ok(Gate::Held { retry_after });
            }
            taken.push(key);
        }
        let pair = taken.remove(0);
        Ok(Gate::Open(Attempt { pair, others: taken }))
    }

    /// The attempt's password was right: its places are given back, and the account's failures
    /// from this address no longer count.
    pub async fn sign_in_attempt_succeeded(&self, attempt: Attempt) -> Result<(), StoreError> {
        sign_in_throttle::Entity::update_many()
            .col_expr(Column::Attempts, Expr::value(0))
            .filter(Column::Key.eq(&attempt.pair))
            .exec(&self.db)
            .await?;
        self.give_back(&attempt.others).await
    }

    /// Takes one place in `key`'s counter: `None` when taken, else how long until the window
    /// ends. One conditional update does it, so concurrent attempts cannot pass `max` together.
    async fn take_place(&self, key: &str, max: i32, now: DateTime<Utc>) -> Result<Option<Duration>, StoreError> {
        let window = Duration::minutes(THROTTLE_MINUTES);
        let since = stamp(now - window);
        // A concurrent cleaning may remove the row between the two statements: then again.
        for _ in 0..3 {
            let fresh = sign_in_throttle::ActiveModel {
                key: Set(key.to_owned()),
                attempts: Set(0),
                window_start: Set(stamp(now)),
            };
            sign_in_throttle::Entity::insert(fresh).on_conflict_do_nothing().exec(&self.db).await?;
            let ended = || Expr::col(Column::WindowStart).lt(since.clone());
            let taken = sign_in_throttle::Entity::update_many()
                .col_expr(Column::Attempts, Expr::case(ended(), 1).finally(Expr::col(Column::Attempts).add(1)).into())
                .col_expr(
                    Column::WindowStart,
                    Expr::case(ended(), stamp(now)).finally(Expr::col(Column::WindowStart)).into(),
                )
                .filter(Column::Key.eq(key))
                .filter(Condition::any().add(Column::Attempts.lt(max)).add(Column::WindowStart.lt(since.clone())))
                .exec(&self.db)
                .await?
                .rows_affected;
            if taken == 1 {
                return Ok(None);
            }
            if let Some(row) = sign_in_throttle::Entity::find_by_id(key.to_owned()).one(&self.db).await?
                && row.window_start >= since
                && row.attempts >= max
            {
                let began = DateTime::parse_from_rfc3339(&row.window_start)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| StoreError::Corrupt(format!("stored time {:?}: {e}", row.window_start)))?;
                return Ok(Some((began + window - now).max(Duration::seconds(1))));
            }
        }
        // Not settled after three rounds: hold this one back briefly rather than check it.
        Ok(Some(Duration::seconds(1)))
    }

    /// Gives one place back in each counter (never below zero).
    async fn give_back(&self, keys: &[String]) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Ok(());
        }
        sign_in_throttle::Entity::update_many()
            .col_expr(
                Column::Attempts,
                Expr::case(Expr::col(Column::Attempts).gt(0), Expr::col(Column::Attempts).sub(1)).finally(0).into(),
            )
            .filter(Column::Key.is_in(keys.iter().cloned()))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    async fn held(store: &Store, email: &str, source: &str) -> bool {
        match store.begin_sign_in_attempt(email, source).await.unwrap() {
            Gate::Open(_) => false,
            Gate::Held { retry_after } => {
                assert!(retry_after > Duration::zero() && retry_after <= Duration::minutes(THROTTLE_MINUTES));
                true
            }
        }
    }

    #[tokio::test]
    async fn attempts_at_once_get_no_more_places_than_the_limit() {
        let (store, _dir) = crate::test_support::test_store("throttle_parallel").await;
        let attempts = (0..40).map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.begin_sign_in_attempt("Anna@Nacka.se", "192.0.2.1").await.unwrap() })
        });
        let mut open = 0;
        for handle in attempts {
            if matches!(handle.await.unwrap(), Gate::Open(_)) {
                open += 1;
            }
        }
        assert_eq!(open, MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE);
        // The same account from elsewhere, and another account from here, still go ahead.
        assert!(!held(&store, "anna@nacka.se", "192.0.2.2").await);
        assert!(!held(&store, "bo@nacka.se", "192.0.2.1").await);
        // The window passes.
        store.advance_clock(Duration::minutes(THROTTLE_MINUTES + 1));
        assert!(!held(&store, "anna@nacka.se", "192.0.2.1").await);
    }

    #[tokio::test]
    async fn a_success_clears_the_account_from_that_address_and_the_looser_limits_hold() {
        let (store, _dir) = crate::test_support::test_store("throttle_limits").await;
        for _ in 0..MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE - 1 {
            assert!(!held(&store, "anna@nacka.se", "192.0.2.1").await);
        }
        let Gate::Open(attempt) = store.begin_sign_in_attempt("anna@nacka.se", "192.0.2.1").await.unwrap() else {
            panic!("the fifth attempt goes ahead");
        };
        store.sign_in_attempt_succeeded(attempt).await.unwrap();
        for _ in 0..MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE {
            assert!(!held(&store, "anna@nacka.se", "192.0.2.1").await);
        }
        assert!(held(&store, "anna@nacka.se", "192.0.2.1").await);

        // Many addresses against one account meet the looser limit per account…
        let mut failures = MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE + MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE - 1;
        let mut n = 2;
        while failures < MAX_ATTEMPTS_PER_ACCOUNT {
            assert!(!held(&store, "anna@nacka.se", &format!("192.0.2.{n}")).await);
            failures += 1;
            n += 1;
        }
        assert!(held(&store, "anna@nacka.se", "198.51.100.7").await);
        // …and one address against many accounts the one per address.
        for i in 0..MAX_ATTEMPTS_PER_SOURCE {
            assert!(!held(&store, &format!("person{i}@nacka.se"), "203.0.113.9").await);
        }
        assert!(held(&store, "ny@nacka.se", "203.0.113.9").await);
    }
}
