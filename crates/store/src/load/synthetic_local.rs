//! The areas' local collaboration in a synthetic load (issue 14): each area's actor map
//! (`synthetic_local_services`) and its network meetings with who came
//! (`synthetic_local_meetings`), made after the structure from their own random streams, so the
//! structure and the agreements stay what they were for the same seed, and the services what
//! they were when only the meetings change.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::load::synthetic_local_meetings::generate_meetings;
use crate::load::synthetic_local_services::generate_services;
use crate::load::synthetic_rows::Rows;

/// Services for the actors of `rows` (and their parties as their sectors say), the areas'
/// required categories, and their meetings, the same for the same `seed`.
pub(crate) fn generate_local(rows: &mut Rows, seed: u64) {
    let made = generate_services(rows, &mut ChaCha8Rng::seed_from_u64(seed ^ 0x5e41_1ce5));
    generate_meetings(rows, &made, &mut ChaCha8Rng::seed_from_u64(seed ^ 0x3ee7_1295), seed);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::{BTreeMap, BTreeSet, HashSet};

    use chrono::{DateTime, Datelike, Duration, Timelike, Utc, Weekday};
    use chrono_tz::Europe::Stockholm;
    use samverkan_domain::PartyKind;
    use samverkan_domain::local::actor_csv::is_hsa_id;
    use samverkan_domain::local::actors::{Sector, ServiceCategory};
    use samverkan_domain::local::participation::{Invitation, Meeting, absent_for_a_year, participation};
    use sea_orm::{EntityTrait, PaginatorTrait};

    use crate::entity::{meeting_invitation, service};
    use crate::load::synthetic::{Scale, generate};
    use crate::load::synthetic_local_meetings::{FIRST_DAY, LAST_DAY, stockholm_utc};
    use crate::load::synthetic_local_rows::DATA_DAY;
    use crate::load::synthetic_rows::Rows;

    fn county() -> Rows {
        generate(Scale::County, 7)
    }

    #[test]
    fn every_actor_has_services_run_by_the_party_its_sector_says() {
        let rows = county();
        let party_kind: BTreeMap<i32, &str> = rows.parties.iter().map(|p| (p.id, p.kind.as_str())).collect();
        let mut services_of: BTreeMap<i32, usize> = BTreeMap::new();
        let mut sectors = BTreeSet::new();
        for s in &rows.local.services {
            *services_of.entry(s.organisation_id).or_default() += 1;
            let org = &rows.organisations[usize::try_from(s.organisation_id - 1).unwrap()];
            assert_eq!(org.id, s.organisation_id);
            let sector = Sector::parse(&s.sector).unwrap();
            let category = ServiceCategory::parse(&s.category).unwrap();
            sectors.insert(sector);
            let expected: &[Sector] = match org.party_id.map(|p| party_kind[&p]) {
                Some(k) if k == PartyKind::Region.code() => &[Sector::Region],
                Some(k) if k == PartyKind::Municipality.code() => &[Sector::Municipality],
                Some(k) => panic!("party of kind {k}"),
                // Of no party: private or civil society, recorded for the area of its map.
                None => {
                    assert_eq!(org.area_id, Some(s.area_id), "{}", s.name);
                    &[Sector::Private, Sector::CivilSociety]
                }
            };
            assert!(
                expected.contains(&sector),
                "{} is {sector:?}, its organisation of party {:?}",
                s.name,
                org.party_id
            );
            let civil = matches!(
                category,
                ServiceCategory::FaithCommunity
                    | ServiceCategory::InterestOrganisation
                    | ServiceCategory::LocalAssociation
            );
            assert_eq!(civil, sector == Sector::CivilSociety, "{}", s.name);
            assert!(s.synthetic);
        }
        assert_eq!(sectors.len(), Sector::ALL.len(), "every sector is there");
        assert!(rows.actors.iter().all(|a| services_of.contains_key(&a.organisation)), "every actor has a service");
        assert!(services_of.values().any(|n| *n > 1), "some actors have more than one");
        // The social services of each municipality serve each of its areas.
        let social = rows.local.services.iter().filter(|s| s.category == ServiceCategory::SocialServices.code());
        assert_eq!(social.count(), rows.areas.len());
        // Every service serves its own area, a few a neighbouring one too.
        let serves: BTreeSet<(i32, i32)> = rows.local.service_areas.iter().map(|a| (a.service_id, a.area_id)).collect();
        assert!(rows.local.services.iter().all(|s| serves.contains(&(s.id, s.area_id))));
        assert!(serves.len() > rows.local.services.len());
    }

    #[test]
    fn contact_details_are_invented_so_that_they_reach_nobody() {
        let rows = county();
        let services = &rows.local.services;
        for s in services {
            if let Some(phone) = &s.phone {
                let last: u32 = phone.strip_prefix("070-174 06 ").unwrap().parse().unwrap();
                assert!((5..=99).contains(&last), "{phone} is in the range kept for fiction");
            }
            let email = s.email.as_deref().unwrap();
            assert!(email.rsplit_once('@').unwrap().1.ends_with(".example"), "{email}");
            assert!(s.web.as_deref().is_none_or(|w| w.starts_with("https://") && w.contains(".example/")));
            assert!(s.address.as_deref().unwrap().starts_with("Syntetgatan "));
            assert!(s.contact_role.is_some());
        }
        let hsa: Vec<&str> = services.iter().filter_map(|s| s.hsa_id.as_deref()).collect();
        assert!(hsa.len() > services.len() / 10 && hsa.len() < services.len(), "{} of {}", hsa.len(), services.len());
        for id in &hsa {
            assert!(is_hsa_id(id), "{id}");
            // The organisation number's check digit is wrong, so it is no organisation's.
            let number = &id[2..12];
            let sum: u32 = number
                .bytes()
                .map(|b| u32::from(b - b'0'))
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { d * 2 } else { d })
                .map(|d| d / 10 + d % 10)
                .sum();
            assert_ne!(sum % 10, 0, "{id}");
        }
        assert_eq!(hsa.iter().collect::<HashSet<_>>().len(), hsa.len(), "unique");
    }

    #[test]
    fn services_were_verified_over_two_years_and_some_not_for_a_year() {
        let rows = county();
        let days: Vec<_> = rows.local.services.iter().filter_map(|s| s.verified_on).collect();
        assert!(days.iter().all(|d| *d <= DATA_DAY && *d >= DATA_DAY - Duration::days(730)));
        let old = days.iter().filter(|d| **d < DATA_DAY - Duration::days(365)).count();
        assert!(old * 5 > days.len() && old * 2 < days.len(), "{old} of {} over a year old", days.len());
        assert!(days.len() < rows.local.services.len(), "some never verified");
    }

    #[test]
    fn meetings_are_on_stockholm_weekdays_in_daytime_stored_in_utc() {
        // Either side of the change to summer time on 2025-03-30, and back on 2025-10-26.
        assert_eq!(stockholm_utc(chrono::NaiveDate::from_ymd_opt(2025, 3, 28).unwrap(), 9, 0), "2025-03-28T08:00:00Z");
        assert_eq!(stockholm_utc(chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(), 9, 0), "2025-03-31T07:00:00Z");
        assert_eq!(
            stockholm_utc(chrono::NaiveDate::from_ymd_opt(2025, 10, 27).unwrap(), 13, 30),
            "2025-10-27T12:30:00Z"
        );
        let rows = county();
        let meetings = &rows.local.meetings;
        for m in meetings {
            let starts = DateTime::parse_from_rfc3339(&m.starts_at).unwrap().with_timezone(&Stockholm);
            let ends = DateTime::parse_from_rfc3339(&m.ends_at).unwrap().with_timezone(&Stockholm);
            assert!(m.starts_at.ends_with('Z') && m.starts_at.len() == 20, "{}", m.starts_at);
            assert!((8..=14).contains(&starts.hour()) && ends.hour() <= 16 && starts < ends, "{starts} to {ends}");
            assert!(!matches!(starts.weekday(), Weekday::Sat | Weekday::Sun) && starts.month() != 7, "{starts}");
            assert!(FIRST_DAY <= starts.date_naive() && starts.date_naive() <= LAST_DAY);
        }
        let per_area = meetings.len() as f64 / rows.areas.len() as f64;
        assert!((80.0..=86.0).contains(&per_area), "{per_area} meetings per area");
        let uids: HashSet<&str> = meetings.iter().map(|m| m.uid.as_str()).collect();
        assert_eq!(uids.len(), meetings.len(), "each UID once");
        let of_body = meetings.iter().filter(|m| m.body_id.is_some()).count();
        assert!(of_body * 3 > meetings.len() && of_body * 3 < meetings.len() * 2, "{of_body} of the body");
        let cancelled = meetings.iter().filter(|m| m.cancelled).count();
        assert!(cancelled > 0 && cancelled * 20 < meetings.len(), "{cancelled} cancelled");
        assert!(meetings.iter().any(|m| m.sequence > 0 && !m.cancelled), "some moved");
        let now = Utc::now().to_rfc3339();
        assert!(meetings.iter().any(|m| m.starts_at > now) || DATA_DAY > LAST_DAY, "some ahead");
        // Every area meets, its meetings in order of time.
        let areas: BTreeSet<i32> = meetings.iter().map(|m| m.area_id).collect();
        assert_eq!(areas.len(), rows.areas.len());
    }

    /// The meetings of `rows` as the participation rules read them: every invitation of a held
    /// meeting, the actor the service.
    fn as_the_rules_read_them(rows: &Rows) -> Vec<Meeting> {
        let category: BTreeMap<i32, (Sector, ServiceCategory)> = rows
            .local
            .services
            .iter()
            .map(|s| (s.id, (Sector::parse(&s.sector).unwrap(), ServiceCategory::parse(&s.category).unwrap())))
            .collect();
        let mut invited: BTreeMap<i32, Vec<Invitation>> = BTreeMap::new();
        for i in &rows.local.invitations {
            let (sector, c) = category[&i.service];
            let invitation = Invitation { actor_id: i.service, sector, categories: vec![c], attendance: i.attendance };
            invited.entry(i.meeting).or_default().push(invitation);
        }
        rows.local
            .meetings
            .iter()
            .filter(|m| !m.cancelled)
            .map(|m| Meeting {
                day: DateTime::parse_from_rfc3339(&m.starts_at).unwrap().with_timezone(&Stockholm).date_naive(),
                invited: invited.remove(&m.id).unwrap_or_default(),
            })
            .collect()
    }

    #[test]
    fn participation_differs_by_category_and_some_actors_have_not_come_for_a_year() {
        let rows = county();
        let invitations = &rows.local.invitations;
        let per_meeting = invitations.len() as f64 / rows.local.meetings.len() as f64;
        assert!((9.0..=11.5).contains(&per_meeting), "{per_meeting} invited per meeting");
        let pairs: HashSet<(i32, i32)> = invitations.iter().map(|i| (i.meeting, i.service)).collect();
        assert_eq!(pairs.len(), invitations.len(), "a service invited once to a meeting");
        // Invited are services that serve the meeting's area.
        let serves: HashSet<(i32, i32)> = rows.local.service_areas.iter().map(|a| (a.service_id, a.area_id)).collect();
        let area_of: BTreeMap<i32, i32> = rows.local.meetings.iter().map(|m| (m.id, m.area_id)).collect();
        assert!(invitations.iter().all(|i| serves.contains(&(i.service, area_of[&i.meeting]))));

        let meetings = as_the_rules_read_them(&rows);
        let all = participation(&meetings, FIRST_DAY, DATA_DAY);
        let rates: Vec<u8> = all.by_category.values().filter_map(|c| c.rate()).collect();
        let (low, high) = (rates.iter().min().unwrap(), rates.iter().max().unwrap());
        assert!(high - low >= 30, "rates by category from {low} to {high} %");
        assert!(all.total.unrecorded > 0, "the latest meetings are not all written up");
        let ahead = participation(&meetings, DATA_DAY + Duration::days(1), LAST_DAY);
        assert!(ahead.total.invited > 0 && ahead.total.unrecorded == ahead.total.invited, "planned meetings");
        let absent = absent_for_a_year(&meetings, DATA_DAY);
        let invited_lately: HashSet<i32> = meetings
            .iter()
            .filter(|m| m.day > DATA_DAY - Duration::days(365))
            .flat_map(|m| m.invited.iter().map(|i| i.actor_id))
            .collect();
        assert!(
            absent.len() * 100 > invited_lately.len() * 3,
            "{} of {} absent for a year",
            absent.len(),
            invited_lately.len()
        );
        assert!(
            absent.len() * 100 < invited_lately.len() * 20,
            "{} of {} absent for a year",
            absent.len(),
            invited_lately.len()
        );
        // Follow-up tasks from some held meetings, the ones due long ago mostly done.
        let tasks = &rows.local.tasks;
        assert!(tasks.len() * 10 > rows.local.meetings.len() * 3, "{} tasks", tasks.len());
        assert!(tasks.iter().any(|t| t.done) && tasks.iter().any(|t| !t.done));
    }

    #[test]
    fn every_area_requires_a_few_categories() {
        let rows = county();
        let mut per_area: BTreeMap<i32, Vec<&str>> = BTreeMap::new();
        for r in &rows.local.required_categories {
            ServiceCategory::parse(&r.category).unwrap();
            per_area.entry(r.area_id).or_default().push(&r.category);
        }
        assert_eq!(per_area.len(), rows.areas.len());
        assert!(per_area.values().all(|c| (3..=9).contains(&c.len()) && c.contains(&"health_centre")));
    }

    /// The load writes it all, and the rows read back.
    #[tokio::test]
    async fn the_local_collaboration_is_written_with_the_rest() {
        let (store, _dir) = crate::test_support::test_store("demo_local").await;
        let report = store.load_demo_data(Scale::County, 7, &|_| {}).await.unwrap();
        let rows = county();
        assert_eq!(report.rows["services"], rows.local.services.len() as u64);
        assert_eq!(report.rows["meeting_invitations"], rows.local.invitations.len() as u64);
        let invitations = meeting_invitation::Entity::find().count(&store.db).await.unwrap();
        assert_eq!(invitations, rows.local.invitations.len() as u64);
        let first = service::Entity::find_by_id(1).one(&store.db).await.unwrap().unwrap();
        assert_eq!(first, rows.local.services[0]);
        let recorded = meeting_invitation::Entity::find_by_id(1).one(&store.db).await.unwrap().unwrap();
        assert_eq!(recorded.attendance, rows.local.invitations[0].attendance.map(|a| a.code().to_owned()));
    }
}
