//! Migrations, written once with SeaORM's schema builder, which produces each dialect
//! (SQLite and PostgreSQL). A migration, once released, is never edited: add a new one.

use sea_orm_migration::prelude::*;

mod m20261124_000001_structure;
mod m20261125_000001_data_version;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261124_000001_structure::Migration), Box::new(m20261125_000001_data_version::Migration)]
    }
}
