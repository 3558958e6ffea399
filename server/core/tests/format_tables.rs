//! The format tables drive lowering: every key a table lists reaches the
//! lowered document (a key accepted and then dropped fails here), and every
//! required key is reported when it is missing.

use std::path::Path;

use aisrm_core::diagnostics::Diagnostic;
use aisrm_core::document::Document;
use aisrm_core::format;
use aisrm_core::lower;
use aisrm_core::reader::{OffsetMap, Shape, Source};
use aisrm_core::yaml::Yaml;

/// An inventory with the mapping of `path` holding `line` (and a key no
/// table knows, so the mapping exists without the key under test).
fn inventory_with(path: &str, line: &str) -> String {
    let (head, indent) = match path {
        "" => ("", ""),
        "system" => ("system:\n", "  "),
        "components.<id>" => ("components:\n  c:\n", "    "),
        "components.<id>.provider" => ("components:\n  c:\n    provider:\n", "      "),
        "components.<id>.responsibilities.<domain>" => (
            "components:\n  c:\n    responsibilities:\n      d:\n",
            "        ",
        ),
        other => panic!("no template for the table at {other}: add one"),
    };
    format!("{head}{indent}x-holder: 1\n{indent}{line}\n")
}

fn lowered(text: &str) -> (Document, Vec<Diagnostic>) {
    lowered_at(text, "inventory.yaml")
}

/// Lowered as if the text were in `path`: `extends:` is kept only in a
/// design document (an inventory reports it and declares the component).
fn lowered_at(text: &str, path: &str) -> (Document, Vec<Diagnostic>) {
    let yaml = Yaml::parse(text);
    let map = OffsetMap::identity();
    let mut src = Source::new(&yaml, &map, Path::new(path));
    let doc = lower::inventory(&mut src);
    (doc, src.diagnostics)
}

/// The lowered document without its positions: a key that only moves
/// ranges around was dropped.
fn model_of(text: &str) -> String {
    let (doc, _) = lowered_at(text, "design.md");
    format!("{doc:?}").replace(|c: char| c.is_ascii_digit(), "")
}

/// A value of the key's shape that lowering keeps (no digits, see `model_of`).
fn sample(shape: Shape) -> &'static str {
    match shape {
        Shape::Text | Shape::TextOrMapping | Shape::Any => "xa",
        Shape::TextList => "[xa]",
        Shape::Mapping => "{}",
    }
}

#[test]
fn every_table_key_reaches_the_lowered_document() {
    let mut dropped = Vec::new();
    for table in format::tables() {
        let without = model_of(&inventory_with(table.path, ""));
        for key in &table.keys {
            let line = format!("{}: {}", key.name, sample(key.shape));
            if model_of(&inventory_with(table.path, &line)) == without {
                dropped.push(format!("{} in {}", key.name, table.path));
            }
        }
    }
    assert!(dropped.is_empty(), "accepted but not lowered: {dropped:?}");
}

#[test]
fn every_required_key_is_reported_when_missing() {
    for table in format::tables() {
        let base = inventory_with(table.path, "");
        let (_, findings) = lowered(&base);
        let messages: Vec<&str> = findings.iter().map(|d| d.message.as_str()).collect();
        for key in table.keys.iter().filter(|k| k.required) {
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains(&format!("`{}", key.name))),
                "missing `{}` in {} is not reported: {messages:?}",
                key.name,
                table.path
            );
        }
    }
}

#[test]
fn the_template_of_each_table_is_valid_yaml() {
    for table in format::tables() {
        let text = inventory_with(table.path, "");
        assert!(Yaml::parse(&text).errors.is_empty(), "{text}");
    }
}
