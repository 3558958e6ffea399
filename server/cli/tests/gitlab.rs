//! `aisrm check --format gitlab`: GitLab Code Quality JSON. The fields
//! GitLab documents (docs.gitlab.com/ci/testing/code_quality, "Code Quality
//! report format") are checked with a JSON Schema written from that page,
//! and each issue against the same finding in `--format json`.

mod common;

use std::path::Path;

use aisrm_test_support::cli::repo_root;
use common::json_output;
use serde_json::{Value, json};

fn check(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    json_output(dir, &all)
}

/// GitLab's documented fields: `description`, `check_name`, `fingerprint`
/// (unique), `severity` (one of five), `location.path` (relative to the
/// repository), `location.lines.begin` (a line number).
fn code_quality_schema() -> Value {
    json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["description", "check_name", "fingerprint", "severity", "location"],
            "properties": {
                "description": {"type": "string", "minLength": 1},
                "check_name": {"type": "string", "minLength": 1},
                "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
                "location": {
                    "type": "object",
                    "required": ["path", "lines"],
                    "properties": {
                        "path": {"type": "string", "pattern": "^[^/\\\\]"},
                        "lines": {
                            "type": "object",
                            "required": ["begin"],
                            "properties": {"begin": {"type": "integer", "minimum": 1}}
                        }
                    }
                }
            }
        }
    })
}

fn fingerprints(report: &Value) -> Vec<&str> {
    report
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect()
}

#[test]
fn examples_give_the_documented_fields_with_unique_fingerprints() {
    let report = check(&repo_root(), &["examples", "--format", "gitlab"]);
    let validator = jsonschema::validator_for(&code_quality_schema()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut unique = fingerprints(&report);
    let total = unique.len();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), total, "fingerprints must be unique");
}

#[test]
fn each_issue_is_the_finding_of_the_json_format() {
    let gitlab = check(&repo_root(), &["examples", "--format", "gitlab"]);
    let json = check(&repo_root(), &["examples", "--format", "json"]);
    let severity = |s: &str| match s {
        "error" => "major",
        "warning" => "minor",
        _ => "info",
    };
    let expected: Vec<Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            json!([
                d["path"],
                d["code"],
                severity(d["severity"].as_str().unwrap()),
                d["range"]["start"]["line"],
                d["message"]
            ])
        })
        .collect();
    let got: Vec<Value> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            json!([
                i["location"]["path"],
                i["check_name"],
                i["severity"],
                i["location"]["lines"]["begin"],
                i["description"]
            ])
        })
        .collect();
    assert_eq!(got, expected);
    assert!(expected.iter().any(|e| e[2] == "major"));
}

/// GitLab marks a finding new or fixed by its fingerprint: an unrelated
/// edit that moves findings to other lines must keep them.
#[test]
fn fingerprints_survive_lines_moving() {
    let dir = std::env::temp_dir().join(format!("aisrm-gitlab-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let inventory =
        std::fs::read_to_string(repo_root().join("examples/ai-inventory.yaml")).unwrap();
    std::fs::write(dir.join("ai-inventory.yaml"), &inventory).unwrap();
    let before = check(&dir, &["--format", "gitlab"]);
    std::fs::write(
        dir.join("ai-inventory.yaml"),
        format!("# moved\n\n{inventory}"),
    )
    .unwrap();
    let after = check(&dir, &["--format", "gitlab"]);
    let line = |r: &Value| r[0]["location"]["lines"]["begin"].as_u64().unwrap();
    assert_eq!(line(&after), line(&before) + 2);
    assert_eq!(fingerprints(&after), fingerprints(&before));
    let _ = std::fs::remove_dir_all(&dir);
}
