//! Files whose presence is the evidence (AI coding assistants' rules and
//! settings, an MCP `server.json`), and CI workflows that run a coding
//! agent (`uses:` of a GitHub Actions step).

use super::SignalGlobs;
use super::mcp::get;
use super::text::{shift, yaml_documents};
use crate::discovery::{File, Hits, Need, SignalKind, Signals, Source};
use crate::text::TextRange;
use crate::yaml::{Kind, NodeId, Yaml};

pub struct Files {
    globs: SignalGlobs,
    /// Per signal: whether it looks into the file (`contains`).
    reads_text: Vec<bool>,
}

impl Files {
    pub fn new(signals: &Signals) -> Self {
        Files {
            globs: SignalGlobs::of_kind(signals, SignalKind::File),
            reads_text: signals
                .signals
                .iter()
                .map(|s| !s.contains.is_empty())
                .collect(),
        }
    }
}

fn is_workflow(rel: &str) -> bool {
    rel.starts_with(".github/workflows/") && (rel.ends_with(".yml") || rel.ends_with(".yaml"))
}

impl Source for Files {
    fn wants(&self, rel: &str, _name: &str) -> Need {
        if is_workflow(rel) {
            return Need::Text;
        }
        let matched = self.globs.matching(rel);
        if matched.is_empty() {
            Need::Nothing
        } else if matched.iter().any(|i| self.reads_text[*i]) {
            Need::Text
        } else {
            Need::Path
        }
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        if is_workflow(file.rel) {
            workflow(file, signals, out);
        }
        for i in self.globs.matching(file.rel) {
            let signal = &signals.signals[i];
            let required = &signal.contains;
            if required.is_empty() || required.iter().any(|c| file.text.contains(c.as_str())) {
                out.add(signal, TextRange::empty(0), format!("`{}`", file.rel));
            }
        }
    }
}

fn workflow(file: &File, signals: &Signals, out: &mut Hits) {
    for (offset, yaml) in yaml_documents(file.text) {
        let Some(root) = yaml.root() else { continue };
        for node in nodes_under(&yaml, root, 32) {
            if let Some(uses) = get(&yaml, node, "uses") {
                report_uses(&yaml, uses, offset, signals, out);
            }
        }
    }
}

fn report_uses(yaml: &Yaml, uses: NodeId, offset: usize, signals: &Signals, out: &mut Hits) {
    let Some(value) = yaml.scalar(uses) else {
        return;
    };
    let action = value.split('@').next().unwrap_or(value);
    for signal in signals.lookup(SignalKind::Workflow, "", action) {
        out.add(
            signal,
            shift(yaml.inner_range(uses), offset),
            format!("workflow step uses `{value}`"),
        );
    }
}

/// The values under a mapping or the items of a sequence.
pub fn children(yaml: &Yaml, node: NodeId) -> Vec<NodeId> {
    let Some(node) = yaml.resolve(node) else {
        return Vec::new();
    };
    match &yaml.node(node).kind {
        Kind::Mapping(entries) => entries.iter().map(|(_, v)| *v).collect(),
        Kind::Sequence(items) => items.clone(),
        _ => Vec::new(),
    }
}

/// `root` and the nodes under it down to `max_depth` levels, each once.
/// Aliases are not followed: the node an alias names is in the tree at
/// its anchor already, and following them makes a file of nested aliases
/// cost its expansion (billions of nodes) instead of its size.
pub fn nodes_under(yaml: &Yaml, root: NodeId, max_depth: usize) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        out.push(node);
        let under = match &yaml.node(node).kind {
            Kind::Mapping(entries) if depth < max_depth => {
                entries.iter().map(|(_, v)| *v).collect()
            }
            Kind::Sequence(items) if depth < max_depth => items.clone(),
            _ => Vec::new(),
        };
        stack.extend(under.into_iter().map(|c| (c, depth + 1)));
    }
    out
}
