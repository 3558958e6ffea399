//! Fixes on demand: analysis leaves on each finding only what its fix
//! needs (a `FixHint`, plain data without text edits); `fixes::fix` makes
//! the edits when asked, from the file as it is then.

use std::path::{Path, PathBuf};

use aisrm_core::diagnostics::{Code, FixHint};
use aisrm_core::workspace::Workspace;

const CHECKS: &str =
    include_str!("../../../tests/fixtures/diagnostics/framework-checks/ai-inventory.yaml");

fn workspace(text: &str) -> (Workspace, PathBuf) {
    let root = PathBuf::from("/ws");
    let path = root.join("ai-inventory.yaml");
    let mut ws = Workspace::new(vec![root]);
    ws.set_file(path.clone(), text.to_string());
    (ws, path)
}

/// Each finding of the file with its hint, one per line.
fn hints(ws: &Workspace, path: &Path) -> String {
    ws.diagnostics(path)
        .iter()
        .filter_map(|d| Some(format!("{} {:?}\n", d.code.as_str(), d.fix.as_ref()?)))
        .collect()
}

/// Every fix of the file, made on demand, rendered with its edits.
fn fixes(ws: &Workspace, path: &Path) -> Vec<String> {
    let file = ws.file(path).unwrap();
    ws.diagnostics(path)
        .iter()
        .filter_map(|d| aisrm_core::fixes::fix(file, d))
        .map(|f| format!("{f:?}"))
        .collect()
}

#[test]
fn findings_carry_hints_and_no_edits() {
    let (ws, path) = workspace(CHECKS);
    insta::assert_snapshot!(hints(&ws, &path));
    let critical = ws
        .diagnostics(&path)
        .into_iter()
        .find(|d| d.code == Code::CriticalDomainUncovered)
        .unwrap();
    assert_eq!(
        critical.fix,
        Some(FixHint::AddEntry("multi-system-integration".into()))
    );
}

/// Hints hold no positions, so a finding shifted by an edit above it (the
/// incremental path re-analyses only the edited component) still gets
/// the fix a from-scratch analysis of the new text gives.
#[test]
fn fixes_after_an_edit_above_equal_fixes_from_scratch() {
    let (mut ws, path) = workspace(CHECKS);
    let before = fixes(&ws, &path);
    let at = CHECKS.find("deployment:").unwrap();
    let edited = format!("{}# a comment\n    {}", &CHECKS[..at], &CHECKS[at..]);
    ws.set_file(path.clone(), edited.clone());
    let (fresh, _) = workspace(&edited);
    let after = fixes(&ws, &path);
    assert_eq!(after, fixes(&fresh, &path));
    assert_eq!(after.len(), before.len());
    assert_ne!(after, before, "the edit moved the fixes' edits");
}
