//! `workspace/didChangeWorkspaceFolders`.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{DidChangeWorkspaceFoldersParams, WorkspaceFolder};

use crate::convert;
use crate::state::State;

pub struct FoldersChanged {
    /// Files whose findings may have changed.
    pub affected: Vec<PathBuf>,
    /// New folders, still to be indexed.
    pub added: Vec<PathBuf>,
}

/// Adds the new roots and forgets the unopened files under removed ones.
pub fn did_change(state: &mut State, params: DidChangeWorkspaceFoldersParams) -> FoldersChanged {
    let added = paths(&params.event.added);
    for root in &added {
        state.ws.add_root(root);
    }
    let mut affected = Vec::new();
    for root in paths(&params.event.removed) {
        for path in state.ws.paths() {
            if path.starts_with(&root) && !state.docs.contains_key(&path) {
                affected.extend(state.ws.remove_file(&path));
            }
        }
    }
    FoldersChanged { affected, added }
}

fn paths(folders: &[WorkspaceFolder]) -> Vec<PathBuf> {
    folders
        .iter()
        .filter_map(|f| convert::uri_to_path(&f.uri))
        .collect()
}
