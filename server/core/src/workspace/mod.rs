//! The workspace: every inventory, design document and framework file, each
//! analysed on its own, plus an index of component declarations and
//! references for the cross-file findings (duplicate ids, dangling
//! references). Changing one file re-analyses that file only (and the
//! inventories that use it as their framework); cross-file findings are
//! computed per file from the index on demand.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::analysis;
use crate::document::{Component, FileKind};
use crate::framework;

mod classify;
mod cross_file;
mod env;
mod extensions;
mod frameworks;
mod incremental;
mod index;
mod merged;
mod pipeline;
mod refs;

pub use crate::text::FileRange;
pub use classify::{INVENTORY_NAMES, INVENTORY_SUFFIXES, is_candidate, normalize};
pub(crate) use classify::{is_inventory_name, is_markdown, is_yaml};
pub use env::{Environment, NativeEnvironment};
pub use frameworks::FrameworkChoice;
pub use merged::Merged;
pub(crate) use pipeline::finding_order;
pub use pipeline::{FileAnalysis, analyze_file};

use index::{Index, collect_affected};

/// Every analysed file of a workspace. Cloning shares every file's
/// analysis (`Arc`) and copies only the maps: the language server takes
/// an immutable snapshot for its requests this way.
#[derive(Debug)]
pub struct Workspace {
    roots: Vec<PathBuf>,
    default_framework: String,
    settings: analysis::Settings,
    files: HashMap<PathBuf, Arc<FileAnalysis>>,
    index: Index,
    env: Arc<dyn Environment>,
    /// Did-you-mean answers for undeclared ids, valid for one
    /// `Index::id_generation`: a keystroke must not compare every dangling
    /// reference with every declared id again.
    suggestions: Mutex<(u64, HashMap<String, Option<String>>)>,
}

impl Clone for Workspace {
    fn clone(&self) -> Self {
        let suggestions = self
            .suggestions
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default();
        Self {
            roots: self.roots.clone(),
            default_framework: self.default_framework.clone(),
            settings: self.settings.clone(),
            files: self.files.clone(),
            index: self.index.clone(),
            env: self.env.clone(),
            suggestions: Mutex::new(suggestions),
        }
    }
}

impl Workspace {
    /// `roots` bound what may be read (custom framework files must lie
    /// inside one of them). Paths should be absolute and normalised.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        Self::with_environment(roots, Arc::new(NativeEnvironment))
    }

    /// Like [`Self::new`], reading the disk through `env`.
    pub(crate) fn with_environment(roots: Vec<PathBuf>, env: Arc<dyn Environment>) -> Self {
        Self {
            env,
            roots: roots.iter().map(|r| normalize(r)).collect(),
            default_framework: "aisrm".into(),
            settings: analysis::Settings::default(),
            files: HashMap::new(),
            index: Index::default(),
            suggestions: Mutex::default(),
        }
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Adds a workspace folder; returns the files re-analysed because a
    /// custom framework they name may now be inside the boundary.
    pub fn add_root(&mut self, root: &Path) -> Vec<PathBuf> {
        let root = normalize(root);
        if self.roots.contains(&root) {
            return Vec::new();
        }
        self.roots.push(root);
        self.reanalyze_custom_framework_users()
    }

    /// Removes a workspace folder: framework files under it are no longer
    /// read (unless another folder holds them). Returns the files
    /// re-analysed against the smaller boundary; the files under the
    /// folder stay until the caller removes them.
    pub fn remove_root(&mut self, root: &Path) -> Vec<PathBuf> {
        let root = normalize(root);
        let before = self.roots.len();
        self.roots.retain(|r| *r != root);
        if self.roots.len() == before {
            return Vec::new();
        }
        self.reanalyze_custom_framework_users()
    }

    /// Whether `path` lies (lexically) inside a workspace folder.
    pub fn is_under_a_root(&self, path: &Path) -> bool {
        let path = normalize(path);
        self.roots.iter().any(|r| path.starts_with(r))
    }

    pub(crate) fn default_framework(&self) -> &str {
        &self.default_framework
    }

    /// Sets the framework for design docs and inventories without
    /// `framework:`; returns the files whose analysis changed.
    pub fn set_default_framework(&mut self, id: &str) -> Vec<PathBuf> {
        if framework::builtin(id).is_none() || self.default_framework == id {
            return Vec::new();
        }
        self.default_framework = id.to_string();
        self.reanalyze_all()
    }

    pub fn settings(&self) -> &analysis::Settings {
        &self.settings
    }

    /// Changes the analysis settings (the ownership rule); returns the
    /// files whose analysis changed.
    pub fn set_settings(&mut self, settings: analysis::Settings) -> Vec<PathBuf> {
        if self.settings == settings {
            return Vec::new();
        }
        self.settings = settings;
        self.reanalyze_all()
    }

    fn reanalyze_all(&mut self) -> Vec<PathBuf> {
        let paths: Vec<PathBuf> = self.files.keys().cloned().collect();
        for path in &paths {
            let text = self.files[path].text.clone();
            self.set_file(path.clone(), text);
        }
        paths
    }

    pub fn file(&self, path: &Path) -> Option<&FileAnalysis> {
        self.files.get(path).map(|f| &**f)
    }

    pub fn files(&self) -> impl Iterator<Item = &FileAnalysis> {
        self.files.values().map(|f| &**f)
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self.files.keys().cloned().collect();
        paths.sort();
        paths
    }

    /// Adds or replaces a file. A file that is not aisrm's (a Markdown file
    /// without ```aisrm blocks or component links, YAML without an `aisrm`
    /// key) is dropped.
    /// Returns every file whose findings may have changed.
    pub fn set_file(&mut self, path: PathBuf, text: impl Into<Arc<str>>) -> Vec<PathBuf> {
        self.set_files([(path, text.into())])
    }

    /// [`Self::set_file`] for many files at once (a workspace's initial
    /// scan): the files every change touches through the whole workspace
    /// (references to undeclared ids, links to a file that became or
    /// stopped being an aisrm file, framework files) are looked up once
    /// for the batch instead of once per file, which made indexing
    /// quadratic in the number of files.
    pub fn set_files(
        &mut self,
        files: impl IntoIterator<Item = (PathBuf, Arc<str>)>,
    ) -> Vec<PathBuf> {
        let mut affected = BTreeSet::new();
        let mut wide = WideEffects::default();
        for (path, text) in files {
            let path = normalize(&path);
            match self.try_splice(&path, &text) {
                Some(spliced) => affected.extend(spliced),
                None => self.replace_file(path, text, &mut affected, &mut wide),
            }
        }
        if wide.id_set_changed {
            affected.extend(self.index.files_with_dangling_references().cloned());
        }
        if !wide.kind_changed.is_empty() {
            affected.extend(self.files_linking_to(&wide.kind_changed));
        }
        if wide.framework_files {
            affected.extend(self.framework_files());
            affected.extend(self.files_with_refs());
        }
        affected.into_iter().collect()
    }

    /// Analyses one file of [`Self::set_files`] from scratch; what it
    /// changes for the whole workspace goes to `wide`.
    fn replace_file(
        &mut self,
        path: PathBuf,
        text: Arc<str>,
        affected: &mut BTreeSet<PathBuf>,
        wide: &mut WideEffects,
    ) {
        let old = self.files.remove(&path);
        if let Some(old) = &old {
            self.index.remove(old);
        }
        let new = analyze_file(&path, text, self);
        affected.insert(path.clone());
        wide.id_set_changed |=
            collect_affected(&self.index, old.as_deref(), new.as_ref(), affected);
        if old.as_ref().map(|f| f.kind) != new.as_ref().map(|f| f.kind) {
            wide.kind_changed.insert(path.clone());
        }
        wide.framework_files |=
            is_framework_file(old.as_deref()) || new.as_ref().is_some_and(|f| f.defines.is_some());
        if let Some(new) = new {
            self.index.add(&new);
            let is_framework = new.kind == FileKind::Framework;
            self.files.insert(path.clone(), Arc::new(new));
            if is_framework {
                affected.extend(self.reanalyze_users_of(&path));
            }
        } else if old.as_ref().is_some_and(|o| o.kind == FileKind::Framework) {
            affected.extend(self.reanalyze_users_of(&path));
        }
        self.extension_neighbours(&path, old.as_deref(), affected);
    }

    /// Removes a file (deleted, or closed and gone from disk).
    pub fn remove_file(&mut self, path: &Path) -> Vec<PathBuf> {
        let path = normalize(path);
        let Some(old) = self.files.remove(&path) else {
            return Vec::new();
        };
        self.index.remove(&old);
        let mut affected = BTreeSet::new();
        affected.insert(path.clone());
        if collect_affected(&self.index, Some(&old), None, &mut affected) {
            affected.extend(self.index.files_with_dangling_references().cloned());
        }
        affected.extend(self.files_linking_to(&BTreeSet::from([path.clone()])));
        self.extension_neighbours(&path, Some(&old), &mut affected);
        if is_framework_file(Some(&old)) {
            affected.extend(self.framework_files());
            affected.extend(self.files_with_refs());
        }
        if old.kind == FileKind::Framework {
            affected.extend(self.reanalyze_users_of(&path));
        }
        affected.into_iter().collect()
    }

    /// Files whose extension findings change with the file at `path`
    /// (whose previous analysis was `old`): the design docs extending its
    /// components, and for its extensions (before and after) the
    /// inventories they link to and the other docs extending the same ids.
    fn extension_neighbours(
        &self,
        path: &Path,
        old: Option<&FileAnalysis>,
        affected: &mut BTreeSet<PathBuf>,
    ) {
        if self.index.extensions.is_empty() && old.is_none_or(|o| !o.has_extensions()) {
            return;
        }
        affected.extend(self.index.files_extending(path).cloned());
        let now = self.file(path);
        let extensions = [old, now]
            .into_iter()
            .flatten()
            .flat_map(|f| f.document.components.iter().filter(|c| c.is_extension()));
        for ext in extensions {
            let target = ext.extends.as_ref().and_then(|e| e.target.clone());
            affected.extend(target.filter(|t| self.files.contains_key(t)));
            for (site, _) in self
                .index
                .extensions
                .get(&ext.id.value)
                .into_iter()
                .flatten()
            {
                affected.insert(site.path.clone());
            }
        }
    }

    /// Files that define a framework (whose id clashes depend on each
    /// other).
    fn framework_files(&self) -> Vec<PathBuf> {
        self.files()
            .filter(|f| f.defines.is_some())
            .map(|f| f.path.clone())
            .collect()
    }

    /// Design docs with a link to one of `targets` (whose
    /// `unknown-link-target` finding depends on what the target is).
    fn files_linking_to(&self, targets: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
        self.files
            .values()
            .filter(|f| {
                f.document
                    .links
                    .iter()
                    .any(|l| l.target.as_ref().is_some_and(|t| targets.contains(t)))
            })
            .map(|f| f.path.clone())
            .collect()
    }

    fn reanalyze_users_of(&mut self, framework_path: &Path) -> Vec<PathBuf> {
        self.reanalyze_where(|f| {
            matches!(&f.framework, Some(FrameworkChoice::Custom { path, .. }) if path == framework_path)
        })
    }

    /// Re-analyses the inventories that name a framework file: whether it
    /// may be read depends on the workspace folders.
    fn reanalyze_custom_framework_users(&mut self) -> Vec<PathBuf> {
        self.reanalyze_where(|f| {
            f.document
                .framework
                .as_ref()
                .is_some_and(|v| frameworks::names_a_file(&v.value))
        })
    }

    /// Re-analyses the files matching `which` with their current text;
    /// returns them.
    fn reanalyze_where(&mut self, which: impl Fn(&FileAnalysis) -> bool) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self
            .files
            .values()
            .filter(|f| which(f))
            .map(|f| f.path.clone())
            .collect();
        paths.sort();
        for path in &paths {
            let old = self.files.remove(path).expect("listed");
            self.index.remove(&old);
            if let Some(new) = analyze_file(path, old.text.clone(), self) {
                self.index.add(&new);
                self.files.insert(path.clone(), Arc::new(new));
            }
        }
        paths
    }

    /// Where `id` is declared.
    pub fn declarations(&self, id: &str) -> Vec<FileRange> {
        self.index.resolve(self.index.declarations.get(id))
    }

    /// Whether any file declares `id`.
    pub fn is_declared(&self, id: &str) -> bool {
        self.index.declarations.contains_key(id)
    }

    /// Where `id` is used (`depends-on`, links).
    pub fn references(&self, id: &str) -> Vec<FileRange> {
        self.index.resolve(self.index.references.get(id))
    }

    /// Every declared component id, sorted.
    pub fn component_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.index.declarations.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// The first declaration of `id`, with its file.
    pub fn component(&self, id: &str) -> Option<(&FileAnalysis, &Component)> {
        let site = self.declarations(id).into_iter().next()?;
        let file = self.file(&site.path)?;
        let component = file.document.components.iter().find(|c| c.id.value == id)?;
        Some((file, component))
    }
}

/// What the files of one [`Workspace::set_files`] changed for files
/// anywhere in the workspace, gathered so each is looked up once.
#[derive(Default)]
struct WideEffects {
    /// An id started or stopped being declared: every file referencing an
    /// undeclared id may get another did-you-mean.
    id_set_changed: bool,
    /// Files that became, or stopped being, aisrm files: links to them.
    kind_changed: BTreeSet<PathBuf>,
    /// A framework file came or went: framework id clashes, and the
    /// `FRAMEWORK:DOMAIN` refs of every file.
    framework_files: bool,
}

fn is_framework_file(file: Option<&FileAnalysis>) -> bool {
    file.is_some_and(|f| f.defines.is_some())
}
