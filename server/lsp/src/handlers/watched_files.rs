//! `workspace/didChangeWatchedFiles`: unopened files changed on disk. The
//! server asks for them with a dynamic registration when the client
//! supports it.

use std::path::{Path, PathBuf};

use aisrm_core::project;

use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions, FileChangeType,
    FileSystemWatcher, GlobPattern, Registration,
};

use crate::project::Reloaded;

/// The registration that asks the client to watch aisrm's candidate files
/// and the files discovery reads.
pub fn registration() -> Registration {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![
            FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{yaml,yml,md,markdown}".into()),
                kind: None,
            },
            FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{}", project::FILE_NAME)),
                kind: None,
            },
            // The files discovery reads have many names (manifests, MCP
            // configs, IaC, code); the server keeps those it reads.
            FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*".into()),
                kind: None,
            },
        ],
    };
    Registration {
        id: "aisrm-watched-files".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// What the changes did.
pub struct Changed {
    /// The files whose findings may have changed.
    pub affected: Vec<PathBuf>,
    /// Set when an `aisrm.toml` changed (and was read again).
    pub reloaded: Option<Reloaded>,
}

/// Re-reads the changed files, and the project configuration when an
/// `aisrm.toml` or one of the project's own signal files changed.
pub fn did_change(state: &mut crate::state::State, params: DidChangeWatchedFilesParams) -> Changed {
    let mut affected = Vec::new();
    let mut config_changed = false;
    let mut signals_touched = false;
    for change in params.changes {
        let Some(path) = super::file_path(&change.uri, "workspace/didChangeWatchedFiles") else {
            continue;
        };
        if crate::project::is_config(&path) {
            config_changed = true;
            continue;
        }
        if crate::discovered::is_signal_file(state, &path) {
            signals_touched = true;
        }
        if change.typ == FileChangeType::DELETED {
            for inside in known_under(state, &path) {
                affected.extend(state.load_from_disk(&inside));
                affected.push(inside);
            }
        }
        affected.extend(state.load_from_disk(&path));
        affected.push(path);
    }
    let reloaded = (config_changed || signals_touched).then(|| {
        let mut reloaded = crate::project::reload(state, signals_touched);
        affected.append(&mut reloaded.applied.affected);
        reloaded
    });
    affected.sort();
    affected.dedup();
    Changed { affected, reloaded }
}

/// The files the server knows under `dir`: a deleted folder is reported
/// once, for the folder (VS Code's watcher does so), and its files are
/// gone with it.
fn known_under(state: &crate::state::State, dir: &Path) -> Vec<PathBuf> {
    let mut out = state.discovery.evidence_files();
    out.extend(state.ws.paths());
    out.retain(|p| p.starts_with(dir) && p != dir);
    out.sort();
    out.dedup();
    out
}
