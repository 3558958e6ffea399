//! The server's state: open documents, the core workspace, settings and
//! what the client supports. Edits change it in place; requests read an
//! immutable snapshot of it (see `shared.rs`). Cloning it shares every
//! file's text and analysis and copies only the maps.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aisrm_core::diagnostics::{Code, Diagnostic as CoreDiagnostic, Severity};
use aisrm_core::discovery::live::Live;
use aisrm_core::text::{Encoding, LineIndex, TextRange};
use aisrm_core::workspace::{self, Workspace};
use tower_lsp_server::ls_types::{Diagnostic, Uri};

use crate::config::Settings;
use crate::convert::{self, TextRef};
use crate::discovered;
use crate::documents::OpenDocument;
use crate::project::{self, Project};

#[derive(Clone, Copy, Debug, Default)]
pub struct Caps {
    pub work_done_progress: bool,
    pub watch_dynamic: bool,
    pub configuration: bool,
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub inlay_refresh: bool,
    pub code_lens_refresh: bool,
    /// Completion items may be snippets (`$1`, `${1|a,b|}`).
    pub snippets: bool,
    /// A workspace edit may create a file (`documentChanges` with the
    /// `create` resource operation).
    pub create_files: bool,
}

#[derive(Clone)]
pub struct State {
    pub ws: Workspace,
    pub docs: HashMap<PathBuf, OpenDocument>,
    pub enc: Encoding,
    pub caps: Caps,
    pub settings: Settings,
    /// Candidate files that are not UTF-8 (or cannot be read), by message.
    pub unreadable: HashMap<PathBuf, String>,
    /// The project's `aisrm.toml`, if any (`project.rs`).
    pub project: Option<Arc<Project>>,
    /// The `aisrm` settings as the client last sent them (they override
    /// the project's).
    pub client_settings: serde_json::Value,
    /// The evidence of the files discovery reads (`discovered.rs`).
    pub discovery: Live,
    /// The project's signal files discovery leaves out, with their findings.
    pub refused_signals: Vec<Arc<discovered::Refused>>,
}

pub use aisrm_core::files::{Disk, read as read_disk};

impl Default for State {
    fn default() -> Self {
        Self::new()
    }
}

impl State {
    pub fn new() -> Self {
        Self {
            ws: Workspace::new(Vec::new()),
            docs: HashMap::new(),
            enc: Encoding::Utf16,
            caps: Caps::default(),
            settings: Settings::default(),
            unreadable: HashMap::new(),
            project: None,
            client_settings: serde_json::Value::Null,
            discovery: Live::default(),
            refused_signals: Vec::new(),
        }
    }

    /// The current text of a file: the editor's when open, else the
    /// workspace's.
    pub fn text_ref(&self, path: &Path) -> Option<TextRef<'_>> {
        if let Some(doc) = self.docs.get(path) {
            // The workspace analysed this very text: reuse its line index.
            let index = match self.ws.file(path).and_then(|f| f.line_index_of(&doc.text)) {
                Some(index) => index,
                None => doc.index(),
            };
            return Some(TextRef {
                text: &doc.text,
                index,
            });
        }
        if let Some(f) = self.ws.file(path) {
            return Some(TextRef {
                text: &f.text,
                index: &f.line_index,
            });
        }
        let (text, index) = self.discovery.text(path)?;
        Some(TextRef { text, index })
    }

    pub fn uri(&self, path: &Path) -> Option<Uri> {
        match self.docs.get(path) {
            Some(doc) => Some(doc.uri.clone()),
            None => convert::path_to_uri(path),
        }
    }

    /// Core findings of a file (unreadable files and drift included).
    pub fn core_diagnostics(&self, path: &Path) -> Vec<Cow<'_, CoreDiagnostic>> {
        if let Some(message) = self.unreadable.get(path) {
            return vec![Cow::Owned(CoreDiagnostic::new(
                Code::UnreadableFile,
                TextRange::empty(0),
                message.clone(),
            ))];
        }
        let mut out = self.ws.diagnostics_borrowed(path);
        let drift = discovered::findings(self, path);
        if !drift.is_empty() {
            out.extend(drift.into_iter().map(|f| Cow::Owned(f.diagnostic)));
            out.sort_by_key(|d| (d.range.start, d.range.end));
        }
        out
    }

    /// Gives the workspace and discovery the text of `path`; returns the
    /// files whose findings may have changed. A file aisrm analyses
    /// itself is not a discovery file; an edit that changes what an
    /// inventory declares re-evaluates drift at every piece of evidence
    /// (a join: no discovery file is read or scanned again).
    pub fn set_file(&mut self, path: &Path, text: Arc<str>) -> Vec<PathBuf> {
        self.set_files(vec![(path.to_path_buf(), text)])
    }

    /// [`Self::set_file`] for many files (the index): the workspace
    /// analyses them as one batch (`Workspace::set_files`).
    pub fn set_files(&mut self, files: Vec<(PathBuf, Arc<str>)>) -> Vec<PathBuf> {
        let (ours, others): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(path, _)| workspace::is_candidate(path));
        let mut affected = Vec::new();
        for (path, text) in others {
            affected.extend(discovered::set_text(self, &path, text));
        }
        let watch = self.discovery.has_any_evidence();
        let declarations = |ws: &Workspace| -> Vec<Option<u64>> {
            ours.iter()
                .map(|(path, _)| discovered::declarations(ws, path))
                .collect()
        };
        let before = watch.then(|| declarations(&self.ws));
        affected.extend(self.ws.set_files(ours.iter().cloned()));
        if before.is_some_and(|before| before != declarations(&self.ws)) {
            affected.extend(discovered::drift_files(self));
        }
        for (path, text) in ours {
            if self.ws.file(&path).is_some() {
                affected.extend(discovered::remove(self, &path));
            } else {
                affected.extend(discovered::set_text(self, &path, text));
            }
        }
        affected
    }

    /// Takes `path` out of the workspace and discovery.
    pub fn remove_file(&mut self, path: &Path) -> Vec<PathBuf> {
        let mut affected = discovered::remove(self, path);
        if workspace::is_candidate(path) {
            let before = discovered::declarations(&self.ws, path);
            affected.extend(self.ws.remove_file(path));
            if before.is_some() {
                affected.extend(discovered::drift_files(self));
            }
        }
        affected
    }

    /// LSP diagnostics of a file, with the severity settings applied, and
    /// at most `maxPerFile` of them (the most severe first; a last one
    /// says how many more there are).
    pub fn lsp_diagnostics(&self, path: &Path) -> Vec<Diagnostic> {
        if let Some(p) = self.project.as_ref().filter(|p| p.loaded.path == path) {
            return p.diagnostics(self);
        }
        let all = self.core_diagnostics(path);
        // References, not copies: a file can have ~26,000 findings, and
        // this runs on every keystroke.
        let mut core: Vec<(Severity, &CoreDiagnostic)> = all
            .iter()
            .filter_map(|d| Some((self.settings.severity(d.code, d.severity)?, &**d)))
            .collect();
        let hidden = match self.settings.max_per_file {
            Some(max) if core.len() > max => {
                let hidden = core.len() - max;
                keep_most_severe(&mut core, max);
                hidden
            }
            _ => 0,
        };
        let empty_index = LineIndex::new("");
        let text = self.text_ref(path).unwrap_or(TextRef {
            text: "",
            index: &empty_index,
        });
        let locate = |p: &Path| Some((self.uri(p)?, self.text_ref(p)?));
        let mut out: Vec<Diagnostic> = core
            .iter()
            .filter_map(|(_, d)| convert::diagnostic(d, text, self.enc, &self.settings, &locate))
            .collect();
        if hidden > 0 {
            out.push(convert::hidden_findings(
                hidden,
                self.settings.max_per_file.unwrap_or(0),
            ));
        }
        out.extend(discovered::refused_diagnostics(self, path));
        out
    }

    /// Brings an unopened file up to date with the disk; returns the files
    /// whose findings may have changed. Only files inside a workspace
    /// folder are read: one outside (closed, or reported by a watcher) is
    /// dropped.
    pub fn load_from_disk(&mut self, path: &Path) -> Vec<PathBuf> {
        if self.docs.contains_key(path) {
            return Vec::new();
        }
        if !workspace::is_candidate(path) {
            return discovered::load_from_disk(self, path);
        }
        let was_unreadable = self.unreadable.remove(path).is_some();
        // A file `aisrm.toml` leaves out is, to the analysis, not there.
        let disk = if self.ws.is_under_a_root(path) && project::includes(self, path) {
            read_disk(path)
        } else {
            Disk::Missing
        };
        let mut affected = match disk {
            Disk::Text(text) => self.set_file(path, Arc::<str>::from(text)),
            Disk::Unreadable(message) => {
                self.unreadable.insert(path.to_path_buf(), message);
                let mut a = self.remove_file(path);
                a.push(path.to_path_buf());
                a
            }
            Disk::Skipped | Disk::Missing => self.remove_file(path),
        };
        if was_unreadable {
            affected.push(path.to_path_buf());
        }
        affected
    }
}

/// Keeps the `max` most severe findings (the first ones by position among
/// equally severe), in position order, in one pass and without sorting:
/// this runs on every keystroke.
fn keep_most_severe<T>(findings: &mut Vec<(Severity, T)>, max: usize) {
    const ORDER: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Information,
        Severity::Hint,
    ];
    let count = |s: Severity| findings.iter().filter(|(x, _)| *x == s).count();
    let mut left = max;
    let mut cutoff = (Severity::Hint, usize::MAX);
    for s in ORDER {
        let n = count(s);
        if n > left {
            cutoff = (s, left);
            break;
        }
        left -= n;
    }
    let (threshold, mut room) = cutoff;
    findings.retain(|(s, _)| match s.cmp(&threshold) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal if room > 0 => {
            room -= 1;
            true
        }
        _ => false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_most_severe_in_position_order() {
        use Severity::*;
        let mut f: Vec<(Severity, usize)> =
            [Hint, Warning, Error, Warning, Information, Error, Warning]
                .into_iter()
                .enumerate()
                .map(|(i, s)| (s, i))
                .collect();
        keep_most_severe(&mut f, 4);
        assert_eq!(f, [(Warning, 1), (Error, 2), (Warning, 3), (Error, 5)]);
    }
}
