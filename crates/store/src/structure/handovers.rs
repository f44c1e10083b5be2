//! Handing a function over (*överlämning*): the holder on the day ends the day before and the
//! new holder starts that day, in one write (the rule is `samverkan_domain::plan_handover`),
//! with a new contact person when one is named.

use samverkan_domain::access::{ACTING_FOR_REFUSED, HOLDER_REFUSED};
use samverkan_domain::command::Command;
use samverkan_domain::commands::{NewHolder, PersonDetails};
use samverkan_domain::edit::{REQUIRED, Referenced, no_such};
use samverkan_domain::structure::check_holder_person;
use samverkan_domain::{Input, Invalid, Period, Tenure, may_act_for, may_hold, plan_handover};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

use crate::entity::{appointment, function, organisation, party, person};
use crate::error::StoreError;
use crate::fields::{must_exist, put};
use crate::store::Store;
use crate::structure::functions::{appointments_of, owned_function};
use crate::write::{Actor, Event, WriteError, Written, json};

impl Store {
    /// Hands a function over (*överlämning*): the holder on `valid_from` ends the day before
    /// and the new holder starts that day, in one step (see [`plan_handover`]). The new holder
    /// is an organisation (`organisation_id`) and, optionally, a person: an existing one
    /// (`person_id`) or a new one (`person_name`, `person_title`, `person_email`,
    /// `person_phone`). Also `basis` and `on_behalf_of_party_id`. Returns the new appointment.
    pub async fn hand_over_function(&self, actor: &Actor, function_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let f = function::Entity::find_by_id(function_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(owned_function(&f))?;
        let new = NewHolder::read(&mut input);
        // Checked whether or not the other fields were, so that every wrong field is told at once.
        if let Some(id) = input.peek_id("organisation_id") {
            match organisation::Entity::find_by_id(id).one(w.txn()).await? {
                None => input.reject("organisation_id", no_such(Referenced::Organisation, id)),
                Some(o) if !may_hold(f.party_id, o.party_id) => input.reject("organisation_id", HOLDER_REFUSED),
                Some(_) => {}
            }
        }
        let person_id = input.peek_id("person_id");
        must_exist::<person::Entity>(w.txn(), &mut input, "person_id", person_id, Referenced::Person).await?;
        let on_behalf_of = input.peek_id("on_behalf_of_party_id");
        must_exist::<party::Entity>(w.txn(), &mut input, "on_behalf_of_party_id", on_behalf_of, Referenced::Party)
            .await?;
        if let Some(p) = on_behalf_of
            && !may_act_for(&actor.grants, f.party_id, p)
        {
            input.reject("on_behalf_of_party_id", ACTING_FOR_REFUSED);
        }
        if let Ok(h) = &new {
            let details = h.person_title.is_some() || h.person_email.is_some() || h.person_phone.is_some();
            input.check(check_holder_person(h.person_id.is_some(), h.person_name.is_some(), details));
        }
        let existing = appointments_of(w.txn(), function_id).await?;
        let function_period =
            Period::starting(f.valid_from, f.valid_to).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let plan = match &new {
            Ok(NewHolder { valid_from: from, .. }) => {
                let tenures: Vec<Tenure> = existing
                    .iter()
                    .filter_map(|a| {
                        Some(Tenure { appointment_id: a.id, period: Period::starting(a.valid_from, a.valid_to).ok()? })
                    })
                    .collect();
                match plan_handover(function_period, &tenures, *from) {
                    Ok(plan) => Some(plan),
                    Err(e) => {
                        input.reject(&e.field, e.message);
                        None
                    }
                }
            }
            Err(_) => None,
        };
        input.finish()?;
        let plan = plan.ok_or(WriteError::Invalid(Invalid::one("valid_from", REQUIRED)))?;

        let mut before = None;
        let mut ended = None;
        if let Some((appointment_id, last_day)) = plan.ends
            && let Some(current) = existing.into_iter().find(|a| a.id == appointment_id)
        {
            before = json(&current);
            let mut row = current.into_active_model();
            row.valid_to = Set(Some(last_day));
            ended = Some(row.update(w.txn()).await?);
        }
        let new = new?;
        let person_id = match (new.person_id, new.person_name) {
            (Some(id), _) => Some(id),
            (None, Some(name)) => {
                // The person is recorded by, and so belongs to, the function's party.
                let details =
                    PersonDetails { name, title: new.person_title, email: new.person_email, phone: new.person_phone };
                let mut p = person::ActiveModel { party_id: Set(f.party_id), ..Default::default() };
                put(&mut p, &details)?;
                let p = p.insert(w.txn()).await?;
                w.record(Event::new("create", "person", p.id).after(json(&p))).await?;
                Some(p.id)
            }
            (None, None) => None,
        };
        let started = appointment::ActiveModel {
            function_id: Set(function_id),
            organisation_id: Set(new.organisation_id),
            person_id: Set(person_id),
            valid_from: Set(Some(new.valid_from)),
            valid_to: Set(plan.starts.to()),
            synthetic: Set(false),
            basis: Set(new.basis.map(String::from)),
            on_behalf_of_party_id: Set(new.on_behalf_of_party_id),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        let after = serde_json::json!({ "ended": ended, "started": started });
        w.commit(
            Event::new("handover", "function", function_id)
                .before(before.map(|b| serde_json::json!({ "ended": b })))
                .after(Some(after)),
        )
        .await?;
        Ok(started.id)
    }
}
