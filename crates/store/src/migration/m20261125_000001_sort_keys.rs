//! Swedish sort keys and the synthetic mark.
//!
//! `sort_key` (`samverkan_domain::swedish_sort_string` of the name; for bodies, the level first)
//! lets SQL sort and page in Swedish order on either database, whatever its collation. Rows that
//! exist already get theirs computed here. `synthetic` marks the rows of `samverkan demo-data`.

use sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables with a period of validity: each gets the synthetic mark.
const WITH_PERIOD: [&str; 10] = [
    "parties",
    "organisations",
    "areas",
    "area_administrations",
    "sub_regions",
    "sub_region_members",
    "functions",
    "appointments",
    "bodies",
    "memberships",
];

/// The tables listed by name: each gets a sort key, and an index on it.
const NAMED: [&str; 6] = ["parties", "organisations", "areas", "sub_regions", "functions", "bodies"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for table in WITH_PERIOD {
            m.alter_table(Table::alter().table(table).add_column(boolean("synthetic").default(false)).to_owned())
                .await?;
        }
        for table in NAMED {
            m.alter_table(Table::alter().table(table).add_column(string("sort_key").default("")).to_owned()).await?;
            backfill_sort_keys(m, table).await?;
            m.create_index(
                Index::create()
                    .name(format!("ix_{table}_sort_key"))
                    .table(table)
                    .if_not_exists()
                    .col("sort_key")
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create().name("ix_functions_kind").table("functions").if_not_exists().col("kind").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_functions_kind").table("functions").to_owned()).await?;
        for table in NAMED {
            m.drop_index(Index::drop().name(format!("ix_{table}_sort_key")).table(table).to_owned()).await?;
            m.alter_table(Table::alter().table(table).drop_column("sort_key").to_owned()).await?;
        }
        for table in WITH_PERIOD {
            m.alter_table(Table::alter().table(table).drop_column("synthetic").to_owned()).await?;
        }
        Ok(())
    }
}

/// Computes the sort key of every row already in `table`.
async fn backfill_sort_keys(m: &SchemaManager<'_>, table: &'static str) -> Result<(), DbErr> {
    let db = m.get_connection();
    let backend = db.get_database_backend();
    let mut select = Query::select();
    select.columns(["id", "name"]).from(table);
    if table == "bodies" {
        select.column("level");
    }
    for row in db.query_all_raw(backend.build(&select)).await? {
        let id: i32 = row.try_get("", "id")?;
        let name: String = row.try_get("", "name")?;
        let key = if table == "bodies" {
            let level: String = row.try_get("", "level")?;
            let level = samverkan_domain::BodyLevel::parse(&level).map_err(|e| DbErr::Custom(e.to_string()))?;
            samverkan_domain::body_sort_string(level, &name)
        } else {
            samverkan_domain::swedish_sort_string(&name)
        };
        let update = Query::update().table(table).value("sort_key", key).and_where(Expr::col("id").eq(id)).to_owned();
        db.execute_raw(backend.build(&update)).await?;
    }
    Ok(())
}
