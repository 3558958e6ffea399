//! Builds a [`Yaml`] tree from `saphyr-parser` events, within [`Limits`].

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

use super::{Kind, Limits, NodeData, NodeId, Style, Yaml, YamlError, YamlErrorKind};
use crate::text::{CharToByte, TextRange};

struct Open {
    id: NodeId,
    start: usize,
    flow: bool,
}

pub(super) struct Builder<'a> {
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
    pub(super) fn new(text: &'a str, limits: Limits) -> Self {
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

    pub(super) fn run(mut self) -> Yaml<'a> {
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
