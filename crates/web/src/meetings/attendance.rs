//! The attendance sheet (*närvaro*): for each invited actor, whether it was present, excused or
//! absent, and who came on its behalf. One form for the whole meeting, which replaces what was
//! recorded before; its own template (`meeting_attendance.html`), a group per actor.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use samverkan_domain::Invalid;
use samverkan_domain::commands::AttendanceSheet;
use samverkan_domain::local::participation::Attendance;
use samverkan_store::{MeetingDetail, WriteError};

use super::common::area_scope;
use crate::kit::layout::Layout;
use crate::kit::{
    Access, AppState, Error, Form, FormRoute, FormWriter, PageAt, PageError, Values, editor, parse_id, paths, render,
};

pub fn form_routes() -> Vec<FormRoute> {
    vec![FormRoute {
        path: paths::MEETING_ATTENDANCE,
        access: Access::Records,
        methods: get(attendance_form).post(record),
    }]
}

/// One choice of an actor's attendance.
pub(crate) struct Option_ {
    pub id: String,
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// One invited actor's group of fields.
pub(crate) struct Row {
    pub service_id: i32,
    pub legend: String,
    pub options: Vec<Option_>,
    pub represented_by: String,
    pub attendance_error: Option<String>,
    pub represented_error: Option<String>,
}

#[derive(Template)]
#[template(path = "meeting_attendance.html")]
struct AttendancePage {
    layout: Layout,
    heading: String,
    form: Form,
    rows: Vec<Row>,
    back: (String, String),
}

fn rows(d: &MeetingDetail, value: impl Fn(&str) -> Option<String>, invalid: Option<&Invalid>) -> Vec<Row> {
    d.invited
        .iter()
        .map(|i| {
            let sid = i.service.id;
            let chosen = value(&format!("attendance-{sid}")).unwrap_or_default();
            let codes = Attendance::ALL.iter().map(|a| (a.code(), a.label())).chain([("", "Inte registrerad")]);
            let options = codes
                .enumerate()
                .map(|(n, (code, label))| Option_ {
                    id: if n == 0 { format!("f-attendance-{sid}") } else { format!("f-attendance-{sid}-{}", n) },
                    value: code,
                    label,
                    checked: chosen == code,
                })
                .collect();
            let message = |field: &str| invalid.and_then(|e| e.message(&format!("{field}-{sid}"))).map(str::to_owned);
            Row {
                service_id: sid,
                legend: format!("{} ({})", i.service.name, i.service.category.label()),
                options,
                represented_by: value(&format!("represented_by-{sid}")).unwrap_or_default(),
                attendance_error: message("attendance"),
                represented_error: message("represented_by"),
            }
        })
        .collect()
}

fn show(
    state: &AppState,
    at: &PageAt,
    user: &samverkan_store::SessionUser,
    d: &MeetingDetail,
    value: impl Fn(&str) -> Option<String>,
    invalid: Option<&Invalid>,
) -> Result<Response, PageError> {
    let m = &d.meeting;
    let mut form = Form::new(paths::meeting_attendance(m.id), user, "Spara närvaron", Vec::new())
        .fill(&Values::default(), invalid);
    if let Some(invalid) = invalid {
        for (item, e) in form.summary.iter_mut().zip(&invalid.0) {
            let (field, sid) = e.field.rsplit_once('-').unwrap_or((e.field.as_str(), ""));
            let name = d.invited.iter().find(|i| i.service.id.to_string() == sid).map(|i| i.service.name.clone());
            item.href = Some(format!("#f-{}", e.field));
            item.label = match (field, name) {
                ("represented_by", Some(n)) => format!("Deltog för {n}"),
                (_, Some(n)) => format!("Närvaro för {n}"),
                _ => String::new(),
            };
        }
    }
    let heading = format!("Närvaro vid {} {}", m.title, m.starts.day());
    let title = if form.summary.is_empty() { heading.clone() } else { format!("Fel: {heading}") };
    let page = AttendancePage {
        layout: Layout::new(state, title, "omraden", at),
        rows: rows(d, value, invalid),
        heading,
        form,
        back: (paths::meeting(m.id), format!("Tillbaka till {}", m.title)),
    };
    let status = if invalid.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)?).into_response())
}

async fn meeting_of(state: &AppState, id: &str) -> Result<MeetingDetail, Error> {
    state.store.meeting(parse_id(id)?).await?.ok_or(Error::NotFound)
}

async fn attendance_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let d = meeting_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, d.meeting.area.id).await?))?;
    let value = |name: &str| {
        let (field, sid) = name.rsplit_once('-')?;
        let i = d.invited.iter().find(|i| i.service.id.to_string() == sid)?;
        match field {
            "attendance" => i.attendance.map(|a| a.code().to_owned()),
            _ => i.represented_by.clone(),
        }
    };
    show(&state, &at, &user, &d, value, None)
}

async fn record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let d = meeting_of(&state, &id).await?;
    let invited: Vec<i32> = d.invited.iter().map(|i| i.service.id).collect();
    let sheet = AttendanceSheet::from_form(&writer.fields, &invited);
    match state.store.record_attendance(&writer.actor(), d.meeting.id, sheet).await {
        Ok(id) => Ok(crate::kit::saved::say(
            Redirect::to(&paths::meeting(id)).into_response(),
            "Närvaron är sparad.",
            writer.secure,
        )),
        Err(WriteError::Invalid(invalid)) => {
            let value = |name: &str| writer.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
            show(&state, &at, &writer.user, &d, value, Some(&invalid))
        }
        Err(e) => Err(PageError(e.into())),
    }
}
