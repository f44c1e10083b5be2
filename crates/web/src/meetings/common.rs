//! What the meetings' pages, forms and API share: the settings their e-mail and calendar files
//! take, whose an area's meetings are, and a meeting's time as people read it.

use samverkan_domain::Scope;
use samverkan_store::{Mailing, Meeting};

use crate::kit::{AppState, Error, PageAt, paths};

/// What the meetings' e-mail and calendar files take from the settings: the public URL's host
/// (the domain of `Message-ID`s and `UID`s), the organiser's mailbox at it, and the meeting
/// pages' public address.
pub(crate) fn mailing(state: &AppState) -> Mailing {
    let origin = state.settings.public_url.origin();
    let authority = origin.split("://").nth(1).unwrap_or(origin);
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { authority });
    Mailing {
        domain: host.to_owned(),
        organizer: format!("samverkan@{host}"),
        page: format!("{origin}{}", paths::MEETING),
        sms: state.settings.sms,
    }
}

/// The scope of an area's local collaboration: whose its meetings are.
pub(crate) async fn area_scope(state: &AppState, area_id: i32) -> Result<Scope, Error> {
    let party = state.store.party_of_area(area_id).await?.ok_or(Error::NotFound)?;
    Ok(Scope::area(party, area_id))
}

/// Whether the visitor may change the area's records (to show the forms' links): no for the
/// anonymous, without reading the area's party.
pub(crate) async fn may_change_area(state: &AppState, at: &PageAt, area_id: i32) -> Result<bool, Error> {
    if at.1.is_none() {
        return Ok(false);
    }
    Ok(may_change(at, area_scope(state, area_id).await?))
}

/// Whether the visitor may change the area's meetings (to show the forms' links).
pub(crate) fn may_change(at: &PageAt, scope: Scope) -> bool {
    crate::kit::may(at.1.as_deref(), scope)
}

/// A meeting's time as people read it, in Stockholm.
pub(crate) fn when(m: &Meeting) -> String {
    samverkan_domain::local::meeting::time_span(m.starts, m.ends)
}
