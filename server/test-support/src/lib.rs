//! What the tests, the fuzz targets and the benchmark share, written once:
//! `file://` URIs ([`file_uri`]), the hostile inputs ([`bombs`]), the
//! command line's runner and folders ([`cli`]), and with
//! the `client` feature JSON-RPC framing (`frame`) and the LSP test client
//! (`client`).
//!
//! Written independently of the server's own code (its URI conversion,
//! its framing, aisrm-core's `LineIndex`), so the tests check them.

pub mod bombs;
pub mod cli;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
pub mod frame;
pub mod generate;

use std::path::Path;

#[cfg(feature = "client")]
pub use client::{Client, Enc, RawWriter, Setup, TIMEOUT, codes, pos};

/// A `file://` URI for an absolute path, percent-encoding every byte
/// outside RFC 3986's unreserved characters (and `/`).
pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every file below `root` (recursively), sorted.
pub fn files_under(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_percent_encode_what_must_be() {
        assert_eq!(
            file_uri(Path::new("/tmp/my inv#1/ü.yaml")),
            "file:///tmp/my%20inv%231/%C3%BC.yaml"
        );
    }
}
