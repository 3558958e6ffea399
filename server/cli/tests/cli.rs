//! The `aisrm` binary end to end: exit codes, output formats, errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aisrm_test_support::cli::{json_of, repo_root, run, temp_dir, text};

fn aisrm(args: &[&str], cwd: &Path) -> Output {
    run(env!("CARGO_BIN_EXE_aisrm"), args, cwd)
}

#[test]
fn examples_report_their_deliberate_findings_as_json() {
    let out = aisrm(&["check", "examples", "--format", "json"], &repo_root());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let value: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let codes: Vec<(&str, &str, u64)> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    insta::assert_debug_snapshot!(codes);
    assert_eq!(value["summary"]["errors"], 1);
}

#[test]
fn human_output_shows_snippets_and_a_summary() {
    let dir = temp_dir("human");
    std::fs::write(
        dir.join("ai-inventory.yaml"),
        "aisrm: 1\ncomponents:\n  bot:\n    deployment: sass-ai # 日本 🤖\n",
    )
    .unwrap();
    let out = aisrm(&["check", "."], &dir);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn exit_codes_follow_severity_and_deny_warnings() {
    let dir = temp_dir("exit");
    std::fs::write(
        dir.join("ai-inventory.yaml"),
        "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n",
    )
    .unwrap();
    assert_eq!(aisrm(&["check"], &dir).status.code(), Some(0));
    assert_eq!(
        aisrm(&["check", "--deny", "warnings"], &dir).status.code(),
        Some(1)
    );
}

#[test]
fn usage_and_io_errors_exit_2_with_one_line() {
    let dir = temp_dir("errors");
    let out = aisrm(&["check", "does-not-exist"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("aisrm: does-not-exist:"),
        "{}",
        text(&out.stderr)
    );
    let out = aisrm(&["check", "."], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no inventories or design documents found"),
        "{}",
        text(&out.stderr)
    );
    let out = aisrm(&["check", "--format", "xml"], &dir);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn invalid_utf8_inventory_is_reported_not_fatal() {
    let dir = temp_dir("utf8");
    std::fs::write(dir.join("bad.aisrm.yaml"), b"aisrm: 1\n\xff\xfe\n").unwrap();
    let out = aisrm(&["check", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(value["diagnostics"][0]["code"], "unreadable-file");
    assert!(
        value["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
    );
}

#[test]
fn gitignored_files_are_skipped() {
    let dir = temp_dir("ignore");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::create_dir_all(dir.join("ignored")).unwrap();
    std::fs::write(
        dir.join("ignored/x.aisrm.yaml"),
        "aisrm: 1\ncomponents: {a: {deployment: nope}}\n",
    )
    .unwrap();
    std::fs::write(dir.join("ok.aisrm.yaml"), "aisrm: 1\ncomponents: {}\n").unwrap();
    let out = aisrm(&["check", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let value: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(value["files"], serde_json::json!(["ok.aisrm.yaml"]));
}

/// `.gitignore` counts outside a git repository too, as in the editor:
/// both read files through `aisrm_core::files`.
#[test]
fn gitignored_files_are_skipped_outside_a_git_repository() {
    let dir = temp_dir("ignore-no-git");
    std::fs::write(dir.join(".gitignore"), "ignored.aisrm.yaml\n").unwrap();
    std::fs::write(
        dir.join("ignored.aisrm.yaml"),
        "aisrm: 1\ncomponents: {a: {deployment: nope}}\n",
    )
    .unwrap();
    std::fs::write(dir.join("ok.aisrm.yaml"), "aisrm: 1\ncomponents: {}\n").unwrap();
    let out = aisrm(&["check", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let value: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(value["files"], serde_json::json!(["ok.aisrm.yaml"]));
}

#[test]
fn matrix_json_has_every_cell() {
    for (framework, cells, critical) in [("aisrm", 128, 5), ("microsoft-ai", 42, 0)] {
        let out = aisrm(
            &["matrix", "--framework", framework, "--format", "json"],
            &repo_root(),
        );
        assert_eq!(out.status.code(), Some(0));
        let value: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        assert_eq!(value["framework"], framework);
        let list = value["cells"].as_array().unwrap();
        assert_eq!(list.len(), cells);
        assert_eq!(
            list.iter().filter(|c| c["critical"] == true).count(),
            critical
        );
    }
    let out = aisrm(&["matrix", "--format", "json"], &repo_root());
    let value: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let first = &value["cells"][0];
    assert_eq!(
        first,
        &serde_json::json!({"model": "saas-ai", "domain": "application-security", "level": "provider", "critical": false})
    );
}

#[test]
fn matrix_table_and_markdown_render() {
    let out = aisrm(&["matrix", "--framework", "microsoft-ai"], &repo_root());
    insta::assert_snapshot!(text(&out.stdout));
    let out = aisrm(&["matrix", "--format", "markdown"], &repo_root());
    let markdown = text(&out.stdout);
    assert!(markdown.contains("| Agent Governance (`agent-governance`) | Shared | Shared | Customer | Customer | N/A | Customer\\* | N/A | Customer |"), "{markdown}");
    assert!(
        markdown.contains("| Domain | SaaS AI (`saas-ai`) | PaaS AI (`paas-ai`) |"),
        "{markdown}"
    );
}

#[test]
fn explain_models_domains_and_cells() {
    let out = aisrm(
        &["explain", "paas-ai/infrastructure-security"],
        &repo_root(),
    );
    assert_eq!(out.status.code(), Some(0));
    let shown = text(&out.stdout);
    assert!(shown.contains("**For PaaS AI: Shared.**"), "{shown}");
    assert!(
        shown.contains("Note:"),
        "the sources' inconsistency is shown: {shown}"
    );
    let out = aisrm(&["explain", "SaaS AI"], &repo_root());
    assert!(text(&out.stdout).contains("(`saas-ai`)"));
    let out = aisrm(&["explain", "nothing-like-this"], &repo_root());
    assert_eq!(out.status.code(), Some(2));
}

/// `aisrm check … | head`: a reader that stops reading ends the program
/// quietly (no "Broken pipe" message, no panic), with the exit code it
/// would have had: every command that writes to stdout.
#[test]
fn closed_stdout_ends_quietly() {
    let init_dir = temp_dir("closed-stdout-init");
    let init = init_dir.to_str().unwrap();
    for (args, code) in [
        (&["check", "examples"][..], 1),
        (&["check", "examples", "--format", "json"], 1),
        (&["report", "examples", "--format", "markdown"], 1),
        (&["explain", "agentic-ai"], 0),
        (&["matrix"], 0),
        (&["matrix", "--format", "json"], 0),
        (&["discover", "examples"], 0),
        (&["export", "examples", "--format", "cyclonedx"], 0),
        (&["init", init], 0),
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader); // closed before aisrm writes a byte
        let out = Command::new(env!("CARGO_BIN_EXE_aisrm"))
            .args(args)
            .current_dir(repo_root())
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&init_dir);
}

fn json(args: &[&str], cwd: &Path) -> serde_json::Value {
    json_of(&aisrm(args, cwd))
}

/// (path, code, line, column, message) of every finding.
fn findings(report: &serde_json::Value) -> Vec<(String, String, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_file_of_examples_alone_has_exactly_its_findings_of_the_whole_check() {
    let root = repo_root();
    let whole = json(&["check", "examples", "--format", "json"], &root);
    let all = findings(&whole);
    let files: Vec<&str> = whole["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let alone = json(&["check", file, "--format", "json"], &root);
        let expected: Vec<_> = all.iter().filter(|f| f.0 == file).cloned().collect();
        assert_eq!(findings(&alone), expected, "aisrm check {file}");
        assert_eq!(alone["files"], serde_json::json!([file]), "{file}");
    }
}

const INVENTORY: &str =
    "aisrm: 1\nsystem:\n  owner: platform\ncomponents:\n  bot:\n    deployment: saas-ai\n";
const DESIGN: &str = "# Design\n\nThe [bot](../ai-inventory.yaml#bot) and the [other](../ai-inventory.yaml#gone).\n\n```aisrm\nhelper:\n  deployment: saas-ai\n  owner: docs\n  depends-on: [bot]\n```\n";

/// A project (`aisrm.toml`) with an inventory and a design doc linking to it.
fn project_with_design_doc(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("ai-inventory.yaml"), INVENTORY).unwrap();
    std::fs::write(dir.join("docs/design.md"), DESIGN).unwrap();
    std::fs::write(dir.join("aisrm.toml"), "").unwrap();
    dir
}

/// A pre-commit hook passes only the changed design doc: the inventory it
/// links to is read from the project, so only the real dangling link is
/// reported.
#[test]
fn a_design_doc_alone_resolves_links_against_the_project() {
    let dir = project_with_design_doc("precommit");
    let codes = |v: &serde_json::Value| -> Vec<(String, String, u64)> {
        findings(v).into_iter().map(|f| (f.0, f.1, f.2)).collect()
    };
    let expected = vec![(
        "docs/design.md".to_string(),
        "unknown-component".to_string(),
        3,
    )];
    // From the project root, and from inside the docs folder.
    let report = json(&["check", "docs/design.md", "--format", "json"], &dir);
    assert_eq!(codes(&report), expected);
    let inside = json(
        &["check", "design.md", "--format", "json"],
        &dir.join("docs"),
    );
    assert_eq!(
        codes(&inside),
        vec![("design.md".to_string(), "unknown-component".to_string(), 3)]
    );
    // `--root` overrides: with the docs folder as the project, the
    // inventory is not part of it.
    let narrow = json(
        &[
            "check",
            "docs/design.md",
            "--root",
            "docs",
            "--format",
            "json",
        ],
        &dir,
    );
    let narrow_codes: Vec<String> = findings(&narrow).into_iter().map(|f| f.1).collect();
    assert_eq!(
        narrow_codes,
        vec![
            "unknown-link-target",
            "unknown-link-target",
            "unknown-component"
        ],
        "{narrow:#}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The report and the export of one file: that file's findings and
/// components, resolved against the project.
#[test]
fn report_and_export_of_one_file_show_that_file_only() {
    let dir = project_with_design_doc("report");
    let out = aisrm(&["report", "docs/design.md", "--format", "markdown"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("docs/design.md:3"), "{md}");
    assert!(md.contains("`helper`"), "{md}");
    assert!(
        !md.contains("`bot`"),
        "the inventory's component is not reported: {md}"
    );
    assert!(!md.contains("ai-inventory.yaml:"), "{md}");
    let out = aisrm(&["export", "docs/design.md", "--format", "cyclonedx"], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bom: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // A SaaS component is a BOM service.
    let names: Vec<&str> = ["components", "services"]
        .iter()
        .flat_map(|key| bom[key].as_array().into_iter().flatten())
        .map(|c| c["bom-ref"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names.len(), 1, "{bom:#}");
    assert!(names[0].contains("helper"), "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A Markdown file that only links to components is a design doc (issue
/// 12, item 9): `aisrm check .` reports its broken link; Markdown without
/// component links stays silent.
#[test]
fn a_markdown_file_with_only_component_links_is_checked() {
    let dir = temp_dir("link-only");
    std::fs::write(dir.join("ai-inventory.yaml"), INVENTORY).unwrap();
    std::fs::write(
        dir.join("links.md"),
        "# Links\n\nSee [the bot](ai-inventory.yaml#bott).\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("notes.md"),
        "# Notes\n\nSee [the inventory](ai-inventory.yaml) and [notes](#notes).\n",
    )
    .unwrap();
    let report = json(&["check", ".", "--format", "json"], &dir);
    assert_eq!(
        report["files"],
        serde_json::json!(["ai-inventory.yaml", "links.md"])
    );
    let found: Vec<_> = findings(&report)
        .into_iter()
        .map(|f| (f.0, f.1, f.2, f.3))
        .collect();
    assert_eq!(
        found,
        vec![(
            "links.md".to_string(),
            "unknown-component".to_string(),
            3,
            33
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// One display name per domain everywhere (issue 12, item 13): the source
/// calls domain 16 both "Multi-System Integration" (matrix row) and
/// "Multi-System Integration Security" (domain guide); every view shows the
/// framework data's `name`.
#[test]
fn every_view_names_a_domain_the_same_way() {
    let name = "Multi-System Integration Security";
    let short = "Multi-System Integration";
    for args in [
        &["matrix"][..],
        &["matrix", "--format", "markdown"],
        &["explain", "agentic-ai"],
        &["explain", "multi-system-integration"],
        &["explain", "agentic-ai/multi-system-integration"],
        &["report", "examples", "--format", "markdown"],
        &["report", "examples", "--format", "html"],
    ] {
        let shown = text(&aisrm(args, &repo_root()).stdout);
        assert!(shown.contains(name), "{args:?} names the domain: {shown}");
        // The framework's note quotes the matrix row's name: that one stays.
        let quoted = shown.matches(&format!("\"{short}\"")).count();
        assert_eq!(
            shown.matches(short).count() - quoted,
            shown.matches(name).count(),
            "{args:?} shows `{short}` without `Security`: {shown}"
        );
    }
}

/// `refs:` are checked against the known catalogues (issue 12, item 6).
#[test]
fn an_unknown_ref_is_reported_with_its_fix() {
    let dir = temp_dir("refs");
    std::fs::write(
        dir.join("ai-inventory.yaml"),
        "aisrm: 1\nsystem:\n  owner: p\ncomponents:\n  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-privacy:\n        refs: [LLM02:2025, LLM11:2025, CWE-359]\n",
    )
    .unwrap();
    let report = json(&["check", ".", "--format", "json"], &dir);
    let found: Vec<_> = findings(&report)
        .into_iter()
        .map(|f| (f.1, f.2, f.3, f.4))
        .collect();
    assert_eq!(
        found,
        vec![(
            "unknown-ref".to_string(),
            9,
            28,
            "`LLM11:2025` is not an id of OWASP Top 10 for LLM Applications 2025; did you mean `LLM10:2025`?".to_string()
        )]
    );
    let fix = &report["diagnostics"][0]["fixes"][0];
    assert_eq!(fix["edits"][0]["newText"], "LLM10:2025", "{report:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A ref that names a framework (`FRAMEWORK:DOMAIN`) is checked against
/// the built-in frameworks and the project's framework files, also when
/// only the inventory is named on the command line (issue 12, item 6).
#[test]
fn a_framework_ref_is_checked_against_the_projects_frameworks() {
    let example = repo_root().join("examples/custom-framework");
    let dir = temp_dir("framework-refs");
    std::fs::copy(example.join("framework.yaml"), dir.join("framework.yaml")).unwrap();
    let inventory = std::fs::read_to_string(example.join("inventory.aisrm.yaml")).unwrap();
    let shown = r#"refs: ["LLM01:2025", "CWE-1427", "aisrm:application-security"]"#;
    assert!(
        inventory.contains(shown),
        "the example shows a framework ref"
    );
    std::fs::write(dir.join("inventory.aisrm.yaml"), &inventory).unwrap();
    let clean = json(&["check", "inventory.aisrm.yaml", "--format", "json"], &dir);
    assert!(
        !findings(&clean).iter().any(|f| f.1 == "unknown-ref"),
        "{clean:#}"
    );
    let broken = inventory.replace(
        shown,
        r#"refs: ["aisrm:aplication-security", "acme-genai:prompt-handeling", "acme-genai:access"]"#,
    );
    std::fs::write(dir.join("inventory.aisrm.yaml"), broken).unwrap();
    let report = json(&["check", "inventory.aisrm.yaml", "--format", "json"], &dir);
    let found: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.1 == "unknown-ref")
        .map(|f| (f.2, f.3, f.4))
        .collect();
    assert_eq!(
        found,
        vec![
            (38, 17, "`aisrm:aplication-security` is not a domain of the framework `aisrm`; did you mean `aisrm:application-security`?".to_string()),
            (38, 46, "`acme-genai:prompt-handeling` is not a domain of the framework `acme-genai`; did you mean `acme-genai:prompt-handling`?".to_string()),
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// examples/aisrm.toml lists the prefix `CWE` (`[refs] prefixes`): the
/// examples cite it cleanly, and a misspelt prefix in a copy is
/// `unknown-ref-prefix` with its fix (issue 12, item 6).
#[test]
fn a_ref_prefix_the_project_does_not_list_is_reported_with_its_fix() {
    let examples = repo_root().join("examples");
    let clean = json(
        &["check", "custom-framework", "--format", "json"],
        &examples,
    );
    assert!(
        !findings(&clean)
            .iter()
            .any(|f| f.1.starts_with("unknown-ref")),
        "{clean:#}"
    );
    let dir = temp_dir("ref-prefixes");
    std::fs::copy(examples.join("aisrm.toml"), dir.join("aisrm.toml")).unwrap();
    let custom = examples.join("custom-framework");
    std::fs::copy(custom.join("framework.yaml"), dir.join("framework.yaml")).unwrap();
    let inventory = std::fs::read_to_string(custom.join("inventory.aisrm.yaml")).unwrap();
    let broken = inventory.replace("\"CWE-1427\"", "\"CEW-1427\"");
    assert_ne!(broken, inventory);
    std::fs::write(dir.join("inventory.aisrm.yaml"), broken).unwrap();
    let report = json(&["check", ".", "--format", "json"], &dir);
    let found: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.1.starts_with("unknown-ref"))
        .map(|f| (f.1, f.2, f.3, f.4))
        .collect();
    assert_eq!(
        found,
        vec![(
            "unknown-ref-prefix".to_string(),
            38,
            31,
            "`CEW` (of `CEW-1427`) is neither a ref prefix aisrm knows nor one `refs.prefixes` lists; did you mean `CWE`?".to_string()
        )]
    );
    let fix = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-ref-prefix")
        .map(|d| d["fixes"][0]["edits"][0]["newText"].clone());
    assert_eq!(fix, Some(serde_json::json!("CWE-1427")), "{report:#}");
    let _ = std::fs::remove_dir_all(&dir);
}
