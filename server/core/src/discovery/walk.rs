//! The parallel walk: [`files::walker`]'s folders, each file read at most
//! once and only when a source (or aisrm's own analysis) wants it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Hit, Need, Note, Signals, Source};
use crate::files::{self, Disk};

pub use crate::files::{SKIPPED_DIRS, relative};

/// Files larger than this are skipped with a note.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// A line longer than this marks a minified file (skipped with a note).
pub const MAX_LINE_BYTES: usize = 20_000;

#[derive(Default)]
pub struct Walked {
    pub hits: Vec<Hit>,
    pub notes: Vec<Note>,
    pub files_read: usize,
    /// aisrm's own files met on the way ([`files::is_aisrm_file`]) and
    /// what reading them gave, when the walk was asked for them.
    pub aisrm_files: Vec<(PathBuf, Disk)>,
}

impl Walked {
    fn append(&mut self, other: &mut Walked) {
        self.hits.append(&mut other.hits);
        self.notes.append(&mut other.notes);
        self.aisrm_files.append(&mut other.aisrm_files);
        self.files_read += other.files_read;
    }

    fn is_empty(&self) -> bool {
        self.hits.is_empty()
            && self.notes.is_empty()
            && self.aisrm_files.is_empty()
            && self.files_read == 0
    }
}

/// What a walk scans for.
#[derive(Clone, Copy)]
pub struct Scan<'a> {
    pub sources: &'a [Box<dyn Source>],
    pub signals: &'a Signals,
    /// Also read aisrm's own files (so `check` walks and reads once).
    pub aisrm_files: bool,
}

pub fn walk(root: &Path, scan: Scan) -> Walked {
    let collected = Mutex::new(Walked::default());
    files::walker(root).run(|| {
        let collected = &collected;
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if entry.file_type().is_some_and(|t| t.is_file()) {
                let rel = relative(root, entry.path());
                let mut local = Walked::default();
                visit(entry.path(), &rel, scan, &mut local);
                if !local.is_empty() {
                    let mut all = collected.lock().unwrap_or_else(|p| p.into_inner());
                    all.append(&mut local);
                }
            }
            ignore::WalkState::Continue
        })
    });
    collected.into_inner().unwrap_or_else(|p| p.into_inner())
}

fn visit(path: &Path, rel: &str, scan: Scan, out: &mut Walked) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let wanting: Vec<(&dyn Source, Need)> = scan
        .sources
        .iter()
        .map(|s| (s.as_ref(), s.wants(rel, name)))
        .filter(|(_, n)| *n != Need::Nothing)
        .collect();
    let need = wanting
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(Need::Nothing);
    let aisrm = scan.aisrm_files && files::is_aisrm_file(path, rel);
    if need == Need::Nothing && !aisrm {
        return;
    }
    let limit = if aisrm {
        files::MAX_FILE_BYTES
    } else {
        MAX_FILE_BYTES
    };
    let read = (need >= Need::Maybe || aisrm).then(|| files::read_at_most(path, limit));
    if need != Need::Nothing {
        let text = match &read {
            Some(read) if need >= Need::Maybe => discovery_text(read),
            _ => Ok(""),
        };
        match text {
            Ok(text) => {
                out.files_read += usize::from(need >= Need::Maybe);
                scan_file(rel, text, &wanting, scan.signals, out);
            }
            Err(why) if need == Need::Text => out.notes.push(Note {
                path: rel.to_string(),
                message: why,
            }),
            Err(_) => {}
        }
    }
    if let Some(read) = read.filter(|_| aisrm) {
        out.aisrm_files
            .push((path.to_path_buf(), files::judge(path, read)));
    }
}

fn scan_file(
    rel: &str,
    text: &str,
    wanting: &[(&dyn Source, Need)],
    signals: &Signals,
    out: &mut Walked,
) {
    let (mut hits, mut notes) = super::run_sources(rel, text, wanting, signals);
    out.hits.append(&mut hits);
    out.notes.append(&mut notes);
}

/// Reads a text file, refusing huge, binary, non-UTF-8 and minified
/// ones, and anything but a regular file (a FIFO would block the read).
pub fn read(path: &Path) -> Result<String, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("skipped: cannot read the file: {e}"))?;
    if !meta.is_file() {
        return Err("skipped: not a regular file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let read = files::read_at_most(path, MAX_FILE_BYTES);
    discovery_text(&read).map(str::to_string)
}

/// What discovery makes of a read with [`files::read_at_most`]: the text,
/// or why it is skipped.
fn discovery_text(read: &std::io::Result<Result<Vec<u8>, u64>>) -> Result<&str, String> {
    match read {
        Ok(Ok(bytes)) if bytes.len() as u64 <= MAX_FILE_BYTES => text_of(bytes),
        Ok(Ok(bytes)) => Err(too_large(bytes.len() as u64)),
        Ok(Err(len)) => Err(too_large(*len)),
        Err(e) => Err(format!("skipped: cannot read the file: {e}")),
    }
}

fn too_large(len: u64) -> String {
    format!("skipped: {len} bytes, more than the {MAX_FILE_BYTES} discovery reads")
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
pub(crate) fn text_of(bytes: &[u8]) -> Result<&str, String> {
    if let Some(why) = refusal(bytes) {
        return Err(why);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "skipped: not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        )
    })
}

#[cfg(all(test, unix))]
mod tests {
    use std::time::Duration;

    /// The editor reads a discovery file by path when the disk changes:
    /// a FIFO named `package.json` must not block that read.
    #[test]
    fn a_fifo_is_refused_not_waited_on() {
        let dir = std::env::temp_dir().join(format!("aisrm-walk-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("package.json");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || tx.send(super::read(&path)));
        let read = rx.recv_timeout(Duration::from_secs(10));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            read.expect("the read returned"),
            Err("skipped: not a regular file".to_string())
        );
    }
}
