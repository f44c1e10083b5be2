//! The meetings' pages: an area's meetings (upcoming, and past in parts, newest first), one
//! meeting (its time in Stockholm, place, agenda, the invited with their attendance, the
//! categories missing, minutes, decisions, tasks, how its e-mail fares, its calendar file), the
//! area's participation, and the calendar feeds at their secret addresses.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::local::participation::{Count, format_rate};
use samverkan_store::{AreaParticipation, AreaSummary, Body, MailState, Meeting, MeetingDetail, Page, Paged, When};

use super::common::{area_scope, mailing, may_change, may_change_area};
use crate::kit::{AppState, Error, Layout, PageAt, PageResult, parse_id, paths, query_id, render};

/// How many past meetings one part of the list shows.
const PAST_PART: u64 = 50;

/// A text of several lines as paragraphs, each a list of lines (blank lines part them).
pub(crate) fn paragraphs(text: &Option<String>) -> Vec<Vec<String>> {
    let Some(text) = text else { return Vec::new() };
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.lines().map(str::trim_end).filter(|l| !l.is_empty()).map(str::to_owned).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect()
}

/// An invitation's or a count's figures as one table row reads them.
pub(crate) struct Row {
    pub label: String,
    pub invited: u32,
    pub attended: u32,
    pub unrecorded: u32,
    /// Invitations whose attendance is recorded: what the rate is of.
    pub recorded: u32,
    pub rate: String,
}

impl Row {
    pub(crate) fn of(label: impl Into<String>, c: &Count) -> Row {
        Row {
            label: label.into(),
            invited: c.invited,
            attended: c.attended,
            unrecorded: c.unrecorded,
            recorded: c.invited.saturating_sub(c.unrecorded),
            rate: format_rate(c.rate()),
        }
    }
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage {
    layout: Layout,
    summary: AreaSummary,
    bodies: Vec<Body>,
    body: Option<Body>,
    upcoming: Paged<Meeting>,
    past: Paged<Meeting>,
    /// Where the newer and older parts of the past meetings are.
    newer: Option<String>,
    older: Option<String>,
    /// The feed's address, for signed-in users, once it has been made.
    feed: Option<String>,
    signed_in: bool,
    can_change: bool,
}

/// `/omraden/{id}/moten`: the area's meetings (`?organ=` one body's), upcoming and past.
pub(super) async fn area_meetings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    at: PageAt,
) -> PageResult {
    let id = parse_id(&id)?;
    let s = &state.store;
    let summary = s.area(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let bodies = s.bodies_of_area(id, at.0.date).await?;
    let body = match query_id(&query, "organ") {
        Some(b) => Some(bodies.iter().find(|x| x.id == b).cloned().ok_or(Error::NotFound)?),
        None => None,
    };
    let body_id = body.as_ref().map(|b| b.id);
    let part = query_id(&query, "sida").map_or(1, |n| u64::try_from(n).unwrap_or(1));
    let upcoming = s.area_meetings(id, body_id, When::Upcoming, Page::first(100)).await?;
    let past_page = Page { limit: Some(PAST_PART), offset: (part - 1) * PAST_PART, cursor: None };
    let past = s.area_meetings(id, body_id, When::Past, past_page).await?;
    if part > 1 && past.items.is_empty() {
        return Err(Error::NotFound.into());
    }
    let address = |n: u64| {
        let mut q: Vec<String> = body_id.map(|b| format!("organ={b}")).into_iter().collect();
        if n > 1 {
            q.push(format!("sida={n}"));
        }
        crate::kit::layout::with_query(&paths::area_meetings(id), &q) + "#tidigare"
    };
    let newer = (part > 1).then(|| address(part - 1));
    let older = (part * PAST_PART < past.total).then(|| address(part + 1));
    let signed_in = at.1.is_some();
    let feed = if signed_in {
        s.calendar_feed(id, body_id)
            .await?
            .map(|secret| format!("{}{}", state.settings.public_url.origin(), paths::calendar_feed(&secret)))
    } else {
        None
    };
    let title = match &body {
        Some(b) => format!("Möten i {}", b.name),
        None => format!("Nätverksmöten i {}", summary.area.name),
    };
    let page = MeetingsPage {
        layout: Layout::new(&state, title, "omraden", &at),
        can_change: may_change_area(&state, &at, id).await?,
        summary,
        bodies,
        body,
        upcoming,
        past,
        newer,
        older,
        feed,
        signed_in,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    layout: Layout,
    detail: MeetingDetail,
    signed_in: bool,
    can_change: bool,
    /// The outbox's messages of the meeting, for those who may change it.
    mail: Vec<MailState>,
}

impl MeetingPage {
    fn agenda(&self) -> Vec<Vec<String>> {
        paragraphs(&self.detail.meeting.agenda)
    }

    fn minutes(&self) -> Vec<Vec<String>> {
        paragraphs(&self.detail.meeting.minutes)
    }

    fn decisions(&self) -> Vec<Vec<String>> {
        paragraphs(&self.detail.meeting.decisions)
    }

    fn when(&self) -> String {
        super::common::when(&self.detail.meeting)
    }

    fn ics(&self) -> String {
        format!("/api/v1/meetings/{}/ics", self.detail.meeting.id)
    }

    fn unrecorded(&self) -> bool {
        self.detail.invited.iter().any(|i| i.attendance.is_none())
    }
}

/// An outbox message's state in Swedish.
pub(crate) fn mail_state(state: &str) -> &'static str {
    match state {
        "sent" => "Skickat",
        "failed" => "Misslyckades",
        _ => "Väntar på att skickas",
    }
}

/// `/moten/{id}`.
pub(super) async fn meeting(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let detail = state.store.meeting(id).await?.ok_or(Error::NotFound)?;
    let can_change = may_change(&at, area_scope(&state, detail.meeting.area.id).await?);
    let mail = if can_change { state.store.meeting_mail(id).await? } else { Vec::new() };
    let m = &detail.meeting;
    let title = format!("{} {}", m.title, m.starts.day());
    let page = MeetingPage {
        layout: Layout::new(&state, title, "omraden", &at),
        signed_in: at.1.is_some(),
        can_change,
        mail,
        detail,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "participation.html")]
struct ParticipationPage {
    layout: Layout,
    summary: AreaSummary,
    p: AreaParticipation,
    total: Row,
    sectors: Vec<Row>,
    categories: Vec<Row>,
    months: Vec<Row>,
    can_change: bool,
}

/// `/omraden/{id}/deltagande`.
pub(super) async fn participation(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let summary = state.store.area(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let p = state.store.area_participation(id).await?;
    let sectors = Sector::ALL.iter().filter_map(|s| p.year.by_sector.get(s).map(|c| Row::of(s.label(), c))).collect();
    let categories =
        ServiceCategory::ALL.iter().filter_map(|c| p.year.by_category.get(c).map(|n| Row::of(c.label(), n))).collect();
    let months = p.months.iter().rev().map(|(m, c)| Row::of(m.format("%Y-%m").to_string(), c)).collect();
    let page = ParticipationPage {
        layout: Layout::new(&state, format!("Deltagande i {}", summary.area.name), "omraden", &at),
        total: Row::of("Alla", &p.year.total),
        can_change: may_change_area(&state, &at, id).await?,
        summary,
        sectors,
        categories,
        months,
        p,
    };
    Ok(render(&page)?)
}

/// The category labels of a list, joined: "Vårdcentral, Elevhälsa".
pub(crate) fn labels(categories: &[ServiceCategory]) -> String {
    categories.iter().map(|c| c.label()).collect::<Vec<_>>().join(", ")
}

/// `/kalender/{secret}.ics`: a feed as `text/calendar`; an unknown secret, or one renewed away,
/// is not found.
pub(super) async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(secret) = file.strip_suffix(".ics").filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit()))
    else {
        return (StatusCode::NOT_FOUND, "Finns inte").into_response();
    };
    match state.store.feed_ics(secret, &mailing(&state)).await {
        Ok(Some(ics)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                // A renewed address must stop working at once, in every cache too: they ask
                // again each time (the renewal is a write, so the tag changes and the old
                // address answers 404).
                (header::CACHE_CONTROL, "no-cache"),
            ],
            ics,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "Finns inte").into_response(),
        Err(e) => Error::from(e).into_response(),
    }
}
