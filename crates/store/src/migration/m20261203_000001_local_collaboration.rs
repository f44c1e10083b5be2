//! Local collaboration in the areas (issue 14): each area's actor map, its network meetings and
//! who takes part, and the e-mail that invites them.
//!
//! - `organisations.area_id`: the area whose map recorded an organisation of no party (a private
//!   provider, a faith community), so that area's coordinators answer for it. NULL for the rest.
//! - `services` (HSDS 3 `service`): what an actor (an organisation) does in an area's map: its
//!   category, sector, HSDS status, contact *function*, address, phone, web, functional e-mail,
//!   optional HSA-id, and when and by whom it was last verified. `area_id` is the area whose map
//!   recorded it (and whose coordinators change it); `service_areas` the areas it serves.
//! - `area_required_categories`: the categories an area wants at its network meetings.
//! - `meetings`: a network meeting of an area, optionally of one of its bodies. Times are RFC 3339
//!   UTC text (`2026-03-29T08:00:00Z`), so they sort as text on either database. `uid` is the
//!   calendar UID (stable), `sequence` is raised when the meeting moves, `cancelled` when it is.
//! - `meeting_invitations`: the actors (services) invited, with their attendance (`present`,
//!   `excused`, `absent`, NULL not yet recorded) and who came on their behalf (a function).
//! - `meeting_tasks`: a meeting's follow-up tasks (owner function, due date, done).
//! - `calendar_feeds`: the secret address of an area's or a body's calendar feed.
//! - `outbox_messages`: the durable e-mail outbox, written in the same transaction as what it
//!   tells of, sent by a background worker that claims a message before it sends it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from_table: &'static str, from_col: &'static str, to_table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

fn index(table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut ix = Index::create();
    ix.name(format!("ix_{table}_{}", cols.join("_"))).table(table);
    for c in cols {
        ix.col(*c);
    }
    ix.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key: SQLite cannot add one to an existing table; the store checks the area.
        m.alter_table(Table::alter().table("organisations").add_column(integer_null("area_id")).take()).await?;
        m.create_index(index("organisations", &["area_id"])).await?;

        m.create_table(
            Table::create()
                .table("services")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("organisation_id"))
                .col(integer("area_id"))
                .col(string("name"))
                .col(string("category"))
                .col(string("sector"))
                .col(string("status"))
                .col(string_null("address"))
                .col(string_null("phone"))
                .col(string_null("web"))
                .col(string_null("email"))
                .col(string_null("hsa_id"))
                .col(string_null("contact_role"))
                .col(date_null("verified_on"))
                .col(integer_null("verified_by_user_id"))
                .col(string("sort_key"))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("services", "organisation_id", "organisations"))
                .foreign_key(&mut fk("services", "area_id", "areas"))
                .foreign_key(&mut fk("services", "verified_by_user_id", "users"))
                .take(),
        )
        .await?;
        m.create_index(index("services", &["area_id", "sort_key", "id"])).await?;
        m.create_index(index("services", &["organisation_id"])).await?;
        m.create_index(index("services", &["hsa_id"])).await?;

        m.create_table(
            Table::create()
                .table("service_areas")
                .if_not_exists()
                .col(integer("service_id"))
                .col(integer("area_id"))
                .primary_key(Index::create().col("service_id").col("area_id"))
                .foreign_key(&mut fk("service_areas", "service_id", "services"))
                .foreign_key(&mut fk("service_areas", "area_id", "areas"))
                .take(),
        )
        .await?;
        m.create_index(index("service_areas", &["area_id", "service_id"])).await?;

        m.create_table(
            Table::create()
                .table("area_required_categories")
                .if_not_exists()
                .col(integer("area_id"))
                .col(string("category"))
                .primary_key(Index::create().col("area_id").col("category"))
                .foreign_key(&mut fk("area_required_categories", "area_id", "areas"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("meetings")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("area_id"))
                .col(integer_null("body_id"))
                .col(string("title"))
                .col(string("starts_at"))
                .col(string("ends_at"))
                .col(string_null("place"))
                .col(string_null("video_url"))
                .col(text_null("agenda"))
                .col(text_null("minutes"))
                .col(text_null("decisions"))
                .col(boolean("cancelled").default(false))
                .col(integer("sequence").default(0))
                .col(string_uniq("uid"))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("meetings", "area_id", "areas"))
                .foreign_key(&mut fk("meetings", "body_id", "bodies"))
                .take(),
        )
        .await?;
        m.create_index(index("meetings", &["area_id", "starts_at"])).await?;
        m.create_index(index("meetings", &["body_id", "starts_at"])).await?;

        m.create_table(
            Table::create()
                .table("meeting_invitations")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("meeting_id"))
                .col(integer("service_id"))
                .col(string_null("attendance"))
                .col(string_null("represented_by"))
                .foreign_key(&mut fk("meeting_invitations", "meeting_id", "meetings"))
                .foreign_key(&mut fk("meeting_invitations", "service_id", "services"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_meeting_invitations_meeting_service")
                .table("meeting_invitations")
                .col("meeting_id")
                .col("service_id")
                .unique()
                .take(),
        )
        .await?;
        m.create_index(index("meeting_invitations", &["service_id"])).await?;

        m.create_table(
            Table::create()
                .table("meeting_tasks")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("meeting_id"))
                .col(text("description"))
                .col(string("owner_function"))
                .col(date_null("due_on"))
                .col(boolean("done").default(false))
                .foreign_key(&mut fk("meeting_tasks", "meeting_id", "meetings"))
                .take(),
        )
        .await?;
        m.create_index(index("meeting_tasks", &["meeting_id"])).await?;

        m.create_table(
            Table::create()
                .table("calendar_feeds")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer_null("area_id"))
                .col(integer_null("body_id"))
                .col(string_uniq("secret"))
                .col(string("created_at"))
                .foreign_key(&mut fk("calendar_feeds", "area_id", "areas"))
                .foreign_key(&mut fk("calendar_feeds", "body_id", "bodies"))
                .take(),
        )
        .await?;
        m.create_index(index("calendar_feeds", &["area_id"])).await?;
        m.create_index(index("calendar_feeds", &["body_id"])).await?;

        m.create_table(
            Table::create()
                .table("outbox_messages")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string_uniq("message_id"))
                .col(string("recipient"))
                .col(string("subject"))
                .col(text("body"))
                .col(text_null("ics"))
                .col(string_null("ics_method"))
                .col(integer_null("meeting_id"))
                .col(string("state"))
                .col(integer("attempts").default(0))
                .col(string("created_at"))
                .col(string("next_attempt_at"))
                .col(string_null("claimed_by"))
                .col(string_null("claimed_until"))
                .col(string_null("sent_at"))
                .col(text_null("last_error"))
                .foreign_key(&mut fk("outbox_messages", "meeting_id", "meetings"))
                .take(),
        )
        .await?;
        m.create_index(index("outbox_messages", &["state", "next_attempt_at"])).await?;
        m.create_index(index("outbox_messages", &["meeting_id"])).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "outbox_messages",
            "calendar_feeds",
            "meeting_tasks",
            "meeting_invitations",
            "meetings",
            "area_required_categories",
            "service_areas",
            "services",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.drop_index(Index::drop().name("ix_organisations_area_id").table("organisations").to_owned()).await?;
        m.alter_table(Table::alter().table("organisations").drop_column("area_id").take()).await
    }
}
