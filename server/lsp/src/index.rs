//! Indexing the workspace folders on `initialized`: every YAML and
//! Markdown file not ignored by .gitignore (the `ignore` crate), read off
//! the async runtime.

use std::path::{Path, PathBuf};

use aisrm_core::workspace;

use crate::state::{Disk, State, read_disk};

/// The candidate files under `roots` (sorted), honouring .gitignore.
pub fn walk(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .follow_links(false)
            .build();
        for entry in walker.flatten() {
            let path = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file()) && workspace::is_candidate(path) {
                out.push(workspace::normalize(path));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Reads one file for the index (`None` when it is skipped).
pub fn read(path: &Path) -> Option<Result<String, String>> {
    match read_disk(path) {
        Disk::Text(text) => Some(Ok(text)),
        Disk::Unreadable(message) => Some(Err(message)),
        Disk::TooLarge | Disk::Missing => None,
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
    let mut indexed = 0;
    for (path, result) in read {
        if state.docs.contains_key(&path) {
            continue; // the editor's text wins
        }
        match result {
            Ok(text) => {
                affected.extend(state.ws.set_file(path.clone(), text));
                if state.ws.file(&path).is_some() {
                    indexed += 1;
                }
            }
            Err(message) => {
                state.unreadable.insert(path.clone(), message);
                affected.push(path);
            }
        }
    }
    affected.sort();
    affected.dedup();
    (affected, indexed)
}
