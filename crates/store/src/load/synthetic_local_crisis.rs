//! Synthetic crisis support (issue 15) for `demo-data`: every area's crisis contact list (four
//! functions reachable around the clock, each with a holder, phone, e-mail and a deputy; some
//! areas' lists lack a phone, so they show as incomplete), and a closed incident in about one
//! area in eight, with who acknowledged, its log and its summary. The same seed gives the same
//! rows. Nobody can acknowledge a synthetic alert: its secret's "hash" is the hash of a text that
//! is no secret (no 64 hex digits).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use crate::entity::{crisis_contact, crisis_list, incident, incident_log_entry, incident_recipient};

/// The functions of a list, in order.
const FUNCTIONS: [&str; 4] = ["Krisledare", "Tjänsteman i beredskap", "Informationsansvarig", "Stabschef"];
const GIVEN: [&str; 12] =
    ["Anna", "Bo", "Cecilia", "David", "Eva", "Fredrik", "Gunilla", "Hassan", "Ingrid", "Johan", "Karin", "Leila"];
const FAMILY: [&str; 10] = ["Berg", "Lind", "Ek", "Åström", "Nilsson", "Karlsson", "Holm", "Sund", "Rahimi", "Öberg"];
const EVENTS: [(&str, &str); 4] = [
    ("Brand i äldreboende, boende evakuerade", "Äldreboendet"),
    ("Långvarigt strömavbrott i hemtjänstens område", "Hela närområdet"),
    ("Vattenläcka på vårdcentralen", "Vårdcentralen"),
    ("Trafikolycka med många skadade", "Centrum"),
];

/// The rows of every area's crisis support.
#[derive(Default)]
pub(crate) struct CrisisRows {
    pub(crate) lists: Vec<crisis_list::Model>,
    pub(crate) contacts: Vec<crisis_contact::Model>,
    pub(crate) incidents: Vec<incident::Model>,
    pub(crate) recipients: Vec<incident_recipient::Model>,
    pub(crate) log: Vec<incident_log_entry::Model>,
}

impl CrisisRows {
    pub(crate) fn len(&self) -> usize {
        self.lists.len() + self.contacts.len() + self.incidents.len() + self.recipients.len() + self.log.len()
    }
}

fn id(len: usize) -> i32 {
    i32::try_from(len + 1).unwrap_or(i32::MAX)
}

/// A number in the range kept for fiction (070-174 06 05 to 99), which reaches nobody.
fn phone(rng: &mut ChaCha8Rng) -> String {
    format!("070-174 06 {:02}", rng.random_range(5..100))
}

/// Every area's crisis support, for `seed`.
pub(crate) fn generate_crisis(areas: &[(i32, String)], seed: u64) -> CrisisRows {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0c21_5155);
    let mut out = CrisisRows::default();
    for (area_id, area_name) in areas {
        let a = (*area_id, area_name.as_str());
        let month = rng.random_range(1..=11);
        let day = rng.random_range(1..=28);
        out.lists.push(crisis_list::Model {
            id: id(out.lists.len()),
            area_id: a.0,
            meeting_place: Some(format!("Kommunhuset i {}, ledningsrummet plan 2", a.1)),
            checked_at: Some(format!("2026-{month:02}-{day:02}T08:00:00Z")),
            checked_by: Some("system".to_owned()),
            synthetic: true,
        });
        let incomplete = rng.random_range(0..7) == 0;
        let mut names = Vec::new();
        for (n, function) in FUNCTIONS.iter().enumerate() {
            let name = |rng: &mut ChaCha8Rng| {
                format!("{} {}", GIVEN[rng.random_range(0..GIVEN.len())], FAMILY[rng.random_range(0..FAMILY.len())])
            };
            let holder = name(&mut rng);
            let deputy = name(&mut rng);
            let slug: String = function.split(' ').next().unwrap_or("kris").to_lowercase().replace(['ä', 'å'], "a");
            let email = format!("{slug}@omrade{}.example", a.0);
            out.contacts.push(crisis_contact::Model {
                id: id(out.contacts.len()),
                area_id: a.0,
                position: i32::try_from(n).unwrap_or(0),
                function: (*function).to_owned(),
                holder: Some(holder.clone()),
                phone: if incomplete && n == 3 { None } else { Some(phone(&mut rng)) },
                email: Some(email.clone()),
                deputy: Some(deputy),
                deputy_phone: Some(phone(&mut rng)),
                deputy_email: None,
                synthetic: true,
            });
            names.push((function, holder, email));
        }
        if rng.random_range(0..8) != 0 {
            continue;
        }
        let (what, place) = EVENTS[rng.random_range(0..EVENTS.len())];
        let incident_id = id(out.incidents.len());
        let hour = rng.random_range(0..22);
        let at = |m: u32, h: u32| format!("2026-{month:02}-{day:02}T{h:02}:{m:02}:00Z");
        out.incidents.push(incident::Model {
            id: incident_id,
            area_id: a.0,
            what: what.to_owned(),
            place: place.to_owned(),
            occurred_at: at(0, hour),
            activated_at: at(20, hour),
            activated_by: "system".to_owned(),
            closed_at: Some(at(45, hour + 2)),
            closed_by: Some("system".to_owned()),
            summary: Some("Krisstödet fungerade. Krislistan uppdaterades efteråt.".to_owned()),
            synthetic: true,
        });
        for (n, (function, holder, email)) in names.into_iter().enumerate() {
            let rid = id(out.recipients.len());
            let not_a_secret = format!("synthetic:{seed}:{rid}");
            out.recipients.push(incident_recipient::Model {
                id: rid,
                incident_id,
                position: i32::try_from(n).unwrap_or(0),
                function: (*function).to_owned(),
                holder: Some(holder),
                email: Some(email),
                secret_hash: hex::encode(Sha256::digest(not_a_secret.as_bytes())),
                acknowledged_at: (n != 3).then(|| at(25 + u32::try_from(n).unwrap_or(0) * 5, hour)),
                outbox_id: None,
                sms_number: None,
                sms_outbox_id: None,
            });
        }
        for (k, text) in ["Stab upprättad.", "Läget under kontroll, anhöriga informerade."].iter().enumerate() {
            out.log.push(incident_log_entry::Model {
                id: id(out.log.len()),
                incident_id,
                written_at: at(30, hour + u32::try_from(k).unwrap_or(0)),
                written_by: "system".to_owned(),
                text: (*text).to_owned(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn areas(n: i32) -> Vec<(i32, String)> {
        (1..=n).map(|id| (id, format!("Område {id}"))).collect()
    }

    #[test]
    fn every_area_has_a_list_some_incomplete_and_a_few_closed_incidents() {
        let rows = generate_crisis(&areas(80), 1);
        assert_eq!(rows.lists.len(), 80);
        assert_eq!(rows.contacts.len(), 320);
        assert!(rows.contacts.iter().any(|c| c.phone.is_none()));
        // Invented so that they reach nobody: the fiction range, a reserved domain.
        for c in &rows.contacts {
            assert!(c.phone.iter().chain(&c.deputy_phone).all(|p| p.starts_with("070-174 06 ")), "{c:?}");
            assert!(c.email.as_deref().unwrap().ends_with(".example"), "{c:?}");
        }
        assert!(!rows.incidents.is_empty() && rows.incidents.iter().all(|i| i.closed_at.is_some()));
        assert_eq!(rows.recipients.len(), rows.incidents.len() * 4);
        let again = generate_crisis(&areas(80), 1);
        assert_eq!(rows.contacts, again.contacts, "the same seed gives the same rows");
        assert_ne!(generate_crisis(&areas(80), 2).contacts, rows.contacts);
    }
}
