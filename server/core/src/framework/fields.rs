//! One mapping of a framework file, read through its table of keys
//! ([`super::keys`]): unknown keys and missing required keys are reported
//! here, once, for every mapping.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::document::Spanned;
use crate::reader::Source;
use crate::text::TextRange;
use crate::yaml::NodeId;

use super::keys::Table;

/// Fields of one mapping, read by key.
pub(super) struct Fields {
    table: &'static Table,
    values: HashMap<String, NodeId>,
}

impl Fields {
    /// Reads the mapping at `node`; reports keys `table` does not list and
    /// required keys that are missing or empty.
    pub(super) fn read(src: &mut Source, node: NodeId, table: &'static Table) -> Option<Fields> {
        let entries = src.mapping(table.what, node)?;
        let values: HashMap<String, NodeId> = src
            .known_entries(&entries, &table.names(), table.what)
            .into_iter()
            .map(|(k, _, v)| (k, v))
            .collect();
        let at = TextRange::empty(src.range(node).start);
        for field in table.required() {
            if values.get(field.name).is_none_or(|&v| src.yaml.is_null(v)) {
                src.report(Diagnostic::new(
                    Code::InvalidFramework,
                    at,
                    format!("{} needs `{}`", table.what, field.name),
                ));
            }
        }
        Some(Fields { table, values })
    }

    pub(super) fn text(&self, src: &mut Source, key: &str) -> Option<Spanned<String>> {
        src.text(key, self.node(key)?)
    }

    pub(super) fn string(&self, src: &mut Source, key: &str) -> String {
        self.text(src, key).map(|s| s.value).unwrap_or_default()
    }

    pub(super) fn list(&self, src: &mut Source, key: &str) -> Vec<String> {
        match self.node(key) {
            Some(node) => src
                .text_list(key, node)
                .into_iter()
                .map(|s| s.value)
                .collect(),
            None => Vec::new(),
        }
    }

    /// The value of `key`, which the table must list (a key read here
    /// and missing from the table would never be accepted).
    pub(super) fn node(&self, key: &str) -> Option<NodeId> {
        debug_assert!(
            self.table.field(key).is_some(),
            "`{key}` is not in its table"
        );
        self.values.get(key).copied()
    }

    /// `true` or `false` (YAML 1.2 spellings); anything else is reported
    /// at the value and reads as absent.
    pub(super) fn boolean(&self, src: &mut Source, key: &str) -> Option<bool> {
        let value = self.text(src, key)?;
        match value.value.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            other => {
                let message = format!("`{key}` must be `true` or `false`, not `{other}`");
                src.report(Diagnostic::new(
                    Code::InvalidFramework,
                    value.range,
                    message,
                ));
                None
            }
        }
    }

    /// A whole number; anything else is reported at the value.
    pub(super) fn number(&self, src: &mut Source, key: &str) -> Option<u32> {
        let value = self.text(src, key)?;
        let parsed = value.value.parse().ok();
        if parsed.is_none() {
            let message = format!("`{key}` must be a whole number, not `{}`", value.value);
            src.report(Diagnostic::new(
                Code::InvalidFramework,
                value.range,
                message,
            ));
        }
        parsed
    }
}
