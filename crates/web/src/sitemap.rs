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
    Router::new().route(paths::SITEMAP, get(sitemap))
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
    let ids = s.record_ids(today).await?;
    paths.extend(ids.parties.iter().map(paths::party));
    // Each party's organisations: the list its page links to.
    paths.extend(ids.parties.iter().map(|id| format!("{}?{}={id}", paths::ORGANISATIONS, PagePartyFilter::PARAM)));
    paths.extend(ids.areas.iter().map(paths::area));
    // Each area's actor map (issue 14).
    paths.extend(ids.areas.iter().map(paths::area_actors));
    paths.extend(ids.bodies.iter().map(paths::body));
    paths.extend(ids.functions.iter().map(paths::function));
    paths.extend(ids.organisations.iter().map(paths::organisation));
    paths.extend(ids.sub_regions.iter().map(paths::sub_region));
    // The agreements: the list, and each agreement's page, consultation matrix and adoption view.
    paths.extend(crate::agreements::pages::sitemap_paths(&state).await?);
    paths.extend(crate::agreements::memo::sitemap_paths(&state).await?);
    // Each area's meetings and participation, and a few of its meetings.
    paths.extend(crate::meetings::sitemap_paths(&state).await?);
    paths.extend(crate::plans::sitemap_paths(&state).await?);
    let page = Sitemap { urls: paths.into_iter().map(|p| format!("{origin}{p}")).collect() };
    let xml = page.render().map_err(|e| Error::Internal(format!("template: {e}")))?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap {
    urls: Vec<String>,
}
