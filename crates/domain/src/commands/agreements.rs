//! The agreements' commands: an agreement's registry entry, and each step of a version's
//! process (a version, a relation, a consultation and a party's answer, a recommendation, a
//! party's decision, a step of its preparatory handling, its withdrawal). Rules across fields
//! and records (a samrådsgrupp is a body of that kind, a version's number is its own, a party is
//! one of the version's, a withdrawal is from a version in force) are in
//! [`crate::agreement::checks`] and [`crate::agreement_state`]; the store runs them after reading
//! the command.

use chrono::NaiveDate;

use crate::agreement::checks::{PARTY_REQUIRED, TARGET_GROUP_REQUIRED};
use crate::agreement::{
    Addressee, AgreementKind, DecisionOutcome, ModelDimension, PreparatoryOutcome, PreparatoryRole,
    RecommendationOutcome, RelationKind, Stance, TargetGroup, WorkingModel,
};
use crate::command::{Cell, Declared, FieldSpec, Part, Read, Shape, Value};
use crate::edit::{Input, Reported};
use crate::kinds::UnknownKind;
use crate::values::{Codes, DayOrWords, DayOrWordsFields, Ids, Line, Listed, Name, Text};

/// The longest an agreement's title may be.
pub const TITLE_MAX: usize = 300;

/// A version's number ("2.0", "2022"), which no other version of the agreement has.
pub type VersionNumber = Line<40>;

crate::command! {
    /// An agreement's registry entry (process leaders): a new agreement, or the whole entry
    /// again when it is changed (a field left out is emptied).
    pub struct AgreementEntry {
        title: Line<TITLE_MAX> = "Titel",
        short_name: Option<Line<40>> = "Förkortning",
        kind: AgreementKind = "Typ",
        /// The samrådsgrupp (a body of kind consultative_group).
        consultative_group_id: Option<i32> = "Samrådsgrupp",
        /// The agreement it sits under (HÖK).
        parent_id: Option<i32> = "Plats under HÖK",
        /// Whom it is for: at least one, each once.
        target_groups: TargetGroups = "Målgrupper",
        summary: Option<Text> = "Sammanfattning",
        /// How it is implemented.
        implementation: Option<Text> = "Genomförande",
        /// How it is followed up.
        follow_up: Option<Text> = "Uppföljning",
        /// How it is supported digitally.
        digital_support: Option<Text> = "Digitalt stöd",
        review_date: Option<NaiveDate> = "Revideras senast",
        /// Coded: how it is implemented (each once).
        implementation_models: Codes<ImplementationModel> = "Arbetssätt för genomförande",
        /// Coded: how it is followed up (each once).
        follow_up_models: Codes<FollowUpModel> = "Arbetssätt för uppföljning",
        /// Coded: its digital support (each once).
        digital_support_models: Codes<DigitalSupportModel> = "Arbetssätt för digitalt stöd",
        /// The parties that must adopt its versions (party ids, each once); every party valid
        /// on the date asked about when left out.
        #[hint = "Lämna tomt när alla parter ska anta överenskommelsen."]
        parties: Ids = "Parter som ska anta",
    }
}

impl AgreementEntry {
    /// The coded working models of every dimension, in the order given.
    pub fn models(&self) -> Vec<WorkingModel> {
        let implementation = self.implementation_models.iter().map(|m| m.0);
        let follow_up = self.follow_up_models.iter().map(|m| m.0);
        implementation.chain(follow_up).chain(self.digital_support_models.iter().map(|m| m.0)).collect()
    }
}

/// An agreement's target groups: at least one ([`TARGET_GROUP_REQUIRED`]), each once.
///
/// Like every list it is no column; unlike an empty one it does not come back from a row alone
/// (`take_cells` answers `None`): the store reads it from its own table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetGroups(Codes<TargetGroup>);

impl std::ops::Deref for TargetGroups {
    type Target = [TargetGroup];
    fn deref(&self) -> &[TargetGroup] {
        &self.0
    }
}

impl Part for TargetGroups {
    fn specs(declared: Declared) -> Vec<FieldSpec> {
        let mut specs = Codes::<TargetGroup>::specs(declared);
        specs.iter_mut().for_each(|s| s.required = true);
        specs
    }

    fn read_part(input: &mut Input, name: &'static str) -> Read<Self> {
        let groups = Codes::read_part(input, name)?;
        if groups.is_empty() {
            input.reject(name, TARGET_GROUP_REQUIRED);
            return Err(Reported);
        }
        Ok(TargetGroups(groups))
    }

    fn push_values(&self, name: &'static str, out: &mut Vec<(&'static str, Option<String>)>) {
        self.0.push_values(name, out);
    }

    fn push_cells(&self, _: &'static str, _: &mut Vec<(&'static str, Cell)>) {}

    fn take_cells(_: &'static str, _: &mut dyn FnMut(&'static str) -> Option<Cell>) -> Option<Self> {
        None
    }
}

/// One newtype per dimension of [`WorkingModel`]: a model of that dimension only, so that each
/// list field offers and accepts its own ([`WorkingModel::of`], [`WorkingModel::parse_in`]).
macro_rules! models_of {
    ($($(#[$meta:meta])* $name:ident => $dimension:ident;)+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct $name(pub WorkingModel);

            impl Listed for $name {
                fn choices() -> Vec<(&'static str, &'static str)> {
                    WorkingModel::of(ModelDimension::$dimension).map(|m| (m.code(), m.label())).collect()
                }

                fn parse(code: &str) -> Result<Self, UnknownKind> {
                    WorkingModel::parse_in(ModelDimension::$dimension, code).map($name)
                }

                fn code(self) -> &'static str {
                    self.0.code()
                }
            }
        )+
    };
}

models_of! {
    /// A way of implementing an agreement.
    ImplementationModel => Implementation;
    /// A way of following an agreement up.
    FollowUpModel => FollowUp;
    /// A digital support of an agreement.
    DigitalSupportModel => DigitalSupport;
}

crate::command! {
    /// A version of an agreement (process leaders).
    pub struct NewVersion {
        number: VersionNumber = "Version",
        /// The version's day, if the sources give one.
        date: Option<DayOrWords<Dated>>,
        change_summary: Option<Text> = "Ändringar",
        /// The earliest day it may apply.
        earliest_start: Option<NaiveDate> = "Tidigast från",
        valid_to: Option<NaiveDate> = "Gäller till",
        /// When it came into force, as the sources tell it; left out, it follows from the
        /// decisions and the earliest start.
        in_force: Option<DayOrWords<InForceAt>>,
    }
}

crate::command! {
    /// How an agreement relates to another (process leaders).
    pub struct NewRelation {
        kind: RelationKind = "Relation",
        related_id: i32 = "Överenskommelse",
    }
}

crate::command! {
    /// A version sent out on consultation (*remiss*; process leaders).
    pub struct NewConsultation {
        /// The day it was sent; or give `sent_text` when the sources give none ("våren 2021").
        sent: DayOrWords<Sent>,
        /// The last day to answer, when there is one.
        deadline: Option<NaiveDate> = "Sista svarsdag",
        /// Party ids; every party valid on `sent_on` when left out.
        recipients: Ids = "Mottagare",
    }
}

crate::command! {
    /// A consultation's deadline moved later (*förlängd svarstid*; process leaders).
    pub struct NewDeadline {
        /// Later than the current one.
        deadline: NaiveDate = "Ny sista svarsdag",
    }
}

/// The party a party's own act is for (its consultation answer, its decision, a step of its
/// preparatory handling). Whether the actor may act for it is decided before the act's other
/// fields are read; left out, it is "välj en part" ([`PARTY_REQUIRED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnParty(pub i32);

impl Value for OwnParty {
    const SHAPE: Shape = Shape::Id;
    const MISSING: &'static str = PARTY_REQUIRED;

    fn read(input: &mut Input, field: &str) -> Read<Option<Self>> {
        Ok(input.optional_id(field)?.map(OwnParty))
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
        i32::from_cell(cell).map(|id| id.map(OwnParty))
    }
}

crate::command! {
    /// A party's answer to a consultation (*remissvar*); a new answer replaces the party's last.
    pub struct ConsultationAnswer {
        party_id: OwnParty = "Part",
        answered_on: NaiveDate = "Svarsdag",
        stance: Stance = "Ställningstagande",
        #[hint = "Svaret i korthet, eller i sin helhet."]
        text: Option<Text> = "Svaret",
    }
}

crate::command! {
    /// A recommendation to adopt a version (process leaders).
    pub struct NewRecommendation {
        /// "Storsthlms styrelse", "Hälso- och sjukvårdsnämnden".
        body_name: Name = "Organ",
        /// The body, when it is in the register.
        body_id: Option<i32> = "Organ i registret",
        addressed_to: Addressee = "Riktad till",
        /// The day; or give `decided_text` when the sources give none.
        decided: DayOrWords<Decided>,
        outcome: RecommendationOutcome = "Utfall",
    }
}

crate::command! {
    /// A proposal of a version put to a body before it is recommended (process leaders): the
    /// officials' steering group's proposal to VIS. It changes no version's state.
    pub struct NewProposal {
        /// The body that put the proposal forward: "Tjänstemannastyrgruppen Sammanhållen vård och omsorg".
        #[hint = "Till exempel den styrgrupp som lett arbetet med förslaget."]
        body_name: Name = "Organ som lämnar förslaget",
        /// That body, when it is in the register.
        body_id: Option<i32> = "Organ i registret",
        /// The body the proposal was put to: "Vård i samverkan (VIS)".
        #[hint = "Till exempel Vård i samverkan (VIS)."]
        to_body_name: Name = "Förslag till",
        /// That body, when it is in the register.
        to_body_id: Option<i32> = "Mottagande organ i registret",
        /// The day; or give `proposed_text` when the sources give none.
        proposed: DayOrWords<Proposed>,
    }
}

crate::command! {
    /// A party's decision on a version. A later decision stands over an earlier one.
    pub struct NewDecision {
        party_id: OwnParty = "Part",
        /// kommunfullmäktige, regionfullmäktige
        #[hint = "Oftast Kommunfullmäktige, eller Regionfullmäktige för regionen."]
        deciding_body: Name = "Beslutande organ",
        /// The deciding body, when it is in the register.
        deciding_body_id: Option<i32> = "Beslutande organ i registret",
        /// The day; or give `decided_text` when the sources give none.
        decided: DayOrWords<Decided>,
        /// The minutes' paragraph (§).
        #[hint = "Protokollets paragraf, till exempel § 45."]
        paragraph: Option<Line<40>> = "Paragraf",
        /// The party's own diary number (*diarienummer*), e.g. KS22/67.
        diary_number: Option<Line<60>> = "Diarienummer",
        #[hint = "En återremiss skickar ärendet tillbaka för mer beredning; den är inget beslut."]
        outcome: DecisionOutcome = "Beslut",
        /// The bodies the decision is sent to, one per line.
        #[hint = "Ett organ per rad."]
        sent_to: Option<Text> = "Beslutet expedieras till",
    }
}

crate::command! {
    /// A party's withdrawal from a version in force (*uppsägning*): its decision, and the day it
    /// leaves from. The version stays in force for the other parties. A later withdrawal of the
    /// party stands over an earlier one.
    pub struct NewWithdrawal {
        party_id: OwnParty = "Part",
        /// kommunfullmäktige, regionfullmäktige
        #[hint = "Oftast Kommunfullmäktige, eller Regionfullmäktige för regionen."]
        deciding_body: Name = "Beslutande organ",
        /// The deciding body, when it is in the register.
        deciding_body_id: Option<i32> = "Beslutande organ i registret",
        /// The day the party decided to withdraw.
        decided_on: NaiveDate = "Beslutsdag",
        /// The minutes' paragraph (§).
        #[hint = "Protokollets paragraf, till exempel § 45."]
        paragraph: Option<Line<40>> = "Paragraf",
        /// The party's own diary number (*diarienummer*), e.g. KS24/112.
        diary_number: Option<Line<60>> = "Diarienummer",
        /// The first day the party is no longer a party to the version; the version must be in
        /// force that day.
        #[hint = "Den första dagen parten inte längre är part i överenskommelsen."]
        leaves_on: NaiveDate = "Lämnar från",
    }
}

crate::command! {
    /// One step of a party's preparatory handling of a version (*beredning*).
    pub struct NewPreparatoryStep {
        party_id: OwnParty = "Part",
        /// The committee or board: "Socialnämnden", "Kommunstyrelsens arbetsutskott".
        #[hint = "Nämnden, utskottet eller styrelsen, till exempel Socialnämnden."]
        body_name: Name = "Organ",
        /// The body, when it is in the register.
        body_id: Option<i32> = "Organ i registret",
        role: PreparatoryRole = "Steg",
        /// The day, if known.
        handled: Option<DayOrWords<Handled>>,
        /// Absent while the step is planned.
        outcome: Option<PreparatoryOutcome> = "Utfall",
        /// The minutes' paragraph (§).
        #[hint = "Protokollets paragraf, till exempel § 45."]
        paragraph: Option<Line<40>> = "Paragraf",
    }
}

/// Declares the field names of a [`DayOrWords`].
macro_rules! day_or_words_fields {
    ($($(#[$meta:meta])* $name:ident: $day:literal, $words:literal, $stem:literal, $doc:literal;)+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct $name;

            impl DayOrWordsFields for $name {
                const DAY: &'static str = $day;
                const WORDS: &'static str = $words;
                const WORDS_DOC: &'static str = $doc;
                const EDTF: &'static str = concat!($stem, "_edtf");
                const FIRST: &'static str = concat!($stem, "_first");
                const LAST: &'static str = concat!($stem, "_last");
            }
        )+
    };
}

day_or_words_fields! {
    /// A version's day: `date`, `date_text`.
    Dated: "date", "date_text", "date", "When the sources give no day: \"våren 2022\".";
    /// When a consultation was sent: `sent_on`, `sent_text`.
    Sent: "sent_on", "sent_text", "sent", "When the sources give no day: \"våren 2021\".";
    /// When a recommendation or a decision was made: `decided_on`, `decided_text`.
    Decided: "decided_on", "decided_text", "decided", "The time in words when the sources give no day (\"våren 2022\").";
    /// When a proposal was put forward: `proposed_on`, `proposed_text`.
    Proposed: "proposed_on", "proposed_text", "proposed", "The time in words when the sources give no day (\"september 2021\").";
    /// When a preparatory step was taken: `handled_on`, `handled_text`.
    Handled: "handled_on", "handled_text", "handled", "The time in words when the sources give no day.";
    /// When a version came into force, as the sources tell it: `in_force_on`, `in_force_text`.
    InForceAt: "in_force_on", "in_force_text", "in_force", "When the sources give no day: \"september 2022\". Left out, the day follows from the rule (its earliest start or the last adoption, whichever is later).";
}

#[cfg(test)]
mod tests;
