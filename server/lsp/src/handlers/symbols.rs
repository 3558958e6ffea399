use aisrm_core::ide::symbols::{self, Symbol, SymbolKind as Kind};
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, OneOf, SymbolKind,
    WorkspaceSymbol, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use crate::cancel::{Cancelled, until_cancelled};
use crate::convert::TextRef;
use crate::state::State;

fn kind(k: Kind) -> SymbolKind {
    match k {
        Kind::Component => SymbolKind::CLASS,
        Kind::Responsibility => SymbolKind::FIELD,
    }
}

#[allow(deprecated)]
fn document_symbol(s: Symbol, text: TextRef<'_>, state: &State) -> DocumentSymbol {
    DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range: text.range(s.range, state.enc),
        selection_range: text.range(s.selection, state.enc),
        children: Some(
            s.children
                .into_iter()
                .map(|c| document_symbol(c, text, state))
                .collect(),
        ),
    }
}

pub fn document(state: &State, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let (path, text) = super::document(
        state,
        &params.text_document.uri,
        "textDocument/documentSymbol",
    )?;
    let symbols = symbols::document_symbols(&state.ws, &path)
        .into_iter()
        .map(|s| document_symbol(s, text, state))
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

/// Stops (answering nothing) once `cancelled` is set.
pub fn workspace(
    state: &State,
    params: WorkspaceSymbolParams,
    cancelled: &Cancelled,
) -> Option<WorkspaceSymbolResponse> {
    let out = until_cancelled(
        symbols::workspace_symbols(&state.ws, &params.query),
        cancelled,
    )
    .filter_map(|s| {
        let text = state.text_ref(&s.path)?;
        Some(WorkspaceSymbol {
            name: s.name,
            kind: SymbolKind::CLASS,
            tags: None,
            container_name: s.detail,
            location: OneOf::Left(Location::new(
                state.uri(&s.path)?,
                text.range(s.range, state.enc),
            )),
            data: None,
        })
    })
    .collect();
    Some(WorkspaceSymbolResponse::Nested(out))
}
