use aisrm_core::ide::hover;
use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{ExecuteCommandParams, Position, Uri};

use super::code_lens::SUMMARY_COMMAND;
use crate::state::State;

/// Commands the server executes.
pub const COMMANDS: &[&str] = &[SUMMARY_COMMAND];

#[derive(Deserialize)]
struct At {
    uri: Uri,
    position: Position,
}

/// `aisrm.componentSummary` with `[{uri, position}]`: the component's
/// responsibility table as a Markdown string (`null` when no component is
/// there).
pub fn execute(state: &State, params: ExecuteCommandParams) -> Result<Option<Value>> {
    if params.command != SUMMARY_COMMAND {
        return Err(Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let at: At = params
        .arguments
        .into_iter()
        .next()
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| Error::invalid_params("expected arguments [{uri, position}]"))?;
    let Some((path, offset)) = super::locate(state, &at.uri, at.position, SUMMARY_COMMAND) else {
        return Ok(None);
    };
    Ok(hover::component_summary_at(&state.ws, &path, offset).map(Value::String))
}
