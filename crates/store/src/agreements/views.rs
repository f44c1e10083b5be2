//! Read queries for the agreements' pages: the list with its filters and search, the choices
//! of the filters, and the parties of a version (the rows of the consultation matrix and of the
//! adoption view), in Swedish order.
//!
//! The list is filtered after the store has derived each agreement's state (`Store::agreements`):
//! a state is never stored, so it cannot be asked for in SQL, and the registry holds tens of
//! agreements, not thousands.

use chrono::NaiveDate;
use samverkan_domain::agreement::TargetGroup;
use samverkan_domain::{BodyKind, swedish_sort_key};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

use crate::agreements::reads::AgreementSummary;
use crate::entity::{agreement, agreement_party, agreement_version, body, consultation, consultation_recipient, party};
use crate::error::StoreError;
use crate::read::{Ref, valid_at};
use crate::store::Store;

/// What the list of agreements is narrowed to; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementFilter {
    /// The samrådsgrupp (a body's id).
    pub consultative_group: Option<i32>,
    pub target_group: Option<TargetGroup>,
    /// A state's code (`samverkan_domain::agreement::AgreementState::code`), or `none` for an
    /// agreement without a version.
    pub state: Option<String>,
    /// Words to find in the title, short name or summary.
    pub search: Option<String>,
}

/// The code of the state of an agreement that has no version yet.
pub const NO_VERSION_STATE: &str = "none";

/// Whether `needle` occurs in `haystack`, compared as Swedish readers do: case does not matter,
/// nor accents on other letters (`é` is `e`), but `å`, `ä` and `ö` are letters of their own
/// (`ohälsa` is not `ohalsa`). An empty needle matches everything.
pub fn swedish_contains(haystack: &str, needle: &str) -> bool {
    let needle = swedish_sort_key(needle.trim());
    if needle.is_empty() {
        return true;
    }
    let haystack = swedish_sort_key(haystack);
    haystack.windows(needle.len()).any(|w| w == needle.as_slice())
}

impl AgreementFilter {
    /// Whether an agreement, as listed on `on`, passes the filter.
    pub fn admits(&self, a: &AgreementSummary) -> bool {
        if self.consultative_group.is_some_and(|g| a.consultative_group.as_ref().is_none_or(|b| b.id != g)) {
            return false;
        }
        if self.target_group.is_some_and(|t| !TargetGroup::concern(&a.target_groups, t)) {
            return false;
        }
        if let Some(state) = &self.state {
            let code = a.status.as_ref().map_or(NO_VERSION_STATE, |s| s.state.code());
            if code != state {
                return false;
            }
        }
        if let Some(words) = self.search.as_deref().filter(|w| !w.trim().is_empty()) {
            let fields = [Some(a.title.as_str()), a.short_name.as_deref(), a.summary.as_deref()];
            if !fields.into_iter().flatten().any(|f| swedish_contains(f, words)) {
                return false;
            }
        }
        true
    }
}

impl Store {
    /// The agreements on `on` that pass `filter`, in Swedish title order.
    pub async fn find_agreements(
        &self,
        on: NaiveDate,
        filter: &AgreementFilter,
    ) -> Result<Vec<AgreementSummary>, StoreError> {
        Ok(self.agreements(on).await?.into_iter().filter(|a| filter.admits(a)).collect())
    }

    /// The samrådsgrupper valid on `on`, in Swedish order: the choices of the list's filter.
    /// Kept per (data version, date): finding them walks every body (1,742 at national scale).
    pub async fn consultative_groups(&self, on: NaiveDate) -> Result<Vec<Ref>, StoreError> {
        self.counts
            .derived(&self.db, "consultative groups", on.to_string(), || self.consultative_groups_uncached(on))
            .await
    }

    async fn consultative_groups_uncached(&self, on: NaiveDate) -> Result<Vec<Ref>, StoreError> {
        Ok(body::Entity::find()
            .select_only()
            .columns([body::Column::Id, body::Column::Name])
            .filter(body::Column::Kind.eq(BodyKind::ConsultativeGroup.code()))
            .filter(valid_at(body::Column::ValidFrom, body::Column::ValidTo, on))
            .order_by_asc(body::Column::SortKey)
            .order_by_asc(body::Column::Id)
            .into_tuple::<(i32, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|(id, name)| Ref { id, name })
            .collect())
    }

    /// Every agreement's id, and whether it has a version (only then has it a consultation
    /// matrix and an adoption view), for the sitemap.
    pub async fn agreement_ids(&self) -> Result<Vec<(i32, bool)>, StoreError> {
        let ids: Vec<i32> = agreement::Entity::find()
            .select_only()
            .column(agreement::Column::Id)
            .order_by_asc(agreement::Column::Id)
            .into_tuple::<i32>()
            .all(&self.db)
            .await?;
        let versioned: Vec<i32> = agreement_version::Entity::find()
            .select_only()
            .column(agreement_version::Column::AgreementId)
            .distinct()
            .into_tuple::<i32>()
            .all(&self.db)
            .await?;
        Ok(ids.into_iter().map(|id| (id, versioned.contains(&id))).collect())
    }

    /// The parties a version concerns, in Swedish order: its consultation's recipients, or,
    /// without a consultation, every party valid on `on` (as the version's status counts them).
    /// The second value says whether the list is the consultation's recipients. Kept per (data
    /// version, version, date), as the agreement is.
    pub async fn version_parties(&self, version_id: i32, on: NaiveDate) -> Result<(Vec<Ref>, bool), StoreError> {
        let key = format!("{version_id} {on}");
        self.counts.derived(&self.db, "version parties", key, || self.version_parties_uncached(version_id, on)).await
    }

    async fn version_parties_uncached(&self, version_id: i32, on: NaiveDate) -> Result<(Vec<Ref>, bool), StoreError> {
        let consultation: Option<i32> = consultation::Entity::find()
            .select_only()
            .column(consultation::Column::Id)
            .filter(consultation::Column::VersionId.eq(version_id))
            .into_tuple()
            .one(&self.db)
            .await?;
        let mut query = party::Entity::find().select_only().columns([party::Column::Id, party::Column::Name]);
        if let Some(c) = consultation {
            // The recipients, by a subquery: one round trip, and no id list through the driver.
            let recipients = consultation_recipient::Entity::find()
                .select_only()
                .column(consultation_recipient::Column::PartyId)
                .filter(consultation_recipient::Column::ConsultationId.eq(c))
                .into_query();
            query = query.filter(party::Column::Id.in_subquery(recipients));
        } else {
            query = query.filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, on));
        }
        let parties = query
            .order_by_asc(party::Column::SortKey)
            .order_by_asc(party::Column::Id)
            .into_tuple::<(i32, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|(id, name)| Ref { id, name })
            .collect();
        Ok((parties, consultation.is_some()))
    }

    /// The parties that must adopt a version, in Swedish order: its agreement's own list, or
    /// every party valid on `on` when it lists none (as the version's status counts them). Kept
    /// per (data version, version, date).
    pub async fn version_adopters(&self, version_id: i32, on: NaiveDate) -> Result<Vec<Ref>, StoreError> {
        let key = format!("{version_id} {on}");
        self.counts.derived(&self.db, "version adopters", key, || self.version_adopters_uncached(version_id, on)).await
    }

    async fn version_adopters_uncached(&self, version_id: i32, on: NaiveDate) -> Result<Vec<Ref>, StoreError> {
        let Some(version) = agreement_version::Entity::find_by_id(version_id).one(&self.db).await? else {
            return Ok(Vec::new());
        };
        let listed = agreement_party::Entity::find()
            .select_only()
            .column(agreement_party::Column::PartyId)
            .filter(agreement_party::Column::AgreementId.eq(version.agreement_id));
        let any = listed.clone().into_tuple::<i32>().one(&self.db).await?.is_some();
        let mut query = party::Entity::find().select_only().columns([party::Column::Id, party::Column::Name]);
        query = if any {
            query.filter(party::Column::Id.in_subquery(listed.into_query()))
        } else {
            query.filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, on))
        };
        Ok(query
            .order_by_asc(party::Column::SortKey)
            .order_by_asc(party::Column::Id)
            .into_tuple::<(i32, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|(id, name)| Ref { id, name })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_is_swedish() {
        assert!(swedish_contains("Psykisk ohälsa", "ohälsa"));
        assert!(swedish_contains("Psykisk ohälsa", "OHÄLSA"));
        assert!(swedish_contains("Psykisk ohälsa", " psykisk  "));
        assert!(!swedish_contains("Psykisk ohälsa", "ohalsa"), "ä is a letter of its own");
        assert!(swedish_contains("Café", "cafe"));
        assert!(swedish_contains("Äldre", ""));
        assert!(!swedish_contains("Äldre", "äldreomsorg"));
    }
}
