//! The framework key tables drive the loader: a framework file using every
//! key of every table loads; taking any one key out changes what is
//! loaded (a listed key the loader ignores fails here), and reports a
//! missing key exactly when the table (and so the generated JSON Schema)
//! says it is required.

use std::path::Path;

use aisrm_core::framework::Framework;
use aisrm_core::framework::keys::{self, Holds, Table};
use aisrm_core::text::TextRange;
use aisrm_core::yaml::{NodeId, Yaml};

/// Every key of every table, each on lines of its own.
const EVERY_KEY: &str = r#"id: every
name: Every key
short-name: Every
version: "1"
source:
  title: T
  url: https://example.com/t
  author: A
  license: MIT
  revision: r1
description: D
cross-reference-note: X
levels:
  - id: provider
    name: Vendor
    description: The vendor does it.
  - id: customer
    name: You
    description: You do it.
layers:
  - id: platform
    name: Platform
    description: The platform.
models:
  - id: saas
    name: SaaS
    short-name: S
    aliases:
      - Software as a service
    description: Hosted.
    examples:
      - ChatGPT
    risk-profile: High.
    source: https://example.com/saas
    equivalents:
      - saas-ai
  - id: self
    name: Self-hosted
domains:
  - id: access
    number: 7
    name: Access
    short-name: Acc
    aliases:
      - Identity
    ai-specific: true
    layer: platform
    focus: Who gets in.
    description: Access control.
    source: https://example.com/access
    cross-references:
      owasp-llm:
        - LLM06
      atlas:
        - AML.T0012
      equivalents:
        - identity-access
  - id: data
    name: Data
matrix:
  access:
    saas: provider
    self: customer
  data:
    saas: customer
    self: customer
critical:
  - model: saas
    domain: access
    why: Keys are shared.
  - model: self
    domain: data
notes:
  - model: saas
    domain: data
    text: The sources disagree.
  - domain: access
    text: Also MFA.
references:
  - id-prefix: LLM
    name: OWASP
    url: https://example.com/owasp
  - name: Other
"#;

/// One key as written in the fixture: where it is and what it belongs to.
struct Occurrence {
    path: String,
    table: &'static Table,
    name: &'static str,
    /// From the start of the key's line to the end of its value's last
    /// line: what taking the key out removes.
    lines: TextRange,
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn walk(yaml: &Yaml, node: NodeId, table: &'static Table, path: &str, out: &mut Vec<Occurrence>) {
    for (key, value) in yaml.entries(node).expect("a mapping") {
        let name = yaml.scalar(*key).expect("a text key");
        let field = table
            .field(name)
            .unwrap_or_else(|| panic!("`{name}` at {path} is not in the table"));
        let range = yaml.range(*value);
        let end = if range.end > range.start {
            range.end - 1
        } else {
            range.end
        };
        let key_start = yaml.range(*key).start;
        let start = line_start(EVERY_KEY, key_start);
        // The first key of a list item keeps its `- ` (and the line break),
        // so the item stays an item.
        let lines = if EVERY_KEY[start..key_start].trim() == "-" {
            TextRange::new(key_start, line_end(EVERY_KEY, end) - 1)
        } else {
            TextRange::new(start, line_end(EVERY_KEY, end))
        };
        let here = format!("{path}/{name}");
        match field.holds {
            Holds::Mapping(inner) => walk(yaml, *value, inner, &here, out),
            Holds::List(inner) => {
                for (i, item) in yaml.items(*value).expect("a list").iter().enumerate() {
                    walk(yaml, *item, inner, &format!("{here}[{i}]"), out);
                }
            }
            _ => {}
        }
        out.push(Occurrence {
            path: here,
            table,
            name: field.name,
            lines,
        });
    }
}

fn occurrences() -> Vec<Occurrence> {
    let yaml = Yaml::parse(EVERY_KEY);
    assert!(yaml.errors.is_empty(), "{:?}", yaml.errors);
    let mut out = Vec::new();
    walk(&yaml, yaml.root().unwrap(), &keys::FRAMEWORK, "", &mut out);
    out
}

/// What loading `text` gives: the framework and the findings' messages.
fn loaded(text: &str) -> (String, Vec<String>) {
    let (framework, findings) = Framework::parse(text, Path::new("every.yaml"));
    let messages = findings.into_iter().map(|d| d.message).collect();
    (format!("{framework:?}"), messages)
}

fn without(o: &Occurrence) -> String {
    let mut text = EVERY_KEY.to_string();
    text.replace_range(o.lines.start..o.lines.end, "");
    text
}

#[test]
fn the_fixture_uses_every_key_of_every_table() {
    let found = occurrences();
    for table in keys::TABLES {
        for field in table.fields {
            assert!(
                found
                    .iter()
                    .any(|o| std::ptr::eq(o.table, table) && o.name == field.name),
                "the fixture has no `{}` in {}",
                field.name,
                table.title
            );
        }
    }
    let (framework, messages) = loaded(EVERY_KEY);
    assert!(messages.is_empty(), "{messages:?}");
    assert!(framework.starts_with("Some("), "{framework}");
}

#[test]
fn taking_out_any_key_changes_what_is_loaded() {
    let whole = loaded(EVERY_KEY);
    let ignored: Vec<String> = occurrences()
        .iter()
        .filter(|o| loaded(&without(o)) == whole)
        .map(|o| o.path.clone())
        .collect();
    assert!(ignored.is_empty(), "listed but not loaded: {ignored:?}");
}

#[test]
fn a_missing_key_is_reported_exactly_when_the_table_requires_it() {
    for o in occurrences() {
        let (_, messages) = loaded(&without(&o));
        let needs = format!("{} needs `{}`", o.table.what, o.name);
        let reported = messages.contains(&needs);
        let required = o.table.field(o.name).unwrap().required;
        assert_eq!(
            reported, required,
            "{}: required {required}, reported {reported}: {messages:?}",
            o.path
        );
    }
}

#[test]
fn the_schema_requires_what_the_table_requires() {
    let schema = aisrm_core::schema::framework_schema();
    let required = |s: &serde_json::Value| -> Vec<String> {
        s["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let table_required =
        |t: &Table| -> Vec<String> { t.required().map(|f| f.name.to_string()).collect() };
    assert_eq!(required(&schema), table_required(&keys::FRAMEWORK));
    let props = &schema["properties"];
    assert_eq!(
        required(&props["models"]["items"]),
        table_required(&keys::MODEL)
    );
    assert_eq!(
        required(&props["domains"]["items"]),
        table_required(&keys::DOMAIN)
    );
    assert_eq!(required(&props["models"]["items"]), ["id", "name"]);
    assert_eq!(required(&props["domains"]["items"]), ["id", "name"]);
}
