//! One mapping of a framework file, read through its table of keys
//! ([`super::keys`]): unknown keys and missing required keys are reported
//! here, once, for every mapping.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::document::Spanned;
use crate::reader::Source;
use crate::text::TextRange;
use crate::yaml::NodeId;

use super::keys::{Holds, Table};

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

    /// A text value (text, an id or a level id in the table).
    pub(super) fn text(&self, src: &mut Source, key: &str) -> Option<Spanned<String>> {
        let reads = |h| matches!(h, Holds::Text | Holds::Id | Holds::Level);
        src.text(key, self.value(key, reads)?)
    }

    pub(super) fn string(&self, src: &mut Source, key: &str) -> String {
        self.text(src, key).map(|s| s.value).unwrap_or_default()
    }

    pub(super) fn list(&self, src: &mut Source, key: &str) -> Vec<String> {
        match self.value(key, |h| matches!(h, Holds::Texts)) {
            Some(node) => src
                .text_list(key, node)
                .into_iter()
                .map(|s| s.value)
                .collect(),
            None => Vec::new(),
        }
    }

    /// The value of a mapping, list or matrix key.
    pub(super) fn node(&self, key: &str) -> Option<NodeId> {
        let reads = |h| matches!(h, Holds::Mapping(_) | Holds::List(_) | Holds::Matrix);
        self.value(key, reads)
    }

    /// The value of `key`, which the table must list as holding what the
    /// caller `reads`: a key read here and missing from the table would
    /// never be accepted, one read as another kind would disagree with the
    /// generated schema.
    fn value(&self, key: &str, reads: fn(Holds) -> bool) -> Option<NodeId> {
        debug_assert!(
            self.table.field(key).is_some_and(|f| reads(f.holds)),
            "`{key}` is not in its table as what is read"
        );
        self.values.get(key).copied()
    }

    fn scalar(
        &self,
        src: &mut Source,
        key: &str,
        reads: fn(Holds) -> bool,
    ) -> Option<Spanned<String>> {
        src.text(key, self.value(key, reads)?)
    }

    /// `true` or `false` (YAML 1.2 spellings); anything else is reported
    /// at the value and reads as absent.
    pub(super) fn boolean(&self, src: &mut Source, key: &str) -> Option<bool> {
        let value = self.scalar(src, key, |h| matches!(h, Holds::Boolean))?;
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
        let value = self.scalar(src, key, |h| matches!(h, Holds::Number))?;
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
