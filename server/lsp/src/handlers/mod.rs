//! One file per feature; each turns LSP params into core calls on the
//! locked [`State`](crate::state::State) and the core's data back into LSP.

pub mod code_action;
pub mod code_lens;
pub mod completion;
pub mod diagnostics;
pub mod execute_command;
pub mod hover;
pub mod inlay_hint;
pub mod navigation;
pub mod rename;
pub mod symbols;

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
