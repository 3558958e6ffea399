//! Markdown written from the framework data (descriptions, examples, level
//! names, notes, cross-references, source links) and from the analysis.
//! No framework facts live here: everything comes from [`Framework`].

use std::fmt::Write as _;

use crate::analysis::{self, Duty};
use crate::document::Component;
use crate::explain;
use crate::format::KeyDef;
use crate::framework::{Cell, Domain, Framework, LevelKind, Model};
use crate::workspace::{FileAnalysis, Workspace};

use super::md_escape;

/// "Customer", or "Customer (critical focus)".
pub(super) fn cell_text(fw: &Framework, cell: &Cell) -> String {
    let name = fw.level_name(cell.level).to_string();
    if cell.critical {
        format!("{name} (critical focus)")
    } else {
        name
    }
}

fn source_line(out: &mut String, fw: &Framework, url: Option<&str>) {
    match url {
        Some(url) if !url.is_empty() => {
            let _ = write!(out, "\n\nSource: [{}]({url})", md_escape(&fw.name));
        }
        _ if !fw.source.url.is_empty() => {
            let _ = write!(
                out,
                "\n\nSource: [{}]({})",
                md_escape(&fw.name),
                fw.source.url
            );
        }
        _ => {}
    }
}

/// A deployment model: the same text as `aisrm explain MODEL`.
pub(crate) fn model_markdown(fw: &Framework, model: &Model) -> String {
    explain::model(fw, model)
}

/// A domain, with the cell of `model`: the same text as `aisrm explain
/// MODEL/DOMAIN` (or `DOMAIN`).
pub(crate) fn domain_markdown(fw: &Framework, domain: &Domain, model: Option<&str>) -> String {
    explain::domain(fw, domain, model)
}

/// A responsibility level.
pub(crate) fn level_markdown(fw: &Framework, kind: LevelKind) -> String {
    explain::level(fw, kind)
}

/// A `status:` value.
pub(crate) fn status_markdown(status: &str) -> Option<String> {
    explain::status(status)
}

/// A key of the inventory format: what it holds and means.
pub(crate) fn key_markdown(key: &KeyDef) -> String {
    let required = if key.required { "required" } else { "optional" };
    let mut out = format!(
        "**`{}`** ({}, {required})\n\n{}",
        key.name,
        key.shape.describe(),
        key.description
    );
    if !key.example.is_empty() {
        let _ = write!(out, "\n\nExample: `{}: {}`", key.name, key.example);
    }
    out
}

/// The framework a `framework:` value names.
pub(crate) fn framework_markdown(fw: &Framework) -> String {
    let mut out = format!("### {}", md_escape(&fw.name));
    if let Some(v) = &fw.version {
        let _ = write!(out, " {}", md_escape(v));
    }
    let _ = write!(out, "\n\n{}", fw.description.trim());
    let models: Vec<String> = fw.models.iter().map(|m| format!("`{}`", m.id)).collect();
    let _ = write!(
        out,
        "\n\n{} deployment models ({}), {} domains.",
        fw.models.len(),
        models.join(", "),
        fw.domains.len()
    );
    source_line(&mut out, fw, None);
    out
}

/// "customer 1 · shared 8 · provider 6 · n/a 1" (level names lowercased).
pub(super) fn counts_text(fw: &Framework, duties: &[Duty]) -> String {
    analysis::level_counts(duties)
        .into_iter()
        .map(|(l, n)| format!("{} {n}", fw.level_name(l).to_lowercase()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Domains of the component's column that the `unowned-*` finding of
/// `level` lists.
pub(super) fn unowned<'a>(duties: &[Duty<'a>], level: LevelKind) -> Vec<&'a str> {
    duties
        .iter()
        .filter(|d| d.is_unowned(level))
        .map(|d| d.domain)
        .collect()
}

/// The level a duty carries: "Shared", "Customer (override)" or
/// "Customer (decided)" for a model-dependent cell.
pub(super) fn ownership_text(fw: &Framework, duty: &Duty) -> String {
    let level = fw.level_name(duty.effective);
    if duty.is_override() {
        format!("{level} (override)")
    } else if duty.decides_model_dependent() {
        format!("{level} (decided)")
    } else {
        level.to_string()
    }
}

/// A short summary of a component for hover.
pub(crate) fn component_markdown(ws: &Workspace, id: &str) -> Option<String> {
    let (file, declared) = ws.component(id)?;
    let (file, c) = super::analysed(ws, file, declared);
    let c = &*c;
    let mut out = match &c.name {
        Some(name) => format!("### {} (`{}`)", md_escape(&name.value), c.id.value),
        None => format!("### `{}`", c.id.value),
    };
    if let Some(d) = &c.description {
        let _ = write!(out, "\n\n{}", d.value.trim());
    }
    let fw = file.framework();
    let model = c
        .deployment
        .as_ref()
        .and_then(|d| fw.and_then(|fw| fw.model(&d.value)));
    let mut facts = Vec::new();
    if let Some(m) = model {
        facts.push(format!(
            "**Deployment:** {} (`{}`)",
            md_escape(&m.short_name),
            m.id
        ));
    } else if let Some(d) = &c.deployment {
        facts.push(format!("**Deployment:** `{}`", md_escape(&d.value)));
    }
    if let Some(p) = &c.provider {
        facts.push(format!("**Provider:** {}", md_escape(&p.value)));
    }
    if let Some(o) = &c.owner {
        facts.push(format!("**Owner:** {}", md_escape(&o.value)));
    }
    if !facts.is_empty() {
        let _ = write!(out, "\n\n{}", facts.join("  \n"));
    }
    if let (Some(fw), Some(duties)) = (fw, file.duties(c)) {
        let _ = write!(out, "\n\n{}", counts_text(fw, &duties));
        for (level, word) in [
            (LevelKind::Customer, "customer"),
            (LevelKind::Shared, "shared"),
        ] {
            let missing = unowned(&duties, level);
            if !missing.is_empty() {
                let ids: Vec<String> = missing.iter().map(|d| format!("`{d}`")).collect();
                let _ = write!(
                    out,
                    "\n\nUnowned {word} duties ({}): {}",
                    missing.len(),
                    ids.join(", ")
                );
            }
        }
    }
    let file_name = display_name(&file.path);
    let refs = ws.references(id).len();
    let _ = write!(
        out,
        "\n\nDeclared in `{}` · {refs} reference{}",
        md_escape(&file_name),
        if refs == 1 { "" } else { "s" }
    );
    let extended_in = extended_in(ws, file, declared);
    if !extended_in.is_empty() {
        let _ = write!(out, "\n\n**Extended in:** {}", extended_in.join(", "));
    }
    Some(out)
}

/// The design documents extending `declared` (of `file`), as code spans
/// of their file names.
fn extended_in(ws: &Workspace, file: &FileAnalysis, declared: &Component) -> Vec<String> {
    let mut names: Vec<String> = ws
        .extensions_of(&file.path, declared)
        .into_iter()
        .map(|(doc, _)| format!("`{}`", md_escape(&display_name(&doc.path))))
        .collect();
    names.dedup();
    names
}

/// A file's name as hover and the summary show it.
fn display_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The component's responsibility table: every domain of its model's
/// column with the matrix level, the effective ownership, owner and status.
pub fn component_summary(
    ws: &Workspace,
    file: &FileAnalysis,
    component: &Component,
    fw: &Framework,
) -> String {
    let mut out = match &component.name {
        Some(name) => format!("## {} (`{}`)", md_escape(&name.value), component.id.value),
        None => format!("## `{}`", component.id.value),
    };
    let (file, component) = super::analysed(ws, file, component);
    let component = &*component;
    let Some(duties) = analysis::duties(fw, component, file.context()) else {
        let _ = write!(
            out,
            "\n\nNo known deployment model of {}; set `deployment:`.",
            md_escape(&fw.name)
        );
        return out;
    };
    if let Some(m) = component
        .deployment
        .as_ref()
        .and_then(|d| fw.model(&d.value))
    {
        let _ = write!(
            out,
            "\n\n{} · {}",
            md_escape(&m.name),
            counts_text(fw, &duties)
        );
    }
    out.push_str("\n\n| Domain | Matrix | Ownership | Owner | Status |\n|---|---|---|---|---|");
    for duty in &duties {
        let domain = fw.domain(duty.domain).map_or(duty.domain, |d| &d.name);
        let matrix = if duty.critical {
            format!("{} (critical)", fw.level_name(duty.matrix))
        } else {
            fw.level_name(duty.matrix).to_string()
        };
        let ownership = ownership_text(fw, duty);
        let mut owner = duty
            .owner
            .map_or_else(|| "—".to_string(), |o| md_escape(&o.display()));
        // An entry an extension adds says where it is written.
        if let Some(doc) = duty.entry.and_then(|e| e.written_in.as_deref()) {
            let _ = write!(owner, " (`{}`)", md_escape(&display_name(doc)));
        }
        let status = duty
            .entry
            .and_then(|e| e.status.as_ref())
            .map_or_else(|| "—".to_string(), |s| md_escape(&s.value));
        let _ = write!(
            out,
            "\n| {} | {} | {} | {owner} | {status} |",
            md_escape(domain),
            md_escape(&matrix),
            md_escape(&ownership)
        );
    }
    let refs = ws.references(&component.id.value).len();
    let _ = write!(
        out,
        "\n\n{refs} reference{} in the workspace.",
        if refs == 1 { "" } else { "s" }
    );
    out
}
