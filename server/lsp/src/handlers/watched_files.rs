//! `workspace/didChangeWatchedFiles`: unopened files changed on disk. The
//! server asks for them with a dynamic registration when the client
//! supports it.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher,
    GlobPattern, Registration,
};

/// The registration that asks the client to watch aisrm's candidate files.
pub fn registration() -> Registration {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*.{yaml,yml,md,markdown}".into()),
            kind: None,
        }],
    };
    Registration {
        id: "aisrm-watched-files".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// Re-reads the changed files; returns the files whose findings may have
/// changed.
pub fn did_change(
    state: &mut crate::state::State,
    params: DidChangeWatchedFilesParams,
) -> Vec<PathBuf> {
    let mut affected = Vec::new();
    for change in params.changes {
        let Some(path) = super::file_path(&change.uri, "workspace/didChangeWatchedFiles") else {
            continue;
        };
        affected.extend(state.load_from_disk(&path));
        affected.push(path);
    }
    affected.sort();
    affected.dedup();
    affected
}
