//! Diagnostics: the sets to push after a change, and
//! `textDocument/diagnostic` (pull). Both give the same set for a file.

use std::collections::HashSet;
use std::path::PathBuf;

use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, PublishDiagnosticsParams, RelatedFullDocumentDiagnosticReport,
};

use crate::state::State;

/// The sets to publish for `paths` (push mode): the current findings of
/// known files, an empty set for a file that is gone but still has
/// findings on the client's screen. `published` records what is on
/// screen (the files with a non-empty set).
pub fn push(
    state: &State,
    published: &mut HashSet<PathBuf>,
    paths: &[PathBuf],
) -> Vec<PublishDiagnosticsParams> {
    let mut out = Vec::new();
    for path in paths {
        let known = state.ws.file(path).is_some()
            || state.unreadable.contains_key(path)
            || state.docs.contains_key(path)
            || state.discovery.has_evidence(path)
            || state.refused_signals.iter().any(|r| r.path == *path)
            || state
                .project
                .as_ref()
                .is_some_and(|p| p.loaded.path == *path);
        if !known && !published.contains(path) {
            continue;
        }
        let Some(uri) = state.uri(path) else { continue };
        let diagnostics = if known {
            state.lsp_diagnostics(path)
        } else {
            Vec::new()
        };
        if diagnostics.is_empty() {
            published.remove(path);
        } else {
            published.insert(path.clone());
        }
        out.push(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: state.docs.get(path).map(|d| d.version),
        });
    }
    out
}

/// `textDocument/diagnostic` (pull): the same set push would publish.
pub fn pull(state: &State, params: DocumentDiagnosticParams) -> DocumentDiagnosticReportResult {
    let items = super::file_path(&params.text_document.uri, "textDocument/diagnostic")
        .map(|path| state.lsp_diagnostics(&path))
        .unwrap_or_default();
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        },
    ))
}
