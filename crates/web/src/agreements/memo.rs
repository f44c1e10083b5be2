//! The decision memo (*tjänsteutlåtande*): for a recommended agreement, a pre-filled draft of a
//! party's own memo, as a printable page and as a Word document (DOCX). Twenty-seven
//! administrations otherwise write nearly the same text. The content is assembled once
//! ([`Memo`]) and rendered twice, so the page and the document cannot say different things.

use std::io::Cursor;

use crate::kit::paths::{self, MEMO, MEMO_DOCX};
use crate::kit::{AppState, Error, Layout, PageAt, PageError, parse_id, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use samverkan_domain::PartyKind;
use samverkan_domain::agreement::{Addressee, RecommendationOutcome, TargetGroup};
use samverkan_store::{AgreementDetail, Party, Version};
use serde::Deserialize;

/// Each agreement's memo page, and the memo of its first party (Swedish order), for the
/// sitemap that the browser suite walks.
pub async fn sitemap_paths(state: &AppState) -> Result<Vec<String>, Error> {
    let first_party = state.store.parties(crate::kit::today(), samverkan_store::Page::first(1)).await?.items;
    let mut out = Vec::new();
    for (id, has_version) in state.store.agreement_ids().await? {
        if has_version {
            let page = paths::memo(id);
            out.extend(first_party.iter().map(|p| format!("{page}?part={}", p.id)));
            out.push(page);
        }
    }
    Ok(out)
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route(MEMO, get(memo_page)).route(MEMO_DOCX, get(memo_docx))
}

/// One section of the memo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: &'static str,
    pub paragraphs: Vec<String>,
    /// A list (decision documents, dispatch list).
    pub items: Vec<String>,
    /// The administration must complete this section itself (economic consequences).
    pub to_complete: bool,
}

impl Section {
    fn new(heading: &'static str, paragraphs: Vec<String>) -> Self {
        Section { heading, paragraphs, items: Vec::new(), to_complete: false }
    }
}

/// A party's draft memo for one version of an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Memo {
    pub party: String,
    pub date: NaiveDate,
    pub title: String,
    pub sections: Vec<Section>,
}

fn day(date: Option<NaiveDate>, words: Option<&str>) -> String {
    match (date, words) {
        (Some(d), _) => d.to_string(),
        (None, Some(w)) => w.to_owned(),
        (None, None) => "[datum]".to_owned(),
    }
}

/// The memo's text, from the agreement's facts and the party's own answer. `None` when the
/// version has not been recommended to this kind of party: there is nothing to decide yet.
pub fn assemble(agreement: &AgreementDetail, version: &Version, party: &Party, date: NaiveDate) -> Option<Memo> {
    let addressee = match party.kind {
        PartyKind::Municipality => Addressee::Municipalities,
        PartyKind::Region => Addressee::Region,
    };
    let recommendation = version
        .recommendations
        .iter()
        .find(|r| r.addressed_to == addressee && r.outcome == RecommendationOutcome::Recommended)?;
    let a = &agreement.summary;
    let name = match &a.short_name {
        Some(short) => format!("{} ({short})", a.title),
        None => a.title.clone(),
    };
    let council = match party.kind {
        PartyKind::Municipality => "Kommunfullmäktige",
        PartyKind::Region => "Regionfullmäktige",
    };
    let recommended = format!(
        "{} beslutade {} att rekommendera {} att anta överenskommelsen.",
        recommendation.body_name,
        day(recommendation.decided_on, recommendation.decided_text.as_deref()),
        match addressee {
            Addressee::Municipalities => "kommunerna i länet",
            Addressee::Region => "regionfullmäktige",
        }
    );
    let in_force = match version.earliest_start {
        Some(start) => format!(
            "Beslut om antagande av överenskommelsen är att likställas med undertecknande. Överenskommelsen börjar gälla tidigast {start}, eller efter att samtliga parter har beslutat att anta den."
        ),
        None => "Beslut om antagande av överenskommelsen är att likställas med undertecknande. Överenskommelsen börjar gälla när samtliga parter har beslutat att anta den.".to_owned(),
    };
    let mut summary = vec![format!("Förslaget gäller {name}, version {}.", version.number)];
    summary.extend(a.summary.clone());
    summary.push(recommended.clone());
    summary.push(in_force);

    let mut background = Vec::new();
    if let Some(c) = &version.consultation {
        let sent = day(c.sent_on, c.sent_text.as_deref());
        background.push(match c.deadline {
            Some(deadline) => {
                format!("Förslaget skickades på remiss till parterna {sent} med sista svarsdag {deadline}.")
            }
            None => format!("Förslaget skickades på remiss till parterna {sent}."),
        });
        if let Some(answer) = version.answers.iter().find(|x| x.party.id == party.id) {
            background.push(format!(
                "{} svarade {}: {}{}.",
                party.name,
                answer.answered_on,
                answer.stance.label().to_lowercase(),
                if answer.late { " (efter sista svarsdag)" } else { "" }
            ));
        }
    }
    background.push(recommended);

    let mut content = Vec::new();
    for (label, text) in [
        ("Införande", &agreement.implementation),
        ("Uppföljning", &agreement.follow_up),
        ("Digitalt stöd", &agreement.digital_support),
    ] {
        if let Some(text) = text {
            content.push(format!("{label}: {text}"));
        }
    }
    if let Some(change) = &version.change_summary {
        content.push(format!("Ändringar i denna version: {change}"));
    }
    if content.is_empty() {
        content.push("[Beskriv överenskommelsens innehåll.]".to_owned());
    }

    let children = a.target_groups.iter().any(|g| matches!(g, TargetGroup::ChildrenAndYoungPeople | TargetGroup::All));
    let child_impact = if children {
        format!(
            "Överenskommelsen rör barn och unga ({}). [Beskriv hur barnets bästa har beaktats och hur barn och unga påverkas.]",
            a.target_groups.iter().map(|g| g.label().to_lowercase()).collect::<Vec<_>>().join(", ")
        )
    } else {
        "[Beskriv om och hur barn och unga påverkas av beslutet.]".to_owned()
    };

    let mut documents = Section::new("Beslutsunderlag", Vec::new());
    documents.items = vec![
        format!("Tjänsteutlåtande, {date}"),
        format!(
            "Rekommendation från {}, {}",
            recommendation.body_name,
            day(recommendation.decided_on, recommendation.decided_text.as_deref())
        ),
        format!("{name}, version {}", version.number),
    ];
    if version.answers.iter().any(|x| x.party.id == party.id) {
        documents.items.push(format!("Remissvar från {}", party.name));
    }
    let mut dispatch = Section::new("Beslutet expedieras till", Vec::new());
    dispatch.items = vec![
        match party.kind {
            PartyKind::Municipality => "Storsthlm".to_owned(),
            PartyKind::Region => "Hälso- och sjukvårdsnämnden".to_owned(),
        },
        "[Berörda nämnder och förvaltningar]".to_owned(),
    ];

    let mut economy =
        Section::new("Ekonomiska konsekvenser", vec!["[Beskriv kostnader och hur de finansieras.]".to_owned()]);
    economy.to_complete = true;
    Some(Memo {
        party: party.name.clone(),
        date,
        title: name.clone(),
        sections: vec![
            Section::new("Förslag till beslut", vec![format!("{council} föreslås besluta att anta {name}.")]),
            Section::new("Sammanfattning", summary),
            Section::new("Bakgrund", background),
            Section::new("Ärendets innehåll", content),
            economy,
            Section::new("Barnkonsekvensanalys", vec![child_impact]),
            documents,
            dispatch,
        ],
    })
}

/// The memo as a Word document.
pub fn docx(memo: &Memo) -> Result<Vec<u8>, Error> {
    use docx_rs::{Docx, Paragraph, Run, Style, StyleType};
    let text = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let mut doc = Docx::new()
        .add_style(Style::new("Title", StyleType::Paragraph).name("Title").size(36).bold())
        .add_style(Style::new("Heading1", StyleType::Paragraph).name("Heading 1").size(28).bold())
        .add_style(Style::new("Heading2", StyleType::Paragraph).name("Heading 2").size(24).bold())
        .add_paragraph(text("Tjänsteutlåtande").style("Title"))
        .add_paragraph(text(&format!("{}, {}", memo.party, memo.date)))
        .add_paragraph(text("Dnr: [diarienummer]"))
        .add_paragraph(text(&memo.title).style("Heading1"));
    for section in &memo.sections {
        doc = doc.add_paragraph(text(section.heading).style("Heading2"));
        for p in &section.paragraphs {
            doc = doc.add_paragraph(text(p));
        }
        for item in &section.items {
            doc = doc.add_paragraph(text(&format!("• {item}")));
        }
    }
    let mut out = Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| Error::Internal(format!("docx: {e}")))?;
    Ok(out.into_inner())
}

#[derive(Deserialize)]
struct PartyParam {
    part: Option<String>,
}

/// The agreement, its latest recommended version, and the party asked for (or none yet).
async fn facts(
    state: &AppState,
    id: &str,
    party: &PartyParam,
    on: NaiveDate,
) -> Result<(AgreementDetail, Option<Party>), Error> {
    let id = parse_id(id)?;
    let agreement = state.store.agreement(id, on).await?.ok_or(Error::NotFound)?;
    let party = match party.part.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(state.store.party(parse_id(p)?).await?.ok_or(Error::NotFound)?),
        None => None,
    };
    Ok((agreement, party))
}

/// The newest version that has been recommended to this party's kind.
fn memo_for(agreement: &AgreementDetail, party: &Party, date: NaiveDate) -> Option<Memo> {
    agreement.versions.iter().find_map(|v| assemble(agreement, v, party, date))
}

#[derive(Template)]
#[template(path = "memo.html")]
struct MemoPage {
    layout: Layout,
    agreement_id: i32,
    agreement_title: String,
    /// The parties to choose among.
    parties: Vec<Party>,
    chosen: Option<i32>,
    memo: Option<Memo>,
    /// Chosen, but the agreement has not been recommended to that party's kind.
    not_recommended: bool,
}

async fn memo_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(party): Query<PartyParam>,
    at: PageAt,
) -> Result<Response, PageError> {
    let today = crate::kit::today();
    let (agreement, chosen) = facts(&state, &id, &party, at.0.date).await?;
    let memo = chosen.as_ref().and_then(|p| memo_for(&agreement, p, today));
    let page = MemoPage {
        layout: Layout::new(&state, format!("Tjänsteutlåtande: {}", agreement.summary.title), "overenskommelser", &at),
        agreement_id: agreement.summary.id,
        agreement_title: agreement.summary.title.clone(),
        parties: state.store.parties(at.0.date, samverkan_store::Page::ALL).await?.items,
        chosen: chosen.as_ref().map(|p| p.id),
        not_recommended: chosen.is_some() && memo.is_none(),
        memo,
    };
    Ok(render(&page)?.into_response())
}

async fn memo_docx(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(party): Query<PartyParam>,
    at: PageAt,
) -> Result<Response, PageError> {
    let (agreement, chosen) = facts(&state, &id, &party, at.0.date).await?;
    let chosen = chosen.ok_or_else(|| Error::bad_request("part", "välj en part"))?;
    let memo = memo_for(&agreement, &chosen, crate::kit::today()).ok_or(Error::NotFound)?;
    let bytes = docx(&memo)?;
    let file = format!("tjansteutlatande-{}-{}.docx", agreement.summary.id, chosen.code);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response())
}
