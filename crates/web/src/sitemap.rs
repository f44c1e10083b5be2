//! `/sitemap.xml`: every page the server can show today, from the features' own lists of their
//! pages (the browser suite walks it, so a new page is checked the day it appears).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::kit::error::Error;
use crate::kit::layout::Pager;
use crate::kit::params::{PagePartyFilter, today};
use crate::kit::paths;
use crate::kit::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/sitemap.xml", get(sitemap))
}

/// Every page the server can show today: the index pages and each record's page, as absolute
/// URLs on the public URL (`--public-url`), never on the request's `Host`, which the client chooses.
async fn sitemap(State(state): State<AppState>) -> Result<axum::response::Response, Error> {
    use axum::response::IntoResponse;
    let today = today();
    let s = &state.store;
    let origin = state.settings.public_url.origin();
    let mut paths: Vec<String> = paths::INDEX_PAGES.iter().map(|p| (*p).to_owned()).collect();
    // The further pages of the paged lists, so the browser suite sees a pager too.
    let counts = s.counts(today).await?;
    for (list, total) in [
        (paths::PARTIES, counts.parties),
        (paths::AREAS, counts.areas),
        (paths::BODIES, counts.bodies),
        (paths::ORGANISATIONS, counts.organisations),
    ] {
        paths.extend((2..=Pager::page_count(total)).map(|n| format!("{list}?sida={n}")));
    }
    let [parties_prefix, areas_prefix, bodies_prefix, functions_prefix, organisations_prefix, sub_regions_prefix] =
        paths::RECORD_PAGES;
    let ids = s.record_ids(today).await?;
    paths.extend(ids.parties.iter().map(|id| format!("{parties_prefix}/{id}")));
    // Each party's organisations: the list its page links to.
    paths.extend(ids.parties.iter().map(|id| format!("{}?{}={id}", paths::ORGANISATIONS, PagePartyFilter::PARAM)));
    paths.extend(ids.areas.iter().map(|id| format!("{areas_prefix}/{id}")));
    paths.extend(ids.bodies.iter().map(|id| format!("{bodies_prefix}/{id}")));
    paths.extend(ids.functions.iter().map(|id| format!("{functions_prefix}/{id}")));
    paths.extend(ids.organisations.iter().map(|id| format!("{organisations_prefix}/{id}")));
    paths.extend(ids.sub_regions.iter().map(|id| format!("{sub_regions_prefix}/{id}")));
    // The agreements: the list, and each agreement's page, consultation matrix and adoption view.
    paths.extend(crate::agreements::pages::sitemap_paths(&state).await?);
    paths.extend(crate::agreements::memo::sitemap_paths(&state).await?);
    let page = Sitemap { urls: paths.into_iter().map(|p| format!("{origin}{p}")).collect() };
    let xml = page.render().map_err(|e| Error::Internal(format!("template: {e}")))?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap {
    urls: Vec<String>,
}
