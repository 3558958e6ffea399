//! The report as GitHub-flavoured Markdown for a pull-request comment or a
//! job summary: the headline by severity, the next steps, the findings
//! (notes folded), then per framework the domains that need attention,
//! one summary row per component and one folded table per component (no
//! table wider than a comment). The whole text stays under GitHub's
//! comment limit; what does not fit is counted in a truncation note.

mod budget;
mod framework;

use std::fmt::Write;

use aisrm_core::diagnostics::Severity;

use super::counts::plural;
use super::model::{Finding, ResponsibilityReport};
use super::review;
use budget::Budget;

/// GitHub's limit for a comment body, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// Findings listed under each next step; the rest are under "Findings".
const EXAMPLES_PER_STEP: usize = 5;

/// Escapes text for Markdown (inline Markdown, HTML and table cells).
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

/// A message of the analysis: like [`esc`], but its code spans are kept.
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

pub fn render(report: &ResponsibilityReport) -> String {
    render_within(report, GITHUB_COMMENT_LIMIT)
}

/// The report in at most `limit` characters.
pub fn render_within(report: &ResponsibilityReport, limit: usize) -> String {
    let mut out = Budget::new(limit);
    out.push(&format!("## {}\n\n", esc(&super::title(report))));
    out.push(&headline(report));
    next_steps(&mut out, report);
    findings(&mut out, report);
    for group in &report.groups {
        framework::section(&mut out, group);
    }
    if !report.unmapped.is_empty() {
        out.push("\n**Not in a heatmap**\n\n");
        for u in &report.unmapped {
            out.item(&format!(
                "- {} ({}): {}\n",
                code(&u.id),
                code(&u.location),
                esc_message(&u.why)
            ));
        }
    }
    notes(&mut out, report);
    out.finish()
}

/// Errors first and unmistakable, then warnings, notes and the scope.
fn headline(report: &ResponsibilityReport) -> String {
    let c = report.severity_counts();
    let errors = if c.errors > 0 {
        format!("**🛑 {}**", plural(c.errors, "error", "errors"))
    } else {
        "✅ 0 errors".to_string()
    };
    let warnings = if c.warnings > 0 {
        format!("**⚠️ {}**", plural(c.warnings, "warning", "warnings"))
    } else {
        "0 warnings".to_string()
    };
    format!(
        "{errors} · {warnings} · {}\n\n{}\n",
        plural(c.notes, "note", "notes"),
        esc(&super::scope_sentence(report))
    )
}

fn next_steps(out: &mut Budget, report: &ResponsibilityReport) {
    out.push("\n### Next steps\n\n");
    let steps = review::next_steps(report);
    if steps.is_empty() {
        out.push("Nothing to fix: no errors or warnings.\n");
    }
    for (i, step) in steps.iter().enumerate() {
        let mut text = format!("{}. **{}**\n", i + 1, esc_message(&step.title));
        for f in step.findings.iter().take(EXAMPLES_PER_STEP) {
            let _ = writeln!(
                text,
                "   - {}: {}",
                code(&f.location()),
                esc_message(&f.message)
            );
        }
        let more = step.findings.len().saturating_sub(EXAMPLES_PER_STEP);
        if more > 0 {
            let _ = writeln!(text, "   - and {more} more under Findings");
        }
        out.item(&text);
    }
    if let Some(then) = review::remaining_notes(report) {
        out.item(&format!("\nThen, when time allows: {}.\n", esc(&then)));
    }
}

fn severity_mark(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "🛑 **error**",
        Severity::Warning => "⚠️ **warning**",
        Severity::Information | Severity::Hint => "note",
    }
}

fn finding_line(f: &Finding) -> String {
    format!(
        "- {} {} [{}]({}): {}\n",
        severity_mark(f.severity),
        code(&f.location()),
        code(f.code.as_str()),
        f.code.doc_url(),
        esc_message(&f.message)
    )
}

/// Errors and warnings, most severe first; notes come folded at the end.
fn findings(out: &mut Budget, report: &ResponsibilityReport) {
    let problems: Vec<&Finding> = report.findings.iter().filter(|f| !f.is_note()).collect();
    out.push(&format!(
        "\n### Findings: {}\n\n",
        plural(problems.len(), "error or warning", "errors and warnings")
    ));
    if problems.is_empty() {
        out.push("None.\n");
    }
    for f in problems {
        out.finding(&finding_line(f));
    }
}

fn notes(out: &mut Budget, report: &ResponsibilityReport) {
    let notes: Vec<&Finding> = report.findings.iter().filter(|f| f.is_note()).collect();
    if notes.is_empty() {
        return;
    }
    let lines: Vec<String> = notes.iter().map(|f| finding_line(f)).collect();
    out.folded(
        &format!("{} (information)", plural(notes.len(), "note", "notes")),
        &lines,
        budget::Part::Finding,
    );
}

#[cfg(test)]
mod tests {
    use super::super::tests::{INVENTORY, with_report};
    use super::*;

    #[test]
    fn escapes_table_breakers() {
        assert_eq!(esc("a|b<c>"), "a\\|b&lt;c&gt;");
        let md = with_report(&[("ai-inventory.yaml", INVENTORY)], render);
        assert!(md.contains("Test &lt;system&gt; &amp; co"));
        assert!(!md.contains("<script"));
        assert!(md.contains("**gap**"));
    }
}
