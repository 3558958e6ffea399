//! Code actions: the diagnostics' fixes as quick fixes (made here, on
//! demand, by [`crate::fixes::fix`]), and a source action adding skeleton
//! entries for every uncovered customer / shared domain of the component
//! under the cursor. [`code_actions`] is the one entry point for "what can
//! be fixed in this file and range".

use std::path::Path;

use crate::diagnostics::{Diagnostic, Fix};
use crate::framework::LevelKind;
use crate::text::TextRange;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    /// Adds skeleton responsibility entries.
    AddResponsibilities,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub kind: ActionKind,
    pub fix: Fix,
    /// The diagnostic the fix comes from.
    pub diagnostic: Option<Diagnostic>,
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Whether finding `d` is offered a fix for the selection `range` of
/// `text`: it touches a line of the selection (the cursor at the start of
/// `ownership: customer` is on the finding's line, not in its range).
/// Editors also name findings themselves (LSP's `context.diagnostics`).
pub fn on_selected_lines(text: &str, range: TextRange, d: &Diagnostic) -> bool {
    overlaps(d.range, crate::edit::lines_of(text, range))
}

/// Actions for the selection `range` of the file at `path`: the fixes of
/// `diagnostics` (the findings the editor asks about, see
/// [`on_selected_lines`]) and the source action. Lazy: each fix is made when the
/// caller takes it, so a caller can stop between items (a cancelled
/// request) without making the rest.
pub fn code_actions<'a>(
    ws: &'a Workspace,
    path: &'a Path,
    range: TextRange,
    diagnostics: &'a [Diagnostic],
) -> impl Iterator<Item = Action> + 'a {
    let quick_fixes = ws.file(path).into_iter().flat_map(move |file| {
        diagnostics.iter().filter_map(move |d| {
            Some(Action {
                kind: ActionKind::QuickFix,
                fix: crate::fixes::fix(file, d)?,
                diagnostic: Some(d.clone()),
            })
        })
    });
    let source = std::iter::once_with(move || add_responsibilities(ws, path, range.start))
        .flatten()
        .map(|fix| Action {
            kind: ActionKind::AddResponsibilities,
            fix,
            diagnostic: None,
        });
    quick_fixes.chain(source)
}

/// Skeleton entries for the uncovered customer and shared domains of the
/// component at `offset`.
pub(crate) fn add_responsibilities(ws: &Workspace, path: &Path, offset: usize) -> Option<Fix> {
    let file = ws.file(path)?;
    let c = file.component_at(offset)?;
    // Domains an extension (or the extended component) already has are
    // not uncovered.
    let (declared_in, merged) = super::analysed(ws, file, c);
    let duties = declared_in.duties(&merged)?;
    let missing: Vec<&str> = duties
        .iter()
        .filter(|d| {
            d.entry.is_none() && matches!(d.effective, LevelKind::Customer | LevelKind::Shared)
        })
        .map(|d| d.domain)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut fix = crate::edit::add_entries_fix(c, &missing, path, &file.text)?;
    fix.title = format!(
        "Add entries for {} uncovered customer/shared domain{} of `{}`: {}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        c.id.value,
        crate::edit::domain_list(&missing)
    );
    Some(fix)
}
