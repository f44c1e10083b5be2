//! What crisis support's pages, forms and API share: who may see it, the acknowledgement
//! links' public address, and a moment as people read it.

use samverkan_domain::local::meeting::LocalTime;
use samverkan_store::{AckLinks, SessionUser, Store};

use crate::kit::{AppState, Error, paths};

/// A stored moment as people read it, in Stockholm: `2026-12-01 14:30`.
pub(crate) fn at_local(t: &LocalTime) -> String {
    t.local().format("%Y-%m-%d %H:%M").to_string()
}

/// Whether `user` may see an area's crisis support: its coordinators and the process leaders.
pub(crate) fn may_see(user: Option<&SessionUser>, area_id: impl paths::Id) -> bool {
    crate::kit::may(user, Store::crisis_scope(area_id.get()))
}

/// 404 unless `user` may see the area's crisis support.
pub(crate) fn seen(user: Option<&SessionUser>, area_id: i32) -> Result<(), Error> {
    if may_see(user, area_id) { Ok(()) } else { Err(Error::NotFound) }
}

/// Where the acknowledgement links point: the public address, never the request's `Host`.
pub(crate) fn ack_links(state: &AppState) -> AckLinks {
    AckLinks { page: format!("{}{}", state.settings.public_url.origin(), paths::crisis_ack("{key}")) }
}
