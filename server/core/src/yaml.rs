//! A span-aware YAML tree built from `saphyr-parser` events.
//!
//! Invariants:
//! - Every node carries its exact byte range in the parsed text.
//! - Aliases are never expanded: an alias is a node of its own, resolved on
//!   demand with [`Yaml::resolve`], so a "billion laughs" file costs what
//!   its text costs.
//! - Nesting depth, node count and input size are bounded; past a bound the
//!   tree is cut and a [`YamlError`] says why. Nothing here panics or
//!   recurses on the input's shape.
//! - On a syntax error the tree built so far is kept (open containers are
//!   closed at the error), so later stages still see the components that
//!   precede a line being typed.

use std::collections::HashMap;

mod build;

use crate::text::TextRange;
use build::Builder;

/// Limits that keep a hostile file cheap.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 4_000_000,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

#[derive(Clone, Debug)]
pub enum Kind {
    Scalar {
        /// The value when it is not the text's own `inner` slice (escapes,
        /// folded lines); most scalars are, and keep no copy: a 2 MB
        /// inventory has ~400,000 of them.
        unlike_text: Option<Box<str>>,
        style: Style,
        /// The value's text without quotes (equal to the node range for
        /// plain scalars); what a rename replaces.
        inner: TextRange,
    },
    Mapping(Vec<(NodeId, NodeId)>),
    Sequence(Vec<NodeId>),
    Alias(usize),
}

#[derive(Clone, Debug)]
pub struct NodeData {
    pub range: TextRange,
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    Syntax,
    TooLarge,
    TooDeep,
    TooManyNodes,
    MultipleDocuments,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub range: TextRange,
    pub message: String,
}

/// A parsed YAML document (the first one of the stream), borrowing the
/// text it was parsed from.
#[derive(Clone, Debug, Default)]
pub struct Yaml<'t> {
    text: &'t str,
    nodes: Vec<NodeData>,
    root: Option<NodeId>,
    anchors: HashMap<usize, NodeId>,
    pub errors: Vec<YamlError>,
}

/// How many alias hops [`Yaml::resolve`] follows before giving up.
const MAX_ALIAS_HOPS: usize = 16;

impl<'t> Yaml<'t> {
    pub fn parse(text: &'t str) -> Yaml<'t> {
        Self::parse_with(text, Limits::default())
    }

    pub(crate) fn parse_with(text: &'t str, limits: Limits) -> Yaml<'t> {
        if text.len() > limits.max_bytes {
            let mut yaml = Yaml {
                text,
                ..Yaml::default()
            };
            yaml.errors.push(YamlError {
                kind: YamlErrorKind::TooLarge,
                range: TextRange::empty(0),
                message: format!(
                    "file is {} bytes, more than the {} bytes aisrm reads",
                    text.len(),
                    limits.max_bytes
                ),
            });
            return yaml;
        }
        Builder::new(text, limits).run()
    }

    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    pub fn node(&self, id: NodeId) -> &NodeData {
        &self.nodes[id.0 as usize]
    }

    pub fn range(&self, id: NodeId) -> TextRange {
        self.node(id).range
    }

    /// Follows aliases to the anchored node (bounded); `None` for an alias
    /// to an unknown anchor or a chain that is too long.
    pub fn resolve(&self, mut id: NodeId) -> Option<NodeId> {
        for _ in 0..MAX_ALIAS_HOPS {
            match self.node(id).kind {
                Kind::Alias(anchor) => id = *self.anchors.get(&anchor)?,
                _ => return Some(id),
            }
        }
        None
    }

    /// The scalar's value, following aliases.
    pub fn scalar(&self, id: NodeId) -> Option<&str> {
        match &self.node(self.resolve(id)?).kind {
            Kind::Scalar {
                unlike_text, inner, ..
            } => Some(
                unlike_text
                    .as_deref()
                    .unwrap_or(&self.text[inner.start..inner.end]),
            ),
            _ => None,
        }
    }

    /// A scalar's text range without quotes (the node's own range otherwise).
    pub(crate) fn inner_range(&self, id: NodeId) -> TextRange {
        match &self.node(id).kind {
            Kind::Scalar { inner, .. } => *inner,
            _ => self.range(id),
        }
    }

    /// Entries of a mapping, following aliases; `None` if not a mapping.
    pub fn entries(&self, id: NodeId) -> Option<&[(NodeId, NodeId)]> {
        match &self.node(self.resolve(id)?).kind {
            Kind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// Items of a sequence, following aliases; `None` if not a sequence.
    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.node(self.resolve(id)?).kind {
            Kind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// A plain, empty scalar: what YAML gives for `key:` with nothing after.
    pub fn is_null(&self, id: NodeId) -> bool {
        match &self.node(id).kind {
            Kind::Scalar { style, .. } => {
                *style == Style::Plain
                    && matches!(self.scalar(id), Some("" | "~" | "null" | "Null" | "NULL"))
            }
            _ => false,
        }
    }

    /// A word for the node's type, for messages ("a mapping", "a list" ...).
    pub(crate) fn type_name(&self, id: NodeId) -> &'static str {
        match self.resolve(id).map(|id| &self.node(id).kind) {
            Some(Kind::Mapping(_)) => "a mapping",
            Some(Kind::Sequence(_)) => "a list",
            Some(Kind::Scalar { .. }) if self.is_null(id) => "nothing (null)",
            Some(Kind::Scalar { .. }) => "a scalar",
            Some(Kind::Alias(_)) | None => "an unresolved alias",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'t>(text: &'t str, yaml: &Yaml, id: NodeId) -> &'t str {
        let r = yaml.range(id);
        &text[r.start..r.end]
    }

    #[test]
    fn ranges_are_exact_bytes_with_multibyte_text() {
        let text = "a: 日本 🦀\nb:\n  - 'x'\n  - {c: d}\n";
        let yaml = Yaml::parse(text);
        assert!(yaml.errors.is_empty(), "{:?}", yaml.errors);
        let root = yaml.root().unwrap();
        let entries = yaml.entries(root).unwrap();
        assert_eq!(slice(text, &yaml, entries[0].1), "日本 🦀");
        let items = yaml.items(entries[1].1).unwrap();
        assert_eq!(slice(text, &yaml, items[0]), "'x'");
        let inner = yaml.inner_range(items[0]);
        assert_eq!(&text[inner.start..inner.end], "x");
        assert_eq!(slice(text, &yaml, items[1]), "{c: d}");
        assert_eq!(slice(text, &yaml, entries[1].1), "- 'x'\n  - {c: d}");
    }

    #[test]
    fn scalars_keep_a_copy_only_when_unlike_their_text() {
        let text = "plain: just text\nsingle: 'it''s'\ndouble: \"a\\tb\"\nquoted: \"ok\"\nfolded: one\n  two\nblock: |\n  a\n  b\n";
        let yaml = Yaml::parse(text);
        assert!(yaml.errors.is_empty(), "{:?}", yaml.errors);
        let entries = yaml.entries(yaml.root().unwrap()).unwrap();
        let read: Vec<(&str, Option<&str>, bool)> = entries
            .iter()
            .map(|&(k, v)| {
                let copied = matches!(
                    &yaml.node(v).kind,
                    Kind::Scalar {
                        unlike_text: Some(_),
                        ..
                    }
                );
                (yaml.scalar(k).unwrap(), yaml.scalar(v), copied)
            })
            .collect();
        assert_eq!(
            read,
            [
                ("plain", Some("just text"), false),
                ("single", Some("it's"), true),
                ("double", Some("a\tb"), true),
                ("quoted", Some("ok"), false),
                ("folded", Some("one two"), true),
                ("block", Some("a\nb\n"), true),
            ]
        );
    }

    #[test]
    fn alias_bomb_is_not_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..30 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("a{}", i - 1)
            };
            text.push_str(&format!(
                "a{i}: &a{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let yaml = Yaml::parse(&text);
        assert!(yaml.errors.is_empty());
        assert!(yaml.nodes.len() < 1000);
    }

    #[test]
    fn deep_nesting_is_cut_with_an_error() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let yaml = Yaml::parse(&text);
        // The scanner's own flow-depth limit may fire before ours.
        assert!(matches!(
            yaml.errors[0].kind,
            YamlErrorKind::TooDeep | YamlErrorKind::Syntax
        ));
        assert!(yaml.nodes.len() <= 65);
        let block: String = (0..1_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        let yaml = Yaml::parse(&block);
        assert!(
            yaml.errors.iter().any(|e| e.kind == YamlErrorKind::TooDeep),
            "{:?}",
            yaml.errors
        );
    }

    #[test]
    fn syntax_error_keeps_what_came_before() {
        let text = "components:\n  a:\n    deployment: saas-ai\n  b: [\n";
        let yaml = Yaml::parse(text);
        assert_eq!(yaml.errors.len(), 1);
        assert_eq!(yaml.errors[0].kind, YamlErrorKind::Syntax);
        let root = yaml.root().unwrap();
        let comps = yaml.entries(root).unwrap()[0].1;
        assert_eq!(yaml.scalar(yaml.entries(comps).unwrap()[0].0), Some("a"));
    }
}
