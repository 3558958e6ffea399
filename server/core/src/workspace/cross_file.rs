//! Findings that depend on more than one file, computed from the id index
//! when a file's findings are asked for: duplicate ids, dangling
//! `depends-on` entries and links (with did-you-mean suggestions), and
//! `refs:` to frameworks (`refs.rs`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Related};
use crate::document::{FileKind, Link, Spanned};
use crate::suggest::did_you_mean;
use crate::text::TextRange;

use super::extensions::is_replaced;
use super::{FileAnalysis, Workspace, finding_order};

/// String comparisons that did-you-mean may spend on one file's unknown
/// component ids.
const SUGGESTION_BUDGET: usize = 200_000;

impl Workspace {
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
        self.framework_id_clashes(file, &mut cross_file);
        self.ref_findings(file, &mut cross_file);
        let replaced = self.extension_findings(file, &mut cross_file);
        cross_file.sort_by_key(finding_order);
        // The file's own findings are kept sorted: merging is linear.
        debug_assert!(file.diagnostics.is_sorted_by_key(finding_order));
        let mut out = Vec::with_capacity(file.diagnostics.len() + cross_file.len());
        let mut own = file
            .diagnostics
            .iter()
            .filter(|d| !is_replaced(d, &replaced))
            .peekable();
        for d in cross_file {
            while let Some(o) = own.next_if(|o| finding_order(o) <= finding_order(&d)) {
                out.push(Cow::Borrowed(o));
            }
            out.push(Cow::Owned(d));
        }
        out.extend(own.map(Cow::Borrowed));
        out
    }

    /// One finding per declaration in `file` of an id declared more than
    /// once in the workspace, the other declarations related.
    fn duplicate_declarations(&self, file: &FileAnalysis, out: &mut Vec<Diagnostic>) {
        for id in &self.index.duplicated {
            let sites = self.declarations(id);
            for here in sites.iter().filter(|s| s.path == file.path) {
                let mut d = Diagnostic::new(
                    Code::DuplicateComponent,
                    here.range,
                    format!(
                        "component `{id}` is declared {} times in the workspace",
                        sites.len()
                    ),
                );
                for site in sites
                    .iter()
                    .filter(|s| !(s.path == file.path && s.range == here.range))
                {
                    d = d.with_related(Related {
                        path: site.path.clone(),
                        range: site.range,
                        message: format!("`{id}` is also declared here"),
                    });
                }
                out.push(d);
            }
        }
    }

    /// A framework file whose id another framework file also defines
    /// (each framework id must name one framework).
    fn framework_id_clashes(&self, file: &FileAnalysis, out: &mut Vec<Diagnostic>) {
        let (Some(fw), Some(range)) = (&file.defines, file.defines_id) else {
            return;
        };
        let mut others: Vec<&FileAnalysis> = self
            .files()
            .filter(|f| f.path != file.path && f.defines.as_ref().is_some_and(|o| o.id == fw.id))
            .collect();
        if others.is_empty() {
            return;
        }
        others.sort_by(|a, b| a.path.cmp(&b.path));
        let what = if others.len() == 1 {
            "another framework file".to_string()
        } else {
            format!("{} other framework files", others.len())
        };
        let mut d = Diagnostic::new(
            Code::FrameworkIdClash,
            range,
            format!("framework id `{}` is also the id of {what}", fw.id),
        );
        for other in others {
            d = d.with_related(Related {
                path: other.path.clone(),
                range: other.defines_id.unwrap_or_default(),
                message: format!("`{}` is also defined here", fw.id),
            });
        }
        out.push(d);
    }

    fn dangling_references(&self, file: &FileAnalysis, out: &mut Vec<Diagnostic>) {
        let mut budget = SUGGESTION_BUDGET;
        for c in &file.document.components {
            for dep in &c.depends_on {
                if !self.is_declared(&dep.value) {
                    out.push(self.unknown_component(dep, "`depends-on` names", &mut budget));
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
            } else if !self.is_declared(&link.fragment.value) {
                let what = "this link points to";
                out.push(self.unknown_component(&link.fragment, what, &mut budget));
            }
        }
    }

    /// The declared id closest to `id`, cached per id set. Computing one
    /// compares against every declared id, so it is bounded per query by
    /// `budget` (100,000 dangling references among 100,000 ids would cost
    /// 10^10 comparisons); past it, no suggestion. A cached answer is
    /// charged as if computed: which ids get one must not depend on what
    /// earlier queries cached (the same text gives the same findings).
    fn suggest_component(&self, id: &str, budget: &mut usize) -> Option<String> {
        let n = self.index.declarations.len();
        if n > *budget {
            return None;
        }
        *budget -= n;
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
            d = d.with_fix(crate::diagnostics::FixHint::Replace(s.to_string()));
        }
        d
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
