use std::path::Path;

use aisrm_core::framework::{self, Framework};

#[test]
fn builtin_frameworks_load_without_findings() {
    for id in framework::BUILTIN_IDS {
        let text = framework::builtin_source(id).unwrap();
        let (fw, diagnostics) = Framework::parse(text, Path::new(id));
        assert!(diagnostics.is_empty(), "{id}: {diagnostics:#?}");
        assert_eq!(fw.unwrap().id, id);
    }
    assert_eq!(framework::builtins().len(), 2);
}

const EXAMPLE: &str = include_str!("../../../examples/custom-framework/framework.yaml");

/// The `invalid-framework` findings of the example framework with `from`
/// replaced by `to` (once), as (message, text at the range).
fn invalid_after(from: &str, to: &str) -> Vec<(String, String)> {
    assert!(EXAMPLE.contains(from), "{from}");
    let text = EXAMPLE.replacen(from, to, 1);
    let (_, diagnostics) = Framework::parse(&text, Path::new("framework.yaml"));
    diagnostics
        .into_iter()
        .filter(|d| d.code.as_str() == "invalid-framework")
        .map(|d| (d.message, text[d.range.start..d.range.end].to_string()))
        .collect()
}

#[test]
fn the_example_framework_has_no_findings() {
    let (fw, diagnostics) = Framework::parse(EXAMPLE, Path::new("framework.yaml"));
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert!(fw.is_some());
}

#[test]
fn a_boolean_that_is_not_one_is_reported_at_the_value() {
    assert_eq!(
        invalid_after("ai-specific: true", "ai-specific: maybe"),
        [(
            "`ai-specific` must be `true` or `false`, not `maybe`".to_string(),
            "maybe".to_string()
        )]
    );
}

#[test]
fn a_number_that_is_not_one_is_reported_at_the_value() {
    assert_eq!(
        invalid_after("number: 1", "number: one"),
        [(
            "`number` must be a whole number, not `one`".to_string(),
            "one".to_string()
        )]
    );
}

#[test]
fn a_model_needs_a_name() {
    assert_eq!(
        invalid_after("    name: Hosted LLM gateway\n", ""),
        [("a deployment model needs `name`".to_string(), String::new())]
    );
}

#[test]
fn a_framework_needs_models_and_domains() {
    let text = "id: tiny\nname: Tiny\nlevels:\n  - id: provider\n    name: P\nmodels: []\ndomains: []\nmatrix: {}\n";
    let (_, diagnostics) = Framework::parse(text, Path::new("tiny.yaml"));
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.message.as_str(), &text[d.range.start..d.range.end]))
        .collect();
    assert!(
        found.contains(&(
            "a framework needs at least one deployment model under `models`",
            "[]"
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "a framework needs at least one domain under `domains`",
            "[]"
        )),
        "{found:?}"
    );
}

#[test]
fn a_domain_needs_a_name_as_the_schema_says() {
    assert_eq!(
        invalid_after("    name: Prompt handling\n", ""),
        [("a domain needs `name`".to_string(), String::new())]
    );
}

#[test]
fn an_empty_required_key_is_missing() {
    assert_eq!(
        invalid_after("  - id: hosted-llm\n", "  - id:\n"),
        [("a deployment model needs `id`".to_string(), String::new())]
    );
}
