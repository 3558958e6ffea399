//! Finding and reading the files `aisrm check` analyses.

use std::path::{Path, PathBuf};

use aisrm_core::diagnostics::{Code, Diagnostic};
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

/// Walks `paths` (files or directories, .gitignore honoured) and analyses
/// every candidate file. Errors are I/O problems with the arguments.
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
            walk(&path, &mut files);
        } else {
            roots.push(path.parent().map(Path::to_path_buf).unwrap_or_default());
            files.push(path);
        }
    }
    files.sort();
    files.dedup();
    let mut ws = Workspace::new(roots);
    let mut unreadable = Vec::new();
    for path in files {
        match read_text(&path) {
            Ok(text) => {
                ws.set_file(path, text);
            }
            Err(why) if workspace::is_inventory_name(&path) || has_markdown_fence(&path) => {
                unreadable.push(Unreadable {
                    diagnostic: Diagnostic::new(Code::UnreadableFile, TextRange::empty(0), why),
                    path,
                });
            }
            Err(_) => {}
        }
    }
    Ok(Collected {
        workspace: ws,
        unreadable,
    })
}

fn walk(root: &Path, out: &mut Vec<PathBuf>) {
    let walker = ignore::WalkBuilder::new(root).follow_links(false).build();
    for entry in walker.flatten() {
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if is_file && workspace::is_candidate(entry.path()) {
            out.push(entry.into_path());
        }
    }
}

/// Reads a file as UTF-8 text.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {}); aisrm reads UTF-8 only",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A Markdown file whose bytes mention an aisrm fence (to report an
/// unreadable design doc, not every broken Markdown file).
fn has_markdown_fence(path: &Path) -> bool {
    workspace::is_markdown(path)
        && std::fs::read(path).is_ok_and(|b| b.windows(8).any(|w| w == b"```aisrm"))
}
