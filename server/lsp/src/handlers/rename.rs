use std::collections::HashMap;

use aisrm_core::ide::navigation;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, WorkspaceEdit,
};

use crate::cancel::{Cancelled, until_cancelled};
use crate::convert;
use crate::state::State;

pub fn prepare(state: &State, params: TextDocumentPositionParams) -> Option<PrepareRenameResponse> {
    let (path, offset) = super::locate(
        state,
        &params.text_document.uri,
        params.position,
        "textDocument/prepareRename",
    )?;
    let (range, id) = navigation::prepare_rename(&state.ws, &path, offset)?;
    let text = state.text_ref(&path)?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: text.range(range, state.enc),
        placeholder: id,
    })
}

/// Stops converting once `cancelled` is set.
pub fn rename(
    state: &State,
    params: RenameParams,
    cancelled: &Cancelled,
) -> Result<Option<WorkspaceEdit>> {
    let p = params.text_document_position;
    let Some((path, offset)) = super::locate(
        state,
        &p.text_document.uri,
        p.position,
        "textDocument/rename",
    ) else {
        return Ok(None);
    };
    let edits = navigation::rename(&state.ws, &path, offset, &params.new_name)
        .map_err(|e| Error::invalid_params(e.to_string()))?;
    let mut changes = HashMap::new();
    for (file, edits) in edits {
        let (Some(uri), Some(text)) = (state.uri(&file), state.text_ref(&file)) else {
            continue;
        };
        let edits = until_cancelled(&edits, cancelled)
            .map(|e| convert::text_edit(e, text, state.enc))
            .collect();
        changes.insert(uri, edits);
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}
