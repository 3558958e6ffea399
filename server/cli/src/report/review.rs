//! What a reviewer should do, ranked: the next steps (from the findings of
//! `aisrm check`) and the domains that need attention (from the cells).

use aisrm_core::diagnostics::{Code, Severity};
use aisrm_core::framework::Domain;

use super::counts::{Counts, plural};
use super::model::{Finding, Group, ResponsibilityReport};

/// One ranked step: what to do and the findings that ask for it.
pub struct NextStep<'r> {
    pub title: String,
    pub findings: Vec<&'r Finding>,
}

/// The kinds of steps, most urgent first. Errors come first whatever
/// their code; every other warning is "review".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Errors,
    UncoveredCritical,
    UnownedCustomer,
    Gaps,
    OverridesWithoutReason,
    OtherWarnings,
}

const KINDS: [Kind; 6] = [
    Kind::Errors,
    Kind::UncoveredCritical,
    Kind::UnownedCustomer,
    Kind::Gaps,
    Kind::OverridesWithoutReason,
    Kind::OtherWarnings,
];

fn kind_of(f: &Finding) -> Option<Kind> {
    match (f.severity, f.code) {
        (Severity::Error, _) => Some(Kind::Errors),
        (Severity::Warning, Code::CriticalDomainUncovered) => Some(Kind::UncoveredCritical),
        (Severity::Warning, Code::UnownedCustomerDuties) => Some(Kind::UnownedCustomer),
        (Severity::Warning, Code::StatusGap) => Some(Kind::Gaps),
        (Severity::Warning, Code::OverrideWithoutReason) => Some(Kind::OverridesWithoutReason),
        (Severity::Warning, _) => Some(Kind::OtherWarnings),
        _ => None,
    }
}

/// The steps, ranked, each with at least one finding.
pub fn next_steps<'r>(report: &'r ResponsibilityReport) -> Vec<NextStep<'r>> {
    let totals = report_counts(report);
    KINDS
        .iter()
        .filter_map(|kind| {
            let findings: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| kind_of(f) == Some(*kind))
                .collect();
            if findings.is_empty() {
                return None;
            }
            let n = findings.len();
            let title = match kind {
                Kind::Errors => format!("Fix {}", plural(n, "error", "errors")),
                Kind::UncoveredCritical => format!(
                    "Add an entry for {} ◆ with none",
                    plural(n, "critical-focus domain", "critical-focus domains")
                ),
                Kind::UnownedCustomer => format!(
                    "Name an owner for {} in {}",
                    plural(totals.unowned_customer, "customer duty", "customer duties"),
                    plural(n, "component", "components")
                ),
                Kind::Gaps => format!(
                    "Close {} (`status: gap`)",
                    plural(n, "known gap", "known gaps")
                ),
                Kind::OverridesWithoutReason => format!(
                    "Give a `reason:` for {} of the matrix",
                    plural(n, "override", "overrides")
                ),
                Kind::OtherWarnings => {
                    format!("Review {}", plural(n, "other warning", "other warnings"))
                }
            };
            Some(NextStep { title, findings })
        })
        .collect()
}

/// "48 unowned shared duties and 2 other notes": the notes left after the
/// steps, or `None` when there are none.
pub fn remaining_notes(report: &ResponsibilityReport) -> Option<String> {
    let notes = report.findings.iter().filter(|f| f.is_note()).count();
    if notes == 0 {
        return None;
    }
    let shared = report_counts(report).unowned_shared;
    let about_shared = report
        .findings
        .iter()
        .filter(|f| f.code == Code::UnownedSharedDuties && f.is_note())
        .count();
    let others = notes - about_shared;
    let mut parts = Vec::new();
    if shared > 0 {
        parts.push(format!(
            "name owners for {} (in {})",
            plural(shared, "shared duty", "shared duties"),
            plural(about_shared, "note", "notes")
        ));
    }
    if others > 0 {
        parts.push(format!(
            "read {}",
            plural(
                others,
                if shared > 0 { "other note" } else { "note" },
                if shared > 0 { "other notes" } else { "notes" }
            )
        ));
    }
    Some(parts.join(" and "))
}

/// A domain of one framework and what its column needs.
pub struct DomainNeed<'a> {
    pub domain: &'a Domain,
    pub counts: Counts,
}

/// The domains of `group` with something to do, most need first (matrix
/// order among equals).
pub fn domains_needing_attention<'a>(group: &Group<'a>) -> Vec<DomainNeed<'a>> {
    let mut needs: Vec<DomainNeed> = group
        .framework
        .domains
        .iter()
        .enumerate()
        .map(|(i, domain)| DomainNeed {
            domain,
            counts: Counts::of(group.rows.iter().filter_map(|r| r.cells.get(i))),
        })
        .filter(|n| !n.counts.needs().is_empty())
        .collect();
    needs.sort_by_key(|n| std::cmp::Reverse(n.counts.need_rank()));
    needs
}

fn report_counts(report: &ResponsibilityReport) -> Counts {
    let mut c = Counts::default();
    for group in &report.groups {
        for row in &group.rows {
            c.add(Counts::of(&row.cells));
        }
    }
    c
}
