//! A BagIt package (RFC 8493, version 1.0), made in memory: the payload under `data/`, its
//! SHA-256 manifest, `bagit.txt`, `bag-info.txt` with `Payload-Oxum`, and a tag manifest over
//! the tag files. Neither Rust crate for BagIt fits (`bagr` is mainly a command-line tool on
//! clap 3, `async_bagit` needs nightly Rust), and the format is small: written here by the RFC.
//!
//! Every file's path is made by [`safe_name`] from ASCII letters, digits, `-`, `_` and `.`, so
//! no path needs the manifests' percent-encoding (§2.1.3) and none can leave the bag. Files
//! come out sorted by path, and nothing in a bag depends on the moment it was made but its
//! `Bagging-Date`: the same data gives the same bytes.

use sha2::{Digest, Sha256};

/// One file of a bag, its path relative to the bag's folder (`data/…`, `bagit.txt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BagFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A whole bag: its folder's name and its files, sorted by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bag {
    /// The bag's folder (`arkiv-0182-2026-12-01`), a safe name.
    pub name: String,
    pub files: Vec<BagFile>,
    /// The payload's octets and files, as `Payload-Oxum` says.
    pub payload_bytes: u64,
    pub payload_files: usize,
}

/// A name fit for any file system and for a manifest line: Swedish letters to their base
/// letters, anything else but ASCII letters, digits, `_` and `.` to `-`, runs of `-` made one,
/// at most 60 characters; `fallback` when nothing is left.
pub fn safe_name(raw: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let c = match samverkan_domain::text::ascii_base_letter(c) {
            c if c.is_ascii_alphanumeric() || c == '_' || c == '.' => c,
            _ => '-',
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let trimmed: String = out.trim_matches(|c| c == '-' || c == '.').chars().take(60).collect();
    let trimmed = trimmed.trim_end_matches(['-', '.']);
    if trimmed.is_empty() { fallback.to_owned() } else { trimmed.to_owned() }
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A manifest of these files: `checksum  path` per line (two spaces, as the reference tools
/// write), sorted by path.
fn manifest<'a>(files: impl IntoIterator<Item = &'a BagFile>) -> Vec<u8> {
    manifest_of(files.into_iter().map(|f| (f.path.clone(), sha256(&f.bytes))).collect())
}

/// A manifest of these `(path, SHA-256)` lines, sorted by path: what `manifest-sha256.txt` will
/// say of a payload whose checksums are known before its bytes (paths under `data/`).
pub fn manifest_of(mut lines: Vec<(String, String)>) -> Vec<u8> {
    lines.sort();
    lines.into_iter().map(|(path, sum)| format!("{sum}  {path}\n")).collect::<String>().into_bytes()
}

/// A tag line, `Label: value`, folded before 79 characters at spaces (§2.2.2: a continuation
/// line starts with white space); line breaks in a value become spaces.
fn tag_line(label: &str, value: &str) -> String {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = format!("{label}:");
    let mut line_len = out.chars().count();
    for word in value.split(' ') {
        let len = word.chars().count();
        if line_len + 1 + len > 79 && line_len > label.len() + 1 {
            out.push_str("\n ");
            line_len = 1;
        } else {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out.push('\n');
    out
}

/// Makes a bag of `payload` (paths relative to `data/`, safe names) with these `bag-info.txt`
/// tags (in this order; `Payload-Oxum` is added last).
pub fn make_bag(name: &str, payload: Vec<BagFile>, info: &[(&str, String)]) -> Bag {
    let mut files: Vec<BagFile> =
        payload.into_iter().map(|f| BagFile { path: format!("data/{}", f.path), bytes: f.bytes }).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let payload_bytes: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
    let payload_files = files.len();
    let manifest_file = BagFile { path: "manifest-sha256.txt".to_owned(), bytes: manifest(&files) };
    let bagit = BagFile {
        path: "bagit.txt".to_owned(),
        bytes: b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_vec(),
    };
    let mut text: String = info.iter().map(|(label, value)| tag_line(label, value)).collect();
    text.push_str(&tag_line("Payload-Oxum", &format!("{payload_bytes}.{payload_files}")));
    let bag_info = BagFile { path: "bag-info.txt".to_owned(), bytes: text.into_bytes() };
    let tag_manifest =
        BagFile { path: "tagmanifest-sha256.txt".to_owned(), bytes: manifest([&bag_info, &bagit, &manifest_file]) };
    files.extend([bag_info, bagit, manifest_file, tag_manifest]);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Bag { name: safe_name(name, "arkiv"), files, payload_bytes, payload_files }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_are_safe_and_swedish_letters_kept_readable() {
        assert_eq!(safe_name("Protokollsutdrag § 12 (KF) Nacka.pdf", "x"), "Protokollsutdrag-12-KF-Nacka.pdf");
        assert_eq!(
            safe_name("Överenskommelse om hälsa, vård och omsorg", "x"),
            "Overenskommelse-om-halsa-vard-och-omsorg"
        );
        assert_eq!(safe_name("../../etc/passwd", "x"), "etc-passwd");
        assert_eq!(safe_name("%\r\n", "dokument"), "dokument");
        assert!(safe_name(&"å".repeat(200), "x").len() <= 60);
    }

    #[test]
    fn a_bag_has_its_manifests_oxum_and_sorted_files() {
        let payload = vec![
            BagFile { path: "b.json".to_owned(), bytes: b"{}".to_vec() },
            BagFile { path: "a/1.pdf".to_owned(), bytes: b"%PDF".to_vec() },
        ];
        let bag = make_bag("arkiv-0182", payload, &[("Source-Organization", "Storsthlm".to_owned())]);
        let paths: Vec<&str> = bag.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "bag-info.txt",
                "bagit.txt",
                "data/a/1.pdf",
                "data/b.json",
                "manifest-sha256.txt",
                "tagmanifest-sha256.txt"
            ]
        );
        let text = |p: &str| String::from_utf8(bag.files.iter().find(|f| f.path == p).unwrap().bytes.clone()).unwrap();
        assert!(text("bag-info.txt").ends_with("Payload-Oxum: 6.2\n"), "{}", text("bag-info.txt"));
        let manifest = text("manifest-sha256.txt");
        assert_eq!(manifest.lines().count(), 2);
        assert!(manifest.starts_with(&format!("{}  data/a/1.pdf\n", sha256(b"%PDF"))), "{manifest}");
        let tags = text("tagmanifest-sha256.txt");
        assert_eq!(
            tags.lines().map(|l| l.split("  ").nth(1).unwrap()).collect::<Vec<_>>(),
            ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"]
        );
    }

    #[test]
    fn a_long_tag_is_folded_with_continuation_lines() {
        let line = tag_line("External-Description", &"ord ".repeat(40));
        assert!(line.lines().count() > 1);
        assert!(line.lines().all(|l| l.chars().count() <= 79), "{line}");
        assert!(line.lines().skip(1).all(|l| l.starts_with(' ')));
    }
}
