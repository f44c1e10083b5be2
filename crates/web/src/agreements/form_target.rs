//! What the forms on a version's process share, the party's own (answer, decision, preparatory
//! step) and the process leaders' (consultation, deadline, recommendation): the agreement and
//! version a form is about (`?version=`, else the latest), a time given as a day or in words, and
//! the store's messages put in the form's words.

use crate::agreements::pages::{chosen_version, detail};
use crate::kit::{AppState, CONFIRM, Error, Field, FormWriter, Group, paths, today};
use samverkan_domain::document::{FILE_FIELD, check_file};
use samverkan_domain::{FieldError, Input, Invalid};
use samverkan_store::{AgreementSummary, DocumentOwner, Version, WriteError};

/// The agreement and version a form is about, and the `?version=` to keep when one was given.
pub(crate) struct Target {
    pub agreement: AgreementSummary,
    pub version: Version,
    pub query: String,
}

impl Target {
    /// The agreement's page `pattern` (the form, the matrix) filled in, with the version kept.
    pub fn address(&self, pattern: &str) -> String {
        format!("{}{}", paths::fill(pattern, self.agreement.id), self.query)
    }

    /// "HÖK, version 2.0."
    pub fn of(&self) -> String {
        format!("{}, version {}.", self.agreement.title, self.version.number)
    }
}

/// The target of a form at `/overenskommelser/{id}/…?version=`.
pub(crate) async fn target(state: &AppState, id: &str, query: Option<&str>) -> Result<Target, Error> {
    let a = detail(state, id, today()).await?;
    let version = chosen_version(&a, query)?;
    let asked = form_urlencoded::parse(query.unwrap_or("").as_bytes()).any(|(k, v)| k == "version" && !v.is_empty());
    let query = if asked { format!("?version={}", version.id) } else { String::new() };
    Ok(Target { agreement: a.summary, version, query })
}

/// A day, or the time in words when no day is known (a command's `DayOrWords`), under one legend.
pub(crate) fn when(
    f: &mut crate::kit::FormFields,
    day: &'static str,
    words: &'static str,
    legend: &'static str,
) -> Group {
    Group {
        legend: Some(legend),
        hint: Some("Ange dagen. Är dagen inte känd: lämna den tom och skriv tiden i ord."),
        fields: vec![f.take(day), f.take(words)],
    }
}

/// The store's messages name other fields by their names (`decided_text`); the form names them
/// by their labels.
pub(crate) fn in_words(result: Result<i32, WriteError>, groups: &[Group]) -> Result<i32, WriteError> {
    let Err(WriteError::Invalid(invalid)) = result else { return result };
    let fields: Vec<&Field> = groups.iter().flat_map(|g| g.fields.iter()).collect();
    let errors = invalid
        .0
        .into_iter()
        .map(|e| {
            let message = fields
                .iter()
                .filter(|f| f.name.contains('_'))
                .fold(e.message.clone(), |m, f| m.replace(f.name, &format!("”{}”", f.label)));
            FieldError::new(&e.field, message)
        })
        .collect();
    Err(WriteError::Invalid(Invalid(errors)))
}

/// The submitted fields, with a body chosen from the register (`id_field`, one of `listed`) and
/// not also typed going by the register's name (`name_field`): the store keeps both.
pub(crate) fn named_from_register(
    writer: &FormWriter,
    id_field: &str,
    name_field: &str,
    listed: &[(String, String)],
) -> Vec<(String, String)> {
    let mut fields = writer.fields.clone();
    if writer.value(name_field).trim().is_empty() {
        let chosen = writer.value(id_field);
        if let Some((_, name)) = listed.iter().find(|(id, _)| *id == chosen.trim()) {
            fields.retain(|(k, _)| k != name_field);
            fields.push((name_field.to_owned(), name.clone()));
        }
    }
    fields
}

/// A body's two fields: the register's list (`id_field`), or its name typed when it is not
/// there (`name_field`, then optional on the form: the list's choice fills it in).
pub(crate) fn register_or_name(
    f: &mut crate::kit::FormFields,
    id_field: &'static str,
    name_field: &'static str,
    listed: Vec<(String, String)>,
    example: &str,
) -> Vec<Field> {
    let mut fields: Vec<Field> = f.select(id_field, listed).into_iter().collect();
    let mut name = f.take(name_field);
    match fields.first_mut() {
        Some(list) => {
            list.label = "Välj i registret";
            name.label = "eller skriv organets namn";
            name.required = false;
            name.hint = Some(format!("Om det inte finns i listan, till exempel {example}."));
        }
        None => name.hint = Some(format!("Till exempel {example}.")),
    }
    fields.push(name);
    fields
}

/// Stores the form's file, if one was chosen, as a document of the record just written (`owner`
/// of its id): the file was checked with the record's fields ([`input_of`]), so only the
/// database can fail here. Answers the record's id, and whether a file came with it.
pub(crate) async fn attach(
    state: &AppState,
    writer: &FormWriter,
    written: Result<i32, WriteError>,
    owner: fn(i32) -> DocumentOwner,
) -> (Result<i32, WriteError>, bool) {
    let (Ok(id), Some(file)) = (&written, writer.file.clone()) else { return (written, false) };
    let empty = Input::from_form(std::iter::empty());
    (state.store.add_document(&writer.actor(), owner(*id), empty, Some(file)).await.map(|_| *id), true)
}

/// A form with a chosen file that comes back (422) comes back without it: a browser cannot be
/// given a file to send again. Its field says so, so that the file is not silently dropped.
pub(crate) fn file_again(result: Result<i32, WriteError>, writer: &FormWriter) -> Result<i32, WriteError> {
    match result {
        Err(WriteError::Invalid(mut invalid)) if writer.file.is_some() && invalid.message(FILE_FIELD).is_none() => {
            invalid.0.push(FieldError::new(FILE_FIELD, FILE_AGAIN));
            Err(WriteError::Invalid(invalid))
        }
        other => other,
    }
}

/// What a file field says when its form comes back ([`file_again`]).
pub(crate) const FILE_AGAIN: &str = "Välj filen igen: en vald fil följer inte med när formuläret visas på nytt.";

/// Whether the form's confirmation box was ticked.
pub(crate) fn confirmed(writer: &FormWriter) -> bool {
    writer.fields.iter().any(|(k, v)| k == CONFIRM && v == "ja")
}

/// The form's fields for the store, with what the store cannot see refused on its field: the
/// file, when one was chosen and is no document we take (or more than one was sent), and the
/// confirmation `question` when it must be asked and the box was not ticked. Refused here, they
/// are told with every other wrong field, and nothing is written.
pub(crate) fn input_of(writer: &FormWriter, question: Option<String>) -> Input {
    checked_input(writer, writer.fields.clone(), question)
}

/// [`input_of`] with `fields` in place of those submitted (a value the form filled in).
pub(crate) fn checked_input(writer: &FormWriter, fields: Vec<(String, String)>, question: Option<String>) -> Input {
    let mut input = Input::from_form(fields);
    if let Some(file) = &writer.file
        && let Err(e) = check_file(&file.file_name, &file.bytes)
    {
        input.reject(&e.field, e.message);
    }
    if !writer.extra_files.is_empty() {
        input.reject(FILE_FIELD, "Skicka en fil i taget.");
    }
    if let Some(question) = question.filter(|_| !confirmed(writer)) {
        input.reject(CONFIRM, question);
    }
    input
}
