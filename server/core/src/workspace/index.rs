//! The id index: where each component id is declared and referenced, and
//! which files a change touches through it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::document::{Component, Document};
use crate::text::{FileRange, TextRange};

use super::FileAnalysis;

#[derive(Clone, Default, Debug)]
pub(super) struct Index {
    pub(super) declarations: HashMap<String, Vec<Site>>,
    pub(super) references: HashMap<String, Vec<Site>>,
    /// Every site's file and range, one table per file (`Site::file`).
    files: Vec<FileSites>,
    numbers: HashMap<PathBuf, u32>,
    /// Numbers of removed files, for reuse.
    free: Vec<u32>,
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

/// Where an id is declared or used: a range in one file's table. The maps
/// hold these, not paths and ranges, so that an edit moves a file's later
/// sites in one pass over its ranges ([`Index::shift_ranges`]) instead
/// of looking up every later id of the file on every keystroke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Site {
    file: u32,
    slot: u32,
}

/// The ranges of one file's sites. A slot whose site was dropped by an
/// incremental edit stays until it is reused (its range is then moved
/// with the others, harmlessly).
#[derive(Clone, Debug, Default)]
struct FileSites {
    path: PathBuf,
    ranges: Vec<TextRange>,
}

impl Index {
    pub(super) fn add(&mut self, file: &FileAnalysis) {
        let number = self.number(&file.path);
        for (id, range) in declared(&file.document) {
            let site = self.new_site(number, range, &mut Vec::new());
            let sites = self.declarations.entry(id.to_string()).or_default();
            if sites.is_empty() {
                self.id_generation += 1;
            }
            sites.push(site);
            if sites.len() == 2 {
                self.duplicated.insert(id.to_string());
            }
        }
        for (id, range) in referenced(&file.document) {
            self.add_reference(number, id, range, &mut Vec::new());
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
        let Some(number) = self.numbers.remove(&file.path) else {
            return;
        };
        let declared_before = self.declarations.len();
        for map in [&mut self.declarations, &mut self.references] {
            let ids: BTreeSet<&str> = declared(&file.document)
                .chain(referenced(&file.document))
                .map(|(id, _)| id)
                .collect();
            for id in ids {
                if let Some(sites) = map.get_mut(id) {
                    sites.retain(|s| s.file != number);
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
        self.files[number as usize] = FileSites::default();
        self.free.push(number);
        if self.declarations.len() != declared_before {
            self.id_generation += 1;
        }
        let declarations = &self.declarations;
        self.duplicated
            .retain(|id| declarations.get(id).is_some_and(|sites| sites.len() > 1));
    }

    /// The number of `path`'s table, made when it has none.
    pub(super) fn number(&mut self, path: &PathBuf) -> u32 {
        if let Some(&n) = self.numbers.get(path) {
            return n;
        }
        let table = FileSites {
            path: path.clone(),
            ranges: Vec::new(),
        };
        let n = match self.free.pop() {
            Some(n) => {
                self.files[n as usize] = table;
                n
            }
            None => {
                self.files.push(table);
                (self.files.len() - 1) as u32
            }
        };
        self.numbers.insert(path.clone(), n);
        n
    }

    /// A new site in file `number`, in one of `reuse`'s slots if any.
    fn new_site(&mut self, number: u32, range: TextRange, reuse: &mut Vec<u32>) -> Site {
        let ranges = &mut self.files[number as usize].ranges;
        let slot = match reuse.pop() {
            Some(slot) => {
                ranges[slot as usize] = range;
                slot
            }
            None => {
                ranges.push(range);
                (ranges.len() - 1) as u32
            }
        };
        Site { file: number, slot }
    }

    pub(super) fn add_reference(
        &mut self,
        number: u32,
        id: &str,
        range: TextRange,
        reuse: &mut Vec<u32>,
    ) {
        let site = self.new_site(number, range, reuse);
        self.references
            .entry(id.to_string())
            .or_default()
            .push(site);
    }

    /// Drops the reference to `id` at `range` in file `number`; returns
    /// its slot, free for reuse.
    pub(super) fn remove_reference(
        &mut self,
        number: u32,
        id: &str,
        range: TextRange,
    ) -> Option<u32> {
        let sites = self.references.get_mut(id)?;
        let ranges = &self.files[number as usize].ranges;
        let at = sites
            .iter()
            .position(|s| s.file == number && ranges[s.slot as usize] == range)?;
        let site = sites.remove(at);
        if sites.is_empty() {
            self.references.remove(id);
        }
        Some(site.slot)
    }

    /// File `number`'s site ranges, to move after an edit.
    pub(super) fn shift_ranges(&mut self, number: u32) -> &mut [TextRange] {
        &mut self.files[number as usize].ranges
    }

    pub(super) fn path(&self, site: Site) -> &PathBuf {
        &self.files[site.file as usize].path
    }

    pub(super) fn file_range(&self, site: Site) -> FileRange {
        let file = &self.files[site.file as usize];
        FileRange {
            path: file.path.clone(),
            range: file.ranges[site.slot as usize],
        }
    }

    /// The sites of `id` in `map`, as files and ranges.
    pub(super) fn resolve(&self, sites: Option<&Vec<Site>>) -> Vec<FileRange> {
        sites
            .into_iter()
            .flatten()
            .map(|s| self.file_range(*s))
            .collect()
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
            out.insert(index.path(*site).clone());
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
            .flat_map(|(_, sites)| sites.iter().map(|s| self.path(*s)))
    }
}

fn declaration_counts(file: Option<&FileAnalysis>) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for (id, _) in file.map(|f| declared(&f.document)).into_iter().flatten() {
        *counts.entry(id).or_default() += 1;
    }
    counts
}
