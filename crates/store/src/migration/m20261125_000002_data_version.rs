//! `data_version`: one row whose number every write raises, in the write's own transaction, so
//! that any instance can tell whether what it has cached (list totals) is still current; it also
//! holds the end of the audit trail. And the
//! covering indexes that let long lists count and page on the index alone.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Lists are ordered by (sort_key, id) and filtered by period: with all four in one index, the
/// database pages and counts without reading the rows.
const LISTED: [&str; 4] = ["parties", "organisations", "areas", "bodies"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("data_version")
                .if_not_exists()
                .col(integer("id").primary_key())
                .col(big_integer("version").default(0))
                // The end of the audit trail: its newest hash and its length, kept with every
                // append, so that events cut from the end are noticed too.
                .col(string("audit_head").default(crate::audit::GENESIS))
                .col(big_integer("audit_events").default(0))
                .take(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table("data_version")
                .columns(["id", "version"])
                .values_panic([1.into(), 0.into()])
                .take(),
        )
        .await?;
        for table in LISTED {
            m.create_index(
                Index::create()
                    .name(format!("ix_{table}_listing"))
                    .table(table)
                    .if_not_exists()
                    .col("sort_key")
                    .col("id")
                    .col("valid_from")
                    .col("valid_to")
                    .take(),
            )
            .await?;
            m.create_index(
                Index::create()
                    .name(format!("ix_{table}_period"))
                    .table(table)
                    .if_not_exists()
                    .col("valid_from")
                    .col("valid_to")
                    .take(),
            )
            .await?;
        }
        // One party's organisations, in list order (`/organisationer?part=`).
        m.create_index(
            Index::create()
                .name("ix_organisations_party_listing")
                .table("organisations")
                .if_not_exists()
                .col("party_id")
                .col("sort_key")
                .col("id")
                .col("valid_from")
                .col("valid_to")
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_organisations_party_listing").table("organisations").to_owned()).await?;
        for table in LISTED {
            m.drop_index(Index::drop().name(format!("ix_{table}_listing")).table(table).to_owned()).await?;
            m.drop_index(Index::drop().name(format!("ix_{table}_period")).table(table).to_owned()).await?;
        }
        m.drop_table(Table::drop().table("data_version").take()).await
    }
}
