//! A command's fields (see `samverkan_domain::command`) as the web shows them: the API's request
//! schema ([`schema_of`], [`request_schema!`]) and a form's fields ([`FormFields`]), so a field
//! declared once in `samverkan_domain::commands` is described, shown and read the same way.

use samverkan_domain::command::{Command, FieldSpec, Shape};
use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};

use crate::kit::forms::{Field, Values};
use samverkan_store::Choices;

/// A field's description for the API: its doc comment's lines, trimmed.
fn description(spec: &FieldSpec) -> Option<String> {
    let text = spec.doc.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The codes of a code field, or of a list's items.
fn codes(choices: fn() -> Vec<(&'static str, &'static str)>) -> Vec<serde_json::Value> {
    choices().into_iter().map(|(code, _)| code.into()).collect()
}

/// A local time as a `datetime-local` field sends it, seconds optional.
const LOCAL_TIME_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$";

/// An id: a positive integer.
fn id() -> ObjectBuilder {
    ObjectBuilder::new().format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32))).minimum(Some(1))
}

/// A field of one value.
fn value(spec: &FieldSpec) -> ObjectBuilder {
    let ty = |t: Type| -> utoipa::openapi::schema::SchemaType {
        if spec.required { t.into() } else { [t, Type::Null].into_iter().collect() }
    };
    let text = |max: usize| {
        let b = ObjectBuilder::new().schema_type(ty(Type::String)).max_length(Some(max));
        if spec.required { b.min_length(Some(1)) } else { b }
    };
    match spec.shape {
        Shape::Line { max } | Shape::Paragraph { max } => text(max),
        // No `format: email`: what counts as an address is `normalise_email`'s, not the RFC's.
        Shape::Email => text(samverkan_domain::edit::NAME_MAX),
        Shape::Phone => text(samverkan_domain::edit::PHONE_MAX),
        Shape::Date => ObjectBuilder::new()
            .schema_type(ty(Type::String))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        Shape::Id => id().schema_type(ty(Type::Integer)),
        Shape::Integer { min, max } => ObjectBuilder::new()
            .schema_type(ty(Type::Integer))
            .minimum(Some(f64::from(min)))
            .maximum(Some(f64::from(max))),
        Shape::Code { choices } => {
            let codes = codes(choices);
            let codes =
                if spec.required { codes } else { codes.into_iter().chain([serde_json::Value::Null]).collect() };
            ObjectBuilder::new().schema_type(ty(Type::String)).enum_values(Some(codes))
        }
        Shape::Bool => ObjectBuilder::new().schema_type(ty(Type::Boolean)),
        // No `format`: OpenAPI's `date-time` carries an offset, a local time has none.
        Shape::LocalTime => ObjectBuilder::new()
            .schema_type(ty(Type::String))
            .pattern(Some(LOCAL_TIME_PATTERN))
            .examples(["2026-03-28T09:00"]),
        // Lists are described by `property`.
        Shape::Codes { .. } | Shape::Ids => ObjectBuilder::new(),
    }
}

/// A field's schema: one value, or a list whose items are each given once (a required list
/// names at least one; a list left out is empty, so it is never null).
fn property(spec: &FieldSpec) -> RefOr<Schema> {
    let items = match spec.shape {
        Shape::Codes { choices } => ObjectBuilder::new().schema_type(Type::String).enum_values(Some(codes(choices))),
        Shape::Ids => id().schema_type(Type::Integer),
        _ => return value(spec).description(description(spec)).into(),
    };
    ArrayBuilder::new()
        .items(items)
        .min_items(spec.required.then_some(1))
        .unique_items(true)
        .description(description(spec))
        .into()
}

/// The request schema of a command: its fields, which are required, and no others (an unknown
/// field is refused, `samverkan_domain::Input::finish`).
pub fn schema_of<C: Command>() -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    let doc = C::description().lines().map(str::trim).collect::<Vec<_>>().join("\n");
    object = object.description(Some(doc.trim().to_owned()).filter(|d| !d.is_empty()));
    for spec in C::fields() {
        if spec.required {
            object = object.required(spec.name);
        }
        object = object.property(spec.name, property(&spec));
    }
    RefOr::T(Schema::Object(object.build()))
}

/// Names a command's request schema for the API's description: `request_schema!(PersonInput =>
/// PersonDetails)` makes `PersonInput` usable as a handler's `request_body`.
macro_rules! request_schema {
    ($($name:ident => $command:ty;)+) => {
        $(
            #[doc = concat!("The request body of `", stringify!($command), "`, for the API's description.")]
            pub struct $name;

            impl utoipa::PartialSchema for $name {
                fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                    $crate::kit::commands::schema_of::<$command>()
                }
            }

            impl utoipa::ToSchema for $name {
                fn name() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(stringify!($name))
                }
            }
        )+
    };
}
pub(crate) use request_schema;

/// A form's fields, made from a command's: the page takes them in the order it shows them and
/// adds what only it knows (a list to choose from, a hint about the page).
pub struct FormFields(Vec<Field>);

/// A kind's codes as a form's options (value, label).
fn options(choices: fn() -> Vec<(&'static str, &'static str)>) -> impl Iterator<Item = (String, String)> {
    choices().into_iter().map(|(code, label)| (code.to_owned(), label.to_owned()))
}

/// What every date field says under its label.
const DATE_HINT: &str = "Skriv datumet som ÅÅÅÅ-MM-DD.";
/// What every local time field says under its label.
const LOCAL_TIME_HINT: &str = "Datum och klockslag i svensk tid, till exempel 2026-03-28T09:00.";

fn field(spec: &FieldSpec) -> Field {
    let field = match spec.shape {
        Shape::Line { .. } => Field::text(spec.name, spec.label),
        Shape::Paragraph { .. } => Field::textarea(spec.name, spec.label),
        Shape::Email => Field::new(spec.name, spec.label, "email"),
        Shape::Phone => Field::new(spec.name, spec.label, "tel"),
        Shape::Date => Field::new(spec.name, spec.label, "date"),
        Shape::Id | Shape::Integer { .. } => Field::new(spec.name, spec.label, "number"),
        Shape::Code { choices } => Field::select(spec.name, spec.label, options(choices)),
        Shape::Codes { choices } => Field::checkboxes(spec.name, spec.label, options(choices)),
        // The records to choose from are the page's to give (as for an id, [`FormFields::choice`]).
        Shape::Ids => Field::checkboxes(spec.name, spec.label, []),
        Shape::Bool => Field::checkboxes(spec.name, spec.label, [("ja".to_owned(), "Ja".to_owned())]),
        Shape::LocalTime => Field::new(spec.name, spec.label, "datetime-local"),
    };
    let field = if spec.required { field.required() } else { field };
    match (spec.hint, spec.shape) {
        (Some(hint), Shape::Date) => field.hint(format!("{hint} {DATE_HINT}")),
        (None, Shape::Date) => field.hint(DATE_HINT),
        (Some(hint), Shape::LocalTime) => field.hint(format!("{hint} {LOCAL_TIME_HINT}")),
        (None, Shape::LocalTime) => field.hint(LOCAL_TIME_HINT),
        (Some(hint), _) => field.hint(hint),
        (None, _) => field,
    }
}

impl FormFields {
    pub fn of<C: Command>() -> FormFields {
        FormFields(C::fields().iter().map(field).collect())
    }

    /// The field called `name`. Asking for one the command does not have is a mistake in the
    /// page's code, found by its first test; the page then shows a field that says so.
    pub fn take(&mut self, name: &'static str) -> Field {
        let found = self.0.iter().position(|f| f.name == name);
        // A mistake in the page's code, not in what anyone typed: the tests (a debug build,
        // which renders every form) stop on it.
        debug_assert!(found.is_some(), "the command has no field {name}");
        match found {
            Some(i) => self.0.remove(i),
            None => Field::text(name, "okänt fält"),
        }
    }

    /// The field called `name` as a choice of related records ([`Field::choice`]), its label and
    /// hint kept.
    pub fn choice(&mut self, name: &'static str, choices: Choices, where_to_find: &str) -> Field {
        let f = self.take(name);
        let mut choice = Field::choice(f.name, f.label, choices, where_to_find);
        if f.required {
            choice = choice.required();
        }
        match (f.hint, choice.hint.take()) {
            (Some(own), Some(how)) => choice.hint(format!("{own} {how}")),
            (own, how) => match own.or(how) {
                Some(h) => choice.hint(h),
                None => choice,
            },
        }
    }

    /// The field called `name` as a select list of `options` (value, label), its label and hint
    /// kept; none when there is nothing to choose.
    pub fn select(&mut self, name: &'static str, options: Vec<(String, String)>) -> Option<Field> {
        if options.is_empty() {
            self.take(name);
            return None;
        }
        Some(self.options(name, options))
    }

    /// The field called `name` as a select list of `options` (value, label), its label and hint
    /// kept, even when there is nothing to choose.
    pub fn options(&mut self, name: &'static str, options: Vec<(String, String)>) -> Field {
        let f = self.take(name);
        let select = Field::select(f.name, f.label, options);
        let select = if f.required { select.required() } else { select };
        match f.hint {
            Some(h) => select.hint(h),
            None => select,
        }
    }

    /// Every field not yet taken, in the command's order.
    pub fn rest(self) -> Vec<Field> {
        self.0
    }
}

impl Values {
    /// The values of a stored command, for its form.
    pub fn of_command(command: &impl Command) -> Values {
        Values::from_pairs(command.values())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use samverkan_domain::Input;
    use samverkan_domain::commands::{AgreementEntry, NewConsultation};
    use serde_json::json;

    use super::*;
    use crate::kit::forms::{Form, plain};

    fn schema<C: Command>() -> serde_json::Value {
        serde_json::to_value(schema_of::<C>()).unwrap()
    }

    /// The request bodies described by hand in the crate's code (outside the kit and tests): a
    /// `ToSchema` struct kept alive with `#[allow(dead_code)]`, as `file: name`.
    fn described_by_hand(file: &str, text: &str) -> Vec<String> {
        let lines: Vec<&str> = text.lines().take_while(|l| !l.trim_start().starts_with("#[cfg(test)]")).collect();
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                continue;
            }
            let next = &lines[i + 1..lines.len().min(i + 4)];
            let kept_alive = next.iter().any(|l| l.contains("#[allow(dead_code)]"));
            let name = next.iter().find_map(|l| l.trim_start().strip_prefix("pub struct "));
            if let (true, Some(name)) = (kept_alive, name) {
                found.push(format!("{file}: {}", name.split([' ', '{', ';']).next().unwrap_or(name)));
            }
        }
        found
    }

    #[test]
    fn every_request_body_is_a_command_not_a_description_by_hand() {
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() { files(&path, out) } else { out.push(path) }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut all = Vec::new();
        files(&src, &mut all);
        let mut found = Vec::new();
        for path in all.iter().filter(|p| !p.starts_with(src.join("kit"))) {
            let name = path.strip_prefix(&src).unwrap().display().to_string();
            found.extend(described_by_hand(&name, &std::fs::read_to_string(path).unwrap()));
        }
        // A file upload is a file, not fields: its multipart description stays by hand.
        found.retain(|f| f != "documents/api.rs: DocumentUpload");
        assert!(found.is_empty(), "request bodies described by hand; declare a command instead:\n{}", found.join("\n"));
        let by_hand = "#[derive(ToSchema, serde::Deserialize)]\n#[allow(dead_code)]\npub struct NoteInput {\n";
        assert_eq!(described_by_hand("x.rs", by_hand), ["x.rs: NoteInput"], "the guard sees one");
    }

    #[test]
    fn a_list_is_an_array_of_unique_items_and_a_required_one_names_at_least_one() {
        let entry = schema::<AgreementEntry>();
        let groups = &entry["properties"]["target_groups"];
        assert_eq!(groups["type"], "array");
        assert_eq!((groups["minItems"].as_u64(), groups["uniqueItems"].as_bool()), (Some(1), Some(true)));
        assert_eq!(
            groups["items"],
            json!({"type": "string", "enum": ["children_and_young_people", "adults", "elderly", "all"]})
        );
        assert!(entry["required"].as_array().unwrap().contains(&json!("target_groups")));
        let models = &entry["properties"]["follow_up_models"];
        assert_eq!((models["type"].as_str(), models.get("minItems")), (Some("array"), None));
        assert!(models["items"]["enum"].as_array().unwrap().contains(&json!("indicators")));
        assert!(!models["items"]["enum"].as_array().unwrap().contains(&json!("training")), "another dimension's");
        let recipients = &schema::<NewConsultation>()["properties"]["recipients"];
        assert_eq!(recipients["items"], json!({"type": "integer", "format": "int32", "minimum": 1}));
        assert_eq!(recipients["uniqueItems"], true);
    }

    #[test]
    fn a_list_of_codes_is_a_group_of_checkboxes_with_the_stored_ones_checked() {
        let mut fields = FormFields::of::<AgreementEntry>();
        let groups = fields.take("target_groups");
        assert_eq!((groups.kind, groups.required, groups.options.len()), ("checkbox", true, 4));
        let models = fields.take("digital_support_models");
        assert!(!models.required && models.options.iter().any(|o| o.value == "digital_sip"));
        let mut input = Input::from_json(json!({
            "title": "Samverkan", "kind": "main", "target_groups": ["adults", "elderly"],
            "digital_support_models": ["digital_sip"]
        }))
        .unwrap();
        let entry = AgreementEntry::read(&mut input).unwrap();
        let form = Form {
            action: String::new(),
            csrf: String::new(),
            submit: "Spara",
            groups: vec![plain(vec![groups, models])],
            summary: Vec::new(),
        }
        .fill(&Values::of_command(&entry), None);
        let checked = |f: &Field| f.options.iter().filter(|o| o.selected).map(|o| o.value.clone()).collect::<Vec<_>>();
        assert_eq!(checked(&form.groups[0].fields[0]), ["adults", "elderly"]);
        assert_eq!(checked(&form.groups[0].fields[1]), ["digital_sip"]);
    }
}
