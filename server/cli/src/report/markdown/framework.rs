//! One framework's part of the Markdown report: the domains that need
//! attention, one summary row per component, and per component a folded
//! table of its domains (four columns: readable in a comment).

use std::fmt::Write;

use aisrm_core::diagnostics::Severity;
use aisrm_core::framework::{Framework, LevelKind};

use super::budget::{Budget, Part};
use super::{code, esc};
use crate::report::counts::{Counts, legend_levels};
use crate::report::model::{CellView, Group, Row};
use crate::report::review;

fn swatch(level: LevelKind) -> &'static str {
    match level {
        LevelKind::Customer => "🟧",
        LevelKind::Shared => "🟨",
        LevelKind::Provider => "🟩",
        LevelKind::ModelDependent => "🟪",
        LevelKind::NotApplicable => "⬜",
    }
}

pub fn section(out: &mut Budget, group: &Group) {
    let fw = group.framework;
    let version = fw
        .version
        .as_deref()
        .map(|v| format!(" {}", esc(v)))
        .unwrap_or_default();
    let mut head = format!(
        "\n### {} ({}{version})\n\n",
        esc(&fw.name),
        esc(&fw.short_name)
    );
    let title = if fw.source.title.is_empty() {
        &fw.name
    } else {
        &fw.source.title
    };
    if fw.source.url.starts_with("https://") || fw.source.url.starts_with("http://") {
        let _ = writeln!(head, "Source: [{}]({})\n", esc(title), fw.source.url);
    } else {
        let _ = writeln!(head, "Source: {}\n", esc(title));
    }
    out.push(&head);
    attention(out, group);
    out.push(&format!("\n{}\n\n", legend(fw)));
    out.push(
        "| Component | Model | Needs action | Unowned customer | Unowned shared | Gaps | Errors | Warnings | Notes |\n\
         |---|---|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for row in &group.rows {
        out.add(&summary_row(row), Part::ComponentRow);
    }
    for row in &group.rows {
        out.add(&details(fw, row), Part::ComponentDetails);
    }
}

fn attention(out: &mut Budget, group: &Group) {
    let needs = review::domains_needing_attention(group);
    if needs.is_empty() {
        out.push("**Domains that need attention**: none.\n");
        return;
    }
    out.push("**Domains that need attention**, most need first\n\n");
    for (i, need) in needs.iter().enumerate() {
        out.item(&format!(
            "{}. **{}** ({}): {}\n",
            i + 1,
            esc(&need.domain.name),
            code(&need.domain.id),
            esc(&need.counts.needs())
        ));
    }
}

fn legend(fw: &Framework) -> String {
    let mut parts: Vec<String> = legend_levels(fw)
        .into_iter()
        .map(|l| format!("{} {}", swatch(l), esc(fw.level_name(l))))
        .collect();
    parts.push("◆ critical focus".into());
    parts.push("★ AI-specific domain (as in the source)".into());
    parts.push("❗ needs action".into());
    format!("Legend: {}", parts.join(" · "))
}

fn flag_num(n: usize) -> String {
    if n > 0 {
        format!("**{n}**")
    } else {
        n.to_string()
    }
}

fn summary_row(row: &Row) -> String {
    let c = Counts::of(&row.cells);
    let f = row.findings;
    format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        code(&row.component.id.value),
        esc(&row.model),
        flag_num(c.needs_action),
        flag_num(c.unowned_customer),
        c.unowned_shared,
        flag_num(c.gaps),
        flag_num(f.errors),
        flag_num(f.warnings),
        f.notes,
    )
}

/// The component's domains as a folded four-column table; N/A domains
/// are named in one line below it.
fn details(fw: &Framework, row: &Row) -> String {
    let c = Counts::of(&row.cells);
    let mut text = format!(
        "\n<details><summary><code>{}</code> · {} · {} need action · {}</summary>\n\n",
        esc(&row.component.id.value),
        esc(&row.model),
        c.needs_action,
        esc(&row.location),
    );
    for other in &row.also_declared_at {
        let _ = writeln!(
            text,
            "Also declared at {} (`duplicate-component`).\n",
            code(other)
        );
    }
    text.push_str("| Domain | Who | Owner | Status |\n|---|---|---|---|\n");
    let mut not_applicable = Vec::new();
    for cell in &row.cells {
        if cell.level() == LevelKind::NotApplicable && cell.duty.entry.is_none() {
            not_applicable.push(code(&cell.domain.id));
            continue;
        }
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} |",
            domain_text(cell),
            who_text(fw, cell),
            owner_text(cell),
            status_text(cell)
        );
    }
    if !not_applicable.is_empty() {
        let _ = writeln!(text, "\nN/A: {}", not_applicable.join(", "));
    }
    text.push_str("\n</details>\n");
    text
}

fn domain_text(cell: &CellView) -> String {
    let mut text = String::new();
    if cell.needs_action() {
        text.push_str("❗ ");
    }
    text.push_str(&esc(&cell.domain.name));
    if cell.domain.ai_specific {
        text.push_str(" ★");
    }
    text
}

fn who_text(fw: &Framework, cell: &CellView) -> String {
    let level = cell.level();
    let mut text = format!("{} {}", swatch(level), esc(fw.level_name(level)));
    if cell.duty.critical {
        text.push_str(" ◆");
    }
    if cell.duty.is_override() {
        let _ = write!(text, " (matrix: {})", esc(fw.level_name(cell.duty.matrix)));
    }
    text
}

fn owner_text(cell: &CellView) -> String {
    match cell.owner() {
        Some(owner) => {
            let mut text = match owner.inherited_from {
                Some(from) => format!("{} ({from})", esc(owner.name)),
                None => esc(owner.name),
            };
            // An entry a design document adds says where it is written.
            if let Some(at) = &cell.written_in {
                let _ = write!(text, " · `{at}`");
            }
            text
        }
        None if cell.unowned_customer() => "**no owner**".into(),
        None if cell.duty.needs_owner() => "no owner".into(),
        None => String::new(),
    }
}

fn status_text(cell: &CellView) -> String {
    let mut parts = Vec::new();
    match cell.status() {
        Some("gap") => parts.push("**gap**".to_string()),
        Some(status) => parts.push(esc(&status.replace('-', " "))),
        None => {}
    }
    if cell.uncovered_critical() {
        parts.push("**no entry**".into());
    }
    for (c, severity) in &cell.findings {
        if matches!(severity, Severity::Error | Severity::Warning) {
            parts.push(format!("⚠ {}", code(c.as_str())));
        }
    }
    parts.join(", ")
}
