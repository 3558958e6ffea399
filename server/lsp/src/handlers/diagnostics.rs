use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
};

use crate::convert;
use crate::state::State;

/// `textDocument/diagnostic` (pull): the same set push would publish.
pub fn pull(state: &State, params: DocumentDiagnosticParams) -> DocumentDiagnosticReportResult {
    let items = convert::uri_to_path(&params.text_document.uri)
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
