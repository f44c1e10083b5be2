//! The synthetic structure: parties (regions and their municipalities), their administrations
//! and actors, sub-regions, areas with their coordinating functions and holders (some with a
//! handover), and the bodies of each level with their members. Shaped like the real structure,
//! with invented names.

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use samverkan_domain::{
    BodyKind, BodyLevel, FunctionKind, MembershipRole, OrganisationKind, PartyKind, swedish_sort_string,
};

use crate::entity::{area, area_administration, sub_region, sub_region_member};
use crate::load::synthetic_rows::{
    ActorOf, FUNCTIONS_START, HANDOVER, RECORD_START, Rows, next_id, party_name, push_appointment, push_body,
    push_function, push_membership, push_organisation, push_party,
};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    pub(crate) regions: usize,
    pub(crate) municipalities: usize,
    pub(crate) areas: usize,
    pub(crate) actors: usize,
}

/// The real county codes (SCB), 21 of them: synthetic regions take these so codes look as they do.
const COUNTY_CODES: [&str; 21] = [
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23",
    "24", "25",
];

const NAME_HEADS: [&str; 32] = [
    "Ek", "Björk", "Sjö", "Ås", "Öster", "Väster", "Norr", "Sör", "Lind", "Gran", "Berg", "Dal", "Ål", "Äng", "Hag",
    "Tall", "Ulv", "Rön", "Al", "Bro", "Fors", "Hög", "Klint", "Lunn", "Mal", "Nor", "Ram", "Sand", "Tor", "Vik", "Ör",
    "Hjort",
];
const NAME_TAILS: [&str; 24] = [
    "by", "sjö", "holm", "å", "ö", "hult", "berga", "köping", "sund", "vik", "dal", "näs", "torp", "ryd", "stad",
    "inge", "lunda", "fors", "hamn", "mark", "älv", "backa", "tuna", "åker",
];
const DISTRICTS: [&str; 9] =
    ["centrum", "norra", "södra", "östra", "västra", "nordöstra", "nordvästra", "sydöstra", "sydvästra"];
const CONSULTATIVE_GROUPS: [&str; 5] = [
    "Digitalisering",
    "Äldres hälsa",
    "Psykisk ohälsa och beroende",
    "Barn och ungas hälsa",
    "Hälsa för personer med funktionsnedsättning",
];
/// Actors other than the area's own health centre: name stem, kind, weight.
const ACTOR_KINDS: [(&str, OrganisationKind, u32); 12] = [
    ("Vårdcentral", OrganisationKind::HealthCentre, 6),
    ("Husläkarmottagning", OrganisationKind::HealthCentre, 3),
    ("Hemtjänst", OrganisationKind::CareProvider, 14),
    ("Äldreboende", OrganisationKind::CareProvider, 10),
    ("Hemsjukvård", OrganisationKind::CareProvider, 5),
    ("Barnavårdscentral", OrganisationKind::CareProvider, 4),
    ("Psykiatrisk öppenvård", OrganisationKind::CareProvider, 3),
    ("LSS-boende", OrganisationKind::CareProvider, 8),
    ("Förskola", OrganisationKind::Other, 18),
    ("Grundskola", OrganisationKind::Other, 12),
    ("Elevhälsa", OrganisationKind::Other, 5),
    ("Ungdomsmottagning", OrganisationKind::Other, 2),
];

/// Makes unique invented place names from the syllables above.
struct Names {
    used: HashSet<String>,
}

impl Names {
    fn place(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let head = NAME_HEADS[rng.random_range(0..NAME_HEADS.len())];
            let tail = NAME_TAILS[rng.random_range(0..NAME_TAILS.len())];
            let mut name = format!("{head}{tail}");
            if self.used.contains(&name) {
                // Past the syllables' combinations: number them, still unique.
                name = format!("{name} {}", self.used.len());
            }
            if self.used.insert(name.clone()) {
                return name;
            }
        }
    }
}

/// Shares `total` out over `weights`, at least `min` each, by largest remainder: the shares add
/// up to `total` exactly (or to `min * weights.len()` if that is more).
pub(crate) fn allocate(total: usize, weights: &[f64], min: usize) -> Vec<usize> {
    let n = weights.len();
    let rest = total.saturating_sub(min * n);
    let sum: f64 = weights.iter().sum();
    if n == 0 || sum <= 0.0 {
        return vec![min; n];
    }
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * rest as f64).collect();
    let mut shares: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor())).then(a.cmp(b)));
    let missing = rest - shares.iter().sum::<usize>();
    for i in order.into_iter().take(missing) {
        shares[i] += 1;
    }
    shares.into_iter().map(|s| s + min).collect()
}

/// Heavy-tailed sizes, as municipalities' populations are: a few large, many small.
fn sizes(rng: &mut ChaCha8Rng, n: usize) -> Vec<f64> {
    (0..n)
        .map(|_| {
            let u: f64 = rng.random_range(0.02..1.0);
            u.powf(-1.0 / 1.1)
        })
        .collect()
}

/// The structure of a load of `shape`, the same for the same `seed`.
pub(crate) fn generate_structure(shape: Shape, seed: u64) -> Rows {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut names = Names { used: HashSet::new() };
    let mut rows = Rows::default();
    let (start, functions_start, handover) = (RECORD_START, FUNCTIONS_START, HANDOVER);

    // Parties: the regions, then their municipalities.
    let per_region = allocate(shape.municipalities, &vec![1.0; shape.regions], 1);
    let mut region_of = Vec::new(); // (region id, its municipalities' ids)
    for (r, count) in per_region.iter().enumerate() {
        let code = COUNTY_CODES[r % COUNTY_CODES.len()];
        let name = format!("Region {}", names.place(&mut rng));
        let region_id = push_party(&mut rows, PartyKind::Region, code.to_owned(), name, start);
        let mut members = Vec::new();
        for m in 0..*count {
            let name = names.place(&mut rng);
            members.push(push_party(&mut rows, PartyKind::Municipality, format!("{code}{:02}", m + 1), name, start));
        }
        region_of.push((region_id, members));
    }

    // The region's own administration and the process leader's function, per region.
    for (region_id, _) in &region_of {
        let region_name = party_name(&rows, *region_id);
        let admin = push_organisation(
            &mut rows,
            format!("Hälso- och sjukvårdsförvaltningen, {region_name}"),
            OrganisationKind::Administration,
            *region_id,
            start,
        );
        let f = push_function(
            &mut rows,
            format!("Processledare, {region_name}"),
            FunctionKind::ProcessLeader,
            Some(*region_id),
            None,
            functions_start,
        );
        push_appointment(&mut rows, f, admin, functions_start, None, None);
    }

    // Municipalities: areas by size, actors by size.
    let municipalities: Vec<(i32, i32)> =
        region_of.iter().flat_map(|(r, ms)| ms.iter().map(move |m| (*r, *m))).collect();
    let weights = sizes(&mut rng, municipalities.len());
    let area_counts = allocate(shape.areas, &weights, 1);
    let actor_counts = allocate(shape.actors, &weights, 0);
    let kind_weights: Vec<f64> = ACTOR_KINDS.iter().map(|(_, _, w)| f64::from(*w)).collect();
    for (i, (region_id, party_id)) in municipalities.iter().enumerate() {
        let municipality = party_name(&rows, *party_id);
        let social = push_organisation(
            &mut rows,
            format!("Socialförvaltningen, {municipality}"),
            OrganisationKind::Administration,
            *party_id,
            start,
        );
        push_organisation(
            &mut rows,
            format!("Utbildningsförvaltningen, {municipality}"),
            OrganisationKind::Administration,
            *party_id,
            start,
        );
        push_body(
            &mut rows,
            format!("Kommunfullmäktige, {municipality}"),
            BodyLevel::Local,
            BodyKind::Council,
            Some(*party_id),
            None,
            None,
            start,
        );

        let district_names: Vec<String> = if area_counts[i] == 1 {
            vec![municipality.clone()]
        } else {
            let mut local = Names { used: HashSet::new() };
            (0..area_counts[i])
                .map(|d| match DISTRICTS.get(d) {
                    Some(direction) => format!("{municipality} {direction}"),
                    None => local.place(&mut rng),
                })
                .collect()
        };
        let per_area = allocate(actor_counts[i], &vec![1.0; district_names.len()], 0);
        for (district, actors) in district_names.into_iter().zip(per_area) {
            let area_id = next_id(rows.areas.len());
            rows.areas.push(area::Model {
                id: area_id,
                sort_key: swedish_sort_string(&district),
                name: district.clone(),
                party_id: *party_id,
                valid_from: Some(start),
                valid_to: None,
                synthetic: true,
            });
            rows.area_administrations.push(area_administration::Model {
                id: next_id(rows.area_administrations.len()),
                area_id,
                organisation_id: social,
                valid_from: Some(start),
                valid_to: None,
                synthetic: true,
            });

            // The area's actors; its first is always a health centre, so it can be coordinating.
            let mut health_centres = vec![push_organisation(
                &mut rows,
                format!("{district} vårdcentral"),
                OrganisationKind::HealthCentre,
                *party_id,
                start,
            )];
            rows.actors.push(ActorOf { organisation: health_centres[0], area: area_id, stem: "Vårdcentral" });
            let shares = allocate(actors.saturating_sub(1), &kind_weights, 0);
            for ((stem, kind, _), n) in ACTOR_KINDS.iter().zip(shares) {
                for k in 1..=n {
                    let id = push_organisation(&mut rows, format!("{stem} {district} {k}"), *kind, *party_id, start);
                    rows.actors.push(ActorOf { organisation: id, area: area_id, stem });
                    if *kind == OrganisationKind::HealthCentre {
                        health_centres.push(id);
                    }
                }
            }

            // The coordinating health centre: a function of the region; a fifth change hands.
            let chc = push_function(
                &mut rows,
                format!("Samordnande vårdcentral, {district}"),
                FunctionKind::CoordinatingHealthCentre,
                Some(*region_id),
                Some(area_id),
                functions_start,
            );
            let first = health_centres[rng.random_range(0..health_centres.len())];
            let basis = Some("Förfrågningsunderlag husläkarverksamhet 2023 (syntetiskt)".to_owned());
            if health_centres.len() > 1 && rng.random_bool(0.2) {
                let second = health_centres.iter().copied().find(|h| *h != first).unwrap_or(first);
                push_appointment(
                    &mut rows,
                    chc,
                    first,
                    functions_start,
                    Some(handover.pred_opt().unwrap_or(handover)),
                    basis.clone(),
                );
                push_appointment(&mut rows, chc, second, handover, None, basis);
            } else {
                push_appointment(&mut rows, chc, first, functions_start, None, basis);
            }
            let coordination = push_function(
                &mut rows,
                format!("Kommunens samordnande funktion, {district}"),
                FunctionKind::MunicipalCoordination,
                Some(*party_id),
                Some(area_id),
                functions_start,
            );
            push_appointment(&mut rows, coordination, social, functions_start, None, None);

            let local = push_body(
                &mut rows,
                format!("Lokal samverkan, {district}"),
                BodyLevel::Local,
                BodyKind::LocalCollaboration,
                Some(*party_id),
                None,
                Some(area_id),
                start,
            );
            push_membership(&mut rows, local, chc, MembershipRole::Convener, functions_start);
            push_membership(&mut rows, local, coordination, MembershipRole::Member, functions_start);
        }
    }

    // Per region: its county-level bodies, and sub-regions of about five municipalities each.
    for (region_id, members) in &region_of {
        let region_name = party_name(&rows, *region_id);
        push_body(
            &mut rows,
            format!("Vård i samverkan, {region_name}"),
            BodyLevel::County,
            BodyKind::PoliticalSteeringGroup,
            None,
            None,
            None,
            start,
        );
        push_body(
            &mut rows,
            format!("Tjänstestyrgrupp, {region_name}"),
            BodyLevel::County,
            BodyKind::OfficialsSteeringGroup,
            None,
            None,
            None,
            start,
        );
        push_body(
            &mut rows,
            format!("Hälso- och sjukvårdsnämnden, {region_name}"),
            BodyLevel::County,
            BodyKind::Committee,
            Some(*region_id),
            None,
            None,
            start,
        );
        push_body(
            &mut rows,
            format!("Regionfullmäktige, {region_name}"),
            BodyLevel::County,
            BodyKind::Council,
            Some(*region_id),
            None,
            None,
            start,
        );
        for group in CONSULTATIVE_GROUPS {
            push_body(
                &mut rows,
                format!("Samrådsgrupp {group}, {region_name}"),
                BodyLevel::County,
                BodyKind::ConsultativeGroup,
                None,
                None,
                None,
                start,
            );
        }
        let groups = members.len().div_ceil(5).max(1);
        for (g, chunk) in members.chunks(members.len().div_ceil(groups).max(1)).enumerate() {
            let name = format!("{} delregion {}", region_name.trim_start_matches("Region "), g + 1);
            let sub_region_id = next_id(rows.sub_regions.len());
            rows.sub_regions.push(sub_region::Model {
                id: sub_region_id,
                sort_key: swedish_sort_string(&name),
                name: name.clone(),
                description: Some("Syntetisk delregional gruppering".to_owned()),
                valid_from: Some(functions_start),
                synthetic: true,
                ..Default::default()
            });
            for party_id in chunk {
                rows.sub_region_members.push(sub_region_member::Model {
                    id: next_id(rows.sub_region_members.len()),
                    sub_region_id,
                    party_id: *party_id,
                    valid_from: Some(functions_start),
                    valid_to: None,
                    synthetic: true,
                });
            }
            push_body(
                &mut rows,
                format!("Delregional samverkan, {name}"),
                BodyLevel::SubRegional,
                BodyKind::Other,
                None,
                Some(sub_region_id),
                None,
                functions_start,
            );
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_and_respect_the_minimum() {
        assert_eq!(allocate(10, &[1.0, 1.0, 1.0], 1), vec![4, 3, 3]);
        assert_eq!(allocate(2, &[1.0, 1.0, 1.0], 1), vec![1, 1, 1]);
        let shares = allocate(1_200, &[50.0, 1.0, 1.0, 3.5, 0.2], 1);
        assert_eq!(shares.iter().sum::<usize>(), 1_200);
        assert!(shares.iter().all(|s| *s >= 1));
        assert!(shares[0] > shares[3] && shares[3] > shares[1]);
    }
}
