//! The crisis card as a PDF (`/omraden/{id}/krisstod/kort.pdf`): one A4 page made in Rust with
//! printpdf and the vendored DejaVu Sans (`crates/web/fonts`, with its licence), so no browser
//! is needed to make it. What does not fit on the page is cut with a line that says so.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use printpdf::{IndirectFontRef, Mm, PdfDocument, PdfLayerReference};
use samverkan_store::{AreaSummary, CrisisList};

use super::common::{at_local, seen};
use crate::kit::{AppState, Error, PageAt, PageError, parse_id};

const REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
const MARGIN: f32 = 15.0;

/// Writes lines down the page, wrapping by the font's average width, until the page is full.
struct Writer {
    layer: PdfLayerReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    y: f32,
    full: bool,
}

impl Writer {
    fn line(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        // DejaVu Sans averages a little over half an em a character; a point is 0.3528 mm.
        let per_line = ((WIDTH - 2.0 * MARGIN - indent) / (size * 0.3528 * 0.56)).max(10.0) as usize;
        for part in wrap(text, per_line) {
            let step = size * 0.3528 * 1.3;
            if self.y - step < MARGIN + 8.0 {
                if !self.full {
                    let font = self.regular.clone();
                    self.layer.use_text("(Listan fortsätter: se sidan Krisstöd.)", 8.0, Mm(MARGIN), Mm(MARGIN), &font);
                }
                self.full = true;
                return;
            }
            self.y -= step;
            let font = if bold { &self.bold } else { &self.regular };
            self.layer.use_text(part, size, Mm(MARGIN + indent), Mm(self.y), font);
        }
    }

    fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The card's PDF.
pub(crate) fn card_pdf(list: &CrisisList, summary: &AreaSummary) -> Result<Vec<u8>, Error> {
    let failed = |e: printpdf::Error| Error::Internal(format!("pdf: {e}"));
    let (doc, page, layer) = PdfDocument::new(format!("Kriskort: {}", list.area.name), Mm(WIDTH), Mm(HEIGHT), "kort");
    let regular = doc.add_external_font(std::io::Cursor::new(REGULAR)).map_err(failed)?;
    let bold = doc.add_external_font(std::io::Cursor::new(BOLD)).map_err(failed)?;
    let layer = doc.get_page(page).get_layer(layer);
    let mut w = Writer { layer, regular, bold, y: HEIGHT - MARGIN, full: false };
    w.line(&format!("Kriskort: {}", list.area.name), 16.0, true, 0.0);
    let checked = list.checked_at.as_ref().map_or_else(|| "aldrig".to_owned(), at_local);
    let invented = if list.synthetic { " (påhittade uppgifter)" } else { "" };
    w.line(&format!("Krislistan kontrollerad: {checked}{invented}"), 9.0, false, 0.0);
    if !list.gaps.is_empty() {
        w.line(&format!("Listan är ofullständig: {}", list.gaps.join(" ")), 9.0, true, 0.0);
    }
    w.gap(3.0);
    w.line("Krislista: funktioner som nås dygnet runt", 12.0, true, 0.0);
    if list.contacts.is_empty() {
        w.line("Inga funktioner är registrerade.", 9.0, false, 0.0);
    }
    for c in &list.contacts {
        w.gap(1.5);
        w.line(&c.function, 10.0, true, 0.0);
        let or_missing = |v: &Option<String>| v.clone().unwrap_or_else(|| "saknas".to_owned());
        let mut holder = format!("{}, tel. {}", or_missing(&c.holder), or_missing(&c.phone));
        if let Some(e) = &c.email {
            holder.push_str(&format!(", {e}"));
        }
        w.line(&holder, 9.0, false, 4.0);
        if c.deputy.is_some() || c.deputy_phone.is_some() {
            let mut deputy = format!("Ersättare: {}", c.deputy.clone().unwrap_or_default());
            if let Some(p) = &c.deputy_phone {
                deputy.push_str(&format!(", tel. {p}"));
            }
            if let Some(e) = &c.deputy_email {
                deputy.push_str(&format!(", {e}"));
            }
            w.line(&deputy, 9.0, false, 4.0);
        }
    }
    w.gap(3.0);
    w.line("Samlingsplats för den lokala krisorganisationen", 12.0, true, 0.0);
    w.line(list.meeting_place.as_deref().unwrap_or("uppgift saknas"), 9.0, false, 0.0);
    w.gap(3.0);
    w.line("Samordnande enheter", 12.0, true, 0.0);
    let centre =
        summary.coordinating_health_centre().map_or("ingen utsedd".to_owned(), |h| h.organisation.name.clone());
    let municipal =
        summary.municipal_coordination().map_or("ingen registrerad".to_owned(), |h| h.organisation.name.clone());
    w.line(&format!("Samordnande vårdcentral: {centre}"), 9.0, false, 0.0);
    w.line(&format!("Kommunal samordnande funktion: {municipal}"), 9.0, false, 0.0);
    doc.save_to_bytes().map_err(failed)
}

/// `/omraden/{id}/krisstod/kort.pdf`.
pub(super) async fn card(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    seen(at.1.as_deref(), id)?;
    let list = state.store.crisis_list(id).await.map_err(Error::from)?.ok_or(Error::NotFound)?;
    let summary = state.store.area(id, at.0.date).await.map_err(Error::from)?.ok_or(Error::NotFound)?;
    let bytes = card_pdf(&list, &summary)?;
    let name = format!("attachment; filename=\"kriskort-{id}.pdf\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, name)], bytes)
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_breaks_between_words() {
        assert_eq!(wrap("ett två tre fyra", 8), ["ett två", "tre fyra"]);
        assert_eq!(wrap("", 8), [""]);
    }
}
