//! Which files aisrm reads from disk, with what limits, and which of the
//! unreadable ones are reported: one policy for `aisrm check` and the
//! editor (a file one analyses and the other skips would be a finding that
//! comes and goes). Apart from [`crate::workspace::NativeEnvironment`] and
//! discovery's walk (which reads through [`read_at_most`]), this is the
//! only module of core that touches the disk.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::workspace::{is_candidate, is_inventory_name, is_markdown, normalize};

/// Largest file aisrm reads.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Folders never walked: dependencies others wrote, and build output.
pub const SKIPPED_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "bower_components",
    "jspm_packages",
    ".venv",
    "venv",
    "site-packages",
    "__pycache__",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    "vendor",
    "third_party",
    "target",
    "dist",
    "build",
    "out",
    "obj",
    ".next",
    ".nuxt",
    ".svelte-kit",
    ".gradle",
    ".terraform",
    ".terragrunt-cache",
    "Pods",
    ".dart_tool",
];

/// The one walk of a project's folders, for aisrm's own files and for
/// discovery alike (so `check`, `discover` and the editor see the same
/// files): `.gitignore`, `.ignore` and `.git/info/exclude` honoured, in a
/// git repository or not, but not the user's global excludes (every
/// machine sees the same files); symlinks not followed; [`SKIPPED_DIRS`]
/// not entered. Hidden files are walked (discovery reads
/// `.vscode/mcp.json`); aisrm's own files are not taken from them
/// ([`is_aisrm_file`]).
pub fn walker(root: &Path) -> ignore::WalkParallel {
    ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && e.depth() > 0 && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d))
        })
        .build_parallel()
}

/// Whether the walk hands the file at `rel` (relative to the walked
/// folder, with `/`) to aisrm's analysis: YAML or Markdown, in no hidden
/// folder and not hidden itself.
pub fn is_aisrm_file(path: &Path, rel: &str) -> bool {
    is_candidate(path) && !rel.split('/').any(|part| part.starts_with('.'))
}

/// The candidate files (YAML and Markdown) under `dirs`, sorted, without
/// duplicates, as [`walker`] finds them.
pub fn walk(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let found = Mutex::new(Vec::new());
    for dir in dirs {
        walker(dir).run(|| {
            let found = &found;
            Box::new(move |entry| {
                if let Ok(entry) = entry
                    && entry.file_type().is_some_and(|t| t.is_file())
                    && is_aisrm_file(entry.path(), &relative(dir, entry.path()))
                {
                    let path = normalize(entry.path());
                    found.lock().unwrap_or_else(|p| p.into_inner()).push(path);
                }
                ignore::WalkState::Continue
            })
        });
    }
    let mut out = found.into_inner().unwrap_or_else(|p| p.into_inner());
    out.sort();
    out.dedup();
    out
}

/// `path` relative to `root`, with `/` separators (the file name when
/// `root` is the file itself).
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path
        .strip_prefix(root)
        .ok()
        .filter(|r| !r.as_os_str().is_empty());
    let rel = rel.unwrap_or_else(|| Path::new(path.file_name().unwrap_or_default()));
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// [`walker`]'s ignore rules for one path at a time (the editor's files
/// arrive one by one, not from a walk): `.ignore`, then `.gitignore`, in
/// the folders from `root` down to the file, the deepest first, then
/// `root`'s `.git/info/exclude`. Each folder's files are read once and
/// kept: a `.gitignore` edited while the server runs counts after a
/// restart.
#[derive(Clone, Debug, Default)]
pub struct IgnoreRules {
    root: PathBuf,
    folders: Arc<Mutex<HashMap<PathBuf, Arc<FolderRules>>>>,
}

#[derive(Debug)]
struct FolderRules {
    ignore: Gitignore,
    gitignore: Gitignore,
    /// `.git/info/exclude` (the root's only).
    exclude: Gitignore,
}

impl IgnoreRules {
    pub fn new(root: PathBuf) -> Self {
        IgnoreRules {
            root,
            folders: Arc::default(),
        }
    }

    /// Whether the walk from the root leaves the file at `path` out.
    pub fn ignores(&self, path: &Path) -> bool {
        let Ok(rest) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut folders = vec![self.root.clone()];
        for part in rest.parent().into_iter().flat_map(Path::components) {
            let deeper = folders[folders.len() - 1].join(part);
            folders.push(deeper);
        }
        let rules: Vec<Arc<FolderRules>> = folders.iter().rev().map(|f| self.of(f)).collect();
        let first = |pick: fn(&FolderRules) -> &Gitignore| {
            rules
                .iter()
                .map(|r| pick(r).matched_path_or_any_parents(path, false))
                .find(|m| !m.is_none())
        };
        let decided = first(|r| &r.ignore)
            .or_else(|| first(|r| &r.gitignore))
            .or_else(|| first(|r| &r.exclude));
        decided.is_some_and(|m| m.is_ignore())
    }

    fn of(&self, folder: &Path) -> Arc<FolderRules> {
        let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
        folders
            .entry(folder.to_path_buf())
            .or_insert_with(|| {
                let exclude = match folder == self.root {
                    true => exclude_of(folder),
                    false => Gitignore::empty(),
                };
                Arc::new(FolderRules {
                    ignore: Gitignore::new(folder.join(".ignore")).0,
                    gitignore: Gitignore::new(folder.join(".gitignore")).0,
                    exclude,
                })
            })
            .clone()
    }
}

fn exclude_of(root: &Path) -> Gitignore {
    let mut builder = GitignoreBuilder::new(root);
    builder.add(root.join(".git/info/exclude"));
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// What reading one file gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Disk {
    Text(String),
    /// An aisrm file that cannot be analysed, with why (reported as
    /// `unreadable-file`).
    Unreadable(String),
    /// Not read: too large or undecodable, and not recognisably aisrm's.
    Skipped,
    /// Gone, or not a regular file.
    Missing,
}

/// Reads `path` under the policy above.
pub fn read(path: &Path) -> Disk {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() > MAX_FILE_BYTES => too_large(path, m.len()),
        Ok(m) if m.is_file() => judge(path, read_at_most(path, MAX_FILE_BYTES)),
        _ => Disk::Missing,
    }
}

/// The bytes of the file at `path` when it has at most `limit` of them,
/// else (`Err`) its length. One `open` and its reads, no `stat` by path:
/// the walk knows from the directory that the file is a regular one, and
/// a stat before each read was a fifth of `aisrm discover`'s time.
pub fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(8 * 1024);
    (&mut file).take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        let len = file.metadata().map_or(bytes.len() as u64, |m| m.len());
        return Ok(Err(len));
    }
    Ok(Ok(bytes))
}

/// What a read of `path` with [`read_at_most`] (at [`MAX_FILE_BYTES`] or
/// more) means for aisrm's analysis.
pub fn judge(path: &Path, read: std::io::Result<Result<Vec<u8>, u64>>) -> Disk {
    match read {
        Ok(Ok(bytes)) if bytes.len() as u64 <= MAX_FILE_BYTES => decode(path, bytes),
        Ok(Ok(bytes)) => too_large(path, bytes.len() as u64),
        Ok(Err(len)) => too_large(path, len),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Disk::Missing,
        Err(e) => Disk::Unreadable(format!("cannot read the file: {e}")),
    }
}

fn too_large(path: &Path, len: u64) -> Disk {
    if is_inventory_name(path) {
        let mib = MAX_FILE_BYTES / (1024 * 1024);
        return Disk::Unreadable(format!(
            "the file is {len} bytes, more than the {mib} MiB aisrm reads"
        ));
    }
    Disk::Skipped
}

fn decode(path: &Path, bytes: Vec<u8>) -> Disk {
    match String::from_utf8(bytes) {
        Ok(text) => Disk::Text(text),
        Err(e) if is_aisrm_bytes(path, e.as_bytes()) => Disk::Unreadable(format!(
            "the file is not UTF-8 text (invalid byte at offset {}); aisrm reads UTF-8 only",
            e.utf8_error().valid_up_to()
        )),
        Err(_) => Disk::Skipped,
    }
}

/// Whether undecodable bytes are recognisably an aisrm file: an inventory
/// by name, or Markdown that the design-doc rule would take (an aisrm
/// fence, or a component link into a file named as an inventory).
fn is_aisrm_bytes(path: &Path, bytes: &[u8]) -> bool {
    const DESIGN_DOC_MARKS: [&[u8]; 6] = [
        b"```aisrm",
        b"~~~aisrm",
        b".aisrm.yaml#",
        b".aisrm.yml#",
        b"ai-inventory.yaml#",
        b"ai-inventory.yml#",
    ];
    let contains = |mark: &[u8]| bytes.windows(mark.len()).any(|w| w == mark);
    is_inventory_name(path) || (is_markdown(path) && DESIGN_DOC_MARKS.iter().any(|m| contains(m)))
}
