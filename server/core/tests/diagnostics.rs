//! Fixture tests: every workspace under tests/fixtures/diagnostics is
//! analysed and its findings rendered with exact positions (1-based line,
//! UTF-16 column, as an LSP client sees them) and the text they cover.

use std::path::{Path, PathBuf};

use aisrm_core::analysis::{OwnershipMode, Settings};
use aisrm_core::text::Encoding;
use aisrm_core::workspace::Workspace;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/diagnostics")
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Loads a fixture workspace and renders every finding of every file.
fn render(case: &str) -> String {
    render_with(case, Settings::default())
}

fn render_with(case: &str, settings: Settings) -> String {
    let root = aisrm_core::workspace::normalize(&fixtures().join(case));
    let mut ws = Workspace::new(vec![root.clone()]);
    ws.set_settings(settings);
    for path in files_under(&root) {
        let text = std::fs::read_to_string(&path).unwrap();
        ws.set_file(path, text);
    }
    let mut out = String::new();
    for path in ws.paths() {
        let file = ws.file(&path).unwrap();
        let name = path.strip_prefix(&root).unwrap().display();
        out.push_str(&format!("== {name} ({:?})\n", file.kind));
        for d in ws.diagnostics(&path) {
            let start = file
                .line_index
                .line_col(&file.text, d.range.start, Encoding::Utf16);
            let end = file
                .line_index
                .line_col(&file.text, d.range.end, Encoding::Utf16);
            let covered = &file.text[d.range.start..d.range.end];
            out.push_str(&format!(
                "{}[{}] {}:{}-{}:{} {:?}: {}\n",
                d.severity.as_str(),
                d.code.as_str(),
                start.line + 1,
                start.col + 1,
                end.line + 1,
                end.col + 1,
                covered,
                d.message
            ));
            for r in &d.related {
                let rel = r.path.strip_prefix(&root).unwrap_or(&r.path).display();
                out.push_str(&format!(
                    "    related {rel} bytes {}..{}: {}\n",
                    r.range.start, r.range.end, r.message
                ));
            }
            // Made on demand, as a code action or `check --fix` asks.
            if let Some(f) = aisrm_core::fixes::fix(file, &d) {
                let edits: Vec<String> = f
                    .edits
                    .iter()
                    .map(|e| format!("{}..{} {:?}", e.range.start, e.range.end, e.new_text))
                    .collect();
                out.push_str(&format!("    fix {:?}: {}\n", f.title, edits.join("; ")));
            }
        }
    }
    out
}

macro_rules! fixture {
    ($name:ident, $dir:literal) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(render($dir));
        }
    };
}

fixture!(structure, "structure");
fixture!(framework_checks, "framework-checks");
fixture!(cross_file, "cross-file");
fixture!(markdown, "markdown");
fixture!(microsoft, "microsoft");
fixture!(custom_framework, "custom-framework");
fixture!(outside, "outside");
fixture!(ownership, "ownership");
fixture!(statuses, "statuses");
fixture!(link_only, "link-only");
fixture!(extends, "extends");
fixture!(design_framework, "design-framework");

/// `ownership = "explicit"`: only an entry's own `owner:` counts.
#[test]
fn ownership_explicit() {
    let settings = Settings {
        ownership: OwnershipMode::Explicit,
        ..Settings::default()
    };
    insta::assert_snapshot!(render_with("ownership", settings));
}

/// Changing one file reports every other file whose findings changed, and
/// those findings equal a fresh analysis of the workspace.
#[test]
fn set_file_reports_affected_files() {
    let root = std::path::PathBuf::from("/ws");
    let inv = root.join("ai-inventory.yaml");
    let doc = root.join("design.md");
    let other = root.join("other.aisrm.yaml");
    let mut ws = Workspace::new(vec![root.clone()]);
    ws.set_file(doc.clone(), "```aisrm\nd:\n  deployment: saas-ai\n  depends-on: [bot]\n```\n[x](ai-inventory.yaml#bot)\n");
    ws.set_file(
        other.clone(),
        "aisrm: 1\ncomponents: {solo: {deployment: saas-ai}}\n",
    );
    let codes = |ws: &Workspace, p: &Path| -> Vec<&'static str> {
        ws.diagnostics(p).iter().map(|d| d.code.as_str()).collect()
    };
    // No owner anywhere: each component's duties are unowned, in every
    // state below.
    const UNOWNED: [&str; 2] = ["unowned-customer-duties", "unowned-shared-duties"];
    assert_eq!(
        codes(&ws, &doc),
        [&UNOWNED[..], &["unknown-component", "unknown-link-target"]].concat()
    );
    assert_eq!(codes(&ws, &other), UNOWNED);
    let affected = ws.set_file(
        inv.clone(),
        "aisrm: 1\ncomponents:\n  bot: {deployment: saas-ai}\n",
    );
    assert_eq!(affected, [inv.clone(), doc.clone()]);
    assert_eq!(codes(&ws, &doc), UNOWNED);
    assert_eq!(codes(&ws, &inv), UNOWNED);
    let affected = ws.set_file(
        inv.clone(),
        "aisrm: 1\ncomponents:\n  bot: {deployment: saas-ai}\n  solo: {deployment: saas-ai}\n",
    );
    assert_eq!(affected, [inv.clone(), other.clone()]);
    assert_eq!(
        codes(&ws, &other),
        ["duplicate-component", UNOWNED[0], UNOWNED[1]]
    );
    let affected = ws.remove_file(&inv);
    assert_eq!(affected, [inv, doc.clone(), other.clone()]);
    assert_eq!(
        codes(&ws, &doc),
        [&UNOWNED[..], &["unknown-component", "unknown-link-target"]].concat()
    );
    assert_eq!(codes(&ws, &other), UNOWNED);
}
