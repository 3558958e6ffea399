//! Discovery in the server: the evidence of the files discovery reads,
//! kept per file by core's [`Live`] (scanned when the editor opens or
//! changes such a file, when it changes on disk, and once by the index
//! walk), and the drift findings, hover, inlay hints and fixes at that
//! evidence. Only when the project has an inventory; on those files the
//! server offers nothing else.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aisrm_core::diagnostics::Diagnostic as CoreDiagnostic;
use aisrm_core::discovery::drift::{self, ConfigFile, Finding, Project};
use aisrm_core::discovery::live::{Change, Live};
use aisrm_core::discovery::project_signals::{ProjectSignals, RefusedFile};
use aisrm_core::discovery::{self, Signals, walk};
use aisrm_core::document::FileKind;
use aisrm_core::ide::evidence;
use aisrm_core::ide::hover::Hover;
use aisrm_core::ide::inlay::InlayHint;
use aisrm_core::project::FILE_NAME;
use aisrm_core::text::{LineIndex, TextRange};
use aisrm_core::workspace::Workspace;

use tower_lsp_server::ls_types::Diagnostic;

use crate::convert::{self, TextRef};
use crate::state::State;

/// The folder discovery runs in: the project's (its `aisrm.toml`), else
/// the first workspace folder.
fn root(state: &State) -> Option<PathBuf> {
    match &state.project {
        Some(p) => Some(p.loaded.root().to_path_buf()),
        None => state.ws.roots().first().cloned(),
    }
}

/// Starts over when the discovery root moved (initialize, `aisrm.toml`
/// created or deleted) or `signals_changed` (the project's own signal
/// files); the index walk fills it again. Returns the files that had
/// evidence.
/// The refused signal files too (their findings come or go).
pub fn reroot(state: &mut State, signals_changed: bool) -> Vec<PathBuf> {
    let root = root(state);
    if state.discovery.root() == root.as_deref() && !signals_changed {
        return Vec::new();
    }
    let mut gone = state.discovery.evidence_files();
    let mut signals = ProjectSignals::read(state.project.as_ref().map(|p| &p.loaded));
    gone.extend(refused_files(state));
    state.refused_signals = std::mem::take(&mut signals.refused)
        .into_iter()
        .map(|r| Arc::new(Refused::new(r)))
        .collect();
    gone.extend(refused_files(state));
    state.discovery = root.map_or_else(Live::default, |r| Live::new(r, signals));
    gone
}

/// A project signal file discovery leaves out (`invalid-config` at each
/// problem, as `aisrm check` reports them), with the text they are in.
#[derive(Debug)]
pub struct Refused {
    pub path: PathBuf,
    text: String,
    index: LineIndex,
    diagnostics: Vec<CoreDiagnostic>,
}

impl Refused {
    fn new(file: RefusedFile) -> Self {
        Refused {
            index: LineIndex::new(&file.text),
            path: file.path,
            text: file.text,
            diagnostics: file.diagnostics,
        }
    }
}

/// The project signal files that are refused.
pub fn refused_files(state: &State) -> Vec<PathBuf> {
    state
        .refused_signals
        .iter()
        .map(|r| r.path.clone())
        .collect()
}

/// The findings of `path` when it is a refused signal file.
pub fn refused_diagnostics(state: &State, path: &Path) -> Vec<Diagnostic> {
    let none = |_: &Path| None;
    state
        .refused_signals
        .iter()
        .filter(|r| r.path == path)
        .flat_map(|r| {
            let text = TextRef {
                text: &r.text,
                index: &r.index,
            };
            r.diagnostics.iter().filter_map(move |d| {
                convert::diagnostic(d, text, state.enc, &state.settings, &none)
            })
        })
        .collect()
}

/// Whether `path` is one of the project's own signal files (a change
/// reads the project's signals again and walks the root again).
pub fn is_signal_file(state: &State, path: &Path) -> bool {
    state.project.as_ref().is_some_and(|p| {
        let root = p.loaded.root();
        p.loaded
            .config
            .signals
            .iter()
            .any(|s| root.join(&s.value) == path)
    })
}

/// The project's own signal files as `aisrm.toml` lists them.
pub fn signal_files(project: Option<&crate::project::Project>) -> Vec<String> {
    project.map_or_else(Vec::new, |p| {
        p.loaded
            .config
            .signals
            .iter()
            .map(|s| s.value.clone())
            .collect()
    })
}

/// Gives discovery the current text of `path` (the editor's, or the
/// disk's); returns the files whose drift findings may have changed.
pub fn set_text(state: &mut State, path: &Path, text: Arc<str>) -> Vec<PathBuf> {
    let change = state.discovery.set_text(path, text);
    changed(state, path, change)
}

/// Reads a discovery file that is not open from the disk again (changed,
/// created or deleted).
pub fn load_from_disk(state: &mut State, path: &Path) -> Vec<PathBuf> {
    if state.discovery.rel(path).is_none() {
        return Vec::new();
    }
    match walk::read(path) {
        Ok(text) => set_text(state, path, text.into()),
        Err(_) => remove(state, path),
    }
}

/// Forgets `path` (deleted, or no longer read).
pub fn remove(state: &mut State, path: &Path) -> Vec<PathBuf> {
    let change = state.discovery.remove(path);
    changed(state, path, change)
}

fn changed(state: &State, path: &Path, change: Change) -> Vec<PathBuf> {
    match change {
        Change::None => Vec::new(),
        Change::Moved => vec![path.to_path_buf()],
        Change::Evidence => {
            let mut all = drift_files(state);
            all.push(path.to_path_buf());
            all
        }
    }
}

/// Every file a drift finding can be in: the evidence files and the
/// inventories.
pub fn drift_files(state: &State) -> Vec<PathBuf> {
    let mut out = state.discovery.evidence_files();
    out.extend(drift::inventories(&state.ws).iter().map(|f| f.path.clone()));
    out
}

/// What an inventory declares to discovery (its component ids and
/// `covers:`), as a hash; `None` for a file that declares nothing. An
/// edit that leaves it alone cannot change a finding at the evidence.
pub fn declarations(ws: &Workspace, path: &Path) -> Option<u64> {
    let file = ws.file(path)?;
    if file.kind == FileKind::Framework {
        return None;
    }
    let mut h = DefaultHasher::new();
    (file.kind == FileKind::Inventory).hash(&mut h);
    for c in &file.document.components {
        c.id.value.hash(&mut h);
        for cover in &c.covers {
            cover.value.hash(&mut h);
        }
    }
    Some(h.finish())
}

/// The evidence files' texts under `root`: the parallel walk finds the
/// files with evidence, each is then read for its positions.
pub fn walk(root: &Path, signals: &Signals) -> Vec<(PathBuf, Arc<str>)> {
    let walked = discovery::walk_root(root, signals);
    let mut paths: Vec<PathBuf> = walked.hits.iter().map(|h| root.join(&h.path)).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|p| Some((walk::read(&p).ok()?.into(), p)))
        .map(|(text, p)| (p, text))
        .collect()
}

/// Takes what [`walk`] found (open files keep the editor's text); returns
/// the files whose drift findings may have changed.
pub fn add_walked(state: &mut State, found: Vec<(PathBuf, Arc<str>)>) -> Vec<PathBuf> {
    let mut affected = drift_files(state);
    let walked: std::collections::HashSet<PathBuf> = found.iter().map(|(p, _)| p.clone()).collect();
    let docs = &state.docs;
    affected.extend(
        state
            .discovery
            .retain(|p| walked.contains(p) || docs.contains_key(p)),
    );
    for (path, text) in found {
        if !state.docs.contains_key(&path) {
            state.discovery.set_text(&path, text);
        }
    }
    affected.extend(drift_files(state));
    affected.extend(refused_files(state));
    affected.sort();
    affected.dedup();
    affected
}

/// The `aisrm.toml` drift is judged against: the project's, else the one
/// the acknowledge fix would create at the root.
fn config_path(state: &State) -> Option<PathBuf> {
    match &state.project {
        Some(p) => Some(p.loaded.path.clone()),
        None => Some(state.discovery.root()?.join(FILE_NAME)),
    }
}

/// The files whose drift findings an edit of `path` in the editor may
/// change: all of them when it is that `aisrm.toml` (its acknowledgements
/// apply as typed).
pub fn config_edited(state: &State, path: &Path) -> Vec<PathBuf> {
    if config_path(state).as_deref() == Some(path) {
        drift_files(state)
    } else {
        Vec::new()
    }
}

/// Runs `f` on what drift is judged against: the workspace, the root, the
/// acknowledged entries and `aisrm.toml` (the editor's text when open, its
/// acknowledgements too; empty, at the root, when there is none: the
/// acknowledge fix creates it).
pub fn with_project<R>(state: &State, f: impl FnOnce(&Project) -> R) -> Option<R> {
    let root = state.discovery.root()?;
    let config_path = config_path(state)?;
    let config_text = match (state.docs.get(&config_path), &state.project) {
        (Some(doc), _) => &*doc.text,
        (None, Some(p)) => p.loaded.text.as_str(),
        (None, None) => "",
    };
    // An open aisrm.toml's acknowledgements apply as typed, before a save.
    let typed = state
        .docs
        .get(&config_path)
        .map(|doc| aisrm_core::project::parse(&doc.text).0);
    let acknowledged = typed
        .as_ref()
        .or(state.project.as_ref().map(|p| &p.loaded.config))
        .map_or_else(Vec::new, |c| {
            c.acknowledged
                .iter()
                .map(|(entry, reason)| (entry.as_str(), reason.as_str()))
                .collect()
        });
    let project = Project {
        root,
        workspace: &state.ws,
        acknowledged,
        config: Some(ConfigFile {
            path: &config_path,
            text: config_text,
        }),
    };
    Some(f(&project))
}

/// The drift findings in `path` (with their fixes): undeclared components
/// at its evidence, components of an inventory that discovery does not find.
pub fn findings(state: &State, path: &Path) -> Vec<Finding> {
    let found = state.discovery.found();
    let mut out = Vec::new();
    if state.discovery.has_evidence(path)
        && state.ws.file(path).is_none()
        && let Some(rel) = state.discovery.rel(path)
    {
        out.extend(
            with_project(state, |p| drift::undeclared_in(p, found, &rel)).unwrap_or_default(),
        );
    }
    if let Some(file) = state.ws.file(path)
        && file.kind != FileKind::Framework
        && state.discovery.is_walked()
    {
        out.extend(
            drift::not_found_in(file, found)
                .into_iter()
                .map(|diagnostic| Finding {
                    path: path.to_path_buf(),
                    diagnostic,
                    fixes: Vec::new(),
                }),
        );
    }
    out
}

/// Whether the server is attached to `path` as a discovery file: a file
/// with evidence that aisrm does not analyse itself, in a project with an
/// inventory. There it offers only drift's features.
pub fn attached(state: &State, path: &Path) -> bool {
    state.ws.file(path).is_none()
        && state.discovery.has_evidence(path)
        && drift::has_inventory(&state.ws)
}

/// The hover at evidence in an attached file.
pub fn hover(state: &State, path: &Path, offset: usize) -> Option<Hover> {
    let rel = state.discovery.rel(path)?;
    let found = state.discovery.found();
    with_project(state, |p| evidence::hover(p, found, &rel, offset)).flatten()
}

/// The inlay hints at evidence in `range` of an attached file.
pub fn inlay_hints(state: &State, path: &Path, range: TextRange) -> Vec<InlayHint> {
    let Some(rel) = state.discovery.rel(path) else {
        return Vec::new();
    };
    let found = state.discovery.found();
    with_project(state, |p| evidence::inlay_hints(p, found, &rel, range)).unwrap_or_default()
}
