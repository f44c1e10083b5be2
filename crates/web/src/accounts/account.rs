//! One's own account (*Mitt konto*): who one is and with which roles, personal API tokens (made
//! here, shown once, revocable) and changing one's password.
//!
//! A new token is shown in the answer to the form that made it, and nowhere else: not in an
//! address, a cookie or a log, and the answer is marked `no-store` so no cache keeps it.

use std::sync::Arc;

use crate::kit::paths::LOGIN;
use crate::kit::paths::{ACCOUNT, PASSWORD, REVOKE, TOKENS};
use crate::kit::{
    Access, AppState, Credential, Error, FormRoute, FormWriter, Layout, PageAt, PageError, Visitor, render,
};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use samverkan_domain::FieldError;
use samverkan_store::{AccountError, Gate, PASSWORD_MIN, SessionUser, TOKEN_NAME_MAX};
use serde::Deserialize;

/// The account page (a page to read: not a form route).
pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route(ACCOUNT, get(account_page))
}

/// Making and revoking tokens, and changing the password: for the signed-in, on their own account.
pub fn form_routes() -> Vec<FormRoute> {
    vec![
        FormRoute { path: TOKENS, access: Access::SignedIn, methods: post(create_token) },
        FormRoute { path: REVOKE, access: Access::SignedIn, methods: post(revoke_token) },
        FormRoute { path: PASSWORD, access: Access::SignedIn, methods: get(password_form).post(change_password) },
    ]
}

/// A role as shown: its Swedish label and what it is for.
pub struct RoleRow {
    pub label: &'static str,
    pub scope: Option<String>,
}

/// A token as listed: never the token itself.
pub struct TokenRow {
    pub id: i32,
    pub name: String,
    pub created: String,
    pub last_used: Option<String>,
    /// The last day it works, if its owner gave it an end.
    pub expires: Option<String>,
    /// No longer usable: revoked, or past its end.
    pub revoked: bool,
    pub expired: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    email: String,
    csrf: String,
    roles: Vec<RoleRow>,
    tokens: Vec<TokenRow>,
    /// A token just made, shown this once.
    new_token: Option<String>,
    /// What was typed as the new token's name and last day, and why they were not accepted.
    name: String,
    name_error: Option<String>,
    expires: String,
    expires_error: Option<String>,
    /// A confirmation after a change (password changed, token revoked).
    confirmation: Option<&'static str>,
    name_max: usize,
}

/// A moment as a date in Stockholm, `YYYY-MM-DD`.
fn day(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Stockholm).date_naive().format("%Y-%m-%d").to_string()
}

/// The signed-in user of a page request (by session: a bearer token does not open pages).
fn session_user(visitor: Option<&Visitor>) -> Option<Arc<SessionUser>> {
    match visitor {
        Some(Visitor { user: Some(user), credential: Credential::Session }) => Some(user.clone()),
        _ => None,
    }
}

#[derive(Default)]
struct Extra {
    new_token: Option<String>,
    name: String,
    name_error: Option<String>,
    expires: String,
    expires_error: Option<String>,
    confirmation: Option<&'static str>,
}

/// The last day a token works, in Stockholm, as the moment it stops: the next day's start.
fn end_of_day(day: chrono::NaiveDate) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let next = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
    chrono_tz::Europe::Stockholm.from_local_datetime(&next).earliest().map(|t| t.with_timezone(&Utc))
}

/// The optional last day of a new token (`YYYY-MM-DD`, empty for none), as the moment it stops.
pub fn token_expiry(text: &str) -> Result<Option<DateTime<Utc>>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let day = samverkan_domain::parse_date(text).map_err(|e| format!("Sista dagen: {e}"))?;
    end_of_day(day).map(Some).ok_or_else(|| "Sista dagen går inte att använda.".to_owned())
}

/// The day a token's end falls on, as its owner gave it (the last day it works).
fn last_day(end: DateTime<Utc>) -> String {
    day(end - chrono::Duration::seconds(1))
}

async fn account_view(state: &AppState, at: &PageAt, user: &SessionUser, extra: Extra) -> Result<AccountPage, Error> {
    let roles = state
        .store
        .describe_grants(&user.grants)
        .await?
        .into_iter()
        .map(|g| RoleRow { label: g.role.label(), scope: g.party.or(g.area) })
        .collect();
    let tokens = state
        .store
        .api_tokens_of(user.user_id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created: day(t.created_at),
            last_used: t.last_used_at.map(day),
            expires: t.expires_at.map(last_day),
            revoked: t.revoked,
            expired: t.expires_at.is_some_and(|end| end <= Utc::now()),
        })
        .collect();
    Ok(AccountPage {
        layout: Layout::new(state, "Mitt konto", "konto", at),
        email: user.email.clone(),
        csrf: user.csrf_token.clone(),
        roles,
        tokens,
        new_token: extra.new_token,
        name: extra.name,
        name_error: extra.name_error,
        expires: extra.expires,
        expires_error: extra.expires_error,
        confirmation: extra.confirmation,
        name_max: TOKEN_NAME_MAX,
    })
}

#[derive(Deserialize)]
struct AccountQuery {
    /// `klart=losenord` after a password change, `klart=aterkallad` after revoking a token.
    klart: Option<String>,
}

async fn account_page(
    State(state): State<AppState>,
    at: PageAt,
    visitor: Option<axum::Extension<Visitor>>,
    Query(query): Query<AccountQuery>,
) -> Result<Response, PageError> {
    let Some(user) = session_user(visitor.as_deref()) else {
        return Ok(Redirect::to(LOGIN).into_response());
    };
    let confirmation = match query.klart.as_deref() {
        Some("losenord") => Some("Ditt lösenord är ändrat. Du är utloggad överallt utom här."),
        Some("aterkallad") => Some("Nyckeln är återkallad och fungerar inte längre."),
        _ => None,
    };
    let extra = Extra { confirmation, ..Extra::default() };
    let page = account_view(&state, &at, &user, extra).await?;
    Ok(render(&page)?.into_response())
}

async fn create_token(State(state): State<AppState>, at: PageAt, form: FormWriter) -> Result<Response, PageError> {
    let name = form.value("name");
    let expires = form.value("expires");
    let user = form.user.clone();
    let refused = |field: &str, message: String| {
        let mut extra = Extra { name: name.clone(), expires: expires.clone(), ..Extra::default() };
        match field {
            "expires" => extra.expires_error = Some(message),
            _ => extra.name_error = Some(message),
        }
        extra
    };
    let result = match token_expiry(&expires) {
        Ok(expires_at) => {
            state.store.create_api_token_until(user.user_id, &name, expires_at, &form.actor().audit_name).await
        }
        Err(message) => Err(AccountError::Invalid { field: "expires", message }),
    };
    match result {
        Ok((_, token)) => {
            let extra = Extra { new_token: Some(token), ..Extra::default() };
            let page = account_view(&state, &at, &user, extra).await?;
            // Shown this once: no cache, and no way back to it.
            Ok(([(header::CACHE_CONTROL, "no-store")], render(&page)?).into_response())
        }
        Err(AccountError::Invalid { field: field @ ("name" | "expires"), message }) => {
            let page = account_view(&state, &at, &user, refused(field, message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(AccountError::Invalid { field, message }) => {
            Err(PageError(Error::Invalid(samverkan_domain::Invalid::one(field, message))))
        }
        Err(AccountError::Store(e)) => Err(e.into()),
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: FormWriter,
) -> Result<Response, PageError> {
    let id = crate::kit::parse_id(&id).map_err(PageError)?;
    match state.store.revoke_api_token(form.user.user_id, id, &form.actor().audit_name).await {
        Ok(true) => Ok(Redirect::to(&format!("{ACCOUNT}?klart=aterkallad")).into_response()),
        // Another's token is as good as none.
        Ok(false) => Err(PageError(Error::NotFound)),
        Err(AccountError::Invalid { field, message }) => {
            Err(PageError(Error::Invalid(samverkan_domain::Invalid::one(field, message))))
        }
        Err(AccountError::Store(e)) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    layout: Layout,
    csrf: String,
    /// The password was handed out and must be changed before anything else.
    forced: bool,
    /// Every field that was not accepted, in the form's order, for the summary above the form.
    errors: Vec<FieldError>,
    current_error: Option<String>,
    new_error: Option<String>,
    repeat_error: Option<String>,
    min: usize,
}

/// The fields of the password form, in the order they appear.
const PASSWORD_FIELDS: [&str; 3] = ["current_password", "new_password", "repeat_password"];

fn password_page(state: &AppState, at: &PageAt, user: &SessionUser, mut errors: Vec<FieldError>) -> PasswordPage {
    errors.sort_by_key(|e| PASSWORD_FIELDS.iter().position(|f| *f == e.field));
    let message = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message.clone());
    PasswordPage {
        layout: Layout::new(state, "Byt lösenord", "konto", at),
        csrf: user.csrf_token.clone(),
        forced: user.must_change_password,
        current_error: message("current_password"),
        new_error: message("new_password"),
        repeat_error: message("repeat_password"),
        errors,
        min: PASSWORD_MIN,
    }
}

async fn password_form(
    State(state): State<AppState>,
    at: PageAt,
    visitor: Option<axum::Extension<Visitor>>,
) -> Result<Response, PageError> {
    let Some(user) = session_user(visitor.as_deref()) else {
        return Ok(Redirect::to(LOGIN).into_response());
    };
    Ok(render(&password_page(&state, &at, &user, Vec::new()))?.into_response())
}

async fn change_password(
    State(state): State<AppState>,
    at: PageAt,
    headers: axum::http::HeaderMap,
    extensions: axum::http::Extensions,
    form: FormWriter,
) -> Result<Response, PageError> {
    let user = form.user.clone();
    let again = |errors: Vec<FieldError>, status: StatusCode| -> Result<Response, PageError> {
        Ok((status, render(&password_page(&state, &at, &user, errors))?).into_response())
    };
    // Passwords are taken as typed: spaces may be part of them.
    let current = form.fields.iter().find(|(k, _)| k == "current_password").map(|(_, v)| v.as_str()).unwrap_or("");
    let new = form.fields.iter().find(|(k, _)| k == "new_password").map(|(_, v)| v.as_str()).unwrap_or("");
    let repeat = form.fields.iter().find(|(k, _)| k == "repeat_password").map(|(_, v)| v.as_str()).unwrap_or("");
    let mut errors = Vec::new();
    if current.is_empty() {
        errors.push(FieldError::new("current_password", "Skriv ditt nuvarande lösenord."));
    }
    if new.is_empty() {
        errors.push(FieldError::new("new_password", "Skriv ett nytt lösenord."));
    } else if let Err(message) = samverkan_domain::check_new_password(new, &user.email, Some(current)) {
        // The store checks this too; said here as well, so it comes with the other fields' errors.
        errors.push(FieldError::new("new_password", message));
    }
    if repeat != new {
        errors
            .push(FieldError::new("repeat_password", "Lösenorden är inte lika. Skriv det nya lösenordet två gånger."));
    }
    if !errors.is_empty() {
        return again(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Guessing the current password here counts as failed sign-ins do, in the same counters.
    let address = state.settings.client_address(&extensions, &headers);
    let attempt = match state.store.begin_sign_in_attempt(&user.email, &address).await? {
        Gate::Open(attempt) => attempt,
        Gate::Held { retry_after } => {
            let minutes = ((retry_after.num_seconds() + 59) / 60).max(1);
            let unit = if minutes == 1 { "minut" } else { "minuter" };
            let held = FieldError::new(
                "current_password",
                format!("För många felaktiga lösenord. Vänta {minutes} {unit} och försök igen."),
            );
            return again(vec![held], StatusCode::TOO_MANY_REQUESTS);
        }
    };
    let keep = crate::kit::visitor::session_token(&headers);
    match state.store.change_password(user.user_id, current, new, keep.as_deref(), &form.actor().audit_name).await {
        Ok(()) => {
            state.store.sign_in_attempt_succeeded(attempt).await?;
            Ok(Redirect::to(&format!("{ACCOUNT}?klart=losenord")).into_response())
        }
        Err(AccountError::Invalid { field, message }) => {
            // A wrong current password keeps its place in the counters; anything else was
            // found after the current password proved right.
            if field != "current_password" {
                state.store.sign_in_attempt_succeeded(attempt).await?;
            }
            again(vec![FieldError::new(field, message)], StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AccountError::Store(e)) => Err(e.into()),
    }
}
