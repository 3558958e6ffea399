//! The disk as the workspace sees it. Analysis reads nothing itself: custom
//! framework files and symlink resolution go through an [`Environment`], so
//! tests can fake the disk and the reads that exist are in one place.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

/// What the workspace may ask of the file system.
pub trait Environment: Debug + Send + Sync {
    /// The file as UTF-8 text, refused past `max_bytes`; the error says why
    /// in words a finding can show.
    fn read_text(&self, path: &Path, max_bytes: u64) -> Result<String, String>;

    /// The path with symlinks resolved, `None` when it does not exist.
    fn canonicalize(&self, path: &Path) -> Option<PathBuf>;
}

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct NativeEnvironment;

impl Environment for NativeEnvironment {
    fn read_text(&self, path: &Path, max_bytes: u64) -> Result<String, String> {
        let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
        // A FIFO would block the read until some program writes to it.
        if !meta.is_file() {
            return Err("not a regular file".into());
        }
        if meta.len() > max_bytes {
            return Err(format!("larger than {max_bytes} bytes"));
        }
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
}
