//! CycloneDX BOMs in the project: each AI component a BOM lists (which
//! ones, and their deployment models, is [`cyclonedx_read`]'s rule) is a
//! component, with evidence at its name in the BOM and every field and
//! property aisrm does not map kept with the evidence.

use super::SignalGlobs;
use crate::discovery::json::{self, Node};
use crate::discovery::signals::ComponentDef;
use crate::discovery::{File, Hits, Implied, Need, SignalKind, Signals, Source};
use crate::export::cyclonedx_read::{self, BomItem};

pub struct Boms {
    globs: SignalGlobs,
}

impl Boms {
    pub fn new(signals: &Signals) -> Self {
        Boms {
            globs: SignalGlobs::of_kind(signals, SignalKind::CyclonedxBom),
        }
    }
}

impl Source for Boms {
    fn wants(&self, rel: &str, _name: &str) -> Need {
        self.globs.text_of_matches(rel)
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        let Some(signal) = self.globs.first(file.rel, signals) else {
            return;
        };
        let (tree, value) = match (
            json::parse(file.text),
            serde_json::from_str::<serde_json::Value>(file.text),
        ) {
            (Ok(tree), Ok(value)) => (tree, value),
            (Err(e), _) => {
                out.note(format!(
                    "skipped: malformed JSON ({} at byte {})",
                    e.message, e.offset
                ));
                return;
            }
            (_, Err(e)) => {
                out.note(format!("skipped: not strict JSON ({e})"));
                return;
            }
        };
        for item in cyclonedx_read::read(&value) {
            let node = at_pointer(&tree, &item.pointer);
            let range = node
                .and_then(|n| n.get("name").or(Some(n)))
                .map_or_else(|| tree.range, |n| n.range);
            let what = what(&item);
            let def = ComponentDef {
                id: item.id,
                name: item.name,
                provider: item.provider.unwrap_or_else(|| "unknown".into()),
                deployment: item.deployment,
                description: format!("Listed in the CycloneDX BOM {}.", file.rel),
                per_project: false,
            };
            out.add_implied(signal, Implied::Made(def), range, what);
            if let Some(hit) = out.hits.last_mut() {
                hit.kept = item.other;
            }
        }
    }
}

/// "CycloneDX service `Ops memory` (deployment model from its aisrm
/// properties)".
fn what(item: &BomItem) -> String {
    let kind = if item.pointer.starts_with("/services") {
        "service".to_string()
    } else {
        "component".to_string()
    };
    let why = match &item.basis {
        cyclonedx_read::Basis::Properties => "its aisrm properties".to_string(),
        cyclonedx_read::Basis::ComponentType(t) => format!("its type `{t}`"),
        cyclonedx_read::Basis::Provider(p) => format!("its provider `{p}`"),
    };
    format!(
        "CycloneDX {kind} `{}` at {} ({} by {why})",
        item.name, item.pointer, item.deployment
    )
}

/// The node a JSON pointer of array indexes and keys names.
fn at_pointer<'a>(root: &'a Node, pointer: &str) -> Option<&'a Node> {
    let mut node = root;
    for part in pointer.split('/').skip(1) {
        node = match part.parse::<usize>() {
            Ok(i) => node.items().get(i)?,
            Err(_) => node.get(part)?,
        };
    }
    Some(node)
}
