//! Accounts: signing in and out, "Mitt konto" (roles, personal API tokens, the password).

pub mod account;
pub mod sign_in;
