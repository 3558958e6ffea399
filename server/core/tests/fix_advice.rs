//! Issue 12 item 4, no contradictory advice: over examples/, every folder
//! of tests/fixtures/diagnostics and generated workspaces, applying any
//! quick fix or source action that `code_actions` offers for a finding
//! (its edits as plain text, as a client without snippet support applies
//! them) and analysing again creates no new warning or error. The fixed
//! finding itself may stay (a fix that only prepares the user's input).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aisrm_core::diagnostics::{Fix, Severity};
use aisrm_core::ide::actions::code_actions;
use aisrm_core::workspace::{Workspace, is_candidate};

/// A workspace's files: path and text.
type Files = BTreeMap<PathBuf, String>;

/// Findings that keep a component's framework checks from running (its
/// deployment model is unknown): fixing one lets those checks run, so
/// their warnings are not the fix's doing. Only a new error counts then.
const STOPS_CHECKS: &[&str] = &["unknown-deployment-model"];

/// The workspace of every candidate file below `root`.
fn folder(root: &Path) -> Files {
    aisrm_test_support::files_under(root)
        .into_iter()
        .filter(|p| is_candidate(p))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .canonicalize()
        .unwrap()
}

fn generated(seed: u64) -> (PathBuf, Files) {
    let root = PathBuf::from(format!("/generated-{seed}"));
    let files = aisrm_test_support::generate::workspace(seed)
        .into_iter()
        .map(|(name, text)| (root.join(name), text))
        .collect();
    (root, files)
}

fn analyse(root: &Path, files: &Files) -> Workspace {
    let mut ws = Workspace::new(vec![root.to_path_buf()]);
    for (path, text) in files {
        ws.set_file(path.clone(), text.clone());
    }
    ws
}

/// How many findings of each code each file has, counting those at least
/// as severe as `floor` (errors first).
fn problems(
    ws: &Workspace,
    files: &Files,
    floor: Severity,
) -> BTreeMap<(PathBuf, &'static str), usize> {
    let mut counts = BTreeMap::new();
    for path in files.keys() {
        for d in ws.diagnostics(path) {
            if d.severity <= floor {
                *counts.entry((path.clone(), d.code.as_str())).or_default() += 1;
            }
        }
    }
    counts
}

/// The files with the fix's edits applied (last edit first, so earlier
/// offsets stay valid).
fn applied(files: &Files, fix: &Fix) -> Files {
    let mut out = files.clone();
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for e in edits {
        let text = out.get_mut(&e.path).expect("an edit of a known file");
        text.replace_range(e.range.start..e.range.end, &e.new_text);
    }
    out
}

/// Every action offered for a finding of the workspace, once each, with
/// the file and code of the finding it was offered for.
fn offered(ws: &Workspace, files: &Files) -> Vec<(PathBuf, &'static str, Fix)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for path in files.keys() {
        let diagnostics = ws.diagnostics(path);
        for d in &diagnostics {
            for action in code_actions(ws, path, d.range, std::slice::from_ref(d)) {
                if !seen.contains(&action.fix) {
                    seen.push(action.fix.clone());
                    out.push((path.clone(), d.code.as_str(), action.fix));
                }
            }
        }
    }
    out
}

/// The fixes that create a new warning or error, one line each:
/// `title (offered for CODE in FILE): new CODE in FILE, ...`.
fn new_problems(name: &str, root: &Path, files: &Files) -> Vec<String> {
    let ws = analyse(root, files);
    let mut failures = Vec::new();
    for (path, code, fix) in offered(&ws, files) {
        let floor = if STOPS_CHECKS.contains(&code) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let before = problems(&ws, files, floor);
        let after_files = applied(files, &fix);
        let after = problems(&analyse(root, &after_files), &after_files, floor);
        let created: Vec<String> = after
            .iter()
            .filter(|(key, n)| before.get(*key).copied().unwrap_or(0) < **n)
            .map(|((p, c), _)| format!("{c} in {}", shown(root, p)))
            .collect();
        if !created.is_empty() {
            failures.push(format!(
                "{name}: {} (offered for {code} in {}): new {}",
                fix.title,
                shown(root, &path),
                created.join(", ")
            ));
        }
    }
    failures
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn no_fix_of_the_examples_creates_a_warning_or_an_error() {
    let root = repo("examples");
    let files = folder(&root);
    let ws = analyse(&root, &files);
    assert!(!offered(&ws, &files).is_empty(), "the examples offer fixes");
    let failures = new_problems("examples", &root, &files);
    assert_eq!(failures, Vec::<String>::new());
}

#[test]
fn no_fix_of_the_diagnostics_fixtures_creates_a_warning_or_an_error() {
    let fixtures = repo("tests/fixtures/diagnostics");
    let mut failures = Vec::new();
    for root in std::fs::read_dir(&fixtures).unwrap() {
        let root = root.unwrap().path();
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        failures.extend(new_problems(&name, &root, &folder(&root)));
    }
    assert_eq!(failures, Vec::<String>::new());
}

#[test]
fn no_fix_of_generated_workspaces_creates_a_warning_or_an_error() {
    let mut failures = Vec::new();
    for seed in 1..=8 {
        let (root, files) = generated(seed);
        failures.extend(new_problems(&format!("generated-{seed}"), &root, &files));
    }
    assert_eq!(failures, Vec::<String>::new());
}
