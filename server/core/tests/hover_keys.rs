//! Hover on a key of the format shows what the format table says of it,
//! for every key of every table, in inventories and in ```aisrm blocks.

use std::path::{Path, PathBuf};

use aisrm_core::format;
use aisrm_core::ide::hover::hover;
use aisrm_core::workspace::Workspace;

/// Hover at `$0` in `marked`, as (hovered text, markdown).
fn hover_at(name: &str, marked: &str) -> Option<(String, String)> {
    let offset = marked.find("$0").expect("a $0 marker");
    let text = marked.replace("$0", "");
    let root = PathBuf::from("/hover");
    let path = root.join(name);
    let mut ws = Workspace::new(vec![root]);
    ws.set_file(path.clone(), text.clone());
    let h = hover(&ws, Path::new(&path), offset)?;
    Some((text[h.range.start..h.range.end].to_string(), h.markdown))
}

const INVENTORY: &str = "aisrm: 1
system:
  owner: platform-team
components:
  support-bot:
    deployment: saas-ai
    provider:
      url: https://example.com
    depends-on: [kb]
    responsibilities:
      data-privacy:
        notes: reviewed
";

#[test]
fn a_component_key() {
    let marked = INVENTORY.replace("depends-on", "depe$0nds-on");
    assert_eq!(
        hover_at("ai-inventory.yaml", &marked),
        Some((
            "depends-on".to_string(),
            "**`depends-on`** (a list of text, optional)\n\nIds of components this one uses (declared anywhere in the workspace).\n\nExample: `depends-on: [ticket-index]`".to_string()
        ))
    );
}

#[test]
fn a_required_top_level_key() {
    let marked = format!("$0{INVENTORY}");
    let (word, markdown) = hover_at("ai-inventory.yaml", &marked).unwrap();
    assert_eq!(word, "aisrm");
    assert!(
        markdown.starts_with("**`aisrm`** (text, required)"),
        "{markdown}"
    );
}

#[test]
fn a_key_in_a_design_document_block() {
    let doc = "# Design\n\n```aisrm\nkb:\n  deployment: paas-ai\n  own$0er: search-team\n```\n";
    let (word, markdown) = hover_at("design.md", doc).unwrap();
    assert_eq!(word, "owner");
    assert!(
        markdown.contains("Team that owns the component"),
        "{markdown}"
    );
}

#[test]
fn ids_and_unknown_keys_are_not_format_keys() {
    let on_id = INVENTORY.replace("support-bot:", "support-$0bot:");
    let (word, markdown) = hover_at("ai-inventory.yaml", &on_id).unwrap();
    assert_eq!(word, "support-bot");
    assert!(!markdown.contains("optional"), "{markdown}");
    let unknown = INVENTORY.replace("depends-on", "depnds$0-on");
    assert_eq!(hover_at("ai-inventory.yaml", &unknown), None);
    let on_value = INVENTORY.replace("platform-team", "platform$0-team");
    assert_eq!(hover_at("ai-inventory.yaml", &on_value), None);
}

/// Where each table's keys sit in an inventory.
fn with_key(path: &str, key: &str) -> String {
    let (head, indent) = match path {
        "" => ("", ""),
        "system" => ("aisrm: 1\nsystem:\n", "  "),
        "components.<id>" => ("aisrm: 1\ncomponents:\n  c:\n", "    "),
        "components.<id>.provider" => ("aisrm: 1\ncomponents:\n  c:\n    provider:\n", "      "),
        "components.<id>.responsibilities.<domain>" => (
            "aisrm: 1\ncomponents:\n  c:\n    responsibilities:\n      data-privacy:\n",
            "        ",
        ),
        other => panic!("no template for {other}"),
    };
    format!("{head}{indent}$0{key}: x\n")
}

#[test]
fn every_key_of_every_table_has_a_hover() {
    for table in format::tables() {
        for key in &table.keys {
            let marked = with_key(table.path, key.name);
            let found = hover_at("ai-inventory.yaml", &marked);
            let Some((word, markdown)) = found else {
                panic!("no hover for `{}` in {}", key.name, table.path);
            };
            assert_eq!(word, key.name);
            assert!(markdown.contains(key.description), "{markdown}");
        }
    }
}
