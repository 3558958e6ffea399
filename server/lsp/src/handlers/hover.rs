use aisrm_core::ide::hover;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::state::State;

pub fn hover(state: &State, params: HoverParams) -> Option<Hover> {
    let p = params.text_document_position_params;
    let (path, offset) = super::locate(
        state,
        &p.text_document.uri,
        p.position,
        "textDocument/hover",
    )?;
    let h = if crate::discovered::attached(state, &path) {
        crate::discovered::hover(state, &path, offset)?
    } else {
        hover::hover(&state.ws, &path, offset)?
    };
    let text = state.text_ref(&path)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: h.markdown,
        }),
        range: Some(text.range(h.range, state.enc)),
    })
}
