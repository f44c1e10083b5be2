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

use std::sync::Arc;

use crate::agreements::pages::{chosen_version, detail};
use crate::kit::paths::CONSULTATION_ANSWER;
use crate::kit::paths::{self, ADOPTION_DECISION, ADOPTION_STEP, AGREEMENT_ADOPTION, AGREEMENT_CONSULTATION};
use crate::kit::{
    Access, AppState, Error, Field, Form, FormFields, FormRoute, FormWriter, Group, Page, PageAt, PageError, Values,
    answer, may, page, plain, show, today,
};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::commands::{ConsultationAnswer, NewDecision, NewPreparatoryStep};
use samverkan_domain::{FieldError, Invalid, Scope};
use samverkan_store::{AgreementSummary, Ref, SessionUser, Version, WriteError};

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
        let of = format!("{}, version {}.", target.agreement.title, target.version.number);
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

    /// The form's fields, the party list holding `parties`.
    fn fields(self, parties: &[Ref]) -> Vec<Group> {
        match self {
            What::Answer => {
                let mut f = FormFields::of::<ConsultationAnswer>();
                let party = party(&mut f, parties);
                vec![plain(vec![party, f.take("answered_on"), f.take("stance").radios(None), f.take("text")])]
            }
            What::Decision => {
                let mut f = FormFields::of::<NewDecision>();
                vec![
                    plain(vec![party(&mut f, parties), f.take("deciding_body")]),
                    when(&mut f, "decided_on", "decided_text", "När beslutet fattades"),
                    plain(vec![
                        f.take("paragraph"),
                        f.take("diary_number"),
                        f.take("outcome").radios(None),
                        f.take("sent_to"),
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
        }
    }

    /// What a blank form starts from: the party when there is only one, today as the answer's day.
    fn values(self, parties: &[Ref], at: &PageAt) -> Values {
        let party = match parties {
            [only] => Some(only.id.to_string()),
            _ => None,
        };
        let answered_on = (self == What::Answer).then(|| at.0.date.to_string());
        Values::of([("party_id", party), ("answered_on", answered_on)])
    }

    /// Writes the submission through the store, which authorises, checks and audits it.
    async fn write(self, state: &AppState, writer: &FormWriter, version: &Version) -> Result<i32, WriteError> {
        let (store, actor, input) = (&state.store, writer.actor(), writer.input());
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

/// A day, or the time in words when no day is known (a command's `DayOrWords`), under one legend.
fn when(f: &mut FormFields, day: &'static str, words: &'static str, legend: &'static str) -> Group {
    Group {
        legend: Some(legend),
        hint: Some("Ange dagen. Är dagen inte känd: lämna den tom och skriv tiden i ord."),
        fields: vec![f.take(day), f.take(words)],
    }
}

/// The store's messages name other fields by their names (`decided_text`); the form names them
/// by their labels.
fn in_words(result: Result<i32, WriteError>, groups: &[Group]) -> Result<i32, WriteError> {
    let Err(WriteError::Invalid(invalid)) = result else { return result };
    let fields: Vec<&Field> = groups.iter().flat_map(|g| g.fields.iter()).collect();
    let errors = invalid
        .0
        .into_iter()
        .map(|e| {
            let message = fields
                .iter()
                .filter(|f| f.name.contains('_'))
                .fold(e.message.clone(), |m, f| m.replace(f.name, &format!("”{}”", f.label)));
            FieldError::new(&e.field, message)
        })
        .collect();
    Err(WriteError::Invalid(Invalid(errors)))
}

// ---- the handlers ------------------------------------------------------------------------------

/// The agreement and version a form is about, and the `?version=` to keep when one was given.
struct Target {
    agreement: AgreementSummary,
    version: Version,
    query: String,
}

impl Target {
    /// The agreement's page `pattern` (the form, the matrix) filled in, with the version kept.
    fn address(&self, pattern: &str) -> String {
        format!("{}{}", paths::fill(pattern, self.agreement.id), self.query)
    }
}

async fn target(state: &AppState, what: What, id: &str, query: Option<&str>) -> Result<Target, Error> {
    let a = detail(state, id, today()).await?;
    let version = chosen_version(&a, query)?;
    if what == What::Answer && version.consultation.is_none() {
        return Err(Error::NotFound);
    }
    let asked = form_urlencoded::parse(query.unwrap_or("").as_bytes()).any(|(k, v)| k == "version" && !v.is_empty());
    let query = if asked { format!("?version={}", version.id) } else { String::new() };
    Ok(Target { agreement: a.summary, version, query })
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
    let target = target(&state, what, &id, query.as_deref()).await?;
    let user: Arc<SessionUser> = at.1.clone().ok_or(Error::Unauthorized)?;
    let parties = parties_of(&state, &target.version, &user).await?;
    if parties.is_empty() {
        return Err(Error::NotPermitted.into());
    }
    let form = Form::new(target.address(what.path()), &user, what.submit(), what.fields(&parties))
        .fill(&what.values(&parties, &at), None);
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
    let target = target(&state, what, &id, query.as_deref()).await?;
    let result = what.write(&state, &writer, &target.version).await;
    let groups = match result {
        Err(WriteError::Invalid(_)) => what.fields(&parties_of(&state, &target.version, &writer.user).await?),
        _ => Vec::new(),
    };
    let result = in_words(result, &groups);
    let again =
        || (form_page(what, &target), Form::new(target.address(what.path()), &writer.user, what.submit(), groups));
    answer(&state, &at, result, |_| target.address(what.back().0), what.saved(), again, &writer)
}
