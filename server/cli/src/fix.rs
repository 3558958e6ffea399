//! `aisrm check --fix`: applies the safe fixes (core's `fixes::is_safe`:
//! did-you-mean replacements) of the shown findings in place and prints
//! each change; with `--dry-run` prints a unified diff instead and writes
//! nothing. The edits are core's `fixes::fix`, the same the editor's quick
//! fixes apply.

use std::io::Write;

use aisrm_core::diagnostics::FileEdit;
use aisrm_core::fixes;
use aisrm_core::text::Encoding;

use crate::collect::Collected;
use crate::output::{CheckedFile, CheckedFiles};

/// One file's safe edits with their finding's code: sorted, none
/// overlapping another.
fn safe_edits(collected: &Collected, file: &CheckedFile) -> Vec<(FileEdit, &'static str)> {
    let mut edits: Vec<(FileEdit, &'static str)> = Vec::new();
    if let Some(analysis) = collected.workspace.file(&file.path) {
        for d in file.diagnostics.iter().filter(|d| fixes::is_safe(d)) {
            let Some(fix) = fixes::fix(analysis, d) else {
                continue;
            };
            edits.extend(
                fix.edits
                    .into_iter()
                    .filter(|e| e.path == file.path)
                    .map(|e| (e, d.code.as_str())),
            );
        }
    }
    edits.sort_by_key(|(e, _)| (e.range.start, e.range.end));
    let mut end = 0;
    edits.retain(|(e, _)| {
        let keep = e.range.start >= end;
        if keep {
            end = e.range.end.max(e.range.start + 1);
        }
        keep
    });
    edits
}

fn applied(text: &str, edits: &[(FileEdit, &str)]) -> String {
    let mut out = text.to_string();
    for (e, _) in edits.iter().rev() {
        out.replace_range(e.range.start..e.range.end, &e.new_text);
    }
    out
}

/// Applies (or, with `dry_run`, shows) the safe fixes; returns how many
/// edits there were. Errors are files that cannot be written.
pub fn run(collected: &Collected, checked: &CheckedFiles, dry_run: bool) -> Result<usize, String> {
    let mut count = 0;
    let mut err = std::io::stderr().lock();
    let mut out = std::io::stdout().lock();
    for file in &checked.files {
        let edits = safe_edits(collected, file);
        if edits.is_empty() {
            continue;
        }
        count += edits.len();
        let new_text = applied(&file.text, &edits);
        if dry_run {
            let _ = write!(out, "{}", diff(file, &new_text));
            continue;
        }
        std::fs::write(&file.path, &new_text)
            .map_err(|e| format!("cannot write {}: {e}", file.display))?;
        for (e, code) in &edits {
            let lc = file
                .line_index
                .line_col(&file.text, e.range.start, Encoding::Chars);
            let old = &file.text[e.range.start..e.range.end];
            let _ = writeln!(
                err,
                "fixed {}:{}:{} [{code}]: `{old}` -> `{}`",
                file.display,
                lc.line + 1,
                lc.col + 1,
                e.new_text
            );
        }
    }
    Ok(count)
}

/// A unified diff of `file` against `new_text`, one hunk per run of
/// changed lines (no context: the fixes change tokens within lines).
fn diff(file: &CheckedFile, new_text: &str) -> String {
    let old: Vec<&str> = file.text.split_inclusive('\n').collect();
    let new: Vec<&str> = new_text.split_inclusive('\n').collect();
    let mut out = format!("--- a/{0}\n+++ b/{0}\n", file.display);
    // The safe fixes replace within lines, so line i matches line i.
    let mut i = 0;
    while i < old.len().max(new.len()) {
        if old.get(i) == new.get(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < old.len().max(new.len()) && old.get(i) != new.get(i) {
            i += 1;
        }
        let (minus, plus) = (&old[start..i.min(old.len())], &new[start..i.min(new.len())]);
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start + 1,
            minus.len(),
            start + 1,
            plus.len()
        ));
        for line in minus {
            out.push_str(&format!("-{}", with_newline(line)));
        }
        for line in plus {
            out.push_str(&format!("+{}", with_newline(line)));
        }
    }
    out
}

fn with_newline(line: &str) -> String {
    if line.ends_with('\n') {
        line.to_string()
    } else {
        format!("{line}\n\\ No newline at end of file\n")
    }
}
