use aisrm_core::ide::inlay;
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip, MarkupContent, MarkupKind,
};

use crate::state::State;

pub fn inlay_hint(state: &State, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    if !state.settings.inlay_hints {
        return Some(Vec::new());
    }
    let (path, text) = super::document(state, &params.text_document.uri, "textDocument/inlayHint")?;
    let range = text.text_range(params.range, state.enc);
    let hints = if crate::discovered::attached(state, &path) {
        crate::discovered::inlay_hints(state, &path, range)
    } else {
        inlay::inlay_hints(&state.ws, &path, range)
    };
    let hints = hints
        .into_iter()
        .map(|h| InlayHint {
            position: text.position(h.offset, state.enc),
            label: InlayHintLabel::String(h.label),
            kind: None,
            text_edits: None,
            tooltip: h.tooltip.map(|value| {
                InlayHintTooltip::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Some(hints)
}
