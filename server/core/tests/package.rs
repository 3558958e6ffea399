//! The crates' sources as files. Every file a crate embeds
//! (`include_str!` / `include_bytes!` in its `src/`) must lie inside the
//! crate's folder, or the published package (`cargo package`, `cargo
//! publish`) cannot build; the data under `schemas/` is reached through
//! the symlink `server/core/schemas`. And no source file grows past
//! [`MAX_LINES`]: a file that long holds more than one concern.

use std::path::{Component, Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a/b/../c` -> `a/c`, without touching the file system (symlinks stay).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn embedded_paths(source: &str) -> Vec<&str> {
    let mut paths = Vec::new();
    for macro_name in ["include_str!(\"", "include_bytes!(\""] {
        for (at, _) in source.match_indices(macro_name) {
            let rest = &source[at + macro_name.len()..];
            paths.push(&rest[..rest.find('"').unwrap()]);
        }
    }
    paths
}

#[test]
fn embedded_files_stay_inside_their_crate() {
    let server = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut outside = Vec::new();
    let mut seen = 0;
    for krate in ["core", "lsp", "cli"] {
        let root = lexical(&server.join(krate));
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            for rel in embedded_paths(&source) {
                seen += 1;
                let target = lexical(&file.parent().unwrap().join(rel));
                if !target.starts_with(&root) || !target.exists() {
                    outside.push(format!("{}: {rel}", file.display()));
                }
            }
        }
    }
    assert!(seen >= 3, "found only {seen} embedded files");
    assert_eq!(outside, Vec::<String>::new());
}

/// Most lines a source file under `server/*/src` may have.
const MAX_LINES: usize = 500;

/// Files allowed past [`MAX_LINES`], each with why.
const LONG_FILES: &[(&str, &str)] = &[(
    "core/src/discovery/sources/manifest.rs",
    "discovery's readers of eight manifest formats; to be split by format",
)];

#[test]
fn source_files_stay_under_the_line_limit() {
    let server = lexical(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    let mut too_long = Vec::new();
    let mut checked = 0;
    for krate in ["core", "lsp", "cli", "test-support"] {
        let mut files = Vec::new();
        rust_files(&server.join(krate).join("src"), &mut files);
        for file in files {
            checked += 1;
            let name = file
                .strip_prefix(&server)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            if lines > MAX_LINES && !LONG_FILES.iter().any(|(f, _)| *f == name) {
                too_long.push(format!("{name}: {lines} lines"));
            }
        }
    }
    assert!(checked > 50, "found only {checked} source files");
    assert_eq!(too_long, Vec::<String>::new(), "split these by concern");
}
