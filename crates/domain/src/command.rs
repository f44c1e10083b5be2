//! Typed commands: a write's fields described once.
//!
//! A command is the checked content of one write (a person's contact details, a new function,
//! a handover). It is declared once with [`command!`]: each field's name, type and Swedish
//! label, and its description in a doc comment. From that one declaration come
//!
//! - reading a submission into the command ([`Command::read`]; a command that exists is valid:
//!   its fields are [`crate::values::Name`]s, [`crate::values::Email`]s and [`Period`]s, not
//!   strings to be checked later),
//! - the fields' description ([`Command::fields`]), which `web` turns into the API's request
//!   schema and the form's fields,
//! - the values a stored record's form is filled with ([`Command::values`]), and
//! - the columns the store writes ([`Command::cells`]) and reads back ([`Command::from_cells`]):
//!   a field's name is its column's. A list ([`crate::values::Codes`], [`crate::values::Ids`])
//!   is no column: the store keeps it in a table of its own.
//!
//! So adding a field to a record is its column (migration and entity) and one line here.
//! Rules across fields and records (a period's holders, who may hold a function) stay with their
//! subjects and run after the command is read.

use chrono::NaiveDate;

use crate::edit::{Input, Reported};
use crate::kinds::Kind;
use crate::period::Period;

/// What a reader answers: the value, or an error already recorded in the [`Input`].
pub type Read<T> = Result<T, Reported>;

/// How a field is shown and described: the API's schema and the form's input follow from it.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// One line of text, at most `max` characters.
    Line {
        max: usize,
    },
    /// Free text over several lines, at most `max` characters.
    Paragraph {
        max: usize,
    },
    Email,
    Phone,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// The id of a record (a positive integer).
    Id,
    /// A whole number from `min` to `max`.
    Integer {
        min: i32,
        max: i32,
    },
    /// One of a kind's codes, with their Swedish labels (see [`crate::kinds`]).
    Code {
        choices: fn() -> Vec<(&'static str, &'static str)>,
    },
    /// A list of codes, each at most once ([`crate::values::Codes`]); a required list names at
    /// least one.
    Codes {
        choices: fn() -> Vec<(&'static str, &'static str)>,
    },
    /// A list of record ids, each at most once ([`crate::values::Ids`]).
    Ids,
    /// Yes or no: a JSON `true` or `false`, a form's checkbox.
    Bool,
    /// A time of day on a date in Europe/Stockholm, as a `datetime-local` field sends it
    /// (`2026-03-28T09:00`).
    LocalTime,
}

/// One field of a command, as a form and the API's description show it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The field's name in a form, in JSON and as a column.
    pub name: &'static str,
    /// Its Swedish label on a form.
    pub label: &'static str,
    /// Its description in the API: the doc comment of its declaration, one line per line (each
    /// with the space after `///`); may be empty.
    pub doc: &'static str,
    pub shape: Shape,
    pub required: bool,
    /// A Swedish hint shown under the label, if any.
    pub hint: Option<&'static str>,
}

/// A value as a column holds it. A value left out is a typed null ([`Cell::Text`]`(None)`…), as
/// databases bind one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(Option<String>),
    Date(Option<NaiveDate>),
    Int(Option<i32>),
}

/// One field's value: read from a submission, described, shown in a form, stored in a column.
/// `Option<T>` is the same field left optional.
pub trait Value: Sized {
    const SHAPE: Shape;
    /// What a required field that was left out is told.
    const MISSING: &'static str = crate::edit::REQUIRED;
    /// Reads the field, recording an error in `input` if it is wrong; `None` when left out.
    fn read(input: &mut Input, field: &str) -> Read<Option<Self>>;
    /// The value as a form shows it.
    fn text(&self) -> String;
    fn cell(&self) -> Cell;
    /// The cell of a value left out, typed as this value's column is.
    fn null() -> Cell;
    /// A stored value back (stored data was read through [`Value::read`] when written).
    fn from_cell(cell: Cell) -> Option<Option<Self>>;
}

/// Every kind's code is a field's value: a select list of its labels on a form, an `enum` in
/// the API.
impl<K: Kind> Value for K {
    const SHAPE: Shape = Shape::Code { choices: || K::ALL.iter().map(|k| (k.code(), k.label())).collect() };
    const MISSING: &'static str = "måste väljas";

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        input.optional_kind(field, K::parse)
    }

    fn text(&self) -> String {
        self.code().to_owned()
    }

    fn cell(&self) -> Cell {
        Cell::Text(Some(self.code().to_owned()))
    }

    fn null() -> Cell {
        Cell::Text(None)
    }

    fn from_cell(cell: Cell) -> Option<Option<Self>> {
        match cell {
            Cell::Text(None) => Some(None),
            Cell::Text(Some(code)) => K::parse(&code).ok().map(Some),
            _ => None,
        }
    }
}

/// A part of a command: one field (a [`Value`] or an optional one), or several read together
/// (a [`Period`]'s two dates, or a command inside another).
pub trait Part: Sized {
    /// The part's fields, as `declared`.
    fn specs(declared: Declared) -> Vec<FieldSpec>;
    fn read_part(input: &mut Input, name: &'static str) -> Read<Self>;
    fn push_values(&self, name: &'static str, out: &mut Vec<(&'static str, Option<String>)>);
    fn push_cells(&self, name: &'static str, out: &mut Vec<(&'static str, Cell)>);
    fn take_cells(name: &'static str, get: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self>;
}

/// What a command's declaration says of one part: its name, label, description and hint.
#[derive(Debug, Clone, Copy)]
pub struct Declared {
    pub name: &'static str,
    pub label: &'static str,
    pub doc: &'static str,
    pub hint: Option<&'static str>,
}

fn spec<V: Value>(d: Declared, required: bool) -> FieldSpec {
    FieldSpec { name: d.name, label: d.label, doc: d.doc, shape: V::SHAPE, required, hint: d.hint }
}

impl<V: Value> Part for V {
    fn specs(declared: Declared) -> Vec<FieldSpec> {
        vec![spec::<V>(declared, true)]
    }

    fn read_part(input: &mut Input, name: &'static str) -> Read<Self> {
        match V::read(input, name)? {
            Some(v) => Ok(v),
            None => {
                input.reject(name, V::MISSING);
                Err(Reported)
            }
        }
    }

    fn push_values(&self, name: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
        out.push((name, Some(self.text())));
    }

    fn push_cells(&self, name: &'static str, out: &mut Vec<(&'static str, Cell)>) {
        out.push((name, self.cell()));
    }

    fn take_cells(name: &'static str, get: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self> {
        V::from_cell(get(name)?)?
    }
}

impl<V: Value> Part for Option<V> {
    fn specs(declared: Declared) -> Vec<FieldSpec> {
        vec![spec::<V>(declared, false)]
    }

    fn read_part(input: &mut Input, name: &'static str) -> Read<Self> {
        V::read(input, name)
    }

    fn push_values(&self, name: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
        out.push((name, self.as_ref().map(V::text)));
    }

    fn push_cells(&self, name: &'static str, out: &mut Vec<(&'static str, Cell)>) {
        out.push((name, self.as_ref().map_or_else(V::null, V::cell)));
    }

    fn take_cells(name: &'static str, get: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self> {
        V::from_cell(get(name)?)
    }
}

/// A period's two fields, `valid_from` and `valid_to`, whatever the part is called; either may
/// be left out (an unknown start, an open end).
impl Part for Period {
    fn specs(_: Declared) -> Vec<FieldSpec> {
        vec![
            FieldSpec {
                name: "valid_from",
                label: "Giltig från",
                doc: "The first day; left out when it is not known (it then counts on every date up to the last day).",
                shape: Shape::Date,
                required: false,
                hint: Some("Lämna tomt om startdagen inte är känd."),
            },
            FieldSpec {
                name: "valid_to",
                label: "Giltig till",
                doc: "The last day; left out while it lasts.",
                shape: Shape::Date,
                required: false,
                hint: Some("Lämna tomt om det gäller tills vidare."),
            },
        ]
    }

    fn read_part(input: &mut Input, _: &'static str) -> Read<Self> {
        input.period("valid_from", "valid_to")
    }

    fn push_values(&self, _: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
        out.push(("valid_from", self.from().map(|d| d.to_string())));
        out.push(("valid_to", self.to().map(|d| d.to_string())));
    }

    fn push_cells(&self, _: &'static str, out: &mut Vec<(&'static str, Cell)>) {
        out.push(("valid_from", Cell::Date(self.from())));
        out.push(("valid_to", Cell::Date(self.to())));
    }

    fn take_cells(_: &'static str, get: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self> {
        let (Cell::Date(from), Cell::Date(to)) = (get("valid_from")?, get("valid_to")?) else { return None };
        Period::starting(from, to).ok()
    }
}

/// A write's checked content, declared with [`command!`].
pub trait Command: Sized {
    /// What the command is, for the API (its declaration's doc comment, one line per line).
    fn description() -> &'static str;
    /// Every field, in the order a form shows them.
    fn fields() -> Vec<FieldSpec>;
    /// Reads every field, recording each wrong one in `input` (so all are reported at once).
    /// The caller runs its rules across fields, then [`Input::finish`].
    fn read(input: &mut Input) -> Read<Self>;
    /// The values a form of the stored command shows.
    fn values(&self) -> Vec<(&'static str, Option<String>)>;
    /// The columns the command is stored in, by name.
    fn cells(&self) -> Vec<(&'static str, Cell)>;
    /// The command back from its stored columns; `None` if one is missing or of another type.
    fn from_cells(get: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self>;
}

/// Declares a command: a struct of [`Part`]s, each with its Swedish label (a [`Period`]
/// or another command brings its own), its API description as a doc comment and, if a form
/// should say more than the label, a `#[hint = "…"]`.
///
/// ```
/// samverkan_domain::command! {
///     /// A note.
///     pub struct Note {
///         /// What the note says.
///         text: samverkan_domain::values::Name = "Anteckning",
///         period: samverkan_domain::Period,
///     }
/// }
/// ```
#[macro_export]
macro_rules! command {
    (
        $(#[doc = $sdoc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $(#[hint = $hint:literal])?
                $field:ident : $ty:ty $(= $label:literal)?
            ),+ $(,)?
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            $( $(#[doc = $doc])* pub $field: $ty, )+
        }

        impl $crate::command::Command for $name {
            fn description() -> &'static str {
                concat!("" $(, $sdoc, "\n")*)
            }

            fn fields() -> Vec<$crate::command::FieldSpec> {
                let mut out = Vec::new();
                $( out.extend(<$ty as $crate::command::Part>::specs($crate::command::Declared {
                    name: stringify!($field),
                    label: concat!("" $(, $label)?),
                    doc: concat!("" $(, $doc, "\n")*),
                    hint: None $(.or(Some($hint)))?,
                })); )+
                out
            }

            fn read(input: &mut $crate::edit::Input) -> $crate::command::Read<Self> {
                $( let $field = <$ty as $crate::command::Part>::read_part(input, stringify!($field)); )+
                Ok($name { $( $field: $field?, )+ })
            }

            fn values(&self) -> Vec<(&'static str, Option<String>)> {
                let mut out = Vec::new();
                $( $crate::command::Part::push_values(&self.$field, stringify!($field), &mut out); )+
                out
            }

            fn cells(&self) -> Vec<(&'static str, $crate::command::Cell)> {
                let mut out = Vec::new();
                $( $crate::command::Part::push_cells(&self.$field, stringify!($field), &mut out); )+
                out
            }

            fn from_cells(
                get: &mut dyn FnMut(&'static str) -> Option<$crate::command::Cell>,
            ) -> Option<Self> {
                Some($name { $( $field: <$ty as $crate::command::Part>::take_cells(stringify!($field), get)?, )+ })
            }
        }

        /// A command inside another brings its own fields.
        impl $crate::command::Part for $name {
            fn specs(_: $crate::command::Declared) -> Vec<$crate::command::FieldSpec> {
                <$name as $crate::command::Command>::fields()
            }

            fn read_part(input: &mut $crate::edit::Input, _: &'static str) -> $crate::command::Read<Self> {
                <$name as $crate::command::Command>::read(input)
            }

            fn push_values(&self, _: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
                out.extend($crate::command::Command::values(self));
            }

            fn push_cells(&self, _: &'static str, out: &mut Vec<(&'static str, $crate::command::Cell)>) {
                out.extend($crate::command::Command::cells(self));
            }

            fn take_cells(
                _: &'static str,
                get: &mut dyn FnMut(&'static str) -> Option<$crate::command::Cell>,
            ) -> Option<Self> {
                <$name as $crate::command::Command>::from_cells(get)
            }
        }
    };
}

#[cfg(test)]
mod tests;
