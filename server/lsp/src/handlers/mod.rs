//! One file per feature, requests and notifications alike; each turns LSP
//! params into core calls on a [`State`](crate::state::State) and
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

use crate::convert::{self, TextRef};
use crate::log;
use crate::state::State;

/// The path of a `file:` URI; logs why `method` gets no answer otherwise.
pub fn file_path(uri: &Uri, method: &str) -> Option<PathBuf> {
    let path = convert::uri_to_path(uri);
    if path.is_none() {
        log::skipped(method, format_args!("{} is not a local file", uri.as_str()));
    }
    path
}

/// The path and current text of the document a request is about; logs
/// why `method` gets no answer when the server does not know it.
pub fn document<'s>(state: &'s State, uri: &Uri, method: &str) -> Option<(PathBuf, TextRef<'s>)> {
    let path = file_path(uri, method)?;
    let Some(text) = state.text_ref(&path) else {
        log::skipped(
            method,
            format_args!(
                "{} is neither open nor an aisrm file of the workspace",
                uri.as_str()
            ),
        );
        return None;
    };
    Some((path, text))
}

/// The file and byte offset of an LSP position (in the editor's text).
pub fn locate(state: &State, uri: &Uri, pos: Position, method: &str) -> Option<(PathBuf, usize)> {
    let (path, text) = document(state, uri, method)?;
    let offset = text.offset(pos, state.enc);
    Some((path, offset))
}
