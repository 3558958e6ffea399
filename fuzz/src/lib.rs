//! Shared checks for the fuzz targets: whatever the input, analysis must
//! not panic, and every range it hands out must lie inside the file's text
//! on character boundaries (the LSP layer converts them with `LineIndex`,
//! which would otherwise produce nonsense positions).

use std::path::{Path, PathBuf};

use aisrm_core::diagnostics::{Diagnostic, FileEdit};
use aisrm_core::text::TextRange;
use aisrm_core::workspace::Workspace;

pub const ROOT: &str = "/ws";

pub fn root() -> PathBuf {
    PathBuf::from(ROOT)
}

pub fn new_workspace() -> Workspace {
    Workspace::new(vec![root()])
}

/// Turns fuzz bytes into text: valid UTF-8 stays as it is, the rest is
/// decoded lossily (the server only ever sees `String`s).
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

pub fn assert_range(text: &str, range: TextRange, what: &dyn std::fmt::Debug) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "range {range:?} outside a {}-byte text: {what:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "range {range:?} not on char boundaries: {what:?}"
    );
}

/// Text of `path` as the workspace holds it (`None` if not analysed).
pub fn text_in(ws: &Workspace, path: &Path) -> Option<String> {
    ws.file(path).map(|f| f.text.to_string())
}

pub fn assert_edit(ws: &Workspace, edit: &FileEdit) {
    if let Some(text) = text_in(ws, &edit.path) {
        assert_range(&text, edit.range, edit);
    }
}

/// Checks the ranges of finding `d` of the file at `path` (its fix's
/// edits made on demand, as a code action would).
pub fn assert_diagnostic(ws: &Workspace, path: &Path, text: &str, d: &Diagnostic) {
    assert_range(text, d.range, d);
    for r in &d.related {
        if let Some(other) = text_in(ws, &r.path) {
            assert_range(&other, r.range, d);
        }
    }
    let fix = ws
        .file(path)
        .and_then(|file| aisrm_core::fixes::fix(file, d));
    for edit in fix.iter().flat_map(|f| &f.edits) {
        assert_edit(ws, edit);
    }
}

/// Runs every per-file query of the workspace on `path` and checks the
/// ranges it returns.
pub fn check_file(ws: &Workspace, path: &Path) {
    let Some(file) = ws.file(path) else { return };
    let text = file.text.to_string();
    for d in ws.diagnostics(path) {
        assert_diagnostic(ws, path, &text, &d);
    }
    let mut symbols = aisrm_core::ide::symbols::document_symbols(ws, path);
    while let Some(s) = symbols.pop() {
        assert_range(&text, s.range, &s);
        assert_range(&text, s.selection, &s);
        symbols.extend(s.children);
    }
    for lens in aisrm_core::ide::lens::code_lenses(ws, path) {
        let _ = lens.duties_title();
        let _ = lens.references_title();
    }
    let whole = TextRange::new(0, text.len());
    for hint in aisrm_core::ide::inlay::inlay_hints(ws, path, whole) {
        assert!(hint.offset <= text.len() && text.is_char_boundary(hint.offset));
    }
}

/// A char boundary at or below `offset % (len + 1)`.
pub fn offset_in(text: &str, raw: usize) -> usize {
    let mut at = raw % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
