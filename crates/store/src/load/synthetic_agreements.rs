//! The synthetic agreements: a synthetic main agreement and one per invented subject area, each
//! at its own step of the process, with every party a recipient. Drawn from their own random
//! stream, so the rest of a load stays what it was for the same seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use samverkan_domain::agreement::{
    Addressee, AgreementKind, DecisionOutcome, ModelDimension, RecommendationOutcome, RelationKind, Stance,
    TargetGroup, WorkingModel,
};
use samverkan_domain::{BodyKind, PartyKind, swedish_sort_string};

use crate::entity::{
    agreement, agreement_model, agreement_relation, agreement_target_group, agreement_version, consultation,
    consultation_answer, consultation_recipient, decision, recommendation,
};
use crate::load::synthetic_rows::{Rows, date, next_id};

/// The invented subject areas of the synthetic agreements.
pub(crate) const AGREEMENT_SUBJECTS: [&str; 24] = [
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
pub(crate) fn generate_agreements(rows: &mut Rows, seed: u64) {
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
            date_edtf: Some(d(start).to_string()),
            date_first: Some(d(start)),
            date_last: Some(d(start)),
            change_summary: None,
            earliest_start: Some(d(start + 300)),
            valid_to: None,
            in_force_on: None,
            in_force_text: None,
            in_force_edtf: None,
            in_force_first: None,
            in_force_last: None,
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
            sent_edtf: Some(sent.to_string()),
            sent_first: Some(sent),
            sent_last: Some(sent),
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
                decided_edtf: Some(d(start + 120).to_string()),
                decided_first: Some(d(start + 120)),
                decided_last: Some(d(start + 120)),
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
            let decided = d(start + 150 + rng.random_range(0..120));
            rows.decisions.push(decision::Model {
                id: next_id(rows.decisions.len()),
                version_id: version,
                party_id: *party_id,
                deciding_body: if *region { "Regionfullmäktige" } else { "Kommunfullmäktige" }.to_owned(),
                deciding_body_id: None,
                decided_on: Some(decided),
                decided_text: None,
                decided_edtf: Some(decided.to_string()),
                decided_first: Some(decided),
                decided_last: Some(decided),
                paragraph: Some(format!("§ {}", rng.random_range(1..200))),
                diary_number: Some(format!("KS{}/{}", 23 + start / 365, rng.random_range(1..999))),
                outcome: outcome.code().to_owned(),
                sent_to: None,
            });
        }
    }
}
