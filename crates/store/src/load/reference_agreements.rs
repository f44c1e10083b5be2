//! The reference data's agreements (HÖK, its guideline, the subject-area agreements and their
//! add-ons), their relations and versions, and the steps of each version's process that the
//! sources record. Part of the reference load (`crate::load::reference`), in its transaction.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::agreement::{
    Addressee, AgreementKind, DecisionOutcome, PreparatoryOutcome, PreparatoryRole, RecommendationOutcome,
    RelationKind, TargetGroup,
};
use samverkan_domain::when::{check_words, reading_of};
use samverkan_domain::{BodyKind, swedish_sort_string};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::entity::{
    agreement, agreement_relation, agreement_source, agreement_target_group, agreement_version, body, consultation,
    consultation_recipient, decision, preparatory_step, proposal, recommendation,
};
use crate::load::reference_files::{
    AGREEMENT_CONSULTATIONS, AGREEMENT_DECISIONS, AGREEMENT_PREPARATORY_STEPS, AGREEMENT_PROPOSALS,
    AGREEMENT_RECOMMENDATIONS, AGREEMENT_RELATIONS, AGREEMENT_SOURCES, AGREEMENT_VERSIONS, AGREEMENTS, PARTIES, Row,
    SeedError, SeedReport, list, rows,
};

/// A row's day (`day_field`) or, when the sources give none, the time in words (`words_field`,
/// "våren 2022"): one of the two must be there, as the API requires.
fn day_or_words(
    row: &Row,
    day_field: &str,
    words_field: &str,
) -> Result<(Option<NaiveDate>, Option<String>), SeedError> {
    let day = row.opt_date(day_field)?;
    let words = row.opt(words_field).map(str::to_owned);
    if day.is_none() && words.is_none() {
        return Err(row.error(day_field, format!("give a day, or the time in words in {words_field}")));
    }
    Ok((day, words))
}

/// A time's interval as stored beside its day or words: EDTF, first and last day.
type Interval = (Option<String>, Option<NaiveDate>, Option<NaiveDate>);

/// The interval a row's day or words stand for (none when it has neither); words that cannot
/// be read as a time are an error on their field.
fn interval_of(
    row: &Row,
    day: Option<NaiveDate>,
    words: Option<&str>,
    words_field: &str,
) -> Result<Interval, SeedError> {
    if let (None, Some(w)) = (day, words) {
        check_words(words_field, w).map_err(|e| row.error(words_field, e.message))?;
    }
    Ok(match reading_of(day, words) {
        Some(r) => (Some(r.edtf), Some(r.span.first), Some(r.span.last)),
        None => (None, None, None),
    })
}

/// What makes a decision the same one: version, party, day, day in words, outcome.
type DecisionKey = (i32, i32, Option<NaiveDate>, Option<String>, String);

/// The version a process row is about: its `agreement` (title) and `version` (number).
fn version_of(
    row: &Row,
    agreements: &HashMap<String, i32>,
    versions: &HashMap<(i32, String), i32>,
) -> Result<i32, SeedError> {
    let agreement_id = row.lookup("agreement", agreements)?;
    let number = row.req("version")?;
    versions.get(&(agreement_id, number.to_owned())).copied().ok_or_else(|| {
        row.error("version", format!("{number:?} is not a version of that agreement in the reference data"))
    })
}

/// The agreements (HÖK, its guideline, the subject-area agreements and their add-ons), their
/// relations and versions, and the steps of each version's process that the sources record.
///
/// Keys: an agreement's title; a relation's two agreements and kind; a version's agreement and
/// number; one consultation per version; a proposal's version and its two bodies; a
/// recommendation's version, body and addressee; a decision's version, party, day (or words) and
/// outcome; a source document's agreement and title. An agreement's own fields (its parent
/// and target groups), and a consultation's recipients, are written only with the row itself.
pub(crate) async fn seed_agreements(
    txn: &DatabaseTransaction,
    parties: &HashMap<String, i32>,
    bodies: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    let consultative_groups: HashMap<String, i32> = body::Entity::find()
        .filter(body::Column::Kind.eq(BodyKind::ConsultativeGroup.code()))
        .all(txn)
        .await?
        .into_iter()
        .map(|b| (b.name, b.id))
        .collect();
    let mut by_title: HashMap<String, i32> =
        agreement::Entity::find().all(txn).await?.into_iter().map(|a| (a.title, a.id)).collect();
    let agreement_rows = rows(AGREEMENTS)?;
    let mut inserted = Vec::new();
    for row in &agreement_rows {
        let title = row.req("title")?;
        let kind = AgreementKind::parse(row.req("kind")?).map_err(|e| row.error("kind", e))?;
        let group = row.opt_lookup("consultative_group", &consultative_groups)?;
        let mut target_groups = Vec::new();
        for g in list(row, "target_groups") {
            let g = TargetGroup::parse(g).map_err(|e| row.error("target_groups", e))?;
            if !target_groups.contains(&g) {
                target_groups.push(g);
            }
        }
        if by_title.contains_key(title) {
            continue;
        }
        let saved = agreement::ActiveModel {
            title: Set(title.to_owned()),
            short_name: Set(row.opt("short_name").map(str::to_owned)),
            kind: Set(kind.code().to_owned()),
            consultative_group_id: Set(group),
            parent_id: Set(None),
            summary: Set(row.opt("summary").map(str::to_owned)),
            implementation: Set(None),
            follow_up: Set(None),
            digital_support: Set(None),
            review_date: Set(None),
            sort_key: Set(swedish_sort_string(title)),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for g in target_groups {
            agreement_target_group::ActiveModel {
                agreement_id: Set(saved.id),
                target_group: Set(g.code().to_owned()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            report.add("agreement_target_groups");
        }
        by_title.insert(saved.title.clone(), saved.id);
        inserted.push(saved);
        report.add("agreements");
    }
    // Parents are linked once every agreement exists, and only on rows this run inserted.
    for row in &agreement_rows {
        let Some(parent) = row.opt_lookup("parent", &by_title)? else { continue };
        let title = row.req("title")?;
        if row.opt("parent") == Some(title) {
            return Err(row.error("parent", "an agreement cannot sit under itself"));
        }
        if let Some(saved) = inserted.iter().find(|a| a.title == title) {
            let mut active: agreement::ActiveModel = saved.clone().into();
            active.parent_id = Set(Some(parent));
            active.update(txn).await?;
        }
    }

    let existing: Vec<(i32, i32, String)> = agreement_relation::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.agreement_id, r.related_id, r.kind))
        .collect();
    for row in rows(AGREEMENT_RELATIONS)? {
        let agreement_id = row.lookup("agreement", &by_title)?;
        let related_id = row.lookup("related", &by_title)?;
        let kind = RelationKind::parse(row.req("kind")?).map_err(|e| row.error("kind", e))?;
        if agreement_id == related_id {
            return Err(row.error("related", "an agreement cannot relate to itself"));
        }
        if existing.contains(&(agreement_id, related_id, kind.code().to_owned())) {
            continue;
        }
        agreement_relation::ActiveModel {
            agreement_id: Set(agreement_id),
            related_id: Set(related_id),
            kind: Set(kind.code().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("agreement_relations");
    }

    let mut versions: HashMap<(i32, String), i32> = agreement_version::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|v| ((v.agreement_id, v.number), v.id))
        .collect();
    for row in rows(AGREEMENT_VERSIONS)? {
        let agreement_id = row.lookup("agreement", &by_title)?;
        let number = row.req("number")?;
        let date = row.opt_date("date")?;
        let date_text = row.opt("date_text");
        let (date_edtf, date_first, date_last) = interval_of(&row, date, date_text, "date_text")?;
        let earliest_start = row.opt_date("earliest_start")?;
        let valid_to = row.opt_date("valid_to")?;
        if let (Some(start), Some(to)) = (earliest_start, valid_to)
            && to < start
        {
            return Err(row.error("valid_to", format!("before the earliest start ({start})")));
        }
        let in_force_on = row.opt_date("in_force_on")?;
        let in_force_text = row.opt("in_force_text");
        let (in_force_edtf, in_force_first, in_force_last) =
            interval_of(&row, in_force_on, in_force_text, "in_force_text")?;
        if let (Some(start), Some(last)) = (earliest_start, in_force_last)
            && last < start
        {
            return Err(row.error("in_force_text", format!("before the earliest start ({start})")));
        }
        if versions.contains_key(&(agreement_id, number.to_owned())) {
            continue;
        }
        let saved = agreement_version::ActiveModel {
            agreement_id: Set(agreement_id),
            number: Set(number.to_owned()),
            date: Set(date),
            date_text: Set(date_text.map(str::to_owned)),
            date_edtf: Set(date_edtf),
            date_first: Set(date_first),
            date_last: Set(date_last),
            change_summary: Set(row.opt("change_summary").map(str::to_owned)),
            earliest_start: Set(earliest_start),
            valid_to: Set(valid_to),
            in_force_on: Set(in_force_on),
            in_force_text: Set(in_force_text.map(str::to_owned)),
            in_force_edtf: Set(in_force_edtf),
            in_force_first: Set(in_force_first),
            in_force_last: Set(in_force_last),
            process_recorded: Set(row.opt("process_recorded") == Some("true")),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        versions.insert((agreement_id, saved.number), saved.id);
        report.add("agreement_versions");
    }

    // Consultations: `recipients` is `all` (every party of the reference data), `municipalities`
    // (the 26 municipalities) or party codes.
    let party_rows = rows(PARTIES)?;
    let reference_parties: Vec<String> =
        party_rows.iter().map(|r| r.req("code").map(str::to_owned)).collect::<Result<_, _>>()?;
    let municipalities: Vec<String> = party_rows
        .iter()
        .filter(|r| r.opt("kind") == Some("municipality"))
        .map(|r| r.req("code").map(str::to_owned))
        .collect::<Result<_, _>>()?;
    let mut consulted: HashMap<i32, i32> =
        consultation::Entity::find().all(txn).await?.into_iter().map(|c| (c.version_id, c.id)).collect();
    for row in rows(AGREEMENT_CONSULTATIONS)? {
        let version_id = version_of(&row, &by_title, &versions)?;
        let (sent_on, sent_text) = day_or_words(&row, "sent_on", "sent_text")?;
        let (sent_edtf, sent_first, sent_last) = interval_of(&row, sent_on, sent_text.as_deref(), "sent_text")?;
        let deadline = row.opt_date("deadline")?;
        if let (Some(sent), Some(deadline)) = (sent_on, deadline)
            && deadline < sent
        {
            return Err(row.error("deadline", format!("before it was sent ({sent})")));
        }
        let codes: Vec<&str> = match list(&row, "recipients").as_slice() {
            ["all"] => reference_parties.iter().map(String::as_str).collect(),
            ["municipalities"] => municipalities.iter().map(String::as_str).collect(),
            [] => {
                return Err(
                    row.error("recipients", "value missing (`all`, `municipalities`, or party codes separated by `;`)")
                );
            }
            codes => codes.to_vec(),
        };
        let mut recipients = Vec::new();
        for code in codes {
            let id = parties
                .get(code)
                .copied()
                .ok_or_else(|| row.error("recipients", format!("{code:?} is not in the reference data")))?;
            if !recipients.contains(&id) {
                recipients.push(id);
            }
        }
        if consulted.contains_key(&version_id) {
            continue;
        }
        let saved = consultation::ActiveModel {
            version_id: Set(version_id),
            sent_on: Set(sent_on),
            sent_text: Set(sent_text),
            sent_edtf: Set(sent_edtf),
            sent_first: Set(sent_first),
            sent_last: Set(sent_last),
            deadline: Set(deadline),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for party_id in recipients {
            consultation_recipient::ActiveModel {
                consultation_id: Set(saved.id),
                party_id: Set(party_id),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            report.add("consultation_recipients");
        }
        consulted.insert(version_id, saved.id);
        report.add("consultations");
    }

    seed_proposals(txn, &by_title, &versions, bodies, report).await?;

    let existing: Vec<(i32, String, String)> = recommendation::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.version_id, r.body_name, r.addressed_to))
        .collect();
    for row in rows(AGREEMENT_RECOMMENDATIONS)? {
        let version_id = version_of(&row, &by_title, &versions)?;
        let body_name = row.req("body")?;
        let body_id = row.lookup("body", bodies)?;
        let addressed_to = Addressee::parse(row.req("addressed_to")?).map_err(|e| row.error("addressed_to", e))?;
        let (decided_on, decided_text) = day_or_words(&row, "decided_on", "decided_text")?;
        let (decided_edtf, decided_first, decided_last) =
            interval_of(&row, decided_on, decided_text.as_deref(), "decided_text")?;
        let outcome = RecommendationOutcome::parse(row.req("outcome")?).map_err(|e| row.error("outcome", e))?;
        if existing.contains(&(version_id, body_name.to_owned(), addressed_to.code().to_owned())) {
            continue;
        }
        recommendation::ActiveModel {
            version_id: Set(version_id),
            body_id: Set(Some(body_id)),
            body_name: Set(body_name.to_owned()),
            addressed_to: Set(addressed_to.code().to_owned()),
            decided_on: Set(decided_on),
            decided_text: Set(decided_text),
            decided_edtf: Set(decided_edtf),
            decided_first: Set(decided_first),
            decided_last: Set(decided_last),
            outcome: Set(outcome.code().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("recommendations");
    }

    // A decision is a party's own; the parties that must adopt are the agreement's (every party
    // of the reference data: no agreement here lists its own), not the consultation's recipients.
    let existing: Vec<DecisionKey> = decision::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|d| (d.version_id, d.party_id, d.decided_on, d.decided_text, d.outcome))
        .collect();
    for row in rows(AGREEMENT_DECISIONS)? {
        let version_id = version_of(&row, &by_title, &versions)?;
        let party_id = row.lookup("party_code", parties)?;
        let deciding_body = row.req("deciding_body")?;
        let deciding_body_id = row.opt_lookup("deciding_body_ref", bodies)?;
        let (decided_on, decided_text) = day_or_words(&row, "decided_on", "decided_text")?;
        let (decided_edtf, decided_first, decided_last) =
            interval_of(&row, decided_on, decided_text.as_deref(), "decided_text")?;
        let outcome = DecisionOutcome::parse(row.req("outcome")?).map_err(|e| row.error("outcome", e))?;
        let sent_to = list(&row, "sent_to");
        let key = (version_id, party_id, decided_on, decided_text.clone(), outcome.code().to_owned());
        if existing.contains(&key) {
            continue;
        }
        decision::ActiveModel {
            version_id: Set(version_id),
            party_id: Set(party_id),
            deciding_body: Set(deciding_body.to_owned()),
            deciding_body_id: Set(deciding_body_id),
            decided_on: Set(decided_on),
            decided_text: Set(decided_text),
            decided_edtf: Set(decided_edtf),
            decided_first: Set(decided_first),
            decided_last: Set(decided_last),
            paragraph: Set(row.opt("paragraph").map(str::to_owned)),
            diary_number: Set(row.opt("diary_number").map(str::to_owned)),
            outcome: Set(outcome.code().to_owned()),
            sent_to: Set((!sent_to.is_empty()).then(|| sent_to.join("\n"))),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("decisions");
    }

    // A preparatory step is the same one when its version, party, body and role are.
    let existing: Vec<(i32, i32, String, String)> = preparatory_step::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|s| (s.version_id, s.party_id, s.body_name, s.role))
        .collect();
    for row in rows(AGREEMENT_PREPARATORY_STEPS)? {
        let version_id = version_of(&row, &by_title, &versions)?;
        let party_id = row.lookup("party_code", parties)?;
        let body_name = row.req("body")?;
        let role = PreparatoryRole::parse(row.req("role")?).map_err(|e| row.error("role", e))?;
        let handled_on = row.opt_date("handled_on")?;
        let handled_text = row.opt("handled_text");
        let (handled_edtf, handled_first, handled_last) = interval_of(&row, handled_on, handled_text, "handled_text")?;
        let outcome = row
            .opt("outcome")
            .map(|o| PreparatoryOutcome::parse(o).map_err(|e| row.error("outcome", e)))
            .transpose()?;
        if existing.contains(&(version_id, party_id, body_name.to_owned(), role.code().to_owned())) {
            continue;
        }
        preparatory_step::ActiveModel {
            version_id: Set(version_id),
            party_id: Set(party_id),
            body_name: Set(body_name.to_owned()),
            body_id: Set(None),
            role: Set(role.code().to_owned()),
            handled_on: Set(handled_on),
            handled_text: Set(handled_text.map(str::to_owned)),
            handled_edtf: Set(handled_edtf),
            handled_first: Set(handled_first),
            handled_last: Set(handled_last),
            outcome: Set(outcome.map(|o| o.code().to_owned())),
            paragraph: Set(row.opt("paragraph").map(str::to_owned)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("preparatory steps");
    }
    seed_sources(txn, &by_title, report).await
}

/// Proposals put to a body before the recommendations (the steering group's to VIS); both
/// bodies must be in the register.
async fn seed_proposals(
    txn: &DatabaseTransaction,
    agreements: &HashMap<String, i32>,
    versions: &HashMap<(i32, String), i32>,
    bodies: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    let existing: Vec<(i32, String, String)> = proposal::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.version_id, p.body_name, p.to_body_name))
        .collect();
    for row in rows(AGREEMENT_PROPOSALS)? {
        let version_id = version_of(&row, agreements, versions)?;
        let (body_name, to_body_name) = (row.req("body")?, row.req("to_body")?);
        let (body_id, to_body_id) = (row.lookup("body", bodies)?, row.lookup("to_body", bodies)?);
        let (proposed_on, proposed_text) = day_or_words(&row, "proposed_on", "proposed_text")?;
        let (proposed_edtf, proposed_first, proposed_last) =
            interval_of(&row, proposed_on, proposed_text.as_deref(), "proposed_text")?;
        if existing.contains(&(version_id, body_name.to_owned(), to_body_name.to_owned())) {
            continue;
        }
        proposal::ActiveModel {
            version_id: Set(version_id),
            body_name: Set(body_name.to_owned()),
            body_id: Set(Some(body_id)),
            to_body_name: Set(to_body_name.to_owned()),
            to_body_id: Set(Some(to_body_id)),
            proposed_on: Set(proposed_on),
            proposed_text: Set(proposed_text),
            proposed_edtf: Set(proposed_edtf),
            proposed_first: Set(proposed_first),
            proposed_last: Set(proposed_last),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("proposals");
    }
    Ok(())
}

/// The documents each agreement's facts rest on; a `url` only where the documents themselves
/// give the address, and it must be one (`https://…`).
async fn seed_sources(
    txn: &DatabaseTransaction,
    agreements: &HashMap<String, i32>,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    let existing: Vec<(i32, String)> =
        agreement_source::Entity::find().all(txn).await?.into_iter().map(|s| (s.agreement_id, s.title)).collect();
    for row in rows(AGREEMENT_SOURCES)? {
        let agreement_id = row.lookup("agreement", agreements)?;
        let title = row.req("title")?;
        let url = row.opt("url");
        if let Some(url) = url
            && (!url.starts_with("https://") || url.contains(char::is_whitespace))
        {
            return Err(row.error("url", "not an https:// address"));
        }
        if existing.contains(&(agreement_id, title.to_owned())) {
            continue;
        }
        agreement_source::ActiveModel {
            agreement_id: Set(agreement_id),
            title: Set(title.to_owned()),
            detail: Set(row.opt("detail").map(str::to_owned)),
            url: Set(url.map(str::to_owned)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.add("agreement_sources");
    }
    Ok(())
}
