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

/// Moves the security boundary to the current folders (re-analysing the
/// files whose custom framework it decides) and forgets the unopened files
/// no folder holds any more.
pub fn did_change(state: &mut State, params: DidChangeWorkspaceFoldersParams) -> FoldersChanged {
    let mut affected = Vec::new();
    let removed = paths(&params.event.removed);
    for root in &removed {
        affected.extend(state.ws.remove_root(root));
    }
    let added = paths(&params.event.added);
    for root in &added {
        affected.extend(state.ws.add_root(root));
    }
    let forgotten = |state: &State, path: &PathBuf| {
        removed.iter().any(|r| path.starts_with(r))
            && !state.ws.is_under_a_root(path)
            && !state.docs.contains_key(path)
    };
    for path in state.ws.paths() {
        if forgotten(state, &path) {
            affected.extend(state.remove_file(&path));
        }
    }
    let unreadable: Vec<PathBuf> = state.unreadable.keys().cloned().collect();
    for path in unreadable {
        if forgotten(state, &path) {
            state.unreadable.remove(&path);
            affected.push(path);
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
