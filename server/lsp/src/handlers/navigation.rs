use aisrm_core::ide::{FileRange, navigation};
use tower_lsp_server::ls_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, ReferenceParams,
};

use crate::cancel::{Cancelled, until_cancelled};
use crate::state::State;

pub fn locations(state: &State, ranges: Vec<FileRange>) -> Vec<Location> {
    locations_until(state, ranges, &Cancelled::default())
}

/// [`locations`], stopping once the request is cancelled.
fn locations_until(state: &State, ranges: Vec<FileRange>, cancelled: &Cancelled) -> Vec<Location> {
    until_cancelled(ranges, cancelled)
        .filter_map(|r| {
            let text = state.text_ref(&r.path)?;
            Some(Location::new(
                state.uri(&r.path)?,
                text.range(r.range, state.enc),
            ))
        })
        .collect()
}

pub fn definition(state: &State, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let p = params.text_document_position_params;
    let (path, offset) = super::locate(
        state,
        &p.text_document.uri,
        p.position,
        "textDocument/definition",
    )?;
    let found = navigation::definition(&state.ws, &path, offset);
    if found.is_empty() {
        return None;
    }
    Some(GotoDefinitionResponse::Array(locations(state, found)))
}

/// Stops converting once `cancelled` is set.
pub fn references(
    state: &State,
    params: ReferenceParams,
    cancelled: &Cancelled,
) -> Option<Vec<Location>> {
    let p = params.text_document_position;
    let (path, offset) = super::locate(
        state,
        &p.text_document.uri,
        p.position,
        "textDocument/references",
    )?;
    let found =
        navigation::references(&state.ws, &path, offset, params.context.include_declaration);
    Some(locations_until(state, found, cancelled))
}
