//! The process leaders' forms on a version's process (`?version=`, else the latest): sending it
//! on consultation with its recipients (`/overenskommelser/{id}/remiss/skicka`), extending the
//! consultation's deadline (`…/remiss/svarsdag`) and recording a recommendation to adopt
//! (`…/antagande/rekommendation`), which asks to confirm when it comes before the deadline.
//!
//! Built as the party's forms are ([`crate::agreements::process_forms`]), through the same store
//! functions as the API.

use crate::agreements::form_target::{
    Target, checked_input, in_words, named_from_register, register_or_name, target, when,
};
use crate::kit::paths::{ADOPTION_RECOMMENDATION, AGREEMENT_ADOPTION, AGREEMENT_CONSULTATION};
use crate::kit::paths::{CONSULTATION_DEADLINE, CONSULTATION_SEND};
use crate::kit::{
    Access, AppState, Error, Field, Form, FormFields, FormRoute, FormWriter, Group, Page, PageAt, PageError, Values,
    answer, editor, page, plain, show, today,
};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use samverkan_domain::agreement::checks::recommended_before_deadline;
use samverkan_domain::commands::{NewConsultation, NewDeadline, NewRecommendation};
use samverkan_domain::when::reading_of;
use samverkan_domain::{BodyLevel, Scope, parse_date};
use samverkan_store::{Page as Rows, WriteError};

const SEND: u8 = 0;
const DEADLINE: u8 = 1;
const RECOMMEND: u8 = 2;

/// The three forms, each a GET (the form) and a POST (its submission) at one address.
pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(CONSULTATION_SEND, get(form::<SEND>).post(submit::<SEND>)),
        route(CONSULTATION_DEADLINE, get(form::<DEADLINE>).post(submit::<DEADLINE>)),
        route(ADOPTION_RECOMMENDATION, get(form::<RECOMMEND>).post(submit::<RECOMMEND>)),
    ]
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    Send,
    Deadline,
    Recommend,
}

impl What {
    fn of(code: u8) -> What {
        match code {
            SEND => What::Send,
            DEADLINE => What::Deadline,
            _ => What::Recommend,
        }
    }

    fn path(self) -> &'static str {
        match self {
            What::Send => CONSULTATION_SEND,
            What::Deadline => CONSULTATION_DEADLINE,
            What::Recommend => ADOPTION_RECOMMENDATION,
        }
    }

    /// Where the form leads back to, and where a save goes.
    fn back(self) -> (&'static str, &'static str) {
        match self {
            What::Send | What::Deadline => (AGREEMENT_CONSULTATION, "Tillbaka till remissvaren"),
            What::Recommend => (AGREEMENT_ADOPTION, "Tillbaka till antagandet"),
        }
    }

    fn heading(self) -> &'static str {
        match self {
            What::Send => "Skicka på remiss",
            What::Deadline => "Förläng svarstiden",
            What::Recommend => "Registrera rekommendation",
        }
    }

    fn submit(self) -> &'static str {
        match self {
            What::Send => "Skicka på remiss",
            What::Deadline => "Spara den nya svarsdagen",
            What::Recommend => "Spara rekommendationen",
        }
    }

    fn saved(self) -> &'static str {
        match self {
            What::Send => "Remissen är registrerad som skickad.",
            What::Deadline => "Den nya sista svarsdagen är sparad.",
            What::Recommend => "Rekommendationen är sparad.",
        }
    }

    fn intro(self, t: &Target) -> String {
        let of = t.of();
        let deadline = t.version.consultation.as_ref().and_then(|c| c.deadline);
        match (self, deadline) {
            (What::Send, _) => format!(
                "{of} Mottagarna är de parter som ska svara; alla parter är förvalda. Skickas remissen bara till \
                 kommunerna, kryssa ur regionen."
            ),
            (What::Deadline, Some(d)) => format!("{of} Sista svarsdag är nu {d}. Svar som redan kommit in står kvar."),
            (What::Deadline, None) => format!("{of} Remissen har ingen sista svarsdag ännu."),
            (What::Recommend, Some(d)) => format!("{of} Remissens sista svarsdag är {d}."),
            (What::Recommend, None) => of,
        }
    }

    /// The form's fields: the parties to choose recipients from, the bodies a recommendation may
    /// come from, and the confirmation box when its question was asked.
    fn fields(self, choices: &Lists, question: Option<String>) -> Vec<Group> {
        let mut groups = match self {
            What::Send => {
                let mut f = FormFields::of::<NewConsultation>();
                let sent = when(&mut f, "sent_on", "sent_text", "När remissen skickades");
                let recipients = f.take("recipients").choices(choices.parties.clone());
                vec![sent, plain(vec![f.take("deadline"), recipients])]
            }
            What::Deadline => vec![plain(FormFields::of::<NewDeadline>().rest())],
            What::Recommend => {
                let mut f = FormFields::of::<NewRecommendation>();
                let example = "Storsthlms styrelse eller Hälso- och sjukvårdsnämnden";
                let body = register_or_name(&mut f, "body_id", "body_name", choices.bodies.clone(), example);
                vec![
                    Group { legend: Some("Organet som rekommenderar"), hint: None, fields: body },
                    plain(vec![f.take("addressed_to").radios(None)]),
                    when(&mut f, "decided_on", "decided_text", "När rekommendationen beslutades"),
                    plain(vec![f.take("outcome").radios(None)]),
                ]
            }
        };
        if let Some(question) = question {
            groups.push(plain(vec![Field::confirm("Ja, registrera rekommendationen ändå", question)]));
        }
        groups
    }

    /// What a blank form starts from: every party a recipient; the current deadline.
    fn values(self, t: &Target, choices: &Lists) -> Values {
        match self {
            What::Send => Values::from_pairs(choices.parties.iter().map(|(id, _)| ("recipients", Some(id.clone())))),
            What::Deadline => {
                let current = t.version.consultation.as_ref().and_then(|c| c.deadline);
                Values::of([("deadline", current.map(|d| d.to_string()))])
            }
            What::Recommend => Values::default(),
        }
    }

    /// The question a submission must confirm: a recommendation dated before the deadline.
    fn question(self, t: &Target, writer: &FormWriter) -> Option<String> {
        let deadline = t.version.consultation.as_ref().and_then(|c| c.deadline)?;
        if self != What::Recommend {
            return None;
        }
        let day = parse_date(writer.value("decided_on").trim()).ok();
        let words = writer.value("decided_text");
        let words = Some(words.trim()).filter(|w| !w.is_empty());
        let reading = reading_of(day, words)?;
        recommended_before_deadline(deadline, reading.span)
    }

    async fn write(
        self,
        state: &AppState,
        writer: &FormWriter,
        t: &Target,
        lists: &Lists,
        question: Option<String>,
    ) -> Result<i32, WriteError> {
        let fields = named_from_register(writer, "body_id", "body_name", &lists.bodies);
        let (store, actor, input) = (&state.store, writer.actor(), checked_input(writer, fields, question));
        match (self, &t.version.consultation) {
            (What::Send, _) => store.start_consultation(&actor, t.version.id, input).await,
            (What::Deadline, Some(c)) => store.extend_deadline(&actor, c.id, input).await,
            (What::Deadline, None) => Err(WriteError::NotFound),
            (What::Recommend, _) => store.add_recommendation(&actor, t.version.id, input).await,
        }
    }
}

/// What the forms choose from: the parties (recipients) and the county's bodies (who
/// recommends).
struct Lists {
    parties: Vec<(String, String)>,
    bodies: Vec<(String, String)>,
}

impl Lists {
    async fn of(state: &AppState, what: What) -> Result<Lists, Error> {
        let s = &state.store;
        let parties = match what {
            What::Send => {
                s.parties(today(), Rows::ALL).await?.items.into_iter().map(|p| (p.id.to_string(), p.name)).collect()
            }
            _ => Vec::new(),
        };
        let bodies = match what {
            What::Recommend => s
                .bodies(today(), Rows::ALL)
                .await?
                .items
                .into_iter()
                .filter(|b| b.level == BodyLevel::County)
                .map(|b| (b.id.to_string(), b.name))
                .collect(),
            _ => Vec::new(),
        };
        Ok(Lists { parties, bodies })
    }
}

/// The form's target: a version with a consultation for the deadline, one without for sending.
async fn target_of(state: &AppState, what: What, id: &str, query: Option<&str>) -> Result<Target, Error> {
    let t = target(state, id, query).await?;
    if what == What::Deadline && t.version.consultation.is_none() {
        return Err(Error::NotFound);
    }
    Ok(t)
}

fn form_page(what: What, t: &Target) -> Page {
    let (back, label) = what.back();
    page(what.heading(), "overenskommelser", t.address(back), label).intro(what.intro(t))
}

async fn form<const W: u8>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let what = What::of(W);
    let t = target_of(&state, what, &id, query.as_deref()).await?;
    let user = editor(&at, Some(Scope::JOINT))?;
    // Sent already: its page, where the deadline can be extended.
    if what == What::Send && t.version.consultation.is_some() {
        return Ok(Redirect::to(&t.address(AGREEMENT_CONSULTATION)).into_response());
    }
    let lists = Lists::of(&state, what).await?;
    let form = Form::new(t.address(what.path()), &user, what.submit(), what.fields(&lists, None))
        .fill(&what.values(&t, &lists), None);
    show(&state, &at, form_page(what, &t), form, StatusCode::OK)
}

async fn submit<const W: u8>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    RawQuery(query): RawQuery,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let what = What::of(W);
    let t = target_of(&state, what, &id, query.as_deref()).await?;
    let question = what.question(&t, &writer);
    let lists = Lists::of(&state, what).await?;
    let result = what.write(&state, &writer, &t, &lists, question.clone()).await;
    let groups = match result {
        Err(WriteError::Invalid(_)) => what.fields(&lists, question),
        _ => Vec::new(),
    };
    let result = in_words(result, &groups);
    let again = || (form_page(what, &t), Form::new(t.address(what.path()), &writer.user, what.submit(), groups));
    answer(&state, &at, result, |_| t.address(what.back().0), what.saved(), again, &writer)
}
