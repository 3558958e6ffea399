//! Finding and reading the files `aisrm check` analyses.

use std::path::{Path, PathBuf};

use aisrm_core::diagnostics::{Code, Diagnostic};
use aisrm_core::files::{self, Disk};
use aisrm_core::project::{self, LoadedConfig};
use aisrm_core::text::TextRange;
use aisrm_core::workspace::{self, Workspace};

/// A file that could not be analysed, with why.
pub struct Unreadable {
    pub path: PathBuf,
    pub diagnostic: Diagnostic,
}

pub struct Collected {
    pub workspace: Workspace,
    pub unreadable: Vec<Unreadable>,
    /// The project's `aisrm.toml` (found from the first path), if any.
    pub config: Option<LoadedConfig>,
}

/// The paths a command was given, or the current directory.
pub fn paths_or_current_dir(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
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

/// Walks `paths` (files or directories) and analyses every candidate file,
/// read as [`aisrm_core::files`] decides. Errors are I/O problems with the arguments.
pub fn collect(paths: &[PathBuf]) -> Result<Collected, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let mut roots = Vec::new();
    let mut files = Vec::new();
    for arg in paths {
        let path = workspace::normalize(&cwd.join(arg));
        let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", arg.display()))?;
        if meta.is_dir() {
            roots.push(path.clone());
            files.extend(files::walk(std::slice::from_ref(&path)));
        } else {
            roots.push(path.parent().map(Path::to_path_buf).unwrap_or_default());
            files.push(path);
        }
    }
    files.sort();
    files.dedup();
    let config = roots
        .first()
        .and_then(|r| project::find(r))
        .map(|p| project::load(&p));
    let mut ws = Workspace::new(roots);
    if let Some(framework) = config.as_ref().and_then(|c| c.config.framework.as_deref()) {
        ws.set_default_framework(framework);
    }
    let mut unreadable = Vec::new();
    for path in files {
        match files::read(&path) {
            Disk::Text(text) => {
                ws.set_file(path, text);
            }
            Disk::Unreadable(why) => unreadable.push(Unreadable {
                diagnostic: Diagnostic::new(Code::UnreadableFile, TextRange::empty(0), why),
                path,
            }),
            Disk::Skipped | Disk::Missing => {}
        }
    }
    Ok(Collected {
        workspace: ws,
        unreadable,
        config,
    })
}
