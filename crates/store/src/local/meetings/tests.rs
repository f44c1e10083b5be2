//! Network meetings end to end in the store, on either database: convening writes the meeting,
//! its invitations and their e-mail in one go; moving and cancelling raise the calendar
//! sequence and tell the invited; attendance gives the missing categories and the area's
//! participation; a feed's renewal ends the old address; a stranger writes nothing.
#![allow(clippy::unwrap_used)]

use chrono::{Days, NaiveDate};
use samverkan_domain::commands::AttendanceSheet;
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::{Grant, Input, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::entity::{area, audit_event, meeting, meeting_invitation, organisation, outbox_message, service};
use crate::local::meetings::{Mailing, When};
use crate::read::Page;
use crate::store::Store;
use crate::write::{Actor, WriteError};

async fn seeded(name: &str) -> (Store, Option<tempfile::TempDir>) {
    let (store, dir) = crate::test_support::test_store(&format!("meetings_{name}")).await;
    store.seed_reference_data().await.unwrap();
    (store, dir)
}

fn mailing() -> Mailing {
    Mailing {
        domain: "samverkan.example.se".to_owned(),
        organizer: "samverkan@samverkan.example.se".to_owned(),
        page: "https://samverkan.example.se/moten/{id}".to_owned(),
        sms: false,
    }
}

/// Two areas of two municipalities.
async fn areas(store: &Store) -> (area::Model, area::Model) {
    let all = area::Entity::find().all(&store.db).await.unwrap();
    let first = all[0].clone();
    let other = all.iter().find(|a| a.party_id != first.party_id).unwrap().clone();
    (first, other)
}

/// A service of `area`'s map (as the actor map records them), with a mailbox or none.
async fn service(
    store: &Store,
    area: &area::Model,
    name: &str,
    category: ServiceCategory,
    sector: Sector,
    email: Option<&str>,
) -> i32 {
    let org = organisation::ActiveModel {
        name: Set(format!("{name} AB")),
        kind: Set("other".to_owned()),
        sort_key: Set(name.to_lowercase()),
        synthetic: Set(false),
        ..Default::default()
    }
    .insert(&store.db)
    .await
    .unwrap();
    service::ActiveModel {
        organisation_id: Set(org.id),
        area_id: Set(area.id),
        name: Set(name.to_owned()),
        category: Set(category.code().to_owned()),
        sector: Set(sector.code().to_owned()),
        status: Set("active".to_owned()),
        email: Set(email.map(str::to_owned)),
        sort_key: Set(name.to_lowercase()),
        synthetic: Set(false),
        ..Default::default()
    }
    .insert(&store.db)
    .await
    .unwrap()
    .id
}

fn coordinator(area: &area::Model) -> Actor {
    Actor::user(7, vec![Grant::new(Role::AreaCoordinator, None, Some(area.id)).unwrap()])
}

fn input(v: Value) -> Input {
    Input::from_json(v).unwrap()
}

async fn outbox(store: &Store) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find().all(&store.db).await.unwrap()
}

async fn events(store: &Store) -> u64 {
    audit_event::Entity::find().count(&store.db).await.unwrap()
}

fn lines(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "").split("\r\n").map(str::to_owned).collect()
}

#[tokio::test]
async fn convening_moving_and_cancelling_tell_the_invited_with_a_rising_sequence() {
    let (store, _dir) = seeded("lifecycle").await;
    let (nacka, _) = areas(&store).await;
    let vc = service(
        &store,
        &nacka,
        "Vårdcentralen Orminge",
        ServiceCategory::HealthCentre,
        Sector::Region,
        Some("orminge@example.se"),
    )
    .await;
    let church =
        service(&store, &nacka, "Orminge församling", ServiceCategory::FaithCommunity, Sector::CivilSociety, None)
            .await;
    let who = coordinator(&nacka);
    let body = json!({"title": "Nätverksmöte", "starts_at": "2026-03-28T09:00", "ends_at": "2026-03-28T11:00",
        "place": "Nacka stadshus", "agenda": "1. Välkommen", "invited": [vc, church]});
    let id = store.create_meeting(&who, nacka.id, input(body.clone()), &mailing()).await.unwrap();
    let row = meeting::Entity::find_by_id(id).one(&store.db).await.unwrap().unwrap();
    assert_eq!(
        (row.starts_at.as_str(), row.ends_at.as_str(), row.sequence),
        ("2026-03-28T08:00:00Z", "2026-03-28T10:00:00Z", 0)
    );
    assert!(row.uid.ends_with("@samverkan.example.se"));
    assert_eq!(meeting_invitation::Entity::find().count(&store.db).await.unwrap(), 2);
    // One message: the church has no mailbox.
    let mail = outbox(&store).await;
    assert_eq!(mail.len(), 1);
    assert_eq!((mail[0].recipient.as_str(), mail[0].ics_method.as_deref()), ("orminge@example.se", Some("REQUEST")));
    assert_eq!(mail[0].subject, "Kallelse: Nätverksmöte 2026-03-28");
    assert!(mail[0].body.contains("lördag 2026-03-28 kl. 09.00–11.00"), "{}", mail[0].body);
    assert!(mail[0].message_id.ends_with("@samverkan.example.se>"));
    let ics = lines(mail[0].ics.as_deref().unwrap());
    assert!(ics.contains(&"DTSTART;TZID=Europe/Stockholm:20260328T090000".to_owned()));
    assert!(ics.contains(&format!("UID:{}", row.uid)));

    // A new agenda: no new invitation.
    let mut changed = body.clone();
    changed["agenda"] = json!("1. Välkommen\n2. Aktörskartan");
    store.update_meeting(&who, id, input(changed.clone()), &mailing()).await.unwrap();
    assert_eq!(
        (meeting::Entity::find_by_id(id).one(&store.db).await.unwrap().unwrap().sequence, outbox(&store).await.len()),
        (0, 1)
    );

    // Moved across the change to summer time: the same hour on Stockholm's clocks.
    changed["starts_at"] = json!("2026-03-30T09:00");
    changed["ends_at"] = json!("2026-03-30T11:00");
    store.update_meeting(&who, id, input(changed.clone()), &mailing()).await.unwrap();
    let moved = meeting::Entity::find_by_id(id).one(&store.db).await.unwrap().unwrap();
    assert_eq!(
        (moved.starts_at.as_str(), moved.sequence, moved.uid.as_str()),
        ("2026-03-30T07:00:00Z", 1, row.uid.as_str())
    );
    let mail = outbox(&store).await;
    assert_eq!(mail.len(), 2);
    assert!(mail[1].subject.starts_with("Ändrat möte"));
    let ics = lines(mail[1].ics.as_deref().unwrap());
    assert!(
        ics.contains(&"DTSTART;TZID=Europe/Stockholm:20260330T090000".to_owned())
            && ics.contains(&"SEQUENCE:1".to_owned())
    );

    // Cancelled: the sequence rises again and the invited are sent METHOD:CANCEL.
    store.cancel_meeting(&who, id, input(json!({})), &mailing()).await.unwrap();
    let cancelled = meeting::Entity::find_by_id(id).one(&store.db).await.unwrap().unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(cancelled.sequence, 2);
    let mail = outbox(&store).await;
    assert_eq!(mail.len(), 3);
    assert_eq!(mail[2].ics_method.as_deref(), Some("CANCEL"));
    let ics = lines(mail[2].ics.as_deref().unwrap());
    assert!(ics.contains(&"METHOD:CANCEL".to_owned()) && ics.contains(&"STATUS:CANCELLED".to_owned()));
    let states = store.meeting_mail(id).await.unwrap();
    assert_eq!(states.len(), 3);
    assert!(states.iter().all(|s| s.state == "pending" && s.attempts == 0 && s.recipient == "orminge@example.se"));
    let ics = store.meeting_ics(id, false, &mailing()).await.unwrap().unwrap();
    assert!(lines(&ics).contains(&"METHOD:CANCEL".to_owned()));
}

#[tokio::test]
async fn a_stranger_and_bad_fields_write_nothing() {
    let (store, _dir) = seeded("refusals").await;
    let (nacka, other) = areas(&store).await;
    let vc =
        service(&store, &nacka, "Vårdcentralen", ServiceCategory::HealthCentre, Sector::Region, Some("vc@example.se"))
            .await;
    let elsewhere =
        service(&store, &other, "Hemtjänsten", ServiceCategory::HomeCare, Sector::Municipality, Some("ht@example.se"))
            .await;
    let good =
        json!({"title": "Möte", "starts_at": "2026-03-28T09:00", "ends_at": "2026-03-28T10:00", "invited": [vc]});
    let before = events(&store).await;
    let refused = store.create_meeting(&coordinator(&other), nacka.id, input(good), &mailing()).await;
    assert!(matches!(refused, Err(WriteError::NotPermitted)), "{refused:?}");
    let bad = json!({"title": "Möte", "starts_at": "2026-03-29T02:30", "ends_at": "2026-03-28T10:00", "invited": [elsewhere]});
    match store.create_meeting(&coordinator(&nacka), nacka.id, input(bad), &mailing()).await {
        Err(WriteError::Invalid(e)) => {
            assert!(e.message("starts_at").unwrap().contains("finns inte i svensk tid"), "{e}");
            assert!(e.message("invited").unwrap().contains(&elsewhere.to_string()), "{e}");
        }
        other => panic!("{other:?}"),
    }
    let backwards = json!({"title": "Möte", "starts_at": "2026-03-28T10:00", "ends_at": "2026-03-28T09:00"});
    match store.create_meeting(&coordinator(&nacka), nacka.id, input(backwards), &mailing()).await {
        Err(WriteError::Invalid(e)) => {
            assert_eq!(e.message("ends_at"), Some(samverkan_domain::local::meeting::ENDS_BEFORE_START))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(events(&store).await, before);
    assert_eq!(meeting::Entity::find().count(&store.db).await.unwrap(), 0);
    assert!(outbox(&store).await.is_empty());
}

fn at(day: NaiveDate, hour: &str) -> String {
    format!("{day}T{hour}")
}

#[tokio::test]
async fn attendance_gives_missing_categories_and_the_areas_participation() {
    let (store, _dir) = seeded("participation").await;
    let (nacka, _) = areas(&store).await;
    let who = coordinator(&nacka);
    let vc = service(&store, &nacka, "Vårdcentralen", ServiceCategory::HealthCentre, Sector::Region, None).await;
    let soc =
        service(&store, &nacka, "Socialtjänsten", ServiceCategory::SocialServices, Sector::Municipality, None).await;
    let bup = service(&store, &nacka, "BUP Nacka", ServiceCategory::ChildPsychiatry, Sector::Region, None).await;
    store
        .set_required_categories(
            &who,
            nacka.id,
            input(json!({"categories": ["health_centre", "social_services", "pupil_health"]})),
        )
        .await
        .unwrap();
    let today = store.clock.today();
    let convene = async |day: NaiveDate| {
        let body = json!({"title": format!("Möte {day}"), "starts_at": at(day, "09:00"), "ends_at": at(day, "11:00"), "invited": [vc, soc, bup]});
        store.create_meeting(&who, nacka.id, input(body), &mailing()).await.unwrap()
    };
    let first = convene(today - Days::new(60)).await;
    let second = convene(today - Days::new(30)).await;
    let sheet = |rows: Value| AttendanceSheet::from_json(json!({"invitations": rows}));
    store
        .record_attendance(
            &who,
            first,
            sheet(json!([
                {"service_id": vc, "attendance": "present", "represented_by": "Verksamhetschef"},
                {"service_id": soc, "attendance": "present"},
                {"service_id": bup, "attendance": "absent"},
            ])),
        )
        .await
        .unwrap();
    store
        .record_attendance(
            &who,
            second,
            sheet(json!([
                {"service_id": vc, "attendance": "present"},
                {"service_id": soc, "attendance": "excused"},
            ])),
        )
        .await
        .unwrap();
    let detail = store.meeting(second).await.unwrap().unwrap();
    assert_eq!(detail.missing, [ServiceCategory::SocialServices, ServiceCategory::PupilHealth]);
    let vc_row = detail.invited.iter().find(|i| i.service.id == vc).unwrap();
    assert_eq!(vc_row.represented_by, None, "the second meeting's sheet gave none");
    let first_detail = store.meeting(first).await.unwrap().unwrap();
    assert_eq!(
        first_detail.invited.iter().find(|i| i.service.id == vc).unwrap().represented_by.as_deref(),
        Some("Verksamhetschef")
    );

    let p = store.area_participation(nacka.id).await.unwrap();
    // 6 invitations, 3 present, 1 not recorded (BUP at the second): 3 of 5 recorded.
    assert_eq!((p.year.total.invited, p.year.total.attended, p.year.total.unrecorded), (6, 3, 1));
    assert_eq!(p.year.total.rate(), Some(60));
    assert_eq!(p.year.by_sector[&Sector::Region].invited, 4);
    assert_eq!(p.year.by_category[&ServiceCategory::HealthCentre].rate(), Some(100));
    // BUP was absent and then not recorded: it has not come for a year.
    assert_eq!(p.absent.iter().map(|s| s.id).collect::<Vec<_>>(), [bup]);
    assert_eq!(p.meetings.len(), 2);
    assert_eq!(p.meetings[0].id, second);
    assert_eq!(p.meetings[0].unrecorded, 1);
    assert_eq!(p.meetings[1].missing, [ServiceCategory::PupilHealth]);
    let counted: u32 = p.months.iter().map(|(_, c)| c.invited).sum();
    assert_eq!((p.months.len(), counted), (24, 6));

    // Someone not invited cannot be recorded.
    let stranger =
        service(&store, &nacka, "Elevhälsan", ServiceCategory::PupilHealth, Sector::Municipality, None).await;
    match store.record_attendance(&who, first, sheet(json!([{"service_id": stranger, "attendance": "present"}]))).await
    {
        Err(WriteError::Invalid(e)) => assert!(e.message("invitations[0].service_id").is_some(), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn lists_page_upcoming_first_and_past_latest_first() {
    let (store, _dir) = seeded("lists").await;
    let (nacka, _) = areas(&store).await;
    let who = coordinator(&nacka);
    let today = store.clock.today();
    for n in [-20i64, -10, 10, 20, 30] {
        let day = if n < 0 { today - Days::new(n.unsigned_abs()) } else { today + Days::new(n.unsigned_abs()) };
        let body = json!({"title": format!("Möte {n}"), "starts_at": at(day, "13:00"), "ends_at": at(day, "14:00")});
        store.create_meeting(&who, nacka.id, input(body), &mailing()).await.unwrap();
    }
    let upcoming = store.area_meetings(nacka.id, None, When::Upcoming, Page::first(2)).await.unwrap();
    assert_eq!(upcoming.total, 3);
    assert_eq!(upcoming.items.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(), ["Möte 10", "Möte 20"]);
    let past = store.area_meetings(nacka.id, None, When::Past, Page::ALL).await.unwrap();
    assert_eq!(past.items.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(), ["Möte -10", "Möte -20"]);
}

#[tokio::test]
async fn a_renewed_feed_ends_the_old_address() {
    let (store, _dir) = seeded("feeds").await;
    let (nacka, other) = areas(&store).await;
    let who = coordinator(&nacka);
    let today = store.clock.today();
    let body = json!({"title": "Nätverksmöte", "starts_at": at(today + Days::new(7), "09:00"), "ends_at": at(today + Days::new(7), "10:00"), "video_url": "https://mote.example.se/x"});
    store.create_meeting(&who, nacka.id, input(body), &mailing()).await.unwrap();
    assert_eq!(store.calendar_feed(nacka.id, None).await.unwrap(), None);
    let first = store.renew_calendar_feed(&who, nacka.id, input(json!({}))).await.unwrap();
    assert_eq!(store.calendar_feed(nacka.id, None).await.unwrap().as_deref(), Some(first.as_str()));
    let feed = lines(&store.feed_ics(&first, &mailing()).await.unwrap().unwrap());
    assert!(feed.contains(&"METHOD:PUBLISH".to_owned()) && feed.contains(&"SUMMARY:Nätverksmöte".to_owned()));
    assert!(feed.contains(&"URL:https://mote.example.se/x".to_owned()));
    let second = store.renew_calendar_feed(&who, nacka.id, input(json!({"body_id": null}))).await.unwrap();
    assert_ne!(first, second);
    assert_eq!(store.feed_ics(&first, &mailing()).await.unwrap(), None);
    assert!(store.feed_ics(&second, &mailing()).await.unwrap().is_some());
    assert!(!store.audit_events_text().await.contains(&second), "the secret is not on the trail");
    let refused = store.renew_calendar_feed(&coordinator(&other), nacka.id, input(json!({}))).await;
    assert!(matches!(refused, Err(WriteError::NotPermitted)));
}

impl Store {
    async fn audit_events_text(&self) -> String {
        let rows = audit_event::Entity::find().filter(audit_event::Column::Id.gt(0)).all(&self.db).await.unwrap();
        rows.iter().map(|e| format!("{:?}{:?}", e.before, e.after)).collect()
    }
}
