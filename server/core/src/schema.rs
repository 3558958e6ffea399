//! JSON Schemas (draft-07) generated from the format tables and the
//! built-in frameworks, so editors without aisrm (yaml-language-server)
//! still complete and validate inventories. `schemas/*.schema.json` are
//! this module's output; a test fails when they differ.

use serde_json::{Map, Value, json};

use crate::diagnostics::{Code, SEVERITY_SETTINGS};
use crate::format::{self, ComponentKey, KeyDef, ResponsibilityKey, Status, TopKey};
use crate::framework::keys::{self, Holds, Table};
use crate::framework::{self, LevelKind};
use crate::project;
use crate::reader::Shape;

const DRAFT: &str = "http://json-schema.org/draft-07/schema#";
const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

fn shape_schema(shape: Shape) -> Value {
    match shape {
        Shape::Text => json!({"type": ["string", "number", "boolean"]}),
        Shape::TextList => json!({"anyOf": [
            {"type": "array", "items": {"type": ["string", "number", "boolean"]}},
            {"type": "string"}
        ]}),
        Shape::Mapping => json!({"type": ["object", "null"]}),
        Shape::TextOrMapping => json!({"type": ["string", "object"]}),
        Shape::Any => json!({}),
    }
}

/// An object schema with one property per key of `keys`; `overrides`
/// replace the generic schema of some keys (named by the table's key enum,
/// so an override cannot name a key the table lacks).
fn object<K: PartialEq>(title: &str, keys: &[KeyDef<K>], overrides: &[(K, Value)]) -> Value {
    let mut props = Map::new();
    for key in keys {
        let mut schema = overrides
            .iter()
            .find(|(k, _)| *k == key.key)
            .map_or_else(|| shape_schema(key.shape), |(_, v)| v.clone());
        let obj = schema.as_object_mut().expect("schemas are objects");
        obj.insert("description".into(), json!(key.description));
        if !key.example.is_empty() && !obj.contains_key("examples") {
            obj.insert("examples".into(), json!([key.example]));
        }
        props.insert(key.name.into(), schema);
    }
    let required: Vec<&str> = keys.iter().filter(|k| k.required).map(|k| k.name).collect();
    let mut out = json!({
        "title": title,
        "type": "object",
        "properties": props,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        out["required"] = json!(required);
    }
    out
}

/// Built-in ids with their display names, as `anyOf` branches of `const`s
/// (custom frameworks may use other ids, hence the final plain string).
fn id_choices(items: Vec<(String, String)>) -> Value {
    let mut branches: Vec<Value> = items
        .into_iter()
        .map(|(id, name)| json!({"const": id, "description": name}))
        .collect();
    branches.push(json!({"type": "string", "pattern": ID_PATTERN}));
    json!({"anyOf": branches})
}

fn builtin_models() -> Vec<(String, String)> {
    framework::builtins()
        .iter()
        .flat_map(|f| {
            f.models
                .iter()
                .map(move |m| (m.id.clone(), format!("{} ({})", m.name, f.id)))
        })
        .collect()
}

fn responsibility_schema() -> Value {
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| json!({"const": s.id(), "description": s.meaning()}))
        .collect();
    let levels: Vec<&str> = LevelKind::OWNERSHIP.iter().map(|l| l.id()).collect();
    object(
        "Responsibility",
        format::RESPONSIBILITY_KEYS,
        &[
            (ResponsibilityKey::Status, json!({"oneOf": statuses})),
            (ResponsibilityKey::Ownership, json!({"enum": levels})),
        ],
    )
}

fn responsibilities_schema() -> Value {
    let mut props = Map::new();
    for f in framework::builtins() {
        for d in &f.domains {
            let entry = json!({
                "title": d.name,
                "description": format!("{} ({}): {}", d.name, f.id, d.focus),
                "allOf": [{"$ref": "#/definitions/responsibility"}],
            });
            props.insert(d.id.clone(), entry);
        }
    }
    json!({
        "type": ["object", "null"],
        "description": "What this organisation does about each security domain, by domain id.",
        "properties": props,
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"$ref": "#/definitions/responsibility"},
    })
}

fn component_schema() -> Value {
    let provider = json!({"anyOf": [
        {"type": "string"},
        object("Provider", format::PROVIDER_KEYS, &[]),
    ]});
    let mut schema = object(
        "Component",
        format::COMPONENT_KEYS,
        &[
            (ComponentKey::Deployment, id_choices(builtin_models())),
            (ComponentKey::Provider, provider),
            (ComponentKey::Responsibilities, responsibilities_schema()),
        ],
    );
    // An extension (design documents) takes its required keys from the
    // component it extends, and holds only what it may add.
    let required = schema
        .as_object_mut()
        .expect("object")
        .remove("required")
        .unwrap_or_else(|| json!([]));
    let extension_keys: Vec<&str> = format::COMPONENT_KEYS
        .iter()
        .filter(|k| format::EXTENSION_KEYS.contains(&k.key))
        .map(|k| k.name)
        .collect();
    schema["if"] = json!({"required": ["extends"]});
    schema["then"] = json!({"propertyNames": {"enum": extension_keys}});
    schema["else"] = json!({"required": required});
    schema
}

/// The schema of one components mapping (an inventory's `components`, or
/// a ```aisrm block).
fn components_schema() -> Value {
    json!({
        "type": ["object", "null"],
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": component_schema(),
    })
}

pub fn inventory_schema() -> Value {
    let frameworks: Vec<(String, String)> = framework::builtins()
        .iter()
        .map(|f| (f.id.clone(), f.name.clone()))
        .collect();
    let versions: Vec<Value> = format::VERSIONS
        .iter()
        .map(|v| v.parse::<u64>().map_or_else(|_| json!(v), |n| json!(n)))
        .collect();
    let framework_choice = {
        let mut v = id_choices(frameworks);
        v["anyOf"].as_array_mut().expect("array").pop();
        v["anyOf"]
            .as_array_mut()
            .expect("array")
            .push(json!({"type": "string", "pattern": "\\.(yaml|yml)$"}));
        v
    };
    let mut schema = object(
        "aisrm inventory",
        format::TOP_KEYS,
        &[
            (TopKey::Version, json!({"enum": versions})),
            (TopKey::Framework, framework_choice),
            (TopKey::System, object("System", format::SYSTEM_KEYS, &[])),
            (TopKey::Components, components_schema()),
        ],
    );
    let obj = schema.as_object_mut().expect("object");
    obj.insert("$schema".into(), json!(DRAFT));
    obj.insert(
        "$id".into(),
        json!("https://github.com/aisrm/aisrm/schemas/aisrm-inventory.schema.json"),
    );
    obj.insert(
        "description".into(),
        json!("An inventory of AI components and who is responsible for their security (aisrm format v1)."),
    );
    obj.insert(
        "examples".into(),
        json!([{"aisrm": 1, "components": {"support-bot": {"deployment": "saas-ai"}}}]),
    );
    obj.insert(
        "definitions".into(),
        json!({"responsibility": responsibility_schema()}),
    );
    schema
}

/// The schema of one mapping of a framework file, from its table: the
/// loader reads the same table, so `required` is the loader's.
fn table_schema(table: &Table) -> Value {
    let mut props = Map::new();
    for field in table.fields {
        let mut schema = holds_schema(field.holds);
        schema["description"] = json!(field.description);
        props.insert(field.name.into(), schema);
    }
    let required: Vec<&str> = table.required().map(|f| f.name).collect();
    json!({
        "title": table.title,
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": false,
    })
}

fn holds_schema(holds: Holds) -> Value {
    let levels: Vec<&str> = LevelKind::ALL.iter().map(|l| l.id()).collect();
    match holds {
        Holds::Text => json!({"type": "string"}),
        Holds::Id => json!({"type": "string", "pattern": ID_PATTERN}),
        Holds::Level => json!({"enum": levels}),
        Holds::Boolean => json!({"type": "boolean"}),
        Holds::Number => json!({"type": "integer"}),
        Holds::Texts => json!({"type": "array", "items": {"type": "string"}}),
        Holds::Mapping(table) => table_schema(table),
        Holds::List(table) => json!({"type": "array", "items": table_schema(table)}),
        Holds::Matrix => json!({
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": {"enum": levels}},
        }),
    }
}

pub fn framework_schema() -> Value {
    let mut schema = table_schema(&keys::FRAMEWORK);
    let obj = schema.as_object_mut().expect("object");
    obj.insert("$schema".into(), json!(DRAFT));
    obj.insert(
        "$id".into(),
        json!("https://github.com/aisrm/aisrm/schemas/aisrm-framework.schema.json"),
    );
    obj.insert(
        "description".into(),
        json!("A responsibility framework for aisrm: deployment models, security domains and the matrix of who is responsible."),
    );
    schema
}

/// Pretty JSON with a final newline, as the files are stored.
pub fn to_text(schema: &Value) -> String {
    serde_json::to_string_pretty(schema).expect("serialisable") + "\n"
}

/// The schema of `aisrm.toml` (taplo and Even Better TOML read JSON
/// Schemas), generated from [`project::KEYS`].
pub fn config_schema() -> Value {
    let mut root = json!({
        "$schema": DRAFT,
        "$id": "https://github.com/aisrm/aisrm/schemas/aisrm-config.schema.json",
        "title": "aisrm.toml",
        "description": "aisrm project configuration; the folder holding it is the project root. Keys mirror the editor settings; a setting made in the editor wins.",
        "type": "object",
        "additionalProperties": false,
        "properties": {},
    });
    for key in project::KEYS {
        let mut value = config_value_schema(key.kind);
        value["description"] = json!(match key.setting {
            Some(setting) => format!("{} Editor setting: `{setting}`.", key.description),
            None => key.description.to_string(),
        });
        insert_at(&mut root, key.path, value);
    }
    root
}

fn config_value_schema(kind: project::ValueKind) -> Value {
    match kind {
        project::ValueKind::FrameworkId => {
            let ids: Vec<&str> = framework::builtins()
                .iter()
                .map(|f| f.id.as_str())
                .collect();
            json!({"type": "string", "enum": ids})
        }
        project::ValueKind::WholeNumber => json!({"type": "integer", "minimum": 0}),
        project::ValueKind::Ownership => {
            let modes: Vec<&str> = crate::analysis::OwnershipMode::ALL
                .iter()
                .map(|m| m.as_str())
                .collect();
            json!({"type": "string", "enum": modes})
        }
        project::ValueKind::GlobList => {
            json!({"type": "array", "items": {"type": "string"}, "minItems": 1})
        }
        project::ValueKind::FileList => json!({"type": "array", "items": {"type": "string"}}),
        project::ValueKind::SeverityTable => {
            let mut props = Map::new();
            for code in Code::ALL {
                props.insert(
                    code.as_str().into(),
                    json!({"enum": SEVERITY_SETTINGS, "description": code.summary()}),
                );
            }
            json!({"type": "object", "properties": props, "additionalProperties": false})
        }
        // A prefix is its own refs::prefix: letters, '-' and '_', not
        // ending in '-' or '_'.
        project::ValueKind::RefPrefixList => json!({
            "type": "array",
            "items": {"type": "string", "pattern": "^[A-Za-z_-]*[A-Za-z]$"},
            "uniqueItems": true,
        }),
        project::ValueKind::ReasonTable => json!({
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1, "description": "Why it is not an AI component."},
        }),
    }
}

/// Puts `value` at `path` under `root`'s properties, making the tables on
/// the way.
fn insert_at(root: &mut Value, path: &[&str], value: Value) {
    let (last, tables) = path.split_last().expect("a key path");
    let mut node = root;
    for table in tables {
        let props = &mut node["properties"];
        if props.get(*table).is_none() {
            props[*table] =
                json!({"type": "object", "additionalProperties": false, "properties": {}});
        }
        node = &mut props[*table];
    }
    node["properties"][*last] = value;
}
