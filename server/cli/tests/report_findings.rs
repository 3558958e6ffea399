//! `aisrm report` shows exactly the findings `aisrm check` shows (same
//! codes, files, lines, severities), for examples/ and for generated
//! workspaces; unreadable files are among them; a duplicate id is one row;
//! the exit code follows check's rule.

use std::path::{Path, PathBuf};
use std::process::Output;

use aisrm_test_support::cli::{fresh_project, repo_root, run, text};

fn aisrm(dir: &Path, args: &[&str]) -> Output {
    run(env!("CARGO_BIN_EXE_aisrm"), args, dir)
}

fn work_dir(name: &str) -> PathBuf {
    fresh_project(Path::new(env!("CARGO_TARGET_TMPDIR")).join(name))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// (severity, code, path, line), sorted.
type Found = Vec<(String, String, String, u64)>;

fn check_findings(dir: &Path) -> (Found, Option<i32>) {
    let out = aisrm(dir, &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let mut found: Found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let severity = match d["severity"].as_str().unwrap() {
                "information" | "hint" => "note",
                s => s,
            };
            (
                severity.to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().replace('\\', "/"),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    (found, out.status.code())
}

/// The findings of the HTML report: `<li class="sev-…" … data-*>` items.
fn html_findings(html: &str) -> Found {
    let list = &html[html.find("<ul class=\"findings\">").unwrap_or(0)..];
    let attr = |item: &str, name: &str| {
        let key = format!("{name}=\"");
        let start = item.find(&key).unwrap() + key.len();
        item[start..start + item[start..].find('"').unwrap()].to_string()
    };
    let mut found: Found = list
        .split("<li class=\"sev-")
        .skip(1)
        .map(|item| {
            let severity = match attr(item, "data-severity").as_str() {
                "information" | "hint" => "note".to_string(),
                s => s.to_string(),
            };
            (
                severity,
                attr(item, "data-code"),
                attr(item, "data-path"),
                attr(item, "data-line").parse().unwrap(),
            )
        })
        .collect();
    found.sort();
    found
}

/// The findings of the Markdown report: `- <mark> `path:line` [`code`](…)`.
fn markdown_findings(md: &str) -> Found {
    let mut found: Found = md
        .lines()
        .filter_map(|line| {
            let (severity, rest) = if let Some(r) = line.strip_prefix("- 🛑 **error** `") {
                ("error", r)
            } else if let Some(r) = line.strip_prefix("- ⚠️ **warning** `") {
                ("warning", r)
            } else {
                ("note", line.strip_prefix("- note `")?)
            };
            let (place, rest) = rest.split_once("` [`")?;
            let (path, line_no) = place.rsplit_once(':')?;
            let code = rest.split_once('`')?.0;
            Some((
                severity.to_string(),
                code.to_string(),
                path.to_string(),
                line_no.parse().ok()?,
            ))
        })
        .collect();
    found.sort();
    found
}

/// Both reports of `dir` list check's findings, and exit as check does.
fn assert_report_matches_check(dir: &Path) -> (String, String) {
    let (expected, check_exit) = check_findings(dir);
    assert!(!expected.is_empty());
    let html = aisrm(dir, &["report", ".", "--format", "html"]);
    let md = aisrm(dir, &["report", ".", "--format", "markdown"]);
    assert_eq!(html.status.code(), check_exit, "report exits as check does");
    assert_eq!(md.status.code(), check_exit);
    let (html, md) = (text(&html.stdout), text(&md.stdout));
    assert_eq!(html_findings(&html), expected, "HTML of {}", dir.display());
    assert_eq!(
        markdown_findings(&md),
        expected,
        "Markdown of {}",
        dir.display()
    );
    (html, md)
}

#[test]
fn report_of_examples_lists_checks_findings() {
    let (html, md) = assert_report_matches_check(&repo_root().join("examples"));
    // Owners are inherited (docs/ownership.md): only `ticket-ingest` has
    // unowned duties (one warning, one note).
    assert!(html.contains("data-errors=\"1\" data-warnings=\"6\" data-notes=\"1\""));
    assert!(md.contains("**🛑 1 error** · **⚠️ 6 warnings** · 1 note\n"));
}

/// The generated workspace of `seed` (aisrm-test-support's generator)
/// written into `dir`.
fn generated_workspace(dir: &Path, seed: u64) {
    for (name, text) in aisrm_test_support::generate::workspace(seed) {
        write(dir, name, text.as_bytes());
    }
}

#[test]
fn report_of_generated_workspaces_lists_checks_findings() {
    for seed in 1..=4 {
        let dir = work_dir(&format!("report-generated-{seed}"));
        generated_workspace(&dir, seed);
        let (_, md) = assert_report_matches_check(&dir);
        // The misspelt link in the prose is there, with its place.
        assert!(
            md.contains("- 🛑 **error** `docs/design.md:3` [`unknown-component`]"),
            "seed {seed}:\n{md}"
        );
    }
}

#[test]
fn unreadable_inventories_are_reported_like_check_does() {
    let dir = work_dir("report-unreadable");
    write(
        &dir,
        "ai-inventory.yaml",
        b"aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n",
    );
    write(&dir, "broken.aisrm.yaml", b"aisrm: 1\nname: caf\xe9\n");
    let (_, md) = assert_report_matches_check(&dir);
    assert!(
        md.contains(
            "- 🛑 **error** `broken.aisrm.yaml:1` [`unreadable-file`](https://github.com/aisrm/aisrm/blob/main/docs/diagnostics.md#unreadable-file): \
             the file is not UTF-8 text (invalid byte at offset 18); aisrm reads UTF-8 only\n"
        ),
        "{md}"
    );
    assert!(md.contains("**🛑 1 error**"));
    assert!(
        md.contains("1. **Fix 1 error**\n   - `broken.aisrm.yaml:1`: the file is not UTF-8 text")
    );
}

#[test]
fn a_duplicate_id_is_one_row_with_its_findings() {
    let dir = work_dir("report-duplicate");
    let inventory = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n";
    write(&dir, "a.aisrm.yaml", inventory.as_bytes());
    write(&dir, "b.aisrm.yaml", inventory.as_bytes());
    let (html, md) = assert_report_matches_check(&dir);
    assert_eq!(
        html.matches("<tr data-component=\"bot\"><th scope=\"row\">bot")
            .count(),
        1
    );
    assert!(html.contains("<span class=\"meta flag\">also declared at b.aisrm.yaml:3</span>"));
    assert_eq!(md.matches("<details><summary><code>bot</code>").count(), 1);
    assert_eq!(md.matches("| `bot` |").count(), 1);
    assert!(md.contains("Also declared at `b.aisrm.yaml:3` (`duplicate-component`)."));
    assert_eq!(md.matches("[`duplicate-component`]").count(), 2);
}

/// Design documents extending an inventory component (`extends:`): the
/// report has one row for it, with the entries the documents add and
/// where each is written, and exactly check's findings.
#[test]
fn an_extended_component_is_one_row_with_the_documents_entries() {
    let dir = work_dir("report-extends");
    let fixture = repo_root().join("tests/fixtures/diagnostics/extends");
    for name in [
        "ai-inventory.yaml",
        "other.aisrm.yaml",
        "docs/agent.md",
        "docs/conflict.md",
        "docs/redeclared.md",
    ] {
        write(&dir, name, &std::fs::read(fixture.join(name)).unwrap());
    }
    let (html, md) = assert_report_matches_check(&dir);
    let rows = |id: &str| {
        html.matches(&format!(
            "<tr data-component=\"{id}\"><th scope=\"row\">Ticket agent"
        ))
        .count()
    };
    assert_eq!(rows("ticket-agent"), 1, "{html}");
    assert_eq!(
        md.matches("<details><summary><code>ticket-agent</code>")
            .count(),
        1
    );
    // The entry docs/agent.md adds, with its place; the declaration's own
    // entry without one.
    assert!(
        html.contains("support-platform</span><span class=\"source\">docs/agent.md:9</span>"),
        "{html}"
    );
    assert!(md.contains("support-platform · `docs/agent.md:9`"), "{md}");
    assert!(md.contains("netops · `docs/conflict.md:11`"), "{md}");
    assert!(!md.contains("privacy-team · `"), "{md}");
    // Extensions are no rows of their own.
    for id in ["nowhere", "renamed", "triage-bott"] {
        assert!(
            !html.contains(&format!("<tr data-component=\"{id}\">")),
            "{id}"
        );
    }
}

/// A custom framework that reuses a built-in id is its own heatmap, with
/// its own columns.
#[test]
fn frameworks_sharing_an_id_are_separate_heatmaps() {
    let dir = work_dir("report-framework-clash");
    let framework =
        std::fs::read_to_string(repo_root().join("examples/custom-framework/framework.yaml"))
            .unwrap()
            .replace("id: acme-genai", "id: aisrm");
    write(&dir, "custom/framework.yaml", framework.as_bytes());
    write(
        &dir,
        "custom/inventory.aisrm.yaml",
        b"aisrm: 1\nframework: framework.yaml\ncomponents:\n  chat:\n    deployment: internal-assistant\n",
    );
    write(
        &dir,
        "ai-inventory.yaml",
        b"aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n",
    );
    let html = text(&aisrm(&dir, &["report", ".", "--format", "html"]).stdout);
    let shapes: Vec<&str> = html
        .match_indices("<table class=\"heatmap\" ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()])
        .collect();
    assert_eq!(
        shapes,
        vec![
            "<table class=\"heatmap\" data-components=\"1\" data-domains=\"16\"",
            "<table class=\"heatmap\" data-components=\"1\" data-domains=\"3\"",
        ]
    );
}
