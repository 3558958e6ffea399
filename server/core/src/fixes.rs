//! Fixes on demand: the edits of a finding's fix, made from its
//! [`FixHint`] when a code action (or `check --fix`) asks, never during
//! analysis. This is the one place findings become edits; editors reach it
//! through [`crate::ide::actions::code_actions`].

use crate::diagnostics::{Diagnostic, FileEdit, Fix, FixHint};
use crate::document::Component;
use crate::edit;
use crate::framework::LevelKind;
use crate::workspace::FileAnalysis;

/// The fix of finding `d` of `file` (`None` when it has none, or when the
/// text around it has no shape an edit can be made in, such as a flow
/// mapping for new entries).
pub fn fix(file: &FileAnalysis, d: &Diagnostic) -> Option<Fix> {
    match d.fix.as_ref()? {
        FixHint::Replace(with) | FixHint::Suggest(with) => Some(Fix {
            title: format!("Change to `{with}`"),
            edits: vec![file_edit(file, d.range, with.clone())],
            preferred: true,
        }),
        FixHint::RemoveEntry => {
            let entry = file
                .component_at(d.range.start)?
                .responsibilities
                .iter()
                .find(|r| r.domain.range == d.range)?;
            Some(Fix {
                title: format!("Remove the `{}` entry", entry.domain.value),
                edits: vec![file_edit(
                    file,
                    edit::whole_lines(&file.text, entry.range),
                    String::new(),
                )],
                preferred: false,
            })
        }
        // The key only: the finding stays until a reason is written.
        FixHint::AddReason => Some(Fix {
            title: "Add a `reason:` for the override".into(),
            edits: vec![FileEdit {
                path: file.path.clone(),
                ..edit::add_sibling_key(&file.text, d.range, "reason: ")
            }],
            preferred: true,
        }),
        FixHint::AddEntry(domain) => {
            let c = file.component_at(d.range.start)?;
            edit::add_entries_fix(c, &[domain.as_str()], &file.path, &file.text)
        }
        FixHint::AddUnownedEntries(level) => {
            let c = file.component_at(d.range.start)?;
            let missing = unowned_without_entry(file, c, *level)?;
            edit::add_entries_fix(c, &missing, &file.path, &file.text)
        }
        FixHint::AddEntries(domains) => {
            let c = file.component_at(d.range.start)?;
            let domains: Vec<&str> = domains.iter().map(String::as_str).collect();
            edit::add_entries_fix(c, &domains, &file.path, &file.text)
        }
    }
}

/// Whether `aisrm check --fix` may apply the fix of `d` with nobody
/// looking: a did-you-mean replacement of an id, key, status or level
/// (one token for the one the analysis is sure of). Fixes that add text a
/// person must complete (entries, a `reason:`) or remove entries are for
/// the editor, where someone reads them first. So are [`FixHint::Suggest`]
/// guesses (`CVE-2024-3094` is not `CWE-2024-3094`, `LLM11:2025` may mean
/// `LLM10` or `LLM01`).
pub fn is_safe(d: &Diagnostic) -> bool {
    matches!(d.fix, Some(FixHint::Replace(_)))
}

fn file_edit(file: &FileAnalysis, range: crate::text::TextRange, new_text: String) -> FileEdit {
    FileEdit {
        path: file.path.clone(),
        range,
        new_text,
    }
}

/// The domains of `c` at `level` that no owner resolves for and that have
/// no entry yet (the ones a skeleton entry can be added for).
fn unowned_without_entry<'a>(
    file: &'a FileAnalysis,
    c: &'a Component,
    level: LevelKind,
) -> Option<Vec<&'a str>> {
    let missing: Vec<&str> = file
        .duties(c)?
        .iter()
        .filter(|d| d.is_unowned(level) && d.entry.is_none())
        .map(|d| d.domain)
        .collect();
    (!missing.is_empty()).then_some(missing)
}
