//! Starts that are not known (issue 13, item 6): a record's `valid_from` may be NULL, which
//! says the record existed before anything recorded here, since a day no source gives. Such a
//! record counts as valid on every date up to its end, and the pages say "uppgift saknas" for
//! its start.
//!
//! The reference data gave these records a day that was only where the data set starts
//! (`2020-01-01` for parties, areas, organisations and county bodies; `2023-01-01` for the
//! health centres, functions, local collaboration and its members, the sub-regions, and KSON's
//! holding of Norrtälje's coordination, which is no part of the 2023 list). The
//! reference files now leave those starts empty; in databases loaded before, the rows the files
//! leave empty lose the made-up day here, found by their natural keys, and only while they still
//! carry it (a start someone has since recorded is left alone). Synthetic rows are left alone.

use std::collections::BTreeSet;

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

use crate::dialect::allow_null;
use crate::load::reference_files::{
    APPOINTMENTS, AREA_ADMINISTRATIONS, AREAS, BODIES, FUNCTIONS, MEMBERSHIPS, ORGANISATIONS, PARTIES, Row,
    SUB_REGIONS, rows,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose start may now be unknown.
const TABLES: [&str; 10] = [
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

/// The days the reference data used where the data set starts, not where a record did.
const MADE_UP: &str = "('2020-01-01', '2023-01-01')";

/// A text as an SQL string literal (the names are the reference files' own).
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn list<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let texts: BTreeSet<&str> = texts.into_iter().collect();
    texts.into_iter().map(literal).collect::<Vec<_>>().join(", ")
}

/// The id of the row of `table` named `name`, as a subquery.
fn id_of(table: &str, name: &str) -> String {
    format!("(SELECT id FROM {table} WHERE name = {} AND synthetic = false)", literal(name))
}

/// The statements that clear the made-up starts the reference files now leave empty.
fn clearing() -> Result<Vec<String>, DbErr> {
    let file = |f: (&'static str, &'static str)| rows(f).map_err(|e| DbErr::Custom(e.to_string()));
    let unknown =
        |f| -> Result<Vec<_>, DbErr> { Ok(file(f)?.into_iter().filter(|r| r.opt("valid_from").is_none()).collect()) };
    let set = |table: &str, condition: String| {
        format!(
            "UPDATE {table} SET valid_from = NULL WHERE synthetic = false AND valid_from IN {MADE_UP} AND {condition}"
        )
    };
    // The rows of `table` whose `key` column is one of the files' rows' `key` field.
    let keyed = |table: &str, rows: &[Row], key: &str| {
        let keys = list(rows.iter().filter_map(|r| r.opt(key)));
        (!keys.is_empty()).then(|| set(table, format!("{key} IN ({keys})")))
    };
    let mut out = Vec::new();
    out.extend(keyed("parties", &unknown(PARTIES)?, "code"));
    out.extend(keyed("organisations", &unknown(ORGANISATIONS)?, "name"));
    out.extend(keyed("areas", &unknown(AREAS)?, "name"));
    out.extend(keyed("functions", &unknown(FUNCTIONS)?, "name"));
    out.extend(keyed("bodies", &unknown(BODIES)?, "name"));
    for r in unknown(AREA_ADMINISTRATIONS)? {
        let (Some(area), Some(organisation)) = (r.opt("area"), r.opt("organisation")) else { continue };
        out.push(set(
            "area_administrations",
            format!(
                "area_id = {} AND organisation_id = {}",
                id_of("areas", area),
                id_of("organisations", organisation)
            ),
        ));
    }
    for r in unknown(APPOINTMENTS)? {
        let (Some(function), Some(organisation)) = (r.opt("function"), r.opt("organisation")) else { continue };
        out.push(set(
            "appointments",
            format!(
                "function_id = {} AND organisation_id = {}",
                id_of("functions", function),
                id_of("organisations", organisation)
            ),
        ));
    }
    for r in unknown(MEMBERSHIPS)? {
        let (Some(body), Some(function)) = (r.opt("body"), r.opt("function")) else { continue };
        out.push(set(
            "memberships",
            format!("body_id = {} AND function_id = {}", id_of("bodies", body), id_of("functions", function)),
        ));
    }
    // A sub-region's row is one of its members; the sub-region's start is its members'.
    let members = unknown(SUB_REGIONS)?;
    out.extend(keyed("sub_regions", &members, "name"));
    for r in &members {
        let (Some(name), Some(code)) = (r.opt("name"), r.opt("party_code")) else { continue };
        out.push(set(
            "sub_region_members",
            format!(
                "sub_region_id = {} AND party_id = (SELECT id FROM parties WHERE code = {} AND synthetic = false)",
                id_of("sub_regions", name),
                literal(code)
            ),
        ));
    }
    Ok(out)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for table in TABLES {
            allow_null(db, table, "valid_from").await?;
        }
        for statement in clearing()? {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        // The made-up days were wrong; there is nothing to go back to.
        Ok(())
    }
}
