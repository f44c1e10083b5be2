//! The collaboration structure: parties, organisations, areas, sub-regions, functions,
//! appointments, persons, bodies, memberships and map shapes. Every row that can change carries a
//! period of validity (`valid_from`, `valid_to`, both days included).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A table with an auto-increment `id` and the given columns, then `valid_from` / `valid_to`
/// when `with_period` is set.
fn table(name: &'static str, cols: Vec<ColumnDef>, with_period: bool) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(name).if_not_exists().col(pk_auto("id"));
    for mut c in cols {
        t.col(&mut c);
    }
    if with_period {
        t.col(date("valid_from")).col(date_null("valid_to"));
    }
    t.take()
}

fn fk(from_table: &'static str, from_col: &'static str, to_table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("ix_{table}_{}", cols.join("_"))).table(table).if_not_exists();
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut tables = vec![
            table("parties", vec![string("kind"), string("code"), string("name")], true),
            table(
                "organisations",
                vec![string("name"), string("kind"), integer_null("party_id"), integer_null("replaced_by_id")],
                true,
            )
            .foreign_key(&mut fk("organisations", "party_id", "parties"))
            .foreign_key(&mut fk("organisations", "replaced_by_id", "organisations"))
            .take(),
            table("areas", vec![string("name"), integer("party_id")], true)
                .foreign_key(&mut fk("areas", "party_id", "parties"))
                .take(),
            table("area_administrations", vec![integer("area_id"), integer("organisation_id")], true)
                .foreign_key(&mut fk("area_administrations", "area_id", "areas"))
                .foreign_key(&mut fk("area_administrations", "organisation_id", "organisations"))
                .take(),
            table("sub_regions", vec![string("name"), text_null("description")], true),
            table("sub_region_members", vec![integer("sub_region_id"), integer("party_id")], true)
                .foreign_key(&mut fk("sub_region_members", "sub_region_id", "sub_regions"))
                .foreign_key(&mut fk("sub_region_members", "party_id", "parties"))
                .take(),
            table(
                "functions",
                vec![
                    string("name"),
                    string("kind"),
                    integer_null("party_id"),
                    integer_null("area_id"),
                    text_null("description"),
                ],
                true,
            )
            .foreign_key(&mut fk("functions", "party_id", "parties"))
            .foreign_key(&mut fk("functions", "area_id", "areas"))
            .take(),
            table(
                "persons",
                vec![string("name"), string_null("title"), string_null("email"), string_null("phone")],
                false,
            ),
            table(
                "appointments",
                vec![
                    integer("function_id"),
                    integer("organisation_id"),
                    integer_null("person_id"),
                    text_null("basis"),
                    integer_null("on_behalf_of_party_id"),
                ],
                true,
            )
            .foreign_key(&mut fk("appointments", "function_id", "functions"))
            .foreign_key(&mut fk("appointments", "organisation_id", "organisations"))
            .foreign_key(&mut fk("appointments", "person_id", "persons"))
            .foreign_key(&mut fk("appointments", "on_behalf_of_party_id", "parties"))
            .take(),
            table(
                "bodies",
                vec![
                    string("name"),
                    string_null("short_name"),
                    string("level"),
                    string("kind"),
                    integer_null("party_id"),
                    integer_null("sub_region_id"),
                    integer_null("area_id"),
                    text_null("mandate"),
                ],
                true,
            )
            .foreign_key(&mut fk("bodies", "party_id", "parties"))
            .foreign_key(&mut fk("bodies", "sub_region_id", "sub_regions"))
            .foreign_key(&mut fk("bodies", "area_id", "areas"))
            .take(),
            table("memberships", vec![integer("body_id"), integer("function_id"), string("role")], true)
                .foreign_key(&mut fk("memberships", "body_id", "bodies"))
                .foreign_key(&mut fk("memberships", "function_id", "functions"))
                .take(),
            table("party_shapes", vec![integer_uniq("party_id"), text("geometry"), string("attribution")], false)
                .foreign_key(&mut fk("party_shapes", "party_id", "parties"))
                .take(),
        ];
        for t in &mut tables {
            m.create_table(t.take()).await?;
        }

        let indexes = [
            index("parties", &["code"], true),
            index("organisations", &["party_id"], false),
            index("areas", &["party_id"], false),
            index("areas", &["valid_from"], false),
            index("area_administrations", &["area_id"], false),
            index("sub_region_members", &["sub_region_id"], false),
            index("sub_region_members", &["party_id"], false),
            index("functions", &["area_id"], false),
            index("functions", &["party_id"], false),
            index("appointments", &["function_id", "valid_from"], false),
            index("appointments", &["organisation_id"], false),
            index("bodies", &["party_id"], false),
            index("bodies", &["area_id"], false),
            index("memberships", &["body_id"], false),
            index("memberships", &["function_id"], false),
        ];
        for i in indexes {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "party_shapes",
            "memberships",
            "bodies",
            "appointments",
            "persons",
            "functions",
            "sub_region_members",
            "sub_regions",
            "area_administrations",
            "areas",
            "organisations",
            "parties",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
