//! The forms kit: fields, values and errors of a page's form, drawn by one template
//! (`form_page.html` / `form_body.html`), and the answer to a submission: 303 to the record, or
//! 422 with what was typed kept, a Swedish message beside each wrong field and a summary at the
//! top linking to them. Whether to *show* a form or an edit link is decided with the rule the
//! store applies (`may_change`); the store decides again, for real, when the form is sent.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use samverkan_domain::document::{DOCUMENT_MAX_MIB, FILE_FIELD};
use samverkan_domain::{Input, Invalid, Scope, may_change, may_change_something};
use samverkan_store::{Choices, SessionUser, WriteError};

use crate::kit::error::{Error, PageError};
use crate::kit::layout::{Layout, render};
use crate::kit::params::PageAt;
use crate::kit::params::parse_id;
use crate::kit::permit::FormWriter;
use crate::kit::state::AppState;

/// How many choices a select list may offer; beyond this a form takes an id instead.
pub const MAX_CHOICES: u64 = 200;

// ---- who may change what (to decide what to show) -------------------------------------------

/// Whether the visitor leads the process (may change the joint records: the agreements' registry
/// and process), to show the process leaders' links.
pub fn leads(user: &Option<std::sync::Arc<SessionUser>>) -> bool {
    may(user.as_deref(), Scope::JOINT)
}

/// Whether the visitor may change records in `scope` (false for anonymous visitors).
pub fn may(user: Option<&SessionUser>, scope: Scope) -> bool {
    user.is_some_and(|u| may_change(&u.grants, scope))
}

/// Whether the visitor may record for at least one of `parties` (to show the form's link).
pub fn may_record_for(user: Option<&SessionUser>, parties: impl IntoIterator<Item = i32>) -> bool {
    parties.into_iter().any(|p| may(user, Scope::party(p)))
}

/// The signed-in user who may change records in `scope`: 401 for nobody, 403 for someone whose
/// roles do not cover it.
pub fn editor(at: &PageAt, scope: Option<Scope>) -> Result<std::sync::Arc<SessionUser>, Error> {
    let user = at.1.clone().ok_or(Error::Unauthorized)?;
    let allowed = match scope {
        Some(scope) => may_change(&user.grants, scope),
        None => may_change_something(&user.grants),
    };
    if allowed { Ok(user) } else { Err(Error::NotPermitted) }
}

// ---- forms: fields, values, errors ----------------------------------------------------------

/// One field of a form, ready to render.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<String>,
    /// `select`, `textarea`, `radio` and `checkbox` (a group of them), or an `<input>` type
    /// (`text`, `date`, `number`, `email`, `tel`).
    pub kind: &'static str,
    pub options: Vec<Choice>,
    pub value: String,
    pub error: Option<String>,
    pub required: bool,
    pub autocomplete: Option<&'static str>,
}

/// An option of a select list.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, kind: &'static str) -> Field {
        Field {
            name,
            label,
            hint: None,
            kind,
            options: Vec::new(),
            value: String::new(),
            error: None,
            required: false,
            autocomplete: None,
        }
    }

    pub fn text(name: &'static str, label: &'static str) -> Field {
        Field::new(name, label, "text")
    }

    pub fn textarea(name: &'static str, label: &'static str) -> Field {
        Field::new(name, label, "textarea")
    }

    /// A document to upload with the form (which is then sent as `multipart/form-data`): the
    /// field `file`, which the document checks name ([`FILE_FIELD`]).
    pub fn file(label: &'static str) -> Field {
        Field::new(FILE_FIELD, label, "file").hint(format!(
            "PDF eller ett kontorsformat (Word, Excel, PowerPoint, OpenDocument), högst {DOCUMENT_MAX_MIB} MB."
        ))
    }

    /// A box to tick to confirm what the form says will happen (`confirm=ja`), with the
    /// question as its label's hint.
    pub fn confirm(label: &'static str, question: impl Into<String>) -> Field {
        let mut f = Field::checkboxes(CONFIRM, "Bekräfta", [("ja".to_owned(), label.to_owned())]);
        f.hint = Some(question.into());
        // Required when it is asked: it says so, not "(frivilligt)".
        f.required()
    }

    pub fn select(
        name: &'static str,
        label: &'static str,
        options: impl IntoIterator<Item = (String, String)>,
    ) -> Field {
        Field::new(name, label, "select").choices(options)
    }

    /// The field's options (value, label), its kind kept: a list of records a command declares
    /// as ids, offered as checkboxes.
    pub fn choices(mut self, options: impl IntoIterator<Item = (String, String)>) -> Field {
        self.options = options.into_iter().map(|(value, label)| Choice { value, label, selected: false }).collect();
        self
    }

    /// A list: a checkbox for each of `options` (value, label), each checked one sent.
    pub fn checkboxes(
        name: &'static str,
        label: &'static str,
        options: impl IntoIterator<Item = (String, String)>,
    ) -> Field {
        let mut f = Field::select(name, label, options);
        f.kind = "checkbox";
        f
    }

    /// A related record: a select list when there are few enough, otherwise its id, with a hint
    /// saying where to find it.
    pub fn choice(name: &'static str, label: &'static str, choices: Choices, where_to_find: &str) -> Field {
        match choices {
            Some(list) => Field::select(name, label, list.into_iter().map(|r| (r.id.to_string(), r.name))),
            None => Field::new(name, label, "number")
                .hint(format!("Ange id (ett heltal). Det står sist i adressen till {where_to_find}.")),
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    pub fn autocomplete(mut self, token: &'static str) -> Field {
        self.autocomplete = Some(token);
        self
    }

    /// The element's id: unique on the page (`f-` and the field's name).
    pub fn id(&self) -> String {
        format!("f-{}", self.name)
    }

    /// A kind's select list (a command's code field) as a group of radio buttons; `none` adds a
    /// first choice that sends nothing (the kind is then optional).
    pub fn radios(mut self, none: Option<&str>) -> Field {
        self.kind = "radio";
        if let Some(none) = none {
            self.options.insert(0, Choice { value: String::new(), label: none.to_owned(), selected: false });
            self.required = false;
        }
        self
    }

    /// The id of a radio or checkbox group's choice: the first has the field's own id (where the
    /// error summary's link leads), the others add their value.
    pub fn option_id(&self, index: &usize) -> String {
        match self.options.get(*index) {
            Some(o) if *index > 0 => format!("{}-{}", self.id(), o.value),
            _ => self.id(),
        }
    }

    /// The ids of the hint and the error that describe the field, if any.
    pub fn describedby(&self) -> Option<String> {
        let ids: Vec<String> = [
            self.hint.as_ref().map(|_| format!("{}-hint", self.id())),
            self.error.as_ref().map(|_| format!("{}-error", self.id())),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Fields shown together under a legend (a `<fieldset>`), or on their own.
pub struct Group {
    pub legend: Option<&'static str>,
    pub hint: Option<&'static str>,
    pub fields: Vec<Field>,
}

pub fn plain(fields: Vec<Field>) -> Group {
    Group { legend: None, hint: None, fields }
}

/// An error listed at the top of a form: the field's label and message, linking to the field.
pub struct SummaryItem {
    pub href: Option<String>,
    pub label: String,
    pub message: String,
}

/// A whole form: where it goes, its fields, and the errors of the last submission.
pub struct Form {
    pub action: String,
    pub csrf: String,
    pub submit: &'static str,
    pub groups: Vec<Group>,
    pub summary: Vec<SummaryItem>,
}

/// The values a form shows: the record's, or what was submitted.
#[derive(Default)]
pub struct Values(Vec<(String, String)>);

impl Values {
    pub fn of<const N: usize>(pairs: [(&str, Option<String>); N]) -> Values {
        Values(pairs.into_iter().map(|(k, v)| (k.to_owned(), v.unwrap_or_default())).collect())
    }

    pub fn from_pairs(pairs: impl IntoIterator<Item = (&'static str, Option<String>)>) -> Values {
        Values(pairs.into_iter().map(|(k, v)| (k.to_owned(), v.unwrap_or_default())).collect())
    }

    pub fn get(&self, name: &str) -> String {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Every value of `name` (a list's, each checked checkbox's).
    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// The field of a confirmation box ([`Field::confirm`]).
pub const CONFIRM: &str = "confirm";

impl Form {
    /// Whether the form carries a file (and is sent as `multipart/form-data`).
    pub fn has_file(&self) -> bool {
        self.groups.iter().flat_map(|g| g.fields.iter()).any(|f| f.kind == "file")
    }

    pub fn new(action: String, user: &SessionUser, submit: &'static str, groups: Vec<Group>) -> Form {
        Form { action, csrf: user.csrf_token.clone(), submit, groups, summary: Vec::new() }
    }

    /// Fills in the values, and the errors of a submission that was not accepted.
    pub fn fill(mut self, values: &Values, invalid: Option<&Invalid>) -> Form {
        for field in self.groups.iter_mut().flat_map(|g| g.fields.iter_mut()) {
            field.value = values.get(field.name);
            field.error = invalid.and_then(|i| i.message(field.name)).map(str::to_owned);
            // A select list's value that is none of its options (the codes would mean nothing here).
            if field.kind == "select" && field.error.as_deref().is_some_and(|e| e.starts_with("okänd typ")) {
                field.error = Some("välj ett av alternativen i listan".to_owned());
            }
            let chosen: Vec<&str> = match field.kind {
                "checkbox" => values.all(field.name).collect(),
                _ => vec![field.value.as_str()],
            };
            for option in &mut field.options {
                option.selected = chosen.contains(&option.value.as_str());
            }
            // A date that is not one stays as typed: a date input would show it empty.
            if field.kind == "date" && !field.value.is_empty() && samverkan_domain::parse_date(&field.value).is_err() {
                field.kind = "text";
            }
        }
        if let Some(invalid) = invalid {
            for e in &invalid.0 {
                let field = self.groups.iter().flat_map(|g| g.fields.iter()).find(|f| f.name == e.field);
                self.summary.push(SummaryItem {
                    href: field.map(|f| format!("#{}", f.id())),
                    label: field.map_or_else(String::new, |f| f.label.to_owned()),
                    message: field.and_then(|f| f.error.clone()).unwrap_or_else(|| e.message.clone()),
                });
            }
        }
        self
    }
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    intro: Option<String>,
    form: Form,
    /// Where to go instead: the record's page.
    back: (String, String),
}

/// The page around a form.
pub struct Page {
    heading: String,
    section: &'static str,
    intro: Option<String>,
    back: (String, String),
}

pub fn page(
    heading: impl Into<String>,
    section: &'static str,
    back_href: String,
    back_label: impl Into<String>,
) -> Page {
    Page { heading: heading.into(), section, intro: None, back: (back_href, back_label.into()) }
}

impl Page {
    pub fn intro(mut self, intro: impl Into<String>) -> Page {
        self.intro = Some(intro.into());
        self
    }
}

pub fn show(state: &AppState, at: &PageAt, page: Page, form: Form, status: StatusCode) -> Result<Response, PageError> {
    let title = if form.summary.is_empty() { page.heading.clone() } else { format!("Fel: {}", page.heading) };
    let html = render(&FormPage {
        layout: Layout::new(state, title, page.section, at),
        heading: page.heading,
        intro: page.intro,
        form,
        back: page.back,
    })?;
    Ok((status, html).into_response())
}

/// The answer to a submission: to the record's page when it was saved, which then says `saved`
/// ("Funktionen är sparad."), the form again (422) when fields were not accepted, an error page
/// otherwise.
pub fn answer(
    state: &AppState,
    at: &PageAt,
    result: Result<i32, WriteError>,
    redirect: impl FnOnce(i32) -> String,
    saved: &str,
    again: impl FnOnce() -> (Page, Form),
    writer: &FormWriter,
) -> Result<Response, PageError> {
    match result {
        Ok(id) => Ok(crate::kit::saved::say(Redirect::to(&redirect(id)).into_response(), saved, writer.secure)),
        Err(WriteError::Invalid(invalid)) => {
            let (page, form) = again();
            let form = form.fill(&Values(writer.fields.clone()), Some(&invalid));
            show(state, at, page, form, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(PageError(e.into())),
    }
}

/// The submitted fields with the record's place (a path parameter) added, and any field of that
/// name the form sent dropped: the address decides where a new record goes.
pub fn input_with(writer: &FormWriter, name: &str, value: i32) -> Input {
    let fields = writer.fields.iter().filter(|(k, _)| k != name).cloned();
    Input::from_form(fields.chain([(name.to_owned(), value.to_string())]))
}

/// One query parameter (e.g. `?part=3` to start a new body of a party).
pub fn query_id(query: &Option<String>, name: &str) -> Option<i32> {
    let query = query.as_deref().unwrap_or("");
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).and_then(|(_, v)| parse_id(&v).ok())
}

/// A form embedded in a record's page (the handover form on a function's page, the new member
/// form on a body's page): the same fields as on its own page.
pub fn embedded(action: String, user: &SessionUser, submit: &'static str, groups: Vec<Group>, values: &Values) -> Form {
    Form::new(action, user, submit, groups).fill(values, None)
}
