//! `aisrm.toml` read by `check` and `report`, and `check --severity`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use aisrm_test_support::cli::{run, temp_dir};

use common::{Finding, json_findings};

fn aisrm(args: &[&str], cwd: &Path) -> Output {
    run(env!("CARGO_BIN_EXE_aisrm"), args, cwd)
}

fn project(name: &str, config: Option<&str>) -> PathBuf {
    let dir = temp_dir(&format!("config-{name}"));
    std::fs::create_dir_all(dir.join("inventories")).unwrap();
    std::fs::write(
        dir.join("inventories/ai-inventory.yaml"),
        "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    owner: team\n    responsibilities:\n      data-privacy: {owner: privacy, status: gap}\n",
    )
    .unwrap();
    if let Some(config) = config {
        std::fs::write(dir.join("aisrm.toml"), config).unwrap();
    }
    dir
}

/// The findings of `check --format json`, and the exit code.
fn findings(dir: &Path, extra: &[&str]) -> (Vec<Finding>, Option<i32>) {
    let mut args = vec!["check", "inventories", "--format", "json"];
    args.extend_from_slice(extra);
    let out = aisrm(&args, dir);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    (json_findings(&value), out.status.code())
}

fn codes(list: &[Finding]) -> Vec<(&str, &str)> {
    list.iter()
        .map(|(_, _, c, s)| (c.as_str(), s.as_str()))
        .collect()
}

const SEVERITIES: &str = "[diagnostics.severity]\nstatus-gap = \"error\"\nunowned-shared-duties = \"off\"\nunowned-customer-duties = \"off\"\n";

#[test]
fn check_applies_the_severities_of_the_project_config_found_above_the_paths() {
    let dir = project("severity", None);
    let (before, code) = findings(&dir, &[]);
    assert!(
        codes(&before).contains(&("status-gap", "warning")),
        "{before:?}"
    );
    assert_eq!(code, Some(0));

    std::fs::write(dir.join("aisrm.toml"), SEVERITIES).unwrap();
    let (after, code) = findings(&dir, &[]);
    assert_eq!(codes(&after), vec![("status-gap", "error")]);
    assert_eq!(code, Some(1), "an error now");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_reads_the_same_config() {
    let dir = project("report", Some(SEVERITIES));
    let out = aisrm(&["report", "inventories", "--format", "markdown"], &dir);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "status-gap is an error for report too: {text}"
    );
    assert!(!text.contains("unowned-shared-duties"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn severity_on_the_command_line_wins_over_the_config() {
    let dir = project("cli", Some(SEVERITIES));
    let (list, code) = findings(&dir, &["--severity", "status-gap=hint"]);
    assert_eq!(codes(&list), vec![("status-gap", "hint")]);
    assert_eq!(code, Some(0));
    let out = aisrm(
        &["check", "inventories", "--severity", "status-gap=loud"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`loud` is not a level: use error, warning, information, hint, off"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_invalid_config_is_reported_with_its_path_and_line() {
    let dir = project(
        "invalid",
        Some("framework = \"aisrm\"\n\n[diagnostics]\nmaxPerfile = 10\n"),
    );
    let (list, code) = findings(&dir, &[]);
    let config: Vec<_> = list.iter().filter(|f| f.2 == "invalid-config").collect();
    assert_eq!(
        config,
        vec![&(
            "aisrm.toml".to_string(),
            4,
            "invalid-config".to_string(),
            "error".to_string()
        )]
    );
    assert_eq!(code, Some(1));
    let human = aisrm(&["check", "inventories"], &dir);
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("unknown key `diagnostics.maxPerfile` in aisrm.toml; did you mean `diagnostics.maxPerFile`?")
            && text.contains("aisrm.toml:4:1"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_default_framework_comes_from_the_config() {
    let dir = project("framework", None);
    std::fs::write(
        dir.join("inventories/design.md"),
        "# Design\n\n```aisrm\nbuilder:\n  deployment: iaas\n  owner: team\n```\n",
    )
    .unwrap();
    let unknown_model = |list: &[Finding]| {
        list.iter()
            .any(|f| f.0.ends_with("design.md") && f.2 == "unknown-deployment-model")
    };
    let (list, _) = findings(&dir, &[]);
    assert!(
        unknown_model(&list),
        "`iaas` is not an aisrm model: {list:?}"
    );
    std::fs::write(dir.join("aisrm.toml"), "framework = \"microsoft-ai\"\n").unwrap();
    let (list, _) = findings(&dir, &[]);
    assert!(
        !unknown_model(&list),
        "`iaas` is a microsoft-ai model: {list:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `paths.exclude` leaves a file out even when it is named on the command
/// line (what pre-commit does), and `ownership` reaches `check` and
/// `report` alike.
#[test]
fn excluded_paths_and_the_ownership_rule_apply_to_check_and_report() {
    let dir = project("paths", None);
    std::fs::create_dir_all(dir.join("inventories/drafts")).unwrap();
    std::fs::write(
        dir.join("inventories/drafts/x.aisrm.yaml"),
        "aisrm: 1\ncomponents:\n  x:\n    deployment: nope\n",
    )
    .unwrap();
    let (list, _) = findings(&dir, &[]);
    assert!(list.iter().any(|f| f.0.contains("drafts")), "{list:?}");
    assert!(
        !list.iter().any(|f| f.2 == "unowned-customer-duties"),
        "{list:?}"
    );

    std::fs::write(
        dir.join("aisrm.toml"),
        "ownership = \"explicit\"\n[paths]\nexclude = [\"inventories/drafts\"]\n",
    )
    .unwrap();
    let (list, _) = findings(&dir, &[]);
    assert!(!list.iter().any(|f| f.0.contains("drafts")), "{list:?}");
    assert!(
        list.iter().any(|f| f.2 == "unowned-customer-duties"),
        "{list:?}"
    );
    let named = aisrm(&["check", "inventories/drafts/x.aisrm.yaml"], &dir);
    assert_eq!(named.status.code(), Some(2), "nothing left to check");
    let report = aisrm(&["report", "inventories", "--format", "markdown"], &dir);
    let text = String::from_utf8(report.stdout).unwrap();
    assert!(text.contains("unowned-customer-duties"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
