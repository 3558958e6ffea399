//! Incremental re-analysis of an inventory. When an edit stays inside one
//! top-level component of a block-style `components:` mapping, only that
//! component is parsed, lowered and checked again; every other
//! component, finding and index entry is kept and moved by the edit's
//! length difference. A keystroke in a 10,000-component file then costs
//! what one component costs, plus a pass of cheap offset shifts.
//!
//! Anything that could reach past the component falls back to the whole
//! file (`None`): a file with a syntax error, an edit that crosses the
//! component's first or last line break, anchors or aliases in the
//! component (before or after), a component that no longer parses on its
//! own as exactly one entry at the same place, a changed id. A test below
//! checks spliced results against whole-file analysis on random edits.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis;
use crate::diagnostics::{Code, Diagnostic};
use crate::document::{Component, Document, FileKind, Responsibility, Spanned, System};
use crate::lower;
use crate::reader::{OffsetMap, Source};
use crate::text::TextRange;
use crate::yaml::Yaml;

use super::{FileAnalysis, Workspace, is_yaml};

#[cfg(test)]
thread_local! {
    static SPLICES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Moves offsets at or after `from` by `delta` bytes.
#[derive(Clone, Copy)]
struct Shift {
    from: usize,
    delta: isize,
}

impl Shift {
    fn offset(self, o: usize) -> usize {
        if o >= self.from {
            o.checked_add_signed(self.delta).unwrap_or(0)
        } else {
            o
        }
    }

    fn range(self, r: &mut TextRange) {
        r.start = self.offset(r.start);
        r.end = self.offset(r.end);
    }

    fn spanned<T>(self, s: &mut Spanned<T>) {
        self.range(&mut s.range);
    }

    fn opt<T>(self, s: &mut Option<Spanned<T>>) {
        if let Some(s) = s {
            self.spanned(s);
        }
    }

    fn list<T>(self, list: &mut [Spanned<T>]) {
        for s in list {
            self.spanned(s);
        }
    }

    fn component(self, c: &mut Component) {
        // Destructured without `..`: a new field must be shifted too.
        let Component {
            id,
            range,
            body,
            name,
            deployment_key,
            deployment,
            provider,
            provider_url,
            provider_contact,
            owner,
            description,
            depends_on,
            data,
            covers,
            responsibilities_key,
            responsibilities_body,
            responsibilities,
            extends,
        } = c;
        self.spanned(id);
        self.range(range);
        self.range(body);
        self.opt(name);
        if let Some(k) = deployment_key {
            self.range(k);
        }
        self.opt(deployment);
        self.opt(provider);
        self.opt(provider_url);
        self.opt(provider_contact);
        self.opt(owner);
        self.opt(description);
        self.list(depends_on);
        self.list(data);
        self.list(covers);
        if let Some(k) = responsibilities_key {
            self.range(k);
        }
        if let Some(b) = responsibilities_body {
            self.range(b);
        }
        if let Some(e) = extends {
            self.spanned(&mut e.value);
            self.opt(&mut e.fragment);
        }
        for r in responsibilities {
            let Responsibility {
                domain,
                range,
                owner,
                status,
                ownership,
                reason,
                reason_written: _,
                controls,
                refs,
                notes,
                written_in: _,
            } = r;
            self.spanned(domain);
            self.range(range);
            self.opt(owner);
            self.opt(status);
            self.opt(ownership);
            self.opt(reason);
            self.list(controls);
            self.list(refs);
            self.opt(notes);
        }
    }

    /// The document-level ranges (outside `components`).
    fn document_head(self, d: &mut Document) {
        let Document {
            version,
            framework,
            system,
            components_key,
            components: _,
            links,
            blocks,
        } = d;
        self.opt(version);
        self.opt(framework);
        if let Some(System {
            name,
            owner,
            description,
        }) = system
        {
            self.opt(name);
            self.opt(owner);
            self.opt(description);
        }
        if let Some(k) = components_key {
            self.range(k);
        }
        for l in links {
            self.range(&mut l.range);
            self.spanned(&mut l.fragment);
        }
        for b in blocks {
            self.range(b);
        }
    }

    /// A finding's ranges in `path` (its own, related; a fix hint has none).
    fn diagnostic(self, d: &mut Diagnostic, path: &Path) {
        self.range(&mut d.range);
        for r in &mut d.related {
            if same_path(&r.path, path) {
                self.range(&mut r.range);
            }
        }
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset after the line break that ends the line holding `offset`
/// (the end of the text when there is none).
fn next_line(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// Paths in the workspace are normalised, so equal paths have equal
/// bytes; comparing those is much cheaper than `Path`'s component-wise `==`
/// (this runs for every finding on every keystroke).
fn same_path(a: &Path, b: &Path) -> bool {
    a.as_os_str() == b.as_os_str()
}

/// Compares in blocks (one `memcmp` each) before the byte that differs.
const BLOCK: usize = 256;

fn common_prefix(a: &str, b: &str) -> usize {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let len = x.len().min(y.len());
    let mut n = 0;
    while n + BLOCK <= len && x[n..n + BLOCK] == y[n..n + BLOCK] {
        n += BLOCK;
    }
    while n < len && x[n] == y[n] {
        n += 1;
    }
    crate::text::floor_char_boundary(a, n)
}

fn common_suffix(a: &str, b: &str, max: usize) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut n = 0;
    while n + BLOCK <= max
        && a[a.len() - n - BLOCK..a.len() - n] == b[b.len() - n - BLOCK..b.len() - n]
    {
        n += BLOCK;
    }
    while n < max && a[a.len() - 1 - n] == b[b.len() - 1 - n] {
        n += 1;
    }
    n
}

/// What an edit inside one component re-analysed to.
struct Spliced {
    /// The bytes of the old text the edit replaced.
    edited: (usize, usize),
    k: usize,
    chunk_end: usize,
    delta: isize,
    component: Component,
    diagnostics: Vec<Diagnostic>,
}

impl Workspace {
    /// Re-analyses `path` from `text` one component at a time when it can;
    /// `None` when the whole file must be analysed again.
    pub(super) fn try_splice(&mut self, path: &Path, text: &Arc<str>) -> Option<Vec<PathBuf>> {
        let spliced = self.splice_plan(path, text)?;
        let Spliced {
            edited,
            k,
            chunk_end,
            delta,
            component,
            diagnostics,
        } = spliced;
        let shift = Shift {
            from: chunk_end,
            delta,
        };
        let old = self.files.remove(path)?;
        let mut file = match Arc::try_unwrap(old) {
            Ok(file) => file,
            Err(shared) => FileAnalysis {
                path: shared.path.clone(),
                text: shared.text.clone(),
                line_index: shared.line_index.clone(),
                kind: shared.kind,
                document: shared.document.clone(),
                framework: shared.framework.clone(),
                defines: shared.defines.clone(),
                defines_id: shared.defines_id,
                diagnostics: shared.diagnostics.clone(),
                settings: shared.settings.clone(),
            },
        };
        let old_component = &file.document.components[k];
        let chunk = TextRange::new(line_start(&file.text, old_component.range.start), chunk_end);

        // The index: the edited component's references, then every later
        // site of this file moves (one pass over the file's site ranges).
        let number = self.index.number(&file.path);
        let mut freed = Vec::new();
        for dep in &old_component.depends_on {
            freed.extend(self.index.remove_reference(number, &dep.value, dep.range));
        }
        // Before the new references are added: those are in the new
        // text's offsets already.
        for range in self.index.shift_ranges(number) {
            shift.range(range);
        }
        for dep in &component.depends_on {
            self.index
                .add_reference(number, &dep.value, dep.range, &mut freed);
        }

        // The document and the findings.
        file.document.components[k] = component;
        for c in &mut file.document.components[k + 1..] {
            shift.component(c);
        }
        shift.document_head(&mut file.document);
        file.diagnostics
            .retain(|d| !(chunk.start <= d.range.start && d.range.start < chunk.end));
        for d in &mut file.diagnostics {
            shift.diagnostic(d, path);
        }
        insert_sorted(&mut file.diagnostics, diagnostics);
        file.line_index = file.line_index.edited(text, edited.0, edited.1);
        file.text = text.clone();
        self.files.insert(path.to_path_buf(), Arc::new(file));
        #[cfg(test)]
        SPLICES.with(|n| n.set(n.get() + 1));
        let mut affected = vec![path.to_path_buf()];
        // An edited component may be extended by design documents.
        affected.extend(self.index.files_extending(path).cloned());
        affected.sort();
        affected.dedup();
        Some(affected)
    }

    fn splice_plan(&self, path: &Path, text: &str) -> Option<Spliced> {
        let old = self.files.get(path)?;
        if old.kind != FileKind::Inventory || !is_yaml(path) || old.settings != self.settings {
            return None;
        }
        if old
            .diagnostics
            .iter()
            .any(|d| matches!(d.code, Code::YamlSyntaxError | Code::ResourceLimit))
        {
            return None;
        }
        let old_text: &str = &old.text;
        let prefix = common_prefix(old_text, text);
        let max_suffix = old_text.len().min(text.len()) - prefix;
        let suffix = common_suffix(old_text, text, max_suffix);
        let old_end = old_text.len() - suffix;
        let delta = text.len() as isize - old_text.len() as isize;
        let comps = &old.document.components;
        let k = comps
            .partition_point(|c| c.range.start <= prefix)
            .checked_sub(1)?;
        let old_component = &comps[k];
        let chunk_start = line_start(old_text, old_component.range.start);
        let chunk_end = match comps.get(k + 1) {
            Some(next) => line_start(old_text, next.range.start),
            None => next_line(old_text, old_component.range.end),
        };
        if chunk_end <= chunk_start || prefix < chunk_start || old_end >= chunk_end {
            return None;
        }
        // Later components must start on lines of their own, after this one.
        if comps
            .get(k + 1)
            .is_some_and(|next| next.range.start < old_component.range.end)
        {
            return None;
        }
        let new_end = chunk_end.checked_add_signed(delta)?;
        let old_chunk = &old_text[chunk_start..chunk_end];
        let new_chunk = text.get(chunk_start..new_end)?;
        let anchors = |s: &str| s.contains('&') || s.contains('*');
        if anchors(old_chunk) || anchors(new_chunk) {
            return None;
        }
        if old_chunk.ends_with('\n') != new_chunk.ends_with('\n') {
            return None;
        }
        let yaml = Yaml::parse(new_chunk);
        if !yaml.errors.is_empty() {
            return None;
        }
        let root = yaml.root()?;
        let entries = yaml.entries(root)?;
        let [(key, _)] = entries else {
            return None;
        };
        if yaml.range(*key).start + chunk_start != old_component.range.start {
            return None;
        }
        let map = OffsetMap::from_lines(vec![(0, chunk_start)]);
        let mut src = Source::new(&yaml, &map, path);
        let mut components = lower::components(&mut src, root);
        if components.len() != 1 || components[0].id != old_component.id {
            return None;
        }
        let component = components.pop()?;
        let mut diagnostics = src.diagnostics;
        if let Some(fw) = old.framework() {
            diagnostics.extend(analysis::check_component(
                fw,
                &component,
                old.context(),
                text,
            ));
        }
        Some(Spliced {
            edited: (prefix, old_end),
            k,
            chunk_end,
            delta,
            component,
            diagnostics,
        })
    }
}

/// Inserts the findings of one re-analysed component (all inside its
/// chunk, which no other finding starts in) where they belong in the
/// file's findings, which stay sorted by [`super::finding_order`].
fn insert_sorted(all: &mut Vec<Diagnostic>, mut new: Vec<Diagnostic>) {
    new.sort_by_key(super::finding_order);
    let Some(first) = new.first() else { return };
    let key = super::finding_order(first);
    let at = all.partition_point(|d| super::finding_order(d) < key);
    all.splice(at..at, new);
}

#[cfg(test)]
mod tests;
