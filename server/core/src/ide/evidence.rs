//! Hover and inlay hints at discovery evidence, in the files discovery
//! reads (a `package.json`, an MCP config, a Terraform file): which AI
//! component the evidence is, and where it stands against the inventory
//! (declared by which component, acknowledged, or not in the inventory).

use std::fmt::Write;

use super::hover::Hover;
use super::inlay::InlayHint;
use super::{md_escape, render};
use crate::discovery::drift::{Project, Standing, standing_of};
use crate::discovery::{Component as Found, Discovery, Evidence};
use crate::framework;
use crate::text::TextRange;

/// The evidence of the file `rel` (relative to the root), in file order.
fn evidence_in<'a>(
    found: &'a Discovery,
    rel: &'a str,
) -> impl Iterator<Item = (&'a Found, &'a Evidence)> {
    found.components.iter().flat_map(move |c| {
        c.evidence
            .iter()
            .filter(move |e| e.path == rel)
            .map(move |e| (c, e))
    })
}

/// "Azure OpenAI · PaaS AI · declared as `kb-rag-service`".
fn headline(c: &Found, standing: &Standing) -> String {
    let model = framework::builtin("aisrm")
        .and_then(|f| f.model(&c.def.deployment))
        .map_or_else(
            || format!("`{}`", c.def.deployment),
            |m| m.short_name.clone(),
        );
    let stand = match standing {
        Standing::Declared(_, d) => format!("declared as `{}`", d.id.value),
        Standing::Acknowledged(_) => "acknowledged: not an AI component".into(),
        Standing::Undeclared => "not in the inventory".into(),
    };
    format!("{} · {model} · {stand}", md_escape(&c.def.name))
}

/// The hover at `offset` of the file `rel`, when evidence is there: the
/// headline, then the declaring component's summary (or what the
/// discovered component is, and how to declare it).
pub fn hover(project: &Project, found: &Discovery, rel: &str, offset: usize) -> Option<Hover> {
    let (c, e) = evidence_in(found, rel).find(|(_, e)| e.range.contains_inclusive(offset))?;
    let standing = standing_of(project, c, e);
    let mut markdown = headline(c, &standing);
    match standing {
        Standing::Declared(_, d) => {
            if let Some(summary) = render::component_markdown(project.workspace, &d.id.value) {
                let _ = write!(markdown, "\n\n{summary}");
            }
        }
        Standing::Acknowledged(reason) => {
            let _ = write!(markdown, "\n\n{}", md_escape(reason));
        }
        Standing::Undeclared => {
            if !c.def.description.trim().is_empty() {
                let _ = write!(markdown, "\n\n{}", md_escape(c.def.description.trim()));
            }
            let _ = write!(
                markdown,
                "\n\nDiscovered as `{}` ({}). Declare it in the inventory (a component, or `covers:`), or acknowledge it in aisrm.toml.",
                c.def.id, e.what
            );
        }
    }
    Some(Hover {
        markdown,
        range: e.range,
    })
}

/// A hint after each piece of evidence in `range` of the file `rel`: the
/// component and where it stands.
pub fn inlay_hints(
    project: &Project,
    found: &Discovery,
    rel: &str,
    range: TextRange,
) -> Vec<InlayHint> {
    let mut out: Vec<InlayHint> = evidence_in(found, rel)
        .filter(|(_, e)| range.contains_inclusive(e.range.end))
        .map(|(c, e)| {
            let label = match standing_of(project, c, e) {
                Standing::Declared(_, d) => format!("{} · declared as {}", c.def.name, d.id.value),
                Standing::Acknowledged(_) => format!("{} · acknowledged", c.def.name),
                Standing::Undeclared => format!("{} · not in the inventory", c.def.name),
            };
            InlayHint {
                offset: e.range.end,
                label,
                tooltip: None,
            }
        })
        .collect();
    out.sort_by_key(|h| h.offset);
    out
}
