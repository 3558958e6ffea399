//! What the command line's end-to-end tests share: the repository's root,
//! fresh folders to work in, and the built binary run as a shell runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root (examples/, tests/fixtures/, schemas/).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `dir`, emptied (a rerun starts clean) and created.
pub fn fresh_dir(dir: PathBuf) -> PathBuf {
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh folder `aisrm-NAME-PID` in the system's temporary folder, its
/// path with symlinks resolved (as the server sees it).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aisrm-{name}-{}", std::process::id()));
    fresh_dir(dir).canonicalize().unwrap()
}

/// Runs `program args...` in `cwd` without colour (`NO_COLOR=1`) and waits
/// for it.
pub fn run(program: &str, args: &[&str], cwd: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The stdout of a run that must have exited with `code` (else the test
/// fails, showing the stderr).
pub fn expect_exit(out: &Output, code: i32) -> String {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text(&out.stdout)
}

/// The stdout of a run as JSON: the run must have exited 0 or 1 (exit 1
/// says there are findings), else the test fails with the stderr.
pub fn json_of(out: &Output) -> serde_json::Value {
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

/// Output bytes as text (they must be UTF-8).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// [`fresh_dir`] that is its own aisrm project (an empty `aisrm.toml`):
/// a folder under `target/` would otherwise belong to this repository's
/// project, whose fixtures declare the same component ids.
pub fn fresh_project(dir: PathBuf) -> PathBuf {
    let dir = fresh_dir(dir);
    std::fs::write(dir.join("aisrm.toml"), "").unwrap();
    dir
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
