//! The accessibility statement (*tillgänglighetsredogörelse*) that the law on accessibility of
//! digital public services (2018:1937, DOS-lagen) requires of a public-sector site, with what
//! Digg asks it to hold: the public actor, the service, how far it complies (*helt, delvis eller
//! inte förenlig*), what is not accessible and why, when and how it was assessed, a way to report
//! a problem, and Digg's reporting page. Linked from every page's footer.
//!
//! What it says of the service is kept true by the browser suite (`e2e/`): it fails on any axe
//! violation (WCAG 2.1 A and AA rules) or Nu Html Checker error on every page of the sitemap,
//! which lists this page too. Who runs the service and where to report are the operator's to
//! give (`samverkan serve --operator`, `--accessibility-contact`); until they do, the page says
//! the information is missing rather than inventing it.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::kit::{AppState, Layout, PageAt, PageResult, paths, render};

pub fn router() -> Router<AppState> {
    Router::new().route(paths::ACCESSIBILITY, get(statement))
}

/// The day the service's compliance was last assessed, and the statement last updated.
const ASSESSED_ON: &str = "2026-11-30";

/// Digg's page for reporting a public actor's lacking accessibility.
const DIGG_REPORT: &str = "https://www.digg.se/tdosanmalan";

#[derive(Template)]
#[template(path = "accessibility.html")]
struct StatementPage {
    layout: Layout,
    operator: Option<String>,
    /// `mailto:` or a web address, and how it reads.
    contact: Option<(String, String)>,
    assessed_on: &'static str,
    digg_report: &'static str,
}

async fn statement(State(state): State<AppState>, at: PageAt) -> PageResult {
    let settings = &state.settings;
    let contact = settings.accessibility_contact.as_ref().map(|c| (c.href(), c.text().to_owned()));
    Ok(render(&StatementPage {
        layout: Layout::new(&state, "Tillgänglighetsredogörelse", "", &at),
        operator: settings.operator.clone(),
        contact,
        assessed_on: ASSESSED_ON,
        digg_report: DIGG_REPORT,
    })?)
}
