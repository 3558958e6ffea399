//! The extended components of a workspace, each merged with the design
//! documents that extend it ([`Workspace::analysed_component`]), held so
//! that what reads them (the report's rows, the export's components) can
//! borrow them for as long as it borrows the workspace.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::document::Component;

use super::Workspace;

/// Every inventory component that a design document extends, merged.
pub struct Merged(Vec<(PathBuf, Component)>);

impl Merged {
    pub fn of(ws: &Workspace) -> Self {
        let mut out = Vec::new();
        for file in ws.files() {
            for c in file.document.components.iter() {
                if let Some((_, Cow::Owned(merged))) = ws.analysed_component(file, c)
                    && !c.is_extension()
                {
                    out.push((file.path.clone(), merged));
                }
            }
        }
        Merged(out)
    }

    /// The merged `c` of the file at `path`, when design documents extend it.
    pub fn get(&self, path: &Path, c: &Component) -> Option<&Component> {
        self.0
            .iter()
            .find(|(p, m)| p == path && m.id.range == c.id.range)
            .map(|(_, m)| m)
    }

    /// `c` as it is analysed: merged when extended, else itself.
    pub fn or_declared<'a>(&'a self, path: &Path, c: &'a Component) -> &'a Component {
        self.get(path, c).unwrap_or(c)
    }
}
