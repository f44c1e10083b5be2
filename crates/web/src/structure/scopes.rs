//! Whose each structure record is, as the pages need to know it to decide whether to show an
//! edit link or form: the domain's one rule (`scope_of`) over what the page has read.

use samverkan_domain::{AreaOf, Owned, Scope, scope_of};
use samverkan_store::{Body, Function};

use crate::kit::error::Error;
use crate::kit::state::AppState;

/// A function's scope: its own party's, wherever it lies (the one rule, `scope_of`).
pub(crate) fn function_scope(f: &Function) -> Scope {
    scope_of(Owned::Function { party_id: f.party_id })
}

/// A body's scope: its area's (and the area's municipality's), its party's, or joint.
pub(crate) async fn body_scope(state: &AppState, b: &Body) -> Result<Scope, Error> {
    let area = match &b.area {
        Some(a) => match state.store.party_of_area(a.id).await? {
            Some(municipality_id) => Some(AreaOf { area_id: a.id, municipality_id }),
            None => return Ok(Scope::JOINT),
        },
        None => None,
    };
    Ok(scope_of(Owned::Body { party_id: b.party.as_ref().map(|p| p.id), area }))
}

/// A person's scope: the party that recorded them.
pub(crate) fn person_scope(p: &samverkan_store::Person) -> Scope {
    scope_of(Owned::Person { party_id: p.party_id })
}

/// An organisation's scope: its party's; its area's local collaboration's when an area's actor
/// map recorded it (of no party); joint otherwise.
pub(crate) async fn organisation_scope(state: &AppState, o: &samverkan_store::Organisation) -> Result<Scope, Error> {
    Ok(scope_of(state.store.organisation_owner(o).await?))
}
