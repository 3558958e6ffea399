//! The project's `aisrm.toml` in the server: read with the CLI's loader
//! (`aisrm_core::project::open`) from the first workspace folder, its
//! problems published as diagnostics of the file itself, read again when
//! the file watcher reports a change. Precedence: defaults, then
//! `aisrm.toml`, then each setting the editor sends (clients send only
//! what the user set; see `config.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aisrm_core::project::{self, LoadedConfig, PathFilter};
use aisrm_core::text::LineIndex;
use tower_lsp_server::ls_types::Diagnostic;

use crate::config::Settings;
use crate::convert::{self, TextRef};
use crate::handlers::configuration::{self, Applied};
use crate::state::State;

/// A read `aisrm.toml` with what the server needs of it.
#[derive(Debug)]
pub struct Project {
    pub loaded: LoadedConfig,
    pub filter: PathFilter,
    index: LineIndex,
}

impl Project {
    fn new(loaded: LoadedConfig) -> Self {
        Self {
            filter: loaded.path_filter(),
            index: LineIndex::new(&loaded.text),
            loaded,
        }
    }

    /// The file's text as read.
    pub fn text_ref(&self) -> TextRef<'_> {
        TextRef {
            text: &self.loaded.text,
            index: &self.index,
        }
    }

    /// The problems of the file, at their lines.
    pub fn diagnostics(&self, state: &State) -> Vec<Diagnostic> {
        let text = self.text_ref();
        let none = |_: &Path| None;
        self.loaded
            .diagnostics
            .iter()
            .filter_map(|d| convert::diagnostic(d, text, state.enc, &Settings::default(), &none))
            .collect()
    }
}

/// Whether `path` is an `aisrm.toml`.
pub fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == project::FILE_NAME)
}

/// The configuration that applies to the workspace: the nearest
/// `aisrm.toml` at or above the first workspace folder.
pub fn read(roots: &[PathBuf]) -> Option<Arc<Project>> {
    let loaded = project::open(roots.first()?)?;
    Some(Arc::new(Project::new(loaded)))
}

/// The settings in effect: the project's, with the editor's on top.
pub fn effective_settings(
    project: Option<&Project>,
    client: &serde_json::Value,
) -> (Settings, Vec<String>) {
    let base = project
        .map(|p| Settings::from_project(&p.loaded.config))
        .unwrap_or_default();
    Settings::from_json_over(base, client)
}

/// What reading `aisrm.toml` again changed.
pub struct Reloaded {
    pub applied: Applied,
    /// `paths.include` / `paths.exclude` changed: files it now includes
    /// must be read (the server indexes the folders again).
    pub reindex: bool,
}

/// Reads the project's `aisrm.toml` again (changed, created or deleted)
/// and puts its settings and file filter into effect.
/// `signals_touched`: one of the project's own signal files changed.
pub fn reload(state: &mut State, signals_touched: bool) -> Reloaded {
    let old = state.project.take();
    state.project = read(state.ws.roots());
    let mut applied = configuration::refresh(state);
    // The old file's diagnostics go when it does.
    applied
        .affected
        .extend(old.iter().map(|p| p.loaded.path.clone()));
    // Acknowledgements may have changed, and the discovery root with the file.
    let signals_changed = signals_touched
        || crate::discovered::signal_files(old.as_deref())
            != crate::discovered::signal_files(state.project.as_deref());
    let rerooted = crate::discovered::reroot(state, signals_changed);
    let moved =
        !rerooted.is_empty() || state.discovery.root().is_some() && !state.discovery.is_walked();
    applied.affected.extend(rerooted);
    applied
        .affected
        .extend(crate::discovered::drift_files(state));
    let reindex = moved || filter_globs(old.as_deref()) != filter_globs(state.project.as_deref());
    if reindex {
        applied.affected.extend(apply_filter(state));
    }
    Reloaded { applied, reindex }
}

fn filter_globs(project: Option<&Project>) -> Option<(&Path, &[String], &[String])> {
    project.map(|p| {
        let c = &p.loaded.config;
        (p.loaded.root(), c.include.as_slice(), c.exclude.as_slice())
    })
}

/// Drops the files the project now leaves out and analyses the open
/// documents it now includes; returns the files whose findings changed.
fn apply_filter(state: &mut State) -> Vec<PathBuf> {
    let mut affected = Vec::new();
    for path in state.ws.paths() {
        if !includes(state, &path) {
            affected.extend(state.remove_file(&path));
            affected.push(path);
        }
    }
    let left_out: Vec<PathBuf> = state
        .unreadable
        .keys()
        .filter(|p| !includes(state, p))
        .cloned()
        .collect();
    for path in left_out {
        state.unreadable.remove(&path);
        affected.push(path);
    }
    let open: Vec<(PathBuf, Arc<str>)> = state
        .docs
        .iter()
        .filter(|(path, _)| includes(state, path) && state.ws.file(path).is_none())
        .map(|(path, doc)| (path.clone(), doc.text.clone()))
        .collect();
    for (path, text) in open {
        affected.extend(state.set_file(&path, text));
    }
    affected
}

/// Whether the project lets the server analyse `path`.
pub fn includes(state: &State, path: &Path) -> bool {
    state
        .project
        .as_ref()
        .is_none_or(|p| p.filter.includes(path))
}
