//! Hover: Markdown about what is under the cursor.

use std::path::Path;

use crate::document::Component;
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
            let (declared_in, c) = super::analysed(ws, file, c);
            let fw = framework_of(ws, Some(declared_in));
            let domain = fw.domain(&r.domain.value)?;
            let model = c.deployment.as_ref().map(|d| d.value.as_str());
            let mut md = render::domain_markdown(fw, domain, model);
            if let Some(applies) = entry_applies(declared_in, &c, &r.domain.value) {
                md = insert_after_cell(md, &applies);
            }
            (r.domain.range, md)
        }
        Target::Ownership(c, r, o) => {
            let (declared_in, c) = super::analysed(ws, file, c);
            let fw = framework_of(ws, Some(declared_in));
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

/// What the entry changes about its matrix cell: the override (with its
/// reason) or the decision of a model-dependent cell, as the inlay hint
/// shows it; `None` when the matrix applies as it is.
fn entry_applies(file: &FileAnalysis, c: &Component, domain: &str) -> Option<String> {
    let fw = file.framework()?;
    let duties = file.duties(c)?;
    let duty = duties.iter().find(|d| d.domain == domain)?;
    let effective = fw.level_name(duty.effective);
    if duty.decides_model_dependent() {
        return Some(format!("**This entry decides the cell: {effective}.**"));
    }
    if !duty.is_override() {
        return None;
    }
    let why = match duty.reason {
        Some(reason) => format!("reason: {}", super::md_escape(reason.value.trim())),
        None => "no reason given".to_string(),
    };
    Some(format!(
        "**This entry overrides the matrix: {effective}** ({why})."
    ))
}

/// `line` as a paragraph right after the matrix cell's paragraph (the
/// first bold line of a domain's explanation), else at the end.
fn insert_after_cell(mut md: String, line: &str) -> String {
    let at = md
        .find("\n**For ")
        .and_then(|start| md[start + 1..].find("\n\n").map(|end| start + 1 + end));
    match at {
        Some(at) => md.insert_str(at, &format!("\n\n{line}")),
        None => md.push_str(&format!("\n\n{line}\n")),
    }
    md
}

/// A key of the format under the cursor: what the format table says of it.
fn key_hover(file: &FileAnalysis, path: &Path, offset: usize) -> Option<Hover> {
    let markdown = workspace::is_markdown(path);
    let Context::Yaml(cx) = context_at(&file.text, &file.line_index, offset, markdown) else {
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
    let (declared_in, _) = super::analysed(ws, file, c);
    let fw = framework_of(ws, Some(declared_in));
    Some(render::component_summary(ws, file, c, fw))
}
