//! The report as one self-contained HTML page: inline CSS, no scripts, no
//! external assets. Every colour has a text label beside it, tables use
//! real header cells, and a print style sheet keeps the colours on paper.

use std::fmt::Write;

use aisrm_core::diagnostics::Severity;
use aisrm_core::framework::{Framework, LevelKind};

use super::{CellView, Counts, Group, Report, Row, component_name, legend_levels, plural};

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Only http(s) links become `href`s; anything else is shown as text.
fn safe_url(url: &str) -> Option<&str> {
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

const CSS: &str = r#"
:root { color-scheme: light; --customer:#f4a582; --shared:#fee08b; --provider:#a6d96a;
  --model-dependent:#c9b3d9; --not-applicable:#ececec; --alert:#b2182b; --ink:#1a1a1a; --muted:#555; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: #fff; margin: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .3rem; border-bottom: 2px solid #ddd; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p { margin: .3rem 0; }
a { color: #0b4f9c; }
.totals { font-size: 1.05rem; }
.totals strong.bad { color: var(--alert); }
.muted, .source { color: var(--muted); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; list-style: none; padding: 0; margin: .6rem 0; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { display: inline-block; min-width: 4.2rem; padding: .1rem .35rem; border: 1px solid #999;
  border-radius: 3px; text-align: center; font-size: .8rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; caption-side: top; }
th, td { border: 1px solid #bbb; padding: .25rem .35rem; vertical-align: top; }
thead th { background: #f5f5f5; font-size: .75rem; font-weight: 600; text-align: left; }
.heatmap { table-layout: fixed; font-size: .7rem; }
.heatmap thead th { width: 5.6rem; hyphens: auto; }
.heatmap thead th.corner { width: 10rem; }
.heatmap th[scope=row] { text-align: left; background: #fff; position: sticky; left: 0; font-weight: 600; }
.heatmap th[scope=row] .meta { display: block; font-weight: 400; color: var(--muted); }
.cell { position: relative; }
.cell .level { display: block; font-weight: 600; }
.cell .owner, .cell .status, .cell .flag { display: block; overflow-wrap: break-word; }
.cell .status { font-style: italic; }
.lvl-customer { background: var(--customer); }
.lvl-shared { background: var(--shared); }
.lvl-provider { background: var(--provider); }
.lvl-model-dependent { background: var(--model-dependent); }
.lvl-not-applicable { background: var(--not-applicable); color: #666; }
.crit .level::after { content: " ★"; }
.attention { box-shadow: inset 0 0 0 3px var(--alert); }
.unowned .owner { color: var(--alert); font-weight: 700; }
.gap .status { color: var(--alert); font-weight: 700; font-style: normal; }
.flag { color: var(--alert); font-weight: 600; }
.summary td.num { text-align: right; font-variant-numeric: tabular-nums; }
.summary td.num.bad { color: var(--alert); font-weight: 700; }
.findings li { margin: .15rem 0; }
.sev { display: inline-block; min-width: 5.5rem; font-weight: 600; }
.sev-error { color: var(--alert); }
.sev-warning { color: #8a4b00; }
footer { margin-top: 2rem; font-size: .8rem; color: var(--muted); }
@page { size: A3 landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 10px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .scroll { overflow: visible; }
  .heatmap th[scope=row] { position: static; }
  section.framework { break-before: page; }
  section.framework:first-of-type { break-before: auto; }
  tr, li { break-inside: avoid; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .8em; color: var(--muted); }
}
"#;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"aisrm\">\n");
    let title = match report.systems.as_slice() {
        [] => "AI responsibility report".to_string(),
        systems => format!("AI responsibility report: {}", systems.join(", ")),
    };
    let _ = writeln!(out, "<title>{}</title>", esc(&title));
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
    header(&mut out, report, &title);
    out.push_str("<main>\n");
    for group in &report.groups {
        section(&mut out, group);
    }
    unmapped(&mut out, report);
    out.push_str("</main>\n<footer><p>Generated by aisrm ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str(
        ". Levels come from each framework's matrix after the inventories' <code>ownership:</code> \
         overrides; owners and statuses come from the <code>responsibilities</code> entries.</p></footer>\n",
    );
    out.push_str("</body>\n</html>\n");
    out
}

fn header(out: &mut String, report: &Report, title: &str) {
    let counts = report.counts();
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(title));
    let findings = report.findings();
    let _ = writeln!(
        out,
        "<p class=\"totals\" data-components=\"{}\" data-unowned=\"{}\" data-gaps=\"{}\" data-findings=\"{}\">{}</p>",
        report.components(),
        counts.unowned,
        counts.gaps,
        findings,
        super::totals_sentence(report, |t| format!("<strong class=\"bad\">{t}</strong>")),
    );
    out.push_str("<nav aria-label=\"Frameworks\"><ul>\n");
    for g in &report.groups {
        let _ = writeln!(
            out,
            "<li><a href=\"#fw-{}\">{}</a>: {}</li>",
            esc(&g.framework.id),
            esc(&g.framework.name),
            plural(g.rows.len(), "component", "components")
        );
    }
    out.push_str("</ul></nav>\n</header>\n");
}

fn section(out: &mut String, group: &Group) {
    let fw = group.framework;
    let _ = writeln!(
        out,
        "<section class=\"framework\" id=\"fw-{id}\" data-framework=\"{id}\" aria-labelledby=\"h-{id}\">",
        id = esc(&fw.id)
    );
    let version = fw
        .version
        .as_deref()
        .map(|v| format!(" {}", esc(v)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<h2 id=\"h-{}\">{} <span class=\"muted\">({}{version}, <code>{}</code>)</span></h2>",
        esc(&fw.id),
        esc(&fw.name),
        esc(&fw.short_name),
        esc(&fw.id)
    );
    source(out, fw);
    legend(out, fw);
    heatmap(out, group);
    component_summary(out, group);
    domain_summary(out, group);
    findings(out, group);
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
        "<li><span class=\"swatch\">★</span> critical focus of the framework</li>\n\
         <li><span class=\"swatch attention\">no owner</span> customer or shared duty with no owner, \
         <code>status: gap</code>, or a finding</li>\n</ul>\n",
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
        let _ = write!(
            out,
            "<th scope=\"col\" data-domain=\"{}\" title=\"{}\">{}</th>",
            esc(&d.id),
            esc(&d.name),
            esc(&d.short_name)
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
        "<tr data-component=\"{id}\"><th scope=\"row\">{name} <code>{id}</code><span class=\"meta\">{model}{owner}</span><span class=\"meta\">{loc}</span></th>",
        id = esc(&c.id.value),
        name = esc(component_name(c)),
        model = esc(&row.model),
        loc = esc(&row.location),
    );
    for cell in &row.cells {
        heatmap_cell(out, fw, cell);
    }
    out.push_str("</tr>\n");
}

fn heatmap_cell(out: &mut String, fw: &Framework, cell: &CellView) {
    let level = cell.level();
    let mut classes = vec!["cell".to_string(), format!("lvl-{}", level.id())];
    if cell.duty.critical {
        classes.push("crit".into());
    }
    if cell.unowned() {
        classes.push("unowned".into());
    }
    if cell.gap() {
        classes.push("gap".into());
    }
    if cell.attention() {
        classes.push("attention".into());
    }
    let _ = write!(
        out,
        "<td class=\"{}\" data-domain=\"{}\" data-level=\"{}\">",
        classes.join(" "),
        esc(&cell.domain.id),
        level.id()
    );
    let _ = write!(
        out,
        "<span class=\"level\">{}</span>",
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
            let _ = write!(out, "<span class=\"owner\">{}</span>", esc(owner));
        }
        None if cell.unowned() => out.push_str("<span class=\"owner none\">no owner</span>"),
        None => {}
    }
    if let Some(status) = cell.status() {
        let _ = write!(out, "<span class=\"status\">{}</span>", esc(status));
    }
    for code in &cell.findings {
        let _ = write!(out, "<span class=\"flag finding\">⚠ {}</span>", esc(code));
    }
    out.push_str("</td>");
}

/// The numeric columns of both summary tables.
fn count_headers(fw: &Framework) -> Vec<(&'static str, String)> {
    let mut cols = Vec::new();
    for level in legend_levels(fw) {
        let key = match level {
            LevelKind::Customer => "customer",
            LevelKind::Shared => "shared",
            LevelKind::Provider => "provider",
            LevelKind::ModelDependent => "model-dependent",
            LevelKind::NotApplicable => "not-applicable",
        };
        cols.push((key, fw.level_name(level).to_string()));
    }
    cols.push(("critical", "Critical ★".into()));
    cols.push(("unowned", "Unowned".into()));
    cols.push(("gaps", "Gaps".into()));
    cols.push(("with-findings", "Cells with findings".into()));
    cols
}

fn count_value(c: &Counts, key: &str) -> usize {
    match key {
        "customer" => c.customer,
        "shared" => c.shared,
        "provider" => c.provider,
        "model-dependent" => c.model_dependent,
        "not-applicable" => c.not_applicable,
        "critical" => c.critical,
        "unowned" => c.unowned,
        "gaps" => c.gaps,
        _ => c.with_findings,
    }
}

fn count_cells(out: &mut String, cols: &[(&'static str, String)], c: &Counts) {
    for (key, _) in cols {
        let n = count_value(c, key);
        let bad = matches!(*key, "unowned" | "gaps" | "with-findings") && n > 0;
        let _ = write!(
            out,
            "<td class=\"num{}\" data-count=\"{key}\">{n}</td>",
            if bad { " bad" } else { "" }
        );
    }
}

fn component_summary(out: &mut String, group: &Group) {
    let fw = group.framework;
    let cols = count_headers(fw);
    let _ = writeln!(
        out,
        "<h3>Per component</h3>\n<table class=\"summary components\" data-framework=\"{}\">",
        esc(&fw.id)
    );
    out.push_str("<caption>Duties of each component, after overrides</caption>\n<thead><tr><th scope=\"col\">Component</th><th scope=\"col\">Model</th>");
    for (_, label) in &cols {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(label));
    }
    out.push_str(
        "<th scope=\"col\">Findings</th><th scope=\"col\">Summary</th></tr></thead>\n<tbody>\n",
    );
    for row in &group.rows {
        let counts = Counts::of(&row.cells);
        let _ = write!(
            out,
            "<tr data-component=\"{id}\"><th scope=\"row\"><code>{id}</code></th><td>{}</td>",
            esc(&row.model),
            id = esc(&row.component.id.value)
        );
        count_cells(out, &cols, &counts);
        let _ = writeln!(
            out,
            "<td class=\"num{}\" data-count=\"findings\">{}</td><td class=\"sentence\">{}: {}</td></tr>",
            if row.findings.is_empty() { "" } else { " bad" },
            row.findings.len(),
            esc(&row.component.id.value),
            esc(&counts.sentence())
        );
    }
    out.push_str("</tbody></table>\n");
}

fn domain_summary(out: &mut String, group: &Group) {
    let fw = group.framework;
    let cols = count_headers(fw);
    let _ = writeln!(
        out,
        "<h3>Per domain</h3>\n<table class=\"summary domains\" data-framework=\"{}\">",
        esc(&fw.id)
    );
    let _ = write!(
        out,
        "<caption>Each domain across the {}</caption>\n<thead><tr><th scope=\"col\">Domain</th>",
        plural(group.rows.len(), "component", "components")
    );
    for (_, label) in &cols {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(label));
    }
    out.push_str("<th scope=\"col\">Summary</th></tr></thead>\n<tbody>\n");
    for (i, d) in fw.domains.iter().enumerate() {
        let counts = group.domain_counts(i);
        let _ = write!(
            out,
            "<tr data-domain=\"{id}\"><th scope=\"row\">{} <code>{id}</code></th>",
            esc(&d.short_name),
            id = esc(&d.id)
        );
        count_cells(out, &cols, &counts);
        let _ = writeln!(
            out,
            "<td class=\"sentence\">{}: {}</td></tr>",
            esc(&d.id),
            esc(&counts.sentence())
        );
    }
    out.push_str("</tbody></table>\n");
}

fn findings(out: &mut String, group: &Group) {
    let rows: Vec<&Row> = group
        .rows
        .iter()
        .filter(|r| !r.findings.is_empty())
        .collect();
    out.push_str("<h3>Findings</h3>\n");
    if rows.is_empty() {
        out.push_str("<p>No findings.</p>\n");
        return;
    }
    out.push_str("<ul class=\"findings\">\n");
    for row in rows {
        for f in &row.findings {
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Information | Severity::Hint => "note",
            };
            let _ = writeln!(
                out,
                "<li data-component=\"{}\"><span class=\"sev sev-{sev}\">{sev}</span> <code>{}</code> <code>{}</code>: {}</li>",
                esc(&row.component.id.value),
                esc(&f.location),
                esc(f.code),
                esc(&f.message)
            );
        }
    }
    out.push_str("</ul>\n");
}

fn unmapped(out: &mut String, report: &Report) {
    if report.unmapped.is_empty() {
        return;
    }
    out.push_str("<section class=\"unmapped\"><h2>Not in a heatmap</h2>\n<ul>\n");
    for u in &report.unmapped {
        let _ = writeln!(
            out,
            "<li><code>{}</code> (<code>{}</code>): {}</li>",
            esc(&u.id),
            esc(&u.location),
            esc(&u.why)
        );
    }
    out.push_str("</ul></section>\n");
}

#[cfg(test)]
mod tests {
    use super::super::tests::{INVENTORY, shown, workspace};
    use super::*;

    fn page() -> String {
        let ws = workspace(&[("ai-inventory.yaml", INVENTORY)]);
        render(&Report::build(&ws, &shown))
    }

    #[test]
    fn escapes_names_and_has_no_script() {
        let html = page();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; bot"));
        assert!(html.contains("Test &lt;system&gt; &amp; co"));
        assert!(!html.to_lowercase().contains("<script"));
        assert!(!html.contains(" src="));
        assert!(!html.contains("<link"));
    }

    #[test]
    fn structure_is_a_real_table() {
        let html = page();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(html.matches("<table class=\"heatmap\"").count(), 1);
        assert_eq!(html.matches("<caption>").count(), 3);
        // 16 domain headers plus the corner, one row header.
        let heatmap = &html[html.find("class=\"heatmap\"").unwrap()..];
        let heatmap = &heatmap[..heatmap.find("</table>").unwrap()];
        assert_eq!(heatmap.matches("<th scope=\"col\"").count(), 17);
        assert_eq!(heatmap.matches("<th scope=\"row\"").count(), 1);
        assert_eq!(heatmap.matches("<td class=\"cell ").count(), 16);
        assert!(
            heatmap.contains("class=\"cell lvl-customer unowned attention\"")
                || heatmap.contains("unowned")
        );
        assert!(heatmap.contains("<span class=\"status\">gap</span>"));
        assert!(html.contains("@media print"));
        assert!(html.contains("Not in a heatmap"));
        assert!(html.contains(
            "href=\"https://github.com/mikeprivette/ai-security-shared-responsibility\""
        ));
    }

    #[test]
    fn unsafe_urls_are_not_links() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("https://x.example"), Some("https://x.example"));
        assert_eq!(esc("a\"b'<"), "a&quot;b&#39;&lt;");
    }
}
