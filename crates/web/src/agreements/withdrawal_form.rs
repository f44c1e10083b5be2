//! The form through which a party records its withdrawal from a version in force
//! (*uppsägning*) on the pages (`/overenskommelser/{id}/antagande/uppsagning`), on the
//! agreement's latest version or the one `?version=` names: its decision (deciding body, day,
//! paragraph, diary number) and the day it leaves from.
//!
//! Built as the party's other forms are ([`crate::agreements::process_forms`]): a [`FormRoute`],
//! sent through the [`FormWriter`] gate (session and CSRF token), written by the same store
//! function as the API (which authorises, checks and audits), and answered with 422, what was
//! typed kept and a message beside each wrong field, or a 303 back to the adoption view, which
//! then says what was saved. The party list offers only the parties the user may speak for.

use crate::agreements::pages::{chosen_version, detail};
use crate::kit::paths::{self, ADOPTION_WITHDRAWAL, AGREEMENT_ADOPTION};
use crate::kit::{
    Access, AppState, Error, Form, FormFields, FormRoute, FormWriter, Group, Page, PageAt, PageError, Values, answer,
    may, page, plain, show, today,
};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::Scope;
use samverkan_domain::commands::NewWithdrawal;
use samverkan_store::{AgreementSummary, Ref, SessionUser, Version};

/// What the adoption view says after a save.
const SAVED: &str = "Uppsägningen är sparad.";

/// The form: a GET (the form) and a POST (its submission) at one address.
pub fn form_routes() -> Vec<FormRoute> {
    vec![FormRoute { path: ADOPTION_WITHDRAWAL, access: Access::Records, methods: get(form).post(submit) }]
}

/// The form's fields, the party list holding `parties` (shown even when there are none, for a
/// form sent back with its errors).
fn fields(parties: &[Ref]) -> Vec<Group> {
    let mut f = FormFields::of::<NewWithdrawal>();
    let options = parties.iter().map(|p| (p.id.to_string(), p.name.clone())).collect();
    let party = f.options("party_id", options).hint("De parter du får registrera för.");
    vec![
        plain(vec![party, f.take("deciding_body"), f.take("decided_on"), f.take("paragraph"), f.take("diary_number")]),
        Group {
            legend: Some("När parten lämnar överenskommelsen"),
            hint: Some("Överenskommelsen fortsätter att gälla för de andra parterna."),
            fields: vec![f.take("leaves_on")],
        },
    ]
}

/// The agreement and version the form is about, and the `?version=` to keep when one was given.
struct Target {
    agreement: AgreementSummary,
    version: Version,
    query: String,
}

impl Target {
    /// The agreement's page `pattern` (the form, the adoption view) filled in, the version kept.
    fn address(&self, pattern: &str) -> String {
        format!("{}{}", paths::fill(pattern, self.agreement.id), self.query)
    }

    fn page(&self) -> Page {
        let intro = format!(
            "{}, version {}. En part som säger upp en överenskommelse som gäller lämnar den från en dag; \
             den fortsätter att gälla för de andra parterna. Ett nytt beslut ersätter partens tidigare.",
            self.agreement.title, self.version.number
        );
        page("Registrera uppsägning", "overenskommelser", self.address(AGREEMENT_ADOPTION), "Tillbaka till antagandet")
            .intro(intro)
    }
}

async fn target(state: &AppState, id: &str, query: Option<&str>) -> Result<Target, Error> {
    let a = detail(state, id, today()).await?;
    let version = chosen_version(&a, query)?;
    let asked = form_urlencoded::parse(query.unwrap_or("").as_bytes()).any(|(k, v)| k == "version" && !v.is_empty());
    let query = if asked { format!("?version={}", version.id) } else { String::new() };
    Ok(Target { agreement: a.summary, version, query })
}

/// The parties of the version (those that must adopt it) that `user` may record for.
async fn parties_of(state: &AppState, version: &Version, user: &SessionUser) -> Result<Vec<Ref>, Error> {
    let parties = state.store.version_adopters(version.id, today()).await?;
    Ok(parties.into_iter().filter(|p| may(Some(user), Scope::party(p.id))).collect())
}

async fn form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let target = target(&state, &id, query.as_deref()).await?;
    let user = at.1.clone().ok_or(Error::Unauthorized)?;
    let parties = parties_of(&state, &target.version, &user).await?;
    if parties.is_empty() {
        return Err(Error::NotPermitted.into());
    }
    // The party when there is only one.
    let party = match parties.as_slice() {
        [only] => Some(only.id.to_string()),
        _ => None,
    };
    let form = Form::new(target.address(ADOPTION_WITHDRAWAL), &user, "Spara uppsägningen", fields(&parties))
        .fill(&Values::of([("party_id", party)]), None);
    show(&state, &at, target.page(), form, StatusCode::OK)
}

async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    RawQuery(query): RawQuery,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let target = target(&state, &id, query.as_deref()).await?;
    let result = state.store.record_withdrawal(&writer.actor(), target.version.id, writer.input()).await;
    let groups = match result {
        Err(samverkan_store::WriteError::Invalid(_)) => {
            fields(&parties_of(&state, &target.version, &writer.user).await?)
        }
        _ => Vec::new(),
    };
    let again = || {
        let form = Form::new(target.address(ADOPTION_WITHDRAWAL), &writer.user, "Spara uppsägningen", groups);
        (target.page(), form)
    };
    answer(&state, &at, result, |_| target.address(AGREEMENT_ADOPTION), SAVED, again, &writer)
}
