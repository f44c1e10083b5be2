//! The process of an agreement's version (process leaders: relations, versions, consultations,
//! recommendations; a party's editor: that party's answer and decision), each step an event on
//! the agreement's history.

use samverkan_domain::agreement::checks::{
    ALREADY_CONSULTED, NOT_A_RECIPIENT, check_answer_day, check_deadline, check_extended_deadline, check_in_force,
    check_not_future, check_recommended_after_sent, check_relation, check_version_end, version_taken,
};
use samverkan_domain::command::{Command, Value};
use samverkan_domain::commands::{
    ConsultationAnswer, NewConsultation, NewDeadline, NewDecision, NewProposal, NewRecommendation, NewRelation,
    NewVersion, VersionNumber,
};
use samverkan_domain::edit::{Referenced, WORDS_MAX, no_such};
use samverkan_domain::when::{Span, reading_of, span_of};
use samverkan_domain::{Input, Owned};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TryIntoModel};

use crate::agreements::acts::{ensure_party_of_version, own_party, version_and_agreement};
use crate::entity::{
    agreement, agreement_relation, agreement_version, body, consultation, consultation_answer, consultation_recipient,
    decision, party, proposal, recommendation,
};
use crate::fields::{must_exist, put};
use crate::read::valid_at;
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written, json};

impl Store {
    /// Relates an agreement to another (`kind`, `related_id`); process leaders.
    pub async fn add_agreement_relation(&self, actor: &Actor, agreement_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        agreement::Entity::find_by_id(agreement_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Joint)?;
        let relation = NewRelation::read(&mut input);
        let related = input.peek_id("related_id");
        must_exist::<agreement::Entity>(w.txn(), &mut input, "related_id", related, Referenced::Agreement).await?;
        if let Some(related) = related {
            input.check(check_relation(agreement_id, related));
        }
        input.finish()?;
        let mut row = agreement_relation::ActiveModel { agreement_id: Set(agreement_id), ..Default::default() };
        put(&mut row, &relation?)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("add_relation", "agreement", agreement_id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Adds a version (process leaders): `number`, `date` or `date_text`, `change_summary`,
    /// `earliest_start`, `valid_to`, and when the sources tell when it came into force,
    /// `in_force_on` or `in_force_text` (not before `earliest_start`).
    pub async fn add_version(&self, actor: &Actor, agreement_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        agreement::Entity::find_by_id(agreement_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Joint)?;
        let version = NewVersion::read(&mut input);
        let (start, to) =
            (input.peek("earliest_start", Input::optional_date), input.peek("valid_to", Input::optional_date));
        if let (Some(Some(start)), Some(Some(to))) = (start, to) {
            input.check(check_version_end(start, to));
        }
        // Peeked, so that it is told with any other wrong field.
        let in_force_on = input.peek("in_force_on", Input::optional_date).flatten();
        let in_force_text = input.peek("in_force_text", |i, f| i.optional_text(f, WORDS_MAX)).flatten();
        if let (Some(Some(start)), Some(reading)) = (start, reading_of(in_force_on, in_force_text.as_deref())) {
            let field = if in_force_on.is_some() { "in_force_on" } else { "in_force_text" };
            input.check(check_in_force(field, start, reading.span));
        }
        if let Some(Some(n)) = input.peek("number", VersionNumber::read) {
            let taken = agreement_version::Entity::find()
                .filter(agreement_version::Column::AgreementId.eq(agreement_id))
                .filter(agreement_version::Column::Number.eq(n.as_str()))
                .one(w.txn())
                .await?;
            if taken.is_some() {
                input.check(Err(version_taken(&n)));
            }
        }
        input.finish()?;
        let mut row = agreement_version::ActiveModel {
            agreement_id: Set(agreement_id),
            process_recorded: Set(true),
            synthetic: Set(false),
            ..Default::default()
        };
        put(&mut row, &version?)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("add_version", "agreement", agreement_id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Sends a version out on consultation (process leaders): `sent_on` (or `sent_text`, the
    /// time in words, when the sources give no day), `deadline` (when there is one), and
    /// `recipients` (party ids; every party valid when it was sent when left out).
    pub async fn start_consultation(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (_, agreement_id) = version_and_agreement(write.lookup(), version_id).await?;
        let w = write.permit(Owned::Joint)?;
        let new = NewConsultation::read(&mut input);
        let sent_on = input.peek("sent_on", Input::optional_date).flatten();
        let sent_text = input.peek("sent_text", |i, f| i.optional_text(f, WORDS_MAX)).flatten();
        // The first day it may have been sent: its day, or the first of its words' interval.
        let sent = reading_of(sent_on, sent_text.as_deref()).map(|r| r.span.first);
        let deadline = input.peek("deadline", Input::optional_date).flatten();
        if let (Some(sent), Some(deadline)) = (sent, deadline) {
            input.check(check_deadline(sent, deadline));
        }
        if consultation::Entity::find()
            .filter(consultation::Column::VersionId.eq(version_id))
            .one(w.txn())
            .await?
            .is_some()
        {
            input.reject("version", ALREADY_CONSULTED);
        }
        let mut parties = Vec::new();
        if let (Some(list), Some(sent)) = (input.peek("recipients", Input::ids), sent) {
            if list.is_empty() {
                parties = party::Entity::find()
                    .filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, sent))
                    .all(w.txn())
                    .await?
                    .into_iter()
                    .map(|p| p.id)
                    .collect();
            } else {
                let found = party::Entity::find().filter(party::Column::Id.is_in(list.clone())).all(w.txn()).await?;
                for id in list.iter().filter(|id| !found.iter().any(|p| p.id == **id)) {
                    input.reject("recipients", no_such(Referenced::Party, *id));
                }
                parties = list;
            }
        }
        input.finish()?;
        let mut row = consultation::ActiveModel { version_id: Set(version_id), ..Default::default() };
        put(&mut row, &new?)?;
        let row = row.insert(w.txn()).await?;
        for p in &parties {
            consultation_recipient::ActiveModel {
                consultation_id: Set(row.id),
                party_id: Set(*p),
                ..Default::default()
            }
            .insert(w.txn())
            .await?;
        }
        let after = serde_json::json!({ "consultation": row, "recipients": parties });
        w.commit(Event::new("start_consultation", "agreement", agreement_id).after(Some(after))).await?;
        Ok(row.id)
    }

    /// Moves a consultation's deadline later (process leaders): `deadline`, after the current
    /// one and not before the consultation was sent. The answers already given stay; an answer
    /// counts as late only after the new deadline.
    pub async fn extend_deadline(&self, actor: &Actor, consultation_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let c =
            consultation::Entity::find_by_id(consultation_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let (_, agreement_id) = version_and_agreement(write.lookup(), c.version_id).await?;
        let w = write.permit(Owned::Joint)?;
        let new = NewDeadline::read(&mut input);
        if let Ok(new) = &new {
            input.check(check_extended_deadline(c.deadline, new.deadline));
            if let Some(sent) = span_of((c.sent_first, c.sent_last), c.sent_on, c.sent_text.as_deref()) {
                input.check(check_deadline(sent.first, new.deadline));
            }
        }
        input.finish()?;
        let before = json(&c);
        let mut row = c.into_active_model();
        put(&mut row, &new?)?;
        let row = row.update(w.txn()).await?;
        w.commit(Event::new("extend_deadline", "agreement", agreement_id).before(before).after(json(&row))).await?;
        Ok(row.id)
    }

    /// A party's answer to a consultation (*remissvar*): `party_id`, `answered_on`, `stance`,
    /// `text`. The party's editor or a process leader; an answer after the deadline counts (and
    /// shows as late). Answering again replaces the party's answer (both are on the history).
    pub async fn answer_consultation(&self, actor: &Actor, consultation_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let c =
            consultation::Entity::find_by_id(consultation_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let (_, agreement_id) = version_and_agreement(write.lookup(), c.version_id).await?;
        own_party(&write, actor, &input)?;
        let answer = ConsultationAnswer::read(&mut input);
        if let Some(p) = input.peek_id("party_id") {
            let recipient = consultation_recipient::Entity::find()
                .filter(consultation_recipient::Column::ConsultationId.eq(consultation_id))
                .filter(consultation_recipient::Column::PartyId.eq(p))
                .one(write.lookup())
                .await?;
            if recipient.is_none() {
                input.reject("party_id", NOT_A_RECIPIENT);
            }
        }
        if let Some(Some(d)) = input.peek("answered_on", Input::optional_date) {
            let sent = span_of((c.sent_first, c.sent_last), c.sent_on, c.sent_text.as_deref());
            input.check(check_answer_day(sent, d));
            input.check(check_not_future("answered_on", Span::day(d), self.clock.today()));
        }
        input.finish()?;
        let answer = answer?;
        let party_id = answer.party_id.0;
        let w = write.permit(Owned::PartyAct { party_id })?;
        let existing = consultation_answer::Entity::find()
            .filter(consultation_answer::Column::ConsultationId.eq(consultation_id))
            .filter(consultation_answer::Column::PartyId.eq(party_id))
            .one(w.txn())
            .await?;
        let before = existing.as_ref().and_then(json);
        let mut row = match existing {
            Some(e) => e.into_active_model(),
            None => consultation_answer::ActiveModel { consultation_id: Set(consultation_id), ..Default::default() },
        };
        put(&mut row, &answer)?;
        let row = row.save(w.txn()).await?;
        let row: consultation_answer::Model = row.try_into_model()?;
        w.commit(Event::new("answer_consultation", "agreement", agreement_id).before(before).after(json(&row))).await?;
        Ok(row.id)
    }

    /// A proposal of a version put to a body before it is recommended (process leaders; the
    /// officials' steering group's proposal to VIS): `body_name`, `body_id`, `to_body_name`,
    /// `to_body_id`, `proposed_on` or `proposed_text`. Not in the future. It changes no state.
    pub async fn add_proposal(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (_, agreement_id) = version_and_agreement(write.lookup(), version_id).await?;
        let w = write.permit(Owned::Joint)?;
        let proposal = NewProposal::read(&mut input);
        for field in ["body_id", "to_body_id"] {
            let id = input.peek_id(field);
            must_exist::<body::Entity>(w.txn(), &mut input, field, id, Referenced::Body).await?;
        }
        if let Ok(p) = &proposal
            && let Some(reading) = p.proposed.reading()
        {
            input.check(check_not_future(p.proposed.field(), reading.span, self.clock.today()));
        }
        input.finish()?;
        let mut row = proposal::ActiveModel { version_id: Set(version_id), ..Default::default() };
        put(&mut row, &proposal?)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("propose", "agreement", agreement_id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// A recommendation to adopt (process leaders): `body_name`, `body_id`, `addressed_to`,
    /// `decided_on` or `decided_text`, `outcome`. Not in the future, nor before the version's
    /// consultation was sent.
    pub async fn add_recommendation(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (_, agreement_id) = version_and_agreement(write.lookup(), version_id).await?;
        let w = write.permit(Owned::Joint)?;
        let recommendation = NewRecommendation::read(&mut input);
        let body_id = input.peek_id("body_id");
        must_exist::<body::Entity>(w.txn(), &mut input, "body_id", body_id, Referenced::Body).await?;
        if let Ok(r) = &recommendation
            && let Some(reading) = r.decided.reading()
        {
            let field = r.decided.field();
            input.check(check_not_future(field, reading.span, self.clock.today()));
            let c = consultation::Entity::find()
                .filter(consultation::Column::VersionId.eq(version_id))
                .one(w.txn())
                .await?;
            if let Some(sent) = c.and_then(|c| span_of((c.sent_first, c.sent_last), c.sent_on, c.sent_text.as_deref()))
            {
                input.check(check_recommended_after_sent(field, sent, reading.span));
            }
        }
        input.finish()?;
        let mut row = recommendation::ActiveModel { version_id: Set(version_id), ..Default::default() };
        put(&mut row, &recommendation?)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("recommend", "agreement", agreement_id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// A party's decision on a version: `party_id`, `deciding_body` (kommunfullmäktige,
    /// regionfullmäktige), `deciding_body_id`, `decided_on`, `paragraph`, `diary_number`,
    /// `outcome` (adopted, rejected, referred_back), `sent_to`. The party's editor or a process
    /// leader. A later decision stands over an earlier one; both stay on record. Not in the future.
    pub async fn record_decision(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (version, agreement_id) = version_and_agreement(write.lookup(), version_id).await?;
        own_party(&write, actor, &input)?;
        let decision = NewDecision::read(&mut input);
        let deciding = input.peek_id("deciding_body_id");
        must_exist::<body::Entity>(write.lookup(), &mut input, "deciding_body_id", deciding, Referenced::Body).await?;
        if let (Some(p), Some(on)) = (input.peek_id("party_id"), input.peek("decided_on", Input::optional_date)) {
            let on = on.unwrap_or_else(|| self.clock.today());
            ensure_party_of_version(write.lookup(), &mut input, &version, p, on).await?;
        }
        if let Ok(d) = &decision
            && let Some(reading) = d.decided.reading()
        {
            input.check(check_not_future(d.decided.field(), reading.span, self.clock.today()));
        }
        input.finish()?;
        let decision = decision?;
        let w = write.permit(Owned::PartyAct { party_id: decision.party_id.0 })?;
        let mut row = decision::ActiveModel { version_id: Set(version_id), ..Default::default() };
        put(&mut row, &decision)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("decide", "agreement", agreement_id).after(json(&row))).await?;
        Ok(row.id)
    }
}
