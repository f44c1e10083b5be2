//! Signing in, hardened.
//!
//! - `sign_in_throttle`: one counter per key (an account and the address it is tried from, an
//!   account, an address) over a fixed window, raised by a conditional update before a password
//!   is checked, so guesses sent at once cannot pass the limit. It replaces `login_failures`,
//!   whose count-then-insert let parallel guesses through.
//! - `sessions.last_seen_at`: a session ends after a while unused, not only at its latest end.
//! - `users.one_time_expires_at`: a one-time password works for a limited time.
//! - `api_tokens.expires_at`: a token may be made to end on a day.
//! - `server_secrets`: a random key made here, once, that the sign-in form's CSRF token is signed
//!   with (every instance reads the same one).

use sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The name of the key that signs the sign-in form's CSRF token.
pub const LOGIN_CSRF_SECRET: &str = "login_csrf";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("sign_in_throttle")
                .if_not_exists()
                // SHA-256 of what is counted (no e-mail address or IP address in the clear).
                .col(string("key").primary_key())
                .col(integer("attempts").default(0))
                // RFC 3339, UTC, to the second: when the current window began.
                .col(string("window_start"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sign_in_throttle_window_start")
                .table("sign_in_throttle")
                .if_not_exists()
                .col("window_start")
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table("login_failures").if_exists().to_owned()).await?;

        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(Table::alter().table("sessions").add_column(string_null("last_seen_at")).to_owned()).await?;
        m.alter_table(Table::alter().table("users").add_column(string_null("one_time_expires_at")).to_owned()).await?;
        m.alter_table(Table::alter().table("api_tokens").add_column(string_null("expires_at")).to_owned()).await?;

        m.create_table(
            Table::create()
                .table("server_secrets")
                .if_not_exists()
                .col(string("name").primary_key())
                .col(string("value"))
                .to_owned(),
        )
        .await?;
        let insert = Query::insert()
            .into_table("server_secrets")
            .columns(["name", "value"])
            .values([LOGIN_CSRF_SECRET.into(), crate::accounts::secrets::random_token().into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        let db = m.get_connection();
        db.execute_raw(db.get_database_backend().build(&insert)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("server_secrets").to_owned()).await?;
        m.alter_table(Table::alter().table("api_tokens").drop_column("expires_at").to_owned()).await?;
        m.alter_table(Table::alter().table("users").drop_column("one_time_expires_at").to_owned()).await?;
        m.alter_table(Table::alter().table("sessions").drop_column("last_seen_at").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("login_failures")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string("key"))
                .col(string("at"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table("sign_in_throttle").to_owned()).await
    }
}
