//! A command's fields (see `samverkan_domain::command`) as the web shows them: the API's request
//! schema ([`schema_of`], [`request_schema!`]) and a form's fields ([`FormFields`]), so a field
//! declared once in `samverkan_domain::commands` is described, shown and read the same way.

use samverkan_domain::command::{Command, FieldSpec, Shape};
use utoipa::openapi::schema::{AdditionalProperties, KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};

use crate::kit::forms::{Field, Values};
use samverkan_store::Choices;

/// A field's description for the API: its doc comment's lines, trimmed.
fn description(spec: &FieldSpec) -> Option<String> {
    let text = spec.doc.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn property(spec: &FieldSpec) -> ObjectBuilder {
    let ty = |t: Type| -> utoipa::openapi::schema::SchemaType {
        if spec.required { t.into() } else { [t, Type::Null].into_iter().collect() }
    };
    let text = |max: usize| {
        let b = ObjectBuilder::new().schema_type(ty(Type::String)).max_length(Some(max));
        if spec.required { b.min_length(Some(1)) } else { b }
    };
    let b = match spec.shape {
        Shape::Line { max } | Shape::Paragraph { max } => text(max),
        // No `format: email`: what counts as an address is `normalise_email`'s, not the RFC's.
        Shape::Email => text(samverkan_domain::edit::NAME_MAX),
        Shape::Phone => text(samverkan_domain::edit::PHONE_MAX),
        Shape::Date => ObjectBuilder::new()
            .schema_type(ty(Type::String))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        Shape::Id => ObjectBuilder::new()
            .schema_type(ty(Type::Integer))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
            .minimum(Some(1)),
        Shape::Code { choices } => {
            let codes: Vec<serde_json::Value> = choices().into_iter().map(|(code, _)| code.into()).collect();
            let codes =
                if spec.required { codes } else { codes.into_iter().chain([serde_json::Value::Null]).collect() };
            ObjectBuilder::new().schema_type(ty(Type::String)).enum_values(Some(codes))
        }
    };
    b.description(description(spec))
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

/// What every date field says under its label.
const DATE_HINT: &str = "Skriv datumet som ÅÅÅÅ-MM-DD.";

fn field(spec: &FieldSpec) -> Field {
    let field = match spec.shape {
        Shape::Line { .. } => Field::text(spec.name, spec.label),
        Shape::Paragraph { .. } => Field::textarea(spec.name, spec.label),
        Shape::Email => Field::new(spec.name, spec.label, "email"),
        Shape::Phone => Field::new(spec.name, spec.label, "tel"),
        Shape::Date => Field::new(spec.name, spec.label, "date"),
        Shape::Id => Field::new(spec.name, spec.label, "number"),
        Shape::Code { choices } => Field::select(
            spec.name,
            spec.label,
            choices().into_iter().map(|(code, label)| (code.to_owned(), label.to_owned())),
        ),
    };
    let field = if spec.required { field.required() } else { field };
    match (spec.hint, spec.shape) {
        (Some(hint), Shape::Date) => field.hint(format!("{hint} {DATE_HINT}")),
        (None, Shape::Date) => field.hint(DATE_HINT),
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
        match self.0.iter().position(|f| f.name == name) {
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
        let f = self.take(name);
        if options.is_empty() {
            return None;
        }
        let select = Field::select(f.name, f.label, options);
        let select = if f.required { select.required() } else { select };
        Some(match f.hint {
            Some(h) => select.hint(h),
            None => select,
        })
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
