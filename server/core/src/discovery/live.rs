//! Discovery in the editor: each discovery file's evidence is scanned once
//! per text (when the editor opens or changes it, or it changes on disk),
//! kept, and grouped into components again only when some file's evidence
//! changes. Editing an inventory re-reads and re-parses nothing here: drift
//! is then a join of the kept components against the declared `covers:`
//! ([`super::drift`]).

use std::collections::HashMap;
use std::path::{Component as PathPart, Path, PathBuf};
use std::sync::Arc;

use super::project_signals::ProjectSignals;
use super::walk::{self, MAX_FILE_BYTES, SKIPPED_DIRS};
use super::{Discovery, Hit, Signals, Source, group, sources};
use crate::text::LineIndex;

/// What setting a file's text changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The same evidence at the same places.
    None,
    /// The same evidence, at other places in this file: only its own
    /// findings move.
    Moved,
    /// Evidence came or went: findings anywhere may change.
    Evidence,
}

/// A file's evidence and the text it was found in (its positions need
/// it, also when the file is not open).
#[derive(Clone, Debug)]
struct Kept {
    hits: Arc<[Hit]>,
    text: Arc<str>,
    index: Arc<LineIndex>,
}

/// The signals of a project and their sources, built once (building the
/// automata and glob sets costs more than scanning a small file).
pub struct Scanner {
    project: ProjectSignals,
    sources: Vec<Box<dyn Source>>,
}

impl Scanner {
    pub fn new(project: ProjectSignals) -> Self {
        let sources = sources::builtin(project.signals());
        Scanner { project, sources }
    }

    pub fn signals(&self) -> &Signals {
        self.project.signals()
    }
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("project", &self.project)
            .finish_non_exhaustive()
    }
}

/// The kept evidence of a project's discovery files.
#[derive(Clone, Debug, Default)]
pub struct Live {
    root: Option<PathBuf>,
    scanner: Option<Arc<Scanner>>,
    /// Per file with evidence (absolute path): its hits (their paths
    /// relative to `root`) and the text they are in.
    files: HashMap<PathBuf, Kept>,
    found: Arc<Discovery>,
    /// How many texts were scanned (the cost tests count them).
    scans: usize,
    /// Whether a walk of the root filled it: until then, what is not
    /// found may just not be read yet.
    walked: bool,
    /// The walk's `.gitignore` rules, for files that arrive one by one.
    ignore: crate::files::IgnoreRules,
}

impl Live {
    /// Discovery of the project at `root` (evidence paths are relative to
    /// it) with the project's signals.
    pub fn new(root: PathBuf, project: ProjectSignals) -> Self {
        Live {
            ignore: crate::files::IgnoreRules::new(root.clone()),
            root: Some(root),
            scanner: Some(Arc::new(Scanner::new(project))),
            ..Live::default()
        }
    }

    /// The signals in use (the built-in ones before [`Live::new`]).
    pub fn signals(&self) -> &Signals {
        self.scanner
            .as_ref()
            .map_or_else(|| Signals::builtin(), |s| s.signals())
    }

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// `path` relative to the root when discovery reads the file (under
    /// the root, outside vendored and build folders, not left out by the
    /// walk's `.gitignore` rules, a name some source wants).
    pub fn rel(&self, path: &Path) -> Option<String> {
        let root = self.root.as_deref()?;
        let rest = path.strip_prefix(root).ok()?;
        let skipped = rest.components().any(|part| match part {
            PathPart::Normal(name) => SKIPPED_DIRS.iter().any(|d| name == *d),
            _ => true,
        });
        if skipped || rest.as_os_str().is_empty() {
            return None;
        }
        let rel = walk::relative(root, path);
        let scanner = self.scanner.as_ref()?;
        let read = super::reads_with(&rel, &scanner.sources) && !self.ignore.ignores(path);
        read.then_some(rel)
    }

    /// Scans `text` as the text of `path` (nothing when discovery does
    /// not read the file, or would skip the text: huge, binary, minified).
    pub fn set_text(&mut self, path: &Path, text: Arc<str>) -> Change {
        let Some(rel) = self.rel(path) else {
            return self.remove(path);
        };
        self.scans += 1;
        let hits = if text.len() as u64 > MAX_FILE_BYTES || walk::refusal(text.as_bytes()).is_some()
        {
            Vec::new()
        } else {
            match &self.scanner {
                Some(s) => super::scan_with(&rel, &text, &s.sources, s.signals()).0,
                None => Vec::new(),
            }
        };
        self.replace(path, hits, text)
    }

    /// Forgets the file (deleted, closed and gone, or no longer read).
    pub fn remove(&mut self, path: &Path) -> Change {
        self.replace(path, Vec::new(), Arc::from(""))
    }

    /// Forgets every file `keep` does not name (after a walk of the
    /// root: files no longer found there); returns them. The state then
    /// counts as walked.
    pub fn retain(&mut self, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
        self.walked = true;
        let gone: Vec<PathBuf> = self.files.keys().filter(|p| !keep(p)).cloned().collect();
        if !gone.is_empty() {
            self.files.retain(|p, _| keep(p));
            self.regroup();
        }
        gone
    }

    fn replace(&mut self, path: &Path, hits: Vec<Hit>, text: Arc<str>) -> Change {
        let old = self.files.get(path).map_or(&[][..], |k| &k.hits[..]);
        let change = if old == hits.as_slice() {
            Change::None
        } else if same_evidence(old, &hits) {
            Change::Moved
        } else {
            Change::Evidence
        };
        if hits.is_empty() {
            self.files.remove(path);
        } else {
            let index = Arc::new(LineIndex::new(&text));
            let kept = Kept {
                hits: hits.into(),
                text,
                index,
            };
            self.files.insert(path.to_path_buf(), kept);
        }
        if change == Change::None {
            return change;
        }
        self.regroup();
        change
    }

    /// Groups every kept hit into components (in memory: no file is read
    /// or parsed again).
    fn regroup(&mut self) {
        let hits: Vec<Hit> = self
            .files
            .values()
            .flat_map(|k| k.hits.iter().cloned())
            .collect();
        let mut components = group::group(hits, self.signals());
        components.sort_by(|p, q| p.def.id.cmp(&q.def.id));
        self.found = Arc::new(Discovery {
            components,
            notes: Vec::new(),
            files_read: self.files.len(),
        });
    }

    /// The components the kept evidence makes.
    pub fn found(&self) -> &Discovery {
        &self.found
    }

    /// Whether the file has evidence.
    pub fn has_evidence(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// The text a file's evidence was found in, with its line index.
    pub fn text(&self, path: &Path) -> Option<(&str, &LineIndex)> {
        self.files.get(path).map(|k| (&*k.text, &*k.index))
    }

    /// Whether a walk of the root filled it (see [`Live::retain`]).
    pub fn is_walked(&self) -> bool {
        self.walked
    }

    /// Whether any file has evidence.
    pub fn has_any_evidence(&self) -> bool {
        !self.files.is_empty()
    }

    /// The files with evidence.
    pub fn evidence_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self.files.keys().cloned().collect();
        out.sort();
        out
    }

    /// How many texts this state has scanned since it was made.
    pub fn scans(&self) -> usize {
        self.scans
    }
}

/// The same hits but for where they are in the file.
fn same_evidence(a: &[Hit], b: &[Hit]) -> bool {
    let placeless = |h: &Hit| Hit {
        range: crate::text::TextRange::empty(0),
        line: 0,
        column: 0,
        ..h.clone()
    };
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| placeless(x) == placeless(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKAGE: &str = "{\n  \"dependencies\": {\n    \"openai\": \"^4.0.0\"\n  }\n}\n";

    #[test]
    fn keeps_a_files_evidence_and_says_what_an_edit_changed() {
        let root = PathBuf::from("/p");
        let mut live = Live::new(root.clone(), ProjectSignals::builtin());
        let package = root.join("web/package.json");
        assert_eq!(live.set_text(&package, PACKAGE.into()), Change::Evidence);
        assert_eq!(live.found().components[0].def.id, "openai-api");
        assert_eq!(live.set_text(&package, PACKAGE.into()), Change::None);
        assert_eq!(
            live.set_text(&package, format!("\n{PACKAGE}").into()),
            Change::Moved
        );
        assert_eq!(live.found().components[0].evidence[0].line, 4);
        assert_eq!(live.set_text(&package, "{}".into()), Change::Evidence);
        assert!(live.found().components.is_empty());
        assert_eq!(live.scans(), 4);
    }

    #[test]
    fn reads_only_discovery_files_under_the_root() {
        let live = Live::new(PathBuf::from("/p"), ProjectSignals::builtin());
        assert_eq!(
            live.rel(Path::new("/p/web/package.json")).as_deref(),
            Some("web/package.json")
        );
        assert_eq!(live.rel(Path::new("/p/node_modules/x/package.json")), None);
        assert_eq!(live.rel(Path::new("/q/package.json")), None);
        assert_eq!(live.rel(Path::new("/p/notes.txt")), None);
        assert_eq!(Live::default().rel(Path::new("/p/package.json")), None);
    }
}
