//! Which framework a file is analysed against: a built-in one, or a custom
//! framework file inside a workspace root (read through the
//! [`Environment`](super::Environment), never directly from disk).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};
use crate::document::Spanned;
use crate::framework::{self, Framework};
use crate::suggest::did_you_mean;

use super::{Workspace, normalize};

/// Largest framework file read from disk.
const MAX_FRAMEWORK_BYTES: u64 = 4 * 1024 * 1024;

/// Which framework a file is analysed against.
#[derive(Clone, Debug)]
pub enum FrameworkChoice {
    Builtin(&'static Framework),
    Custom {
        path: PathBuf,
        framework: Option<Arc<Framework>>,
    },
}

impl FrameworkChoice {
    pub fn get(&self) -> Option<&Framework> {
        match self {
            FrameworkChoice::Builtin(f) => Some(f),
            FrameworkChoice::Custom { framework, .. } => framework.as_deref(),
        }
    }
}

impl Workspace {
    /// Resolves an inventory's `framework:` value.
    pub(super) fn choose_framework(
        &self,
        file: &Path,
        value: Option<&Spanned<String>>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<FrameworkChoice> {
        let Some(value) = value else {
            return framework::builtin(&self.default_framework).map(FrameworkChoice::Builtin);
        };
        if let Some(f) = framework::builtin(&value.value) {
            return Some(FrameworkChoice::Builtin(f));
        }
        if !names_a_file(&value.value) {
            let ids = framework::BUILTIN_IDS;
            let suggestion = did_you_mean(&value.value, ids.iter().map(|i| (*i, *i)));
            let mut message = format!(
                "unknown framework `{}`; built-in frameworks are {}",
                value.value,
                ids.join(", ")
            );
            if let Some(s) = suggestion {
                message = format!("unknown framework `{}`; did you mean `{s}`?", value.value);
            }
            out.push(Diagnostic::new(
                Code::UnknownFramework,
                value.range,
                message,
            ));
            return None;
        }
        let path = normalize(&file.parent().unwrap_or(Path::new("")).join(&value.value));
        if !self.is_inside_roots(&path) {
            out.push(Diagnostic::new(
                Code::FrameworkOutsideWorkspace,
                value.range,
                format!(
                    "`{}` is outside the workspace; aisrm reads framework files only inside the workspace folders",
                    value.value
                ),
            ));
            return None;
        }
        let framework = self.custom_framework(&path, value, out);
        Some(FrameworkChoice::Custom { path, framework })
    }

    fn custom_framework(
        &self,
        path: &Path,
        value: &Spanned<String>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Arc<Framework>> {
        if let Some(file) = self.file(path) {
            if file.defines.is_none() {
                out.push(Diagnostic::new(
                    Code::UnknownFramework,
                    value.range,
                    format!(
                        "`{}` is not a valid framework file; see the findings in it",
                        value.value
                    ),
                ));
            }
            return file.defines.clone();
        }
        match self.env.read_text(path, MAX_FRAMEWORK_BYTES) {
            Ok(text) => {
                let (framework, findings) = Framework::parse(&text, path);
                if framework.is_none() || !findings.is_empty() {
                    out.push(Diagnostic::new(
                        Code::UnknownFramework,
                        value.range,
                        format!(
                            "`{}` is not a valid framework file ({} finding(s) in it)",
                            value.value,
                            findings.len()
                        ),
                    ));
                }
                framework.map(Arc::new)
            }
            Err(why) => {
                out.push(Diagnostic::new(
                    Code::UnknownFramework,
                    value.range,
                    format!("cannot read framework file `{}`: {why}", value.value),
                ));
                None
            }
        }
    }

    /// Inside a root, lexically and (when the file exists) after resolving
    /// symlinks, so a link cannot lead outside.
    fn is_inside_roots(&self, path: &Path) -> bool {
        let lexical = self.roots.iter().any(|r| path.starts_with(r));
        if !lexical {
            return false;
        }
        match self.env.canonicalize(path) {
            Some(real) => self.roots.iter().any(|r| {
                self.env
                    .canonicalize(r)
                    .is_some_and(|r| real.starts_with(r))
            }),
            None => true,
        }
    }
}

/// Whether a `framework:` value names a framework file (not a built-in id).
pub(super) fn names_a_file(value: &str) -> bool {
    value.contains('/')
        || value.contains('\\')
        || value.ends_with(".yaml")
        || value.ends_with(".yml")
}
