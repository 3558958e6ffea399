//! The parallel walk: `.gitignore` honoured, vendored and build folders
//! skipped, each file read at most once and only when a source wants it.

use std::path::Path;
use std::sync::Mutex;

use super::{File, Hit, Hits, Need, Note, Signals, Source};

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

/// Files larger than this are skipped with a note.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// A line longer than this marks a minified file (skipped with a note).
pub const MAX_LINE_BYTES: usize = 20_000;

pub struct Walked {
    pub hits: Vec<Hit>,
    pub notes: Vec<Note>,
    pub files_read: usize,
}

#[derive(Default)]
struct Collected {
    hits: Vec<Hit>,
    notes: Vec<Note>,
    files_read: usize,
}

pub fn walk(root: &Path, sources: &[Box<dyn Source>], signals: &Signals) -> Walked {
    let collected = Mutex::new(Collected::default());
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && e.depth() > 0 && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d))
        })
        .build_parallel();
    walker.run(|| {
        let collected = &collected;
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if entry.file_type().is_some_and(|t| t.is_file()) {
                let rel = relative(root, entry.path());
                let mut local = Collected::default();
                visit(entry.path(), &rel, sources, signals, &mut local);
                if !local.hits.is_empty() || !local.notes.is_empty() || local.files_read > 0 {
                    let mut all = collected.lock().unwrap_or_else(|p| p.into_inner());
                    all.hits.append(&mut local.hits);
                    all.notes.append(&mut local.notes);
                    all.files_read += local.files_read;
                }
            }
            ignore::WalkState::Continue
        })
    });
    let c = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    Walked {
        hits: c.hits,
        notes: c.notes,
        files_read: c.files_read,
    }
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

fn visit(
    path: &Path,
    rel: &str,
    sources: &[Box<dyn Source>],
    signals: &Signals,
    out: &mut Collected,
) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let wanting: Vec<(&dyn Source, Need)> = sources
        .iter()
        .map(|s| (s.as_ref(), s.wants(rel, name)))
        .filter(|(_, n)| *n != Need::Nothing)
        .collect();
    let Some(need) = wanting.iter().map(|(_, n)| *n).max() else {
        return;
    };
    let reads = need >= Need::Maybe;
    let text = if reads {
        match read(path) {
            Ok(t) => t,
            Err(why) => {
                if need == Need::Text {
                    out.notes.push(Note {
                        path: rel.to_string(),
                        message: why,
                    });
                }
                return;
            }
        }
    } else {
        String::new()
    };
    out.files_read += usize::from(reads);
    let file = File {
        rel,
        name,
        text: &text,
    };
    let mut hits = Hits::new(rel, &text);
    for (source, n) in wanting {
        if n == Need::Path || !text.is_empty() {
            source.scan(&file, signals, &mut hits);
        }
    }
    out.hits.append(&mut hits.hits);
    out.notes.append(&mut hits.notes);
}

/// Reads a text file, refusing huge, binary, non-UTF-8 and minified ones.
pub fn read(path: &Path) -> Result<String, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("skipped: cannot read the file: {e}"))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "skipped: {} bytes, more than the {MAX_FILE_BYTES} discovery reads",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("skipped: cannot read the file: {e}"))?;
    check_text(bytes)
}

/// Why discovery does not scan these bytes (binary or minified), if so:
/// the checks of [`read`] that an editor's text also gets.
pub(crate) fn refusal(bytes: &[u8]) -> Option<String> {
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Some("skipped: a binary file".into());
    }
    if bytes
        .split(|b| *b == b'\n')
        .any(|l| l.len() > MAX_LINE_BYTES)
    {
        return Some(format!(
            "skipped: a line longer than {MAX_LINE_BYTES} bytes (minified or generated)"
        ));
    }
    None
}

/// The checks of [`read`] on bytes already in memory.
pub(crate) fn check_text(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(why) = refusal(&bytes) {
        return Err(why);
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "skipped: not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}
