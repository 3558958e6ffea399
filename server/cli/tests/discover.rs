//! `aisrm discover` end to end on the repository fixtures in
//! tests/fixtures/discovery/repos: the JSON output of each is a snapshot;
//! every proposed inventory passes `aisrm check` with no error.

use std::path::{Path, PathBuf};
use std::process::Output;

use aisrm_test_support::cli::{run, temp_dir, text};

fn aisrm(args: &[&str], cwd: &Path) -> Output {
    run(env!("CARGO_BIN_EXE_aisrm"), args, cwd)
}

fn repos() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/discovery/repos")
        .canonicalize()
        .unwrap()
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repos())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_repository_matches_its_json_snapshot() {
    let names = fixture_names();
    assert!(names.len() >= 12, "{names:?}");
    for name in names {
        let out = aisrm(&["discover", &name, "--format", "json"], &repos());
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        let json = text(&out.stdout);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["version"], 1);
        insta::assert_snapshot!(format!("discover_{name}"), json);
    }
}

#[test]
fn the_output_is_the_same_on_every_run() {
    let first = aisrm(&["discover", ".", "--format", "json"], &repos());
    // An override (`new AzureOpenAI(` in ts-azure-chat, the Ollama port in
    // compose-local-llm) never reaches a sibling project's SDK evidence.
    let value: serde_json::Value = serde_json::from_str(&text(&first.stdout)).unwrap();
    let openai = value["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "openai-api")
        .unwrap();
    let paths: Vec<&str> = openai["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"py-rag-openai/requirements.txt"),
        "{paths:?}"
    );
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("ts-azure-chat/") || p.starts_with("compose-local-llm/")),
        "{paths:?}"
    );
    for _ in 0..3 {
        let again = aisrm(&["discover", ".", "--format", "json"], &repos());
        assert_eq!(text(&first.stdout), text(&again.stdout));
    }
}

#[test]
fn skipped_files_get_a_note_on_stderr() {
    let out = aisrm(&["discover", "bad-input", "--format", "json"], &repos());
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(text(&out.stderr));
}

#[test]
fn human_output_groups_evidence_by_component() {
    let out = aisrm(&["discover", "ts-azure-chat"], &repos());
    insta::assert_snapshot!(text(&out.stdout));
    let none = aisrm(&["discover", "no-ai-webapp"], &repos());
    assert!(
        text(&none.stdout).starts_with("No AI components found"),
        "{}",
        text(&none.stdout)
    );
}

#[test]
fn yaml_output_is_an_inventory_that_check_accepts_without_errors() {
    for name in fixture_names() {
        let out = aisrm(&["discover", &name, "--format", "yaml"], &repos());
        assert_eq!(out.status.code(), Some(0));
        let dir = temp_dir(&name);
        std::fs::write(dir.join("ai-inventory.yaml"), &out.stdout).unwrap();
        let check = aisrm(&["check", ".", "--format", "json"], &dir);
        let report: serde_json::Value = serde_json::from_str(&text(&check.stdout)).unwrap();
        assert_eq!(
            report["summary"]["errors"],
            0,
            "{name}: {}\n{}",
            text(&out.stdout),
            text(&check.stdout)
        );
        assert_eq!(check.status.code(), Some(0));
        let _ = std::fs::remove_dir_all(dir);
    }
    let out = aisrm(&["discover", "py-rag-openai", "--format", "yaml"], &repos());
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn gitignored_and_vendored_folders_are_not_read() {
    let dir = temp_dir("ignored");
    std::fs::write(dir.join(".gitignore"), "generated/\n").unwrap();
    for sub in [
        "generated",
        "node_modules/openai",
        ".venv/lib",
        "vendor",
        "src",
    ] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join("requirements.txt"), "openai\n").unwrap();
    }
    let out = aisrm(&["discover", ".", "--format", "json"], &dir);
    let value: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let paths: Vec<&str> = value["components"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["src/requirements.txt"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = aisrm(&["discover", "no-such-dir"], &repos());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("aisrm: no-such-dir:"),
        "{}",
        text(&out.stderr)
    );
}
