//! The agreements' pages: the list (filters by samrådsgrupp, target group and state, and a
//! Swedish-aware search), an agreement (registry facts, relations, versions with the timeline of
//! their process), the consultation matrix and the adoption view. They read the same store
//! functions as the API; every state shown is derived from the facts by the domain's rules.

use crate::history::{History, history};
use crate::kit::paths::{self, AGREEMENT, AGREEMENT_ADOPTION, AGREEMENT_CONSULTATION, AGREEMENT_PAGES, AGREEMENTS};
use crate::kit::{AppState, Error, Layout, PageAt, PageError, parse_id, render};
use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use chrono::NaiveDate;
use samverkan_domain::agreement::{DecisionOutcome, RelationKind, TargetGroup};
use samverkan_domain::agreement_state::{AgreementState, Decision, standing_decisions};
use samverkan_domain::when::{Seen, words_of};
use samverkan_store::{
    AgreementDetail, AgreementFilter, AgreementStatus, AgreementSummary, Answer, DecisionRecord, NO_VERSION_STATE, Ref,
    Version, WithdrawalRecord,
};

/// The menu section the agreements' pages mark as current.
const SECTION: &str = "overenskommelser";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(AGREEMENTS, get(list))
        .route(AGREEMENT, get(agreement))
        .route(AGREEMENT_CONSULTATION, get(consultation))
        .route(AGREEMENT_ADOPTION, get(adoption))
}

/// Every agreement page, for the sitemap.
pub async fn sitemap_paths(state: &AppState) -> Result<Vec<String>, Error> {
    let ids = state.store.agreement_ids().await?;
    let mut out = vec![AGREEMENTS.to_owned(), paths::COMPARISON.to_owned()];
    for (id, has_version) in ids {
        let pages = if has_version { &AGREEMENT_PAGES[..] } else { &AGREEMENT_PAGES[..1] };
        out.extend(pages.iter().map(|p| paths::fill(p, id)));
    }
    Ok(out)
}

type PageResult = Result<Html<String>, PageError>;

/// A day, or the time in words when the sources give no day, or a dash.
pub fn day_or_words(day: &Option<NaiveDate>, words: &Option<String>) -> String {
    match (day, words) {
        (Some(d), _) => d.to_string(),
        (None, Some(w)) => w.clone(),
        (None, None) => "–".to_owned(),
    }
}

/// A status as one line ("Antagen av 12 av 27 parter"), or that there is no version yet.
pub fn status_label(status: &Option<AgreementStatus>) -> String {
    status.as_ref().map_or_else(|| "Ingen version ännu".to_owned(), AgreementStatus::label)
}

/// The target groups in words, comma separated.
pub fn target_groups(groups: &[TargetGroup]) -> String {
    if groups.is_empty() {
        return "Inte angivna".to_owned();
    }
    groups.iter().map(|g| g.label()).collect::<Vec<_>>().join(", ")
}

/// How a relation reads from the other agreement's side ("Ersatt av").
pub fn inverse_label(kind: &RelationKind) -> &'static str {
    match kind {
        RelationKind::AddOnTo => "Har tillägget",
        RelationKind::AnnexOf => "Har bilagan",
        RelationKind::Replaces => "Ersatt av",
        RelationKind::RevisedBecauseOf => "Har föranlett revidering av",
    }
}

/// The states people filter by, with their names in Swedish.
const STATES: [(&str, &str); 12] = [
    ("draft", "Utkast"),
    ("not_recorded", "Beslutsprocessen inte registrerad"),
    ("on_consultation", "På remiss"),
    ("consulted", "Remissen avslutad"),
    ("recommended", "Rekommenderad"),
    ("being_adopted", "Antas"),
    ("adopted", "Antagen, gäller ännu inte"),
    ("in_force", "Gäller"),
    ("rejected", "Avslagen"),
    ("expired", "Upphörd"),
    ("replaced", "Ersatt"),
    (NO_VERSION_STATE, "Ingen version ännu"),
];

// ---- The list ---------------------------------------------------------------------------------

/// The list's query parameters, in Swedish.
mod param {
    pub const GROUP: &str = "samradsgrupp";
    pub const TARGET: &str = "malgrupp";
    pub const STATE: &str = "lage";
    pub const SEARCH: &str = "sok";
}

/// Reads the list's filter from the query; an empty value is no filter (the form's "Alla").
pub(crate) fn read_filter(query: Option<&str>) -> Result<AgreementFilter, Error> {
    let mut filter = AgreementFilter::default();
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            param::GROUP => {
                let id = value.parse::<i32>().ok().filter(|id| *id > 0);
                filter.consultative_group = Some(id.ok_or_else(|| {
                    Error::bad_request(param::GROUP, format!("ska vara ett organs id, inte \"{value}\""))
                })?);
            }
            param::TARGET => {
                filter.target_group =
                    Some(TargetGroup::parse(value).map_err(|e| Error::bad_request(param::TARGET, e))?);
            }
            param::STATE => {
                if !STATES.iter().any(|(code, _)| *code == value) {
                    let allowed: Vec<&str> = STATES.iter().map(|(c, _)| *c).collect();
                    return Err(Error::bad_request(
                        param::STATE,
                        format!("okänt läge \"{value}\"; giltiga värden är {}", allowed.join(", ")),
                    ));
                }
                filter.state = Some(value.to_owned());
            }
            param::SEARCH => filter.search = Some(value.chars().take(200).collect()),
            _ => {}
        }
    }
    Ok(filter)
}

/// The samrådsgrupper on `date` as a filter's choices, the filter's own selected.
pub(crate) async fn group_choices(
    state: &AppState,
    date: NaiveDate,
    filter: &AgreementFilter,
) -> Result<Vec<Choice>, Error> {
    Ok(state
        .store
        .consultative_groups(date)
        .await?
        .into_iter()
        .map(|g| Choice { selected: filter.consultative_group == Some(g.id), value: g.id.to_string(), label: g.name })
        .collect())
}

/// One choice of a filter's `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "agreements.html")]
struct ListPage {
    layout: Layout,
    agreements: Vec<AgreementSummary>,
    groups: Vec<Choice>,
    targets: Vec<Choice>,
    states: Vec<Choice>,
    search: String,
    /// Whether any filter or search is in use.
    filtered: bool,
}

async fn list(State(state): State<AppState>, at: PageAt, RawQuery(query): RawQuery) -> PageResult {
    let filter = read_filter(query.as_deref())?;
    let date = at.0.date;
    let agreements = state.store.find_agreements(date, &filter).await?;
    let groups = group_choices(&state, date, &filter).await?;
    let targets = TargetGroup::ALL
        .iter()
        .map(|t| Choice {
            value: t.code().to_owned(),
            label: t.label().to_owned(),
            selected: filter.target_group == Some(*t),
        })
        .collect();
    let states = STATES
        .iter()
        .map(|(code, label)| Choice {
            value: (*code).to_owned(),
            label: (*label).to_owned(),
            selected: filter.state.as_deref() == Some(*code),
        })
        .collect();
    let mut layout = Layout::new(&state, "Överenskommelser", SECTION, &at);
    // The "today" link keeps the filters (values written for a URL).
    if let Some(g) = filter.consultative_group {
        layout.kept.push((param::GROUP, g.to_string()));
    }
    if let Some(t) = filter.target_group {
        layout.kept.push((param::TARGET, t.code().to_owned()));
    }
    if let Some(s) = &filter.state {
        layout.kept.push((param::STATE, s.clone()));
    }
    if let Some(s) = &filter.search {
        layout.kept.push((param::SEARCH, form_urlencoded::byte_serialize(s.as_bytes()).collect()));
    }
    let filtered = filter != AgreementFilter::default();
    let page = ListPage {
        layout,
        agreements,
        groups,
        targets,
        states,
        search: filter.search.clone().unwrap_or_default(),
        filtered,
    };
    Ok(render(&page)?)
}

// ---- One agreement ----------------------------------------------------------------------------

/// The agreement, or 404.
pub(crate) async fn detail(state: &AppState, id: &str, on: NaiveDate) -> Result<AgreementDetail, Error> {
    let id = parse_id(id)?;
    state.store.agreement(id, on).await?.ok_or(Error::NotFound)
}

/// One step of a version's process, as its timeline shows it.
pub struct Step {
    /// The step's name ("Remiss skickad").
    pub what: String,
    /// When: a day, words, or empty.
    pub when: String,
    /// What happened, in a sentence.
    pub detail: String,
}

/// A version with its timeline.
pub struct VersionView {
    pub version: Version,
    pub steps: Vec<Step>,
}

/// The timeline of a version's process, in the order it runs.
fn timeline(v: &Version) -> Vec<Step> {
    let mut steps = Vec::new();
    if let Some(c) = &v.consultation {
        let deadline = c.deadline.map_or_else(String::new, |d| format!("Sista svarsdag {d}."));
        steps.push(Step {
            what: "Remiss skickad".to_owned(),
            when: day_or_words(&c.sent_on, &c.sent_text),
            detail: format!("Till {} parter. {deadline}", c.recipients).trim().to_owned(),
        });
        let late = v.answers.iter().filter(|a| a.late).count();
        let late = match late {
            0 => String::new(),
            1 => ", varav 1 sent".to_owned(),
            n => format!(", varav {n} sena"),
        };
        let detail = if v.answers.is_empty() {
            "Inga remissvar registrerade.".to_owned()
        } else {
            format!("{} av {} parter har svarat{late}.", v.answers.len(), v.status.parties)
        };
        steps.push(Step { what: "Remissvar".to_owned(), when: String::new(), detail });
    }
    for p in &v.proposals {
        let detail = format!("Från {} till {}.", p.body.name, p.to.name);
        steps.push(Step { what: "Förslag".to_owned(), when: day_or_words(&p.proposed_on, &p.proposed_text), detail });
    }
    // Dated recommendations by their day, then those the sources give in words, in the order
    // recorded (the databases disagree on where an unknown day sorts).
    let mut recommendations: Vec<_> = v.recommendations.iter().collect();
    recommendations.sort_by_key(|r| (r.decided_on.is_none(), r.decided_on));
    for r in recommendations {
        steps.push(Step {
            what: "Rekommendation".to_owned(),
            when: day_or_words(&r.decided_on, &r.decided_text),
            detail: format!("{} till {}: {}.", r.body_name, r.addressed_to.label().to_lowercase(), r.outcome.label()),
        });
    }
    if !v.decisions.is_empty() {
        let n = v.decisions.len();
        steps.push(Step {
            what: "Beslut".to_owned(),
            when: String::new(),
            detail: format!(
                "{} av {} parter har antagit ({n} beslut {}).",
                v.status.adopted,
                v.status.parties,
                if n == 1 { "registrerat" } else { "registrerade" }
            ),
        });
    }
    match (&v.status.state, v.status.in_force_from, &v.status.in_force_text) {
        (_, Some(from), _) => steps.push(Step {
            what: "Gäller".to_owned(),
            when: from.to_string(),
            detail: format!("Gäller från {from}."),
        }),
        (_, None, Some(words)) => steps.push(Step {
            what: "Gäller".to_owned(),
            when: words.clone(),
            detail: format!("Gäller från {words}; dagen är inte känd."),
        }),
        (AgreementState::InForce { from: None, .. }, None, None) => steps.push(Step {
            what: "Gäller".to_owned(),
            when: "dag okänd".to_owned(),
            detail: "Antagen av alla parter; dagen för det sista beslutet är inte känd.".to_owned(),
        }),
        _ => {}
    }
    steps
}

#[derive(Template)]
#[template(path = "agreement.html")]
struct AgreementPage {
    layout: Layout,
    a: AgreementDetail,
    versions: Vec<VersionView>,
    history: History,
    documents: crate::documents::AgreementDocuments,
    /// The coded working models' labels, by dimension (implementation, follow-up, digital
    /// support); empty where none is coded.
    model_labels: [String; 3],
    plans: crate::plans::ImplementingPlans,
}

async fn agreement(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let mut a = detail(&state, &id, at.0.date).await?;
    let versions = std::mem::take(&mut a.versions)
        .into_iter()
        .map(|version| VersionView { steps: timeline(&version), version })
        .collect();
    let models = state.store.agreement_working_models(a.summary.id).await?;
    let labels = |d: samverkan_domain::agreement::ModelDimension| {
        models.iter().filter(|m| m.dimension() == d).map(|m| m.label()).collect::<Vec<_>>().join(", ")
    };
    use samverkan_domain::agreement::ModelDimension::{DigitalSupport, FollowUp, Implementation};
    let model_labels = [labels(Implementation), labels(FollowUp), labels(DigitalSupport)];
    let by_model = models.contains(&samverkan_domain::agreement::WorkingModel::LocalActionPlans);
    let page = AgreementPage {
        plans: crate::plans::implementing_plans(&state, a.summary.id, by_model).await?,
        model_labels,
        layout: Layout::new(&state, a.summary.title.clone(), SECTION, &at),
        history: history(&state, &at, "agreement", a.summary.id).await?,
        documents: crate::documents::AgreementDocuments::of(&state, a.summary.id).await?,
        versions,
        a,
    };
    Ok(render(&page)?)
}

/// The version a matrix is about: `?version=ID` of this agreement, else its latest.
pub(crate) fn chosen_version(a: &AgreementDetail, query: Option<&str>) -> Result<Version, Error> {
    let asked = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .filter(|(k, v)| k == "version" && !v.is_empty())
        .map(|(_, v)| v.into_owned())
        .last();
    match asked {
        Some(raw) => {
            let id = raw
                .parse::<i32>()
                .map_err(|_| Error::bad_request("version", format!("ska vara en versions id, inte \"{raw}\"")))?;
            a.versions.iter().find(|v| v.id == id).cloned().ok_or(Error::NotFound)
        }
        None => a.versions.first().cloned().ok_or(Error::NotFound),
    }
}

/// A party's row in the consultation matrix.
pub struct AnswerRow {
    pub party: Ref,
    pub answer: Option<Answer>,
}

#[derive(Template)]
#[template(path = "agreement_consultation.html")]
struct ConsultationPage {
    layout: Layout,
    a: AgreementSummary,
    version: Version,
    /// Links to the other versions' matrices.
    others: Vec<(i32, String)>,
    rows: Vec<AnswerRow>,
    documents: crate::documents::AgreementDocuments,
    answered: usize,
    late: usize,
    /// Each stance and how many answered so.
    stances: Vec<(&'static str, usize)>,
    /// Whether the visitor may record an answer for one of the recipients (the form's link).
    may_answer: bool,
}

async fn consultation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    RawQuery(query): RawQuery,
) -> PageResult {
    let a = detail(&state, &id, at.0.date).await?;
    let version = chosen_version(&a, query.as_deref())?;
    let rows = if version.consultation.is_some() {
        let (parties, _) = state.store.version_parties(version.id, at.0.date).await?;
        parties
            .into_iter()
            .map(|party| AnswerRow { answer: version.answers.iter().find(|x| x.party.id == party.id).cloned(), party })
            .collect()
    } else {
        Vec::new()
    };
    let stances = samverkan_domain::agreement::Stance::ALL
        .iter()
        .map(|s| (s.label(), version.answers.iter().filter(|x| x.stance == *s).count()))
        .collect();
    let mut layout = Layout::new(&state, format!("Remissvar: {}", a.summary.title), SECTION, &at);
    layout.kept.push(("version", version.id.to_string()));
    let may_answer = crate::kit::may_record_for(at.1.as_deref(), rows.iter().map(|r| r.party.id));
    let page = ConsultationPage {
        may_answer,
        layout,
        others: a.versions.iter().filter(|v| v.id != version.id).map(|v| (v.id, v.number.clone())).collect(),
        documents: crate::documents::AgreementDocuments::of(&state, a.summary.id).await?,
        answered: version.answers.len(),
        late: version.answers.iter().filter(|x| x.late).count(),
        stances,
        rows,
        version,
        a: a.summary,
    };
    Ok(render(&page)?)
}

/// A party's row in the adoption view: its standing decision, if any, and the latest referral
/// back after it (which is not a decision, but people want to see it).
pub struct DecisionRow {
    pub party: Ref,
    pub decision: Option<DecisionRecord>,
    pub referred_back: Option<DecisionRecord>,
    /// A decision whose time in words the date lies inside ("antagen under våren 2022").
    pub under_way: Option<DecisionRecord>,
    /// The party's withdrawal decided by the date (*uppsägning*), if any, and whether it has
    /// left by then.
    pub withdrawal: Option<WithdrawalRecord>,
    pub left: bool,
}

impl DecisionRow {
    /// A decision that may have been made by the date, as people read it: "Antagen under våren
    /// 2022".
    pub fn under_way_label(&self) -> Option<String> {
        self.under_way.as_ref().map(|d| format!("{} under {}", d.outcome.label(), words_of(d.when)))
    }

    /// The outcome's code for the map to colour by (`none` without a decision, `left` once the
    /// party has left).
    pub fn outcome_code(&self) -> &'static str {
        if self.left {
            return "left";
        }
        self.decision.as_ref().map_or("none", |d| d.outcome.code())
    }

    /// The ids of the row's standing decision and of the referral back after it.
    pub fn decision_ids(&self) -> Vec<i32> {
        self.decision.iter().chain(self.referred_back.iter()).map(|d| d.id).collect()
    }
}

#[derive(Template)]
#[template(path = "agreement_adoption.html")]
struct AdoptionPage {
    layout: Layout,
    a: AgreementSummary,
    version: Version,
    others: Vec<(i32, String)>,
    rows: Vec<DecisionRow>,
    rejected: usize,
    documents: crate::documents::AgreementDocuments,
    /// Whether the version is in force (or will be) on the page's date.
    in_force: String,
    /// Each party's preparatory handling up to the page's date (*beredning*).
    preparation: Vec<samverkan_store::PreparatoryStep>,
    /// Whether the visitor may record a decision or a preparatory step for one of the parties.
    may_record: bool,
}

impl AdoptionPage {
    /// A party's preparatory steps, in the order they happened.
    fn preparation_of(&self, party_id: &i32) -> Vec<&samverkan_store::PreparatoryStep> {
        self.preparation.iter().filter(|s| s.party.id == *party_id).collect()
    }
}

/// Each party's standing decision on `on`, as the domain's rule picks it, with its record.
pub(crate) fn decision_rows(version: &Version, parties: Vec<Ref>, on: NaiveDate) -> Vec<DecisionRow> {
    let facts: Vec<Decision> =
        version.decisions.iter().map(|d| Decision { party_id: d.party.id, when: d.when, outcome: d.outcome }).collect();
    let standing = standing_decisions(&facts, on);
    let mut withdrawals = super::succession::standing(version, on);
    // Each party's decisions, in the order recorded, grouped once (not a scan per party).
    let mut by_party: std::collections::HashMap<i32, Vec<&DecisionRecord>> = std::collections::HashMap::new();
    for d in &version.decisions {
        by_party.entry(d.party.id).or_default().push(d);
    }
    parties
        .into_iter()
        .map(|party| {
            let own = by_party.get(&party.id).map_or(&[][..], Vec::as_slice);
            let made = |d: &&DecisionRecord| d.when.done_by(on);
            let decision = standing.get(&party.id).and_then(|s| {
                own.iter().copied().filter(made).rfind(|d| d.when == s.when && d.outcome == s.outcome).cloned()
            });
            // A decision whose time in words `on` lies inside: it may have been made.
            let under_way = own
                .iter()
                .copied()
                .filter(|d| d.when.seen_on(on) == Seen::During && d.outcome != DecisionOutcome::ReferredBack)
                .rfind(|d| decision.as_ref().is_none_or(|s| s.when.last < d.when.last))
                .cloned();
            let referred_back = own
                .iter()
                .copied()
                .filter(made)
                .filter(|d| d.outcome == DecisionOutcome::ReferredBack)
                .rfind(|d| decision.as_ref().is_none_or(|s| d.when.last > s.when.last))
                .cloned();
            let withdrawal = withdrawals.remove(&party.id);
            let left = withdrawal.as_ref().is_some_and(|w| w.leaves_on <= on);
            DecisionRow { withdrawal, left, party, decision, referred_back, under_way }
        })
        .collect()
}

async fn adoption(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    RawQuery(query): RawQuery,
) -> PageResult {
    let date = at.0.date;
    let a = detail(&state, &id, date).await?;
    let version = chosen_version(&a, query.as_deref())?;
    let parties = state.store.version_adopters(version.id, date).await?;
    let rows = decision_rows(&version, parties, date);
    let mut preparation = state.store.preparatory_steps(version.id).await?.unwrap_or_default();
    preparation.retain(|s| s.handled_on.is_none_or(|day| day <= date));
    let rejected = rows.iter().filter(|r| r.outcome_code() == DecisionOutcome::Rejected.code()).count();
    let in_force = super::succession::applies(&version.status);
    let mut layout = Layout::new(&state, format!("Antagande: {}", a.summary.title), SECTION, &at);
    layout.kept.push(("version", version.id.to_string()));
    let may_record = crate::kit::may_record_for(at.1.as_deref(), rows.iter().map(|r| r.party.id));
    let page = AdoptionPage {
        may_record,
        layout,
        others: a.versions.iter().filter(|v| v.id != version.id).map(|v| (v.id, v.number.clone())).collect(),
        rows,
        rejected,
        documents: crate::documents::AgreementDocuments::of(&state, a.summary.id).await?,
        in_force,
        preparation,
        version,
        a: a.summary,
    };
    Ok(render(&page)?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_filter_reads_swedish_parameters_and_ignores_empty_ones() {
        let f = read_filter(Some("samradsgrupp=&malgrupp=elderly&lage=in_force&sok=Psykisk+oh%C3%A4lsa")).unwrap();
        assert_eq!(f.consultative_group, None);
        assert_eq!(f.target_group, Some(TargetGroup::Elderly));
        assert_eq!(f.state.as_deref(), Some("in_force"));
        assert_eq!(f.search.as_deref(), Some("Psykisk ohälsa"));
        assert!(read_filter(Some("lage=flying")).is_err());
        assert!(read_filter(Some("samradsgrupp=x")).is_err());
    }
}
