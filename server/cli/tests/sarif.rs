//! `aisrm check --format sarif` of examples/: valid against the SARIF
//! 2.1.0 JSON schema, and within what GitHub code scanning accepts. The
//! schema is not checked in: `scripts/install-test-deps.sh` takes it from
//! the npm package `@microsoft/jest-sarif` (Microsoft's SARIF matchers, which
//! ship the 2.1.0-rtm.5 schema) into target/test-deps/.

mod common;

use std::path::PathBuf;

use aisrm_test_support::cli::repo_root;
use common::json_output;
use serde_json::Value;

fn sarif_of(args: &[&str]) -> Value {
    json_output(&repo_root(), args)
}

fn schema() -> Value {
    let path = std::env::var_os("AISRM_SARIF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/test-deps/sarif-schema-2.1.0.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the SARIF schema is missing at {} ({e}); run `bash scripts/install-test-deps.sh`",
            path.display()
        )
    });
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    fix_language_patterns(&mut schema);
    schema
}

/// rtm.5 has a malformed `language` pattern (a stray `]`) that a strict
/// validator refuses to compile; the OASIS errata fixed it to this one.
fn fix_language_patterns(value: &mut Value) {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        Value::String(s) if s == BROKEN => *s = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into(),
        Value::Array(items) => items.iter_mut().for_each(fix_language_patterns),
        Value::Object(map) => map.values_mut().for_each(fix_language_patterns),
        _ => {}
    }
}

fn assert_valid(sarif: &Value) {
    let schema = schema();
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-04/schema#",
        "the OASIS schema is draft 4"
    );
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
}

/// What GitHub code scanning needs of each result and rule.
fn assert_github_constraints(sarif: &Value) {
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "aisrm");
    let rules = driver["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    let mut ids = std::collections::BTreeSet::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("rule.id");
        assert!(ids.insert(id), "rule ids are unique: {id}");
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap_or("")
                .is_empty(),
            "{id}: shortDescription.text"
        );
        let help = rule["helpUri"].as_str().expect("rule.helpUri");
        assert!(help.starts_with("https://"), "{id}: helpUri {help}");
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let rule_id = r["ruleId"].as_str().expect("result.ruleId");
        assert!(ids.contains(rule_id), "{rule_id} is a declared rule");
        if let Some(i) = r["ruleIndex"].as_u64() {
            assert_eq!(
                rules[i as usize]["id"], rule_id,
                "ruleIndex points at ruleId"
            );
        }
        assert!(
            !r["message"]["text"].as_str().unwrap_or("").is_empty(),
            "{rule_id}: message.text"
        );
        assert!(
            matches!(r["level"].as_str(), Some("error" | "warning" | "note")),
            "{rule_id}: level"
        );
        let locations = r["locations"].as_array().expect("result.locations");
        assert_eq!(locations.len(), 1);
        let physical = &locations[0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            !uri.contains("://") && !uri.starts_with('/') && !uri.contains('\\'),
            "{rule_id}: uri {uri} is relative to the repository"
        );
        assert!(
            repo_root().join(uri).is_file(),
            "{uri} names a file of the repository"
        );
        let region = &physical["region"];
        let start = region["startLine"].as_u64().expect("region.startLine");
        assert!(start >= 1);
        if let Some(end) = region["endLine"].as_u64() {
            assert!(end >= start);
        }
        if let Some(col) = region["startColumn"].as_u64() {
            assert!(col >= 1);
        }
    }
}

#[test]
fn sarif_of_examples_is_valid_sarif_2_1_0() {
    let sarif = sarif_of(&["check", "examples", "--format", "sarif"]);
    assert_valid(&sarif);
    assert_github_constraints(&sarif);
    let uris: std::collections::BTreeSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.contains("examples/ai-inventory.yaml"));
    assert!(uris.contains("examples/docs/agent-ops-design.md"));
}

#[test]
fn sarif_of_one_file_is_valid_too() {
    let sarif = sarif_of(&["check", "examples/ai-inventory.yaml", "--format", "sarif"]);
    assert_valid(&sarif);
    assert_github_constraints(&sarif);
}

#[test]
fn schema_validation_catches_a_broken_log() {
    let mut sarif = sarif_of(&["check", "examples", "--format", "sarif"]);
    sarif["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let schema = schema();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    assert!(!validator.is_valid(&sarif), "the validator is not a no-op");
}

/// `artifactLocation.uri` is a URI reference: a space, `#` or non-ASCII
/// byte in a file name is percent-encoded, `/` separates segments.
#[test]
fn artifact_uris_are_percent_encoded() {
    let dir = std::env::temp_dir().join(format!("aisrm-sarif-uri-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let rel = "süb dir/my inv#1.aisrm.yaml";
    std::fs::create_dir_all(dir.join("süb dir")).unwrap();
    std::fs::write(
        dir.join(rel),
        "aisrm: 1\ncomponents:\n  bot:\n    name: Bot\n    deployment: nope\n",
    )
    .unwrap();
    let sarif = json_output(&dir, &["check", ".", "--format", "sarif"]);
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .expect("a result with a location");
    assert_eq!(uri, "s%C3%BCb%20dir/my%20inv%231.aisrm.yaml");
    assert_valid(&sarif);
    let _ = std::fs::remove_dir_all(&dir);
}
