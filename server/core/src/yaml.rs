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

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

use crate::text::{CharToByte, TextRange};

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

struct Open {
    id: NodeId,
    start: usize,
    flow: bool,
}

struct Builder<'a> {
    text: &'a str,
    offsets: CharToByte<'a>,
    limits: Limits,
    yaml: Yaml<'a>,
    stack: Vec<Open>,
    /// Children collected for each open container.
    children: Vec<Vec<NodeId>>,
    documents: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, limits: Limits) -> Self {
        Self {
            text,
            offsets: CharToByte::new(text),
            limits,
            yaml: Yaml {
                text,
                ..Yaml::default()
            },
            stack: Vec::new(),
            children: Vec::new(),
            documents: 0,
        }
    }

    fn run(mut self) -> Yaml<'a> {
        let mut parser = Parser::new_from_str(self.text);
        loop {
            match parser.next_event() {
                None => break,
                Some(Err(error)) => {
                    self.syntax_error(&error);
                    break;
                }
                Some(Ok((event, span))) => {
                    if let Err(stop) = self.event(event, span) {
                        self.yaml.errors.push(stop);
                        break;
                    }
                }
            }
        }
        self.close_all();
        self.yaml
    }

    fn range(&self, span: Span) -> TextRange {
        let start = self.offsets.byte(span.start.index());
        let end = self.offsets.byte(span.end.index()).max(start);
        TextRange::new(start, end)
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        let range = self.range(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(YamlError {
                        kind: YamlErrorKind::MultipleDocuments,
                        range,
                        message: "only the first YAML document of a file is read".into(),
                    });
                }
            }
            Event::Scalar(value, style, anchor, _) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    _ => Style::Block,
                };
                let inner = if style == Style::Quoted && range.len() >= 2 {
                    TextRange::new(range.start + 1, range.end - 1)
                } else {
                    range
                };
                let unlike_text = (self.text.get(inner.start..inner.end) != Some(&*value))
                    .then(|| value.into_owned().into_boxed_str());
                self.leaf(
                    range,
                    Kind::Scalar {
                        unlike_text,
                        style,
                        inner,
                    },
                    anchor,
                )?;
            }
            Event::Alias(anchor) => {
                self.leaf(range, Kind::Alias(anchor), 0)?;
            }
            Event::MappingStart(anchor, _) => {
                self.open(range, Kind::Mapping(Vec::new()), anchor)?
            }
            Event::SequenceStart(anchor, _) => {
                self.open(range, Kind::Sequence(Vec::new()), anchor)?
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(range.end),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn push_node(&mut self, data: NodeData, anchor: usize) -> Result<NodeId, YamlError> {
        if self.yaml.nodes.len() >= self.limits.max_nodes {
            return Err(YamlError {
                kind: YamlErrorKind::TooManyNodes,
                range: data.range,
                message: format!(
                    "more than {} YAML nodes; the rest of the file is not read",
                    self.limits.max_nodes
                ),
            });
        }
        let id = NodeId(self.yaml.nodes.len() as u32);
        self.yaml.nodes.push(data);
        if anchor != 0 {
            self.yaml.anchors.insert(anchor, id);
        }
        Ok(id)
    }

    fn leaf(&mut self, range: TextRange, kind: Kind, anchor: usize) -> Result<(), YamlError> {
        let id = self.push_node(NodeData { range, kind }, anchor)?;
        self.attach(id);
        Ok(())
    }

    fn open(&mut self, range: TextRange, kind: Kind, anchor: usize) -> Result<(), YamlError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlError {
                kind: YamlErrorKind::TooDeep,
                range,
                message: format!(
                    "nesting deeper than {} levels; the rest of the file is not read",
                    self.limits.max_depth
                ),
            });
        }
        let flow = matches!(self.text.as_bytes().get(range.start), Some(b'{' | b'['));
        let id = self.push_node(NodeData { range, kind }, anchor)?;
        self.stack.push(Open {
            id,
            start: range.start,
            flow,
        });
        self.children.push(Vec::new());
        Ok(())
    }

    fn attach(&mut self, id: NodeId) {
        match self.children.last_mut() {
            Some(children) => children.push(id),
            None => {
                if self.yaml.root.is_none() {
                    self.yaml.root = Some(id);
                }
            }
        }
    }

    /// Closes the innermost container; `end` is where its end event is.
    fn close(&mut self, end: usize) {
        let (Some(open), Some(children)) = (self.stack.pop(), self.children.pop()) else {
            return;
        };
        let last_child_end = children
            .last()
            .map(|&c| self.yaml.node(c).range.end)
            .unwrap_or(open.start);
        let end = if open.flow {
            end.max(last_child_end)
        } else {
            last_child_end.max(open.start)
        };
        let node = &mut self.yaml.nodes[open.id.0 as usize];
        node.range = TextRange::new(open.start, end);
        node.kind = match &node.kind {
            Kind::Mapping(_) => Kind::Mapping(pairs(&children)),
            _ => Kind::Sequence(children),
        };
        self.attach(open.id);
    }

    fn close_all(&mut self) {
        let end = self.text.len();
        while !self.stack.is_empty() {
            self.close(end);
        }
    }

    fn syntax_error(&mut self, error: &ScanError) {
        let start = self.offsets.byte(error.marker().index());
        let end = next_char_end(self.text, start);
        self.yaml.errors.push(YamlError {
            kind: YamlErrorKind::Syntax,
            range: TextRange::new(start, end),
            message: format!("YAML syntax error: {}", error.info()),
        });
    }
}

/// Pairs up a mapping's children (key, value, key, value ...). A key left
/// without a value (cut by an error) is dropped.
fn pairs(children: &[NodeId]) -> Vec<(NodeId, NodeId)> {
    children.chunks_exact(2).map(|kv| (kv[0], kv[1])).collect()
}

/// End of the character at `offset`, or `offset` at the end of the text or
/// of a line (so an error range never spans a line break).
fn next_char_end(text: &str, offset: usize) -> usize {
    match text[offset..].chars().next() {
        Some('\n' | '\r') | None => offset,
        Some(ch) => offset + ch.len_utf8(),
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
