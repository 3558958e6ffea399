//! The generated JSON Schemas accept what aisrm ships: the built-in
//! frameworks and every file of examples/ (inventories, the custom
//! framework, the ```aisrm blocks of the design documents, aisrm.toml).
//! A broken copy is refused, so validation is known to be on.

use std::path::{Path, PathBuf};

use aisrm_core::discovery::signals::to_json;
use aisrm_core::framework;
use aisrm_core::lower;
use aisrm_core::markdown;
use aisrm_core::schema;
use aisrm_core::yaml::Yaml;
use serde_json::{Value, json};
use toml::de::{DeTable, DeValue};

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn yaml_value(text: &str) -> (Yaml<'_>, Value) {
    let yaml = Yaml::parse(text);
    assert!(yaml.errors.is_empty(), "{:?}", yaml.errors);
    let value = to_json(&yaml, yaml.root().unwrap(), 0);
    (yaml, value)
}

/// The schema a file of examples/ must follow and the file as JSON (a
/// design document's blocks as the `components` of one inventory).
fn as_instance(path: &Path, text: &str) -> (Value, Value) {
    match path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => {
            let (yaml, value) = yaml_value(text);
            if lower::has_aisrm_key(&yaml) {
                (schema::inventory_schema(), value)
            } else if lower::looks_like_framework(&yaml) {
                (schema::framework_schema(), value)
            } else {
                panic!("{}: neither an inventory nor a framework", path.display())
            }
        }
        Some("md") => {
            let mut components = serde_json::Map::new();
            for block in markdown::extract(text).blocks {
                let (_, value) = yaml_value(&block.text);
                components.extend(value.as_object().cloned().unwrap_or_default());
            }
            let inventory = json!({"aisrm": 1, "components": components});
            (schema::inventory_schema(), inventory)
        }
        Some("toml") => {
            let table = DeTable::parse(text).unwrap();
            (
                schema::config_schema(),
                toml_json(&DeValue::Table(table.into_inner())),
            )
        }
        _ => panic!("{}: no schema for this kind of file", path.display()),
    }
}

/// TOML as JSON (the shapes aisrm.toml uses).
fn toml_json(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(s) => json!(s.as_ref()),
        DeValue::Integer(n) => json!(n.as_str().parse::<i64>().unwrap()),
        DeValue::Boolean(b) => json!(b),
        DeValue::Array(items) => items.iter().map(|v| toml_json(v.get_ref())).collect(),
        DeValue::Table(table) => table
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), toml_json(v.get_ref())))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => panic!("no JSON for {other:?}"),
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn builtin_frameworks_follow_the_framework_schema() {
    for id in framework::BUILTIN_IDS {
        let (_, value) = yaml_value(framework::builtin_source(id).unwrap());
        let found = errors(&schema::framework_schema(), &value);
        assert!(found.is_empty(), "{id}: {found:#?}");
    }
}

#[test]
fn every_example_follows_its_schema() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files = Vec::new();
    files_under(&examples, &mut files);
    files.sort();
    let mut checked = Vec::new();
    for path in files {
        let name = path.strip_prefix(&examples).unwrap().display().to_string();
        if name == "README.md" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let (schema, instance) = as_instance(&path, &text);
        let found = errors(&schema, &instance);
        assert!(found.is_empty(), "{name}: {found:#?}");
        checked.push(name);
    }
    assert_eq!(
        checked,
        [
            "ai-inventory.yaml",
            "aisrm.toml",
            "custom-framework/framework.yaml",
            "custom-framework/inventory.aisrm.yaml",
            "docs/agent-ops-design.md",
            "docs/on-call-runbook.md",
            "docs/retrieval-design.md",
        ]
    );
}

#[test]
fn a_broken_copy_is_refused() {
    let inventory =
        json!({"aisrm": 1, "components": {"c": {"deployment": "saas-ai", "depnds-on": []}}});
    assert_eq!(errors(&schema::inventory_schema(), &inventory).len(), 1);
    let text = framework::builtin_source("aisrm").unwrap();
    let (_, mut value) = yaml_value(text);
    value["domains"][0]["ai-specific"] = json!("maybe");
    value["models"][0].as_object_mut().unwrap().remove("name");
    assert_eq!(errors(&schema::framework_schema(), &value).len(), 2);
}

/// `refs.prefixes` in the config schema agrees with the parser: what the
/// parser takes the schema accepts, what it refuses the schema refuses.
#[test]
fn the_config_schema_checks_ref_prefixes_as_the_parser_does() {
    let cases = [
        ("[refs]\nprefixes = [\"CWE\", \"NIST-AI-RMF\"]\n", 0),
        ("[refs]\nprefixes = []\n", 0),
        ("[refs]\nprefixes = [\"CWE-\"]\n", 1),
        ("[refs]\nprefixes = [\"CWE-79\"]\n", 1),
        ("[refs]\nprefixes = \"CWE\"\n", 1),
        ("[refs]\nprefixs = [\"CWE\"]\n", 1),
    ];
    for (text, expected) in cases {
        let table = DeTable::parse(text).unwrap();
        let instance = toml_json(&DeValue::Table(table.into_inner()));
        let found = errors(&schema::config_schema(), &instance);
        assert_eq!(found.len(), expected, "{text}: {found:#?}");
        let (_, problems) = aisrm_core::project::parse(text);
        assert_eq!(problems.len(), expected, "{text}: {problems:#?}");
    }
}
