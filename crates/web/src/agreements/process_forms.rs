//! The forms through which a party records its part of an agreement's process on the pages: its
//! consultation answer (`/overenskommelser/{id}/remiss/svar`), its council's decision
//! (`…/antagande/beslut`) and a step of its preparatory handling (`…/antagande/beredning`), each
//! on the agreement's latest version or the one `?version=` names.
//!
//! They are built as the structure's edit forms are ([`crate::edit_pages`]): registered as
//! [`FormRoute`]s, sent through the [`FormWriter`] gate (session and CSRF token), written by the
//! same store functions as the API (which authorise and audit), and answered with 422, what was
//! typed kept and a message beside each wrong field, or a 303 back to the matrix or the adoption
//! view. The party list offers only the parties the user may speak for (the rule the store
//! applies, [`may`]); the store decides again, for real, when the form is sent.
//!
//! The answer takes an attachment and the decision its minutes' extract (the form is then sent
//! as multipart, the file checked with the other fields and stored after the record). A form
//! that would replace what a party has recorded (its answer, its standing decision) shows it and
//! asks to confirm; the earlier record stays in the agreement's history.

use std::sync::Arc;

use crate::agreements::form_target::{
    Target, attach, checked_input, file_again, in_words, named_from_register, register_or_name, target, when,
};
use crate::kit::paths::CONSULTATION_ANSWER;
use crate::kit::paths::{ADOPTION_DECISION, ADOPTION_STEP, AGREEMENT_ADOPTION, AGREEMENT_CONSULTATION};
use crate::kit::{
    Access, AppState, Error, Field, Form, FormFields, FormRoute, FormWriter, Group, Page, PageAt, PageError, Values,
    answer, may, page, plain, show, today,
};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::agreement_state::standing_decisions;
use samverkan_domain::commands::{ConsultationAnswer, NewDecision, NewPreparatoryStep};
use samverkan_domain::{BodyKind, Input, Scope};
use samverkan_store::{DocumentOwner, Ref, SessionUser, Version, WriteError};

/// The forms, by what they record (the const parameter of their handlers).
const ANSWER: u8 = 0;
const DECISION: u8 = 1;
const STEP: u8 = 2;

/// The three forms, each a GET (the form) and a POST (its submission) at one address.
pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(What::Answer.path(), get(form::<ANSWER>).post(submit::<ANSWER>)),
        route(What::Decision.path(), get(form::<DECISION>).post(submit::<DECISION>)),
        route(What::Step.path(), get(form::<STEP>).post(submit::<STEP>)),
    ]
}

// ---- what each form records --------------------------------------------------------------------

/// One of the three forms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    Answer,
    Decision,
    Step,
}

impl What {
    /// What the page after a save says.
    fn saved(self) -> &'static str {
        match self {
            What::Answer => "Remissvaret är sparat.",
            What::Decision => "Beslutet är sparat.",
            What::Step => "Beredningssteget är sparat.",
        }
    }

    /// What the page after a save says when a document came with it.
    fn saved_with_file(self) -> &'static str {
        match self {
            What::Answer => "Remissvaret och bilagan är sparade.",
            _ => "Beslutet och protokollsutdraget är sparade.",
        }
    }

    fn of(code: u8) -> What {
        match code {
            ANSWER => What::Answer,
            DECISION => What::Decision,
            _ => What::Step,
        }
    }

    /// The form's address, as the router takes it.
    fn path(self) -> &'static str {
        match self {
            What::Answer => CONSULTATION_ANSWER,
            What::Decision => ADOPTION_DECISION,
            What::Step => ADOPTION_STEP,
        }
    }

    /// The page the form comes from and leads back to, as the router takes it.
    fn back(self) -> (&'static str, &'static str) {
        match self {
            What::Answer => (AGREEMENT_CONSULTATION, "Tillbaka till remissvaren"),
            What::Decision | What::Step => (AGREEMENT_ADOPTION, "Tillbaka till antagandet"),
        }
    }

    fn heading(self) -> &'static str {
        match self {
            What::Answer => "Registrera remissvar",
            What::Decision => "Registrera beslut",
            What::Step => "Registrera beredningssteg",
        }
    }

    fn submit(self) -> &'static str {
        match self {
            What::Answer => "Spara remissvaret",
            What::Decision => "Spara beslutet",
            What::Step => "Spara beredningssteget",
        }
    }

    fn intro(self, target: &Target) -> String {
        let of = target.of();
        match self {
            What::Answer => {
                let deadline =
                    target.version.consultation.as_ref().and_then(|c| c.deadline).map_or_else(String::new, |d| {
                        format!(" Sista svarsdag är {d}; ett senare svar räknas och markeras som sent.")
                    });
                format!("{of}{deadline}")
            }
            What::Decision => format!(
                "{of} Ett nytt beslut ersätter partens tidigare beslut. En återremiss är inget beslut: \
                 ärendet bereds igen."
            ),
            What::Step => format!(
                "{of} Ett steg i taget: nämndernas yttranden, arbetsutskottets beredning och styrelsens \
                 förslag till beslut."
            ),
        }
    }

    /// The form's fields, the party list holding `parties`, the register's deciding bodies
    /// `councils`, and a confirmation box when the form would replace what is recorded.
    fn fields(self, parties: &[Ref], councils: &[Ref], recorded: Option<String>) -> Vec<Group> {
        let mut groups = match self {
            What::Answer => {
                let mut f = FormFields::of::<ConsultationAnswer>();
                let party = party(&mut f, parties);
                vec![plain(vec![
                    party,
                    f.take("answered_on"),
                    f.take("stance").radios(None),
                    f.take("text"),
                    Field::file("Bilaga"),
                ])]
            }
            What::Decision => {
                let mut f = FormFields::of::<NewDecision>();
                let party = plain(vec![party(&mut f, parties)]);
                let councils = options(councils);
                let fields =
                    register_or_name(&mut f, "deciding_body_id", "deciding_body", councils, "Kommunfullmäktige");
                let body = Group { legend: Some("Beslutande organ"), hint: None, fields };
                vec![
                    party,
                    body,
                    when(&mut f, "decided_on", "decided_text", "När beslutet fattades"),
                    plain(vec![
                        f.take("paragraph"),
                        f.take("diary_number"),
                        f.take("outcome").radios(None),
                        f.take("sent_to"),
                        Field::file("Protokollsutdrag"),
                    ]),
                ]
            }
            What::Step => {
                let mut f = FormFields::of::<NewPreparatoryStep>();
                vec![
                    plain(vec![party(&mut f, parties), f.take("body_name"), f.take("role").radios(None)]),
                    when(&mut f, "handled_on", "handled_text", "När ärendet behandlades"),
                    plain(vec![
                        f.take("paragraph"),
                        f.take("outcome")
                            .radios(Some("Inget utfall ännu"))
                            .hint("Välj ”Inget utfall ännu” för ett planerat steg, eller när utfallet inte är känt."),
                    ]),
                ]
            }
        };
        if let Some(recorded) = recorded {
            groups.push(plain(vec![Field::confirm(self.confirm_label(), recorded)]));
        }
        groups
    }

    fn confirm_label(self) -> &'static str {
        match self {
            What::Answer => "Ja, ersätt det sparade svaret",
            _ => "Ja, registrera ett nytt beslut som ersätter det tidigare",
        }
    }

    /// What the party has recorded that this form would replace, in a sentence: its answer, or
    /// its standing decision. None for a preparatory step (steps add up).
    fn recorded(self, version: &Version, party_id: i32) -> Option<String> {
        match self {
            What::Answer => version.answers.iter().find(|a| a.party.id == party_id).map(|a| {
                let text = a.text.as_deref().map_or_else(String::new, |t| format!(" ”{t}”"));
                format!(
                    "{} har redan svarat {}: {}.{text} Ett nytt svar ersätter det; det sparade finns kvar i historiken.",
                    a.party.name,
                    a.answered_on,
                    a.stance.label()
                )
            }),
            What::Decision => {
                let facts: Vec<_> = version
                    .decisions
                    .iter()
                    .map(|d| samverkan_domain::agreement_state::Decision {
                        party_id: d.party.id,
                        when: d.when,
                        outcome: d.outcome,
                    })
                    .collect();
                let standing = standing_decisions(&facts, chrono::NaiveDate::MAX);
                let d = standing.get(&party_id)?;
                let record = version.decisions.iter().rev().find(|r| r.party.id == party_id && r.when == d.when)?;
                Some(format!(
                    "{} har redan beslutat ({}, {}: {}). Ett nytt beslut ersätter det; det tidigare finns kvar.",
                    record.party.name,
                    record.deciding_body,
                    samverkan_domain::when::words_of(record.when),
                    record.outcome.label()
                ))
            }
            What::Step => None,
        }
    }

    /// What the replaced records of `parties` say, for the confirmation box: none when nothing
    /// would be replaced.
    fn recorded_any(self, version: &Version, parties: &[Ref]) -> Option<String> {
        let said: Vec<String> = parties.iter().filter_map(|p| self.recorded(version, p.id)).collect();
        (!said.is_empty()).then(|| said.join(" "))
    }

    /// What a blank form starts from: the party when there is only one, today as the answer's
    /// day, and the party's saved answer when it has one (to change it).
    /// A decision of a party with one council in the register starts from that council.
    fn values(self, parties: &[Ref], councils: &[Ref], at: &PageAt, version: &Version) -> Values {
        let party = match parties {
            [only] => Some(only.id),
            _ => None,
        };
        let saved = version.answers.iter().find(|a| Some(a.party.id) == party).filter(|_| self == What::Answer);
        let answered_on = (self == What::Answer).then(|| at.0.date.to_string());
        let council = match councils {
            [only] if self == What::Decision && party.is_some() => Some(only.id.to_string()),
            _ => None,
        };
        Values::of([
            ("deciding_body_id", council),
            ("party_id", party.map(|p| p.to_string())),
            ("answered_on", answered_on),
            ("stance", saved.map(|a| a.stance.code().to_owned())),
            ("text", saved.and_then(|a| a.text.clone())),
        ])
    }

    /// Writes the submission through the store, which authorises, checks and audits it.
    async fn write(
        self,
        state: &AppState,
        writer: &FormWriter,
        version: &Version,
        input: Input,
    ) -> Result<i32, WriteError> {
        let (store, actor) = (&state.store, writer.actor());
        match (self, &version.consultation) {
            (What::Answer, Some(c)) => store.answer_consultation(&actor, c.id, input).await,
            (What::Answer, None) => Err(WriteError::NotFound),
            (What::Decision, _) => store.record_decision(&actor, version.id, input).await,
            (What::Step, _) => store.add_preparatory_step(&actor, version.id, input).await,
        }
    }
}

/// The party list: the parties the user may record for (shown even when there are none, for a
/// form sent back with its errors).
fn party(f: &mut FormFields, parties: &[Ref]) -> Field {
    let options = parties.iter().map(|p| (p.id.to_string(), p.name.clone())).collect();
    f.options("party_id", options).hint("De parter du får registrera för.")
}

// ---- the handlers ------------------------------------------------------------------------------

async fn target_of(state: &AppState, what: What, id: &str, query: Option<&str>) -> Result<Target, Error> {
    let target = target(state, id, query).await?;
    if what == What::Answer && target.version.consultation.is_none() {
        return Err(Error::NotFound);
    }
    Ok(target)
}

/// Records as a list's options (value, label).
fn options(records: &[Ref]) -> Vec<(String, String)> {
    records.iter().map(|r| (r.id.to_string(), r.name.clone())).collect()
}

/// The register's deciding bodies (*fullmäktige*) of `parties`, for the decision's list.
async fn councils_of(state: &AppState, what: What, parties: &[Ref]) -> Result<Vec<Ref>, Error> {
    if what != What::Decision {
        return Ok(Vec::new());
    }
    let councils = state.store.bodies_of_kind(BodyKind::Council, today()).await?;
    Ok(councils
        .into_iter()
        .filter(|b| b.party.as_ref().is_some_and(|p| parties.iter().any(|q| q.id == p.id)))
        .map(|b| Ref { id: b.id, name: b.name })
        .collect())
}

/// The parties of the version (those that must adopt it) that `user` may record for.
async fn parties_of(state: &AppState, version: &Version, user: &SessionUser) -> Result<Vec<Ref>, Error> {
    let parties = state.store.version_adopters(version.id, today()).await?;
    Ok(parties.into_iter().filter(|p| may(Some(user), Scope::party(p.id))).collect())
}

fn form_page(what: What, target: &Target) -> Page {
    let (back, label) = what.back();
    page(what.heading(), "overenskommelser", target.address(back), label).intro(what.intro(target))
}

async fn form<const W: u8>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let what = What::of(W);
    let target = target_of(&state, what, &id, query.as_deref()).await?;
    let user: Arc<SessionUser> = at.1.clone().ok_or(Error::Unauthorized)?;
    let parties = parties_of(&state, &target.version, &user).await?;
    if parties.is_empty() {
        return Err(Error::NotPermitted.into());
    }
    let councils = councils_of(&state, what, &parties).await?;
    let recorded = what.recorded_any(&target.version, &parties);
    let form = Form::new(target.address(what.path()), &user, what.submit(), what.fields(&parties, &councils, recorded))
        .fill(&what.values(&parties, &councils, &at, &target.version), None);
    show(&state, &at, form_page(what, &target), form, StatusCode::OK)
}

async fn submit<const W: u8>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    RawQuery(query): RawQuery,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let what = What::of(W);
    let target = target_of(&state, what, &id, query.as_deref()).await?;
    let parties = parties_of(&state, &target.version, &writer.user).await?;
    let councils = councils_of(&state, what, &parties).await?;
    // The question is asked about the party the form names, when it has something recorded.
    let chosen = writer.value("party_id").trim().parse::<i32>().ok();
    let question = chosen.and_then(|p| what.recorded(&target.version, p));
    let fields = named_from_register(&writer, "deciding_body_id", "deciding_body", &options(&councils));
    let input = checked_input(&writer, fields, question);
    let written = what.write(&state, &writer, &target.version, input).await;
    let owner = if what == What::Answer { DocumentOwner::Answer } else { DocumentOwner::Decision };
    let (result, with_file) = attach(&state, &writer, written, owner).await;
    let saved = if with_file { what.saved_with_file() } else { what.saved() };
    let groups = match result {
        Err(WriteError::Invalid(_)) => what.fields(&parties, &councils, what.recorded_any(&target.version, &parties)),
        _ => Vec::new(),
    };
    let result = file_again(in_words(result, &groups), &writer);
    let again =
        || (form_page(what, &target), Form::new(target.address(what.path()), &writer.user, what.submit(), groups));
    answer(&state, &at, result, |_| target.address(what.back().0), saved, again, &writer)
}
