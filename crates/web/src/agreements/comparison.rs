//! The comparison matrix (*jämförelse*): every agreement by how it is implemented, followed up
//! and supported digitally, and the models two or more of them share. Each agreement grew its own
//! ways; the parties asked to review them together, find the overlaps and simplify.

use crate::agreements::pages::{Choice, group_choices, read_filter};
use crate::kit::paths::COMPARISON;
use crate::kit::{AppState, Layout, PageAt, PageError, render};
use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use samverkan_domain::agreement::{ModelDimension, WorkingModel, shared_models};
use samverkan_store::AgreementSummary;

pub fn router() -> Router<AppState> {
    Router::new().route(COMPARISON, get(comparison))
}

/// One agreement's row in a dimension's table.
pub struct Row {
    pub agreement: AgreementSummary,
    /// Whether it uses each of the dimension's models, in the columns' order.
    pub uses: Vec<bool>,
    /// Its own words on this side of its working, when it has any.
    pub description: Option<String>,
}

/// A model two or more agreements share, with those agreements.
pub struct Shared {
    pub model: WorkingModel,
    pub agreements: Vec<(i32, String)>,
}

/// One dimension: its table and its shared models.
pub struct DimensionView {
    pub dimension: ModelDimension,
    /// The `id` of its section, for the page's table of contents.
    pub anchor: &'static str,
    pub models: Vec<WorkingModel>,
    /// How many agreements use each model, in the columns' order.
    pub totals: Vec<usize>,
    pub rows: Vec<Row>,
    /// Agreements with no coded model on this side.
    pub not_coded: usize,
    pub shared: Vec<Shared>,
}

#[derive(Template)]
#[template(path = "agreement_comparison.html")]
struct ComparisonPage {
    layout: Layout,
    dimensions: Vec<DimensionView>,
    groups: Vec<Choice>,
    filtered: bool,
    count: usize,
}

fn anchor(d: ModelDimension) -> &'static str {
    match d {
        ModelDimension::Implementation => "genomforande",
        ModelDimension::FollowUp => "uppfoljning",
        ModelDimension::DigitalSupport => "digitalt-stod",
    }
}

async fn comparison(
    State(state): State<AppState>,
    at: PageAt,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, PageError> {
    let filter = read_filter(query.as_deref())?;
    let date = at.0.date;
    let agreements = state.store.find_agreements(date, &filter).await?;
    let models = state.store.working_models().await?;
    let descriptions = state.store.agreement_descriptions().await?;
    let dimensions = ModelDimension::ALL
        .iter()
        .map(|&dimension| {
            let columns: Vec<WorkingModel> = WorkingModel::of(dimension).collect();
            let of = |id: i32| -> Vec<WorkingModel> {
                models
                    .get(&id)
                    .map(|ms| ms.iter().copied().filter(|m| m.dimension() == dimension).collect())
                    .unwrap_or_default()
            };
            let uses: Vec<(i32, Vec<WorkingModel>)> = agreements.iter().map(|a| (a.id, of(a.id))).collect();
            let rows: Vec<Row> = agreements
                .iter()
                .zip(&uses)
                .map(|(a, (_, used))| Row {
                    agreement: a.clone(),
                    uses: columns.iter().map(|c| used.contains(c)).collect(),
                    description: descriptions.get(&a.id).and_then(|d| d.of(dimension).map(str::to_owned)),
                })
                .collect();
            let title_of =
                |id: i32| agreements.iter().find(|a| a.id == id).map(|a| a.title.clone()).unwrap_or_default();
            DimensionView {
                dimension,
                anchor: anchor(dimension),
                totals: columns.iter().map(|c| uses.iter().filter(|(_, ms)| ms.contains(c)).count()).collect(),
                not_coded: uses.iter().filter(|(_, ms)| ms.is_empty()).count(),
                shared: shared_models(&uses)
                    .into_iter()
                    .map(|(model, ids)| Shared {
                        model,
                        agreements: ids.into_iter().map(|id| (id, title_of(id))).collect(),
                    })
                    .collect(),
                models: columns,
                rows,
            }
        })
        .collect();
    let groups = group_choices(&state, date, &filter).await?;
    let mut layout = Layout::new(&state, "Jämförelse av arbetssätt", "overenskommelser", &at);
    if let Some(g) = filter.consultative_group {
        layout.kept.push(("samradsgrupp", g.to_string()));
    }
    let page = ComparisonPage {
        layout,
        count: agreements.len(),
        dimensions,
        groups,
        filtered: filter != samverkan_store::AgreementFilter::default(),
    };
    Ok(render(&page)?)
}
