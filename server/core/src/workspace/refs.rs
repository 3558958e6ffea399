//! `refs:` that name a framework (`aisrm:agent-governance`), and the
//! prefixes of refs when `refs.prefixes` is set: both checked against the
//! built-in frameworks and the framework files of the workspace, so they
//! are cross-file findings, computed on demand.

use crate::diagnostics::Diagnostic;
use crate::framework::{self, Framework};

use super::{FileAnalysis, Workspace};

impl Workspace {
    pub(super) fn ref_findings(&self, file: &FileAnalysis, out: &mut Vec<Diagnostic>) {
        if !has_refs(file) {
            return;
        }
        let frameworks = self.known_frameworks();
        let listed = self.settings().ref_prefixes.as_deref();
        for entry in file
            .document
            .components
            .iter()
            .flat_map(|c| &c.responsibilities)
        {
            crate::refs::check_framework_refs(&entry.refs, &frameworks, out);
            if let Some(listed) = listed {
                crate::refs::check_prefixes(&entry.refs, &frameworks, listed, out);
            }
        }
    }

    /// The built-in frameworks, then those the workspace's framework
    /// files define (sorted by path, so a clash resolves the same way
    /// every time; the clash itself is `framework-id-clash`).
    fn known_frameworks(&self) -> Vec<&Framework> {
        let mut files: Vec<&FileAnalysis> = self.files().filter(|f| f.defines.is_some()).collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        framework::builtins()
            .iter()
            .chain(files.into_iter().filter_map(|f| f.defines.as_deref()))
            .collect()
    }

    /// Files with `refs:`, whose findings depend on which frameworks the
    /// workspace defines.
    pub(super) fn files_with_refs(&self) -> Vec<std::path::PathBuf> {
        self.files()
            .filter(|f| has_refs(f))
            .map(|f| f.path.clone())
            .collect()
    }
}

fn has_refs(file: &FileAnalysis) -> bool {
    file.document
        .components
        .iter()
        .flat_map(|c| &c.responsibilities)
        .any(|r| !r.refs.is_empty())
}
