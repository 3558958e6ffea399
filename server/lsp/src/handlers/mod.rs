//! One file per feature, requests and notifications alike; each turns LSP
//! params into core calls on the locked [`State`](crate::state::State) and
//! the core's data back into LSP. Notification handlers return the files
//! whose findings may have changed; `server.rs` publishes them.

pub mod code_action;
pub mod code_lens;
pub mod completion;
pub mod configuration;
pub mod diagnostics;
pub mod execute_command;
pub mod hover;
pub mod initialize;
pub mod inlay_hint;
pub mod navigation;
pub mod rename;
pub mod symbols;
pub mod text_sync;
pub mod watched_files;
pub mod workspace_folders;

use std::path::PathBuf;

use tower_lsp_server::ls_types::{Position, Uri};

use crate::convert;
use crate::state::State;

/// The file and byte offset of an LSP position (in the editor's text).
pub fn locate(state: &State, uri: &Uri, pos: Position) -> Option<(PathBuf, usize)> {
    let path = convert::uri_to_path(uri)?;
    let text = state.text_ref(&path)?;
    let offset = text.offset(pos, state.enc);
    Some((path, offset))
}
