//! The project configuration `aisrm.toml`: found by walking up from a file
//! or folder (the folder holding it is the project root), read by `aisrm
//! check` / `report` and the language server through this one loader. Its
//! keys mirror the editor settings (`aisrm.framework` is `framework`, ...);
//! [`KEYS`] lists them once for the parser, the JSON Schema and the tests.
//! Every problem is a finding with its position, never ignored.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::de::{DeTable, DeValue};

use crate::analysis::{self, OwnershipMode};
use crate::diagnostics::{Code, Diagnostic, SEVERITY_SETTINGS, Severity, severity_setting};
use crate::document::Spanned;
use crate::framework;
use crate::suggest::did_you_mean;
use crate::text::TextRange;

mod values;
pub use values::is_in_project;

pub const FILE_NAME: &str = "aisrm.toml";

/// What a key's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// The id of a built-in framework.
    FrameworkId,
    /// A whole number, 0 or more.
    WholeNumber,
    /// A table: diagnostic code -> severity setting.
    SeverityTable,
    /// `"inherit"` or `"explicit"`.
    Ownership,
    /// A list of globs, relative to the project root.
    GlobList,
    /// A table: what is acknowledged -> why (a non-blank reason).
    ReasonTable,
    /// A list of files, relative to the project root.
    FileList,
    /// A list of `refs:` prefixes (`CWE`, `NIST-AI-RMF`).
    RefPrefixList,
}

/// One key of `aisrm.toml`.
#[derive(Clone, Copy, Debug)]
pub struct ConfigKey {
    /// Table path and key: `["diagnostics", "maxPerFile"]`.
    pub path: &'static [&'static str],
    /// The editor setting it mirrors (project-only keys have none).
    pub setting: Option<&'static str>,
    pub kind: ValueKind,
    pub description: &'static str,
}

pub const KEYS: &[ConfigKey] = &[
    ConfigKey {
        path: &["framework"],
        setting: Some("aisrm.framework"),
        kind: ValueKind::FrameworkId,
        description: "Framework for inventories without `framework:` and for design documents.",
    },
    ConfigKey {
        path: &["diagnostics", "severity"],
        setting: Some("aisrm.diagnostics.severity"),
        kind: ValueKind::SeverityTable,
        description: "How a diagnostic code is shown: \"error\", \"warning\", \"information\", \"hint\" or \"off\".",
    },
    ConfigKey {
        path: &["diagnostics", "maxPerFile"],
        setting: Some("aisrm.diagnostics.maxPerFile"),
        kind: ValueKind::WholeNumber,
        description: "Most findings the editor shows for one file (0: all); `aisrm check` lists every one.",
    },
    ConfigKey {
        path: &["ownership"],
        setting: Some("aisrm.ownership"),
        kind: ValueKind::Ownership,
        description: "Which `owner:` values count for a duty: \"inherit\" (the entry's, else the component's, else `system.owner`) or \"explicit\" (the entry's own only); see docs/ownership.md.",
    },
    ConfigKey {
        path: &["refs", "prefixes"],
        setting: Some("aisrm.refs.prefixes"),
        kind: ValueKind::RefPrefixList,
        description: "The `refs:` prefixes the project cites besides those aisrm knows (OWASP `LLM`, MITRE ATLAS `AML`, framework ids), e.g. [\"CWE\", \"NIST-AI-RMF\"]. When set, a ref with any other prefix is `unknown-ref-prefix` (catches a misspelt prefix); when not set, other prefixes are not checked. See docs/diagnostics.md#unknown-ref-prefix.",
    },
    ConfigKey {
        path: &["paths", "include"],
        setting: None,
        kind: ValueKind::GlobList,
        description: "Globs, relative to the project root, of the files and folders aisrm analyses (default: all); a folder that matches includes everything under it.",
    },
    ConfigKey {
        path: &["paths", "exclude"],
        setting: None,
        kind: ValueKind::GlobList,
        description: "Globs, relative to the project root, of files and folders aisrm leaves out, even when included or named on the command line.",
    },
    ConfigKey {
        path: &["discovery", "acknowledged"],
        setting: None,
        kind: ValueKind::ReasonTable,
        description: "Discovery evidence that is not an AI component of the project, each with the reason: a discovered component id, a signal id, a package name or a path (a folder ends with `/`), as in `covers:`.",
    },
    ConfigKey {
        path: &["discovery", "signals"],
        setting: None,
        kind: ValueKind::FileList,
        description: "The project's own discovery signal files (YAML in the format of schemas/aisrm-discovery.schema.json), relative to the project root, read on top of the built-in signals.",
    },
];

/// The values an `aisrm.toml` sets (unset keys keep their defaults).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectConfig {
    pub framework: Option<String>,
    /// `None` turns a code off.
    pub severities: BTreeMap<Code, Option<Severity>>,
    pub max_per_file: Option<u64>,
    pub ownership: Option<OwnershipMode>,
    /// `refs.prefixes` (`None`: not set).
    pub ref_prefixes: Option<Vec<String>>,
    /// `paths.include`: empty includes everything.
    pub include: Vec<String>,
    /// `paths.exclude`.
    pub exclude: Vec<String>,
    /// `[discovery.acknowledged]`: entry -> reason.
    pub acknowledged: BTreeMap<String, String>,
    /// `discovery.signals`: signal files relative to the project root,
    /// each where `aisrm.toml` names it.
    pub signals: Vec<Spanned<String>>,
}

/// A read `aisrm.toml`: where, its text, what it sets and what is wrong
/// with it.
#[derive(Clone, Debug)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub text: String,
    pub config: ProjectConfig,
    pub diagnostics: Vec<Diagnostic>,
}

/// The nearest `aisrm.toml` at or above `start` (a file or a folder).
pub fn find(start: &Path) -> Option<PathBuf> {
    folder_of(start)
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The root of the project `start` (a file or a folder, absolute and
/// normalised) belongs to: the nearest folder at or above it with an
/// `aisrm.toml`, else the nearest git repository (`.git`, a folder or a
/// worktree's file), else `cwd` when `start` is inside it, else `start`'s
/// own folder. `aisrm check FILE` resolves references against the whole
/// project, not just the files it prints.
pub fn root(start: &Path, cwd: &Path) -> PathBuf {
    if let Some(config) = find(start)
        && let Some(dir) = config.parent()
    {
        return dir.to_path_buf();
    }
    let dir = folder_of(start);
    if let Some(git) = dir.ancestors().find(|d| d.join(".git").exists()) {
        return git.to_path_buf();
    }
    if dir.starts_with(cwd) {
        cwd.to_path_buf()
    } else {
        dir.to_path_buf()
    }
}

/// `path` itself when it is a folder, else the folder it is in.
fn folder_of(path: &Path) -> &Path {
    if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(path)
    }
}

/// The project configuration that applies to `start` (a file or a
/// folder): the nearest `aisrm.toml` at or above it, read. What `aisrm
/// check` / `report` and the language server both call.
pub fn open(start: &Path) -> Option<LoadedConfig> {
    find(start).map(|path| load(&path))
}

/// Reads and parses `path`; an unreadable file is a finding too.
pub fn load(path: &Path) -> LoadedConfig {
    let (text, diagnostics, config) = match std::fs::read_to_string(path) {
        Ok(text) => {
            let (config, mut diagnostics) = parse(&text);
            let root = path.parent().unwrap_or(Path::new(""));
            diagnostics.extend(values::missing_signal_files(&config, root));
            diagnostics.sort_by_key(|d| d.range.start);
            (text, diagnostics, config)
        }
        Err(e) => (
            String::new(),
            vec![Diagnostic::new(
                Code::InvalidConfig,
                TextRange::empty(0),
                format!("cannot read {FILE_NAME}: {e}"),
            )],
            ProjectConfig::default(),
        ),
    };
    LoadedConfig {
        path: path.to_path_buf(),
        text,
        config,
        diagnostics,
    }
}

impl LoadedConfig {
    /// The folder holding `aisrm.toml`.
    pub fn root(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// Which files `paths.include` / `paths.exclude` let aisrm analyse.
    pub fn path_filter(&self) -> PathFilter {
        self.config.path_filter(self.root())
    }
}

/// `paths.include` / `paths.exclude`, compiled once per configuration.
#[derive(Clone, Debug)]
pub struct PathFilter {
    root: PathBuf,
    /// `None`: everything is included.
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl PathFilter {
    /// Whether aisrm analyses `path` (absolute): it, or a folder above it
    /// up to the project root, matches an include glob (when there are
    /// any), and none matches an exclude glob. Files outside the project
    /// root are not the project's to filter.
    pub fn includes(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return true;
        };
        let matches = |set: &GlobSet| {
            relative
                .ancestors()
                .filter(|a| !a.as_os_str().is_empty())
                .any(|a| set.is_match(a))
        };
        self.include.as_ref().is_none_or(matches) && !matches(&self.exclude)
    }
}

impl ProjectConfig {
    /// What the core's analysis reads from the project.
    pub fn analysis_settings(&self) -> analysis::Settings {
        analysis::Settings {
            ownership: self.ownership.unwrap_or_default(),
            ref_prefixes: self.ref_prefixes.clone().map(Arc::from),
        }
    }

    /// Which files a project rooted at `root` analyses.
    pub fn path_filter(&self, root: &Path) -> PathFilter {
        PathFilter {
            root: root.to_path_buf(),
            include: (!self.include.is_empty()).then(|| glob_set(&self.include)),
            exclude: glob_set(&self.exclude),
        }
    }

    /// The severity a finding is shown with, `None` when it is off.
    pub fn severity(&self, code: Code, default: Severity) -> Option<Severity> {
        self.severities.get(&code).copied().unwrap_or(Some(default))
    }

    /// `diagnostics` with the configured severities; those turned off are
    /// dropped.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.severity(d.code, d.severity)?;
                Some(d)
            })
            .collect()
    }
}

/// Parses the text of an `aisrm.toml`: what it sets, and a finding for
/// every syntax error, unknown key and wrong value.
pub fn parse(text: &str) -> (ProjectConfig, Vec<Diagnostic>) {
    let mut config = ProjectConfig::default();
    let mut problems = Problems(Vec::new());
    let (root, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        problems.add(span, format!("TOML syntax: {}", e.message().trim()));
    }
    read_table(root.get_ref(), &[], &mut config, &mut problems);
    let mut diagnostics = problems.0;
    diagnostics.sort_by_key(|d| d.range.start);
    (config, diagnostics)
}

struct Problems(Vec<Diagnostic>);

impl Problems {
    fn add(&mut self, span: Range<usize>, message: String) {
        let range = TextRange::new(span.start, span.end.max(span.start));
        self.0
            .push(Diagnostic::new(Code::InvalidConfig, range, message));
    }
}

/// Tables that hold keys of [`KEYS`] (`diagnostics`), by their path.
fn is_table_prefix(path: &[&str]) -> bool {
    KEYS.iter()
        .any(|k| k.path.len() > path.len() && k.path[..path.len()] == *path)
}

fn read_table(
    table: &DeTable<'_>,
    at: &[&str],
    config: &mut ProjectConfig,
    problems: &mut Problems,
) {
    for (key, value) in table.iter() {
        let mut path = at.to_vec();
        path.push(key.get_ref().as_ref());
        if let Some(def) = KEYS.iter().find(|k| k.path == path.as_slice()) {
            read_value(def, value.get_ref(), value.span(), config, problems);
        } else if is_table_prefix(&path) {
            match value.get_ref() {
                DeValue::Table(inner) => read_table(inner, &path, config, problems),
                _ => problems.add(
                    value.span(),
                    format!("`{}` should be a table", path.join(".")),
                ),
            }
        } else {
            problems.add(key.span(), unknown_key_message(&path));
        }
    }
}

fn unknown_key_message(path: &[&str]) -> String {
    let name = path.join(".");
    let known: Vec<String> = KEYS.iter().map(|k| k.path.join(".")).collect();
    let suggestion = did_you_mean(&name, known.iter().map(|k| (k.as_str(), k.as_str())));
    match suggestion {
        Some(s) => format!("unknown key `{name}` in {FILE_NAME}; did you mean `{s}`?"),
        None => format!(
            "unknown key `{name}` in {FILE_NAME} (known: {})",
            known.join(", ")
        ),
    }
}

fn read_value(
    def: &ConfigKey,
    value: &DeValue<'_>,
    span: Range<usize>,
    config: &mut ProjectConfig,
    problems: &mut Problems,
) {
    let name = def.path.join(".");
    match def.kind {
        ValueKind::FrameworkId => match value.as_str() {
            Some(id) if framework::builtin(id).is_some() => config.framework = Some(id.to_string()),
            _ => problems.add(
                span,
                format!("`{name}` should be one of {}", framework_ids()),
            ),
        },
        ValueKind::WholeNumber => match value.as_integer().and_then(whole_number) {
            Some(n) => config.max_per_file = Some(n),
            None => problems.add(
                span,
                format!("`{name}` should be a whole number (0 or more)"),
            ),
        },
        ValueKind::SeverityTable => match value {
            DeValue::Table(table) => read_severities(table, config, problems),
            _ => problems.add(span, format!("`{name}` should be a table: code = level")),
        },
        ValueKind::Ownership => match value.as_str().and_then(OwnershipMode::from_name) {
            Some(mode) => config.ownership = Some(mode),
            None => problems.add(
                span,
                format!("`{name}` should be \"inherit\" or \"explicit\""),
            ),
        },
        ValueKind::GlobList => {
            let globs = values::read_globs(&name, value, span, problems);
            match def.path.last() {
                Some(&"include") => config.include = globs,
                _ => config.exclude = globs,
            }
        }
        ValueKind::ReasonTable => match value {
            DeValue::Table(table) => values::read_reasons(table, config, problems),
            _ => problems.add(span, format!("`{name}` should be a table: entry = reason")),
        },
        ValueKind::FileList => config.signals = values::read_files(&name, value, span, problems),
        ValueKind::RefPrefixList => {
            let problem = crate::refs::listed_prefix_problem;
            config.ref_prefixes =
                values::read_strings(&name, "prefixes", value, span, problems, problem);
        }
    }
}

fn read_severities(table: &DeTable<'_>, config: &mut ProjectConfig, problems: &mut Problems) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let Some(code) = Code::from_name(name) else {
            let suggestion = did_you_mean(name, Code::ALL.iter().map(|c| (c.as_str(), c.as_str())));
            let hint = suggestion
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            problems.add(
                key.span(),
                format!("unknown diagnostic code `{name}`{hint}"),
            );
            continue;
        };
        match value.get_ref().as_str().and_then(severity_setting) {
            Some(level) => {
                config.severities.insert(code, level);
            }
            None => problems.add(
                value.span(),
                format!(
                    "the level of `{name}` should be one of {}",
                    quoted(SEVERITY_SETTINGS)
                ),
            ),
        }
    }
}

/// The globs that compiled (the others are findings of [`parse`]).
fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs.iter().filter_map(|g| compile_glob(g).ok()) {
        builder.add(glob);
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// `*` stays within one folder, `**` crosses folders.
fn compile_glob(glob: &str) -> Result<Glob, globset::Error> {
    globset::GlobBuilder::new(glob.trim_end_matches('/'))
        .literal_separator(true)
        .build()
}

fn whole_number(n: &toml::de::DeInteger<'_>) -> Option<u64> {
    u64::from_str_radix(&n.as_str().replace('_', ""), n.radix()).ok()
}

fn framework_ids() -> String {
    let ids: Vec<&str> = framework::builtins()
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    quoted(&ids)
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
