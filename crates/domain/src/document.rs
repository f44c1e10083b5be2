//! Documents (*handlingar*): the files uploaded to an agreement's version, a consultation answer
//! or a party's decision. The rules here decide what may be stored: which formats (told by the
//! bytes, never by what the client says), how large, and what the file is called.
//!
//! Accepted: PDF, the Office Open XML formats (DOCX, XLSX, PPTX), OpenDocument (ODT, ODS, ODP)
//! and the legacy Word and Excel formats (DOC, XLS). An OOXML or ODF file is a ZIP archive, so a
//! plain ZIP is told apart from them by what it holds (detection by the `infer` crate), and is
//! refused; so is anything else (HTML, SVG, executables, images). The file name's extension must
//! be the detected format's: a PDF named `.docx`, or an HTML page named `.pdf`, is refused. A name
//! without an extension gets the detected one.

use crate::edit::FieldError;
use crate::personal_number::{PERSONAL_NUMBER_REFUSED, contains_personal_number};

/// The largest document accepted: 20 MiB.
pub const DOCUMENT_MAX_MIB: usize = 20;
pub const DOCUMENT_MAX_BYTES: usize = DOCUMENT_MAX_MIB * 1024 * 1024;
/// The longest a stored file name may be (characters, extension included).
pub const FILE_NAME_MAX: usize = 120;
/// The longest a document's title may be.
pub const DOCUMENT_TITLE_MAX: usize = 200;

/// The field a file arrives in (a form's and the API's multipart part).
pub const FILE_FIELD: &str = "file";

/// What a refused file is told, when it is no document we keep.
/// What an upload without a file is told.
pub const FILE_MISSING: &str = "Välj en fil att ladda upp.";
pub const NOT_A_DOCUMENT: &str = "Filen är inte PDF eller ett kontorsformat (Word, Excel, PowerPoint, OpenDocument).";

/// A format a document may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentFormat {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Doc,
    Xls,
}

impl DocumentFormat {
    pub const ALL: &'static [DocumentFormat] = &[
        DocumentFormat::Pdf,
        DocumentFormat::Docx,
        DocumentFormat::Xlsx,
        DocumentFormat::Pptx,
        DocumentFormat::Odt,
        DocumentFormat::Ods,
        DocumentFormat::Odp,
        DocumentFormat::Doc,
        DocumentFormat::Xls,
    ];

    /// The registered media type, served as the file's `Content-Type`.
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocumentFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            DocumentFormat::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            DocumentFormat::Odt => "application/vnd.oasis.opendocument.text",
            DocumentFormat::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            DocumentFormat::Odp => "application/vnd.oasis.opendocument.presentation",
            DocumentFormat::Doc => "application/msword",
            DocumentFormat::Xls => "application/vnd.ms-excel",
        }
    }

    /// The file name's extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Xlsx => "xlsx",
            DocumentFormat::Pptx => "pptx",
            DocumentFormat::Odt => "odt",
            DocumentFormat::Ods => "ods",
            DocumentFormat::Odp => "odp",
            DocumentFormat::Doc => "doc",
            DocumentFormat::Xls => "xls",
        }
    }

    /// The format as people name it beside a link ("PDF", "Word").
    pub fn label(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "PDF",
            DocumentFormat::Docx | DocumentFormat::Doc => "Word",
            DocumentFormat::Xlsx | DocumentFormat::Xls => "Excel",
            DocumentFormat::Pptx => "PowerPoint",
            DocumentFormat::Odt => "OpenDocument-text",
            DocumentFormat::Ods => "OpenDocument-kalkyl",
            DocumentFormat::Odp => "OpenDocument-presentation",
        }
    }

    /// The format a stored media type names.
    pub fn from_media_type(media_type: &str) -> Option<DocumentFormat> {
        DocumentFormat::ALL.iter().copied().find(|f| f.media_type() == media_type)
    }

    /// The format the bytes are, if it is one we keep. A PDF must begin with its header
    /// (`%PDF-`; `infer` also takes one further in, which would let an HTML page through). The
    /// rest is `infer`'s detection, which reads a legacy Office file's compound-file class id and
    /// the first entries of a ZIP; where those entries leave it undecided (LibreOffice orders an
    /// OOXML package's parts differently from Word), the archive's directory decides: an OOXML
    /// package has `[Content_Types].xml` and its main part (`word/document.xml`,
    /// `xl/workbook.xml`, `ppt/presentation.xml`).
    pub fn detect(bytes: &[u8]) -> Option<DocumentFormat> {
        if bytes.starts_with(b"%PDF-") {
            return Some(DocumentFormat::Pdf);
        }
        let zip = bytes.starts_with(b"PK\x03\x04");
        if !zip && !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return None;
        }
        // Both are parsed; a malformed file must not take the request down with it.
        let detected = std::panic::catch_unwind(|| {
            let checks: [(Matcher, DocumentFormat); 8] = [
                (infer::doc::is_docx, DocumentFormat::Docx),
                (infer::doc::is_xlsx, DocumentFormat::Xlsx),
                (infer::doc::is_pptx, DocumentFormat::Pptx),
                (infer::odf::is_odt, DocumentFormat::Odt),
                (infer::odf::is_ods, DocumentFormat::Ods),
                (infer::odf::is_odp, DocumentFormat::Odp),
                (infer::doc::is_doc, DocumentFormat::Doc),
                (infer::doc::is_xls, DocumentFormat::Xls),
            ];
            match checks.iter().find(|(is, _)| is(bytes)) {
                Some((_, f)) => Some(*f),
                None if zip => ooxml_by_directory(bytes),
                None => None,
            }
        });
        detected.ok().flatten()
    }
}

/// The OOXML format of a ZIP by its directory: `[Content_Types].xml` and one main part.
fn ooxml_by_directory(bytes: &[u8]) -> Option<DocumentFormat> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    if !has("[Content_Types].xml") {
        return None;
    }
    [
        ("word/document.xml", DocumentFormat::Docx),
        ("xl/workbook.xml", DocumentFormat::Xlsx),
        ("ppt/presentation.xml", DocumentFormat::Pptx),
    ]
    .into_iter()
    .find(|(part, _)| has(part))
    .map(|(_, f)| f)
}

/// One of `infer`'s matchers.
type Matcher = fn(&[u8]) -> bool;

/// A file name as it is stored and served: the last part of a path (a browser may send
/// `C:\Users\…\Beslut.pdf`), without control characters or the characters no file system takes
/// (`<>:"/\|?*`) or sees (invisible ones, [`crate::text::is_invisible`]), spaces collapsed, no
/// leading dots (no hidden files, no `..`), at most [`FILE_NAME_MAX`] characters with the
/// extension kept. Letters of every language stay (å, ä, ö). Empty when nothing is left.
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name = String::new();
    for c in last.chars() {
        let c = if c.is_control() || "<>:\"|?*".contains(c) { ' ' } else { c };
        // Invisible characters (a right-to-left override could disguise an extension).
        if crate::text::is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            if !name.is_empty() && !name.ends_with(' ') {
                name.push(' ');
            }
        } else {
            name.push(c);
        }
    }
    let name = name.trim().trim_start_matches(['.', ' ']).trim_end_matches(['.', ' ']);
    if name.chars().count() <= FILE_NAME_MAX {
        return name.to_owned();
    }
    // Too long: shorten the stem, keep the extension (when it is a short one).
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 10 => (stem, Some(ext)),
        _ => (name, None),
    };
    let room = FILE_NAME_MAX - ext.map_or(0, |e| e.chars().count() + 1);
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim_end_matches(['.', ' ']);
    match ext {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem.to_owned(),
    }
}

/// The extension of a file name, in lower case, if it has one.
fn extension_of(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .filter(|(stem, ext)| {
            // "Protokoll 2024.03" or "Rapport v.2" have no extension; ".pdf" and ".docx" are.
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_alphabetic())
        })
        .map(|(_, e)| e.to_lowercase())
}

/// A file that may be stored: its detected format and its cleaned name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedFile {
    pub format: DocumentFormat,
    pub file_name: String,
}

/// Checks an uploaded file: not empty, not larger than [`DOCUMENT_MAX_BYTES`], one of the
/// formats by its bytes, and named with that format's extension (added when the name has none)
/// and without a personal identity number ([`crate::personal_number`]). The error names the
/// field [`FILE_FIELD`], in Swedish.
pub fn check_file(raw_name: &str, bytes: &[u8]) -> Result<AcceptedFile, FieldError> {
    let refuse = |message: String| FieldError::new(FILE_FIELD, message);
    if bytes.is_empty() {
        return Err(refuse("Välj en fil att ladda upp (filen är tom).".to_owned()));
    }
    if bytes.len() > DOCUMENT_MAX_BYTES {
        return Err(refuse(too_large()));
    }
    let Some(format) = DocumentFormat::detect(bytes) else {
        return Err(refuse(NOT_A_DOCUMENT.to_owned()));
    };
    let name = clean_file_name(raw_name);
    let file_name = match extension_of(&name) {
        None if name.is_empty() => format!("dokument.{}", format.extension()),
        None => clean_file_name(&format!("{name}.{}", format.extension())),
        Some(ext) if ext == format.extension() => name,
        Some(ext) => {
            return Err(refuse(format!(
                "Filnamnet slutar på .{ext}, men filen är {} (.{}). Byt namn på filen eller välj rätt fil.",
                format.label(),
                format.extension()
            )));
        }
    };
    if contains_personal_number(&file_name) {
        return Err(refuse(format!("Filnamnet {PERSONAL_NUMBER_REFUSED}. Byt namn på filen.")));
    }
    Ok(AcceptedFile { format, file_name })
}

/// What a file that is too large is told.
pub fn too_large() -> String {
    format!("Filen är för stor: högst {DOCUMENT_MAX_MIB} MB.")
}

/// A size as people read it, in Swedish: "850 byte", "12 kB", "1,2 MB" (1 kB = 1 024 byte, as
/// file managers count).
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        return format!("{bytes} byte");
    }
    let (value, unit) = if bytes < MB { (bytes as f64 / KB as f64, "kB") } else { (bytes as f64 / MB as f64, "MB") };
    let text = if value < 10.0 { format!("{value:.1}") } else { format!("{value:.0}") };
    let text = text.strip_suffix(".0").unwrap_or(&text).replace('.', ",");
    format!("{text} {unit}")
}

/// The format and size as a link's description reads: "PDF, 1,2 MB".
pub fn format_and_size(format: DocumentFormat, bytes: u64) -> String {
    format!("{}, {}", format.label(), human_size(bytes))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn pdf() -> Vec<u8> {
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
    }

    /// A ZIP of these entries, stored (as an ODF package's `mimetype` must be).
    fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, content) in entries {
            w.start_file(*name, stored).unwrap();
            w.write_all(content).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn formats_are_told_by_their_bytes() {
        assert_eq!(DocumentFormat::detect(&pdf()), Some(DocumentFormat::Pdf));
        let docx =
            zip_with(&[("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<r/>"), ("word/document.xml", b"<w/>")]);
        assert_eq!(DocumentFormat::detect(&docx), Some(DocumentFormat::Docx));
        // As LibreOffice writes it: the package's metadata before the main part.
        let libreoffice = zip_with(&[
            ("_rels/.rels", b"<r/>"),
            ("docProps/app.xml", b"<a/>"),
            ("docProps/core.xml", b"<c/>"),
            ("word/_rels/document.xml.rels", b"<r/>"),
            ("word/document.xml", b"<w/>"),
            ("[Content_Types].xml", b"<Types/>"),
        ]);
        assert_eq!(DocumentFormat::detect(&libreoffice), Some(DocumentFormat::Docx));
        let pptx = zip_with(&[("[Content_Types].xml", b"<T/>"), ("ppt/presentation.xml", b"<p/>")]);
        assert_eq!(DocumentFormat::detect(&pptx), Some(DocumentFormat::Pptx));
        let xlsx =
            zip_with(&[("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<r/>"), ("xl/workbook.xml", b"<w/>")]);
        assert_eq!(DocumentFormat::detect(&xlsx), Some(DocumentFormat::Xlsx));
        let odt = zip_with(&[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<c/>")]);
        assert_eq!(DocumentFormat::detect(&odt), Some(DocumentFormat::Odt));
        let ods = zip_with(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")]);
        assert_eq!(DocumentFormat::detect(&ods), Some(DocumentFormat::Ods));
    }

    #[test]
    fn a_plain_zip_html_svg_or_executable_is_no_document() {
        assert_eq!(DocumentFormat::detect(&zip_with(&[("notes.txt", b"hej")])), None);
        // Word's main part without the package's content types is no OOXML package.
        assert_eq!(DocumentFormat::detect(&zip_with(&[("a.txt", b"a"), ("word/document.xml", b"<w/>")])), None);
        assert_eq!(DocumentFormat::detect(b"PK\x03\x04 not really a zip"), None);
        assert_eq!(DocumentFormat::detect(b"<!DOCTYPE html><html><body>%PDF-1.4</body></html>"), None);
        assert_eq!(DocumentFormat::detect(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), None);
        assert_eq!(DocumentFormat::detect(b"MZ\x90\x00\x03\x00\x00\x00PE\0\0"), None);
        assert_eq!(DocumentFormat::detect(b"\x7fELF\x02\x01\x01"), None);
        assert_eq!(DocumentFormat::detect(b"\x89PNG\r\n\x1a\n"), None);
        // A compound file that is not Word or Excel (or not a compound file at all).
        assert_eq!(DocumentFormat::detect(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), None);
        assert_eq!(DocumentFormat::detect(b""), None);
    }

    #[test]
    fn the_extension_must_be_the_detected_formats() {
        let ok = check_file("Beslut.PDF", &pdf()).unwrap();
        assert_eq!((ok.format, ok.file_name.as_str()), (DocumentFormat::Pdf, "Beslut.PDF"));
        let e = check_file("Beslut.docx", &pdf()).unwrap_err();
        assert_eq!(e.field, "file");
        assert!(e.message.contains(".docx") && e.message.contains("PDF"), "{}", e.message);
        let e = check_file("sida.pdf", b"<html><script>alert(1)</script></html>").unwrap_err();
        assert_eq!(e.message, NOT_A_DOCUMENT);
        let e = check_file("arkiv.docx", &zip_with(&[("a.txt", b"a")])).unwrap_err();
        assert_eq!(e.message, NOT_A_DOCUMENT);
        // No extension: the detected one is added.
        assert_eq!(check_file("Protokoll", &pdf()).unwrap().file_name, "Protokoll.pdf");
        assert_eq!(check_file("../..", &pdf()).unwrap().file_name, "dokument.pdf");
        assert_eq!(check_file("Protokoll 2024.03", &pdf()).unwrap().file_name, "Protokoll 2024.03.pdf");
        assert!(check_file("Beslut.exe", &pdf()).is_err());
    }

    #[test]
    fn a_file_named_with_a_personal_identity_number_is_refused() {
        for name in ["Remiss 811218-9876.pdf", "198112189876.pdf", "8112189876", "svar_811278-9873_v2.pdf"] {
            let e = check_file(name, &pdf()).unwrap_err();
            assert_eq!(e.field, "file");
            assert!(e.message.contains("personnummer") && e.message.contains("Byt namn"), "{name}: {}", e.message);
        }
        // Hidden by an invisible character, it is still there once the name is cleaned.
        assert!(check_file("811218\u{2060}-9876.pdf", &pdf()).is_err());
        assert_eq!(check_file("Ärende 811218-9875.pdf", &pdf()).unwrap().file_name, "Ärende 811218-9875.pdf");
        assert_eq!(check_file("Ärende 00811218987600.pdf", &pdf()).unwrap().file_name, "Ärende 00811218987600.pdf");
    }

    #[test]
    fn size_is_limited_and_emptiness_refused() {
        assert!(check_file("tom.pdf", b"").unwrap_err().message.contains("tom"));
        let mut big = pdf();
        big.resize(DOCUMENT_MAX_BYTES + 1, b' ');
        assert_eq!(check_file("stor.pdf", &big).unwrap_err().message, "Filen är för stor: högst 20 MB.");
        big.truncate(DOCUMENT_MAX_BYTES);
        assert!(check_file("precis.pdf", &big).is_ok());
    }

    #[test]
    fn file_names_lose_paths_and_control_characters_but_keep_swedish_letters() {
        assert_eq!(clean_file_name("../../etc/Beslut å ä ö.pdf"), "Beslut å ä ö.pdf");
        assert_eq!(clean_file_name(r"C:\Users\anna\Protokoll ÅÄÖ.docx"), "Protokoll ÅÄÖ.docx");
        assert_eq!(clean_file_name("rad\nbrytning\t och\u{0}nul.pdf"), "rad brytning och nul.pdf");
        assert_eq!(clean_file_name("..hemlig.pdf"), "hemlig.pdf");
        assert_eq!(clean_file_name("a<b>c:d\"e|f?g*h.pdf"), "a b c d e f g h.pdf");
        assert_eq!(clean_file_name("faktura\u{202E}fdp.exe"), "fakturafdp.exe");
        assert_eq!(clean_file_name("Be\u{00AD}slut\u{2060}\u{2067}.pdf"), "Beslut.pdf");
        assert_eq!(clean_file_name("/"), "");
        let long = format!("{}.pdf", "ö".repeat(300));
        let cleaned = clean_file_name(&long);
        assert_eq!(cleaned.chars().count(), FILE_NAME_MAX);
        assert!(cleaned.ends_with("öö.pdf"));
    }

    #[test]
    fn sizes_read_in_swedish() {
        assert_eq!(human_size(850), "850 byte");
        assert_eq!(human_size(12 * 1024), "12 kB");
        assert_eq!(human_size(1_258_291), "1,2 MB");
        assert_eq!(human_size(1024 * 1024), "1 MB");
        assert_eq!(human_size(20 * 1024 * 1024), "20 MB");
        assert_eq!(format_and_size(DocumentFormat::Pdf, 1_258_291), "PDF, 1,2 MB");
    }

    #[test]
    fn media_types_read_back() {
        for f in DocumentFormat::ALL {
            assert_eq!(DocumentFormat::from_media_type(f.media_type()), Some(*f));
        }
        assert_eq!(DocumentFormat::from_media_type("text/html"), None);
    }
}
