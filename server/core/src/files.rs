//! Which files aisrm reads from disk, with what limits, and which of the
//! unreadable ones are reported: one policy for `aisrm check` and the
//! editor (a file one analyses and the other skips would be a finding that
//! comes and goes). Apart from [`crate::workspace::NativeEnvironment`],
//! this is the only module of core that touches the disk.

use std::path::{Path, PathBuf};

use crate::workspace::{is_candidate, is_inventory_name, is_markdown, normalize};

/// Largest file aisrm reads.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The candidate files (YAML and Markdown) under `dirs`, sorted, without
/// duplicates. `.gitignore` is honoured inside a git repository or not;
/// hidden files and symlinks are not followed.
pub fn walk(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in dirs {
        let walker = ignore::WalkBuilder::new(dir)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .follow_links(false)
            .build();
        for entry in walker.flatten() {
            let path = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file()) && is_candidate(path) {
                out.push(normalize(path));
            }
        }
    }
    out.sort();
    out.dedup();
    out
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
    let len = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m.len(),
        _ => return Disk::Missing,
    };
    if len > MAX_FILE_BYTES {
        if is_inventory_name(path) {
            let mib = MAX_FILE_BYTES / (1024 * 1024);
            return Disk::Unreadable(format!(
                "the file is {len} bytes, more than the {mib} MiB aisrm reads"
            ));
        }
        return Disk::Skipped;
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Disk::Missing,
        Err(e) => return Disk::Unreadable(format!("cannot read the file: {e}")),
    };
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
