//! A party's records for its archive, downloaded from its page by a process leader: the same
//! BagIt package as `samverkan export` writes (`samverkan_store::Store::export_party`), as a
//! ZIP with the bag's folder at its root. The ZIP is deterministic like the bag (entries sorted,
//! every time 1980-01-01, one mode), so the same data downloads as the same bytes on a day.
//!
//! Only the process leaders: anyone else gets 401 (not signed in) or 403, before anything is
//! read. A GET: it changes no record, but the export is on the party's audit trail (the store
//! writes its event).

use std::io::{Cursor, Write};

use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samverkan_domain::{Scope, parse_date};
use samverkan_store::{Actor, Bag, ExportPeriod, ExportRequest, PERIOD_REVERSED};

use crate::kit::paths::PARTY_ARCHIVE;
use crate::kit::{AppState, Error, PageAt, PageError, editor, parse_id};

/// `Source-Organization` when the operator is not configured: the project's words for a fact
/// not given.
pub const SOURCE_NOT_GIVEN: &str = "uppgift saknas";

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route(PARTY_ARCHIVE, get(party_archive))
}

/// `Bag-Software-Agent`.
pub fn software_agent() -> String {
    format!("samverkan {}", env!("CARGO_PKG_VERSION"))
}

/// The period's days from `fran` and `till` (both optional, both included).
fn period(query: Option<&str>) -> Result<ExportPeriod, Error> {
    let mut period = ExportPeriod::default();
    for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let value = value.trim();
        let day = || parse_date(value).map(Some).map_err(|e| Error::bad_request(&name, e));
        match name.as_ref() {
            "fran" if !value.is_empty() => period.from = day()?,
            "till" if !value.is_empty() => period.to = day()?,
            _ => {}
        }
    }
    if let (Some(from), Some(to)) = (period.from, period.to)
        && to < from
    {
        return Err(Error::bad_request("till", PERIOD_REVERSED));
    }
    Ok(period)
}

/// The bag as a ZIP, its folder at the root.
pub fn zip_of(bag: &Bag) -> Result<Vec<u8>, Error> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let failed = |e: &dyn std::fmt::Display| Error::Internal(format!("zip: {e}"));
    for f in &bag.files {
        zip.start_file(format!("{}/{}", bag.name, f.path), options).map_err(|e| failed(&e))?;
        zip.write_all(&f.bytes).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

async fn party_archive(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    at: PageAt,
) -> Result<Response, PageError> {
    let user = editor(&at, Some(Scope::JOINT))?;
    let id = parse_id(&id)?;
    let period = period(query.as_deref())?;
    let party = state.store.party(id).await?.ok_or(Error::NotFound)?;
    let request = ExportRequest {
        party_code: party.code.clone(),
        period,
        source_organization: state.settings.operator.clone().unwrap_or_else(|| SOURCE_NOT_GIVEN.to_owned()),
        software_agent: software_agent(),
        bagging_date: crate::kit::today(),
    };
    let bag = state.store.export_party(&Actor::from(user.as_ref()), &request).await.map_err(Error::from)?;
    let bytes = zip_of(&bag)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}.zip\"", bag.name)),
        ],
        bytes,
    )
        .into_response())
}
