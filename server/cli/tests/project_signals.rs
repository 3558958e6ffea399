//! A project's own discovery signal file (`[discovery] signals` in
//! aisrm.toml), end to end through the binary: `discover` and `check`
//! use it on top of the built-in signals; a broken one is reported at its
//! problems (`invalid-config`), a missing one at its entry in aisrm.toml.

use std::path::{Path, PathBuf};
use std::process::Output;

use aisrm_test_support::cli::{copy_dir, run, text};
use serde_json::Value;

fn aisrm(args: &[&str], cwd: &Path) -> Output {
    run(env!("CARGO_BIN_EXE_aisrm"), args, cwd)
}

/// A copy of the fixture `custom-signals` (outside any git repository, so
/// its aisrm.toml makes it a project of its own).
fn project(tag: &str) -> PathBuf {
    let repos = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/discovery/repos");
    let dir = std::env::temp_dir().join(format!("aisrm-signals-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repos.join("custom-signals"), &dir);
    dir
}

/// (path, line, column, code, message) of every finding of `check`.
fn findings(dir: &Path) -> (Option<i32>, Vec<String>) {
    let out = aisrm(&["check", ".", "--format", "json"], dir);
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out.stderr)));
    let list = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d["path"].as_str().unwrap(),
                d["range"]["start"]["line"],
                d["range"]["start"]["column"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    (out.status.code(), list)
}

#[test]
fn discover_reads_the_project_signal_file_from_any_folder_inside_the_project() {
    let dir = project("inside");
    let out = aisrm(&["discover", "service", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = found["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["acme-llm-gateway"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_reports_an_undeclared_component_that_only_the_project_signals_find() {
    let dir = project("drift");
    std::fs::write(
        dir.join("ai-inventory.yaml"),
        "aisrm: 1\ncomponents:\n  local-models:\n    deployment: on-premises\n    provider: Ollama\n    covers: [ollama]\n",
    )
    .unwrap();
    let (_, found) = findings(&dir);
    let drift: Vec<&String> = found
        .iter()
        .filter(|f| f.contains("undeclared-ai-component"))
        .collect();
    insta::assert_snapshot!(
        drift
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A signal file with one problem of each kind the loader finds.
const BROKEN: &str = "discovery: 1
components:
  - {id: acme-llm-gateway, name: Acme LLM gateway, provider: Acme, deployment: cloud, description: d}
  - {id: openai-api, name: Twice, provider: P, deployment: paas-ai, description: d}
signals:
  - {id: pypi-acme, kind: package, ecosystem: pip, match: [acme-llm-gateway], component: acme-llm-gateway, confidence: certain, why: w}
  - {id: env-acme, kind: env, matches: [ACME_URL], component: acme-llm-gateway, confidence: likely, why: w}
  - {id: pypi-openai, kind: package, ecosystem: pypi, match: [openai], component: nowhere, confidence: certain, why: w}
extra: true
";

#[test]
fn a_broken_signal_file_is_reported_at_each_problem_and_not_used() {
    let dir = project("broken");
    std::fs::write(dir.join("ai-signals.yaml"), BROKEN).unwrap();
    let (code, found) = findings(&dir);
    assert_eq!(code, Some(1), "invalid-config is an error");
    insta::assert_snapshot!("broken_signal_file_check", found.join("\n"));

    // discover refuses to run with it, naming each problem.
    let out = aisrm(&["discover", "."], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    insta::assert_snapshot!("broken_signal_file_discover", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_or_outside_signal_file_is_reported_in_aisrm_toml() {
    let dir = project("missing");
    std::fs::write(
        dir.join("aisrm.toml"),
        "[discovery]\nsignals = [\"ai-signals.yaml\", \"nope.yaml\", \"../outside.yaml\", 3]\n",
    )
    .unwrap();
    let (code, found) = findings(&dir);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(found.join("\n"));
    // The file that exists still applies.
    let out = aisrm(&["discover", "service"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("acme-llm-gateway  Acme LLM gateway"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A signal file inside the project that is a symbolic link to a file
/// outside it is not read (as custom frameworks are not): reported at
/// its entry, and its signals find nothing.
#[cfg(unix)]
#[test]
fn a_signal_file_linked_from_outside_the_project_is_not_read() {
    let dir = project("linked");
    let outside =
        std::env::temp_dir().join(format!("aisrm-signals-outside-{}.yaml", std::process::id()));
    std::fs::rename(dir.join("ai-signals.yaml"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("ai-signals.yaml")).unwrap();
    let (_, found) = findings(&dir);
    let _ = std::fs::remove_file(&outside);
    assert!(
        found.iter().any(|f| f.starts_with("aisrm.toml:")
            && f.contains(
                "invalid-config signal file `ai-signals.yaml` leads outside the project"
            )),
        "{found:#?}"
    );
    let out = aisrm(&["discover", "service"], &dir);
    assert!(
        !text(&out.stdout).contains("acme-llm-gateway"),
        "{}",
        text(&out.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
