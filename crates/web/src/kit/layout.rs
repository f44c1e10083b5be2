//! The page kit: rendering a template, the layout every page shares (title, menu, the date the
//! page answers for, the signed-in user), the pager of long lists, how a period reads, and the
//! error page.

use std::borrow::Borrow;

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use samverkan_domain::Period;

use crate::kit::error::{Error, PageError};
use crate::kit::params::{PAGE_SIZE, PageAt, PageNumber, today};
use crate::kit::state::AppState;

/// A page's answer: its HTML, or the error page.
pub type PageResult = Result<Html<String>, crate::kit::error::PageError>;

pub fn render(t: &impl Template) -> Result<Html<String>, Error> {
    t.render().map(Html).map_err(|e| Error::Internal(format!("template: {e}")))
}

/// What the layout needs from every page.
pub struct Layout {
    pub title: String,
    /// The menu entry to mark as current.
    pub section: &'static str,
    /// The date the page answers for, and whether the user chose it.
    pub at: NaiveDate,
    pub at_explicit: bool,
    /// The data is synthetic (`samverkan demo-data`): the page says so.
    pub synthetic: bool,
    /// Query parameters (a filter) that the date form and the "today" link keep.
    pub kept: Vec<(&'static str, String)>,
    /// The signed-in user, for the header (and the sign-out form's CSRF token).
    pub user: Option<std::sync::Arc<samverkan_store::SessionUser>>,
    /// What the last save said ("Funktionen är sparad."), shown once at the top.
    pub saved: Option<String>,
}

impl Layout {
    pub fn new(state: &AppState, title: impl Into<String>, section: &'static str, at: &PageAt) -> Self {
        Layout {
            title: title.into(),
            section,
            at: at.0.date,
            at_explicit: at.0.explicit,
            synthetic: state.synthetic,
            kept: Vec::new(),
            user: at.1.clone(),
            saved: at.2.as_ref().map(|s| s.0.clone()),
        }
    }

    /// This page for today: the address without `at`, filters kept.
    pub fn today_href(&self) -> String {
        let query: Vec<String> = self.kept.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("?{}", query.join("&"))
    }

    /// `?at=…` to keep the chosen date on links, or nothing.
    pub fn at_query(&self) -> String {
        if self.at_explicit { format!("?at={}", self.at) } else { String::new() }
    }

    /// The query parameters (`name=value`) that keep this page's date and filters on a link.
    pub fn kept_query(&self) -> Vec<String> {
        let at = self.at_explicit.then(|| format!("at={}", self.at));
        at.into_iter().chain(self.kept.iter().map(|(k, v)| format!("{k}={v}"))).collect()
    }
}

/// `path` with these query parameters, or `path` alone.
pub fn with_query(path: &str, params: &[String]) -> String {
    if params.is_empty() { path.to_owned() } else { format!("{path}?{}", params.join("&")) }
}

/// Where a paged list page is: page `page` of `pages`, over `total` rows, at `path`.
pub struct Pager {
    pub page: u64,
    pub total: u64,
    path: String,
    /// The page's date and filters, kept on the pager's links.
    kept: Vec<String>,
    /// The ids of this page's first and last rows: the cursors of the previous and next page.
    edges: Option<(i32, i32)>,
}

impl Pager {
    /// The pager for `?sida=` over a list of `total` rows; a page past the end is not found.
    pub fn new(path: impl Into<String>, number: PageNumber, total: u64, layout: &Layout) -> Result<Self, Error> {
        if number.number > Self::page_count(total).max(1) {
            return Err(Error::NotFound);
        }
        Ok(Pager { page: number.number, total, path: path.into(), kept: layout.kept_query(), edges: None })
    }

    /// Remembers the ids of the page's first and last row, for the links' cursors.
    pub fn with_rows(mut self, ids: impl DoubleEndedIterator<Item = i32> + Clone) -> Self {
        self.edges = ids.clone().next().zip(ids.last());
        self
    }

    pub fn page_count(total: u64) -> u64 {
        total.div_ceil(PAGE_SIZE)
    }

    pub fn pages(&self) -> u64 {
        Self::page_count(self.total)
    }

    /// The first and last row shown, counted from 1.
    pub fn first_row(&self) -> u64 {
        (self.page - 1) * PAGE_SIZE + 1
    }

    pub fn last_row(&self) -> u64 {
        (self.page * PAGE_SIZE).min(self.total)
    }

    fn href(&self, page: u64, cursor: Option<(&str, i32)>) -> String {
        let mut query = self.kept.clone();
        if page > 1 {
            query.push(format!("sida={page}"));
            query.extend(cursor.map(|(name, id)| format!("{name}={id}")));
        }
        with_query(&self.path, &query)
    }

    pub fn previous(&self) -> Option<String> {
        let cursor = self.edges.map(|(first, _)| (PageNumber::BEFORE, first));
        (self.page > 1).then(|| self.href(self.page - 1, cursor))
    }

    pub fn next(&self) -> Option<String> {
        let cursor = self.edges.map(|(_, last)| (PageNumber::AFTER, last));
        (self.page < self.pages()).then(|| self.href(self.page + 1, cursor))
    }
}

/// A period as Swedish readers write it: `2020-01-01 – 2023-06-30`, or `från 2023-07-01`; a
/// start that is not known is said so (`till 2023-06-30 (startdag: uppgift saknas)`), never
/// given a day.
pub fn period<P: Borrow<Period>>(p: P) -> String {
    let p = p.borrow();
    match (p.from(), p.to()) {
        (Some(from), Some(to)) => format!("{from} – {to}"),
        (Some(from), None) => format!("från {from}"),
        (None, Some(to)) => format!("till {to} (startdag: uppgift saknas)"),
        (None, None) => "tills vidare (startdag: uppgift saknas)".to_owned(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub heading: String,
    pub detail: String,
}

impl ErrorPage {
    pub fn new(heading: &str, detail: &str) -> Self {
        ErrorPage {
            layout: Layout {
                title: heading.to_owned(),
                section: "",
                at: today(),
                at_explicit: false,
                synthetic: false,
                kept: Vec::new(),
                user: None,
                saved: None,
            },
            heading: heading.to_owned(),
            detail: detail.to_owned(),
        }
    }
}

/// A page's error as a page: the status, and the error page in Swedish.
impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let error = self.0;
        error.log();
        let page = ErrorPage::new(error.title(), &error.detail());
        match render(&page) {
            Ok(html) => (error.status(), html).into_response(),
            Err(_) => (error.status(), Html(error.title())).into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use samverkan_domain::Period;

    use super::period;

    #[test]
    fn a_start_that_is_not_known_is_said_so_never_given_a_day() {
        let d = |s: &str| s.parse().unwrap();
        assert_eq!(period(Period::new(d("2020-01-01"), Some(d("2023-06-30"))).unwrap()), "2020-01-01 – 2023-06-30");
        assert_eq!(period(Period::open(d("2023-07-01"))), "från 2023-07-01");
        assert_eq!(period(Period::starting(None, None).unwrap()), "tills vidare (startdag: uppgift saknas)");
        assert_eq!(
            period(Period::starting(None, Some(d("2023-06-30"))).unwrap()),
            "till 2023-06-30 (startdag: uppgift saknas)"
        );
    }
}
