//! Document symbols (components and their responsibilities) and
//! workspace symbols (every component).

use std::path::{Path, PathBuf};

use crate::text::TextRange;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Component,
    Responsibility,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole entry.
    pub range: TextRange,
    /// The id or key.
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

pub fn document_symbols(ws: &Workspace, path: &Path) -> Vec<Symbol> {
    let Some(file) = ws.file(path) else {
        return Vec::new();
    };
    let fw = file.framework();
    file.document
        .components
        .iter()
        .map(|c| {
            let model = c.deployment.as_ref().map(|d| {
                fw.and_then(|fw| fw.model(&d.value))
                    .map_or(d.value.clone(), |m| m.short_name.clone())
            });
            let detail = match (&c.name, model) {
                (Some(n), Some(m)) => Some(format!("{} · {m}", n.value)),
                (Some(n), None) => Some(n.value.clone()),
                (None, m) => m,
            };
            Symbol {
                name: c.id.value.clone(),
                detail,
                kind: SymbolKind::Component,
                range: c.range,
                selection: c.id.range,
                children: c
                    .responsibilities
                    .iter()
                    .map(|r| Symbol {
                        name: r.domain.value.clone(),
                        detail: r.owner.as_ref().map(|o| o.value.clone()),
                        kind: SymbolKind::Responsibility,
                        range: r.range,
                        selection: r.domain.range,
                        children: Vec::new(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub path: PathBuf,
    pub range: TextRange,
}

/// Components whose id or name matches `query` (case-insensitive
/// subsequence; everything for an empty query), sorted by id.
pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let mut out = Vec::new();
    for file in ws.files() {
        for c in &file.document.components {
            let name = c.name.as_ref().map(|n| n.value.clone());
            let matches = fuzzy(&c.id.value.to_lowercase(), &query)
                || name
                    .as_deref()
                    .is_some_and(|n| fuzzy(&n.to_lowercase(), &query));
            if matches {
                out.push(WorkspaceSymbol {
                    name: c.id.value.clone(),
                    detail: name,
                    path: file.path.clone(),
                    range: c.id.range,
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.name, &a.path, a.range).cmp(&(&b.name, &b.path, b.range)));
    out
}

fn fuzzy(haystack: &str, needle: &str) -> bool {
    let mut chars = haystack.chars();
    needle.chars().all(|n| chars.any(|h| h == n))
}
