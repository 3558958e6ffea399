//! The id index: where each component id is declared and referenced, and
//! which files a change touches through it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::document::{Component, Document};
use crate::text::{FileRange, TextRange};

use super::FileAnalysis;

#[derive(Clone, Default, Debug)]
pub(super) struct Index {
    pub(super) declarations: HashMap<String, Vec<FileRange>>,
    pub(super) references: HashMap<String, Vec<FileRange>>,
    /// Changes whenever an id starts or stops being declared (what
    /// did-you-mean suggestions depend on).
    pub(super) id_generation: u64,
    /// The ids declared more than once (few): the duplicate check walks
    /// these instead of looking up every component of a file on every
    /// keystroke.
    pub(super) duplicated: BTreeSet<String>,
    /// Design documents' `extends:` entries by id: where the entry's key
    /// is, and the inventory its `extends:` links to.
    pub(super) extensions: HashMap<String, Vec<(FileRange, Option<PathBuf>)>>,
}

impl Index {
    pub(super) fn add(&mut self, file: &FileAnalysis) {
        for (id, range) in declared(&file.document) {
            let sites = self.declarations.entry(id.to_string()).or_default();
            if sites.is_empty() {
                self.id_generation += 1;
            }
            sites.push(FileRange {
                path: file.path.clone(),
                range,
            });
            if sites.len() == 2 {
                self.duplicated.insert(id.to_string());
            }
        }
        for (id, range) in referenced(&file.document) {
            self.references
                .entry(id.to_string())
                .or_default()
                .push(FileRange {
                    path: file.path.clone(),
                    range,
                });
        }
        for c in extensions(&file.document) {
            let site = FileRange {
                path: file.path.clone(),
                range: c.id.range,
            };
            let target = c.extends.as_ref().and_then(|e| e.target.clone());
            self.extensions
                .entry(c.id.value.clone())
                .or_default()
                .push((site, target));
        }
    }

    /// Design documents with an `extends:` linking to `inventory`.
    pub(super) fn files_extending(&self, inventory: &Path) -> impl Iterator<Item = &PathBuf> {
        self.extensions
            .values()
            .flatten()
            .filter(move |(_, target)| target.as_deref() == Some(inventory))
            .map(|(site, _)| &site.path)
    }

    pub(super) fn remove(&mut self, file: &FileAnalysis) {
        let declared_before = self.declarations.len();
        for map in [&mut self.declarations, &mut self.references] {
            let ids: BTreeSet<&str> = declared(&file.document)
                .chain(referenced(&file.document))
                .map(|(id, _)| id)
                .collect();
            for id in ids {
                if let Some(sites) = map.get_mut(id) {
                    sites.retain(|s| s.path != file.path);
                    if sites.is_empty() {
                        map.remove(id);
                    }
                }
            }
        }
        for c in extensions(&file.document) {
            if let Some(sites) = self.extensions.get_mut(&c.id.value) {
                sites.retain(|(s, _)| s.path != file.path);
                if sites.is_empty() {
                    self.extensions.remove(&c.id.value);
                }
            }
        }
        if self.declarations.len() != declared_before {
            self.id_generation += 1;
        }
        let declarations = &self.declarations;
        self.duplicated
            .retain(|id| declarations.get(id).is_some_and(|sites| sites.len() > 1));
    }
}

/// The components a document declares (an extension declares none).
pub(super) fn declared(doc: &Document) -> impl Iterator<Item = (&str, TextRange)> {
    doc.components
        .iter()
        .filter(|c| !c.is_extension())
        .map(|c| (c.id.value.as_str(), c.id.range))
}

fn extensions(doc: &Document) -> impl Iterator<Item = &Component> {
    doc.components.iter().filter(|c| c.is_extension())
}

/// `depends-on` entries, component links and extensions (their key and
/// the id in their `extends:` link, so a rename changes both).
fn referenced(doc: &Document) -> impl Iterator<Item = (&str, TextRange)> {
    let deps = doc
        .components
        .iter()
        .flat_map(|c| c.depends_on.iter().map(|d| (d.value.as_str(), d.range)));
    let links = doc
        .links
        .iter()
        .map(|l| (l.fragment.value.as_str(), l.fragment.range));
    let extensions = extensions(doc).flat_map(|c| {
        let fragment = c.extends.as_ref().and_then(|e| e.fragment.as_ref());
        let fragment = fragment
            .filter(|f| f.value == c.id.value && f.range.len() == f.value.len())
            .map(|f| (c.id.value.as_str(), f.range));
        std::iter::once((c.id.value.as_str(), c.id.range)).chain(fragment)
    });
    deps.chain(links).chain(extensions)
}
/// Files whose cross-file findings change when `old` becomes `new`: those
/// that declare or reference an id whose number of declarations changed.
/// `index` holds neither `old` nor `new`. Returns whether the set of
/// declared ids changed (on which every did-you-mean depends).
pub(super) fn collect_affected(
    index: &Index,
    old: Option<&FileAnalysis>,
    new: Option<&FileAnalysis>,
    out: &mut BTreeSet<PathBuf>,
) -> bool {
    let (before, after) = (declaration_counts(old), declaration_counts(new));
    let changed = before
        .iter()
        .filter(|(id, n)| after.get(*id) != Some(n))
        .chain(after.iter().filter(|(id, _)| !before.contains_key(*id)))
        .map(|(id, _)| *id);
    let mut id_set_changed = false;
    for id in changed {
        let elsewhere = index.declarations.contains_key(id);
        let declared_before = elsewhere || before.contains_key(id);
        let declared_after = elsewhere || after.contains_key(id);
        id_set_changed |= declared_before != declared_after;
        for site in index
            .declarations
            .get(id)
            .into_iter()
            .chain(index.references.get(id))
            .flatten()
        {
            out.insert(site.path.clone());
        }
    }
    id_set_changed
}

impl Index {
    /// Files that reference an id no file declares: their did-you-mean
    /// suggestions depend on the set of declared ids.
    pub(super) fn files_with_dangling_references(&self) -> impl Iterator<Item = &PathBuf> {
        self.references
            .iter()
            .filter(|(id, _)| !self.declarations.contains_key(*id))
            .flat_map(|(_, sites)| sites.iter().map(|s| &s.path))
    }
}

fn declaration_counts(file: Option<&FileAnalysis>) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for (id, _) in file.map(|f| declared(&f.document)).into_iter().flatten() {
        *counts.entry(id).or_default() += 1;
    }
    counts
}
