//! The rows of a synthetic load, in insertion order with their ids given out from 1 (so a seed
//! always gives the same ids), and the helpers that add one row of a kind. Every row is marked
//! `synthetic`. Shared by `synthetic_structure` and `synthetic_agreements`. A row of the
//! structure leaves what it has no value for to `..Default::default()` (null, for an optional
//! column), so a column added to a record later needs no line here.

use chrono::NaiveDate;
use samverkan_domain::{
    BodyKind, BodyLevel, FunctionKind, MembershipRole, OrganisationKind, PartyKind, swedish_sort_string,
};

use crate::entity::{
    agreement, agreement_model, agreement_relation, agreement_target_group, agreement_version, appointment, area,
    area_administration, body, consultation, consultation_answer, consultation_recipient, decision, function,
    membership, organisation, party, recommendation, sub_region, sub_region_member,
};
use crate::load::synthetic_local_rows::LocalRows;

/// The dates the reference data uses too (data/README.md): records from 2020-01-01, the
/// coordinating functions and sub-regions from 2023-01-01; handovers on 2025-01-01.
pub(crate) const RECORD_START: NaiveDate = date(2020, 1, 1);
pub(crate) const FUNCTIONS_START: NaiveDate = date(2023, 1, 1);
pub(crate) const HANDOVER: NaiveDate = date(2025, 1, 1);

pub(crate) const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(day) => day,
        None => NaiveDate::MIN,
    }
}

/// Every row of a load, in insertion order, with ids assigned.
#[derive(Default)]
pub(crate) struct Rows {
    pub(crate) parties: Vec<party::Model>,
    pub(crate) organisations: Vec<organisation::Model>,
    pub(crate) sub_regions: Vec<sub_region::Model>,
    pub(crate) sub_region_members: Vec<sub_region_member::Model>,
    pub(crate) areas: Vec<area::Model>,
    pub(crate) area_administrations: Vec<area_administration::Model>,
    pub(crate) functions: Vec<function::Model>,
    pub(crate) appointments: Vec<appointment::Model>,
    pub(crate) bodies: Vec<body::Model>,
    pub(crate) memberships: Vec<membership::Model>,
    pub(crate) agreements: Vec<agreement::Model>,
    pub(crate) agreement_target_groups: Vec<agreement_target_group::Model>,
    pub(crate) agreement_models: Vec<agreement_model::Model>,
    pub(crate) agreement_relations: Vec<agreement_relation::Model>,
    pub(crate) agreement_versions: Vec<agreement_version::Model>,
    pub(crate) consultations: Vec<consultation::Model>,
    pub(crate) consultation_recipients: Vec<consultation_recipient::Model>,
    pub(crate) consultation_answers: Vec<consultation_answer::Model>,
    pub(crate) recommendations: Vec<recommendation::Model>,
    pub(crate) decisions: Vec<decision::Model>,
    /// The actors the structure made for the areas' maps, with their area and stem.
    pub(crate) actors: Vec<ActorOf>,
    /// The areas' local collaboration: services, meetings and who came (`synthetic_local`).
    pub(crate) local: LocalRows,
}

/// An actor of an area as the structure made it (an organisation of the municipality, named
/// `{stem} {area} {n}`, or the area's own `{area} vårdcentral`, stem `Vårdcentral`): what
/// `synthetic_local` gives services, a sector and a party.
pub(crate) struct ActorOf {
    pub(crate) organisation: i32,
    pub(crate) area: i32,
    /// What its name says it is (`Hemtjänst`).
    pub(crate) stem: &'static str,
}

/// Ids are given out in insertion order from 1, so a seed always gives the same ids.
pub(crate) fn next_id(len: usize) -> i32 {
    i32::try_from(len + 1).unwrap_or(i32::MAX)
}

pub(crate) fn party_name(rows: &Rows, id: i32) -> String {
    rows.parties.iter().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or_default()
}

pub(crate) fn push_party(rows: &mut Rows, kind: PartyKind, code: String, name: String, from: NaiveDate) -> i32 {
    let id = next_id(rows.parties.len());
    rows.parties.push(party::Model {
        id,
        kind: kind.code().to_owned(),
        code,
        sort_key: swedish_sort_string(&name),
        name,
        valid_from: Some(from),
        valid_to: None,
        synthetic: true,
    });
    id
}

pub(crate) fn push_organisation(
    rows: &mut Rows,
    name: String,
    kind: OrganisationKind,
    party: i32,
    from: NaiveDate,
) -> i32 {
    let id = next_id(rows.organisations.len());
    rows.organisations.push(organisation::Model {
        id,
        sort_key: swedish_sort_string(&name),
        name,
        kind: kind.code().to_owned(),
        party_id: Some(party),
        valid_from: Some(from),
        synthetic: true,
        ..Default::default()
    });
    id
}

pub(crate) fn push_function(
    rows: &mut Rows,
    name: String,
    kind: FunctionKind,
    party: Option<i32>,
    area: Option<i32>,
    from: NaiveDate,
) -> i32 {
    let id = next_id(rows.functions.len());
    rows.functions.push(function::Model {
        id,
        sort_key: swedish_sort_string(&name),
        name,
        kind: kind.code().to_owned(),
        party_id: party,
        area_id: area,
        valid_from: Some(from),
        synthetic: true,
        ..Default::default()
    });
    id
}

pub(crate) fn push_appointment(
    rows: &mut Rows,
    function: i32,
    organisation: i32,
    from: NaiveDate,
    to: Option<NaiveDate>,
    basis: Option<String>,
) {
    rows.appointments.push(appointment::Model {
        id: next_id(rows.appointments.len()),
        function_id: function,
        organisation_id: organisation,
        person_id: None,
        valid_from: Some(from),
        valid_to: to,
        synthetic: true,
        basis,
        on_behalf_of_party_id: None,
    });
}

#[allow(clippy::too_many_arguments)] // one row's columns; a struct would only rename them
pub(crate) fn push_body(
    rows: &mut Rows,
    name: String,
    level: BodyLevel,
    kind: BodyKind,
    party: Option<i32>,
    sub_region: Option<i32>,
    area: Option<i32>,
    from: NaiveDate,
) -> i32 {
    let id = next_id(rows.bodies.len());
    rows.bodies.push(body::Model {
        id,
        sort_key: samverkan_domain::body_sort_string(level, &name),
        name,
        level: level.code().to_owned(),
        kind: kind.code().to_owned(),
        party_id: party,
        sub_region_id: sub_region,
        area_id: area,
        valid_from: Some(from),
        synthetic: true,
        ..Default::default()
    });
    id
}

pub(crate) fn push_membership(rows: &mut Rows, body: i32, function: i32, role: MembershipRole, from: NaiveDate) {
    rows.memberships.push(membership::Model {
        id: next_id(rows.memberships.len()),
        body_id: body,
        function_id: function,
        role: role.code().to_owned(),
        valid_from: Some(from),
        valid_to: None,
        synthetic: true,
    });
}
