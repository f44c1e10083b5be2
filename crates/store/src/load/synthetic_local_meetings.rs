//! The synthetic network meetings: about 83 per area over three years (100,000 at national
//! scale), on weekdays in Stockholm daytime, outside July and Christmas, stored as RFC 3339 UTC
//! text the way the meetings' own writes store them; half of them the area's "Lokal samverkan"
//! body's network meeting, the rest its working groups on a theme; a few moved, a few cancelled.
//! Each area has a network of some twenty of the services that serve it (the care and social
//! services more likely than a preschool); each meeting invites about ten of them, more of those
//! its theme concerns, and the coordinating health centre and the social services always. Attendance is recorded up to
//! [`DATA_DAY`] (the last weeks' not all yet), and differs by category and by actor; some actors
//! have stopped coming for more than a year. Held meetings have minutes and some follow-up tasks.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Stockholm;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use samverkan_domain::local::actors::{ServiceCategory as C, ServiceStatus};
use samverkan_domain::local::participation::Attendance;

use crate::entity::{meeting, meeting_task};
use crate::load::synthetic_local_rows::{DATA_DAY, Invited};
use crate::load::synthetic_local_services::{AreaFacts, Made, ServiceFacts};
use crate::load::synthetic_rows::{Rows, date, next_id};
use crate::load::synthetic_structure::allocate;

/// The three years the meetings span: the last months ahead of [`DATA_DAY`] are planned.
pub(crate) const FIRST_DAY: NaiveDate = date(2024, 3, 1);
pub(crate) const LAST_DAY: NaiveDate = date(2027, 2, 28);

/// Meetings per area over the three years, on average: 100,000 over Sweden's 1,200 areas.
const PER_AREA: f64 = 100_000.0 / 1_200.0;

/// What a meeting is about: its title, the categories it concerns most, its agenda, and
/// whether it is the area's body's network meeting.
struct Theme {
    title: &'static str,
    categories: &'static [C],
    agenda: &'static str,
    of_the_body: bool,
}

const THEMES: [Theme; 6] = [
    Theme {
        title: "Nätverksmöte",
        categories: &[],
        agenda: "1. Välkomna och presentationsrunda\n2. Aktuellt från aktörerna\n3. Områdets handlingsplan\n4. Nästa möte",
        of_the_body: true,
    },
    Theme {
        title: "Arbetsgrupp äldres hälsa",
        categories: &[
            C::HealthCentre,
            C::HomeHealthCare,
            C::HomeCare,
            C::ResidentialCare,
            C::AdvancedHomeCare,
            C::Hospital,
            C::FaithCommunity,
        ],
        agenda: "1. Utskrivning från sluten vård\n2. Fallprevention\n3. Övrigt",
        of_the_body: false,
    },
    Theme {
        title: "Arbetsgrupp barn och ungas psykiska hälsa",
        categories: &[C::HealthCentre, C::ChildPsychiatry, C::PupilHealth, C::Other, C::LocalAssociation],
        agenda: "1. Vägar in till stöd\n2. Samordnad individuell plan\n3. Övrigt",
        of_the_body: false,
    },
    Theme {
        title: "Samverkan med psykiatrin",
        categories: &[C::HealthCentre, C::AdultPsychiatry, C::HomeCare, C::LssHousing, C::InterestOrganisation],
        agenda: "1. Ärenden som berör flera huvudmän\n2. Kontaktvägar\n3. Övrigt",
        of_the_body: false,
    },
    Theme {
        title: "Samverkan kring LSS",
        categories: &[C::LssHousing, C::HomeHealthCare, C::Rehabilitation, C::InterestOrganisation],
        agenda: "1. Hälso- och sjukvård i LSS-boende\n2. Hjälpmedel\n3. Övrigt",
        of_the_body: false,
    },
    Theme {
        title: "Krisstöd vid allvarlig händelse",
        categories: &[C::FaithCommunity, C::LocalAssociation, C::Hospital, C::Other],
        agenda: "1. Områdets krisstödsplan\n2. Övning i höst\n3. Övrigt",
        of_the_body: false,
    },
];

/// How likely an invited service of a category is to come: participation differs by category.
fn turnout(category: C) -> f64 {
    match category {
        C::SocialServices => 0.9,
        C::HealthCentre => 0.8,
        C::HomeHealthCare => 0.7,
        C::HomeCare | C::InterestOrganisation => 0.65,
        C::PupilHealth => 0.6,
        C::Rehabilitation | C::ResidentialCare | C::FaithCommunity => 0.55,
        C::AdvancedHomeCare | C::LssHousing | C::Other => 0.5,
        C::AdultPsychiatry | C::LocalAssociation => 0.45,
        C::ChildPsychiatry => 0.4,
        C::Hospital => 0.35,
    }
}

/// How likely a service of a category is to be in its area's network (those its meetings
/// invite): the care and social services more than a preschool.
fn network_weight(category: C) -> u32 {
    match category {
        C::HealthCentre => 8,
        C::HomeHealthCare | C::AdultPsychiatry | C::ChildPsychiatry | C::AdvancedHomeCare | C::Hospital => 6,
        C::SocialServices | C::HomeCare | C::ResidentialCare => 5,
        C::Rehabilitation | C::LssHousing | C::PupilHealth | C::FaithCommunity | C::InterestOrganisation => 4,
        C::LocalAssociation => 3,
        C::Other => 1,
    }
}

/// Who else may come on a service's behalf.
const STAND_INS: [&str; 3] = ["Ersättare", "Biträdande enhetschef", "Samordnare"];

const TASKS: [&str; 7] = [
    "Uppdatera aktörskartan",
    "Ta fram en kontaktlista för samverkan",
    "Planera en gemensam utbildningsdag",
    "Följa upp rutinen vid utskrivning från sluten vård",
    "Bjuda in de aktörer som saknades till nästa möte",
    "Sammanställa förslag till lokal handlingsplan",
    "Se över krisstödsplanen",
];

/// How a service takes part over the years: its own leaning, when it closed (if it did), and
/// from when it stopped coming (if it did).
struct Habit {
    leaning: f64,
    closed: Option<NaiveDate>,
    stopped: Option<NaiveDate>,
}

fn habits(rng: &mut ChaCha8Rng, services: &[ServiceFacts]) -> Vec<Habit> {
    let span = (LAST_DAY - FIRST_DAY).num_days();
    services
        .iter()
        .map(|s| Habit {
            leaning: rng.random_range(0.7..1.2),
            closed: match s.status {
                ServiceStatus::Active => None,
                ServiceStatus::TemporarilyClosed => Some(DATA_DAY - Duration::days(rng.random_range(30..120))),
                ServiceStatus::Inactive | ServiceStatus::Defunct => {
                    Some(FIRST_DAY + Duration::days(rng.random_range(0..span * 3 / 4)))
                }
            },
            // Some have not come for more than a year (staff changed, the contact was lost).
            stopped: rng.random_bool(0.05).then(|| DATA_DAY - Duration::days(rng.random_range(400..540))),
        })
        .collect()
}

/// `day` at `hour:minute` in Europe/Stockholm, as RFC 3339 UTC text (`2025-03-28T08:00:00Z`):
/// an hour back in winter, two in summer.
pub(crate) fn stockholm_utc(day: NaiveDate, hour: u32, minute: u32) -> String {
    let local = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
    let utc =
        Stockholm.from_local_datetime(&local).earliest().map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc));
    utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A weekday of the three years, outside July and the Christmas weeks.
fn meeting_day(rng: &mut ChaCha8Rng) -> NaiveDate {
    let span = (LAST_DAY - FIRST_DAY).num_days();
    loop {
        let day = FIRST_DAY + Duration::days(rng.random_range(0..=span));
        let holiday =
            day.month() == 7 || (day.month() == 12 && day.day() >= 22) || (day.month() == 1 && day.day() <= 6);
        if !holiday && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return day;
        }
    }
}

/// Up to `n` of `candidates`, by weight, none twice.
fn choose(rng: &mut ChaCha8Rng, mut candidates: Vec<(i32, u32)>, n: usize) -> Vec<i32> {
    let mut chosen = Vec::with_capacity(n);
    while chosen.len() < n && !candidates.is_empty() {
        let total: u32 = candidates.iter().map(|(_, w)| w).sum();
        let mut at = rng.random_range(0..total.max(1));
        let mut pick = candidates.len() - 1;
        for (i, (_, w)) in candidates.iter().enumerate() {
            if at < *w {
                pick = i;
                break;
            }
            at -= w;
        }
        chosen.push(candidates.swap_remove(pick).0);
    }
    chosen
}

/// The network meetings of every area of `made`, with their invitations and tasks.
pub(crate) fn generate_meetings(rows: &mut Rows, made: &Made, rng: &mut ChaCha8Rng, seed: u64) {
    let habits = habits(rng, &made.services);
    // An organisation's first service: the one its coordinating role is written to.
    let mut first_service: BTreeMap<i32, i32> = BTreeMap::new();
    for s in &made.services {
        first_service.entry(s.organisation).or_insert(s.id);
    }
    let total = (PER_AREA * made.areas.len() as f64).round() as usize;
    let weights: Vec<f64> = made.areas.iter().map(|a| (a.served_by.len().max(1) as f64).sqrt()).collect();
    let counts = allocate(total, &weights, 30);
    for (area, count) in made.areas.iter().zip(counts) {
        // The area's network: the services its meetings invite, some twenty of those that serve it.
        let members: Vec<(i32, u32)> = area
            .served_by
            .iter()
            .filter(|s| Some(**s) != area.social_services)
            .filter_map(|s| made.service(*s))
            .map(|s| (s.id, network_weight(s.category)))
            .collect();
        let size = rng.random_range(16..=24);
        let network = choose(rng, members, size);
        let mut days: Vec<NaiveDate> = (0..count).map(|_| meeting_day(rng)).collect();
        days.sort();
        for day in days {
            let coordinator = area
                .coordinators
                .iter()
                .find(|(_, from, to)| *from <= day && to.is_none_or(|to| day <= to))
                .and_then(|(org, _, _)| first_service.get(org).copied());
            let conveners: Vec<i32> = coordinator.into_iter().chain(area.social_services).collect();
            let meeting = push_meeting(rows, area, &conveners, made, rng, day, seed);
            invite(rows, made, &habits, &network, &conveners, meeting, rng);
        }
    }
}

fn push_meeting(
    rows: &mut Rows,
    area: &AreaFacts,
    conveners: &[i32],
    made: &Made,
    rng: &mut ChaCha8Rng,
    day: NaiveDate,
    seed: u64,
) -> (i32, NaiveDate, usize) {
    let id = next_id(rows.local.meetings.len());
    let theme_index = if rng.random_bool(0.5) { 0 } else { rng.random_range(1..THEMES.len()) };
    let theme = &THEMES[theme_index];
    let (hour, minute): (u32, u32) =
        [(8, 30), (9, 0), (9, 0), (10, 0), (13, 0), (13, 30), (14, 0)][rng.random_range(0..7)];
    let length: u32 = [60, 90, 90, 120][rng.random_range(0..4)];
    let ends = hour * 60 + minute + length;
    let cancelled = rng.random_bool(0.03);
    let moved = rng.random_bool(0.06);
    // Where: a convening service's address; some meet by video only, some also by video.
    let host = conveners.get(rng.random_range(0..conveners.len().max(1))).and_then(|s| made.service(*s));
    let video_only = rng.random_bool(0.15);
    let place = if video_only { None } else { host.map(|s| s.address.clone()) };
    let video_url = (video_only || rng.random_bool(0.3)).then(|| format!("https://video.example/mote/{id}"));
    rows.local.meetings.push(meeting::Model {
        id,
        area_id: area.id,
        body_id: if theme.of_the_body { area.local_body } else { None },
        title: format!("{}, {}", theme.title, area.name),
        starts_at: stockholm_utc(day, hour, minute),
        ends_at: stockholm_utc(day, ends / 60, ends % 60),
        place,
        video_url,
        agenda: Some(theme.agenda.to_owned()),
        minutes: None,
        decisions: None,
        cancelled,
        sequence: i32::from(moved) + i32::from(cancelled),
        uid: format!("syntetiskt-mote-{id}-{seed}@samverkan.example"),
        synthetic: true,
    });
    (id, day, theme_index)
}

/// Invites the conveners and about ten of the area's network to the meeting, more of those its
/// theme concerns, records who came (up to [`DATA_DAY`]) and, for a meeting held, writes its
/// minutes and some tasks.
fn invite(
    rows: &mut Rows,
    made: &Made,
    habits: &[Habit],
    network: &[i32],
    conveners: &[i32],
    (meeting, day, theme): (i32, NaiveDate, usize),
    rng: &mut ChaCha8Rng,
) {
    let theme = &THEMES[theme];
    let habit = |id: i32| habits.get(usize::try_from(id - 1).unwrap_or(usize::MAX));
    let open = |id: i32| habit(id).is_some_and(|h| h.closed.is_none_or(|closed| day < closed));
    let candidates: Vec<(i32, u32)> = network
        .iter()
        .copied()
        .filter(|s| !conveners.contains(s) && open(*s))
        .filter_map(|s| made.service(s))
        .map(|s| (s.id, if theme.categories.contains(&s.category) { 4 } else { 1 }))
        .collect();
    let wanted = rng.random_range(8..=12usize).saturating_sub(conveners.len());
    let invited: Vec<i32> = conveners.iter().copied().chain(choose(rng, candidates, wanted)).collect();

    let cancelled = rows.local.meetings.last().is_some_and(|m| m.cancelled);
    let recorded = !cancelled && day <= DATA_DAY && (day + Duration::days(21) <= DATA_DAY || rng.random_bool(0.6));
    let mut present = 0;
    for service in &invited {
        let Some(s) = made.service(*service) else { continue };
        let (attendance, represented_by) = if recorded {
            let stopped = habit(s.id).and_then(|h| h.stopped).is_some_and(|from| from <= day);
            let chance = if stopped {
                0.0
            } else if conveners.contains(service) {
                0.95
            } else {
                (turnout(s.category) * habit(s.id).map_or(1.0, |h| h.leaning)).min(0.97)
            };
            if rng.random_bool(chance) {
                present += 1;
                let by = match rng.random_range(0..20) {
                    0..12 => Some(s.contact_role),
                    12..17 => Some(STAND_INS[rng.random_range(0..STAND_INS.len())]),
                    _ => None,
                };
                (Some(Attendance::Present), by)
            } else if rng.random_bool(0.45) {
                (Some(Attendance::Excused), None)
            } else {
                (Some(Attendance::Absent), None)
            }
        } else {
            (None, None)
        };
        rows.local.invitations.push(Invited { meeting, service: s.id, attendance, represented_by });
    }
    if !recorded {
        return;
    }
    let mut decisions = Vec::new();
    if rng.random_bool(0.35) {
        for _ in 0..rng.random_range(1..=3) {
            let task = TASKS[rng.random_range(0..TASKS.len())];
            let owner = match rng.random_range(0..3) {
                0 => "Samordnande vårdcentral",
                1 => "Kommunens samordnande funktion",
                _ => invited
                    .get(rng.random_range(0..invited.len().max(1)))
                    .and_then(|s| made.service(*s))
                    .map_or("Samordnande vårdcentral", |s| s.contact_role),
            };
            let due = day + Duration::days(rng.random_range(14..=90));
            rows.local.tasks.push(meeting_task::Model {
                id: next_id(rows.local.tasks.len()),
                meeting_id: meeting,
                description: task.to_owned(),
                owner_function: owner.to_owned(),
                due_on: Some(due),
                done: due < DATA_DAY && rng.random_bool(0.85),
            });
            decisions.push(format!("Mötet beslutade att {}.", task.to_lowercase()));
        }
    }
    if let Some(m) = rows.local.meetings.last_mut() {
        m.minutes = Some(format!("Syntetiskt protokoll: {present} av {} inbjudna aktörer deltog.", invited.len()));
        m.decisions = (!decisions.is_empty()).then(|| decisions.join("\n"));
    }
}
