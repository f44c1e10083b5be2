//! The commands of local action plans and the local area plan (issue 15). The rules across
//! fields (a period's end after its start, progress 0–100, an interval of 1–60 months) are in
//! [`crate::local::action_plans`] and [`crate::local::area_plan`]; which records an id may name
//! (the area's meetings, an agreement with the working model "local action plans", an
//! organisation of the area's map) is the store's to check.

use chrono::NaiveDate;

use crate::command::{Cell, Read, Shape, Value};
use crate::edit::Input;
use crate::local::action_plans::{ActivityStatus, PlanTargetGroup};
use crate::local::area_plan::MAX_REVIEW_MONTHS;
use crate::values::{Name, Text};

/// A whole number from `MIN` to `MAX`: a progress in percent, a review interval in months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounded<const MIN: i32, const MAX: i32>(pub i32);

impl<const MIN: i32, const MAX: i32> Value for Bounded<MIN, MAX> {
    const SHAPE: Shape = Shape::Integer { min: MIN, max: MAX };

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        Ok(input.optional_int(field, MIN, MAX)?.map(Bounded))
    }

    fn text(&self) -> String {
        self.0.to_string()
    }

    fn cell(&self) -> Cell {
        Cell::Int(Some(self.0))
    }

    fn null() -> Cell {
        Cell::Int(None)
    }

    fn from_cell(cell: Cell) -> Option<Option<Self>> {
        match cell {
            Cell::Int(v) => Some(v.map(Bounded)),
            _ => None,
        }
    }
}

/// A progress in whole percent.
pub type Percent = Bounded<0, 100>;

/// A review interval in months.
pub type IntervalMonths = Bounded<1, MAX_REVIEW_MONTHS>;

crate::command! {
    /// A local action plan (*lokal handlingsplan*) of an area: a new one, or the whole plan
    /// again when it is changed (a field left out is emptied).
    pub struct ActionPlanDetails {
        title: Name = "Rubrik",
        target_group: PlanTargetGroup = "Målgrupp",
        /// An agreement whose working model is "local action plans", which the plan implements.
        #[hint = "En överenskommelse med arbetsformen Lokala handlingsplaner. Lämna tomt om planen inte hör till någon."]
        agreement_id: Option<i32> = "Överenskommelse",
        goal: Text = "Mål",
        starts_on: NaiveDate = "Gäller från",
        /// The plan's last day; on or after `starts_on`.
        ends_on: Option<NaiveDate> = "Gäller till",
        /// The area's network meeting that decided the plan.
        #[hint = "Nätverksmötet där planen beslutades."]
        meeting_id: Option<i32> = "Beslutad vid möte",
    }
}

crate::command! {
    /// An activity of an action plan (*aktivitet*): what, which function answers for it, by
    /// when, where it stands and how far it has come.
    pub struct ActivityDetails {
        description: Text = "Aktivitet",
        /// The function that answers for it (*Enhetschef hemtjänst*), not a person.
        #[hint = "En funktion, till exempel Enhetschef hemtjänst."]
        owner_function: Name = "Ansvarig funktion",
        due_on: Option<NaiveDate> = "Klar senast",
        status: ActivityStatus = "Status",
        /// How far it has come, in whole percent (0–100); left out, 0.
        #[hint = "Ett heltal från 0 till 100."]
        progress: Option<Percent> = "Hur långt kommen (procent)",
    }
}

crate::command! {
    /// A follow-up note on an action plan (*uppföljning*), dated.
    pub struct FollowUpNote {
        noted_on: NaiveDate = "Datum",
        note: Text = "Uppföljning",
    }
}

crate::command! {
    /// An entry of an area's local area plan (*närområdesplan*): an area of responsibility, the
    /// organisation of the area's actor map that answers for it, its contact function and how
    /// often it is reviewed. A change applies from today; the plan as it stood before stays
    /// readable.
    pub struct AreaPlanEntryDetails {
        responsibility: Name = "Ansvarsområde",
        /// An organisation of an actor of the area's map.
        organisation_id: i32 = "Ansvarig organisation",
        /// The function to contact (*Verksamhetschef*), not a person.
        #[hint = "En funktion, till exempel Verksamhetschef."]
        contact_function: Name = "Kontaktfunktion",
        /// Months between reviews (1–60); left out, 12.
        #[hint = "Antal månader, 1–60. Lämna tomt för 12 månader."]
        review_interval_months: Option<IntervalMonths> = "Granskas var (månader)",
    }
}

crate::command! {
    /// A review of an entry of the local area plan (*granskning*): when, by whom (a function)
    /// and what changed.
    pub struct EntryReview {
        /// The review's day; not after today.
        reviewed_on: NaiveDate = "Granskad",
        /// Who reviewed it: a function, not a person's name.
        #[hint = "En funktion, till exempel Samordnare i närområdet."]
        reviewed_by: Name = "Granskad av",
        /// What changed, or that nothing did.
        #[hint = "Skriv till exempel Ingen ändring."]
        changes: Text = "Vad ändrades",
    }
}
