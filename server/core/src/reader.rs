//! Typed reading of the YAML tree with diagnostics: the one mechanism that
//! turns inventories, ```aisrm blocks and framework files into models.

use crate::diagnostics::{Code, Diagnostic, FixHint};
use crate::document::Spanned;
use crate::suggest::did_you_mean;
use crate::text::TextRange;
use crate::yaml::{Kind, NodeId, Yaml};
use std::collections::HashMap;
use std::path::Path;

/// Maps ranges of the parsed text to ranges of the file (identity for YAML
/// files; for a ```aisrm block, each block line starts at a known file
/// offset and only a line prefix was removed).
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// (offset in parsed text where a line starts, offset in file)
    lines: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub fn identity() -> Self {
        Self::default()
    }

    pub(crate) fn from_lines(lines: Vec<(usize, usize)>) -> Self {
        Self { lines }
    }

    pub fn offset(&self, offset: usize) -> usize {
        if self.lines.is_empty() {
            return offset;
        }
        let i = match self.lines.binary_search_by_key(&offset, |&(text, _)| text) {
            Ok(i) => i,
            Err(0) => 0,
            Err(next) => next - 1,
        };
        let (text_start, file_start) = self.lines[i];
        file_start + offset.saturating_sub(text_start)
    }

    pub fn range(&self, range: TextRange) -> TextRange {
        let start = self.offset(range.start);
        TextRange::new(start, self.offset(range.end).max(start))
    }
}

/// The parsed tree of one source, where its ranges go, and the findings
/// gathered while reading it.
pub struct Source<'a> {
    pub yaml: &'a Yaml<'a>,
    pub map: &'a OffsetMap,
    pub path: &'a Path,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a key may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Text,
    TextList,
    Mapping,
    /// Text, or a mapping (e.g. `provider`).
    TextOrMapping,
    Any,
}

impl Shape {
    /// What the shape holds, in words ("a list of text").
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Text => "text",
            Shape::TextList => "a list of text",
            Shape::Mapping => "a mapping",
            Shape::TextOrMapping => "text or a mapping",
            Shape::Any => "anything",
        }
    }
}

impl<'a> Source<'a> {
    pub fn new(yaml: &'a Yaml<'a>, map: &'a OffsetMap, path: &'a Path) -> Self {
        Self {
            yaml,
            map,
            path,
            diagnostics: Vec::new(),
        }
    }

    pub fn range(&self, node: NodeId) -> TextRange {
        self.map.range(self.yaml.range(node))
    }

    pub(crate) fn inner_range(&self, node: NodeId) -> TextRange {
        self.map.range(self.yaml.inner_range(node))
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The scalar text of `node` (following aliases), or a `wrong-type`
    /// finding. Numbers and booleans count as text (`aisrm: 1`).
    pub fn text(&mut self, key: &str, node: NodeId) -> Option<Spanned<String>> {
        match self.yaml.scalar(node) {
            // `key:` with nothing after it reads as absent; required keys
            // are checked by their callers.
            Some(_) if self.yaml.is_null(node) => None,
            Some(value) => Some(Spanned::new(value.to_string(), self.inner_range(node))),
            None => {
                self.wrong_type(key, node, "text");
                None
            }
        }
    }

    /// The text items of a list (a single text is accepted as a list of one).
    pub(crate) fn text_list(&mut self, key: &str, node: NodeId) -> Vec<Spanned<String>> {
        if let Some(items) = self.yaml.items(node) {
            let items = items.to_vec();
            return items
                .into_iter()
                .filter_map(|item| self.text(key, item))
                .collect();
        }
        if self.yaml.is_null(node) {
            return Vec::new();
        }
        self.text(key, node).into_iter().collect()
    }

    /// Mapping entries of `node`, or a `wrong-type` finding.
    pub fn mapping(&mut self, key: &str, node: NodeId) -> Option<Vec<(NodeId, NodeId)>> {
        match self.yaml.entries(node) {
            Some(entries) => Some(entries.to_vec()),
            None if self.yaml.is_null(node) => Some(Vec::new()),
            None => {
                self.wrong_type(key, node, "a mapping");
                None
            }
        }
    }

    pub(crate) fn wrong_type(&mut self, key: &str, node: NodeId, expected: &str) {
        let found = self.yaml.type_name(node);
        let range = self.range(node);
        self.report(Diagnostic::new(
            Code::WrongType,
            range,
            format!("`{key}` should be {expected}, found {found}"),
        ));
    }

    /// Checks a value against its shape, reporting `wrong-type`.
    pub(crate) fn check_shape(&mut self, key: &str, node: NodeId, shape: Shape) -> bool {
        let resolved = self.yaml.resolve(node).map(|n| &self.yaml.node(n).kind);
        let ok = match (shape, resolved) {
            (Shape::Any, _) => true,
            (Shape::Text, Some(Kind::Scalar { .. })) => true,
            (Shape::TextList, Some(Kind::Sequence(_) | Kind::Scalar { .. })) => true,
            (Shape::Mapping, Some(Kind::Mapping(_))) => true,
            (Shape::Mapping, Some(Kind::Scalar { .. })) => self.yaml.is_null(node),
            (Shape::TextOrMapping, Some(Kind::Scalar { .. } | Kind::Mapping(_))) => true,
            _ => false,
        };
        if !ok {
            self.wrong_type(key, node, shape.describe());
        }
        ok
    }

    /// Walks a mapping's keys: reports non-text keys, duplicate keys and
    /// keys not in `known` (with a did-you-mean and its fix); yields
    /// `(key text, key node, value node)` for the rest.
    pub(crate) fn known_entries(
        &mut self,
        entries: &[(NodeId, NodeId)],
        known: &[&str],
        context: &str,
    ) -> Vec<(String, NodeId, NodeId)> {
        let mut out = Vec::new();
        for (name, key, value) in self.unique_entries(entries) {
            if known.contains(&name.as_str()) {
                out.push((name, key, value));
            } else {
                self.unknown_key(&name, key, known, context);
            }
        }
        out
    }

    /// Like [`Self::known_entries`] for mappings whose keys are ids (any
    /// text): reports only non-text and duplicate keys.
    pub(crate) fn id_entries(
        &mut self,
        entries: &[(NodeId, NodeId)],
    ) -> Vec<(Spanned<String>, NodeId, NodeId)> {
        self.unique_entries(entries)
            .into_iter()
            .map(|(name, key, value)| (Spanned::new(name, self.inner_range(key)), key, value))
            .collect()
    }

    /// The entries with a text key seen for the first time; non-text and
    /// repeated keys are reported and left out.
    fn unique_entries(&mut self, entries: &[(NodeId, NodeId)]) -> Vec<(String, NodeId, NodeId)> {
        let mut seen: HashMap<String, NodeId> = HashMap::new();
        let mut out = Vec::new();
        for &(key, value) in entries {
            let Some(name) = self.key_text(key) else {
                continue;
            };
            if self.is_duplicate(&seen, &name, key) {
                continue;
            }
            seen.insert(name.clone(), key);
            out.push((name, key, value));
        }
        out
    }

    fn key_text(&mut self, key: NodeId) -> Option<String> {
        match self.yaml.scalar(key) {
            Some(text) => Some(text.to_string()),
            None => {
                let range = self.range(key);
                self.report(Diagnostic::new(
                    Code::WrongType,
                    range,
                    "keys must be plain text",
                ));
                None
            }
        }
    }

    fn is_duplicate(&mut self, seen: &HashMap<String, NodeId>, name: &str, key: NodeId) -> bool {
        // A map, not a list: a mapping may have 100,000 keys.
        let Some(&first) = seen.get(name) else {
            return false;
        };
        let range = self.range(key);
        let first_range = self.range(first);
        let related = crate::diagnostics::Related {
            path: self.path.to_path_buf(),
            range: first_range,
            message: "first written here".into(),
        };
        self.report(
            Diagnostic::new(
                Code::DuplicateKey,
                range,
                format!("`{name}` is written twice; YAML keeps only one"),
            )
            .with_related(related),
        );
        true
    }

    fn unknown_key(&mut self, name: &str, key: NodeId, known: &[&str], context: &str) {
        let range = self.inner_range(key);
        let suggestion = did_you_mean(name, known.iter().map(|k| (*k, *k)));
        let mut message = format!("unknown key `{name}` in {context}");
        let mut diagnostic;
        match suggestion {
            Some(s) => {
                message.push_str(&format!("; did you mean `{s}`?"));
                diagnostic = Diagnostic::new(Code::UnknownKey, range, message);
                diagnostic = diagnostic.with_fix(FixHint::Replace(s.to_string()));
            }
            None => {
                message.push_str(&format!("; expected one of: {}", known.join(", ")));
                diagnostic = Diagnostic::new(Code::UnknownKey, range, message);
            }
        }
        self.report(diagnostic);
    }
}
