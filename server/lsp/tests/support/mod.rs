//! The LSP crate's test helpers: cursor-marked fixtures, position
//! conversion (written independently of aisrm-core's LineIndex, so the
//! tests check it) and fixture workspaces. The client itself is the shared
//! one of `aisrm-test-support`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

#[allow(unused_imports)]
pub use aisrm_test_support::{Client, Enc, RawWriter, Setup, TIMEOUT, codes, file_uri, frame, pos};

/// `text` with its `$0` marker removed, and the marker's byte offset.
pub fn marked(text: &str) -> (String, usize) {
    let offset = text.find("$0").expect("fixture has a $0 marker");
    (text.replacen("$0", "", 1), offset)
}

/// Byte offset of an LSP position.
pub fn offset(text: &str, pos: &Value, enc: Enc) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').unwrap() + 1;
    }
    let mut remaining = col;
    for (i, c) in text[start..].char_indices() {
        if remaining == 0 || c == '\n' {
            return start + i;
        }
        remaining -= match enc {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        };
    }
    text.len()
}

/// The text an LSP range covers.
pub fn slice<'t>(text: &'t str, range: &Value, enc: Enc) -> &'t str {
    &text[offset(text, &range["start"], enc)..offset(text, &range["end"], enc)]
}

/// A temporary copy of a fixture workspace.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "aisrm-lsp-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Canonical, so URIs match what the server derives.
        TempDir(dir.canonicalize().unwrap())
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let dir = Self::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, &dir.0);
        dir
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    pub fn uri(&self, rel: &str) -> String {
        file_uri(&self.path(rel))
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// A client whose server has been initialised on `ws` and has indexed it.
pub async fn start(ws: &TempDir, setup: Setup) -> Client {
    let mut client = Client::start();
    client.initialize(&ws.0, setup).await;
    client.indexed().await;
    client
}

/// The default setup with UTF-8 positions.
pub fn utf8() -> Setup {
    Setup::utf8()
}
