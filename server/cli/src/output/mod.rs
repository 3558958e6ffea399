//! Rendering the findings of `aisrm check`: rustc-style snippets
//! ([`human`]), JSON ([`json`]), SARIF 2.1.0 ([`sarif`]) and GitLab Code
//! Quality ([`gitlab`]), all from one [`CheckedFiles`].

pub mod gitlab;
pub mod human;
pub mod json;
pub mod sarif;

use std::path::{Path, PathBuf};

use aisrm_core::diagnostics::{Code, Diagnostic, Fix, Severity};
use aisrm_core::discovery::{self, drift};
use aisrm_core::fixes;
use aisrm_core::project::ProjectConfig;
use aisrm_core::text::{Encoding, LineIndex};

use crate::collect::Collected;

/// One file's text and findings, paths shown relative to the current
/// directory.
pub struct CheckedFile {
    pub path: PathBuf,
    pub display: String,
    pub text: String,
    pub line_index: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
    /// The fix of each finding (`fixes[i]` is `diagnostics[i]`'s), made
    /// from its hint by core's `fixes::fix`.
    pub fixes: Vec<Option<Fix>>,
}

impl CheckedFile {
    /// Each finding with its fix.
    pub fn findings(&self) -> impl Iterator<Item = (&Diagnostic, Option<&Fix>)> {
        self.diagnostics
            .iter()
            .zip(self.fixes.iter().map(Option::as_ref))
    }
}

/// The files `aisrm check` shows (the given ones; the rest of the project
/// is analysed only for references), with their findings, sorted by path.
pub struct CheckedFiles {
    pub files: Vec<CheckedFile>,
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

impl CheckedFiles {
    /// The findings of every file, with the severities of the project's
    /// `aisrm.toml` (codes turned off there are left out), and the
    /// findings about `aisrm.toml` itself.
    pub fn new(collected: &Collected) -> CheckedFiles {
        Self::with_overrides(collected, &[])
    }

    /// [`CheckedFiles::new`] with command-line severities on top of the
    /// project's (`aisrm check --severity CODE=LEVEL`).
    pub fn with_overrides(
        collected: &Collected,
        overrides: &[(Code, Option<Severity>)],
    ) -> CheckedFiles {
        let mut config = collected
            .config
            .as_ref()
            .map(|c| c.config.clone())
            .unwrap_or_default();
        config.severities.extend(overrides.iter().copied());
        let ws = &collected.workspace;
        let mut files: Vec<CheckedFile> = collected
            .shown_paths()
            .into_iter()
            .filter_map(|path| {
                let file = ws.file(&path)?;
                let diagnostics = config.apply(ws.diagnostics(&path));
                Some(CheckedFile {
                    display: display_path(&path),
                    text: file.text.to_string(),
                    line_index: file.line_index.clone(),
                    fixes: diagnostics.iter().map(|d| fixes::fix(file, d)).collect(),
                    diagnostics,
                    path,
                })
            })
            .collect();
        for u in &collected.unreadable {
            files.push(CheckedFile {
                display: display_path(&u.path),
                path: u.path.clone(),
                text: String::new(),
                line_index: LineIndex::new(""),
                diagnostics: vec![u.diagnostic.clone()],
                fixes: vec![None],
            });
        }
        if let Some(loaded) = collected
            .config
            .as_ref()
            .filter(|c| !c.diagnostics.is_empty())
        {
            files.push(CheckedFile {
                display: display_path(&loaded.path),
                path: loaded.path.clone(),
                line_index: LineIndex::new(&loaded.text),
                text: loaded.text.clone(),
                fixes: vec![None; loaded.diagnostics.len()],
                diagnostics: loaded.diagnostics.clone(),
            });
        }
        for refused in &collected.signals.refused {
            let diagnostics = config.apply(refused.diagnostics.clone());
            files.push(CheckedFile {
                display: display_path(&refused.path),
                path: refused.path.clone(),
                line_index: LineIndex::new(&refused.text),
                text: refused.text.clone(),
                fixes: vec![None; diagnostics.len()],
                diagnostics,
            });
        }
        add_drift(&mut files, collected, &config);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        CheckedFiles { files }
    }

    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }

    pub(super) fn file_of(&self, path: &Path) -> Option<&CheckedFile> {
        self.files.iter().find(|f| f.path == path)
    }

    pub(super) fn count(&self, severity: Severity) -> usize {
        self.all_diagnostics()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The drift findings (`undeclared-ai-component`,
/// `declared-component-not-found`) of the shown files, when the project
/// has an inventory: discovery runs on the project root. Evidence files
/// get a [`CheckedFile`] of their own.
fn add_drift(files: &mut Vec<CheckedFile>, collected: &Collected, config: &ProjectConfig) {
    let ws = &collected.workspace;
    if !drift::has_inventory(ws) {
        return;
    }
    let walked;
    let found = match &collected.discovered {
        Some(found) => found,
        None => {
            walked = discovery::discover(&collected.root, collected.signals.signals());
            &walked
        }
    };
    let loaded = collected.config.as_ref();
    let project = drift::Project {
        root: &collected.root,
        workspace: ws,
        acknowledged: config
            .acknowledged
            .iter()
            .map(|(entry, reason)| (entry.as_str(), reason.as_str()))
            .collect(),
        config: loaded.map(|c| drift::ConfigFile {
            path: &c.path,
            text: &c.text,
        }),
    };
    for found in drift::findings(&project, found) {
        let path = found.path;
        if !collected.is_shown(&path) {
            continue;
        }
        let Some(finding) = config.apply(vec![found.diagnostic]).pop() else {
            continue;
        };
        let at = match files.iter().position(|f| f.path == path) {
            Some(i) => i,
            None => {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                files.push(CheckedFile {
                    display: display_path(&path),
                    line_index: LineIndex::new(&text),
                    text,
                    diagnostics: Vec::new(),
                    fixes: Vec::new(),
                    path,
                });
                files.len() - 1
            }
        };
        // One fix per finding here: adding the component when there is
        // an inventory to add it to, else acknowledging it.
        let fix = found.fixes.into_iter().next();
        let file = &mut files[at];
        let at = file.diagnostics.partition_point(|d| {
            (d.range.start, d.range.end) <= (finding.range.start, finding.range.end)
        });
        file.diagnostics.insert(at, finding);
        file.fixes.insert(at, fix);
    }
    // A fix may edit aisrm.toml: its text must be at hand.
    if let Some(loaded) = loaded
        && !files.iter().any(|f| f.path == loaded.path)
        && files
            .iter()
            .flat_map(|f| f.fixes.iter().flatten())
            .flat_map(|f| &f.edits)
            .any(|e| e.path == loaded.path)
    {
        files.push(CheckedFile {
            display: display_path(&loaded.path),
            path: loaded.path.clone(),
            line_index: LineIndex::new(&loaded.text),
            text: loaded.text.clone(),
            diagnostics: Vec::new(),
            fixes: Vec::new(),
        });
    }
}

/// 1-based line and column (column in `encoding` units).
pub(super) fn position(file: &CheckedFile, offset: usize, encoding: Encoding) -> (u32, u32) {
    let lc = file.line_index.line_col(&file.text, offset, encoding);
    (lc.line + 1, lc.col + 1)
}
