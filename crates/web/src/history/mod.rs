//! *Historik*: a record's audit events as people read them (who, when, what changed from what to
//! what), one renderer for every record page.

use samverkan_domain::BodyLevel;
use samverkan_domain::document::{DocumentFormat, format_and_size, human_size};

use crate::kit::error::Error;
use crate::kit::params::PageAt;
use crate::kit::state::AppState;

// ---- Historik: a record's audit events, one helper for every record page ---------------------

/// A record's history (*Historik*) as its page shows it: the audit trail's events about the
/// record, for signed-in users only (who changed what is not public).
pub struct History {
    /// Whether the visitor may see it (`may_read_restricted`); anonymous visitors get a sentence
    /// asking them to sign in.
    pub visible: bool,
    pub signed_in: bool,
    pub rows: Vec<HistoryRow>,
}

/// One event: when (Stockholm time), who (the account's e-mail), what, and which fields changed.
pub struct HistoryRow {
    /// `2022-07-01 14:05`, Europe/Stockholm.
    pub when: String,
    /// The moment as RFC 3339, for `<time datetime>`.
    pub datetime: String,
    pub who: String,
    pub what: String,
    pub changes: Vec<Change>,
}

/// A field that changed: its Swedish label, and its value before and after (`–` for none).
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Fields never shown in a history: internal keys and marks.
const HIDDEN_FIELDS: [&str; 4] = ["id", "sort_key", "synthetic", "prev_hash"];

/// The fields in the order a history lists them, with their Swedish labels.
const FIELDS: [(&str, &str); 22] = [
    ("name", "Namn"),
    ("short_name", "Förkortning"),
    ("kind", "Typ"),
    ("level", "Nivå"),
    ("role", "Roll"),
    ("party_id", "Part"),
    ("area_id", "Närområde"),
    ("sub_region_id", "Delregion"),
    ("body_id", "Organ"),
    ("function_id", "Funktion"),
    ("organisation_id", "Organisation"),
    ("person_id", "Person"),
    ("title", "Titel"),
    ("email", "E-post"),
    ("phone", "Telefon"),
    ("description", "Beskrivning"),
    ("mandate", "Uppdrag"),
    ("basis", "Grund"),
    ("on_behalf_of_party_id", "På uppdrag av"),
    ("replaced_by_id", "Ersatt av"),
    ("valid_from", "Giltig från"),
    ("valid_to", "Giltig till"),
];

/// The labels of the agreements' fields on their history (the structure's are in `FIELDS`).
const AGREEMENT_FIELDS: &[(&str, &str)] = &[
    ("summary", "Sammanfattning"),
    ("implementation", "Genomförande"),
    ("follow_up", "Uppföljning"),
    ("digital_support", "Digitalt stöd"),
    ("review_date", "Revideras senast"),
    ("consultative_group_id", "Samrådsgrupp"),
    ("parent_id", "Överordnad överenskommelse (id)"),
    ("related_id", "Relaterad överenskommelse (id)"),
    ("number", "Version"),
    ("date", "Datum"),
    ("date_text", "Datum i ord"),
    ("change_summary", "Ändringar"),
    ("earliest_start", "Gäller tidigast från"),
    ("sent_on", "Remiss skickad"),
    ("sent_text", "Remiss skickad (i ord)"),
    ("deadline", "Sista svarsdag"),
    ("answered_on", "Svarade"),
    ("stance", "Ställningstagande"),
    ("text", "Remissvar"),
    ("body_name", "Organ"),
    ("handled_on", "Dag"),
    ("handled_text", "Dag i ord"),
    ("addressed_to", "Till"),
    ("to_body_name", "Förslag till"),
    ("to_body_id", "Förslag till (register)"),
    ("proposed_on", "Dag för förslaget"),
    ("proposed_text", "Dag för förslaget i ord"),
    ("decided_on", "Beslutsdag"),
    ("decided_text", "Beslutsdag i ord"),
    ("outcome", "Utfall"),
    ("deciding_body", "Beslutande organ"),
    ("deciding_body_id", "Beslutande organ (register)"),
    ("paragraph", "Paragraf"),
    ("diary_number", "Diarienummer"),
    ("sent_to", "Beslutet expedieras till"),
    ("leaves_on", "Lämnar från"),
    ("in_force_on", "Började gälla"),
    ("in_force_text", "Började gälla (i ord)"),
    ("process_recorded", "Processen registrerad"),
];

/// An agreement's internal keys: the page's own agreement, and the version or consultation an
/// event is about (the event's kind says which step it is).
const AGREEMENT_HIDDEN: [&str; 3] = ["agreement_id", "version_id", "consultation_id"];

/// The interval a day or a time in words stands for (`decided_first`, `decided_last`,
/// `decided_edtf`): derived from the day or the words, which the history shows.
fn derived_interval(name: &str) -> bool {
    ["_edtf", "_first", "_last"].iter().any(|end| name.ends_with(end))
}

/// Which kind of record an id field names.
fn id_kind(field: &str) -> Option<samverkan_store::RecordKind> {
    use samverkan_store::RecordKind as K;
    Some(match field {
        "party_id" | "on_behalf_of_party_id" => K::Party,
        "area_id" => K::Area,
        "sub_region_id" => K::SubRegion,
        "body_id" | "consultative_group_id" | "deciding_body_id" | "to_body_id" => K::Body,
        "function_id" => K::Function,
        "organisation_id" | "replaced_by_id" => K::Organisation,
        "person_id" => K::Person,
        _ => return None,
    })
}

fn action_label(action: &str) -> String {
    match action {
        "create" => "Skapad",
        "update" => "Ändrad",
        "handover" => "Byte av innehavare",
        "add_membership" => "Ny medlem",
        "end_membership" => "Medlemskap avslutat",
        "load" => "Inläst",
        "delete" => "Borttagen",
        "revoke" => "Återkallad",
        "add_relation" => "Ny relation",
        "add_version" => "Ny version",
        "start_consultation" => "Skickad på remiss",
        "answer_consultation" => "Remissvar",
        "extend_deadline" => "Svarstiden förlängd",
        "propose" => "Förslag",
        "recommend" => "Rekommendation",
        "decide" => "Beslut",
        "add_document" => "Dokument",
        "prepare" => "Beredning",
        "withdraw" => "Uppsägning",
        "export_archive" => "Export för arkivet",
        other => other,
    }
    .to_owned()
}

/// The names behind the ids of a page's history, looked up once per kind.
type Names = std::collections::HashMap<(samverkan_store::RecordKind, i32), String>;

/// A stored value as a reader sees it: kinds by their Swedish label, ids by the name of the
/// record they name, nothing as `–`.
fn show_value(entity: &str, field: &str, value: Option<&serde_json::Value>, names: &Names) -> String {
    use samverkan_domain::agreement;
    use samverkan_domain::{BodyKind, FunctionKind, MembershipRole, OrganisationKind};
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => "–".to_owned(),
        Some(Value::String(s)) => {
            let label = match (entity, field) {
                ("function", "kind") => FunctionKind::parse(s).ok().map(|k| k.label()),
                ("organisation", "kind") => OrganisationKind::parse(s).ok().map(|k| k.label()),
                ("body", "kind") => BodyKind::parse(s).ok().map(|k| k.label()),
                (_, "level") => BodyLevel::parse(s).ok().map(|k| k.label()),
                ("agreement", "role") => agreement::PreparatoryRole::parse(s).ok().map(|k| k.label()),
                (_, "role") => MembershipRole::parse(s).ok().map(|k| k.label()),
                ("agreement", "kind") => agreement::AgreementKind::parse(s)
                    .map(|k| k.label())
                    .or_else(|_| agreement::RelationKind::parse(s).map(|k| k.label()))
                    .ok(),
                ("agreement", "stance") => agreement::Stance::parse(s).ok().map(|k| k.label()),
                ("agreement", "addressed_to") => agreement::Addressee::parse(s).ok().map(|k| k.label()),
                ("agreement", "outcome") => agreement::DecisionOutcome::parse(s)
                    .map(|k| k.label())
                    .or_else(|_| agreement::RecommendationOutcome::parse(s).map(|k| k.label()))
                    .or_else(|_| agreement::PreparatoryOutcome::parse(s).map(|k| k.label()))
                    .ok(),
                _ => None,
            };
            label.map_or_else(|| s.clone(), str::to_owned)
        }
        Some(Value::Number(n)) => match (id_kind(field), n.as_i64().and_then(|n| i32::try_from(n).ok())) {
            (Some(kind), Some(id)) => names.get(&(kind, id)).cloned().unwrap_or_else(|| format!("id {id}")),
            _ => n.to_string(),
        },
        Some(Value::Bool(b)) => if *b { "ja" } else { "nej" }.to_owned(),
        Some(other) => other.to_string(),
    }
}

/// The fields of a record that differ between `before` and `after` (either may be absent).
fn diff(
    entity: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
    names: &Names,
) -> Vec<Change> {
    fn field<'a>(v: Option<&'a serde_json::Value>, name: &str) -> Option<&'a serde_json::Value> {
        v.and_then(|v| v.get(name)).filter(|v| !v.is_null())
    }
    let mut out = Vec::new();
    for (name, label) in FIELDS {
        // The record a membership belongs to is the page's own.
        if entity == "body" && name == "body_id" {
            continue;
        }
        let (b, a) = (field(before, name), field(after, name));
        if b != a {
            out.push(Change {
                field: label.to_owned(),
                before: show_value(entity, name, b, names),
                after: show_value(entity, name, a, names),
            });
        }
    }
    // Anything else that changed, under its stored name (nothing is hidden by accident).
    let keys = |v: Option<&serde_json::Value>| -> Vec<String> {
        v.and_then(|v| v.as_object()).map(|m| m.keys().cloned().collect()).unwrap_or_default()
    };
    let mut rest: Vec<String> = keys(before).into_iter().chain(keys(after)).collect();
    rest.sort();
    rest.dedup();
    for name in rest {
        if HIDDEN_FIELDS.contains(&name.as_str())
            || FIELDS.iter().any(|(f, _)| *f == name)
            || (entity == "agreement" && (AGREEMENT_HIDDEN.contains(&name.as_str()) || derived_interval(&name)))
        {
            continue;
        }
        let (b, a) = (field(before, &name), field(after, &name));
        if b != a
            && !b.is_some_and(|v| v.is_object() || v.is_array())
            && !a.is_some_and(|v| v.is_object() || v.is_array())
        {
            let label = AGREEMENT_FIELDS.iter().find(|(f, _)| entity == "agreement" && *f == name);
            out.push(Change {
                before: show_value(entity, &name, b, names),
                after: show_value(entity, &name, a, names),
                field: label.map_or(name, |(_, l)| (*l).to_owned()),
            });
        }
    }
    out
}

/// An agreement's target groups and coded models, before and after, as lists of Swedish labels
/// (only those that changed; a new agreement's from nothing).
fn agreement_list_changes(before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> Vec<Change> {
    use samverkan_domain::agreement::{TargetGroup, WorkingModel};
    let labels = |v: Option<&serde_json::Value>, field: &str, label: &dyn Fn(&str) -> Option<&'static str>| {
        let items: Vec<String> = v
            .and_then(|v| v.get(field))
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str())
            .map(|c| label(c).map_or_else(|| c.to_owned(), str::to_owned))
            .collect();
        if items.is_empty() { "–".to_owned() } else { items.join(", ") }
    };
    let group = |c: &str| TargetGroup::parse(c).ok().map(|t| t.label());
    let model = |c: &str| WorkingModel::parse(c).ok().map(|m| m.label());
    let mut out = Vec::new();
    for (field, name, label) in [
        ("target_groups", "Målgrupper", &group as &dyn Fn(&str) -> Option<&'static str>),
        ("models", "Arbetssätt", &model),
    ] {
        let (b, a) = (labels(before, field, label), labels(after, field, label));
        if b != a {
            out.push(Change { field: name.to_owned(), before: b, after: a });
        }
    }
    out
}

/// A holder as a history names it: the organisation, and the person if one was named.
fn holder(appointment: &serde_json::Value, names: &Names) -> String {
    let organisation = show_value("appointment", "organisation_id", appointment.get("organisation_id"), names);
    match appointment.get("person_id").filter(|v| !v.is_null()) {
        Some(p) => format!("{organisation} ({})", show_value("appointment", "person_id", Some(p), names)),
        None => organisation,
    }
}

/// What one event changed, in words.
fn changes_of(event: &samverkan_store::entity::audit_event::Model, names: &Names) -> Vec<Change> {
    let parse = |t: &Option<String>| t.as_deref().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    let (before, after) = (parse(&event.before), parse(&event.after));
    let text =
        |v: Option<&serde_json::Value>, name: &str| show_value("appointment", name, v.and_then(|v| v.get(name)), names);
    match (event.action.as_str(), after.as_ref()) {
        // A handover: who held the function until when, and who holds it from when.
        ("handover", Some(after)) => {
            let mut out = Vec::new();
            let ended = after.get("ended").filter(|v| !v.is_null());
            let started = after.get("started").filter(|v| !v.is_null());
            out.push(Change {
                field: "Innehavare".to_owned(),
                before: ended.map_or_else(|| "–".to_owned(), |e| holder(e, names)),
                after: started.map_or_else(|| "–".to_owned(), |s| holder(s, names)),
            });
            if let Some(e) = ended {
                out.push(Change {
                    field: "Tidigare innehav slutar".to_owned(),
                    before: text(before.as_ref().and_then(|b| b.get("ended")), "valid_to"),
                    after: text(Some(e), "valid_to"),
                });
            }
            if let Some(s) = started {
                for (name, label) in [
                    ("valid_from", "Nytt innehav från"),
                    ("basis", "Grund"),
                    ("on_behalf_of_party_id", "På uppdrag av"),
                ] {
                    if s.get(name).is_some_and(|v| !v.is_null()) {
                        out.push(Change {
                            field: label.to_owned(),
                            before: "–".to_owned(),
                            after: text(Some(s), name),
                        });
                    }
                }
            }
            out
        }
        // An agreement registered with its target groups, or a consultation with its recipients.
        ("create" | "start_consultation", Some(after)) if event.entity == "agreement" => {
            let record = after.get("agreement").or_else(|| after.get("consultation"));
            let mut out = diff(&event.entity, None, record, names);
            out.extend(agreement_list_changes(None, Some(after)));
            if let Some(recipients) = after.get("recipients").and_then(|v| v.as_array()) {
                out.push(Change {
                    field: "Mottagare".to_owned(),
                    before: "–".to_owned(),
                    after: format!("{} parter", recipients.len()),
                });
            }
            out
        }
        // An agreement's registry entry changed: its fields, target groups and models.
        ("update", Some(after)) if event.entity == "agreement" => {
            let mut out =
                diff(&event.entity, before.as_ref().and_then(|b| b.get("agreement")), after.get("agreement"), names);
            out.extend(agreement_list_changes(before.as_ref(), Some(after)));
            out
        }
        // A document uploaded: its name, format and size, and what it belongs to.
        ("add_document", Some(after)) => document_changes(after),
        // A function whose end also ended the appointments that ran past it.
        (_, Some(after)) if after.get("function").is_some_and(serde_json::Value::is_object) => {
            let mut out = diff(&event.entity, before.as_ref(), after.get("function"), names);
            for ended in after.get("ended_appointments").and_then(|v| v.as_array()).into_iter().flatten() {
                out.push(Change {
                    field: "Innehav avslutat".to_owned(),
                    before: holder(ended, names),
                    after: format!("till och med {}", text(Some(ended), "valid_to")),
                });
            }
            out
        }
        _ => diff(&event.entity, before.as_ref(), after.as_ref(), names),
    }
}

/// The ids an event's JSON names, by kind, to look their names up in one query per kind.
fn collect_ids(value: &serde_json::Value, out: &mut std::collections::BTreeMap<samverkan_store::RecordKind, Vec<i32>>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (id_kind(k), v.as_i64().and_then(|n| i32::try_from(n).ok())) {
                    (Some(kind), Some(id)) => out.entry(kind).or_default().push(id),
                    _ => collect_ids(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_ids(v, out)),
        _ => {}
    }
}

/// The trail's moment (RFC 3339, UTC) in Stockholm: as people read it (`2022-07-01 14:05`), and
/// to the second with its offset for `<time datetime>` (`2022-07-01T14:05:09+02:00`).
fn stockholm_time(occurred_at: &str) -> (String, String) {
    match chrono::DateTime::parse_from_rfc3339(occurred_at) {
        Ok(t) => {
            let t = t.with_timezone(&chrono_tz::Europe::Stockholm);
            (t.format("%Y-%m-%d %H:%M").to_string(), t.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
        }
        Err(_) => (occurred_at.to_owned(), String::new()),
    }
}

/// The "Historik" of one record (`entity` as the audit trail names it: `function`, `body`, …),
/// for the visitor of `at`: the events newest first, each resolved to words in a few batched
/// queries (the accounts' e-mails in one, the names of each kind of record in one each).
pub(crate) async fn history(state: &AppState, at: &PageAt, entity: &str, id: i32) -> Result<History, Error> {
    let visible = at.1.as_ref().is_some_and(|u| samverkan_domain::may_read_restricted(&u.grants));
    let signed_in = at.1.is_some();
    if !visible {
        return Ok(History { visible, signed_in, rows: Vec::new() });
    }
    let s = &state.store;
    let events = s.audit_events_of(entity, &id.to_string()).await?;
    let user_id = |actor: &str| actor.strip_prefix("user:").and_then(|n| n.parse::<i32>().ok());
    let emails = s.account_emails(events.iter().filter_map(|e| user_id(&e.actor))).await?;
    let mut ids = std::collections::BTreeMap::new();
    for e in &events {
        for text in [&e.before, &e.after].into_iter().flatten() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                collect_ids(&v, &mut ids);
            }
        }
    }
    let mut names = Names::new();
    for (kind, list) in ids {
        for (id, name) in s.names_of(kind, &list).await? {
            names.insert((kind, id), name);
        }
    }
    let rows = events
        .iter()
        .map(|e| {
            let (when, datetime) = stockholm_time(&e.occurred_at);
            HistoryRow {
                when,
                datetime,
                who: match (user_id(&e.actor), e.actor.as_str()) {
                    (Some(n), _) => emails.get(&n).cloned().unwrap_or_else(|| format!("konto {n} (borttaget)")),
                    (None, "cli") => "kommandoraden".to_owned(),
                    (None, "system") => "systemet".to_owned(),
                    (None, other) => match other.strip_prefix("cli:") {
                        Some(command) => format!("kommandoraden ({command})"),
                        None => other.to_owned(),
                    },
                },
                what: action_label(&e.action),
                changes: changes_of(e, &names),
            }
        })
        .collect();
    Ok(History { visible, signed_in, rows })
}

// ---- history --------------------------------------------------------------------------------

/// What an upload changed, as the agreement's Historik shows it: the document (its name, format
/// and size), its title, and what it belongs to.
fn document_changes(after: &serde_json::Value) -> Vec<Change> {
    let text = |name: &str| after.get(name).and_then(|v| v.as_str()).map(str::to_owned);
    let size = after.get("size").and_then(serde_json::Value::as_u64).unwrap_or(0);
    let format = text("media_type").and_then(|m| DocumentFormat::from_media_type(&m));
    let described = match format {
        Some(f) => format!("{} ({})", text("file_name").unwrap_or_default(), format_and_size(f, size)),
        None => format!("{} ({})", text("file_name").unwrap_or_default(), human_size(size)),
    };
    let belongs = if after.get("answer_id").is_some_and(|v| !v.is_null()) {
        "Remissvar"
    } else if after.get("decision_id").is_some_and(|v| !v.is_null()) {
        "Beslut"
    } else {
        "Versionen"
    };
    let change = |field: &str, after: String| Change { field: field.to_owned(), before: "–".to_owned(), after };
    let mut out = vec![change("Dokument", described)];
    if let Some(title) = text("title") {
        out.push(change("Titel", title));
    }
    out.push(change("Hör till", belongs.to_owned()));
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use samverkan_store::RecordKind;
    use serde_json::json;

    use super::*;

    fn event(
        action: &str,
        entity: &str,
        before: Option<serde_json::Value>,
        after: serde_json::Value,
    ) -> samverkan_store::entity::audit_event::Model {
        samverkan_store::entity::audit_event::Model {
            id: 1,
            occurred_at: "2022-07-01T12:05:09.123456Z".to_owned(),
            actor: "user:3".to_owned(),
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id: Some("7".to_owned()),
            before: before.map(|b| b.to_string()),
            after: Some(after.to_string()),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn lines(changes: &[Change]) -> Vec<String> {
        changes.iter().map(|c| format!("{}: {} → {}", c.field, c.before, c.after)).collect()
    }

    #[test]
    fn a_change_lists_only_the_fields_that_differ_in_words() {
        let before = json!({"id": 7, "name": "Gammal", "kind": "other", "party_id": 3, "sort_key": "gammal", "synthetic": false, "valid_from": "2023-01-01", "valid_to": null});
        let after = json!({"id": 7, "name": "Ny", "kind": "process_leader", "party_id": 3, "sort_key": "ny", "synthetic": false, "valid_from": "2023-01-01", "valid_to": "2024-12-31"});
        let names = Names::new();
        let changes = changes_of(&event("update", "function", Some(before), after), &names);
        assert_eq!(
            lines(&changes),
            ["Namn: Gammal → Ny", "Typ: Annan funktion → Processledare", "Giltig till: – → 2024-12-31"]
        );
    }

    #[test]
    fn a_handover_says_who_held_the_function_and_who_holds_it_now() {
        let old =
            json!({"id": 1, "organisation_id": 10, "person_id": null, "valid_from": "2023-01-01", "valid_to": null});
        let ended = json!({"id": 1, "organisation_id": 10, "person_id": null, "valid_from": "2023-01-01", "valid_to": "2025-02-28"});
        let started = json!({"id": 2, "organisation_id": 11, "person_id": 5, "valid_from": "2025-03-01", "valid_to": null, "basis": null});
        let mut names = Names::new();
        names.insert((RecordKind::Organisation, 10), "Boo vårdcentral".to_owned());
        names.insert((RecordKind::Organisation, 11), "Orminge vårdcentral".to_owned());
        names.insert((RecordKind::Person, 5), "Karin Ek".to_owned());
        let e = event("handover", "function", Some(json!({"ended": old})), json!({"ended": ended, "started": started}));
        assert_eq!(
            lines(&changes_of(&e, &names)),
            [
                "Innehavare: Boo vårdcentral → Orminge vårdcentral (Karin Ek)",
                "Tidigare innehav slutar: – → 2025-02-28",
                "Nytt innehav från: – → 2025-03-01",
            ]
        );
        let mut ids = std::collections::BTreeMap::new();
        collect_ids(&serde_json::from_str(e.after.as_deref().unwrap()).unwrap(), &mut ids);
        assert_eq!(ids[&RecordKind::Organisation], [10, 11]);
        assert_eq!(ids[&RecordKind::Person], [5]);
    }

    #[test]
    fn a_version_is_told_in_words_without_the_interval_its_day_stands_for() {
        let after = json!({"agreement_id": 3, "number": "1.0", "date": "2024-11-20", "date_edtf": "2024-11-20", "date_first": "2024-11-20", "date_last": "2024-11-20", "process_recorded": true, "in_force_on": null, "in_force_text": "september 2022"});
        let changes = changes_of(&event("add_version", "agreement", None, after), &Names::new());
        assert_eq!(
            lines(&changes),
            [
                "Datum: – → 2024-11-20",
                "Började gälla (i ord): – → september 2022",
                "Version: – → 1.0",
                "Processen registrerad: – → ja",
            ]
        );
    }

    #[test]
    fn times_are_shown_in_stockholm() {
        assert_eq!(
            stockholm_time("2022-07-01T12:05:09.123456Z"),
            ("2022-07-01 14:05".to_owned(), "2022-07-01T14:05:09+02:00".to_owned())
        );
        assert_eq!(stockholm_time("2022-01-01T12:05:00Z").0, "2022-01-01 13:05");
    }
}
