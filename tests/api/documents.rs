//! Documents over real HTTP: uploaded to a version, a consultation answer and a decision
//! (multipart, through the API and the agreement page's form), refused when they are no PDF or
//! office file or too large (nothing stored), shown on the agreement's pages, and served back
//! byte for byte with the headers of an attachment.

use samverkan_domain::Role;
use samverkan_store::{AuditCheck, Store};
use serde_json::{Value, json};
use sha2::Digest;

use crate::authorisation::{Caller, caller};
use crate::helpers::{TestApp, created, location};

/// A small, valid PDF (one empty A4 page) whose text says `note`; its cross-reference table has
/// the objects' real offsets.
pub fn pdf(note: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned(),
        format!("<< /Title ({note}) >>"),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

/// A ZIP of these entries (stored, as the zip crate writes without compression features).
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A minimal Word document: the package's content types, its relationships and the body.
fn docx() -> Vec<u8> {
    zip_of(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        (
            "word/document.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Remissvar från Nacka</w:t></w:r></w:p></w:body></w:document>"#,
        ),
    ])
}

/// Uploads `bytes` as `file_name` (with a title) to an API path with the caller's token.
pub async fn upload(
    app: &TestApp,
    who: &Caller,
    path: &str,
    file_name: &str,
    bytes: Vec<u8>,
    title: Option<&str>,
) -> (u16, Value) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned());
    let mut form = reqwest::multipart::Form::new().part("file", part);
    if let Some(t) = title {
        form = form.text("title", t.to_owned());
    }
    let mut request = app.client.post(format!("{}{path}", app.base)).multipart(form);
    if let Some(token) = &who.bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// What an upload could change: the documents and contents stored, and the audit trail.
async fn footprint(store: &Store) -> ((u64, u64), u64) {
    let events = match store.verify_audit_trail().await.unwrap() {
        AuditCheck::Intact { events } => events,
        broken => panic!("{broken:?}"),
    };
    (store.document_counts().await.unwrap(), events)
}

/// The field a 4xx problem names.
fn named_field(problem: &Value) -> &str {
    problem["invalid_params"][0]["name"].as_str().unwrap_or("")
}

/// An agreement with a version on consultation, Nacka's answer and Nacka's decision.
struct Setup {
    app: TestApp,
    leader: Caller,
    nacka_editor: Caller,
    solna_editor: Caller,
    agreement: i64,
    version: i64,
    answer: i64,
    decision: i64,
}

async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let solna_editor = caller(&app.store, "redaktör Solna", Role::PartyEditor, Some("0184"), None).await;
    let parties = app.json("/api/v1/parties?limit=1000").await;
    let nacka = parties.as_array().unwrap().iter().find(|p| p["code"] == "0182").unwrap()["id"].as_i64().unwrap();
    let post = async |who: &Caller, path: String, body: Value| created(&app, who, &path, body).await;
    let agreement = post(
        &leader,
        "/api/v1/agreements".to_owned(),
        json!({"title": "Samverkan vid utskrivning", "kind": "subject_area", "target_groups": ["all"]}),
    )
    .await;
    let version = post(&leader, format!("/api/v1/agreements/{agreement}/versions"), json!({"number": "2026"})).await;
    let consultation = post(
        &leader,
        format!("/api/v1/versions/{version}/consultation"),
        json!({"sent_on": "2026-02-01", "deadline": "2026-03-31"}),
    )
    .await;
    post(
        &nacka_editor,
        format!("/api/v1/consultations/{consultation}/answers"),
        json!({"party_id": nacka, "answered_on": "2026-03-02", "stance": "agrees"}),
    )
    .await;
    let decision = post(
        &nacka_editor,
        format!("/api/v1/versions/{version}/decisions"),
        json!({"party_id": nacka, "deciding_body": "Kommunfullmäktige", "decided_on": "2026-06-01", "outcome": "adopted", "diary_number": "KS26/1"}),
    )
    .await;
    // The answer's id, as the API gives it.
    let detail = app.json(&format!("/api/v1/agreements/{agreement}")).await;
    let answer = detail["versions"][0]["consultation"]["answers"][0]["id"].as_i64().expect("answers carry their id");
    Setup { app, leader, nacka_editor, solna_editor, agreement, version, answer, decision }
}

#[tokio::test]
async fn a_pdf_goes_up_shows_on_the_agreement_and_comes_back_byte_for_byte() {
    let s = setup().await;
    let app = &s.app;
    let bytes = pdf("Överenskommelse om samverkan vid utskrivning");
    let path = format!("/api/v1/versions/{}/documents", s.version);
    let (status, doc) =
        upload(app, &s.leader, &path, "../../etc/Beslut å ä ö.pdf", bytes.clone(), Some("Överenskommelsen")).await;
    assert_eq!(status, 201, "{doc}");
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    assert_eq!(doc["file_name"], "Beslut å ä ö.pdf", "the path is stripped, the Swedish letters kept");
    assert_eq!(doc["title"], "Överenskommelsen");
    assert_eq!(doc["media_type"], "application/pdf");
    assert_eq!(doc["size"].as_u64(), Some(bytes.len() as u64));
    assert_eq!(doc["sha256"], sha.as_str());
    let id = doc["id"].as_i64().unwrap();
    let url = format!("/dokument/{id}/Beslut%20%C3%A5%20%C3%A4%20%C3%B6.pdf");
    assert_eq!(doc["url"], url.as_str());

    // Listed in the API and on the agreement's page, with its format and size in Swedish.
    let detail = app.json(&format!("/api/v1/agreements/{}", s.agreement)).await;
    assert_eq!(detail["versions"][0]["documents"][0]["id"].as_i64(), Some(id));
    let page = app.page(&format!("/overenskommelser/{}", s.agreement)).await;
    assert!(page.contains(&format!("href=\"{url}\"")), "the link on the agreement page");
    assert!(page.contains(">Överenskommelsen</a>"), "the title names the link");
    assert!(page.contains(&format!("(PDF, {} byte)", bytes.len())), "format and size");
    assert!(!page.contains("Ladda upp dokument"), "no upload form for visitors");

    // Downloaded as it went up (also when the client would take gzip), as an attachment.
    let response = app.client.get(format!("{}{url}", app.base)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(header("content-type").as_deref(), Some("application/pdf"));
    assert_eq!(
        header("content-disposition").as_deref(),
        Some("attachment; filename=\"Beslut a a o.pdf\"; filename*=UTF-8''Beslut%20%C3%A5%20%C3%A4%20%C3%B6.pdf")
    );
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(header("content-security-policy").as_deref(), Some("default-src 'none'; sandbox"));
    assert_eq!(header("etag"), Some(format!("\"{sha}\"")));
    assert_eq!(header("cache-control").as_deref(), Some("public, max-age=31536000, immutable"));
    assert_eq!(header("content-length"), Some(bytes.len().to_string()));
    assert_eq!(header("content-encoding"), None);
    assert_eq!(response.headers().get_all("content-security-policy").iter().count(), 1);
    assert_eq!(response.bytes().await.unwrap().to_vec(), bytes);

    // Asked again with its ETag: 304, no body.
    let again = app
        .client
        .get(format!("{}{url}", app.base))
        .header("if-none-match", format!("\"{sha}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], format!("\"{sha}\"").as_str());
    assert!(again.bytes().await.unwrap().is_empty());

    // A wrong name redirects to the document's own address; an unknown id is 404.
    let moved = app.get(&format!("/dokument/{id}/annat.pdf")).await;
    assert_eq!(moved.status(), 308);
    assert_eq!(location(&moved), url);
    assert_eq!(app.get("/dokument/9999/x.pdf").await.status(), 404);

    // Not in the sitemap: downloads are no pages.
    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(!sitemap.contains("/dokument/"));

    // On the agreement's history, in Swedish.
    let history = app
        .client
        .get(format!("{}/overenskommelser/{}", app.base, s.agreement))
        .header("cookie", format!("samverkan_session={}", s.leader.session.as_deref().unwrap()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(history.contains("<td>Dokument</td>"), "the event's name");
    assert!(history.contains(&format!("Beslut å ä ö.pdf (PDF, {} byte)", bytes.len())), "the file on the history");
    assert!(history.contains("Versionen"));
    // A process leader gets the upload form, multipart with the CSRF token.
    assert!(history.contains("enctype=\"multipart/form-data\""));
    assert!(history.contains(&format!("action=\"/versioner/{}/nytt-dokument\"", s.version)));
}

#[tokio::test]
async fn what_is_no_pdf_or_office_file_is_refused_and_nothing_is_stored() {
    let s = setup().await;
    let app = &s.app;
    let path = format!("/api/v1/versions/{}/documents", s.version);
    let before = footprint(&app.store).await;
    let html = b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.4</body></html>".to_vec();
    let exe = [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".as_slice(), &[0u8; 64], b"PE\0\0"].concat();
    let plain_zip = zip_of(&[("anteckningar.txt", "Inget kontorsformat")]);
    for (name, bytes) in [("sida.pdf", html), ("arkiv.docx", plain_zip), ("program.exe", exe)] {
        let (status, problem) = upload(app, &s.leader, &path, name, bytes, None).await;
        assert_eq!(status, 422, "{name}: {problem}");
        assert_eq!(named_field(&problem), "file", "{name}: {problem}");
        assert_eq!(
            problem["invalid_params"][0]["reason"],
            "Filen är inte PDF eller ett kontorsformat (Word, Excel, PowerPoint, OpenDocument).",
        );
    }
    // A real PDF named as something else.
    let (status, problem) = upload(app, &s.leader, &path, "Beslut.docx", pdf("x"), None).await;
    assert_eq!((status, named_field(&problem)), (422, "file"), "{problem}");
    // A title too long, and no file at all.
    let (status, problem) = upload(app, &s.leader, &path, "a.pdf", pdf("x"), Some(&"Å".repeat(201))).await;
    assert_eq!((status, named_field(&problem)), (422, "title"), "{problem}");
    let form = reqwest::multipart::Form::new().text("title", "Bara en titel");
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(s.leader.bearer.as_deref().unwrap())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(named_field(&response.json().await.unwrap()), "file");
    // Not multipart at all.
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(s.leader.bearer.as_deref().unwrap())
        .json(&json!({"file": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    // 21 MiB: 413, naming the file and the limit.
    let mut big = pdf("stor");
    big.resize(21 * 1024 * 1024, b' ');
    let (status, problem) = upload(app, &s.leader, &path, "stor.pdf", big, None).await;
    assert_eq!(status, 413, "{problem}");
    assert_eq!(named_field(&problem), "file");
    assert!(problem["invalid_params"][0]["reason"].as_str().unwrap().contains("20 MB"), "{problem}");
    assert_eq!(footprint(&app.store).await, before, "nothing stored, nothing on the audit trail");

    // An OOXML document is taken, as Word.
    let (status, doc) = upload(app, &s.leader, &path, "Bilaga 1.docx", docx(), Some("Bilaga 1")).await;
    assert_eq!(status, 201, "{doc}");
    assert_eq!(doc["media_type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    let page = app.page(&format!("/overenskommelser/{}", s.agreement)).await;
    assert!(page.contains("(Word, "), "{page}");
    // The same bytes again: a second document, the content stored once.
    let (status, _) = upload(app, &s.leader, &path, "Bilaga 1 igen.docx", docx(), None).await;
    assert_eq!(status, 201);
    let ((documents, contents), events) = footprint(&app.store).await;
    assert_eq!((documents, contents, events), (before.0.0 + 2, before.0.1 + 1, before.1 + 2));
}

#[tokio::test]
async fn parties_upload_to_their_own_answers_and_decisions_only() {
    let s = setup().await;
    let app = &s.app;
    let decision_path = format!("/api/v1/decisions/{}/documents", s.decision);
    let answer_path = format!("/api/v1/answers/{}/documents", s.answer);
    let before = footprint(&app.store).await;
    let (status, _) = upload(app, &s.solna_editor, &decision_path, "Protokoll.pdf", pdf("Solna"), None).await;
    assert_eq!(status, 403, "another party's editor");
    let (status, _) = upload(app, &s.solna_editor, &answer_path, "Svar.pdf", pdf("Solna"), None).await;
    assert_eq!(status, 403);
    let version_path = format!("/api/v1/versions/{}/documents", s.version);
    let (status, _) = upload(app, &s.nacka_editor, &version_path, "Avtal.pdf", pdf("Nacka"), None).await;
    assert_eq!(status, 403, "a version's documents are the process leaders'");
    let (status, problem) = upload(app, &Caller::ANONYMOUS, &decision_path, "P.pdf", pdf("x"), None).await;
    assert_eq!(status, 401, "{problem}");
    let (status, _) = upload(app, &s.leader, "/api/v1/decisions/99999/documents", "P.pdf", pdf("x"), None).await;
    assert_eq!(status, 404);
    // A stranger learns nothing from validation: refused before the file is looked at.
    let (status, _) = upload(app, &s.solna_editor, &decision_path, "sida.pdf", b"<html>".to_vec(), None).await;
    assert_eq!(status, 403);
    assert_eq!(footprint(&app.store).await, before);

    let (status, decision_doc) =
        upload(app, &s.nacka_editor, &decision_path, "Protokollsutdrag KF § 12.pdf", pdf("KF"), None).await;
    assert_eq!(status, 201, "{decision_doc}");
    let (status, answer_doc) = upload(app, &s.nacka_editor, &answer_path, "Remissvar Nacka.docx", docx(), None).await;
    assert_eq!(status, 201, "{answer_doc}");

    // In the API beside their answer and decision.
    let detail = app.json(&format!("/api/v1/agreements/{}", s.agreement)).await;
    let version = &detail["versions"][0];
    assert_eq!(version["consultation"]["answers"][0]["documents"][0]["id"], answer_doc["id"]);
    assert_eq!(version["decisions"][0]["documents"][0]["id"], decision_doc["id"]);
    assert_eq!(version["documents"], json!([]));

    // On Nacka's row of the consultation matrix and of the adoption view.
    let row_of = |page: &str, party: &str| -> String {
        let start = page.find(&format!(">{party}</a></th>")).unwrap();
        page[start..].split("</tr>").next().unwrap().to_owned()
    };
    let matrix = app.page(&format!("/overenskommelser/{}/remiss", s.agreement)).await;
    let row = row_of(&matrix, "Nacka");
    assert!(row.contains(answer_doc["url"].as_str().unwrap()), "{row}");
    assert!(row.contains("Remissvar Nacka.docx") && row.contains("(Word, "), "{row}");
    assert!(!row_of(&matrix, "Solna").contains("/dokument/"));
    let adoption = app.page(&format!("/overenskommelser/{}/antagande", s.agreement)).await;
    let row = row_of(&adoption, "Nacka");
    assert!(row.contains(decision_doc["url"].as_str().unwrap()), "{row}");
    assert!(row.contains("(PDF, "), "{row}");
    assert!(
        matrix.contains("<th scope=\"col\">Bilaga</th>") && adoption.contains("<th scope=\"col\">Beslutsdokument</th>")
    );
}

/// A multipart form as the agreement page's upload form sends it.
fn page_form(csrf: &str, file_name: &str, bytes: Vec<u8>, title: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("title", title.to_owned())
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()))
}

#[tokio::test]
async fn the_agreement_pages_form_uploads_without_javascript() {
    let s = setup().await;
    let app = &s.app;
    let session = format!("samverkan_session={}", s.leader.session.as_deref().unwrap());
    let action = format!("{}/versioner/{}/nytt-dokument", app.base, s.version);
    let post = async |form: reqwest::multipart::Form| {
        app.client.post(&action).header("cookie", &session).multipart(form).send().await.unwrap()
    };

    let saved = post(page_form(&s.leader.csrf, "Överenskommelse.pdf", pdf("sida"), "Överenskommelsen")).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), format!("/overenskommelser/{}#dokument-{}", s.agreement, s.version));
    let page = app.page(&format!("/overenskommelser/{}", s.agreement)).await;
    assert!(page.contains("/%C3%96verenskommelse.pdf\""), "{page}");

    // Not accepted: 422, the message beside the field and in a summary that links to it.
    let before = footprint(&app.store).await;
    let refused = post(page_form(&s.leader.csrf, "sida.pdf", b"<html></html>".to_vec(), "Fel")).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("class=\"error-summary\"") && html.contains("href=\"#f-file\""), "{html}");
    assert!(html.contains("id=\"f-file-error\"") && html.contains("aria-invalid=\"true\""), "{html}");
    assert!(html.contains("Filen är inte PDF eller ett kontorsformat"));
    assert!(html.contains("value=\"Fel\""), "the title is kept");
    // Without the CSRF token, or signed out: refused before anything is read.
    assert_eq!(post(page_form("", "a.pdf", pdf("x"), "")).await.status(), 403);
    let anonymous = app.client.post(&action).multipart(page_form("x", "a.pdf", pdf("x"), "")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    // Too large: 413 with a page saying the limit.
    let mut big = pdf("stor");
    big.resize(21 * 1024 * 1024, b' ');
    let too_large = post(page_form(&s.leader.csrf, "stor.pdf", big, "")).await;
    assert_eq!(too_large.status(), 413);
    assert!(too_large.text().await.unwrap().contains("högst 20 MB"));
    assert_eq!(footprint(&app.store).await, before);

    // The form on a page of its own, for a process leader only.
    let form = app.client.get(&action).header("cookie", &session).send().await.unwrap();
    assert_eq!(form.status(), 200);
    assert!(form.text().await.unwrap().contains("enctype=\"multipart/form-data\""));
    let editor = format!("samverkan_session={}", s.nacka_editor.session.as_deref().unwrap());
    assert_eq!(app.client.get(&action).header("cookie", editor).send().await.unwrap().status(), 403);
}
