//! `aisrm report --format markdown` of examples/: a snapshot of the whole
//! report, plus the facts a reviewer relies on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn aisrm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aisrm"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn markdown() -> String {
    let out = aisrm(&["report", "examples", "--format", "markdown"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn markdown_report_of_examples() {
    insta::assert_snapshot!("examples_markdown", markdown());
}

#[test]
fn markdown_report_is_short_and_summary_first() {
    let md = markdown();
    // A GitHub comment holds 65,536 characters; leave room to spare.
    assert!(md.len() < 40_000, "{} bytes", md.len());
    let summary = md.find("| Component | Model |").unwrap();
    let details = md.find("<details>").unwrap();
    assert!(
        summary < details,
        "the summary comes before the folded details"
    );
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count()
    );
    // One section per framework, the custom one included.
    assert!(md.contains("### AI Security Shared Responsibility Model (AISRM 1.1.0)"));
    assert!(md.contains("### Acme GenAI Responsibility Model (Acme GenAI 0.1.0)"));
    assert!(md.contains("Heatmap: 11 components × 16 domains"));
    assert!(md.contains("Heatmap: 2 components × 3 domains"));
    // The deliberate gap of examples/ stands out.
    assert!(md.contains("🟧 C secops, **gap** ❗"));
    assert!(md.contains("- `incident-response`: 4 customer duties, 7 shared, 9 unowned, 1 gap"));
}

#[test]
fn report_writes_to_a_file_with_output() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-output");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.md");
    let out = aisrm(&[
        "report",
        "examples",
        "--format",
        "markdown",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), markdown());
}

#[test]
fn report_of_a_folder_without_components_fails() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-empty");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = aisrm(&["report", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no components found"));
}
