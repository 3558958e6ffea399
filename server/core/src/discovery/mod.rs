//! Discovery: the AI components a repository really uses, found in its
//! manifests, code, MCP and assistant configuration, containers,
//! infrastructure as code and environment templates.
//!
//! Plain Rust returning plain data. Signals are data
//! (`schemas/discovery/*.yaml`, [`signals`]); each kind of file is read by
//! one [`Source`] (one module per signal kind under `sources/`), so another
//! reader (a CycloneDX BOM, say) is one more `Source`. [`walk`] reads each
//! file at most once, in parallel, and hands it to every source that wants
//! it; [`group`] turns the hits into components.

pub mod crosswalk;
pub mod declared;
pub mod drift;
pub mod group;
pub mod inventory;
pub mod json;
pub mod live;
pub mod project_signals;
pub mod signal_file;
pub mod signals;
pub mod sources;
pub mod walk;

use serde::Serialize;

use crate::text::{Encoding, LineIndex, TextRange};
pub use group::{Component, Evidence};
pub use signals::{ComponentDef, Confidence, Signal, SignalKind, Signals};

/// What a source needs of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    Nothing,
    /// The path alone is evidence (an assistant's rules file).
    Path,
    /// The text, if the file is small, valid text (a JSON or YAML file
    /// that may be a template): otherwise skipped without a note.
    Maybe,
    Text,
}

/// A file handed to sources: its path relative to the root (with `/`),
/// and its text when some source asked for it.
pub struct File<'a> {
    pub rel: &'a str,
    pub name: &'a str,
    pub text: &'a str,
}

/// A reader of one kind of signal.
pub trait Source: Sync + Send {
    fn wants(&self, rel: &str, name: &str) -> Need;
    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits);
}

/// The component a hit implies: a defined one, or one made for the hit
/// (a configured MCP server).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Implied {
    Defined(String),
    Made(ComponentDef),
}

/// One match of a signal in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub path: String,
    pub range: TextRange,
    /// 1-based line and column (characters).
    pub line: u32,
    pub column: u32,
    pub signal: String,
    pub what: String,
    pub component: Implied,
    pub confidence: Confidence,
    pub overrides: Vec<String>,
    /// Re-attributable by `overrides` (package and import evidence).
    pub sdk: bool,
    /// What the evidence says beyond the component it implies, kept as
    /// found (name, value): the fields of a CycloneDX BOM item aisrm does
    /// not map.
    pub kept: Vec<(String, String)>,
    /// The package name as the manifest writes it (package evidence).
    pub package: Option<String>,
}

/// A file discovery skipped or could not fully read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Note {
    pub path: String,
    pub message: String,
}

/// The hits and notes of one file, positions computed as they come.
pub struct Hits<'a> {
    rel: &'a str,
    /// The text sources read (after a byte order mark).
    text: &'a str,
    /// Where `text` starts in the file: ranges are the file's.
    base: usize,
    index: Option<LineIndex>,
    pub hits: Vec<Hit>,
    pub notes: Vec<Note>,
}

impl<'a> Hits<'a> {
    pub fn new(rel: &'a str, text: &'a str) -> Self {
        Hits {
            rel,
            text,
            base: 0,
            index: None,
            hits: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Records `signal` at `range` of the file.
    pub fn add(&mut self, signal: &Signal, range: TextRange, what: impl Into<String>) {
        self.add_implied(
            signal,
            Implied::Defined(signal.component.clone()),
            range,
            what,
        );
    }

    pub(crate) fn add_implied(
        &mut self,
        signal: &Signal,
        component: Implied,
        range: TextRange,
        what: impl Into<String>,
    ) {
        let text = self.text;
        let index = self.index.get_or_insert_with(|| LineIndex::new(text));
        let at = index.line_col(text, range.start.min(text.len()), Encoding::Chars);
        self.hits.push(Hit {
            path: self.rel.to_string(),
            range: TextRange::new(range.start + self.base, range.end + self.base),
            line: at.line + 1,
            column: at.col + 1,
            signal: signal.id.clone(),
            what: what.into(),
            component,
            confidence: signal.confidence,
            overrides: signal.overrides.clone(),
            sdk: matches!(signal.kind, SignalKind::Package | SignalKind::Import),
            kept: Vec::new(),
            package: None,
        });
    }

    /// Records package evidence: `signal` matched the dependency `name`.
    pub(crate) fn add_package(
        &mut self,
        signal: &Signal,
        range: TextRange,
        name: &str,
        what: impl Into<String>,
    ) {
        self.add(signal, range, what);
        if let Some(hit) = self.hits.last_mut() {
            hit.package = Some(name.to_string());
        }
    }

    pub fn note(&mut self, message: impl Into<String>) {
        self.notes.push(Note {
            path: self.rel.to_string(),
            message: message.into(),
        });
    }
}

/// The result of discovering one root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    pub components: Vec<Component>,
    pub notes: Vec<Note>,
    pub files_read: usize,
}

/// Discovers the components under `root` with `signals` and the built-in
/// sources.
pub fn discover(root: &std::path::Path, signals: &Signals) -> Discovery {
    discover_leaving_out(root, signals, &|_| false)
}

/// [`discover`] with the files `left_out` names (relative to `root`, with
/// `/`) not counting as evidence: a BOM being written is not evidence of
/// itself.
pub fn discover_leaving_out(
    root: &std::path::Path,
    signals: &Signals,
    left_out: &dyn Fn(&str) -> bool,
) -> Discovery {
    let mut walked = walk_root(root, signals);
    walked.hits.retain(|h| !left_out(&h.path));
    discovery_of(walked.hits, walked.notes, walked.files_read, signals)
}

/// [`discover`], reading aisrm's own files on the same walk: what the
/// walk found, and each of those files with what reading it gave.
pub fn discover_project(
    root: &std::path::Path,
    signals: &Signals,
) -> (Discovery, Vec<(std::path::PathBuf, crate::files::Disk)>) {
    let walked = with_sources(signals, |sources| {
        walk::walk(
            root,
            walk::Scan {
                sources,
                signals,
                aisrm_files: true,
            },
        )
    });
    (
        discovery_of(walked.hits, walked.notes, walked.files_read, signals),
        walked.aisrm_files,
    )
}

fn discovery_of(
    hits: Vec<Hit>,
    mut notes: Vec<Note>,
    files_read: usize,
    signals: &Signals,
) -> Discovery {
    notes.sort();
    Discovery {
        components: group::group(hits, signals),
        notes,
        files_read,
    }
}

/// Every hit under `root` with the built-in sources, unsorted and
/// ungrouped (the language server keeps them per file, [`live`]).
pub fn walk_root(root: &std::path::Path, signals: &Signals) -> walk::Walked {
    with_sources(signals, |sources| {
        walk::walk(
            root,
            walk::Scan {
                sources,
                signals,
                aisrm_files: false,
            },
        )
    })
}

/// Both results in one: components with the same id share evidence.
pub fn merge(a: Discovery, b: Discovery) -> Discovery {
    let mut components = a.components;
    for c in b.components {
        match components.iter_mut().find(|x| x.def.id == c.def.id) {
            Some(x) => {
                x.confidence = x.confidence.max(c.confidence);
                x.evidence.extend(c.evidence);
                x.evidence
                    .sort_by(|p, q| (&p.path, p.line, p.column).cmp(&(&q.path, q.line, q.column)));
            }
            None => components.push(c),
        }
    }
    components.sort_by(|p, q| p.def.id.cmp(&q.def.id));
    let mut notes = a.notes;
    notes.extend(b.notes);
    notes.sort();
    Discovery {
        components,
        notes,
        files_read: a.files_read + b.files_read,
    }
}

/// The sources of `signals`: built once for the built-in signals
/// (building automata and glob sets costs more than a small file).
fn with_sources<R>(signals: &Signals, f: impl FnOnce(&[Box<dyn Source>]) -> R) -> R {
    static BUILTIN_SOURCES: std::sync::OnceLock<Vec<Box<dyn Source>>> = std::sync::OnceLock::new();
    if std::ptr::eq(signals, Signals::builtin()) {
        f(BUILTIN_SOURCES.get_or_init(|| sources::builtin(Signals::builtin())))
    } else {
        f(&sources::builtin(signals))
    }
}

/// Whether one of `sources` reads the file at `rel` (relative to the root,
/// with `/`): the files discovery reads, by name.
pub(crate) fn reads_with(rel: &str, sources: &[Box<dyn Source>]) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    sources.iter().any(|s| s.wants(rel, name) != Need::Nothing)
}

/// Runs the sources on one file's text (tests, fuzzing and the language
/// server use this; the walk does the same per file).
pub fn scan_text(rel: &str, text: &str, signals: &Signals) -> (Vec<Hit>, Vec<Note>) {
    with_sources(signals, |sources| scan_with(rel, text, sources, signals))
}

/// [`scan_text`] with sources already built for `signals`.
pub(crate) fn scan_with(
    rel: &str,
    text: &str,
    sources: &[Box<dyn Source>],
    signals: &Signals,
) -> (Vec<Hit>, Vec<Note>) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let wanting: Vec<(&dyn Source, Need)> = sources
        .iter()
        .map(|s| (s.as_ref(), s.wants(rel, name)))
        .filter(|(_, n)| *n != Need::Nothing)
        .collect();
    run_sources(rel, text, &wanting, signals)
}

/// Runs the sources that want a file on its text (empty when only its
/// path was wanted). A leading byte order mark (Windows editors write
/// one; the tools that read these files skip it) is not shown to them:
/// columns count from after it, as editors show the line, while ranges
/// stay the file's.
pub(crate) fn run_sources(
    rel: &str,
    text: &str,
    wanting: &[(&dyn Source, Need)],
    signals: &Signals,
) -> (Vec<Hit>, Vec<Note>) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let mut out = Hits::new(rel, body);
    out.base = text.len() - body.len();
    let file = File {
        rel,
        name,
        text: body,
    };
    for (source, need) in wanting {
        if *need == Need::Path || !body.is_empty() {
            source.scan(&file, signals, &mut out);
        }
    }
    (out.hits, out.notes)
}
