//! docs/format.md is generated from the format tables, the framework key
//! tables and the built-in frameworks; it must match them exactly.
//! Regenerate with `AISRM_UPDATE_DOCS=1 cargo test -p aisrm-core --test
//! format_reference`.

use std::path::{Path, PathBuf};

use aisrm_core::diagnostics::Severity;
use aisrm_core::format;
use aisrm_core::framework::{self, keys};
use aisrm_core::reference::format_reference;
use aisrm_core::workspace::Workspace;

fn docs_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/format.md")
}

#[test]
fn docs_format_md_is_current() {
    let expected = format_reference();
    if std::env::var_os("AISRM_UPDATE_DOCS").is_some() {
        std::fs::write(docs_file(), &expected).unwrap();
    }
    let actual = std::fs::read_to_string(docs_file()).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/format.md is stale; run AISRM_UPDATE_DOCS=1 cargo test -p aisrm-core --test format_reference"
    );
}

#[test]
fn the_reference_names_every_key_and_id() {
    let text = format_reference();
    let mut missing = Vec::new();
    let mut expect = |needle: String| {
        if !text.contains(&needle) {
            missing.push(needle);
        }
    };
    for table in format::tables() {
        for key in table.keys {
            expect(format!("| `{}` |", key.name));
        }
    }
    for status in format::Status::ALL {
        expect(format!("| `{}` |", status.id()));
    }
    for table in keys::TABLES {
        for field in table.fields {
            expect(format!("| `{}` |", field.name));
        }
    }
    for fw in framework::builtins() {
        for m in &fw.models {
            expect(format!("| `{}` | {} |", m.id, m.name));
        }
        for d in &fw.domains {
            expect(format!("| `{}` |", d.id));
            expect(d.name.clone());
        }
    }
    expect("(ownership.md)".to_string());
    assert!(missing.is_empty(), "not in the reference: {missing:?}");
}

/// The reference's examples are real: the inventory and the design
/// document it shows have no errors.
#[test]
fn the_examples_in_the_reference_have_no_errors() {
    let text = format_reference();
    let inventory = between(&text, "```yaml\n", "```\n");
    let block = between(&text, "````markdown\n", "````\n");
    let root = PathBuf::from("/reference");
    let mut ws = Workspace::new(vec![root.clone()]);
    ws.set_file(root.join("ai-inventory.yaml"), inventory.to_string());
    ws.set_file(root.join("design.md"), block.to_string());
    assert!(ws.component("kb-rag-service").is_some(), "{block}");
    for name in ["ai-inventory.yaml", "design.md"] {
        let errors: Vec<String> = ws
            .diagnostics(&root.join(name))
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).expect("start") + start.len();
    let to = from + text[from..].find(end).expect("end");
    &text[from..to]
}
