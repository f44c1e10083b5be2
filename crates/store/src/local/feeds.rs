//! Calendar feeds (*kalenderprenumerationer*): each area, and each of its bodies, has a feed of
//! its meetings at a secret address, since calendar applications cannot sign in. The address is
//! made when a coordinator first asks for it and renewed by the area's coordinators, which ends
//! the old one (a link that went astray stops working). The secret is never on the audit trail.

use chrono::Months;
use samverkan_domain::command::Command;
use samverkan_domain::commands::FeedRenewal;
use samverkan_domain::edit::{Referenced, no_such};
use samverkan_domain::local::ics::{self, Method};
use samverkan_domain::local::meeting::start_of_day;
use samverkan_domain::{Input, Owned};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::accounts::secrets::{random_token, stamp};
use crate::entity::{body, calendar_feed};
use crate::error::StoreError;
use crate::fields::area_of;
use crate::local::meetings::{Mailing, event_of, feed_meetings};
use crate::local::meetings_write::BODY_OF_ANOTHER_AREA;
use crate::store::Store;
use crate::write::{Actor, Event, WriteError};

/// How far back a feed reaches: calendars keep what they once showed, and a year of past
/// meetings is enough to look back on without making every feed the area's whole history.
const FEED_MONTHS_BACK: u32 = 12;

fn of(area_id: i32, body: Option<i32>) -> Condition {
    let c = Condition::all().add(calendar_feed::Column::AreaId.eq(area_id));
    match body {
        Some(b) => c.add(calendar_feed::Column::BodyId.eq(b)),
        None => c.add(calendar_feed::Column::BodyId.is_null()),
    }
}

impl Store {
    /// The secret of an area's feed (or one of its bodies'), if one has been made.
    pub async fn calendar_feed(&self, area_id: i32, body: Option<i32>) -> Result<Option<String>, StoreError> {
        let row = calendar_feed::Entity::find()
            .filter(of(area_id, body))
            .order_by_desc(calendar_feed::Column::Id)
            .one(&self.db)
            .await?;
        Ok(row.map(|r| r.secret))
    }

    /// Makes a new secret for an area's feed (or, with `body_id`, one of its bodies'); the old
    /// one, if any, stops working. Answers the new secret.
    pub async fn renew_calendar_feed(
        &self,
        actor: &Actor,
        area_id: i32,
        mut input: Input,
    ) -> Result<String, WriteError> {
        let write = self.write_as(actor).await?;
        let area = area_of(write.lookup(), Some(area_id)).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Local { area })?;
        let renewal = FeedRenewal::read(&mut input);
        if let Some(b) = input.peek_id("body_id") {
            match body::Entity::find_by_id(b).one(w.txn()).await? {
                None => input.reject("body_id", no_such(Referenced::Body, b)),
                Some(found) if found.area_id != Some(area_id) => input.reject("body_id", BODY_OF_ANOTHER_AREA),
                Some(_) => {}
            }
        }
        input.finish()?;
        let body_id = renewal?.body_id;
        calendar_feed::Entity::delete_many().filter(of(area_id, body_id)).exec(w.txn()).await?;
        let secret = random_token();
        let row = calendar_feed::ActiveModel {
            area_id: Set(Some(area_id)),
            body_id: Set(body_id),
            secret: Set(secret.clone()),
            created_at: Set(stamp(self.clock.now())),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        let told = serde_json::json!({"feed_id": row.id, "body_id": body_id, "created_at": row.created_at});
        w.commit(Event::new("renew_calendar_feed", "area", area_id).after(Some(told))).await?;
        Ok(secret)
    }

    /// The feed at `secret` (`METHOD:PUBLISH`): its area's (or body's) meetings from a year back
    /// on, cancelled ones marked so. `None` for a secret that is not, or no longer, a feed's.
    pub async fn feed_ics(&self, secret: &str, mailing: &Mailing) -> Result<Option<String>, StoreError> {
        let Some(feed) =
            calendar_feed::Entity::find().filter(calendar_feed::Column::Secret.eq(secret)).one(&self.db).await?
        else {
            return Ok(None);
        };
        let Some(area_id) = feed.area_id else { return Ok(None) };
        let today = self.clock.today();
        let from = today.checked_sub_months(Months::new(FEED_MONTHS_BACK)).unwrap_or(today);
        let rows = feed_meetings(&self.db, area_id, feed.body_id, start_of_day(from)).await?;
        let meetings = self.to_meetings(rows).await?;
        let name = match (&feed.body_id, meetings.first()) {
            (Some(b), _) => self.body(*b).await?.map(|b| format!("{}: nätverksmöten", b.name)),
            (None, Some(m)) => Some(format!("{}: nätverksmöten", m.area.name)),
            (None, None) => None,
        };
        // The feed is secret, not signed in: the video link goes in (it is what a subscriber
        // needs), the invited's mailboxes do not.
        let events: Vec<_> = meetings.iter().map(|m| event_of(m, &[], true, mailing)).collect();
        Ok(Some(ics::calendar(Method::Publish, &events, self.clock.now(), name.as_deref())))
    }
}
