//! The report as GitHub-flavoured Markdown for a pull-request comment or a
//! job summary: totals and the per-component table first, the heatmap, the
//! per-domain table and the findings folded in `<details>`.

use std::fmt::Write;

use aisrm_core::diagnostics::Severity;
use aisrm_core::framework::{Framework, LevelKind};

use super::{CellView, Counts, Group, Report, legend_levels, level_letter, plural};

/// Escapes text for a Markdown table cell (inline Markdown and HTML).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// A finding's message: like [`esc`], but the analysis' own code spans
/// (backticks) are kept.
fn esc_message(text: &str) -> String {
    esc(text).replace("\\`", "`")
}

/// An id in a code span (ids are kebab-case; anything odd is escaped).
fn code(id: &str) -> String {
    if id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/' | ':' | ' '))
    {
        format!("`{id}`")
    } else {
        esc(id)
    }
}

fn swatch(level: LevelKind) -> &'static str {
    match level {
        LevelKind::Customer => "🟧",
        LevelKind::Shared => "🟨",
        LevelKind::Provider => "🟩",
        LevelKind::ModelDependent => "🟪",
        LevelKind::NotApplicable => "⬜",
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let title = match report.systems.as_slice() {
        [] => "AI responsibility report".to_string(),
        systems => format!("AI responsibility report: {}", esc(&systems.join(", "))),
    };
    let _ = writeln!(out, "## {title}\n");
    let _ = writeln!(
        out,
        "{}",
        super::totals_sentence(report, |t| format!("**{t}**"))
    );
    for group in &report.groups {
        section(&mut out, group);
    }
    if !report.unmapped.is_empty() {
        out.push_str("\n**Not in a heatmap**\n\n");
        for u in &report.unmapped {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                code(&u.id),
                code(&u.location),
                esc(&u.why)
            );
        }
    }
    out
}

fn section(out: &mut String, group: &Group) {
    let fw = group.framework;
    let version = fw
        .version
        .as_deref()
        .map(|v| format!(" {}", esc(v)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "\n### {} ({}{version})\n",
        esc(&fw.name),
        esc(&fw.short_name)
    );
    let title = if fw.source.title.is_empty() {
        &fw.name
    } else {
        &fw.source.title
    };
    if fw.source.url.starts_with("https://") || fw.source.url.starts_with("http://") {
        let _ = writeln!(out, "Source: [{}]({})\n", esc(title), fw.source.url);
    } else {
        let _ = writeln!(out, "Source: {}\n", esc(title));
    }
    component_table(out, group);
    attention(out, group);
    heatmap(out, group);
    domain_table(out, group);
    findings(out, group);
}

fn component_table(out: &mut String, group: &Group) {
    out.push_str(
        "| Component | Model | Customer | Shared | Unowned | Gaps | Findings |\n\
         |---|---|--:|--:|--:|--:|--:|\n",
    );
    for row in &group.rows {
        let c = Counts::of(&row.cells);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            code(&row.component.id.value),
            esc(&row.model),
            c.customer,
            c.shared,
            flag_num(c.unowned),
            flag_num(c.gaps),
            flag_num(row.findings.len()),
        );
    }
}

fn flag_num(n: usize) -> String {
    if n > 0 {
        format!("**{n}**")
    } else {
        n.to_string()
    }
}

/// Domains that need a reviewer's eye, one sentence each.
fn attention(out: &mut String, group: &Group) {
    let lines: Vec<String> = group
        .framework
        .domains
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let c = group.domain_counts(i);
            (c.unowned + c.gaps + c.with_findings > 0)
                .then(|| format!("- {}: {}", code(&d.id), esc(&c.sentence())))
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    out.push_str("\n**Domains that need attention**\n\n");
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
}

fn legend(fw: &Framework) -> String {
    let mut parts: Vec<String> = legend_levels(fw)
        .into_iter()
        .map(|l| {
            format!(
                "{} {} {}",
                swatch(l),
                level_letter(l),
                esc(fw.level_name(l))
            )
        })
        .collect();
    parts.push("★ critical focus".into());
    parts.push("❗ no owner, gap or finding".into());
    parts.join(" · ")
}

fn heatmap(out: &mut String, group: &Group) {
    let fw = group.framework;
    let _ = writeln!(
        out,
        "\n<details><summary>Heatmap: {} × {}</summary>\n\n{}\n",
        plural(group.rows.len(), "component", "components"),
        plural(fw.domains.len(), "domain", "domains"),
        legend(fw)
    );
    out.push_str("| Component |");
    for d in &fw.domains {
        let _ = write!(out, " {} |", esc(&d.short_name));
    }
    out.push_str("\n|---|");
    for _ in &fw.domains {
        out.push_str("---|");
    }
    out.push('\n');
    for row in &group.rows {
        let _ = write!(out, "| {} |", code(&row.component.id.value));
        for cell in &row.cells {
            let _ = write!(out, " {} |", cell_text(cell));
        }
        out.push('\n');
    }
    out.push_str("\n</details>\n");
}

fn cell_text(cell: &CellView) -> String {
    let level = cell.level();
    let mut text = format!("{} {}", swatch(level), level_letter(level));
    if cell.duty.critical {
        text.push('★');
    }
    if cell.duty.is_override() {
        text.push_str(" (override)");
    }
    match cell.owner() {
        Some(owner) => {
            let _ = write!(text, " {}", esc(owner));
        }
        None if cell.unowned() => text.push_str(" **no owner**"),
        None => {}
    }
    if let Some(status) = cell.status() {
        if cell.gap() {
            text.push_str(", **gap**");
        } else {
            let _ = write!(text, ", {}", esc(status));
        }
    }
    if cell.attention() {
        text.push_str(" ❗");
    }
    text
}

fn domain_table(out: &mut String, group: &Group) {
    let fw = group.framework;
    let levels = legend_levels(fw);
    out.push_str("\n<details><summary>Per domain</summary>\n\n| Domain |");
    for l in &levels {
        let _ = write!(out, " {} |", esc(fw.level_name(*l)));
    }
    out.push_str(" Unowned | Gaps | With findings |\n|---|");
    for _ in &levels {
        out.push_str("--:|");
    }
    out.push_str("--:|--:|--:|\n");
    for (i, d) in fw.domains.iter().enumerate() {
        let c = group.domain_counts(i);
        let _ = write!(out, "| {} |", code(&d.id));
        for l in &levels {
            let n = match l {
                LevelKind::Customer => c.customer,
                LevelKind::Shared => c.shared,
                LevelKind::Provider => c.provider,
                LevelKind::ModelDependent => c.model_dependent,
                LevelKind::NotApplicable => c.not_applicable,
            };
            let _ = write!(out, " {n} |");
        }
        let _ = writeln!(
            out,
            " {} | {} | {} |",
            flag_num(c.unowned),
            flag_num(c.gaps),
            flag_num(c.with_findings)
        );
    }
    out.push_str("\n</details>\n");
}

fn findings(out: &mut String, group: &Group) {
    let total: usize = group.rows.iter().map(|r| r.findings.len()).sum();
    if total == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "\n<details><summary>{}</summary>\n",
        plural(total, "finding", "findings")
    );
    for row in &group.rows {
        for f in &row.findings {
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Information | Severity::Hint => "note",
            };
            let _ = writeln!(
                out,
                "- {sev} {} {}: {}",
                code(&f.location),
                code(f.code),
                esc_message(&f.message)
            );
        }
    }
    out.push_str("\n</details>\n");
}

#[cfg(test)]
mod tests {
    use super::super::tests::{INVENTORY, shown, workspace};
    use super::*;

    #[test]
    fn escapes_table_breakers() {
        assert_eq!(esc("a|b<c>"), "a\\|b&lt;c&gt;");
        let ws = workspace(&[("ai-inventory.yaml", INVENTORY)]);
        let md = render(&Report::build(&ws, &shown));
        assert!(md.contains("Test &lt;system&gt; &amp; co"));
        assert!(!md.contains("<script"));
        assert!(md.contains("<details><summary>Heatmap: 1 component × 16 domains</summary>"));
        assert!(md.contains("**gap**"));
    }
}
