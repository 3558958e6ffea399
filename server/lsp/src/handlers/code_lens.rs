use aisrm_core::ide::lens;
use serde_json::json;
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command, Location};

use crate::state::State;

/// Shows a component's responsibility table (see `execute_command`).
pub const SUMMARY_COMMAND: &str = "aisrm.componentSummary";
/// Client-side command: show these locations (editors map it to their
/// references view); arguments `[uri, position, locations]`.
pub const SHOW_REFERENCES_COMMAND: &str = "aisrm.showReferences";

pub fn code_lens(state: &State, params: CodeLensParams) -> Option<Vec<CodeLens>> {
    if !state.settings.code_lens {
        return Some(Vec::new());
    }
    let uri = params.text_document.uri;
    let (path, text) = super::document(state, &uri, "textDocument/codeLens")?;
    let mut out = Vec::new();
    for l in lens::code_lenses(&state.ws, &path) {
        let range = text.range(l.range, state.enc);
        let at = json!({"uri": uri, "position": range.start});
        if let Some(title) = l.duties_title() {
            out.push(CodeLens {
                range,
                command: Some(Command {
                    title,
                    command: SUMMARY_COMMAND.into(),
                    arguments: Some(vec![at.clone()]),
                }),
                data: None,
            });
        }
        let locations: Vec<Location> = l
            .references
            .iter()
            .filter_map(|s| {
                let t = state.text_ref(&s.path)?;
                Some(Location::new(
                    state.uri(&s.path)?,
                    t.range(s.range, state.enc),
                ))
            })
            .collect();
        out.push(CodeLens {
            range,
            command: Some(Command {
                title: l.references_title(),
                command: SHOW_REFERENCES_COMMAND.into(),
                arguments: Some(vec![json!(uri), json!(range.start), json!(locations)]),
            }),
            data: None,
        });
    }
    Some(out)
}
