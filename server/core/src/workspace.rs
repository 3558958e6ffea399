//! The workspace: every inventory, design document and framework file, each
//! analysed on its own, plus an index of component declarations and
//! references for the cross-file findings (duplicate ids, dangling
//! references). Changing one file re-analyses that file only (and the
//! inventories that use it as their framework); cross-file findings are
//! computed per file from the index on demand.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component as PathPart, Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::analysis;
use crate::diagnostics::{Code, Diagnostic, Related};
use crate::document::{Component, Document, FileKind, Link, Spanned};
use crate::framework::{self, Framework};
use crate::lower;
use crate::markdown;
use crate::reader::{OffsetMap, Source};
use crate::suggest::did_you_mean;
use crate::text::{LineIndex, TextRange};
use crate::yaml::Yaml;

mod incremental;

/// String comparisons that did-you-mean may spend on one file's unknown
/// component ids.
const SUGGESTION_BUDGET: usize = 200_000;

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

/// One analysed file.
#[derive(Debug)]
pub struct FileAnalysis {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub line_index: LineIndex,
    pub kind: FileKind,
    pub document: Document,
    pub framework: Option<FrameworkChoice>,
    /// For framework files: the framework they define, when valid.
    pub defines: Option<Arc<Framework>>,
    /// Findings about this file alone.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileAnalysis {
    pub fn framework(&self) -> Option<&Framework> {
        self.framework.as_ref().and_then(FrameworkChoice::get)
    }

    pub fn component_at(&self, offset: usize) -> Option<&Component> {
        self.document
            .components
            .iter()
            .find(|c| c.range.contains_inclusive(offset))
    }
}

/// Where a component id is declared or used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Site {
    pub path: PathBuf,
    pub range: TextRange,
}

#[derive(Default, Debug)]
struct Index {
    declarations: HashMap<String, Vec<Site>>,
    references: HashMap<String, Vec<Site>>,
    /// Changes whenever an id starts or stops being declared (what
    /// did-you-mean suggestions depend on).
    id_generation: u64,
}

impl Index {
    fn add(&mut self, file: &FileAnalysis) {
        for (id, range) in declared(&file.document) {
            let sites = self.declarations.entry(id.to_string()).or_default();
            if sites.is_empty() {
                self.id_generation += 1;
            }
            sites.push(Site {
                path: file.path.clone(),
                range,
            });
        }
        for (id, range) in referenced(&file.document) {
            self.references
                .entry(id.to_string())
                .or_default()
                .push(Site {
                    path: file.path.clone(),
                    range,
                });
        }
    }

    fn remove(&mut self, file: &FileAnalysis) {
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
        if self.declarations.len() != declared_before {
            self.id_generation += 1;
        }
    }
}

fn declared(doc: &Document) -> impl Iterator<Item = (&str, TextRange)> {
    doc.components
        .iter()
        .map(|c| (c.id.value.as_str(), c.id.range))
}

/// `depends-on` entries and component links.
fn referenced(doc: &Document) -> impl Iterator<Item = (&str, TextRange)> {
    let deps = doc
        .components
        .iter()
        .flat_map(|c| c.depends_on.iter().map(|d| (d.value.as_str(), d.range)));
    let links = doc
        .links
        .iter()
        .map(|l| (l.fragment.value.as_str(), l.fragment.range));
    deps.chain(links)
}

/// Every analysed file of a workspace.
#[derive(Debug)]
pub struct Workspace {
    roots: Vec<PathBuf>,
    default_framework: String,
    files: HashMap<PathBuf, Arc<FileAnalysis>>,
    index: Index,
    /// Did-you-mean answers for undeclared ids, valid for one
    /// `Index::id_generation`: a keystroke must not compare every dangling
    /// reference with every declared id again.
    suggestions: Mutex<(u64, HashMap<String, Option<String>>)>,
}

impl Workspace {
    /// `roots` bound what may be read (custom framework files must lie
    /// inside one of them). Paths should be absolute and normalised.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        Self {
            roots: roots.iter().map(|r| normalize(r)).collect(),
            default_framework: "aisrm".into(),
            files: HashMap::new(),
            index: Index::default(),
            suggestions: Mutex::default(),
        }
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    pub fn add_root(&mut self, root: &Path) {
        let root = normalize(root);
        if !self.roots.contains(&root) {
            self.roots.push(root);
        }
    }

    pub fn default_framework(&self) -> &str {
        &self.default_framework
    }

    /// Sets the framework for design docs and inventories without
    /// `framework:`; returns the files whose analysis changed.
    pub fn set_default_framework(&mut self, id: &str) -> Vec<PathBuf> {
        if framework::builtin(id).is_none() || self.default_framework == id {
            return Vec::new();
        }
        self.default_framework = id.to_string();
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

    pub fn file_arc(&self, path: &Path) -> Option<Arc<FileAnalysis>> {
        self.files.get(path).cloned()
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
    /// without ```aisrm blocks, YAML without an `aisrm` key) is dropped.
    /// Returns every file whose findings may have changed.
    pub fn set_file(&mut self, path: PathBuf, text: impl Into<Arc<str>>) -> Vec<PathBuf> {
        let path = normalize(&path);
        let text = text.into();
        if let Some(affected) = self.try_splice(&path, &text) {
            return affected;
        }
        let old = self.files.remove(&path);
        if let Some(old) = &old {
            self.index.remove(old);
        }
        let new = analyze_file(&path, text, self);
        let mut affected = BTreeSet::new();
        affected.insert(path.clone());
        collect_affected(&self.index, old.as_deref(), new.as_ref(), &mut affected);
        if old.as_ref().map(|f| f.kind) != new.as_ref().map(|f| f.kind) {
            affected.extend(self.files_linking_to(&path));
        }
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
        affected.into_iter().collect()
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
        collect_affected(&self.index, Some(&old), None, &mut affected);
        affected.extend(self.files_linking_to(&path));
        if old.kind == FileKind::Framework {
            affected.extend(self.reanalyze_users_of(&path));
        }
        affected.into_iter().collect()
    }

    /// Design docs with a link to `target` (whose `unknown-link-target`
    /// finding depends on what `target` is).
    fn files_linking_to(&self, target: &Path) -> Vec<PathBuf> {
        self.files
            .values()
            .filter(|f| {
                f.document
                    .links
                    .iter()
                    .any(|l| l.target.as_deref() == Some(target))
            })
            .map(|f| f.path.clone())
            .collect()
    }

    fn reanalyze_users_of(&mut self, framework_path: &Path) -> Vec<PathBuf> {
        let users: Vec<PathBuf> = self
            .files
            .values()
            .filter(|f| {
                matches!(&f.framework, Some(FrameworkChoice::Custom { path, .. }) if path == framework_path)
            })
            .map(|f| f.path.clone())
            .collect();
        for user in &users {
            let old = self.files.remove(user).expect("listed");
            self.index.remove(&old);
            if let Some(new) = analyze_file(user, old.text.clone(), self) {
                self.index.add(&new);
                self.files.insert(user.clone(), Arc::new(new));
            }
        }
        users
    }

    /// Where `id` is declared.
    pub fn declarations(&self, id: &str) -> &[Site] {
        self.index.declarations.get(id).map_or(&[], Vec::as_slice)
    }

    /// Where `id` is used (`depends-on`, links).
    pub fn references(&self, id: &str) -> &[Site] {
        self.index.references.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every declared component id, sorted.
    pub fn component_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.index.declarations.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// The first declaration of `id`, with its file.
    pub fn component(&self, id: &str) -> Option<(&FileAnalysis, &Component)> {
        let site = self.declarations(id).first()?;
        let file = self.file(&site.path)?;
        let component = file.document.components.iter().find(|c| c.id.value == id)?;
        Some((file, component))
    }

    /// All findings of one file: its own and the cross-file ones.
    pub fn diagnostics(&self, path: &Path) -> Vec<Diagnostic> {
        self.diagnostics_borrowed(path)
            .into_iter()
            .map(Cow::into_owned)
            .collect()
    }

    /// Like [`Self::diagnostics`], borrowing the file's own findings
    /// instead of copying them (what the server does on every keystroke).
    pub fn diagnostics_borrowed(&self, path: &Path) -> Vec<Cow<'_, Diagnostic>> {
        let Some(file) = self.file(path) else {
            return Vec::new();
        };
        let mut cross_file = Vec::new();
        self.duplicate_declarations(file, &mut cross_file);
        self.dangling_references(file, &mut cross_file);
        cross_file.sort_by_key(finding_order);
        // The file's own findings are kept sorted: merging is linear.
        debug_assert!(file.diagnostics.is_sorted_by_key(finding_order));
        let mut out = Vec::with_capacity(file.diagnostics.len() + cross_file.len());
        let mut own = file.diagnostics.iter().peekable();
        for d in cross_file {
            while let Some(o) = own.next_if(|o| finding_order(o) <= finding_order(&d)) {
                out.push(Cow::Borrowed(o));
            }
            out.push(Cow::Owned(d));
        }
        out.extend(own.map(Cow::Borrowed));
        out
    }

    fn duplicate_declarations(&self, file: &FileAnalysis, out: &mut Vec<Diagnostic>) {
        for c in &file.document.components {
            let sites = self.declarations(&c.id.value);
            if sites.len() < 2 {
                continue;
            }
            let mut d = Diagnostic::new(
                Code::DuplicateComponent,
                c.id.range,
                format!(
                    "component `{}` is declared {} times in the workspace",
                    c.id.value,
                    sites.len()
                ),
            );
            for site in sites
                .iter()
                .filter(|s| !(s.path == file.path && s.range == c.id.range))
            {
                d = d.with_related(Related {
                    path: site.path.clone(),
                    range: site.range,
                    message: format!("`{}` is also declared here", c.id.value),
                });
            }
            out.push(d);
        }
    }

    fn dangling_references(&self, file: &FileAnalysis, out: &mut Vec<Diagnostic>) {
        let mut budget = SUGGESTION_BUDGET;
        for c in &file.document.components {
            for dep in &c.depends_on {
                if self.declarations(&dep.value).is_empty() {
                    out.push(self.unknown_component(file, dep, "`depends-on` names", &mut budget));
                }
            }
        }
        for link in file
            .document
            .links
            .iter()
            .filter(|l| l.points_to_inventory())
        {
            if !self.is_inventory(link.target.as_deref()) {
                out.push(unknown_link_target(file, link));
            } else if self.declarations(&link.fragment.value).is_empty() {
                let what = "this link points to";
                out.push(self.unknown_component(file, &link.fragment, what, &mut budget));
            }
        }
    }

    /// The declared id closest to `id`, cached per id set. Computing one
    /// compares against every declared id, so it is bounded per query by
    /// `budget` (100,000 dangling references among 100,000 ids would cost
    /// 10^10 comparisons); past it, no suggestion.
    fn suggest_component(&self, id: &str, budget: &mut usize) -> Option<String> {
        let mut cache = self
            .suggestions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.0 != self.index.id_generation {
            *cache = (self.index.id_generation, HashMap::new());
        }
        if let Some(known) = cache.1.get(id) {
            return known.clone();
        }
        let n = self.index.declarations.len();
        if n > *budget {
            return None;
        }
        *budget -= n;
        let ids = self
            .index
            .declarations
            .keys()
            .map(|k| (k.as_str(), k.as_str()));
        let found = did_you_mean(id, ids).map(str::to_string);
        cache.1.insert(id.to_string(), found.clone());
        found
    }

    fn is_inventory(&self, path: Option<&Path>) -> bool {
        path.and_then(|p| self.file(p))
            .is_some_and(|f| f.kind == FileKind::Inventory)
    }

    fn unknown_component(
        &self,
        file: &FileAnalysis,
        id: &Spanned<String>,
        what: &str,
        budget: &mut usize,
    ) -> Diagnostic {
        // Each suggestion compares against every declared id: bounded per
        // file, or 100,000 dangling references among 100,000 ids would
        // cost 10^10 comparisons. Past the budget, no suggestion.
        let suggestion = self.suggest_component(&id.value, budget);
        let suggestion = suggestion.as_deref();
        let message = match suggestion {
            Some(s) => format!(
                "{what} `{}`, which no file of the workspace declares; did you mean `{s}`?",
                id.value
            ),
            None => format!(
                "{what} `{}`, which no file of the workspace declares",
                id.value
            ),
        };
        let mut d = Diagnostic::new(Code::UnknownComponent, id.range, message);
        if let Some(s) = suggestion {
            d = d.with_fix(crate::diagnostics::Fix {
                title: format!("Change to `{s}`"),
                edits: vec![crate::diagnostics::FileEdit {
                    path: file.path.clone(),
                    range: id.range,
                    new_text: s.to_string(),
                }],
                preferred: true,
            });
        }
        d
    }

    /// Resolves an inventory's `framework:` value.
    fn choose_framework(
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
        if !looks_like_path(&value.value) {
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
        match read_small(path) {
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
        match std::fs::canonicalize(path) {
            Ok(real) => self
                .roots
                .iter()
                .any(|r| std::fs::canonicalize(r).is_ok_and(|r| real.starts_with(r))),
            Err(_) => true,
        }
    }
}

/// A link to a YAML file that is not an inventory of the workspace; the
/// range is the link's path when it is written as-is.
fn unknown_link_target(file: &FileAnalysis, link: &Link) -> Diagnostic {
    let end = link.fragment.range.start.saturating_sub(1);
    let start = end.saturating_sub(link.path.len());
    let range = if file.text.get(start..end) == Some(link.path.as_str()) {
        TextRange::new(start, end)
    } else {
        link.range
    };
    Diagnostic::new(
        Code::UnknownLinkTarget,
        range,
        format!("`{}` is not an inventory of this workspace", link.path),
    )
}

fn read_small(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FRAMEWORK_BYTES {
        return Err(format!("larger than {MAX_FRAMEWORK_BYTES} bytes"));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

fn looks_like_path(value: &str) -> bool {
    value.contains('/')
        || value.contains('\\')
        || value.ends_with(".yaml")
        || value.ends_with(".yml")
}

/// Files whose cross-file findings change when `old` becomes `new`: those
/// that declare or reference an id whose number of declarations changed.
fn collect_affected(
    index: &Index,
    old: Option<&FileAnalysis>,
    new: Option<&FileAnalysis>,
    out: &mut BTreeSet<PathBuf>,
) {
    let (before, after) = (declaration_counts(old), declaration_counts(new));
    let changed = before
        .iter()
        .filter(|(id, n)| after.get(*id) != Some(n))
        .chain(after.iter().filter(|(id, _)| !before.contains_key(*id)))
        .map(|(id, _)| *id);
    for id in changed {
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
}

fn declaration_counts(file: Option<&FileAnalysis>) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for (id, _) in file.map(|f| declared(&f.document)).into_iter().flatten() {
        *counts.entry(id).or_default() += 1;
    }
    counts
}

/// Lexical normalisation: removes `.` and folds `..` (no disk access).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            PathPart::CurDir => {}
            PathPart::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Is this path one aisrm reads by its name alone?
pub fn is_inventory_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".aisrm.yaml")
        || name.ends_with(".aisrm.yml")
        || name == "ai-inventory.yaml"
        || name == "ai-inventory.yml"
}

pub fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

/// True when aisrm may want this file (cheap, by name): YAML or Markdown.
pub fn is_candidate(path: &Path) -> bool {
    is_yaml(path) || is_markdown(path)
}

/// Analyses one file in the context of `ws` (for framework resolution).
/// `None` when the file is not aisrm's.
pub fn analyze_file(path: &Path, text: Arc<str>, ws: &Workspace) -> Option<FileAnalysis> {
    if is_markdown(path) {
        analyze_design_doc(path, text, ws)
    } else if is_yaml(path) {
        analyze_yaml(path, text, ws)
    } else {
        None
    }
}

fn analyze_yaml(path: &Path, text: Arc<str>, ws: &Workspace) -> Option<FileAnalysis> {
    let yaml = Yaml::parse(&text);
    let by_name = is_inventory_name(path);
    let map = OffsetMap::identity();
    let mut diagnostics = lower::yaml_errors(&yaml, &map);
    if !by_name && !lower::has_aisrm_key(&yaml) {
        if lower::looks_like_framework(&yaml) {
            let (defines, mut findings) = Framework::parse(&text, path);
            diagnostics.append(&mut findings);
            diagnostics.dedup();
            diagnostics.sort_by_key(finding_order);
            return Some(FileAnalysis {
                line_index: LineIndex::new(&text),
                path: path.to_path_buf(),
                text,
                kind: FileKind::Framework,
                document: Document::default(),
                framework: None,
                defines: defines.map(Arc::new),
                diagnostics,
            });
        }
        return None;
    }
    let mut src = Source::new(&yaml, &map, path);
    let document = lower::inventory(&mut src);
    diagnostics.append(&mut src.diagnostics);
    let framework = ws.choose_framework(path, document.framework.as_ref(), &mut diagnostics);
    finish(
        path,
        text,
        FileKind::Inventory,
        document,
        framework,
        diagnostics,
    )
}

fn analyze_design_doc(path: &Path, text: Arc<str>, ws: &Workspace) -> Option<FileAnalysis> {
    let max = crate::yaml::Limits::default().max_bytes;
    if text.len() > max {
        // As for YAML: past the size limit, one finding instead of a parse
        // (when the file may be aisrm's at all).
        if !text.contains("aisrm") {
            return None;
        }
        let message = format!(
            "file is {} bytes, more than the {max} bytes aisrm reads",
            text.len()
        );
        let d = Diagnostic::new(Code::ResourceLimit, TextRange::empty(0), message);
        let document = Document::default();
        return finish(path, text, FileKind::DesignDoc, document, None, vec![d]);
    }
    let extracted = markdown::extract(&text);
    if extracted.blocks.is_empty() {
        return None;
    }
    let mut document = Document::default();
    let mut diagnostics = Vec::new();
    for block in &extracted.blocks {
        let yaml = Yaml::parse(&block.text);
        diagnostics.extend(lower::yaml_errors(&yaml, &block.map));
        document.blocks.push(block.range);
        let Some(root) = yaml.root() else { continue };
        let mut src = Source::new(&yaml, &block.map, path);
        document
            .components
            .extend(lower::components(&mut src, root));
        diagnostics.append(&mut src.diagnostics);
    }
    document.links = component_links(path, &extracted.links);
    let framework = ws.choose_framework(path, None, &mut diagnostics);
    finish(
        path,
        text,
        FileKind::DesignDoc,
        document,
        framework,
        diagnostics,
    )
}

fn finish(
    path: &Path,
    text: Arc<str>,
    kind: FileKind,
    document: Document,
    framework: Option<FrameworkChoice>,
    mut diagnostics: Vec<Diagnostic>,
) -> Option<FileAnalysis> {
    let breaks = syntax_breaks(&diagnostics);
    drop_findings_past_breaks(&mut diagnostics, &breaks);
    if let Some(fw) = framework.as_ref().and_then(FrameworkChoice::get) {
        for c in &document.components {
            // A component cut short by a syntax error (the line being
            // typed) would report duties it may well declare below.
            let cut_short = breaks
                .iter()
                .any(|&b| c.range.start <= b && b <= c.range.end);
            if !cut_short {
                diagnostics.extend(analysis::check_component(fw, c, path, &text));
            }
        }
    }
    diagnostics.sort_by_key(finding_order);
    Some(FileAnalysis {
        line_index: LineIndex::new(&text),
        path: path.to_path_buf(),
        text,
        kind,
        document,
        framework,
        defines: None,
        diagnostics,
    })
}

/// The order findings are reported in: by position, then code.
pub(crate) fn finding_order(d: &Diagnostic) -> (usize, usize, Code) {
    (d.range.start, d.range.end, d.code)
}

/// Where syntax errors (and resource limits) cut the parse.
fn syntax_breaks(diagnostics: &[Diagnostic]) -> Vec<usize> {
    diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::YamlSyntaxError | Code::ResourceLimit))
        .map(|d| d.range.start)
        .collect()
}

/// Structural findings that reach a syntax error come from containers the
/// parser closed early; they say nothing true about the text.
fn drop_findings_past_breaks(diagnostics: &mut Vec<Diagnostic>, breaks: &[usize]) {
    diagnostics.retain(|d| {
        matches!(d.code, Code::YamlSyntaxError | Code::ResourceLimit)
            || !breaks
                .iter()
                .any(|&b| d.range.start <= b && b <= d.range.end)
    });
}

/// The links of a design doc that may refer to components: relative links
/// with a `#fragment` that is a valid component id. Links to a YAML
/// inventory always name a component; links to Markdown do only when the
/// fragment is a declared id (else they point at a heading).
fn component_links(path: &Path, raw: &[markdown::RawLink]) -> Vec<Link> {
    let dir = path.parent().unwrap_or(Path::new(""));
    raw.iter()
        .filter_map(|link| {
            let fragment_range = link.fragment_range?;
            let (dest, fragment) = link.destination.rsplit_once('#')?;
            if dest.contains("://") || dest.starts_with("mailto:") || fragment.is_empty() {
                return None;
            }
            if !lower::is_valid_id(fragment) {
                return None;
            }
            let target = (!dest.is_empty()).then(|| normalize(&dir.join(dest)));
            Some(Link {
                range: link.range,
                path: dest.to_string(),
                target,
                fragment: Spanned::new(fragment.to_string(), fragment_range),
            })
        })
        .collect()
}
