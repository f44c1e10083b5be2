//! A party's export for the archive: `samverkan export` into a folder, and the same package as a
//! ZIP from the party's page, for the process leaders only. (`scripts/archive-check` validates
//! a package with Python's `bagit`; here: what is in it and what is not.)

use std::collections::BTreeMap;
use std::io::Read;

use samverkan_domain::Role;
use serde_json::{Value, json};
use sha2::Digest;

use crate::authorisation::{Caller, caller};
use crate::cli::samverkan;
use crate::documents::{pdf, upload};
use crate::helpers::{TestApp, created, page_as};

fn sha(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every file under `dir`, by its path relative to it (`/`-separated).
fn files_under(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The manifest's lines hold for these files: each payload file listed once, its SHA-256 right.
fn assert_manifests_hold(files: &BTreeMap<String, Vec<u8>>) {
    for (manifest, covers_payload) in [("manifest-sha256.txt", true), ("tagmanifest-sha256.txt", false)] {
        let text = String::from_utf8(files[manifest].clone()).unwrap();
        let mut listed = Vec::new();
        for line in text.lines() {
            let (sum, path) = line.split_once("  ").unwrap();
            assert_eq!(sha(&files[path]), sum, "{manifest}: {path}");
            listed.push(path.to_owned());
        }
        if covers_payload {
            let payload: Vec<String> = files.keys().filter(|p| p.starts_with("data/")).cloned().collect();
            assert_eq!(listed, payload, "every payload file, sorted");
        }
    }
}

/// The files of a ZIP of one bag, by their path inside the bag's folder.
fn unzipped(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().split_once('/').unwrap().1.to_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        out.insert(name, content);
    }
    out
}

/// Two agreements: on one Nacka and Solna each answer the consultation, prepare and decide, each
/// with documents; on the other (in force) Nacka withdraws.
struct Fixture {
    app: TestApp,
    leader: Caller,
    nacka_editor: Caller,
    nacka_id: i64,
    /// The SHA-256 of Nacka's documents and of the version's text, and of Solna's.
    nacka_documents: Vec<String>,
    solna_documents: Vec<String>,
}

async fn fixture() -> Fixture {
    // The page's bag names the same operator as the command's, so the two can be compared whole.
    let app = TestApp::spawn_configured(|settings, _| settings.operator = Some("Storsthlm".to_owned())).await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let nacka_editor = caller(&app.store, "redaktör Nacka", Role::PartyEditor, Some("0182"), None).await;
    let solna_editor = caller(&app.store, "redaktör Solna", Role::PartyEditor, Some("0184"), None).await;
    let parties = app.json("/api/v1/parties?limit=1000").await;
    let id_of =
        |code: &str| parties.as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["id"].as_i64().unwrap();
    let (nacka, solna) = (id_of("0182"), id_of("0184"));
    let agreement = created(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({"title": "Samverkan vid utskrivning", "kind": "subject_area", "target_groups": ["all"]}),
    )
    .await;
    let version =
        created(&app, &leader, &format!("/api/v1/agreements/{agreement}/versions"), json!({"number": "2026"})).await;
    let text = pdf("Överenskommelsens text");
    let (status, _) = upload(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/documents"),
        "Överenskommelse 2026.pdf",
        text.clone(),
        Some("Överenskommelsen"),
    )
    .await;
    assert_eq!(status, 201);
    let consultation = created(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/consultation"),
        json!({"sent_on": "2026-02-01", "deadline": "2026-03-31"}),
    )
    .await;
    let mut documents = BTreeMap::new();
    for (editor, party, name) in [(&nacka_editor, nacka, "Nacka"), (&solna_editor, solna, "Solna")] {
        let answer = created(
            &app,
            editor,
            &format!("/api/v1/consultations/{consultation}/answers"),
            json!({"party_id": party, "answered_on": "2026-03-02", "stance": "agrees"}),
        )
        .await;
        created(
            &app,
            editor,
            &format!("/api/v1/versions/{version}/preparatory-steps"),
            json!({"party_id": party, "body_name": "Socialnämnden", "role": "opinion", "handled_on": "2026-04-10", "outcome": "supports_adoption"}),
        )
        .await;
        let decision = created(
            &app,
            editor,
            &format!("/api/v1/versions/{version}/decisions"),
            json!({"party_id": party, "deciding_body": "Kommunfullmäktige", "decided_on": "2026-06-01", "outcome": "adopted", "diary_number": format!("KS26/{name}")}),
        )
        .await;
        let mut sums = Vec::new();
        for (path, file) in [
            (format!("/api/v1/answers/{answer}/documents"), format!("Remissvar {name}.pdf")),
            (format!("/api/v1/decisions/{decision}/documents"), format!("Protokollsutdrag § 12 {name}.pdf")),
        ] {
            let bytes = pdf(&file);
            let (status, doc) = upload(&app, editor, &path, &file, bytes.clone(), None).await;
            assert_eq!(status, 201, "{doc}");
            sums.push(sha(&bytes));
        }
        documents.insert(name, sums);
    }
    // On an agreement in force, Nacka withdraws.
    let (_, in_force, _, nacka_again, _, _) = crate::succession::in_force(&app, &leader).await;
    assert_eq!(nacka_again, nacka);
    created(
        &app,
        &nacka_editor,
        &format!("/api/v1/versions/{in_force}/withdrawals"),
        json!({"party_id": nacka, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-09-01", "leaves_on": "2026-01-01"}),
    )
    .await;
    let mut nacka_documents = documents.remove("Nacka").unwrap();
    nacka_documents.push(sha(&text));
    let solna_documents = documents.remove("Solna").unwrap();
    Fixture { app, leader, nacka_editor, nacka_id: nacka, nacka_documents, solna_documents }
}

/// The records an export describes, by kind, from its `arkivbeskrivning.json`.
fn described(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let index: Value = serde_json::from_slice(&files["data/arkivbeskrivning.json"]).unwrap();
    index["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["record_kind"].as_str().unwrap().to_owned(), r["description"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn a_party_s_export_holds_each_of_its_documents_and_none_of_another_party_s() {
    let f = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let bag = dir.path().join("nacka");
    let export = |to: &std::path::Path, party: &str| {
        samverkan()
            .args(["export", "--party", party, "--to"])
            .arg(to)
            .env("DATABASE_URL", f.app.db_url())
            .env("SAMVERKAN_OPERATOR", "Storsthlm")
            .output()
            .unwrap()
    };
    let out = export(&bag, "0182");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = files_under(&bag);
    assert_manifests_hold(&files);
    let info = String::from_utf8(files["bag-info.txt"].clone()).unwrap();
    for line in [
        "Source-Organization: Storsthlm",
        "Party-Name: Nacka",
        "Party-Code: 0182",
        "Period: ../..",
        "Bag-Software-Agent: samverkan ",
    ] {
        assert!(info.contains(line), "{line:?} in {info}");
    }
    assert_eq!(files["bagit.txt"], b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");

    // Each of Nacka's documents and the version's text is there; none of Solna's.
    let payload_sums: Vec<String> =
        files.iter().filter(|(p, _)| p.starts_with("data/") && !p.ends_with(".json")).map(|(_, b)| sha(b)).collect();
    for sum in &f.nacka_documents {
        assert!(payload_sums.contains(sum), "Nacka's document {sum} is in the package");
    }
    for sum in &f.solna_documents {
        assert!(!payload_sums.contains(sum), "Solna's document {sum} is not");
    }
    assert_eq!(payload_sums.len(), f.nacka_documents.len(), "no other file");
    // Every record is Nacka's, of each kind; each document named in its record with its checksum.
    let kinds: Vec<String> = described(&files).into_iter().map(|(kind, _)| kind).collect();
    for kind in [
        "agreement_version",
        "consultation_received",
        "consultation_answer",
        "preparatory_step",
        "decision",
        "withdrawal",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "a {kind} in {kinds:?}");
    }
    for (kind, path) in described(&files) {
        let record: Value = serde_json::from_slice(&files[&format!("data/{path}")]).unwrap();
        assert_eq!(record["party"]["code"], "0182", "{path}");
        assert!(record["record_kind_sv"].is_string() && record["agreement"]["title"].is_string(), "{record}");
        for doc in record["documents"].as_array().unwrap() {
            let file = &files[&format!("data/{}", doc["path"].as_str().unwrap())];
            assert_eq!(sha(file), doc["sha256"].as_str().unwrap());
        }
        if kind == "decision" && record["agreement"]["title"] == "Samverkan vid utskrivning" {
            assert_eq!(record["diary_number"], "KS26/Nacka");
            assert_eq!(record["outcome_sv"], "Antagen");
            assert_eq!(record["documents"][0]["file_name"], "Protokollsutdrag § 12 Nacka.pdf");
            let recorded = &record["recorded"][0];
            assert_eq!(
                (recorded["action"].as_str(), recorded["by_email"].as_str()),
                (Some("decide"), Some("redaktör.nacka@example.se"))
            );
        }
    }
    assert!(!String::from_utf8_lossy(&files["manifest-sha256.txt"]).contains("Solna"));

    // A folder with something in it and a code no party has are refused, each in one line.
    let out = export(&bag, "0182");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    let out = export(&dir.path().join("ingen"), "9999");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("no party has the code \"9999\""), "{stderr}");
    assert!(!dir.path().join("ingen").exists() || files_under(&dir.path().join("ingen")).is_empty());

    // The page's ZIP is the same bag, byte for byte; only the process leaders get it.
    let path = format!("/parter/{}/arkivexport", f.nacka_id);
    let get = async |who: Option<&Caller>, path: &str| {
        let mut request = f.app.client.get(format!("{}{path}", f.app.base));
        if let Some(who) = who {
            request = request.header("cookie", format!("samverkan_session={}", who.session.as_deref().unwrap()));
        }
        request.send().await.unwrap()
    };
    assert_eq!(get(None, &path).await.status(), 401);
    assert_eq!(get(Some(&f.nacka_editor), &path).await.status(), 403);
    let zip = get(Some(&f.leader), &path).await;
    assert_eq!(zip.status(), 200);
    assert_eq!(zip.headers()["content-type"], "application/zip");
    let disposition = zip.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"arkiv-0182-"), "{disposition}");
    let bytes = zip.bytes().await.unwrap();
    let zipped = unzipped(&bytes);
    assert_eq!(zipped.keys().collect::<Vec<_>>(), files.keys().collect::<Vec<_>>());
    for (name, content) in &zipped {
        assert!(content == &files[name], "{name}: the same data makes the same file");
    }
    let again = get(Some(&f.leader), &path).await.bytes().await.unwrap();
    assert_eq!(again, bytes, "the same data downloads as the same bytes");

    // A year: what happened in it, not the withdrawal of 2025 nor the decisions of 2022 and 2025.
    let year = get(Some(&f.leader), &format!("{path}?fran=2026-01-01&till=2026-12-31")).await;
    let year = unzipped(&year.bytes().await.unwrap());
    assert_manifests_hold(&year);
    assert!(String::from_utf8_lossy(&year["bag-info.txt"]).contains("Period: 2026-01-01/2026-12-31"));
    let kinds: Vec<String> = described(&year).into_iter().map(|(kind, _)| kind).collect();
    assert!(!kinds.iter().any(|k| k == "withdrawal"), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| *k == "decision").count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| *k == "consultation_answer").count(), 1, "{kinds:?}");

    // A period whose end comes before its start is refused, the field named; so is a day that is none.
    let bad = get(Some(&f.leader), &format!("{path}?fran=2026-12-31&till=2026-01-01")).await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("till"));
    assert_eq!(get(Some(&f.leader), &format!("{path}?fran=2026-02-30")).await.status(), 400);

    // The form on the party's page for the process leaders only; each export on its history.
    let page = page_as(&f.app, &f.leader, &format!("/parter/{}", f.nacka_id)).await;
    assert!(page.contains("Exportera för arkivet"));
    assert!(
        !page_as(&f.app, &f.nacka_editor, &format!("/parter/{}", f.nacka_id)).await.contains("Exportera för arkivet")
    );
    let events = f.app.store.audit_events_of("party", &f.nacka_id.to_string()).await.unwrap();
    let exports: Vec<&str> = events.iter().filter(|e| e.action == "export_archive").map(|e| e.actor.as_str()).collect();
    assert_eq!(exports.len(), 4, "the command's and the three downloads: {exports:?}");
    assert!(exports.contains(&"cli:export"));
    // The command's event names its package: the SHA-256 of the manifest it wrote.
    let told: Value =
        serde_json::from_str(events.iter().find(|e| e.actor == "cli:export").unwrap().after.as_deref().unwrap())
            .unwrap();
    assert_eq!(told["manifest_sha256"].as_str(), Some(sha(&files["manifest-sha256.txt"]).as_str()));
    let oxum = String::from_utf8_lossy(&files["bag-info.txt"])
        .lines()
        .find_map(|l| l.strip_prefix("Payload-Oxum: ").map(str::to_owned));
    assert_eq!(told["payload_oxum"].as_str(), oxum.as_deref());
}
