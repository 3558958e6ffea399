//! `aisrm report --format markdown` of examples/: a snapshot of the whole
//! report, plus the facts a reviewer relies on: errors first, ranked next
//! steps, no table too wide for a comment, under GitHub's comment limit.

use std::path::PathBuf;
use std::process::{Command, Output};

use aisrm_test_support::cli::{repo_root, run};

fn aisrm(args: &[&str]) -> Output {
    run(env!("CARGO_BIN_EXE_aisrm"), args, &repo_root())
}

/// examples/ has one deliberate error: the report exits 1, as check does.
fn markdown() -> String {
    let out = aisrm(&["report", "examples", "--format", "markdown"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn markdown_report_of_examples() {
    insta::assert_snapshot!("examples_markdown", markdown());
}

/// The widest table of `md`, in columns.
fn widest_table(md: &str) -> usize {
    md.lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| l.replace("\\|", "").matches('|').count() - 1)
        .max()
        .unwrap_or(0)
}

#[test]
fn markdown_report_puts_what_to_do_first() {
    let md = markdown();
    let mut lines = md.lines().skip(2);
    assert_eq!(
        lines.next(),
        Some("**🛑 1 error** · **⚠️ 6 warnings** · 1 note")
    );
    // The next steps, ranked: errors, critical focus, customer duties,
    // gaps, overrides without reason, the other warnings.
    let steps: Vec<&str> = md
        .lines()
        .filter(|l| l.len() > 3 && l.as_bytes()[0].is_ascii_digit() && l.contains(". **"))
        .take(6)
        .collect();
    assert_eq!(
        steps,
        vec![
            "1. **Fix 1 error**",
            "2. **Add an entry for 1 critical-focus domain ◆ with none**",
            "3. **Name an owner for 1 customer duty in 1 component**",
            "4. **Close 1 known gap (`status: gap`)**",
            "5. **Give a `reason:` for 1 override of the matrix**",
            "6. **Review 2 other warnings**",
        ]
    );
    assert!(
        md.contains("\nThen, when time allows: name owners for 10 shared duties (in 1 note).\n")
    );
    // Domains ranked by need, not in matrix order.
    assert!(md.contains(
        "1. **Incident Response** (`incident-response`): 1 known gap; 1 unowned shared\n"
    ));
    let steps_at = md.find("### Next steps").unwrap();
    let findings_at = md.find("### Findings").unwrap();
    let heatmap_at = md.find("<details><summary><code>").unwrap();
    assert!(steps_at < findings_at && findings_at < heatmap_at);
    // Notes are folded at the end, not listed with the problems.
    let notes_at = md
        .find("<details><summary>1 note (information)</summary>")
        .unwrap();
    assert!(md[..notes_at].find("- note ").is_none());
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count()
    );
}

#[test]
fn markdown_cells_say_level_owner_and_status() {
    let md = markdown();
    assert!(md.contains("| ❗ Incident Response | 🟧 Customer | secops | **gap** |"));
    // Owners are inherited and say so (docs/ownership.md).
    assert!(md.contains(
        "| ❗ Context Pollution Protection ★ | 🟧 Customer ◆ | sre-team (component owner) | **no entry** |"
    ));
    assert!(md.contains("| ❗ User Access Control | 🟧 Customer | **no owner** |  |"));
    assert!(
        md.contains(
            "| Model Security | 🟧 Customer (matrix: Shared) | ml-platform | implemented |"
        )
    );
    // An unowned shared duty is a note: said, not flagged.
    assert!(md.contains("| AI Ethics and Safety | 🟨 Shared | no owner |  |"));
    assert!(
        md.contains("◆ critical focus · ★ AI-specific domain (as in the source) · ❗ needs action")
    );
}

#[test]
fn markdown_report_fits_a_github_comment() {
    let md = markdown();
    assert!(widest_table(&md) <= 9, "{} columns", widest_table(&md));
    assert!(md.chars().count() < 65_536);
    assert!(!md.contains("Truncated"));
    // One section per framework, the custom one included.
    assert!(md.contains("### AI Security Shared Responsibility Model (AISRM 1.1.0)"));
    assert!(md.contains("### Acme GenAI Responsibility Model (Acme GenAI 0.1.0)"));
}

/// A workspace far too big for one comment: the report stops before
/// GitHub's limit, keeps the headline, the next steps and the errors, and
/// says what it left out.
#[test]
fn a_large_workspace_is_truncated_with_a_note() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-large");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut inventory = String::from("aisrm: 1\nsystem:\n  name: Large\ncomponents:\n");
    for i in 0..400 {
        inventory.push_str(&format!(
            "  component-with-a-long-name-{i:04}:\n    deployment: agentic-ai\n    depends-on: [missing-{i}]\n    responsibilities:\n      incident-response:\n        owner: sre\n        status: gap\n"
        ));
    }
    std::fs::write(dir.join("ai-inventory.yaml"), inventory).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_aisrm"))
        .args(["report", ".", "--format", "markdown"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    let chars = md.chars().count();
    assert!((60_000..=65_536).contains(&chars), "{chars} characters");
    assert!(md.contains("**🛑 400 errors** · **⚠️ 1200 warnings** · 400 notes\n"));
    assert!(md.contains("1. **Fix 400 errors**\n"));
    assert!(md.contains("- 🛑 **error** `ai-inventory.yaml:7` [`unknown-component`]"));
    let note = md.lines().last().unwrap();
    assert!(
        note.starts_with("> **Truncated** to stay under GitHub's 65,536 character comment limit: "),
        "{note}"
    );
    assert!(
        note.contains(" findings, ") && note.contains("component tables"),
        "{note}"
    );
    assert!(note.ends_with(
        "`aisrm check` lists every finding; `aisrm report --format html` writes the whole report."
    ));
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count()
    );
    assert!(widest_table(&md) <= 9);
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
    assert_eq!(out.status.code(), Some(1));
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
