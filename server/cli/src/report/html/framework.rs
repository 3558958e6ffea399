//! One framework's part of the HTML page: source, domains that need
//! attention, legend, heatmap, per-component and per-domain summaries.

use std::fmt::Write;

use aisrm_core::framework::{Framework, LevelKind};

use super::{esc, safe_url};
use crate::report::counts::{Counts, legend_levels, plural};
use crate::report::model::{CellView, Group, Row, component_name};
use crate::report::review;

/// `anchor` is unique even when two frameworks share an id.
pub fn section(out: &mut String, anchor: &str, group: &Group) {
    let fw = group.framework;
    let _ = writeln!(
        out,
        "<section class=\"framework\" id=\"{a}\" data-framework=\"{}\" aria-labelledby=\"h-{a}\">",
        esc(&fw.id),
        a = esc(anchor),
    );
    let version = fw
        .version
        .as_deref()
        .map(|v| format!(" {}", esc(v)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<h2 id=\"h-{}\">{} <span class=\"muted\">({}{version}, <code>{}</code>)</span></h2>",
        esc(anchor),
        esc(&fw.name),
        esc(&fw.short_name),
        esc(&fw.id)
    );
    source(out, fw);
    attention(out, group);
    legend(out, fw);
    heatmap(out, group);
    component_summary(out, group);
    domain_summary(out, group);
    out.push_str("</section>\n");
}

fn source(out: &mut String, fw: &Framework) {
    let title = if fw.source.title.is_empty() {
        &fw.name
    } else {
        &fw.source.title
    };
    let link = match safe_url(&fw.source.url) {
        Some(url) => format!("<a href=\"{}\">{}</a>", esc(url), esc(title)),
        None => esc(title),
    };
    let mut extra = Vec::new();
    if let Some(a) = &fw.source.author {
        extra.push(esc(a));
    }
    if let Some(r) = &fw.source.revision {
        extra.push(esc(r));
    }
    if let Some(l) = &fw.source.license {
        extra.push(format!("licence {}", esc(l)));
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" ({})", extra.join(", "))
    };
    let _ = writeln!(out, "<p class=\"source\">Source: {link}{extra}.</p>");
}

fn attention(out: &mut String, group: &Group) {
    let needs = review::domains_needing_attention(group);
    out.push_str("<h3>Domains that need attention</h3>\n");
    if needs.is_empty() {
        out.push_str("<p>None: every duty has an owner and no entry has a problem.</p>\n");
        return;
    }
    out.push_str("<ol class=\"attention\">\n");
    for need in needs {
        let _ = writeln!(
            out,
            "<li data-domain=\"{id}\"><strong>{}</strong> <code>{id}</code>: {}</li>",
            esc(&need.domain.name),
            esc(&need.counts.needs()),
            id = esc(&need.domain.id),
        );
    }
    out.push_str("</ol>\n");
}

fn legend(out: &mut String, fw: &Framework) {
    out.push_str("<ul class=\"legend\" aria-label=\"Legend\">\n");
    for level in legend_levels(fw) {
        let name = fw.level_name(level);
        let description = fw.level(level).map_or("", |l| l.description.as_str());
        let _ = writeln!(
            out,
            "<li title=\"{}\"><span class=\"swatch lvl-{}\">{}</span> {}</li>",
            esc(description.trim()),
            level.id(),
            esc(name),
            level_meaning(level)
        );
    }
    out.push_str(
        "<li><span class=\"swatch\">◆</span> critical focus of the deployment model</li>\n\
         <li><span class=\"swatch\">★</span> AI-specific domain (as the source marks it)</li>\n\
         <li><span class=\"swatch needs-action\">outlined</span> needs action: an uncovered \
         critical focus, <code>status: gap</code>, a customer duty with no owner, or an entry \
         with a warning or error</li>\n</ul>\n",
    );
}

fn level_meaning(level: LevelKind) -> &'static str {
    match level {
        LevelKind::Customer => "you do it",
        LevelKind::Shared => "both sides do part",
        LevelKind::Provider => "the provider does it",
        LevelKind::ModelDependent => "depends on the model",
        LevelKind::NotApplicable => "does not apply",
    }
}

fn heatmap(out: &mut String, group: &Group) {
    let fw = group.framework;
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table class=\"heatmap\" data-components=\"{}\" data-domains=\"{}\">",
        group.rows.len(),
        fw.domains.len()
    );
    let _ = writeln!(
        out,
        "<caption>Who is responsible: {} (rows) × {} (columns) of {}</caption>",
        plural(group.rows.len(), "component", "components"),
        plural(fw.domains.len(), "domain", "domains"),
        esc(&fw.short_name)
    );
    out.push_str("<thead><tr><th scope=\"col\" class=\"corner\">Component</th>");
    for d in &fw.domains {
        let star = if d.ai_specific {
            " <span title=\"AI-specific domain\">★</span>"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<th scope=\"col\" data-domain=\"{}\" title=\"{}\">{}{star}</th>",
            esc(&d.id),
            esc(&d.id),
            esc(&d.name)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &group.rows {
        heatmap_row(out, fw, row);
    }
    out.push_str("</tbody></table></div>\n");
}

fn heatmap_row(out: &mut String, fw: &Framework, row: &Row) {
    let c = row.component;
    let owner = c
        .owner
        .as_ref()
        .map(|o| format!(" · owner {}", esc(&o.value)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<tr data-component=\"{id}\"><th scope=\"row\">{name} <code>{id}</code><span class=\"meta\">{model}{owner}</span><span class=\"meta\">{loc}</span>",
        id = esc(&c.id.value),
        name = esc(component_name(c)),
        model = esc(&row.model),
        loc = esc(&row.location),
    );
    for other in &row.also_declared_at {
        let _ = write!(
            out,
            "<span class=\"meta flag\">also declared at {}</span>",
            esc(other)
        );
    }
    out.push_str("</th>");
    for cell in &row.cells {
        heatmap_cell(out, fw, cell);
    }
    out.push_str("</tr>\n");
}

fn cell_classes(cell: &CellView) -> String {
    let mut classes = vec!["cell".to_string(), format!("lvl-{}", cell.level().id())];
    let flags = [
        (cell.duty.critical, "crit"),
        (cell.uncovered_critical(), "uncovered"),
        (cell.unowned_customer(), "unowned-customer"),
        (cell.unowned_shared(), "unowned-shared"),
        (cell.gap(), "gap"),
        (cell.settled(), "settled"),
        (cell.needs_action(), "needs-action"),
    ];
    classes.extend(flags.iter().filter(|f| f.0).map(|f| f.1.to_string()));
    classes.join(" ")
}

fn heatmap_cell(out: &mut String, fw: &Framework, cell: &CellView) {
    let level = cell.level();
    let _ = write!(
        out,
        "<td class=\"{}\" data-domain=\"{}\" data-level=\"{}\"><span class=\"level\">{}</span>",
        cell_classes(cell),
        esc(&cell.domain.id),
        level.id(),
        esc(fw.level_name(level))
    );
    if cell.duty.critical {
        out.push_str("<span class=\"sr\">critical focus; </span>");
    }
    if cell.duty.is_override() {
        let _ = write!(
            out,
            "<span class=\"flag override\">override (matrix: {})</span>",
            esc(fw.level_name(cell.duty.matrix))
        );
    }
    match cell.owner() {
        Some(owner) => {
            let _ = write!(out, "<span class=\"owner\">{}", esc(owner.name));
            if let Some(from) = owner.inherited_from {
                let _ = write!(out, " <span class=\"inherited\">({from})</span>");
            }
            out.push_str("</span>");
            if let Some(at) = &cell.written_in {
                let _ = write!(out, "<span class=\"source\">{}</span>", esc(at));
            }
        }
        None if cell.duty.needs_owner() => {
            out.push_str("<span class=\"owner none\">no owner</span>")
        }
        None => {}
    }
    if let Some(status) = cell.status() {
        let _ = write!(
            out,
            "<span class=\"status status-{}\">{}</span>",
            esc(status),
            esc(&status.replace('-', " "))
        );
    }
    if cell.uncovered_critical() {
        out.push_str("<span class=\"flag\">no entry</span>");
    }
    for (code, _) in cell.findings.iter().filter(|(_, s)| {
        matches!(
            s,
            aisrm_core::diagnostics::Severity::Error | aisrm_core::diagnostics::Severity::Warning
        )
    }) {
        let _ = write!(
            out,
            "<span class=\"flag finding\">⚠ {}</span>",
            code.as_str()
        );
    }
    out.push_str("</td>");
}

/// The numeric columns of both summary tables: key, label, flagged.
fn count_columns(fw: &Framework) -> Vec<(&'static str, String, bool)> {
    let mut cols: Vec<(&'static str, String, bool)> = legend_levels(fw)
        .into_iter()
        .map(|l| (l.id(), fw.level_name(l).to_string(), false))
        .collect();
    cols.push(("needs-action", "Needs action".into(), true));
    cols.push(("unowned-customer", "Unowned customer".into(), true));
    cols.push(("unowned-shared", "Unowned shared".into(), false));
    cols.push(("gaps", "Gaps".into(), true));
    cols
}

fn count_value(c: &Counts, key: &str) -> usize {
    match key {
        "needs-action" => c.needs_action,
        "unowned-customer" => c.unowned_customer,
        "unowned-shared" => c.unowned_shared,
        "gaps" => c.gaps,
        level => LevelKind::from_id(level).map_or(0, |l| c.at(l)),
    }
}

fn count_cells(out: &mut String, cols: &[(&'static str, String, bool)], c: &Counts) {
    for (key, _, flagged) in cols {
        let n = count_value(c, key);
        let bad = *flagged && n > 0;
        let _ = write!(
            out,
            "<td class=\"num{}\" data-count=\"{key}\">{n}</td>",
            if bad { " bad" } else { "" }
        );
    }
}

fn table_head(
    out: &mut String,
    first: &[&str],
    cols: &[(&'static str, String, bool)],
    last: &[&str],
) {
    out.push_str("<thead><tr>");
    let labels = first
        .iter()
        .map(|s| s.to_string())
        .chain(cols.iter().map(|c| c.1.clone()))
        .chain(last.iter().map(|s| s.to_string()));
    for label in labels {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(&label));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

fn component_summary(out: &mut String, group: &Group) {
    let cols = count_columns(group.framework);
    let _ = writeln!(
        out,
        "<h3>Per component</h3>\n<table class=\"summary components\" data-framework=\"{}\">\n\
         <caption>Duties of each component, after overrides, and its findings</caption>",
        esc(&group.framework.id)
    );
    table_head(
        out,
        &["Component", "Model"],
        &cols,
        &["Errors", "Warnings", "Notes"],
    );
    for row in &group.rows {
        let _ = write!(
            out,
            "<tr data-component=\"{id}\"><th scope=\"row\"><code>{id}</code></th><td>{}</td>",
            esc(&row.model),
            id = esc(&row.component.id.value)
        );
        count_cells(out, &cols, &Counts::of(&row.cells));
        let f = row.findings;
        let _ = writeln!(
            out,
            "<td class=\"num{}\" data-count=\"errors\">{}</td><td class=\"num\" data-count=\"warnings\">{}</td>\
             <td class=\"num\" data-count=\"notes\">{}</td></tr>",
            if f.errors > 0 { " bad" } else { "" },
            f.errors,
            f.warnings,
            f.notes
        );
    }
    out.push_str("</tbody></table>\n");
}

fn domain_summary(out: &mut String, group: &Group) {
    let fw = group.framework;
    let cols = count_columns(fw);
    let _ = writeln!(
        out,
        "<h3>Per domain</h3>\n<table class=\"summary domains\" data-framework=\"{}\">\n\
         <caption>Each domain across the {}</caption>",
        esc(&fw.id),
        plural(group.rows.len(), "component", "components")
    );
    table_head(out, &["Domain"], &cols, &[]);
    for (i, d) in fw.domains.iter().enumerate() {
        let counts = Counts::of(group.rows.iter().filter_map(|r| r.cells.get(i)));
        let _ = write!(
            out,
            "<tr data-domain=\"{id}\"><th scope=\"row\">{} <code>{id}</code></th>",
            esc(&d.name),
            id = esc(&d.id)
        );
        count_cells(out, &cols, &counts);
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}
