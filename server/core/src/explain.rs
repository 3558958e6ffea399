//! Human explanations of framework entries, as Markdown: what `aisrm
//! explain` prints and what the editor's hovers show. All facts come from
//! the framework data; the wording around them is aisrm's own.

use std::fmt::Write;

use crate::framework::{Domain, Framework, LevelKind, Model};

/// What an `explain` argument names.
pub enum Subject<'a> {
    Model(&'a Model),
    Domain(&'a Domain),
    Cell(&'a Model, &'a Domain),
}

/// Finds `MODEL`, `DOMAIN` or `MODEL/DOMAIN` (ids or display names).
pub fn lookup<'a>(framework: &'a Framework, query: &str) -> Option<Subject<'a>> {
    if let Some((m, d)) = query.split_once('/') {
        let model = framework.model(m).or_else(|| framework.model_by_alias(m))?;
        let domain = framework
            .domain(d)
            .or_else(|| framework.domain_by_alias(d))?;
        return Some(Subject::Cell(model, domain));
    }
    if let Some(model) = framework
        .model(query)
        .or_else(|| framework.model_by_alias(query))
    {
        return Some(Subject::Model(model));
    }
    framework
        .domain(query)
        .or_else(|| framework.domain_by_alias(query))
        .map(Subject::Domain)
}

pub fn subject(framework: &Framework, subject: &Subject) -> String {
    match subject {
        Subject::Model(m) => model(framework, m),
        Subject::Domain(d) => domain(framework, d, None),
        Subject::Cell(m, d) => domain(framework, d, Some(&m.id)),
    }
}

fn level_label(framework: &Framework, level: LevelKind, critical: bool) -> String {
    let name = framework.level_name(level);
    if critical {
        format!("**{name}** ★ critical focus")
    } else {
        name.to_string()
    }
}

fn source_line(out: &mut String, framework: &Framework, link: Option<&str>) {
    let url = link.unwrap_or(&framework.source.url);
    let _ = writeln!(out, "\nSource: [{}]({url})", framework.name);
}

/// A deployment model: what it is, examples, and its column of the matrix.
pub fn model(framework: &Framework, m: &Model) -> String {
    let mut out = format!("### {} (`{}`)\n\n{}\n", m.name, m.id, m.description);
    if !m.examples.is_empty() {
        let _ = writeln!(out, "\nExamples: {}.", m.examples.join(", "));
    }
    if let Some(risk) = &m.risk_profile {
        let _ = writeln!(out, "\nRisk profile: {risk}");
    }
    let _ = writeln!(out, "\n| Domain | Responsible |\n|---|---|");
    for (d, cell) in framework.column(&m.id) {
        let _ = writeln!(
            out,
            "| {} | {} |",
            md_escape(&d.name),
            level_label(framework, cell.level, cell.critical)
        );
    }
    let counts: Vec<String> = LevelKind::ALL
        .into_iter()
        .map(|l| {
            (
                l,
                framework
                    .column(&m.id)
                    .filter(|(_, c)| c.level == l)
                    .count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .map(|(l, n)| format!("{} {n}", framework.level_name(l)))
        .collect();
    let _ = writeln!(out, "\n{}", counts.join(" · "));
    for note in framework
        .notes_for(Some(&m.id), None)
        .filter(|n| n.domain.is_none())
    {
        let _ = writeln!(out, "\nNote: {}", note.text);
    }
    if !m.equivalents.is_empty() {
        let other = crate::refs::counterpart(framework);
        let named: Vec<String> = m
            .equivalents
            .iter()
            .map(|id| {
                let name = other
                    .and_then(|o| o.model(id))
                    .map(|x| x.short_name.as_str());
                named_id(id, name)
            })
            .collect();
        let _ = writeln!(
            out,
            "\n{}: {} ({JUDGEMENT}).",
            other.map_or_else(
                || "Roughly corresponds to".to_string(),
                |o| format!("Nearest in the {} (`{}`)", o.name, o.id)
            ),
            named.join(", ")
        );
    }
    source_line(&mut out, framework, m.source.as_deref());
    out
}

/// A domain: its focus, the cell for `model` when given, the row across
/// models, notes and cross-references.
pub fn domain(framework: &Framework, d: &Domain, model: Option<&str>) -> String {
    let mut out = format!("### {} (`{}`)\n\n", d.name, d.id);
    if !d.focus.is_empty() {
        let _ = writeln!(out, "*{}*\n", d.focus);
    }
    let _ = writeln!(out, "{}", d.description);
    if let Some(layer) = d.layer.as_deref().and_then(|l| framework.layer(l)) {
        let _ = writeln!(out, "\nLayer: {}.", layer.name);
    }
    if let Some((m, cell)) =
        model.and_then(|m| Some((framework.model(m)?, framework.cell(m, &d.id)?)))
    {
        let _ = writeln!(
            out,
            "\n**For {}: {}.**",
            m.short_name,
            level_label(framework, cell.level, cell.critical)
        );
        if let Some(level) = framework.level(cell.level) {
            let _ = writeln!(out, "{}", level.description.trim());
        }
        if let Some(why) = &cell.why {
            let _ = writeln!(out, "{why}");
        }
    }
    let _ = writeln!(out, "\n| Model | Responsible |\n|---|---|");
    for (m, cell) in framework.row(&d.id) {
        let name = if Some(m.id.as_str()) == model {
            format!("**{}**", md_escape(&m.short_name))
        } else {
            md_escape(&m.short_name)
        };
        let _ = writeln!(
            out,
            "| {name} | {} |",
            level_label(framework, cell.level, cell.critical)
        );
    }
    for note in framework
        .notes_for(model, Some(&d.id))
        .filter(|n| n.domain.is_some())
    {
        let _ = writeln!(out, "\nNote: {}", note.text);
    }
    cross_references(&mut out, framework, d);
    source_line(&mut out, framework, d.source.as_deref());
    out
}

/// How every cross-reference is labelled: the mappings are this project's
/// reading of the catalogues, not something the sources publish.
const JUDGEMENT: &str = "aisrm's own judgement, not published by either source framework";

fn named_id(id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("`{id}` ({name})"),
        None => format!("`{id}`"),
    }
}

fn cross_references(out: &mut String, framework: &Framework, d: &Domain) {
    let x = &d.cross_references;
    if x.owasp_llm.is_empty() && x.atlas.is_empty() && x.equivalents.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nCross-references ({JUDGEMENT}):");
    for (fallback, ids) in [
        ("OWASP Top 10 for LLM Applications 2025", &x.owasp_llm),
        ("MITRE ATLAS tactics", &x.atlas),
    ] {
        let Some(first) = ids.first() else {
            continue;
        };
        let label = match crate::refs::reference(framework, first) {
            Some(r) if !r.url.is_empty() => format!("[{}]({})", r.name, r.url),
            Some(r) => r.name.clone(),
            None => fallback.to_string(),
        };
        let ids: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
        let _ = writeln!(out, "- {label}: {}", ids.join(", "));
    }
    if !x.equivalents.is_empty() {
        let other = crate::refs::counterpart(framework);
        let named: Vec<String> = x
            .equivalents
            .iter()
            .map(|id| {
                let name = other
                    .and_then(|o| o.domain(id))
                    .map(|x| x.short_name.as_str());
                named_id(id, name)
            })
            .collect();
        let label = other.map_or_else(
            || "In the other framework".to_string(),
            |o| format!("Related in the {} (`{}`)", o.name, o.id),
        );
        let _ = writeln!(out, "- {label}: {}", named.join(", "));
    }
    if !x.owasp_llm.is_empty() || !x.atlas.is_empty() {
        let _ = writeln!(
            out,
            "\nThese ids can be listed under `refs:` of the `{}` entry.",
            d.id
        );
    }
}

/// A level (`customer`, `shared` ...) as this framework words it.
pub fn level(framework: &Framework, kind: LevelKind) -> String {
    match framework.level(kind) {
        Some(l) => format!(
            "### {} (`{}`)\n\n{}",
            md_escape(&l.name),
            kind.id(),
            l.description.trim()
        ),
        None => format!(
            "`{}` is not a level of {}",
            kind.id(),
            md_escape(&framework.name)
        ),
    }
}

/// A `status:` value.
pub fn status(value: &str) -> Option<String> {
    let status = crate::format::Status::from_id(value)?;
    Some(format!("### Status `{value}`\n\n{}", status.meaning()))
}

/// Escapes text for a Markdown table cell or inline text.
pub(crate) fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}
