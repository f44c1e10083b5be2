//! The payload of a party's export: each record as a JSON description a records officer can
//! read and an e-archive can ingest (its kind by an English key and in Swedish, its dates, the
//! agreement and version it concerns, who recorded it when, its documents with name, format and
//! SHA-256), each document as its file under a safe name beside it, and `arkivbeskrivning.json`
//! listing them all. Folders by kind, in Swedish: `versioner/`, `remisser/`, `remissvar/`,
//! `beredning/`, `beslut/`, `uppsagningar/`.

use samverkan_domain::agreement::{DecisionOutcome, PreparatoryOutcome, PreparatoryRole, Stance};
use samverkan_domain::document::DocumentFormat;
use samverkan_domain::when::span_of;
use serde_json::{Value, json};

use crate::archive::bag::{BagFile, safe_name};
use crate::archive::records::{Kind, PartyRecords, Recorded};
use crate::entity::document;

/// The format of the descriptions, named in each.
pub(crate) const SCHEMA: &str = "samverkan-arkiv/1";

/// A kind's English key, its Swedish name, its folder and its files' prefix.
fn kind_names(kind: Kind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        Kind::Version => ("agreement_version", "Version av överenskommelse", "versioner", "version"),
        Kind::Consultation => ("consultation_received", "Mottagen remiss", "remisser", "remiss"),
        Kind::Answer => ("consultation_answer", "Remissvar", "remissvar", "remissvar"),
        Kind::Decision => ("decision", "Beslut", "beslut", "beslut"),
        Kind::Step => ("preparatory_step", "Beredning", "beredning", "beredning"),
        Kind::Withdrawal => ("withdrawal", "Uppsägning", "uppsagningar", "uppsagning"),
        Kind::Document => ("document", "Dokument", "dokument", "dokument"),
    }
}

/// The path of a record's description, relative to `data/`.
fn record_path(kind: Kind, id: i32) -> String {
    let (_, _, folder, prefix) = kind_names(kind);
    format!("{folder}/{prefix}-{id:06}.json")
}

/// A stored code's Swedish label, or the code itself when it is no longer one.
fn label<K>(
    code: &str,
    parse: impl Fn(&str) -> Result<K, samverkan_domain::UnknownKind>,
    name: fn(K) -> &'static str,
) -> Value {
    json!(parse(code).map(name).unwrap_or(code))
}

fn recorded(events: Option<&Vec<Recorded>>) -> Value {
    let events = events.map(Vec::as_slice).unwrap_or_default();
    Value::Array(
        events.iter().map(|e| json!({"action": e.action, "at": e.at, "by": e.by, "by_email": e.by_email})).collect(),
    )
}

/// What the payload is built of, as it grows.
struct Payload<'a> {
    records: &'a PartyRecords,
    files: Vec<BagFile>,
    /// The documents to write: each file's path and the SHA-256 of its content.
    documents: Vec<(String, String)>,
    /// The index's entries.
    index: Vec<Value>,
}

impl Payload<'_> {
    /// The documents of one record, written beside its description; their entries.
    fn documents(&mut self, kind: Kind, id: i32, of: impl Fn(&document::Model) -> bool) -> Vec<Value> {
        let (_, _, folder, prefix) = kind_names(kind);
        let mut out = Vec::new();
        for d in self.records.documents.iter().filter(|d| of(d)) {
            let format = DocumentFormat::from_media_type(&d.media_type);
            let extension = format.map_or("bin", DocumentFormat::extension);
            let stem = d.file_name.rsplit_once('.').map_or(d.file_name.as_str(), |(stem, _)| stem);
            let path = format!("{folder}/{prefix}-{id:06}/{:06}-{}.{extension}", d.id, safe_name(stem, "dokument"));
            self.documents.push((path.clone(), d.sha256.clone()));
            out.push(json!({
                "id": d.id,
                "title": d.title,
                "file_name": d.file_name,
                "path": path,
                "format": format.map(DocumentFormat::label),
                "media_type": d.media_type,
                "size": d.size,
                "sha256": d.sha256,
                "uploaded_at": d.uploaded_at,
                "recorded": recorded(self.records.history.get(&(Kind::Document, d.id))),
            }));
        }
        out
    }

    /// The agreement and version a record concerns, as its description names them.
    fn concerns(&self, version_id: i32) -> (Value, Value, String) {
        let version = self.records.versions.get(&version_id);
        let agreement = version.and_then(|v| self.records.agreements.get(&v.agreement_id));
        let title = agreement.map_or_else(String::new, |a| a.title.clone());
        let number = version.map_or_else(String::new, |v| v.number.clone());
        (
            json!(agreement.map(|a| json!({"id": a.id, "title": a.title, "short_name": a.short_name}))),
            json!({"id": version_id, "number": number, "description": record_path(Kind::Version, version_id)}),
            format!("{title}, version {number}"),
        )
    }

    /// Adds one record's description: the fields every record has, then its own.
    fn add(&mut self, kind: Kind, id: i32, version_id: i32, title_sv: String, own: Value, documents: Vec<Value>) {
        let (key, name_sv, _, _) = kind_names(kind);
        let (agreement, version, _) = self.concerns(version_id);
        let party = &self.records.party;
        let mut record = json!({
            "schema": SCHEMA,
            "record_kind": key,
            "record_kind_sv": name_sv,
            "id": id,
            "title_sv": title_sv,
            "party": {"code": party.code, "name": party.name},
            "agreement": agreement,
            "version": version,
        });
        if let (Value::Object(fields), Value::Object(more)) = (&mut record, own) {
            fields.extend(more);
            fields.insert("recorded".to_owned(), recorded(self.records.history.get(&(kind, id))));
            fields.insert("documents".to_owned(), Value::Array(documents));
        }
        let path = record_path(kind, id);
        self.index.push(json!({
            "record_kind": key,
            "record_kind_sv": name_sv,
            "id": id,
            "title_sv": record["title_sv"],
            "date": record["date"],
            "date_text": record["date_text"],
            "description": path,
            "documents": record["documents"].as_array().map_or(0, Vec::len),
        }));
        self.files.push(BagFile { path, bytes: pretty(&record) });
    }
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The time of a fact as its description gives it: the day, the words, the interval.
fn time(
    day: Option<chrono::NaiveDate>,
    words: Option<&str>,
    stored: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
) -> Value {
    let span = span_of(stored, day, words);
    json!({
        "date": day,
        "date_text": words,
        "date_interval": span.map(|s| json!({"first": s.first, "last": s.last})),
    })
}

/// What describing a party's records gives: the descriptions' files, the documents still to
/// write (each file's path and its content's SHA-256), the number of records described.
pub(crate) struct Described {
    pub files: Vec<BagFile>,
    pub documents: Vec<(String, String)>,
    pub records: usize,
}

/// The payload of `records`: their descriptions, and where each document goes.
pub(crate) fn payload(records: &PartyRecords, info: Value) -> Described {
    let mut p = Payload { records, files: Vec::new(), documents: Vec::new(), index: Vec::new() };
    let party_name = records.party.name.clone();

    for v in records.versions.values() {
        let docs = p.documents(Kind::Version, v.id, |d| d.version_id == Some(v.id));
        let (_, _, concerns) = p.concerns(v.id);
        let mut own = time(v.date, v.date_text.as_deref(), (v.date_first, v.date_last));
        extend(
            &mut own,
            json!({
                "number": v.number,
                "change_summary": v.change_summary,
                "earliest_start": v.earliest_start,
                "valid_to": v.valid_to,
                "in_force_on": v.in_force_on,
                "in_force_text": v.in_force_text,
            }),
        );
        p.add(Kind::Version, v.id, v.id, concerns, own, docs);
    }
    for (c, recipient) in &records.consultations {
        let (_, _, concerns) = p.concerns(c.version_id);
        let mut own = time(c.sent_on, c.sent_text.as_deref(), (c.sent_first, c.sent_last));
        extend(&mut own, json!({"deadline": c.deadline, "party_among_recipients": recipient}));
        p.add(Kind::Consultation, c.id, c.version_id, format!("Remiss till {party_name}: {concerns}"), own, Vec::new());
    }
    for a in &records.answers {
        let Some((c, _)) = records.consultations.iter().find(|(c, _)| c.id == a.consultation_id) else { continue };
        let docs = p.documents(Kind::Answer, a.id, |d| d.answer_id == Some(a.id));
        let (_, _, concerns) = p.concerns(c.version_id);
        let mut own = time(Some(a.answered_on), None, (None, None));
        extend(
            &mut own,
            json!({
                "consultation": {"id": c.id, "description": record_path(Kind::Consultation, c.id), "deadline": c.deadline},
                "stance": a.stance,
                "stance_sv": label(&a.stance, Stance::parse, Stance::label),
                "text": a.text,
            }),
        );
        p.add(Kind::Answer, a.id, c.version_id, format!("Remissvar från {party_name}: {concerns}"), own, docs);
    }
    for s in &records.steps {
        let (_, _, concerns) = p.concerns(s.version_id);
        let mut own = time(s.handled_on, s.handled_text.as_deref(), (s.handled_first, s.handled_last));
        extend(
            &mut own,
            json!({
                "body_name": s.body_name,
                "body_id": s.body_id,
                "role": s.role,
                "role_sv": label(&s.role, PreparatoryRole::parse, PreparatoryRole::label),
                "outcome": s.outcome,
                "outcome_sv": s.outcome.as_deref().map(|o| label(o, PreparatoryOutcome::parse, PreparatoryOutcome::label)),
                "paragraph": s.paragraph,
            }),
        );
        p.add(Kind::Step, s.id, s.version_id, format!("Beredning i {}: {concerns}", s.body_name), own, Vec::new());
    }
    for d in &records.decisions {
        let docs = p.documents(Kind::Decision, d.id, |doc| doc.decision_id == Some(d.id));
        let (_, _, concerns) = p.concerns(d.version_id);
        let mut own = time(d.decided_on, d.decided_text.as_deref(), (d.decided_first, d.decided_last));
        extend(
            &mut own,
            json!({
                "deciding_body": d.deciding_body,
                "deciding_body_id": d.deciding_body_id,
                "paragraph": d.paragraph,
                "diary_number": d.diary_number,
                "outcome": d.outcome,
                "outcome_sv": label(&d.outcome, DecisionOutcome::parse, DecisionOutcome::label),
                "sent_to": d.sent_to,
            }),
        );
        p.add(Kind::Decision, d.id, d.version_id, format!("Beslut av {}: {concerns}", d.deciding_body), own, docs);
    }
    for w in &records.withdrawals {
        let (_, _, concerns) = p.concerns(w.version_id);
        let mut own = time(Some(w.decided_on), None, (None, None));
        extend(
            &mut own,
            json!({
                "deciding_body": w.deciding_body,
                "deciding_body_id": w.deciding_body_id,
                "paragraph": w.paragraph,
                "diary_number": w.diary_number,
                "leaves_on": w.leaves_on,
            }),
        );
        p.add(Kind::Withdrawal, w.id, w.version_id, format!("Uppsägning av {party_name}: {concerns}"), own, Vec::new());
    }

    let described = p.index.len();
    let mut index = info;
    p.index.sort_by(|a, b| a["description"].as_str().cmp(&b["description"].as_str()));
    extend(&mut index, json!({"schema": SCHEMA, "records": p.index}));
    p.files.push(BagFile { path: "arkivbeskrivning.json".to_owned(), bytes: pretty(&index) });
    Described { files: p.files, documents: p.documents, records: described }
}

fn extend(target: &mut Value, more: Value) {
    if let (Value::Object(fields), Value::Object(more)) = (target, more) {
        fields.extend(more);
    }
}
