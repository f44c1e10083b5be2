//! The values a command's fields hold. Each is made only by reading a submission through
//! [`Input`] (every rule for text holds: no personal identity number, no writing-direction
//! controls) or from what was stored that way, so holding one means it was checked.
//!
//! Besides the one-field values: lists ([`Codes`], [`Ids`]), which are no column (the store
//! keeps each in a table of its own), and a day or the time in words ([`DayOrWords`]), two
//! fields read together.

use std::marker::PhantomData;

use chrono::NaiveDate;

use crate::access::normalise_email;
use crate::command::{Cell, Declared, FieldSpec, Part, Read, Shape, Value};
use crate::edit::{Input, NAME_MAX, Reported, TEXT_MAX, WORDS_MAX};
use crate::kinds::{Kind, UnknownKind};
use crate::when::{Reading, check_words, reading_of};

macro_rules! text_value {
    (
        $(#[$meta:meta])* $name:ident $(<const $max:ident: usize>)?, $shape:expr, |$input:ident, $field:ident| $read:expr
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name$(<const $max: usize>)?(String);

        impl$(<const $max: usize>)? $name$(<$max>)? {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl$(<const $max: usize>)? std::ops::Deref for $name$(<$max>)? {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl$(<const $max: usize>)? From<$name$(<$max>)?> for String {
            fn from(v: $name$(<$max>)?) -> String {
                v.0
            }
        }

        impl$(<const $max: usize>)? Value for $name$(<$max>)? {
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

text_value!(
    /// One line of text, at most `MAX` characters: a name, a title, a short name.
    Line<const MAX: usize>,
    Shape::Line { max: MAX },
    |input, field| input.optional_text(field, MAX)
);

/// A name or a title: one line, at most [`NAME_MAX`] characters.
pub type Name = Line<NAME_MAX>;

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

/// A value that is its own column's, copied in and out: a date, an id.
macro_rules! copy_value {
    ($(#[$meta:meta])* $ty:ty, $shape:expr, $cell:ident, $missing:literal, $reader:ident) => {
        $(#[$meta])*
        impl Value for $ty {
            const SHAPE: Shape = $shape;
            const MISSING: &'static str = $missing;

            fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
                input.$reader(field)
            }

            fn text(&self) -> String {
                self.to_string()
            }

            fn cell(&self) -> Cell {
                Cell::$cell(Some(*self))
            }

            fn null() -> Cell {
                Cell::$cell(None)
            }

            fn from_cell(cell: Cell) -> Option<Option<Self>> {
                match cell {
                    Cell::$cell(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}

copy_value!(NaiveDate, Shape::Date, Date, "måste fyllas i (ÅÅÅÅ-MM-DD)", optional_date);

copy_value!(
    /// The id of a related record. Whether it names one is the store's to check (it asks the
    /// database), with the message [`crate::edit::no_such`].
    i32,
    Shape::Id,
    Int,
    "måste anges",
    optional_id
);

// ---- lists ------------------------------------------------------------------------------------

/// What a list of codes ([`Codes`]) holds: one of a fixed set of codes, each with its Swedish
/// label. Every kind is one; so is a kind restricted to some of its codes (the working models of
/// one dimension, [`crate::commands::agreements`]).
pub trait Listed: Copy + PartialEq + 'static {
    /// Every code it may be, with its label, in display order.
    fn choices() -> Vec<(&'static str, &'static str)>;
    fn parse(code: &str) -> Result<Self, UnknownKind>;
    fn code(self) -> &'static str;
}

impl<K: Kind + PartialEq> Listed for K {
    fn choices() -> Vec<(&'static str, &'static str)> {
        K::ALL.iter().map(|k| (k.code(), k.label())).collect()
    }

    fn parse(code: &str) -> Result<Self, UnknownKind> {
        K::parse(code)
    }

    fn code(self) -> &'static str {
        Kind::code(self)
    }
}

/// A list of codes, each at most once ([`Input::kinds`]); may be empty (left out, it is).
///
/// A list is no column: it writes no cell (the store keeps it in a table of its own), and read
/// back from a row it is empty; a form of a stored record takes its items from that table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codes<K>(Vec<K>);

impl<K> Codes<K> {
    pub fn into_vec(self) -> Vec<K> {
        self.0
    }
}

impl<K> std::ops::Deref for Codes<K> {
    type Target = [K];
    fn deref(&self) -> &[K] {
        &self.0
    }
}

impl<K: Listed> Part for Codes<K> {
    fn specs(d: Declared) -> Vec<FieldSpec> {
        vec![FieldSpec {
            name: d.name,
            label: d.label,
            doc: d.doc,
            shape: Shape::Codes { choices: K::choices },
            required: false,
            hint: d.hint,
        }]
    }

    fn read_part(input: &mut Input, name: &'static str) -> Read<Self> {
        input.kinds(name, K::parse).map(Codes)
    }

    fn push_values(&self, name: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
        out.extend(self.0.iter().map(|k| (name, Some(k.code().to_owned()))));
    }

    fn push_cells(&self, _: &'static str, _: &mut Vec<(&'static str, Cell)>) {}

    fn take_cells(_: &'static str, _: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self> {
        Some(Codes(Vec::new()))
    }
}

/// A list of record ids, each at most once ([`Input::ids`]); may be empty. Whether each names a
/// record is the store's to check. No column, as [`Codes`] is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids(Vec<i32>);

impl Ids {
    pub fn into_vec(self) -> Vec<i32> {
        self.0
    }
}

impl std::ops::Deref for Ids {
    type Target = [i32];
    fn deref(&self) -> &[i32] {
        &self.0
    }
}

impl Part for Ids {
    fn specs(d: Declared) -> Vec<FieldSpec> {
        vec![FieldSpec { name: d.name, label: d.label, doc: d.doc, shape: Shape::Ids, required: false, hint: d.hint }]
    }

    fn read_part(input: &mut Input, name: &'static str) -> Read<Self> {
        input.ids(name).map(Ids)
    }

    fn push_values(&self, name: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
        out.extend(self.0.iter().map(|id| (name, Some(id.to_string()))));
    }

    fn push_cells(&self, _: &'static str, _: &mut Vec<(&'static str, Cell)>) {}

    fn take_cells(_: &'static str, _: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self> {
        Some(Ids(Vec::new()))
    }
}

// ---- a day or the time in words ------------------------------------------------------------------

/// The names of a [`DayOrWords`]'s two fields (they differ by what happened: `decided_on` and
/// `decided_text`, `handled_on` and `handled_text`), the words' description in the API (the
/// day's is the declaration's doc comment), and the columns of the interval the two stand for
/// (`decided_edtf`, `decided_first`, `decided_last`: written, never read as fields).
pub trait DayOrWordsFields {
    const DAY: &'static str;
    const WORDS: &'static str;
    const WORDS_DOC: &'static str;
    const EDTF: &'static str;
    const FIRST: &'static str;
    const LAST: &'static str;
}

/// When something happened: a day or, when the sources give none, the time in words ("våren
/// 2022", read to its interval, [`crate::when`]); at least one of the two
/// ([`Input::day_or_words`]), both when the sources give both (the day is then the time).
/// `Option<DayOrWords<N>>` is the pair with neither required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOrWords<N> {
    day: Option<NaiveDate>,
    words: Option<Line<WORDS_MAX>>,
    names: PhantomData<N>,
}

impl<N: DayOrWordsFields> DayOrWords<N> {
    /// At least one of the two, or none.
    fn of(day: Option<NaiveDate>, words: Option<Line<WORDS_MAX>>) -> Option<Self> {
        (day.is_some() || words.is_some()).then_some(DayOrWords { day, words, names: PhantomData })
    }

    /// Words with no day must read as a time; told on the words' field.
    fn checked(input: &mut Input, day: Option<NaiveDate>, words: Option<Line<WORDS_MAX>>) -> Read<Option<Self>> {
        if let (None, Some(w)) = (day, &words)
            && let Err(e) = check_words(N::WORDS, w)
        {
            input.check(Err(e));
            return Err(Reported);
        }
        Ok(Self::of(day, words))
    }

    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    pub fn words(&self) -> Option<&str> {
        self.words.as_deref()
    }

    /// Its interval and EDTF: the day's, else the words' (`None` only for words stored before
    /// they were read).
    pub fn reading(&self) -> Option<Reading> {
        reading_of(self.day, self.words.as_deref())
    }

    /// The field a person would correct about its time: the day's when there is one.
    pub fn field(&self) -> &'static str {
        if self.day.is_some() { N::DAY } else { N::WORDS }
    }
}

fn day_or_words_specs<N: DayOrWordsFields>(d: Declared) -> Vec<FieldSpec> {
    vec![
        FieldSpec { name: N::DAY, label: "Dag", doc: d.doc, shape: Shape::Date, required: false, hint: None },
        FieldSpec {
            name: N::WORDS,
            label: "Tid i ord",
            doc: N::WORDS_DOC,
            shape: Shape::Line { max: WORDS_MAX },
            required: false,
            hint: Some("Bara när dagen inte är känd, till exempel ”våren 2022”."),
        },
    ]
}

/// Both fields' cells, the day's and the words', and the interval's.
fn day_or_words_cells<N: DayOrWordsFields>(value: Option<&DayOrWords<N>>, out: &mut Vec<(&'static str, Cell)>) {
    out.push((N::DAY, Cell::Date(value.and_then(|v| v.day))));
    out.push((N::WORDS, Cell::Text(value.and_then(|v| v.words.clone()).map(String::from))));
    let reading = value.and_then(DayOrWords::reading);
    out.push((N::EDTF, Cell::Text(reading.as_ref().map(|r| r.edtf.clone()))));
    out.push((N::FIRST, Cell::Date(reading.as_ref().map(|r| r.span.first))));
    out.push((N::LAST, Cell::Date(reading.as_ref().map(|r| r.span.last))));
}

/// The stored pair: `None` when a cell is missing or of another type, `Some(None)` when both
/// are empty.
fn day_or_words_back<N: DayOrWordsFields>(
    get: &mut dyn FnMut(&'static str) -> Option<Cell>,
) -> Option<Option<DayOrWords<N>>> {
    let (Cell::Date(day), Cell::Text(words)) = (get(N::DAY)?, get(N::WORDS)?) else { return None };
    Some(DayOrWords::of(day, words.map(Line)))
}

impl<N: DayOrWordsFields> Part for DayOrWords<N> {
    fn specs(declared: Declared) -> Vec<FieldSpec> {
        day_or_words_specs::<N>(declared)
    }

    fn read_part(input: &mut Input, _: &'static str) -> Read<Self> {
        let (day, words) = input.day_or_words(N::DAY, N::WORDS);
        // Neither given was reported on the day's field.
        DayOrWords::checked(input, day?, words?.map(Line))?.ok_or(Reported)
    }

    fn push_values(&self, _: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
        out.push((N::DAY, self.day.map(|d| d.to_string())));
        out.push((N::WORDS, self.words.clone().map(String::from)));
    }

    fn push_cells(&self, _: &'static str, out: &mut Vec<(&'static str, Cell)>) {
        day_or_words_cells(Some(self), out);
    }

    fn take_cells(_: &'static str, get: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self> {
        day_or_words_back(get)?
    }
}

impl<N: DayOrWordsFields> Part for Option<DayOrWords<N>> {
    fn specs(declared: Declared) -> Vec<FieldSpec> {
        day_or_words_specs::<N>(declared)
    }

    fn read_part(input: &mut Input, _: &'static str) -> Read<Self> {
        let day = input.optional_date(N::DAY);
        let words = Line::<WORDS_MAX>::read(input, N::WORDS);
        DayOrWords::checked(input, day?, words?)
    }

    fn push_values(&self, _: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
        out.push((N::DAY, self.as_ref().and_then(|v| v.day).map(|d| d.to_string())));
        out.push((N::WORDS, self.as_ref().and_then(|v| v.words.clone()).map(String::from)));
    }

    fn push_cells(&self, _: &'static str, out: &mut Vec<(&'static str, Cell)>) {
        day_or_words_cells(self.as_ref(), out);
    }

    fn take_cells(_: &'static str, get: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self> {
        day_or_words_back(get)
    }
}
