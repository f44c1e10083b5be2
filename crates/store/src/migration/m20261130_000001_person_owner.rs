//! A person belongs to the party that recorded them (issue 11): before, a person was anyone's
//! whose function they held, so appointing another party's person gave the appointer their
//! record. Existing persons are given the party of the first function they held (the party
//! that recorded them through that handover); one who held none stays joint. A function made
//! for an area alone is given its area's municipality, so every function names its owner.
//!
//! The column has no foreign key: SQLite cannot add one to an existing table. The store writes
//! it only from a function's own `party_id`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("persons").add_column(integer_null("party_id")).to_owned()).await?;
        // A function made for an area alone (allowed before) is its area's municipality's, as it
        // was treated; from now on every function names its party.
        m.get_connection()
            .execute_unprepared(
                "UPDATE functions SET party_id = (SELECT ar.party_id FROM areas ar WHERE ar.id = functions.area_id) \
                 WHERE party_id IS NULL AND area_id IS NOT NULL",
            )
            .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE persons SET party_id = (SELECT f.party_id FROM appointments a \
                 JOIN functions f ON f.id = a.function_id WHERE a.person_id = persons.id \
                 ORDER BY a.id LIMIT 1)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("persons").drop_column("party_id").to_owned()).await
    }
}
