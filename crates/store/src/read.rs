//! What every read shares: a reference to a record ([`Ref`]), the date condition of "as things
//! stood on a date" ([`valid_at`]), paging in SQL ([`Page`], [`Store::paged`]), the few records
//! a form chooses among ([`Choices`]), and the batched look-ups of names by id that turn a
//! page's ids into names in one query each. It imports no kind of record's module: each of those
//! builds on it.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use samverkan_domain::Period;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select};

use crate::entity::{area, body, function, organisation, party, person, sub_region};
use crate::error::StoreError;
use crate::store::Store;

/// An id and a name: enough to show and link a related record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub id: i32,
    pub name: String,
}

/// A window on a long list: at most `limit` items (all when `None`) after skipping `offset`, or,
/// with a `cursor`, right after or before a known row (which costs the same however deep).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: Option<u64>,
    pub offset: u64,
    pub cursor: Option<Cursor>,
}

/// A row of the list (by id) that the page starts after or ends before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    After(i32),
    Before(i32),
}

impl Cursor {
    /// The row's id.
    pub fn id(self) -> i32 {
        match self {
            Cursor::After(id) | Cursor::Before(id) => id,
        }
    }
}

impl Page {
    /// The whole list.
    pub const ALL: Page = Page { limit: None, offset: 0, cursor: None };

    /// The first `limit` rows.
    pub const fn first(limit: u64) -> Page {
        Page { limit: Some(limit), offset: 0, cursor: None }
    }
}

/// One page of a list, and how long the whole list is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// A few records to choose among in a form: all of them when there are at most the limit asked
/// for, or `None` when there are more (the form then takes an id instead of a select list).
pub type Choices = Option<Vec<Ref>>;

/// The page `page` asks for of a whole list kept in memory (in list order), as [`Store::paged`]
/// would read it: after or before a cursor's row, or from the offset when there is no cursor or
/// its row is gone.
pub(crate) fn page_of<T: Clone>(all: &[T], page: Page, id: impl Fn(&T) -> i32) -> Vec<T> {
    let limit = page.limit.map_or(all.len(), |l| usize::try_from(l).unwrap_or(usize::MAX));
    let offset = usize::try_from(page.offset).unwrap_or(usize::MAX).min(all.len());
    let at = |c: i32| all.iter().position(|t| id(t) == c);
    let (start, end) = match page.cursor.and_then(|c| Some((c, at(c.id())?))) {
        Some((Cursor::After(_), i)) => (i + 1, (i + 1).saturating_add(limit)),
        Some((Cursor::Before(_), i)) => (i.saturating_sub(limit), i),
        None => (offset, offset.saturating_add(limit)),
    };
    all[start..end.min(all.len())].to_vec()
}

/// Rows valid on `at`: (`valid_from` is unknown or `<= at`) and (`valid_to` is open or `>= at`).
/// A start that is not known (NULL) counts as before any date: the record existed before
/// anything recorded here.
pub(crate) fn valid_at<C: ColumnTrait>(from: C, to: C, at: NaiveDate) -> Condition {
    Condition::all()
        .add(Condition::any().add(from.is_null()).add(from.lte(at)))
        .add(Condition::any().add(to.is_null()).add(to.gte(at)))
}

/// A stored period; its start `None` when it is not known.
pub(crate) fn period(from: impl Into<Option<NaiveDate>>, to: Option<NaiveDate>) -> Result<Period, StoreError> {
    Period::starting(from.into(), to).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The distinct ids among `ids`, for an `IN (…)` look-up.
pub(crate) fn unique(ids: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Sorts by name in Swedish order, computing each name's sort key once.
pub(crate) fn by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| samverkan_domain::swedish_sort_string(name(item)));
}

/// Where a deep page by number starts is kept for every this many rows of a list (a list
/// page's length, so a page by number starts on one).
const PAGE_STARTS_EVERY: u64 = 100;

impl Store {
    /// Runs a select (ordered by `sort_key`, `id`) for one page, and counts the whole list.
    /// `id` and `sort_key` are the table's columns, and `row_id` reads the id from a row.
    pub(crate) async fn paged<E>(
        &self,
        select: Select<E>,
        page: Page,
        (id, sort_key): (E::Column, E::Column),
        row_id: fn(&E::Model) -> i32,
    ) -> Result<(Vec<E::Model>, u64), StoreError>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        if page.limit.is_none() && page.offset == 0 {
            // The whole list: its length is the count, no second query needed.
            let rows = select.all(&self.db).await?;
            let total = rows.len() as u64;
            return Ok((rows, total));
        }
        let total = self.counts.count(&self.db, select.clone()).await?;
        // SQLite cannot take OFFSET without LIMIT; "no limit" is the largest one it accepts.
        let limit = page.limit.unwrap_or(i64::MAX.unsigned_abs());
        if let Some(cursor) = page.cursor {
            let (at_id, after) = match cursor {
                Cursor::After(id) => (id, true),
                Cursor::Before(id) => (id, false),
            };
            let key: Option<String> =
                E::find().select_only().column(sort_key).filter(id.eq(at_id)).into_tuple().one(&self.db).await?;
            // A cursor on a row that is gone: fall back to the offset.
            if let Some(key) = key {
                use sea_orm::sea_query::{Expr, ExprTrait};
                let here = Expr::tuple([Expr::col(sort_key), Expr::col(id)]);
                let there = Expr::tuple([Expr::val(key), Expr::val(at_id)]);
                let mut rows = if after {
                    select.filter(here.gt(there)).limit(limit).all(&self.db).await?
                } else {
                    let mut reversed = select.filter(here.lt(there));
                    QueryOrder::query(&mut reversed).clear_order_by();
                    reversed.order_by_desc(sort_key).order_by_desc(id).limit(limit).all(&self.db).await?
                };
                if !after {
                    rows.reverse();
                }
                return Ok((rows, total));
            }
        }
        if page.offset == 0 {
            return Ok((select.limit(limit).all(&self.db).await?, total));
        }
        if page.offset >= total {
            return Ok((Vec::new(), total));
        }
        if page.offset >= PAGE_STARTS_EVERY {
            // A deep page by number: from the nearest kept page start, as a cursor would, so
            // page 303 costs what page 2 does. The starts are read once per data version.
            let ids = select.clone().select_only().column(id);
            let key = ids.build(self.db.pool().get_database_backend()).to_string();
            let db = &self.db;
            let starts: Arc<Vec<i32>> = self
                .counts
                .derived(db, "page starts", key, || async move {
                    let ids: Vec<i32> = ids.into_tuple().all(db).await?;
                    Ok(Arc::new(ids.into_iter().step_by(PAGE_STARTS_EVERY as usize).collect()))
                })
                .await?;
            let start = usize::try_from(page.offset / PAGE_STARTS_EVERY).ok().and_then(|i| starts.get(i).copied());
            if let Some(start) = start {
                let key: Option<String> =
                    E::find().select_only().column(sort_key).filter(id.eq(start)).into_tuple().one(&self.db).await?;
                if let Some(key) = key {
                    use sea_orm::sea_query::{Expr, ExprTrait};
                    let here = Expr::tuple([Expr::col(sort_key), Expr::col(id)]);
                    let there = Expr::tuple([Expr::val(key), Expr::val(start)]);
                    let rows = select
                        .filter(here.gte(there))
                        .limit(limit)
                        .offset(page.offset % PAGE_STARTS_EVERY)
                        .all(&self.db)
                        .await?;
                    return Ok((rows, total));
                }
            }
        }
        // Skip over the ids alone, on the covering listing index, then read just the rows of
        // the page. Skipping whole rows would read every one of them.
        let ids: Vec<i32> =
            select.select_only().column(id).limit(limit).offset(page.offset).into_tuple().all(&self.db).await?;
        let position: HashMap<i32, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut rows = E::find().filter(id.is_in(ids)).all(&self.db).await?;
        rows.sort_by_key(|row| position.get(&row_id(row)).copied().unwrap_or(usize::MAX));
        Ok((rows, total))
    }

    /// Up to `limit` rows of `select` as references, in list order; `None` when there are more.
    pub(crate) async fn choices<E>(
        &self,
        select: Select<E>,
        (id, name, sort_key): (E::Column, E::Column, E::Column),
        limit: u64,
    ) -> Result<Choices, StoreError>
    where
        E: EntityTrait,
    {
        let rows: Vec<(i32, String)> = select
            .select_only()
            .column(id)
            .column(name)
            .order_by_asc(sort_key)
            .order_by_asc(id)
            .limit(limit + 1)
            .into_tuple()
            .all(&self.db)
            .await?;
        if rows.len() as u64 > limit {
            return Ok(None);
        }
        Ok(Some(rows.into_iter().map(|(id, name)| Ref { id, name }).collect()))
    }

    pub(crate) async fn party_names(
        &self,
        ids: impl IntoIterator<Item = i32>,
    ) -> Result<HashMap<i32, String>, StoreError> {
        self.names_of(RecordKind::Party, &ids.into_iter().collect::<Vec<_>>()).await
    }

    pub(crate) async fn organisation_names(
        &self,
        ids: impl IntoIterator<Item = i32>,
    ) -> Result<HashMap<i32, String>, StoreError> {
        self.names_of(RecordKind::Organisation, &ids.into_iter().collect::<Vec<_>>()).await
    }

    pub(crate) async fn area_names(
        &self,
        ids: impl IntoIterator<Item = i32>,
    ) -> Result<HashMap<i32, String>, StoreError> {
        self.names_of(RecordKind::Area, &ids.into_iter().collect::<Vec<_>>()).await
    }

    pub(crate) async fn body_names(
        &self,
        ids: impl IntoIterator<Item = i32>,
    ) -> Result<HashMap<i32, String>, StoreError> {
        self.names_of(RecordKind::Body, &ids.into_iter().collect::<Vec<_>>()).await
    }

    pub(crate) async fn sub_region_names(
        &self,
        ids: impl IntoIterator<Item = i32>,
    ) -> Result<HashMap<i32, String>, StoreError> {
        self.names_of(RecordKind::SubRegion, &ids.into_iter().collect::<Vec<_>>()).await
    }
}

/// The kinds of record a history names by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Party,
    Area,
    Organisation,
    Person,
    Function,
    Body,
    SubRegion,
}

impl Store {
    /// The names of records of one kind, by id, in one query (to show a history's ids as names).
    pub async fn names_of(&self, kind: RecordKind, ids: &[i32]) -> Result<HashMap<i32, String>, StoreError> {
        let ids = unique(ids.iter().copied());
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        macro_rules! names {
            ($m:ident) => {
                $m::Entity::find()
                    .select_only()
                    .column($m::Column::Id)
                    .column($m::Column::Name)
                    .filter($m::Column::Id.is_in(ids))
                    .into_tuple::<(i32, String)>()
                    .all(&self.db)
                    .await?
            };
        }
        macro_rules! all_names {
            ($m:ident) => {{
                let db = &self.db;
                let all: Arc<HashMap<i32, String>> = self
                    .counts
                    .derived(db, "names of every", format!("{kind:?}"), || async move {
                        let rows = $m::Entity::find()
                            .select_only()
                            .column($m::Column::Id)
                            .column($m::Column::Name)
                            .into_tuple::<(i32, String)>()
                            .all(db)
                            .await?;
                        Ok(Arc::new(rows.into_iter().collect()))
                    })
                    .await?;
                return Ok(ids.iter().filter_map(|id| Some((*id, all.get(id)?.clone()))).collect());
            }};
        }
        // The kinds there are at most some thousands of (311 parties, 1,200 areas and 2,400
        // functions in the whole country) are named from one map kept per data version: pages
        // name them in almost every row. Organisations (60,000) and persons are looked up.
        let rows = match kind {
            RecordKind::Party => all_names!(party),
            RecordKind::Area => all_names!(area),
            RecordKind::Function => all_names!(function),
            RecordKind::Body => all_names!(body),
            RecordKind::SubRegion => all_names!(sub_region),
            RecordKind::Organisation => names!(organisation),
            RecordKind::Person => names!(person),
        };
        Ok(rows.into_iter().collect())
    }
}

#[cfg(test)]
mod page_of_tests {
    use super::{Cursor, Page, page_of};

    #[test]
    fn a_kept_list_pages_as_the_database_would() {
        let all: Vec<i32> = (10..30).collect();
        let ids = |page| page_of(&all, page, |x: &i32| *x);
        assert_eq!(ids(Page::first(3)), [10, 11, 12]);
        assert_eq!(ids(Page { limit: Some(3), offset: 18, cursor: None }), [28, 29]);
        assert!(ids(Page { limit: Some(3), offset: 40, cursor: None }).is_empty());
        assert_eq!(ids(Page { limit: Some(3), offset: 0, cursor: Some(Cursor::After(12)) }), [13, 14, 15]);
        assert_eq!(ids(Page { limit: Some(3), offset: 0, cursor: Some(Cursor::Before(12)) }), [10, 11]);
        assert_eq!(ids(Page { limit: Some(3), offset: 0, cursor: Some(Cursor::After(29)) }), Vec::<i32>::new());
        // A cursor on a row that is gone: the offset, as in SQL.
        assert_eq!(ids(Page { limit: Some(2), offset: 5, cursor: Some(Cursor::After(99)) }), [15, 16]);
        assert_eq!(ids(Page::ALL).len(), 20);
    }
}
