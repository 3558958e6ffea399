//! The signals that apply to a project: the built-in ones, plus the
//! project's own signal files (`[discovery] signals` in `aisrm.toml`),
//! read by the same loader. A file with a problem is left out and its
//! problems become `invalid-config` findings at their place in the file;
//! `aisrm check`, `aisrm discover` and the language server all load
//! through here.

use std::path::PathBuf;

use super::signals::{BUILTIN_FILES, Signals};
use crate::diagnostics::{Code, Diagnostic};
use crate::files::{self, Disk};
use crate::project::LoadedConfig;
use crate::text::TextRange;

/// A project signal file that was left out, with why.
#[derive(Clone, Debug)]
pub struct RefusedFile {
    pub path: PathBuf,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// The signals of one project.
#[derive(Debug)]
pub struct ProjectSignals {
    /// `None`: the project adds none (the built-in signals apply).
    own: Option<Signals>,
    pub refused: Vec<RefusedFile>,
}

impl ProjectSignals {
    /// The built-in signals only.
    pub fn builtin() -> ProjectSignals {
        ProjectSignals {
            own: None,
            refused: Vec::new(),
        }
    }

    /// The project's signals, its signal files read from disk as aisrm
    /// reads its own files (a regular file, of bounded size: a FIFO would
    /// block the read); a file that cannot be read, or that a link leads
    /// outside the project, is left out (`aisrm.toml`'s own findings name
    /// it).
    pub fn read(config: Option<&LoadedConfig>) -> ProjectSignals {
        let Some(config) = config.filter(|c| !c.config.signals.is_empty()) else {
            return ProjectSignals::builtin();
        };
        let root = config.root();
        let files: Vec<(PathBuf, String)> = config
            .config
            .signals
            .iter()
            .map(|f| root.join(&f.value))
            .filter(|path| crate::project::is_in_project(root, path))
            .filter_map(|path| match files::read(&path) {
                Disk::Text(text) => Some((path, text)),
                _ => None,
            })
            .collect();
        ProjectSignals::from_files(files)
    }

    /// The project's signals from its signal files' texts (the language
    /// server passes the editor's text of an open one).
    pub fn from_files(files: Vec<(PathBuf, String)>) -> ProjectSignals {
        if files.is_empty() {
            return ProjectSignals::builtin();
        }
        let texts: Vec<&str> = BUILTIN_FILES
            .iter()
            .map(|(_, t)| *t)
            .chain(files.iter().map(|(_, t)| t.as_str()))
            .collect();
        let (own, refused) = Signals::load_each(&texts);
        let mut files: Vec<Option<(PathBuf, String)>> = files.into_iter().map(Some).collect();
        let refused = refused
            .into_iter()
            .filter_map(|(i, problems)| {
                // A built-in file never fails (its test loads them all).
                let (path, text) = files.get_mut(i.checked_sub(BUILTIN_FILES.len())?)?.take()?;
                Some(RefusedFile {
                    diagnostics: problems
                        .into_iter()
                        .map(|p| finding(p.range, &p.message))
                        .collect(),
                    path,
                    text,
                })
            })
            .collect();
        ProjectSignals {
            own: Some(own),
            refused,
        }
    }

    pub fn signals(&self) -> &Signals {
        self.own.as_ref().unwrap_or_else(|| Signals::builtin())
    }
}

fn finding(range: TextRange, message: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidConfig,
        range,
        format!("{message} (this signal file is not used)"),
    )
}
