//! Accounts and signing in: the accounts themselves (`users`), their secrets (`secrets`),
//! sessions, personal API tokens and a password change (`tokens`), and sign-in throttling.
//! Account writes go through the write path's account entry
//! (`Store::account_write_as`); sessions and throttling counters are
//! operational state, not data, and are not on the audit trail.

pub(crate) mod secrets;
pub(crate) mod sessions;
pub(crate) mod throttle;
pub(crate) mod tokens;
pub(crate) mod users;

pub use secrets::{AccountError, hash_password, prepare_password_checks, verify_password};
pub use users::{AddedUser, NewUser, ONE_TIME_PASSWORD_HOURS, SignIn};
