//! Go to definition, references and rename of component ids.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::FileEdit;
use crate::lower;
use crate::text::TextRange;
use crate::workspace::Workspace;

use super::{FileRange, target_at};

/// The component id at `offset` and the range of its text there.
pub(crate) fn component_id_at(
    ws: &Workspace,
    path: &Path,
    offset: usize,
) -> Option<(String, TextRange)> {
    let file = ws.file(path)?;
    let (id, range) = target_at(file, offset)?.component_id()?;
    Some((id.to_string(), range))
}

/// Where the component under the cursor is declared.
pub fn definition(ws: &Workspace, path: &Path, offset: usize) -> Vec<FileRange> {
    let Some((id, _)) = component_id_at(ws, path, offset) else {
        return Vec::new();
    };
    ws.declarations(&id)
}

/// Every use of the component under the cursor, with its declarations
/// when asked, sorted by file and position.
pub fn references(
    ws: &Workspace,
    path: &Path,
    offset: usize,
    include_declaration: bool,
) -> Vec<FileRange> {
    let Some((id, _)) = component_id_at(ws, path, offset) else {
        return Vec::new();
    };
    let mut out = ws.references(&id);
    if include_declaration {
        out.extend(ws.declarations(&id));
    }
    out.sort();
    out.dedup();
    out
}

/// The range a rename at `offset` would replace.
pub fn prepare_rename(ws: &Workspace, path: &Path, offset: usize) -> Option<(TextRange, String)> {
    let (id, range) = component_id_at(ws, path, offset)?;
    Some((range, id))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    NotAComponent,
    InvalidId(String),
    Exists(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NotAComponent => write!(f, "only component ids can be renamed"),
            RenameError::InvalidId(id) => write!(
                f,
                "`{id}` is not a valid component id (lowercase letters, digits and '-')"
            ),
            RenameError::Exists(id) => write!(f, "a component `{id}` already exists"),
        }
    }
}

/// Edits renaming the component under the cursor everywhere, by file.
pub fn rename(
    ws: &Workspace,
    path: &Path,
    offset: usize,
    new_id: &str,
) -> Result<BTreeMap<PathBuf, Vec<FileEdit>>, RenameError> {
    let (id, _) = component_id_at(ws, path, offset).ok_or(RenameError::NotAComponent)?;
    if !lower::is_valid_id(new_id) {
        return Err(RenameError::InvalidId(new_id.to_string()));
    }
    if new_id != id && !ws.declarations(new_id).is_empty() {
        return Err(RenameError::Exists(new_id.to_string()));
    }
    let mut out: BTreeMap<PathBuf, Vec<FileEdit>> = BTreeMap::new();
    for site in ws.declarations(&id).into_iter().chain(ws.references(&id)) {
        out.entry(site.path.clone()).or_default().push(FileEdit {
            path: site.path.clone(),
            range: site.range,
            new_text: new_id.to_string(),
        });
    }
    // Sorted, then one edit per range (a site can be both a declaration
    // and a reference); not a search per site, which is quadratic in a
    // file with thousands of references.
    for edits in out.values_mut() {
        edits.sort_by_key(|e| e.range);
        edits.dedup_by_key(|e| e.range);
    }
    Ok(out)
}
