//! Finding and reading the files `aisrm check`, `report` and `export`
//! analyse: the whole project, so that references resolve, with the given
//! paths choosing which files are shown.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aisrm_core::diagnostics::{Code, Diagnostic};
use aisrm_core::discovery::project_signals::ProjectSignals;
use aisrm_core::discovery::{self, Discovery};
use aisrm_core::files::{self, Disk};
use aisrm_core::project::{self, LoadedConfig};
use aisrm_core::text::TextRange;
use aisrm_core::workspace::{self, Workspace};

/// The paths a command shows and the project they are checked in.
#[derive(clap::Args)]
pub struct Scope {
    /// Files or directories whose findings are shown (default: the current
    /// directory).
    pub paths: Vec<PathBuf>,
    /// The project root references resolve against (default: the nearest
    /// folder with an aisrm.toml, else the git root, else the current
    /// directory).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

impl Scope {
    /// The paths given, or the current directory.
    pub fn paths(&self) -> Vec<PathBuf> {
        paths_or_current_dir(&self.paths)
    }
}

/// The paths a command was given, or the current directory.
pub fn paths_or_current_dir(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// What `check` and `report` say when the given paths hold no aisrm file.
pub const WHAT_IS_READ: &str = "(inventories are *.aisrm.yaml, ai-inventory.yaml or YAML with a top-level `aisrm:` key; design docs are Markdown with ```aisrm blocks or links to components of an inventory, `[text](ai-inventory.yaml#id)`)";

/// A file that could not be analysed, with why.
pub struct Unreadable {
    pub path: PathBuf,
    pub diagnostic: Diagnostic,
}

pub struct Collected {
    /// Every file of the project (and of the given paths outside it).
    pub workspace: Workspace,
    /// The unreadable files among the shown ones.
    pub unreadable: Vec<Unreadable>,
    /// The project's `aisrm.toml`, if any.
    pub config: Option<LoadedConfig>,
    /// The given paths, absolute and normalised.
    pub shown: Vec<PathBuf>,
    /// The project root (discovery runs there for drift findings).
    pub root: PathBuf,
    /// The project's discovery signals (built-in and its own).
    pub signals: ProjectSignals,
    /// What discovery found under the root, when it ran on the walk
    /// (evidence paths relative to the root).
    pub discovered: Option<Discovery>,
}

impl Collected {
    /// Whether `path`'s findings and components are shown: it is one of the
    /// given files or inside one of the given folders.
    pub fn is_shown(&self, path: &Path) -> bool {
        self.shown.iter().any(|p| path.starts_with(p))
    }

    /// The analysed files that are shown, sorted.
    pub fn shown_paths(&self) -> Vec<PathBuf> {
        let mut paths = self.workspace.paths();
        paths.retain(|p| self.is_shown(p));
        paths
    }
}

/// Paths relative to the current directory, with '/' separators (what
/// reports and exports show).
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
        .replace('\\', "/")
}

/// Where a command's files are: the given paths and the project they
/// are in.
pub struct Located {
    /// The given paths, absolute and normalised.
    pub shown: Vec<PathBuf>,
    /// The project root.
    pub root: PathBuf,
    /// The project's `aisrm.toml`, if any.
    pub config: Option<LoadedConfig>,
}

/// Finds the project `scope` is in and loads its `aisrm.toml`. Errors are
/// I/O problems with the arguments.
pub fn locate(scope: &Scope) -> Result<Located, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let mut shown = Vec::new();
    for arg in scope.paths() {
        let path = workspace::normalize(&cwd.join(&arg));
        std::fs::metadata(&path).map_err(|e| format!("{}: {e}", arg.display()))?;
        shown.push(path);
    }
    let root = match &scope.root {
        Some(dir) => {
            let dir = workspace::normalize(&cwd.join(dir));
            if !dir.is_dir() {
                return Err(format!("--root {}: not a directory", dir.display()));
            }
            dir
        }
        None => project::root(&shown[0], &cwd),
    };
    let config = Some(root.join(project::FILE_NAME))
        .filter(|p| p.is_file())
        .map(|p| project::load(&p));
    Ok(Located {
        shown,
        root,
        config,
    })
}

/// Reads every candidate file of the project `scope` is in (and of given
/// paths outside it) as [`aisrm_core::files`] decides and the project's
/// `aisrm.toml` (`paths.include` / `paths.exclude`) allows, and analyses
/// them together with its settings; discovery runs on the same walk of
/// the project (drift findings need it). Errors are I/O problems with the
/// arguments.
pub fn collect(scope: &Scope) -> Result<Collected, String> {
    Ok(read(locate(scope)?, true))
}

/// [`collect`] without discovery, for commands that find no drift
/// (`export` discovers the given paths itself, with its own evidence
/// paths).
pub fn collect_without_discovery(scope: &Scope) -> Result<Collected, String> {
    Ok(read(locate(scope)?, false))
}

/// [`collect`] for a located project; discovery on the walk when
/// `discovering`.
pub fn read(located: Located, discovering: bool) -> Collected {
    let Located {
        shown,
        root,
        config,
    } = located;
    let signals = ProjectSignals::read(config.as_ref());
    let (discovered, mut read) = if discovering {
        let (found, read) = discovery::discover_project(&root, signals.signals());
        (Some(found), read)
    } else {
        let read = files::walk(std::slice::from_ref(&root));
        (None, read.into_iter().map(read_file).collect())
    };
    let mut roots = vec![root.clone()];
    // What is given is read even where the project's walk does not go
    // (outside the root, or ignored by .gitignore).
    for path in shown.iter().filter(|p| **p != root) {
        let dir = if path.is_dir() {
            read.extend(
                files::walk(std::slice::from_ref(path))
                    .into_iter()
                    .map(read_file),
            );
            path.clone()
        } else {
            read.push(read_file(path.clone()));
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        if !dir.starts_with(&root) {
            roots.push(dir);
        }
    }
    for (path, _) in &mut read {
        *path = workspace::normalize(path);
    }
    if let Some(filter) = config.as_ref().map(LoadedConfig::path_filter) {
        read.retain(|(f, _)| filter.includes(f));
    }
    read.sort_by(|a, b| a.0.cmp(&b.0));
    read.dedup_by(|a, b| a.0 == b.0);
    let mut ws = Workspace::new(roots);
    if let Some(loaded) = &config {
        if let Some(framework) = loaded.config.framework.as_deref() {
            ws.set_default_framework(framework);
        }
        ws.set_settings(loaded.config.analysis_settings());
    }
    let mut collected = Collected {
        workspace: ws,
        unreadable: Vec::new(),
        config,
        shown,
        root,
        signals,
        discovered,
    };
    let mut texts = Vec::new();
    for (path, disk) in read {
        match disk {
            Disk::Text(text) => texts.push((path, Arc::<str>::from(text))),
            Disk::Unreadable(why) if collected.is_shown(&path) => {
                collected.unreadable.push(Unreadable {
                    diagnostic: Diagnostic::new(Code::UnreadableFile, TextRange::empty(0), why),
                    path,
                });
            }
            Disk::Unreadable(_) | Disk::Skipped | Disk::Missing => {}
        }
    }
    collected.workspace.set_files(texts);
    collected
}

fn read_file(path: PathBuf) -> (PathBuf, Disk) {
    let disk = files::read(&path);
    (path, disk)
}
