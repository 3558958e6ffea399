//! Design documents that add to inventory components (`extends:`): the
//! declaration an extension adds to, the merged component that the IDE
//! features and the report read, and the findings that need both files
//! (an extension's entries checked against the declaration's model, the
//! merged component's duties, conflicts, dangling `extends:`). Computed
//! when a file's findings are asked for, like duplicates: a file's own
//! analysis never depends on another file.

use std::borrow::Cow;
use std::path::Path;

use crate::analysis::{self, DUTY_CODES};
use crate::diagnostics::{Code, Diagnostic, FixHint, Related};
use crate::document::{Component, FileKind, Responsibility, Spanned};
use crate::suggest::did_you_mean;
use crate::text::TextRange;

use super::{FileAnalysis, Workspace};

/// One responsibility entry and the file it is written in.
type Placed<'a> = (&'a Path, &'a Responsibility);

impl Workspace {
    /// The inventory declaration that the extension `ext` adds to, with its
    /// file: the component with `ext`'s id in the inventory its `extends:`
    /// links to.
    pub fn extended(&self, ext: &Component) -> Option<(&FileAnalysis, &Component)> {
        let target = ext.extends.as_ref()?.target.as_deref()?;
        let file = self
            .file(target)
            .filter(|f| f.kind == FileKind::Inventory)?;
        let decl = file
            .document
            .components
            .iter()
            .find(|c| c.id.value == ext.id.value)?;
        Some((file, decl))
    }

    /// The extensions adding to `decl` (declared in the inventory
    /// `inventory`), by file and position.
    pub fn extensions_of(
        &self,
        inventory: &Path,
        decl: &Component,
    ) -> Vec<(&FileAnalysis, &Component)> {
        let Some(sites) = self.index.extensions.get(&decl.id.value) else {
            return Vec::new();
        };
        let mut out: Vec<(&FileAnalysis, &Component)> = sites
            .iter()
            .filter(|(_, target)| target.as_deref() == Some(inventory))
            .filter_map(|(site, _)| {
                let file = self.file(&site.path)?;
                let ext = file
                    .document
                    .components
                    .iter()
                    .find(|c| c.is_extension() && c.id.range == site.range)?;
                Some((file, ext))
            })
            .collect();
        out.sort_by(|a, b| (&a.0.path, a.1.id.range.start).cmp(&(&b.0.path, b.1.id.range.start)));
        out
    }

    /// The component as it is analysed, with the inventory that declares
    /// it: the declaration plus the responsibility entries of every
    /// extension (each marked with its document; a domain written twice
    /// keeps its first entry, the declaration's). For an extension, the
    /// component it extends (`None` when that is not found). Borrowed when
    /// nothing extends it.
    pub fn analysed_component<'a>(
        &'a self,
        file: &'a FileAnalysis,
        c: &'a Component,
    ) -> Option<(&'a FileAnalysis, Cow<'a, Component>)> {
        let (file, decl) = if c.is_extension() {
            self.extended(c)?
        } else {
            (file, c)
        };
        let extensions = self.extensions_of(&file.path, decl);
        if extensions.is_empty() {
            return Some((file, Cow::Borrowed(decl)));
        }
        let mut merged = decl.clone();
        for (doc, ext) in extensions {
            for entry in &ext.responsibilities {
                let written = merged
                    .responsibilities
                    .iter()
                    .any(|m| m.domain.value == entry.domain.value);
                if !written {
                    let mut entry = entry.clone();
                    entry.written_in = Some(doc.path.clone());
                    merged.responsibilities.push(entry);
                }
            }
        }
        Some((file, Cow::Owned(merged)))
    }

    /// The findings about extensions that concern `file`, into `out`.
    /// Returns the `deployment:` ranges of its extended components: their
    /// own duty findings ([`DUTY_CODES`]) are replaced by the merged
    /// component's.
    pub(super) fn extension_findings(
        &self,
        file: &FileAnalysis,
        out: &mut Vec<Diagnostic>,
    ) -> Vec<TextRange> {
        let mut replaced = Vec::new();
        if self.index.extensions.is_empty() {
            return replaced;
        }
        for c in &file.document.components {
            if c.is_extension() {
                self.extension_here(file, c, out);
            } else if file.kind == FileKind::Inventory {
                let extensions = self.extensions_of(&file.path, c);
                if !extensions.is_empty() {
                    replaced.extend(c.deployment.as_ref().map(|d| d.range));
                    self.extended_here(file, c, &extensions, out);
                }
            }
        }
        replaced
    }

    /// The findings at an extension in a design document.
    fn extension_here(&self, doc: &FileAnalysis, ext: &Component, out: &mut Vec<Diagnostic>) {
        let Some((inventory, decl)) = self.extended(ext) else {
            out.push(self.dangling_extension(ext));
            if let Some(fw) = doc.framework() {
                out.extend(analysis::entry_findings(fw, ext, &doc.text));
            }
            return;
        };
        if let Some(fw) = inventory.framework() {
            // The entries are checked in the declaration's model.
            let mut effective = ext.clone();
            effective.deployment = decl.deployment.clone();
            out.extend(analysis::entry_findings(fw, &effective, &doc.text));
            if doc.document.framework.is_some()
                && let (Some(chosen), Some(extends)) = (doc.framework(), &ext.extends)
                && chosen.id != fw.id
            {
                out.push(Diagnostic::new(
                    Code::ExtensionConflict,
                    extends.value.range,
                    format!(
                        "`{}` is declared under the framework `{}`, this document chooses `{}`; its entries here are checked against `{}`",
                        ext.id.value, fw.id, chosen.id, fw.id
                    ),
                ));
            }
        }
        if let Some(d) = deployment_conflict(ext, (&inventory.path, decl)) {
            out.push(d);
        }
        self.entry_conflicts((inventory, decl), (&doc.path, ext), out);
    }

    /// The findings at an inventory component that extensions add to: the
    /// merged component's duties, deployment and entry conflicts.
    fn extended_here(
        &self,
        inventory: &FileAnalysis,
        decl: &Component,
        extensions: &[(&FileAnalysis, &Component)],
        out: &mut Vec<Diagnostic>,
    ) {
        if let (Some(fw), Some((_, merged))) = (
            inventory.framework(),
            self.analysed_component(inventory, decl),
        ) {
            let duties = analysis::duties(fw, &merged, inventory.context()).unwrap_or_default();
            for mut d in analysis::duty_findings(fw, &merged, inventory.context()) {
                // The entries to add are those no file has.
                if let Some(FixHint::AddUnownedEntries(level)) = d.fix {
                    let domains = duties
                        .iter()
                        .filter(|d| d.is_unowned(level) && d.entry.is_none())
                        .map(|d| d.domain.to_string())
                        .collect();
                    d.fix = Some(FixHint::AddEntries(domains));
                }
                for (doc, ext) in extensions {
                    d = d.with_related(Related {
                        path: doc.path.clone(),
                        range: ext.id.range,
                        message: format!("entries of `{}` are added here", decl.id.value),
                    });
                }
                out.push(d);
            }
        }
        for (doc, ext) in extensions {
            if let Some(d) = deployment_conflict(decl, (&doc.path, ext)) {
                out.push(d);
            }
        }
        self.entry_conflicts((inventory, decl), (&inventory.path, decl), out);
    }

    /// The conflicts of the entries of `here` (the declaration or one
    /// extension, written in `path`) with the other entries of the merged
    /// component of `decl`.
    fn entry_conflicts(
        &self,
        (inventory, decl): (&FileAnalysis, &Component),
        (path, here): (&Path, &Component),
        out: &mut Vec<Diagnostic>,
    ) {
        let all = self.placed_entries(inventory, decl);
        let here: Vec<Placed> = here.responsibilities.iter().map(|r| (path, r)).collect();
        entry_conflicts(&decl.id.value, &here, &all, out);
    }

    /// Every responsibility entry of `decl` and of its extensions, where
    /// each is written.
    fn placed_entries<'a>(
        &'a self,
        inventory: &'a FileAnalysis,
        decl: &'a Component,
    ) -> Vec<Placed<'a>> {
        let own = decl
            .responsibilities
            .iter()
            .map(|r| (inventory.path.as_path(), r));
        let added = self
            .extensions_of(&inventory.path, decl)
            .into_iter()
            .flat_map(|(doc, ext)| ext.responsibilities.iter().map(|r| (doc.path.as_path(), r)));
        own.chain(added).collect()
    }

    /// An `extends:` that leads to no inventory, or to one without the id.
    fn dangling_extension(&self, ext: &Component) -> Diagnostic {
        let Some(extends) = &ext.extends else {
            unreachable!("only extensions are checked here")
        };
        let inventory = extends
            .target
            .as_deref()
            .and_then(|t| self.file(t))
            .filter(|f| f.kind == FileKind::Inventory);
        let Some(inventory) = inventory else {
            return Diagnostic::new(
                Code::UnknownLinkTarget,
                extends.path_range(),
                format!(
                    "`extends:` links to `{}`, which is not an inventory of this workspace",
                    extends.path
                ),
            );
        };
        let range = extends
            .fragment
            .as_ref()
            .filter(|f| f.value == ext.id.value)
            .map_or(ext.id.range, |f| f.range);
        let ids = inventory
            .document
            .components
            .iter()
            .map(|c| (c.id.value.as_str(), c.id.value.as_str()));
        let id = &ext.id.value;
        let message = match did_you_mean(id, ids) {
            Some(s) => format!(
                "`{}` declares no component `{id}` for this entry to extend; did you mean `{s}`?",
                extends.path
            ),
            None => format!(
                "`{}` declares no component `{id}` for this entry to extend",
                extends.path
            ),
        };
        Diagnostic::new(Code::UnknownComponent, range, message)
    }
}

/// `deployment:` written at `here` that differs from the one at `other`
/// (each component's model is one value).
fn deployment_conflict(here: &Component, other: (&Path, &Component)) -> Option<Diagnostic> {
    let (other_path, other) = other;
    let mine = here.deployment.as_ref()?;
    let theirs = other.deployment.as_ref()?;
    if mine.value == theirs.value {
        return None;
    }
    let d = Diagnostic::new(
        Code::ExtensionConflict,
        mine.range,
        format!(
            "`deployment: {}` of `{}` conflicts with `deployment: {}` written for it elsewhere; a component has one deployment model",
            mine.value, here.id.value, theirs.value
        ),
    );
    Some(d.with_related(Related {
        path: other_path.to_path_buf(),
        range: theirs.range,
        message: format!("`deployment: {}` is written here", theirs.value),
    }))
}

/// The values of one entry that the declaration and its extensions must
/// agree on.
fn agreed_values(r: &Responsibility) -> [(&'static str, Option<&Spanned<String>>); 3] {
    [
        ("owner", analysis::non_blank(r.owner.as_ref())),
        ("ownership", r.ownership.as_ref()),
        ("status", r.status.as_ref()),
    ]
}

/// For each entry of `here`: each of its agreed values that another entry
/// of the same domain (in `all`) writes differently is a conflict, related
/// to every other value.
fn entry_conflicts(id: &str, here: &[Placed], all: &[Placed], out: &mut Vec<Diagnostic>) {
    for (path, entry) in here {
        let others = all.iter().filter(|(p, r)| {
            r.domain.value == entry.domain.value && !(p == path && r.range == entry.range)
        });
        for (key, mine) in agreed_values(entry) {
            let Some(mine) = mine else { continue };
            let differing: Vec<(&Path, &Spanned<String>)> = others
                .clone()
                .filter_map(|(p, r)| {
                    let theirs = agreed_values(r).into_iter().find(|(k, _)| *k == key)?.1?;
                    (theirs.value.trim() != mine.value.trim()).then_some((*p, theirs))
                })
                .collect();
            if differing.is_empty() {
                continue;
            }
            let mut d = Diagnostic::new(
                Code::ExtensionConflict,
                mine.range,
                format!(
                    "`{key}: {}` of `{}` in `{id}` conflicts with `{key}: {}` written for it elsewhere",
                    mine.value.trim(),
                    entry.domain.value,
                    differing[0].1.value.trim()
                ),
            );
            for (p, theirs) in differing {
                d = d.with_related(Related {
                    path: p.to_path_buf(),
                    range: theirs.range,
                    message: format!("`{key}: {}` is written here", theirs.value.trim()),
                });
            }
            out.push(d);
        }
    }
}

/// Whether `d`, one of `file`'s own findings, is replaced by the merged
/// component's (a duty finding at an extended component's deployment).
pub(super) fn is_replaced(d: &Diagnostic, replaced: &[TextRange]) -> bool {
    !replaced.is_empty() && DUTY_CODES.contains(&d.code) && replaced.contains(&d.range)
}
