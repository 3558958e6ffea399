//! Inlay hints, the reviewer's inline view: after each `deployment` value
//! the model's name and level counts; after each domain key the matrix
//! level (and the override, and an inherited owner).

use std::path::Path;

use crate::text::TextRange;
use crate::workspace::Workspace;

use super::render;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown (a byte offset).
    pub offset: usize,
    pub label: String,
    /// Markdown.
    pub tooltip: Option<String>,
}

/// Hints whose position lies in `range`.
pub fn inlay_hints(ws: &Workspace, path: &Path, range: TextRange) -> Vec<InlayHint> {
    let Some(file) = ws.file(path) else {
        return Vec::new();
    };
    let text = &*file.text;
    let mut out = Vec::new();
    for c in &file.document.components {
        // Extended components show their merged duties; an extension's
        // entries show the cells of the component it extends.
        let (declared_in, merged) = super::analysed(ws, file, c);
        let Some(fw) = declared_in.framework() else {
            continue;
        };
        let Some(deployment) = &merged.deployment else {
            continue;
        };
        let Some(model) = fw.model(&deployment.value) else {
            continue;
        };
        let Some(duties) = declared_in.duties(&merged) else {
            continue;
        };
        if let Some(written) = &c.deployment {
            out.push(InlayHint {
                offset: after_closing_quote(text, written.range.end),
                label: format!(
                    "{} · {}",
                    model.short_name,
                    render::counts_text(fw, &duties)
                ),
                tooltip: Some(format!("{} — {}", model.name, model.description.trim())),
            });
        }
        for entry in &c.responsibilities {
            let Some(duty) = duties.iter().find(|d| d.domain == entry.domain.value) else {
                continue;
            };
            let mut label = fw.level_name(duty.matrix).to_lowercase();
            if duty.critical {
                label.push_str(" · critical");
            }
            let effective = fw.level_name(duty.effective).to_lowercase();
            if duty.is_override() {
                label.push_str(&format!(" · override: {effective}"));
            } else if duty.decides_model_dependent() {
                label.push_str(&format!(" · decided: {effective}"));
            }
            // The entry's own owner is written right there; an inherited
            // one is not.
            if let Some(owner) = duty.owner.filter(|o| o.source.is_inherited()) {
                label.push_str(&format!(" · owner: {}", owner.display()));
            }
            let offset = after_colon(text, entry.domain.range.end);
            let tooltip = fw
                .domain(duty.domain)
                .map(|d| format!("{}: {}", d.name, d.focus.trim()));
            out.push(InlayHint {
                offset,
                label,
                tooltip,
            });
        }
    }
    out.retain(|h| range.contains_inclusive(h.offset));
    out.sort_by_key(|h| h.offset);
    out
}

fn after_closing_quote(text: &str, end: usize) -> usize {
    match text.as_bytes().get(end) {
        Some(b'"' | b'\'') => end + 1,
        _ => end,
    }
}

/// After the `:` that follows a key (and its closing quote).
fn after_colon(text: &str, end: usize) -> usize {
    let end = after_closing_quote(text, end);
    let rest = &text.as_bytes()[end..];
    let spaces = rest.iter().take_while(|b| **b == b' ').count();
    if rest.get(spaces) == Some(&b':') {
        end + spaces + 1
    } else {
        end
    }
}
