//! The values a command's fields hold. Each is made only by reading a submission through
//! [`Input`] (every rule for text holds: no personal identity number, no writing-direction
//! controls) or from what was stored that way, so holding one means it was checked.

use chrono::NaiveDate;

use crate::access::normalise_email;
use crate::command::{Cell, Read, Shape, Value};
use crate::edit::{Input, NAME_MAX, TEXT_MAX};

macro_rules! text_value {
    ($(#[$meta:meta])* $name:ident, $shape:expr, |$input:ident, $field:ident| $read:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl Value for $name {
            const SHAPE: Shape = $shape;

            fn read($input: &mut Input, $field: &str) -> Read<Option<Self>> {
                Ok($read?.map($name))
            }

            fn text(&self) -> String {
                self.0.clone()
            }

            fn cell(&self) -> Cell {
                Cell::Text(Some(self.0.clone()))
            }

            fn null() -> Cell {
                Cell::Text(None)
            }

            fn from_cell(cell: Cell) -> Option<Option<Self>> {
                match cell {
                    Cell::Text(v) => Some(v.map($name)),
                    _ => None,
                }
            }
        }
    };
}

text_value!(
    /// Free text (a description, a mandate): at most [`TEXT_MAX`] characters, lines allowed.
    Text,
    Shape::Paragraph { max: TEXT_MAX },
    |input, field| input.optional_text(field, TEXT_MAX)
);

text_value!(
    /// An e-mail address, normalised as accounts' are ([`normalise_email`]).
    Email,
    Shape::Email,
    |input, field| read_email(input, field)
);

text_value!(
    /// A telephone number ([`Input::optional_phone`]).
    Phone,
    Shape::Phone,
    |input, field| input.optional_phone(field)
);

/// One line of text, at most `MAX` characters: a name, a title, a short name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Line<const MAX: usize>(String);

/// A name or a title: one line, at most [`NAME_MAX`] characters.
pub type Name = Line<NAME_MAX>;

impl<const MAX: usize> Line<MAX> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> std::ops::Deref for Line<MAX> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> From<Line<MAX>> for String {
    fn from(v: Line<MAX>) -> String {
        v.0
    }
}

impl<const MAX: usize> Value for Line<MAX> {
    const SHAPE: Shape = Shape::Line { max: MAX };

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        Ok(input.optional_text(field, MAX)?.map(Line))
    }

    fn text(&self) -> String {
        self.0.clone()
    }

    fn cell(&self) -> Cell {
        Cell::Text(Some(self.0.clone()))
    }

    fn null() -> Cell {
        Cell::Text(None)
    }

    fn from_cell(cell: Cell) -> Option<Option<Self>> {
        match cell {
            Cell::Text(v) => Some(v.map(Line)),
            _ => None,
        }
    }
}

fn read_email(input: &mut Input, field: &str) -> Read<Option<String>> {
    match input.optional_text(field, NAME_MAX)?.map(|v| normalise_email(&v)) {
        None => Ok(None),
        Some(Ok(v)) => Ok(Some(v)),
        Some(Err(message)) => {
            input.reject(field, message);
            Err(crate::edit::Reported)
        }
    }
}

impl Value for NaiveDate {
    const SHAPE: Shape = Shape::Date;
    const MISSING: &'static str = "måste fyllas i (ÅÅÅÅ-MM-DD)";

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        input.optional_date(field)
    }

    fn text(&self) -> String {
        self.to_string()
    }

    fn cell(&self) -> Cell {
        Cell::Date(Some(*self))
    }

    fn null() -> Cell {
        Cell::Date(None)
    }

    fn from_cell(cell: Cell) -> Option<Option<Self>> {
        match cell {
            Cell::Date(v) => Some(v),
            _ => None,
        }
    }
}

/// The id of a related record. Whether it names one is the store's to check (it asks the
/// database), with the message [`crate::edit::no_such`].
impl Value for i32 {
    const SHAPE: Shape = Shape::Id;
    const MISSING: &'static str = "måste anges";

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        input.optional_id(field)
    }

    fn text(&self) -> String {
        self.to_string()
    }

    fn cell(&self) -> Cell {
        Cell::Int(Some(*self))
    }

    fn null() -> Cell {
        Cell::Int(None)
    }

    fn from_cell(cell: Cell) -> Option<Option<Self>> {
        match cell {
            Cell::Int(v) => Some(v),
            _ => None,
        }
    }
}
