//! Indexing the workspace folders on `initialized`: the files
//! `aisrm_core::files` picks, read off the async runtime.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aisrm_core::files;

use crate::project::Project;
use crate::state::{Disk, State, read_disk};

/// The candidate files under `roots` (sorted) that the project's
/// `aisrm.toml` includes, as the CLI walks them.
pub fn walk(roots: &[PathBuf], project: Option<&Project>) -> Vec<PathBuf> {
    let mut paths = files::walk(roots);
    if let Some(p) = project {
        paths.retain(|path| p.filter.includes(path));
    }
    paths
}

/// Reads one file for the index (`None` when it is skipped).
pub fn read(path: &Path) -> Option<Result<String, String>> {
    match read_disk(path) {
        Disk::Text(text) => Some(Ok(text)),
        Disk::Unreadable(message) => Some(Err(message)),
        Disk::Skipped | Disk::Missing => None,
    }
}

/// Adds files read for the index to the workspace (open documents keep
/// the editor's text). Returns the files whose findings may have changed
/// and how many of the files were analysed.
pub fn add(
    state: &mut State,
    read: Vec<(PathBuf, Result<String, String>)>,
) -> (Vec<PathBuf>, usize) {
    let mut affected = Vec::new();
    let mut texts = Vec::new();
    for (path, result) in read {
        if state.docs.contains_key(&path) {
            continue; // the editor's text wins
        }
        match result {
            Ok(text) => texts.push((path, Arc::<str>::from(text))),
            Err(message) => {
                state.unreadable.insert(path.clone(), message);
                affected.push(path);
            }
        }
    }
    let paths: Vec<PathBuf> = texts.iter().map(|(p, _)| p.clone()).collect();
    affected.extend(state.set_files(texts));
    let indexed = paths.iter().filter(|p| state.ws.file(p).is_some()).count();
    affected.sort();
    affected.dedup();
    (affected, indexed)
}
