//! Importing an actor list (CSV) on the pages, in two steps: the file chosen is read as a dry
//! run, which names every bad row (row, column, what is wrong) or shows what saving would do;
//! the page then carries the file's text in its save form, whose submission imports it for real
//! (read again, all or nothing, so nothing changes between what was shown and what is saved but
//! what others saved meanwhile).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use samverkan_domain::local::actor_csv::{COLUMNS, REQUIRED_COLUMNS, RowError};
use samverkan_store::{AreaSummary, ImportError, ImportReport, Outcome};

use super::pages::local_scope;
use crate::kit::{
    Access, AppState, Error, FormRoute, FormWriter, Layout, PageAt, PageError, editor, paths, render, today,
};

pub fn form_routes() -> Vec<FormRoute> {
    vec![FormRoute { path: paths::AREA_ACTORS_IMPORT, access: Access::Records, methods: get(import_form).post(import) }]
}

/// The field that carries the checked file's text in the save form.
const CSV_FIELD: &str = "csv";

#[derive(Template)]
#[template(path = "actors_import.html")]
struct ImportPage {
    layout: Layout,
    area: AreaSummary,
    csrf: String,
    /// Why nothing could be read at all (no file chosen), if so.
    problem: Option<&'static str>,
    /// Every bad row of the file sent: nothing was saved.
    errors: Vec<RowError>,
    /// What saving the file checked would do, and its text to save it with.
    report: Option<ImportReport>,
    csv: String,
    columns: String,
    required: String,
}

impl ImportPage {
    /// What happens to a row, in words.
    fn outcome(&self, outcome: &Outcome) -> String {
        match outcome {
            Outcome::Created(_) => "Läggs till".to_owned(),
            Outcome::Changed { columns, .. } => format!("Ändras: {}", columns.join(", ")),
            Outcome::Unchanged { .. } => "Oförändrad".to_owned(),
        }
    }

    fn writes(&self) -> bool {
        self.report.as_ref().is_some_and(|r| r.created() + r.changed() > 0)
    }
}

fn import_page(state: &AppState, at: &PageAt, area: AreaSummary, csrf: String) -> ImportPage {
    ImportPage {
        layout: Layout::new(state, format!("Importera aktörer till {}", area.area.name), "omraden", at),
        area,
        csrf,
        problem: None,
        errors: Vec::new(),
        report: None,
        csv: String::new(),
        columns: COLUMNS.join(", "),
        required: REQUIRED_COLUMNS.join(", "),
    }
}

async fn area_of(state: &AppState, id: &str) -> Result<AreaSummary, Error> {
    state.store.area(crate::kit::parse_id(id)?, today()).await?.ok_or(Error::NotFound)
}

async fn import_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let area = area_of(&state, &id).await?;
    let user = editor(&at, Some(local_scope(&area)))?;
    let page = import_page(&state, &at, area, user.csrf_token.clone());
    Ok(render(&page)?.into_response())
}

fn answer(mut page: ImportPage, status: StatusCode) -> Result<Response, PageError> {
    if status != StatusCode::OK {
        page.layout.title = format!("Fel: {}", page.layout.title);
    }
    Ok((status, render(&page)?).into_response())
}

async fn import(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let area = area_of(&state, &id).await?;
    let area_id = area.area.id;
    let mut page = import_page(&state, &at, area, writer.user.csrf_token.clone());
    let saved = writer.fields.iter().find(|(k, _)| k == CSV_FIELD).map(|(_, v)| v.clone());
    let (bytes, dry_run) = match (&writer.file, saved) {
        _ if !writer.extra_files.is_empty() => {
            page.problem = Some("Välj en fil i taget.");
            return answer(page, StatusCode::UNPROCESSABLE_ENTITY);
        }
        (Some(file), _) => (file.bytes.clone(), true),
        (None, Some(text)) => (text.into_bytes(), false),
        (None, None) => {
            page.problem = Some("Välj en CSV-fil att importera.");
            return answer(page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    match state.store.import_actors(&writer.actor(), area_id, &bytes, dry_run).await {
        Ok(report) if report.dry_run => {
            page.csv = String::from_utf8_lossy(&bytes).trim_start_matches('\u{FEFF}').to_owned();
            page.report = Some(report);
            answer(page, StatusCode::OK)
        }
        Ok(report) => {
            let said = format!(
                "Listan är importerad: {} nya, {} ändrade och {} oförändrade aktörer.",
                report.created(),
                report.changed(),
                report.unchanged()
            );
            let to = Redirect::to(&paths::area_actors(area_id)).into_response();
            Ok(crate::kit::saved::say(to, &said, writer.secure))
        }
        Err(ImportError::Rows(errors)) => {
            page.errors = errors;
            answer(page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(ImportError::Write(e)) => Err(PageError(e.into())),
    }
}
