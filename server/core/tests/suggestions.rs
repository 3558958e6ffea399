//! Did-you-mean suggestions for undeclared component ids are bounded per
//! query (each compares against every declared id). The bound must not
//! make a file's findings depend on what was asked before: the same text
//! gives the same findings, as a from-scratch analysis does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use aisrm_core::workspace::Workspace;

/// 1,000 declared ids and 400 near misses in `depends-on`: more than the
/// budget of one query can suggest for.
fn inventory() -> String {
    let mut text = String::from("aisrm: 1\ncomponents:\n");
    for i in 0..1000 {
        let _ = writeln!(text, "  svc-{i:04}:\n    deployment: saas-ai");
    }
    for i in 0..400 {
        let _ = writeln!(
            text,
            "  user-{i:04}:\n    deployment: saas-ai\n    depends-on: [svc-{i:04}x]"
        );
    }
    text
}

fn suggestions(ws: &Workspace, path: &Path) -> usize {
    ws.diagnostics(path)
        .iter()
        .filter(|d| d.message.contains("did you mean"))
        .count()
}

#[test]
fn findings_past_the_suggestion_budget_do_not_depend_on_earlier_queries() {
    let path = PathBuf::from("/ws/ai-inventory.yaml");
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    ws.set_file(path.clone(), inventory());
    let first = ws.diagnostics(&path);
    let suggested = suggestions(&ws, &path);
    assert!(
        (1..400).contains(&suggested),
        "the budget should cut the suggestions: {suggested} of 400"
    );
    for _ in 0..3 {
        assert_eq!(ws.diagnostics(&path), first);
    }
    let mut fresh = Workspace::new(vec![PathBuf::from("/ws")]);
    fresh.set_file(path.clone(), inventory());
    assert_eq!(fresh.diagnostics(&path), first);
}
