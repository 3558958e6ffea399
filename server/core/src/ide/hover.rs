//! Hover: Markdown about what is under the cursor.

use std::path::Path;

use crate::format;
use crate::framework::{self, LevelKind};
use crate::text::TextRange;
use crate::workspace::{self, FileAnalysis, Workspace};

use super::context::{Context, Slot, context_at};

use super::{Target, framework_of, render, target_at};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    pub markdown: String,
}

pub fn hover(ws: &Workspace, path: &Path, offset: usize) -> Option<Hover> {
    let file = ws.file(path)?;
    let Some(target) = target_at(file, offset) else {
        return key_hover(file, path, offset);
    };
    let fw = framework_of(ws, Some(file));
    let (range, markdown) = match target {
        Target::Deployment(_, d) => {
            let model = fw.model(&d.value)?;
            (d.range, render::model_markdown(fw, model))
        }
        Target::Domain(c, r) => {
            let domain = fw.domain(&r.domain.value)?;
            let model = c.deployment.as_ref().map(|d| d.value.as_str());
            (r.domain.range, render::domain_markdown(fw, domain, model))
        }
        Target::Ownership(c, r, o) => {
            let kind = LevelKind::from_id(&o.value)?;
            let mut md = render::level_markdown(fw, kind);
            if let Some(cell) = c
                .deployment
                .as_ref()
                .and_then(|d| fw.cell(&d.value, &r.domain.value))
            {
                let verdict = if cell.level == kind {
                    "matches"
                } else {
                    "overrides"
                };
                md.push_str(&format!(
                    "\n\nThis {verdict} the matrix: {}.",
                    super::md_escape(&render::cell_text(fw, cell))
                ));
            }
            (o.range, md)
        }
        Target::Status(_, _, s) => (s.range, render::status_markdown(&s.value)?),
        Target::Framework(value) => {
            let fw = framework::builtin(&value.value).or_else(|| file.framework())?;
            (value.range, render::framework_markdown(fw))
        }
        Target::Declaration(_) | Target::DependsOn(..) | Target::Link(_) => {
            let (id, range) = target.component_id()?;
            let md = render::component_markdown(ws, id)
                .unwrap_or_else(|| format!("`{id}` is not declared in the workspace"));
            let range = match target {
                Target::Link(l) => l.range,
                _ => range,
            };
            (range, md)
        }
    };
    Some(Hover { range, markdown })
}

/// A key of the format under the cursor: what the format table says of it.
fn key_hover(file: &FileAnalysis, path: &Path, offset: usize) -> Option<Hover> {
    let markdown = workspace::is_markdown(path);
    let Context::Yaml(cx) = context_at(&file.text, offset, markdown) else {
        return None;
    };
    if cx.slot != Slot::Key || !file.text[cx.word.end..].starts_with(':') {
        return None;
    }
    let table = format::table_at(&cx.keys())?;
    let key = format::find_key(&table.keys, &file.text[cx.word.start..cx.word.end])?;
    Some(Hover {
        range: cx.word,
        markdown: render::key_markdown(key),
    })
}

/// The responsibility table of the component at `offset` (the
/// `aisrm.componentSummary` command).
pub fn component_summary_at(ws: &Workspace, path: &Path, offset: usize) -> Option<String> {
    let file = ws.file(path)?;
    let component = match target_at(file, offset).and_then(|t| {
        t.component_id()
            .filter(|_| !matches!(t, Target::Declaration(_)))
            .map(|(id, _)| id.to_string())
    }) {
        Some(id) => ws.component(&id),
        None => file.component_at(offset).map(|c| (file, c)),
    }?;
    let (file, c) = component;
    let fw = framework_of(ws, Some(file));
    Some(render::component_summary(ws, file, c, fw))
}
