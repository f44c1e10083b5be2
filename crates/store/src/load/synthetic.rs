//! Synthetic demonstration data (`samverkan demo-data`): a database shaped like one county or like
//! Sweden, for demonstrations and benchmarks. Deterministic: the same scale and seed give the same
//! rows, ids included. Every row it makes has `synthetic = true`, and its names are invented.
//!
//! The shapes follow the real structure: each municipality has local collaboration areas, each
//! area a coordinating health centre (a function of the region, held by one of the area's health
//! centres, some with a handover) and a municipal coordinating function, a local collaboration
//! body with both as members, and its actors (health centres, care providers, schools, …) as
//! organisations of the municipality.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use samverkan_domain::{
    BodyKind, BodyLevel, FunctionKind, MembershipRole, OrganisationKind, PartyKind, swedish_sort_string,
};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, IntoActiveModel, Statement,
};

use crate::entity::{
    agreement, agreement_model, agreement_relation, agreement_target_group, agreement_version, appointment, area,
    area_administration, body, consultation, consultation_answer, consultation_recipient, decision, function,
    membership, organisation, party, recommendation, sub_region, sub_region_member,
};
use crate::{Store, StoreError};
use samverkan_domain::agreement::{
    Addressee, AgreementKind, DecisionOutcome, ModelDimension, RecommendationOutcome, RelationKind, Stance,
    TargetGroup, WorkingModel,
};

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One county shaped like Stockholm's: a region, 26 municipalities, 38 areas.
    County,
    /// Sweden: 21 regions, 290 municipalities, about 1,200 areas and 60,000 actors.
    National,
}

impl Scale {
    /// Regions, municipalities, areas and actors to make.
    fn shape(self) -> Shape {
        match self {
            Scale::County => Shape { regions: 1, municipalities: 26, areas: 38, actors: 5_400 },
            Scale::National => Shape { regions: 21, municipalities: 290, areas: 1_200, actors: 60_000 },
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Shape {
    regions: usize,
    municipalities: usize,
    areas: usize,
    actors: usize,
}

/// What the load made, per table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub rows: BTreeMap<&'static str, u64>,
}

impl std::fmt::Display for DemoReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
        write!(f, "made {} synthetic rows: {}", self.rows.values().sum::<u64>(), parts.join(", "))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds data; demo data goes only into an empty database (give a new --database-url)")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for DemoError {
    fn from(e: sea_orm::DbErr) -> Self {
        DemoError::Store(e.into())
    }
}

/// Progress of a load: `done` of `total` rows written, in `stage`.
#[derive(Debug, Clone, Copy)]
pub struct DemoProgress {
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
}

/// Rows per INSERT: well inside SQLite's and PostgreSQL's limits on bound parameters.
const CHUNK: usize = 500;

/// The dates the reference data uses too (data/README.md): records from 2020-01-01, the
/// coordinating functions and sub-regions from 2023-01-01; handovers on 2025-01-01.
const RECORD_START: NaiveDate = date(2020, 1, 1);
const FUNCTIONS_START: NaiveDate = date(2023, 1, 1);
const HANDOVER: NaiveDate = date(2025, 1, 1);

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(day) => day,
        None => NaiveDate::MIN,
    }
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

/// Every row of a load, in insertion order, with ids assigned.
#[derive(Default)]
struct Rows {
    parties: Vec<party::Model>,
    organisations: Vec<organisation::Model>,
    sub_regions: Vec<sub_region::Model>,
    sub_region_members: Vec<sub_region_member::Model>,
    areas: Vec<area::Model>,
    area_administrations: Vec<area_administration::Model>,
    functions: Vec<function::Model>,
    appointments: Vec<appointment::Model>,
    bodies: Vec<body::Model>,
    memberships: Vec<membership::Model>,
    agreements: Vec<agreement::Model>,
    agreement_target_groups: Vec<agreement_target_group::Model>,
    agreement_models: Vec<agreement_model::Model>,
    agreement_relations: Vec<agreement_relation::Model>,
    agreement_versions: Vec<agreement_version::Model>,
    consultations: Vec<consultation::Model>,
    consultation_recipients: Vec<consultation_recipient::Model>,
    consultation_answers: Vec<consultation_answer::Model>,
    recommendations: Vec<recommendation::Model>,
    decisions: Vec<decision::Model>,
}

/// The invented subject areas of the synthetic agreements.
const AGREEMENT_SUBJECTS: [&str; 24] = [
    "utskrivning från sluten vård",
    "barn och unga i behov av särskilt stöd",
    "barn och unga placerade utanför hemmet",
    "missbruk och beroende",
    "spelproblem",
    "vuxna med psykisk funktionsnedsättning",
    "vård och omsorg för äldre",
    "hjälpmedel",
    "demenssjukdom",
    "omhändertagande av avlidna",
    "hälso- och sjukvård i LSS-boende",
    "patientnämndsverksamhet",
    "ungdomsmottagningar",
    "habilitering och rehabilitering",
    "nutrition",
    "läkemedel i hemmet",
    "palliativ vård",
    "suicidprevention",
    "våld i nära relationer",
    "elevhälsa",
    "tandvård för äldre",
    "digital samverkan",
    "krisstöd vid allvarlig händelse",
    "samordnad individuell plan",
];

/// Synthetic agreements under a synthetic main agreement, each at its own step of the process:
/// on consultation, recommended, being adopted, in force (every party adopted), or rejected by
/// one party, with every party a recipient. Drawn from their own random stream, so the rest of
/// the data stays what it was for the same seed.
fn generate_agreements(rows: &mut Rows, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0a9e_e3e7);
    let parties: Vec<(i32, bool)> = rows.parties.iter().map(|p| (p.id, p.kind == PartyKind::Region.code())).collect();
    let groups: Vec<i32> =
        rows.bodies.iter().filter(|b| b.kind == BodyKind::ConsultativeGroup.code()).map(|b| b.id).collect();
    let d = |days: i64| date(2023, 1, 1) + chrono::Duration::days(days);
    let mut titles = vec![("Syntetisk huvudöverenskommelse".to_owned(), AgreementKind::Main)];
    titles.extend(
        AGREEMENT_SUBJECTS.iter().map(|s| (format!("Syntetisk överenskommelse om {s}"), AgreementKind::SubjectArea)),
    );
    for (i, (title, kind)) in titles.into_iter().enumerate() {
        let id = next_id(rows.agreements.len());
        rows.agreements.push(agreement::Model {
            id,
            sort_key: swedish_sort_string(&title),
            summary: Some(format!("Påhittad sammanfattning av {}.", title.to_lowercase())),
            title,
            short_name: None,
            kind: kind.code().to_owned(),
            consultative_group_id: (i > 0 && !groups.is_empty()).then(|| groups[i % groups.len()]),
            parent_id: (i > 0).then_some(1),
            implementation: Some("Lokala rutiner i varje närområde.".to_owned()),
            follow_up: Some("Årlig uppföljning i samrådsgruppen.".to_owned()),
            digital_support: (i % 3 == 0).then(|| "Gemensam digital tjänst för informationsöverföring.".to_owned()),
            review_date: Some(date(2027, 1 + (i as u32 % 12), 1)),
            synthetic: true,
        });
        let target = TargetGroup::ALL[i % TargetGroup::ALL.len()];
        rows.agreement_target_groups.push(agreement_target_group::Model {
            id: next_id(rows.agreement_target_groups.len()),
            agreement_id: id,
            target_group: target.code().to_owned(),
        });
        // Coded working models, chosen by position (not drawn) so the random stream, and with it
        // the process data, stays what it was for the same seed; neighbours share some.
        for dimension in ModelDimension::ALL {
            let of: Vec<WorkingModel> = WorkingModel::of(*dimension).collect();
            let mut chosen = vec![of[i % of.len()]];
            if i % 2 == 0 {
                chosen.push(of[(i / 2 + 1) % of.len()]);
            }
            chosen.sort();
            chosen.dedup();
            for m in chosen {
                rows.agreement_models.push(agreement_model::Model {
                    id: next_id(rows.agreement_models.len()),
                    agreement_id: id,
                    model: m.code().to_owned(),
                });
            }
        }
        if i > 1 && i % 7 == 0 {
            rows.agreement_relations.push(agreement_relation::Model {
                id: next_id(rows.agreement_relations.len()),
                agreement_id: id,
                related_id: id - 1,
                kind: RelationKind::AddOnTo.code().to_owned(),
            });
        }
        // Where this agreement's latest version stands: 0 on consultation, 1 recommended,
        // 2 being adopted, 3 in force, 4 rejected by one party.
        let stage = if i == 0 { 3 } else { i % 5 };
        let start = rng.random_range(0..400);
        let version = next_id(rows.agreement_versions.len());
        rows.agreement_versions.push(agreement_version::Model {
            id: version,
            agreement_id: id,
            number: format!("{}", 2023 + start / 365),
            date: Some(d(start)),
            date_text: None,
            change_summary: None,
            earliest_start: Some(d(start + 300)),
            valid_to: None,
            process_recorded: true,
            synthetic: true,
        });
        let consultation_id = next_id(rows.consultations.len());
        let (sent, deadline) = (d(start + 10), d(start + 70));
        rows.consultations.push(consultation::Model {
            id: consultation_id,
            version_id: version,
            sent_on: Some(sent),
            sent_text: None,
            deadline: Some(deadline),
        });
        for (party_id, _) in &parties {
            rows.consultation_recipients.push(consultation_recipient::Model {
                id: next_id(rows.consultation_recipients.len()),
                consultation_id,
                party_id: *party_id,
            });
            if rng.random_bool(0.85) {
                rows.consultation_answers.push(consultation_answer::Model {
                    id: next_id(rows.consultation_answers.len()),
                    consultation_id,
                    party_id: *party_id,
                    // Some after the deadline.
                    answered_on: d(start + rng.random_range(20..80)),
                    stance: Stance::ALL[rng.random_range(0..Stance::ALL.len())].code().to_owned(),
                    text: None,
                });
            }
        }
        if stage == 0 {
            continue;
        }
        for (body_name, to) in [
            ("Syntetiska kommunförbundets styrelse", Addressee::Municipalities),
            ("Syntetisk nämnd", Addressee::Region),
        ] {
            rows.recommendations.push(recommendation::Model {
                id: next_id(rows.recommendations.len()),
                version_id: version,
                body_id: None,
                body_name: body_name.to_owned(),
                addressed_to: to.code().to_owned(),
                decided_on: Some(d(start + 120)),
                decided_text: None,
                outcome: RecommendationOutcome::Recommended.code().to_owned(),
            });
        }
        let deciding = match stage {
            2 => parties.len() * 2 / 3,
            3 | 4 => parties.len(),
            _ => 0,
        };
        for (n, (party_id, region)) in parties.iter().take(deciding).enumerate() {
            let outcome =
                if stage == 4 && n == deciding / 2 { DecisionOutcome::Rejected } else { DecisionOutcome::Adopted };
            rows.decisions.push(decision::Model {
                id: next_id(rows.decisions.len()),
                version_id: version,
                party_id: *party_id,
                deciding_body: if *region { "Regionfullmäktige" } else { "Kommunfullmäktige" }.to_owned(),
                deciding_body_id: None,
                decided_on: Some(d(start + 150 + rng.random_range(0..120))),
                decided_text: None,
                paragraph: Some(format!("§ {}", rng.random_range(1..200))),
                diary_number: Some(format!("KS{}/{}", 23 + start / 365, rng.random_range(1..999))),
                outcome: outcome.code().to_owned(),
                sent_to: None,
            });
        }
    }
}

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
fn allocate(total: usize, weights: &[f64], min: usize) -> Vec<usize> {
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

fn generate(scale: Scale, seed: u64) -> Rows {
    let shape = scale.shape();
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
                valid_from: start,
                valid_to: None,
                synthetic: true,
            });
            rows.area_administrations.push(area_administration::Model {
                id: next_id(rows.area_administrations.len()),
                area_id,
                organisation_id: social,
                valid_from: start,
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
            let shares = allocate(actors.saturating_sub(1), &kind_weights, 0);
            for ((stem, kind, _), n) in ACTOR_KINDS.iter().zip(shares) {
                for k in 1..=n {
                    let id = push_organisation(&mut rows, format!("{stem} {district} {k}"), *kind, *party_id, start);
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
                valid_from: functions_start,
                valid_to: None,
                synthetic: true,
            });
            for party_id in chunk {
                rows.sub_region_members.push(sub_region_member::Model {
                    id: next_id(rows.sub_region_members.len()),
                    sub_region_id,
                    party_id: *party_id,
                    valid_from: functions_start,
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
    generate_agreements(&mut rows, seed);
    rows
}

/// Ids are given out in insertion order from 1, so a seed always gives the same ids.
fn next_id(len: usize) -> i32 {
    i32::try_from(len + 1).unwrap_or(i32::MAX)
}

fn party_name(rows: &Rows, id: i32) -> String {
    rows.parties.iter().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or_default()
}

fn push_party(rows: &mut Rows, kind: PartyKind, code: String, name: String, from: NaiveDate) -> i32 {
    let id = next_id(rows.parties.len());
    rows.parties.push(party::Model {
        id,
        kind: kind.code().to_owned(),
        code,
        sort_key: swedish_sort_string(&name),
        name,
        valid_from: from,
        valid_to: None,
        synthetic: true,
    });
    id
}

fn push_organisation(rows: &mut Rows, name: String, kind: OrganisationKind, party: i32, from: NaiveDate) -> i32 {
    let id = next_id(rows.organisations.len());
    rows.organisations.push(organisation::Model {
        id,
        sort_key: swedish_sort_string(&name),
        name,
        kind: kind.code().to_owned(),
        party_id: Some(party),
        valid_from: from,
        valid_to: None,
        synthetic: true,
        replaced_by_id: None,
    });
    id
}

fn push_function(
    rows: &mut Rows,
    name: String,
    kind: FunctionKind,
    party: Option<i32>,
    area: Option<i32>,
    from: NaiveDate,
) -> i32 {
    let id = next_id(rows.functions.len());
    rows.functions.push(function::Model {
        id,
        sort_key: swedish_sort_string(&name),
        name,
        kind: kind.code().to_owned(),
        party_id: party,
        area_id: area,
        description: None,
        valid_from: from,
        valid_to: None,
        synthetic: true,
    });
    id
}

fn push_appointment(
    rows: &mut Rows,
    function: i32,
    organisation: i32,
    from: NaiveDate,
    to: Option<NaiveDate>,
    basis: Option<String>,
) {
    rows.appointments.push(appointment::Model {
        id: next_id(rows.appointments.len()),
        function_id: function,
        organisation_id: organisation,
        person_id: None,
        valid_from: from,
        valid_to: to,
        synthetic: true,
        basis,
        on_behalf_of_party_id: None,
    });
}

#[allow(clippy::too_many_arguments)] // one row's columns; a struct would only rename them
fn push_body(
    rows: &mut Rows,
    name: String,
    level: BodyLevel,
    kind: BodyKind,
    party: Option<i32>,
    sub_region: Option<i32>,
    area: Option<i32>,
    from: NaiveDate,
) -> i32 {
    let id = next_id(rows.bodies.len());
    rows.bodies.push(body::Model {
        id,
        sort_key: samverkan_domain::body_sort_string(level, &name),
        name,
        short_name: None,
        level: level.code().to_owned(),
        kind: kind.code().to_owned(),
        party_id: party,
        sub_region_id: sub_region,
        area_id: area,
        mandate: None,
        valid_from: from,
        valid_to: None,
        synthetic: true,
    });
    id
}

fn push_membership(rows: &mut Rows, body: i32, function: i32, role: MembershipRole, from: NaiveDate) {
    rows.memberships.push(membership::Model {
        id: next_id(rows.memberships.len()),
        body_id: body,
        function_id: function,
        role: role.code().to_owned(),
        valid_from: from,
        valid_to: None,
        synthetic: true,
    });
}

/// Writes one table's rows in chunks, reporting progress after each.
async fn insert_all<M, A, E>(
    txn: &DatabaseTransaction,
    table: &'static str,
    models: Vec<M>,
    written: &mut u64,
    total: u64,
    report: &mut DemoReport,
    progress: &(dyn Fn(DemoProgress) + Sync),
) -> Result<(), DemoError>
where
    M: IntoActiveModel<A> + Clone,
    A: ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
{
    report.rows.insert(table, models.len() as u64);
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let chunk: Vec<A> = models.by_ref().take(CHUNK).map(IntoActiveModel::into_active_model).collect();
        let n = chunk.len() as u64;
        E::insert_many(chunk).exec_without_returning(txn).await?;
        *written += n;
        progress(DemoProgress { stage: table, done: *written, total });
    }
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        // The ids were given explicitly: move the id sequence past them for later inserts.
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        );
        txn.execute_raw(Statement::from_string(DatabaseBackend::Postgres, sql)).await?;
    }
    Ok(())
}

impl Store {
    /// Fills an empty database with synthetic data of `scale`, the same for the same `seed`, in
    /// one transaction: it all lands or none of it does.
    pub async fn load_demo_data(
        &self,
        scale: Scale,
        seed: u64,
        progress: &(dyn Fn(DemoProgress) + Sync),
    ) -> Result<DemoReport, DemoError> {
        if !self.is_empty().await? {
            return Err(DemoError::NotEmpty);
        }
        let rows = generate(scale, seed);
        let total = (rows.parties.len()
            + rows.organisations.len()
            + rows.sub_regions.len()
            + rows.sub_region_members.len()
            + rows.areas.len()
            + rows.area_administrations.len()
            + rows.functions.len()
            + rows.appointments.len()
            + rows.bodies.len()
            + rows.memberships.len()
            + rows.agreements.len()
            + rows.agreement_target_groups.len()
            + rows.agreement_models.len()
            + rows.agreement_relations.len()
            + rows.agreement_versions.len()
            + rows.consultations.len()
            + rows.consultation_recipients.len()
            + rows.consultation_answers.len()
            + rows.recommendations.len()
            + rows.decisions.len()) as u64;
        let mut report = DemoReport::default();
        let mut written = 0;
        let txn = crate::audit::begin_write(&self.db).await?;
        let w = &mut written;
        let r = &mut report;
        insert_all(&txn, "parties", rows.parties, w, total, r, progress).await?;
        insert_all(&txn, "organisations", rows.organisations, w, total, r, progress).await?;
        insert_all(&txn, "sub_regions", rows.sub_regions, w, total, r, progress).await?;
        insert_all(&txn, "sub_region_members", rows.sub_region_members, w, total, r, progress).await?;
        insert_all(&txn, "areas", rows.areas, w, total, r, progress).await?;
        insert_all(&txn, "area_administrations", rows.area_administrations, w, total, r, progress).await?;
        insert_all(&txn, "functions", rows.functions, w, total, r, progress).await?;
        insert_all(&txn, "appointments", rows.appointments, w, total, r, progress).await?;
        insert_all(&txn, "bodies", rows.bodies, w, total, r, progress).await?;
        insert_all(&txn, "memberships", rows.memberships, w, total, r, progress).await?;
        insert_all(&txn, "agreements", rows.agreements, w, total, r, progress).await?;
        insert_all(&txn, "agreement_target_groups", rows.agreement_target_groups, w, total, r, progress).await?;
        insert_all(&txn, "agreement_models", rows.agreement_models, w, total, r, progress).await?;
        insert_all(&txn, "agreement_relations", rows.agreement_relations, w, total, r, progress).await?;
        insert_all(&txn, "agreement_versions", rows.agreement_versions, w, total, r, progress).await?;
        insert_all(&txn, "consultations", rows.consultations, w, total, r, progress).await?;
        insert_all(&txn, "consultation_recipients", rows.consultation_recipients, w, total, r, progress).await?;
        insert_all(&txn, "consultation_answers", rows.consultation_answers, w, total, r, progress).await?;
        insert_all(&txn, "recommendations", rows.recommendations, w, total, r, progress).await?;
        insert_all(&txn, "decisions", rows.decisions, w, total, r, progress).await?;
        let made: serde_json::Map<String, serde_json::Value> =
            report.rows.iter().map(|(t, n)| ((*t).to_owned(), serde_json::Value::from(*n))).collect();
        crate::audit::append(
            &txn,
            crate::AuditEntry {
                actor: "system".to_owned(),
                action: "load".to_owned(),
                entity: "demo_data".to_owned(),
                entity_id: Some(format!("{scale:?}:{seed}").to_lowercase()),
                before: None,
                after: Some(serde_json::json!({ "synthetic": true, "rows": made })),
            },
        )
        .await?;
        txn.commit().await?;
        // Fresh statistics (and, on PostgreSQL, a visibility map for index-only scans) after a
        // bulk load, so the planner pages on the listing indexes from the first request.
        let analyze = match self.db.get_database_backend() {
            DatabaseBackend::Postgres => "VACUUM ANALYZE",
            _ => "ANALYZE",
        };
        progress(DemoProgress { stage: "analyze", done: total, total });
        self.db.execute_unprepared(analyze).await?;
        Ok(report)
    }

    /// Whether any party in the database is synthetic (made by `demo-data`).
    pub async fn has_synthetic_data(&self) -> Result<bool, StoreError> {
        use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
        Ok(party::Entity::find().filter(party::Column::Synthetic.eq(true)).count(&self.db).await? > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn synthetic_agreements_stand_at_every_step_of_the_process() {
        #![allow(clippy::unwrap_used)]
        let (store, _dir) = crate::test_support::test_store("demo_agreements").await;
        store.load_demo_data(Scale::County, 7, &|_| {}).await.unwrap();
        let agreements = store.agreements(date(2026, 6, 1)).await.unwrap();
        assert_eq!(agreements.len(), 1 + AGREEMENT_SUBJECTS.len());
        let states: std::collections::BTreeSet<&str> =
            agreements.iter().filter_map(|a| a.status.as_ref()).map(|s| s.state.code()).collect();
        assert_eq!(
            states.into_iter().collect::<Vec<_>>(),
            ["being_adopted", "consulted", "in_force", "recommended", "rejected"],
            "consultations are over by mid-2026"
        );
        let on_consultation = store.agreements(date(2023, 3, 15)).await.unwrap();
        assert!(on_consultation.iter().any(|a| a.status.as_ref().is_some_and(|s| s.state.code() == "on_consultation")));
        let main = agreements.iter().find(|a| a.kind == AgreementKind::Main).unwrap();
        let status = main.status.as_ref().unwrap();
        assert_eq!((status.adopted, status.parties), (27, 27));
        assert!(agreements.iter().all(|a| a.title.starts_with("Syntetisk")), "invented, and says so");
    }

    #[test]
    fn shares_add_up_and_respect_the_minimum() {
        assert_eq!(allocate(10, &[1.0, 1.0, 1.0], 1), vec![4, 3, 3]);
        assert_eq!(allocate(2, &[1.0, 1.0, 1.0], 1), vec![1, 1, 1]);
        let shares = allocate(1_200, &[50.0, 1.0, 1.0, 3.5, 0.2], 1);
        assert_eq!(shares.iter().sum::<usize>(), 1_200);
        assert!(shares.iter().all(|s| *s >= 1));
        assert!(shares[0] > shares[3] && shares[3] > shares[1]);
    }

    #[test]
    fn national_scale_is_shaped_like_sweden() {
        let rows = generate(Scale::National, 7);
        let regions = rows.parties.iter().filter(|p| p.kind == "region").count();
        assert_eq!((regions, rows.parties.len() - regions), (21, 290));
        assert_eq!(rows.areas.len(), 1_200);
        let actors = rows.organisations.len();
        assert!((59_000..=61_000).contains(&actors), "{actors} actors");
        // Every area has a coordinating health centre that belongs to its municipality.
        let chcs: Vec<&function::Model> =
            rows.functions.iter().filter(|f| f.kind == FunctionKind::CoordinatingHealthCentre.code()).collect();
        assert_eq!(chcs.len(), 1_200);
        // Codes are unique, as the schema requires.
        let codes: HashSet<&str> = rows.parties.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes.len(), rows.parties.len());
        assert!(rows.parties.iter().all(|p| p.synthetic) && rows.organisations.iter().all(|o| o.synthetic));
    }

    #[test]
    fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
        let names = |seed| generate(Scale::County, seed).organisations.into_iter().map(|o| o.name).collect::<Vec<_>>();
        assert_eq!(names(1), names(1));
        assert_ne!(names(1), names(2));
    }

    /// Every text of a load (each row as JSON, each string in it).
    fn texts(rows: &Rows) -> Vec<String> {
        fn each(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Array(items) => items.iter().for_each(|i| each(i, out)),
                serde_json::Value::Object(map) => map.values().for_each(|i| each(i, out)),
                _ => {}
            }
        }
        let parties: Vec<[&str; 2]> = rows.parties.iter().map(|p| [p.code.as_str(), p.name.as_str()]).collect();
        let areas: Vec<&str> = rows.areas.iter().map(|a| a.name.as_str()).collect();
        let all = serde_json::json!([
            parties,
            areas,
            rows.organisations,
            rows.sub_regions,
            rows.functions,
            rows.appointments,
            rows.bodies,
            rows.memberships,
            rows.agreements,
            rows.agreement_versions,
            rows.consultations,
            rows.consultation_answers,
            rows.recommendations,
            rows.decisions,
        ]);
        let mut out = Vec::new();
        each(&all, &mut out);
        out
    }

    /// The synthetic data is invented, and must not hold a real-looking personal identity
    /// number either (the rule every typed text is held to).
    #[test]
    fn no_synthetic_text_holds_a_personal_identity_number() {
        for (scale, seed) in [(Scale::County, 1), (Scale::County, 7), (Scale::National, 7)] {
            let texts = texts(&generate(scale, seed));
            assert!(texts.len() > 1_000, "{} texts", texts.len());
            assert!(texts.iter().any(|t| t.starts_with("Syntetisk")), "the texts are read");
            if let Some(t) = texts.iter().find(|t| samverkan_domain::contains_personal_number(t)) {
                panic!("{scale:?} seed {seed}: {t:?} holds a personal identity number");
            }
        }
    }

    #[test]
    fn no_function_is_held_twice_at_once() {
        let rows = generate(Scale::National, 3);
        let mut by_function: BTreeMap<i32, Vec<samverkan_domain::Period>> = BTreeMap::new();
        for a in &rows.appointments {
            let period = samverkan_domain::Period::new(a.valid_from, a.valid_to).unwrap();
            by_function.entry(a.function_id).or_default().push(period);
        }
        for periods in by_function.values() {
            samverkan_domain::ensure_single_holder(periods).unwrap();
        }
    }
}
