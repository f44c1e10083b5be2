//! The workspace's shape, checked on its sources: no file of `store`, `domain` or `web` is over
//! 600 lines; no file of any of them imports, directly or through others, a file that imports it
//! (the layering: shared modules below, each subject above them and above lower ones); and
//! `web`'s ground floor (`kit/`) imports no feature. The write path's own checks are in
//! `write/tests.rs`.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::test_support::{crate_sources, program_text, sources};

/// The longest a source file may be.
const MAX_LINES: usize = 600;

#[test]
fn no_file_is_over_600_lines() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for (dir, files) in [
        ("store", crate_sources()),
        ("domain", sources(&manifest.join("../domain/src"))),
        ("web", sources(&manifest.join("../web/src"))),
    ] {
        for (path, text) in files {
            let lines = text.lines().count();
            if lines > MAX_LINES {
                long.push(format!("crates/{dir}/src/{path}: {lines} lines"));
            }
        }
    }
    assert!(long.is_empty(), "over {MAX_LINES} lines:\n{}", long.join("\n"));
}

/// A file's module path: `lib.rs` is the root, `a/mod.rs` and `a.rs` are `a`, `a/b.rs` is `a::b`.
fn module_of(file: &str) -> Vec<String> {
    let stem = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The paths a file names (`crate::…`, `super::…`, a `use` relative to its module, and the
/// children it declares with `mod`), each as a module path plus the item, use-trees
/// (`crate::a::{b::C, d}`) expanded. Read as bytes: paths are ASCII.
fn named_paths(file: &str, code: &str) -> Vec<Vec<String>> {
    let module = module_of(file);
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for (start, relative_to) in [("crate::", Vec::new()), ("super::", parent(&module))] {
        for (at, _) in code.match_indices(start) {
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            tree(bytes, &mut (at + start.len()), relative_to.clone(), &mut out);
        }
    }
    // A `use` of a path relative to the module (`pub use secrets::AccountError` in a `mod.rs`):
    // its first segment is a child module, or else an outside crate (which resolves to the file
    // itself, and is dropped).
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let decl = line.trim_start().trim_start_matches("pub(crate) ").trim_start_matches("pub ");
        if let Some(rest) = decl.strip_prefix("use ")
            && !rest.starts_with("crate::")
            && !rest.starts_with("super::")
        {
            tree(bytes, &mut (offset + line.len() - rest.len()), module.clone(), &mut out);
        }
        if let Some(name) = decl.trim_end().strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            let mut child = module.clone();
            child.push(name.trim().to_owned());
            out.push(child);
        }
        offset += line.len();
    }
    out
}

/// The module above `module` (`super` of `a::b` is `a`).
fn parent(module: &[String]) -> Vec<String> {
    module[..module.len().saturating_sub(1)].to_vec()
}

/// Parses a use-tree at `i`, after `prefix::`, pushing every full path it names.
fn tree(bytes: &[u8], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let skip = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    skip(i);
    match bytes.get(*i) {
        Some(b'{') => {
            *i += 1;
            loop {
                skip(i);
                if bytes.get(*i).is_none_or(|b| *b == b'}') {
                    *i += 1;
                    return;
                }
                tree(bytes, i, prefix.clone(), out);
                skip(i);
                if bytes.get(*i) == Some(&b',') {
                    *i += 1;
                }
            }
        }
        Some(b'*') => {
            *i += 1;
            out.push(prefix);
        }
        _ => {
            let start = *i;
            while *i < bytes.len() && (bytes[*i].is_ascii_alphanumeric() || bytes[*i] == b'_') {
                *i += 1;
            }
            let mut path = prefix;
            if *i > start {
                path.push(String::from_utf8_lossy(&bytes[start..*i]).into_owned());
            }
            if bytes.get(*i) == Some(&b':') && bytes.get(*i + 1) == Some(&b':') {
                *i += 2;
                tree(bytes, i, path, out);
            } else {
                out.push(path);
            }
        }
    }
}

/// The file that holds `path`: the longest prefix of it that is a file's module.
fn file_of(path: &[String], files: &BTreeMap<Vec<String>, String>) -> Option<String> {
    (0..=path.len()).rev().find_map(|n| files.get(&path[..n]).cloned())
}

/// Each file's imports, as the files they name.
fn imports(sources: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let files: BTreeMap<Vec<String>, String> =
        sources.iter().map(|(path, _)| (module_of(path), path.clone())).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources {
        let code = program_text(text);
        let targets = edges.entry(path.clone()).or_default();
        for named in named_paths(path, &code) {
            if let Some(target) = file_of(&named, &files)
                && target != *path
            {
                targets.insert(target);
            }
        }
    }
    edges
}

/// Every cycle among the files, each as the files walked (`a.rs → b.rs → a.rs`).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    // Depth-first, keeping the path walked: meeting a file on it again is a cycle.
    fn visit(
        file: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = stack.iter().position(|f| f == file) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(file.to_owned());
            cycles.push(cycle.join(" → "));
            return;
        }
        if done.contains(file) {
            return;
        }
        stack.push(file.to_owned());
        for next in edges.get(file).into_iter().flatten() {
            visit(next, edges, stack, done, cycles);
        }
        stack.pop();
        done.insert(file.to_owned());
    }
    let (mut stack, mut done, mut cycles) = (Vec::new(), BTreeSet::new(), Vec::new());
    for file in edges.keys() {
        visit(file, edges, &mut stack, &mut done, &mut cycles);
    }
    cycles
}

#[test]
fn no_file_of_the_store_imports_itself_through_others() {
    let edges = imports(&crate_sources());
    let cycles = cycles(&edges);
    assert!(cycles.is_empty(), "import cycles among the files of src/:\n{}", cycles.join("\n"));
    // The check sees the imports: the write path stands on the trail, a kind on the write path,
    // the crate's root on what it names.
    assert!(edges["write.rs"].contains("audit.rs"));
    assert!(edges["structure/bodies.rs"].contains("write.rs"));
    assert!(edges["accounts/mod.rs"].contains("accounts/secrets.rs"));
    assert!(edges["lib.rs"].contains("structure/bodies.rs"));
}

/// The check finds a cycle through others, a use-tree's, a `super::`'s, and one through the
/// crate's root (a file that imports a re-export of `lib.rs`).
#[test]
fn the_cycle_check_finds_cycles() {
    let files = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect()
    };
    let through_others = files(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\nmod error;\n"),
        ("error.rs", "pub struct E;\n"),
        ("a.rs", "use crate::b::B;\n"),
        ("b.rs", "use crate::{c::{C, D}, error::E};\n"),
        ("c.rs", "// crate::a is only a comment\nfn f() { crate::a::f() }\n"),
    ]);
    assert_eq!(cycles(&imports(&through_others)), ["a.rs → b.rs → c.rs → a.rs"]);
    let through_the_root = files(&[("lib.rs", "mod a;\npub use a::A;\n"), ("a.rs", "use crate::Store;\n")]);
    assert_eq!(cycles(&imports(&through_the_root)).len(), 1);
    let through_super =
        files(&[("x/mod.rs", "mod y;\npub(crate) fn f() { y::g() }\nuse y::G;\n"), ("x/y.rs", "use super::f;\n")]);
    assert_eq!(cycles(&imports(&through_super)), ["x/mod.rs → x/y.rs → x/mod.rs"]);
    let in_tests_only = files(&[
        ("a.rs", "use crate::b::B;\n#[cfg(test)]\nmod tests {\n    use crate::a::A;\n}\n"),
        ("b.rs", "pub struct B;\n#[cfg(test)]\nmod tests {\n    use crate::a::A;\n}\n"),
    ]);
    assert!(cycles(&imports(&in_tests_only)).is_empty(), "tests are not the program");
}

/// The other crates are held to the same: no cycles, and `web`'s kit stands on nothing above it.
#[test]
fn no_file_of_the_domain_or_the_web_imports_itself_through_others() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["domain", "web"] {
        let edges = imports(&sources(&manifest.join(format!("../{dir}/src"))));
        let cycles = cycles(&edges);
        assert!(cycles.is_empty(), "import cycles among the files of crates/{dir}/src:\n{}", cycles.join("\n"));
    }
    let web = imports(&sources(&manifest.join("../web/src")));
    // The check sees the web's imports: a feature stands on the kit.
    assert!(web["structure/pages.rs"].iter().any(|f| f.starts_with("kit/")));
    let upward: Vec<String> = web
        .iter()
        .filter(|(file, _)| file.starts_with("kit/"))
        .flat_map(|(file, to)| to.iter().filter(|t| !t.starts_with("kit/")).map(move |t| format!("{file} → {t}")))
        .collect();
    assert!(upward.is_empty(), "the web's kit imports a feature:\n{}", upward.join("\n"));
}
