//! Declared vs discovered: which inventory component declares a piece of
//! discovery evidence, and which evidence the project acknowledges as not
//! an AI component. The one rule that the export (occurrences on the
//! declaring component) and the drift findings share.
//!
//! An entry of `covers:` (or of `[discovery.acknowledged]` in aisrm.toml)
//! names evidence by the discovered component's id, the signal's id, the
//! package name (package evidence), or the path relative to the project
//! root (a folder ends with `/`). A component also declares the discovered
//! component with its own id.

use super::{Component as Found, Evidence};
use crate::document::Component;

/// True when `entry` names the evidence `e` of the discovered `found`.
pub fn names(entry: &str, found: &Found, e: &Evidence) -> bool {
    let entry = entry.trim();
    !entry.is_empty()
        && (entry == found.def.id
            || entry == e.signal
            || e.package
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case(entry))
            || names_path(entry, &e.path))
}

/// `dir/` names every file below `dir`; anything else one file. A
/// leading `./` says the same path.
fn names_path(entry: &str, path: &str) -> bool {
    let mut entry = entry;
    while let Some(rest) = entry.strip_prefix("./") {
        entry = rest;
    }
    match entry.strip_suffix('/') {
        Some(dir) => path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/')),
        None => path == entry,
    }
}

/// True when the inventory `component` declares the evidence `e` of `found`.
pub(crate) fn declares_evidence(component: &Component, found: &Found, e: &Evidence) -> bool {
    component.id.value == found.def.id || component.covers.iter().any(|c| names(&c.value, found, e))
}

/// True when the inventory `component` declares any evidence of `found`.
pub fn declares(component: &Component, found: &Found) -> bool {
    found
        .evidence
        .iter()
        .any(|e| declares_evidence(component, found, e))
}

/// The inventory entry for a discovered component, at `indent` (the
/// components' indentation): what `aisrm discover --format yaml` writes and
/// what the "Add to the inventory" fix inserts. `covers:` names the
/// discovered id, so the entry stays true when the evidence moves.
pub(crate) fn inventory_entry(found: &Found, indent: &str) -> String {
    let def = &found.def;
    let inner = format!("{indent}  ");
    let mut out = format!("{indent}{}:\n", def.id);
    out += &format!("{inner}name: {}\n", quoted(&def.name));
    out += &format!("{inner}deployment: {}\n", def.deployment);
    out += &format!("{inner}provider: {}\n", quoted(&def.provider));
    if !def.description.trim().is_empty() {
        out += &format!("{inner}description: {}\n", quoted(&def.description));
    }
    out += &format!("{inner}covers: [{}]\n", def.id);
    out
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML; what
/// JSON leaves raw but YAML may not hold, escaped).
fn quoted(text: &str) -> String {
    escape_unprintable(&serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into()))
}

/// `text` with what a YAML line may not hold raw (line breaks, controls,
/// a byte order mark) as `\uXXXX`, an escape both YAML's double-quoted
/// scalars and JSON read: names and paths in the proposed inventory come
/// from the repository (an MCP server's name is any JSON string).
pub(crate) fn escape_unprintable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
            out += &format!("\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::signals::{ComponentDef, Confidence};
    use crate::text::TextRange;

    fn found() -> Found {
        Found {
            def: ComponentDef {
                id: "openai-api".into(),
                name: "OpenAI API".into(),
                provider: "OpenAI".into(),
                deployment: "paas-ai".into(),
                description: "The \"OpenAI\" API.".into(),
                per_project: false,
            },
            confidence: Confidence::Certain,
            evidence: vec![Evidence {
                path: "services/chat/requirements.txt".into(),
                line: 1,
                column: 1,
                signal: "pypi-openai".into(),
                what: "pypi dependency `OpenAI`".into(),
                kept: Vec::new(),
                package: Some("OpenAI".into()),
                range: TextRange::empty(0),
                confidence: Confidence::Certain,
            }],
        }
    }

    #[test]
    fn entries_name_ids_signals_packages_and_paths() {
        let f = found();
        let e = &f.evidence[0];
        for entry in [
            "openai-api",
            "pypi-openai",
            "openai",
            "services/chat/",
            "services/",
            "services/chat/requirements.txt",
            "./services/chat/requirements.txt",
            "./services/",
        ] {
            assert!(names(entry, &f, e), "{entry}");
        }
        for entry in [
            "",
            "  ",
            "anthropic-api",
            "services/ch",
            "services/chat",
            "chat/",
            "./",
            "/services/chat/requirements.txt",
        ] {
            assert!(!names(entry, &f, e), "{entry}");
        }
    }

    #[test]
    fn inventory_entry_is_yaml_with_covers() {
        assert_eq!(
            inventory_entry(&found(), "  "),
            "  openai-api:\n    name: \"OpenAI API\"\n    deployment: paas-ai\n    provider: \"OpenAI\"\n    description: \"The \\\"OpenAI\\\" API.\"\n    covers: [openai-api]\n"
        );
    }
}
