//! The synthetic actor maps: every actor the structure made gets its services (a category, a
//! sector, a status, how to reach it, when it was last verified), run by the party its sector
//! says (a region's health centre is the region's; a private one of no party, recorded for its
//! area); each municipality's social services serve each of its areas; each area gets a few
//! associations and faith communities of its own, and a large municipality a hospital. Every
//! address, phone number, e-mail address and HSA-id is invented in a way that cannot reach anyone
//! (see [`phone`], [`email`], [`hsa_id`]).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use samverkan_domain::local::actors::{Sector, ServiceCategory as C, ServiceStatus};
use samverkan_domain::{BodyKind, FunctionKind, OrganisationKind, swedish_sort_string};

use crate::entity::{area_required_category, service, service_area};
use crate::load::synthetic_local_rows::DATA_DAY;
use crate::load::synthetic_rows::{ActorOf, RECORD_START, Rows, next_id, push_organisation};

/// What an actor of the structure does, by the stem of its name.
struct Profile {
    stem: &'static str,
    category: C,
    /// Who runs such an actor, with weights.
    sectors: &'static [(Sector, u32)],
    /// A second service some of them run: its category, the share that do, and the sector that
    /// must run the actor for it (ASIH only in the region's care).
    second: Option<(C, f64, Option<Sector>)>,
}

const R: Sector = Sector::Region;
const M: Sector = Sector::Municipality;
const P: Sector = Sector::Private;

/// The stems of the structure's actors (`synthetic_structure::ACTOR_KINDS`) and what they do.
const PROFILES: [Profile; 12] = [
    Profile {
        stem: "Vårdcentral",
        category: C::HealthCentre,
        sectors: &[(R, 40), (P, 60)],
        second: Some((C::Rehabilitation, 0.2, None)),
    },
    Profile {
        stem: "Husläkarmottagning",
        category: C::HealthCentre,
        sectors: &[(R, 10), (P, 90)],
        second: Some((C::HomeHealthCare, 0.15, None)),
    },
    Profile { stem: "Hemtjänst", category: C::HomeCare, sectors: &[(M, 55), (P, 45)], second: None },
    Profile { stem: "Äldreboende", category: C::ResidentialCare, sectors: &[(M, 65), (P, 35)], second: None },
    Profile {
        stem: "Hemsjukvård",
        category: C::HomeHealthCare,
        sectors: &[(M, 70), (R, 30)],
        second: Some((C::AdvancedHomeCare, 0.5, Some(R))),
    },
    Profile { stem: "Barnavårdscentral", category: C::Other, sectors: &[(R, 60), (P, 40)], second: None },
    Profile {
        stem: "Psykiatrisk öppenvård",
        category: C::AdultPsychiatry,
        sectors: &[(R, 80), (P, 20)],
        second: Some((C::ChildPsychiatry, 0.4, Some(R))),
    },
    Profile { stem: "LSS-boende", category: C::LssHousing, sectors: &[(M, 60), (P, 40)], second: None },
    Profile { stem: "Förskola", category: C::Other, sectors: &[(M, 70), (P, 30)], second: None },
    Profile {
        stem: "Grundskola",
        category: C::Other,
        sectors: &[(M, 80), (P, 20)],
        second: Some((C::PupilHealth, 0.5, None)),
    },
    Profile { stem: "Elevhälsa", category: C::PupilHealth, sectors: &[(M, 1)], second: None },
    Profile { stem: "Ungdomsmottagning", category: C::Other, sectors: &[(R, 50), (M, 50)], second: None },
];

/// An area's own associations and faith communities: category and name (`{}` the area).
const CIVIL_SOCIETY: [(C, &str); 7] = [
    (C::FaithCommunity, "{} församling"),
    (C::FaithCommunity, "Frikyrkoförsamlingen i {}"),
    (C::InterestOrganisation, "Pensionärsföreningen {}"),
    (C::InterestOrganisation, "Anhörigföreningen {}"),
    (C::InterestOrganisation, "Föräldraföreningen {}"),
    (C::LocalAssociation, "Hembygdsföreningen {}"),
    (C::LocalAssociation, "Idrottsföreningen {}"),
];

/// A service's contact functions (a role, never a person), by category.
pub(crate) fn contact_roles(category: C) -> &'static [&'static str] {
    match category {
        C::HealthCentre => &["Verksamhetschef", "Samordnande sjuksköterska", "Medicinskt ansvarig läkare"],
        C::HomeHealthCare => &["Enhetschef hemsjukvård", "Medicinskt ansvarig sjuksköterska"],
        C::Rehabilitation => &["Enhetschef rehabilitering", "Samordnande fysioterapeut"],
        C::AdultPsychiatry => &["Verksamhetschef", "Samordnare vårdplanering"],
        C::ChildPsychiatry => &["Enhetschef BUP", "Samordnare"],
        C::AdvancedHomeCare => &["Enhetschef ASIH"],
        C::Hospital => &["Samordnare utskrivning", "Verksamhetschef"],
        C::SocialServices => &["Enhetschef biståndsenheten", "Enhetschef socialtjänst", "Samordnare"],
        C::HomeCare => &["Enhetschef hemtjänst"],
        C::ResidentialCare => &["Enhetschef", "Medicinskt ansvarig sjuksköterska"],
        C::LssHousing => &["Enhetschef LSS"],
        C::PupilHealth => &["Elevhälsochef", "Samordnande skolsköterska"],
        C::FaithCommunity => &["Diakon", "Församlingsherde"],
        C::InterestOrganisation => &["Ordförande", "Sekreterare"],
        C::LocalAssociation => &["Kontaktperson", "Ordförande"],
        C::Other => &["Enhetschef", "Rektor", "Verksamhetschef"],
    }
}

/// The categories that are health care, and so have an HSA-id as a rule.
const HEALTH_CARE: [C; 7] = [
    C::HealthCentre,
    C::HomeHealthCare,
    C::Rehabilitation,
    C::AdultPsychiatry,
    C::ChildPsychiatry,
    C::AdvancedHomeCare,
    C::Hospital,
];

/// What the meetings need of an area.
pub(crate) struct AreaFacts {
    pub(crate) id: i32,
    pub(crate) name: String,
    /// Its "Lokal samverkan" body.
    pub(crate) local_body: Option<i32>,
    /// Its coordinating health centre's holders: organisation, first and last day.
    pub(crate) coordinators: Vec<(i32, NaiveDate, Option<NaiveDate>)>,
    /// Its municipality's social services' service for it.
    pub(crate) social_services: Option<i32>,
    /// The services that serve it, in id order.
    pub(crate) served_by: Vec<i32>,
}

/// What the meetings need of a service.
pub(crate) struct ServiceFacts {
    pub(crate) id: i32,
    pub(crate) organisation: i32,
    pub(crate) category: C,
    pub(crate) status: ServiceStatus,
    pub(crate) contact_role: &'static str,
    pub(crate) address: String,
}

/// The areas and services made, for the meetings.
pub(crate) struct Made {
    pub(crate) areas: Vec<AreaFacts>,
    /// Service `i` has id `i + 1`.
    pub(crate) services: Vec<ServiceFacts>,
}

impl Made {
    /// Area `id`: the areas are made with ids from 1, in order.
    pub(crate) fn area(&self, id: i32) -> Option<&AreaFacts> {
        self.areas.get(usize::try_from(id - 1).ok()?).filter(|a| a.id == id)
    }

    fn area_mut(&mut self, id: i32) -> Option<&mut AreaFacts> {
        self.areas.get_mut(usize::try_from(id - 1).ok()?).filter(|a| a.id == id)
    }

    /// Service `id`.
    pub(crate) fn service(&self, id: i32) -> Option<&ServiceFacts> {
        self.services.get(usize::try_from(id - 1).ok()?).filter(|s| s.id == id)
    }
}

/// One service to add.
struct NewService<'a> {
    organisation: i32,
    area: i32,
    name: String,
    category: C,
    sector: Sector,
    /// Who issues its HSA-id: a party's or a private organisation's id.
    issuer: (u8, i32),
    serves: &'a [i32],
}

/// Picks by weight.
fn weighted<T: Copy>(rng: &mut ChaCha8Rng, options: &[(T, u32)]) -> T {
    let total: u32 = options.iter().map(|(_, w)| w).sum();
    let mut at = rng.random_range(0..total.max(1));
    for (option, weight) in options {
        if at < *weight {
            return *option;
        }
        at -= weight;
    }
    options[0].0
}

/// A number from the range the Swedish Post and Telecom Authority (PTS) keeps for fiction,
/// 070-174 06 05 to 070-174 06 99: it cannot reach anyone. Written in groups, so no run of its
/// digits could read as a personal identity number.
fn phone(rng: &mut ChaCha8Rng) -> String {
    format!("070-174 06 {:02}", rng.random_range(5..100))
}

/// A functional mailbox at a domain of the reserved top-level domain `.example` (RFC 2606),
/// which no mail ever reaches.
fn email(service: i32, organisation: i32) -> String {
    format!("samverkan.{service}@aktor{organisation}.example")
}

/// The Luhn check digit of `digits`, as Swedish organisation numbers have it.
fn luhn(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 2 } else { d })
        .map(|d| d / 10 + d % 10)
        .sum();
    (10 - sum % 10) % 10
}

/// An HSA-id of the documented shape (`SE`, an organisation number, `-`, a serial) that cannot be
/// real: the organisation number's check digit is deliberately wrong (so no organisation has it),
/// its third digit is 2 to 9 (so it never reads as a date, nor as a personal identity number),
/// and the serial says `SYN`. `group` is the organisation number's first digit (2 public, 5 a
/// company), `key` the issuer.
fn hsa_id((group, key): (u8, i32), service: i32) -> String {
    let key = key.unsigned_abs();
    let body = format!("{group}9{}{:06}", 2 + key % 8, key / 8 % 1_000_000);
    let wrong = (luhn(&body) + 1) % 10;
    format!("SE{body}{wrong}-SYN{service}")
}

/// The day a service was last verified: within two years of [`DATA_DAY`], more of them lately,
/// about a third longer ago than a year; a few never.
fn verified_on(rng: &mut ChaCha8Rng) -> Option<NaiveDate> {
    if rng.random_bool(0.04) {
        return None;
    }
    let back = (730.0 * rng.random_range(0.0f64..1.0).powf(1.6)) as i64;
    Some(DATA_DAY - Duration::days(back))
}

fn push_service(rows: &mut Rows, made: &mut Made, rng: &mut ChaCha8Rng, new: NewService<'_>) -> i32 {
    let id = next_id(rows.local.services.len());
    let status = if matches!(new.category, C::SocialServices | C::Hospital) {
        ServiceStatus::Active
    } else {
        weighted(
            rng,
            &[
                (ServiceStatus::Active, 88),
                (ServiceStatus::Inactive, 4),
                (ServiceStatus::TemporarilyClosed, 3),
                (ServiceStatus::Defunct, 5),
            ],
        )
    };
    let roles = contact_roles(new.category);
    let contact_role = roles[rng.random_range(0..roles.len())];
    let address = format!("Syntetgatan {}, {}", rng.random_range(1..200), area_name(made, new.area));
    let hsa = (HEALTH_CARE.contains(&new.category) && rng.random_bool(0.85)).then(|| hsa_id(new.issuer, id));
    rows.local.services.push(service::Model {
        id,
        organisation_id: new.organisation,
        area_id: new.area,
        sort_key: swedish_sort_string(&new.name),
        name: new.name,
        category: new.category.code().to_owned(),
        sector: new.sector.code().to_owned(),
        status: status.code().to_owned(),
        address: Some(address.clone()),
        phone: rng.random_bool(0.9).then(|| phone(rng)),
        web: rng.random_bool(0.6).then(|| format!("https://aktor{}.example/", new.organisation)),
        email: Some(email(id, new.organisation)),
        hsa_id: hsa,
        contact_role: Some(contact_role.to_owned()),
        verified_on: verified_on(rng),
        verified_by_user_id: None,
        synthetic: true,
    });
    for area in new.serves {
        rows.local.service_areas.push(service_area::Model { service_id: id, area_id: *area });
        if let Some(a) = made.area_mut(*area) {
            a.served_by.push(id);
        }
    }
    made.services.push(ServiceFacts {
        id,
        organisation: new.organisation,
        category: new.category,
        status,
        contact_role,
        address,
    });
    id
}

fn area_name(made: &Made, area: i32) -> &str {
    made.area(area).map_or("", |a| a.name.as_str())
}

/// The areas a service of `area` serves: its own, and now and then the next one of its
/// municipality (`areas_of` the municipality's areas, in order).
fn serves(rng: &mut ChaCha8Rng, area: i32, areas_of: &[i32]) -> Vec<i32> {
    let mut serves = vec![area];
    if rng.random_bool(0.08) {
        let at = areas_of.iter().position(|a| *a == area).unwrap_or(0);
        if let Some(next) = areas_of.get(at + 1).or_else(|| at.checked_sub(1).and_then(|i| areas_of.get(i))) {
            serves.push(*next);
        }
    }
    serves
}

/// Services for every actor of `rows`, the actors' parties as their sectors say, and the areas'
/// associations, hospitals and required categories.
pub(crate) fn generate_services(rows: &mut Rows, rng: &mut ChaCha8Rng) -> Made {
    let actors = std::mem::take(&mut rows.actors);
    let mut made = Made { areas: Vec::new(), services: Vec::new() };
    let region_of_area: BTreeMap<i32, i32> = rows
        .functions
        .iter()
        .filter(|f| f.kind == FunctionKind::CoordinatingHealthCentre.code())
        .filter_map(|f| Some((f.area_id?, f.party_id?)))
        .collect();
    let mut areas_of: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for a in &rows.areas {
        areas_of.entry(a.party_id).or_default().push(a.id);
        let coordinators = rows
            .functions
            .iter()
            .filter(|f| f.area_id == Some(a.id) && f.kind == FunctionKind::CoordinatingHealthCentre.code())
            .flat_map(|f| rows.appointments.iter().filter(move |h| h.function_id == f.id))
            .map(|h| (h.organisation_id, h.valid_from.unwrap_or(RECORD_START), h.valid_to))
            .collect();
        let local_body = rows
            .bodies
            .iter()
            .find(|b| b.area_id == Some(a.id) && b.kind == BodyKind::LocalCollaboration.code())
            .map(|b| b.id);
        made.areas.push(AreaFacts {
            id: a.id,
            name: a.name.clone(),
            local_body,
            coordinators,
            social_services: None,
            served_by: Vec::new(),
        });
    }
    let social_of: BTreeMap<i32, i32> =
        rows.area_administrations.iter().map(|a| (a.area_id, a.organisation_id)).collect();
    let mut by_area: BTreeMap<i32, Vec<&ActorOf>> = BTreeMap::new();
    for a in &actors {
        by_area.entry(a.area).or_default().push(a);
    }

    let areas: Vec<(i32, i32, String)> = rows.areas.iter().map(|a| (a.id, a.party_id, a.name.clone())).collect();
    for (area, municipality, name) in areas {
        let region = region_of_area.get(&area).copied().unwrap_or(municipality);
        let siblings = areas_of.get(&municipality).cloned().unwrap_or_default();
        for actor in by_area.get(&area).into_iter().flatten() {
            let Some(profile) = PROFILES.iter().find(|p| p.stem == actor.stem) else { continue };
            let sector = weighted(rng, profile.sectors);
            let index = usize::try_from(actor.organisation - 1).unwrap_or(usize::MAX);
            let Some(org) = rows.organisations.get_mut(index) else { continue };
            // The party its sector says; a private actor is of no party, recorded for its area.
            let issuer = match sector {
                Sector::Region => {
                    org.party_id = Some(region);
                    (2, region)
                }
                Sector::Private | Sector::CivilSociety => {
                    org.party_id = None;
                    org.area_id = Some(area);
                    (5, org.id)
                }
                Sector::Municipality => (2, municipality),
            };
            let org_name = org.name.clone();
            let serves = serves(rng, area, &siblings);
            let new = NewService {
                organisation: actor.organisation,
                area,
                name: org_name.clone(),
                category: profile.category,
                sector,
                issuer,
                serves: &serves,
            };
            push_service(rows, &mut made, rng, new);
            if let Some((category, share, only)) = profile.second
                && only.is_none_or(|s| s == sector)
                && rng.random_bool(share)
            {
                let name = format!("{org_name}, {}", category.label().to_lowercase());
                let new = NewService {
                    organisation: actor.organisation,
                    area,
                    name,
                    category,
                    sector,
                    issuer,
                    serves: &serves,
                };
                push_service(rows, &mut made, rng, new);
            }
        }

        // The municipality's social services, in each of its areas.
        if let Some(social) = social_of.get(&area) {
            let new = NewService {
                organisation: *social,
                area,
                name: format!("Socialtjänsten, {name}"),
                category: C::SocialServices,
                sector: Sector::Municipality,
                issuer: (2, municipality),
                serves: &[area],
            };
            let id = push_service(rows, &mut made, rng, new);
            if let Some(a) = made.area_mut(area) {
                a.social_services = Some(id);
            }
        }

        // The area's own associations and faith communities, one to three of them.
        let mut civil: Vec<(C, &str)> = CIVIL_SOCIETY.to_vec();
        for _ in 0..rng.random_range(1..=3) {
            let (category, pattern) = civil.swap_remove(rng.random_range(0..civil.len()));
            let org_name = pattern.replace("{}", &name);
            let org = push_organisation(rows, org_name.clone(), OrganisationKind::Other, municipality, RECORD_START);
            if let Some(o) = rows.organisations.last_mut() {
                o.party_id = None;
                o.area_id = Some(area);
            }
            let new = NewService {
                organisation: org,
                area,
                name: org_name,
                category,
                sector: Sector::CivilSociety,
                issuer: (8, org),
                serves: &[area],
            };
            push_service(rows, &mut made, rng, new);
        }

        // A municipality of three areas or more has a hospital of the region, serving them all.
        if siblings.len() >= 3 && siblings.first() == Some(&area) {
            let municipality_name = rows.parties.iter().find(|p| p.id == municipality).map_or("", |p| p.name.as_str());
            let org_name = format!("Närsjukhuset {municipality_name}");
            let org = push_organisation(rows, org_name.clone(), OrganisationKind::CareProvider, region, RECORD_START);
            let new = NewService {
                organisation: org,
                area,
                name: org_name,
                category: C::Hospital,
                sector: Sector::Region,
                issuer: (2, region),
                serves: &siblings,
            };
            push_service(rows, &mut made, rng, new);
        }

        // The categories the area wants at its network meetings.
        let mut required = vec![C::HealthCentre, C::SocialServices, C::HomeCare];
        for (category, share) in [
            (C::HomeHealthCare, 0.5),
            (C::ResidentialCare, 0.3),
            (C::PupilHealth, 0.3),
            (C::ChildPsychiatry, 0.2),
            (C::AdultPsychiatry, 0.2),
            (C::LssHousing, 0.2),
        ] {
            if rng.random_bool(share) {
                required.push(category);
            }
        }
        for category in required {
            rows.local
                .required_categories
                .push(area_required_category::Model { area_id: area, category: category.code().to_owned() });
        }
    }
    rows.actors = actors;
    made
}
