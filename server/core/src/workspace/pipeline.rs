//! The analysis of one file: parse, lower, resolve its framework, check
//! every component, and order the findings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis;
use crate::diagnostics::{Code, Diagnostic};
use crate::document::{Component, Document, FileKind, Link, Spanned};
use crate::framework::{self, Framework};
use crate::lower;
use crate::markdown;
use crate::reader::{OffsetMap, Source};
use crate::text::{LineIndex, TextRange};
use crate::yaml::Yaml;

use super::{FrameworkChoice, Workspace, is_inventory_name, is_markdown, is_yaml, normalize};

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
    /// For framework files: where the `id:` value is.
    pub defines_id: Option<TextRange>,
    /// Findings about this file alone.
    pub diagnostics: Vec<Diagnostic>,
    /// The settings the file was analysed with.
    pub settings: analysis::Settings,
}

impl FileAnalysis {
    pub fn framework(&self) -> Option<&Framework> {
        self.framework.as_ref().and_then(FrameworkChoice::get)
    }

    /// What this file's components inherit (the system owner) and the
    /// rule by which they do.
    pub fn context(&self) -> analysis::Context<'_> {
        analysis::Context {
            system_owner: self.document.system.as_ref().and_then(|s| s.owner.as_ref()),
            settings: &self.settings,
        }
    }

    /// The duties of `component` (declared in this file), with their
    /// resolved owners; `None` without a framework or a known model.
    pub fn duties<'a>(&'a self, component: &'a Component) -> Option<Vec<analysis::Duty<'a>>> {
        analysis::duties(self.framework()?, component, self.context())
    }

    /// True when a component of this file is an extension (`extends:`).
    pub(crate) fn has_extensions(&self) -> bool {
        self.document.components.iter().any(Component::is_extension)
    }

    /// The line index of `text` when `text` is this file's analysed text
    /// (the very same string, as the editor's open document usually is).
    pub fn line_index_of(&self, text: &str) -> Option<&LineIndex> {
        std::ptr::eq(&*self.text, text).then_some(&self.line_index)
    }

    pub(crate) fn component_at(&self, offset: usize) -> Option<&Component> {
        self.document
            .components
            .iter()
            .find(|c| c.range.contains_inclusive(offset))
    }
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
            let defines_id = top_value_range(&yaml, "id");
            if let (Some(fw), Some(range)) = (&defines, defines_id)
                && framework::builtin(&fw.id).is_some()
            {
                diagnostics.push(Diagnostic::new(
                    Code::FrameworkIdClash,
                    range,
                    format!(
                        "`{}` is the id of a built-in framework; a custom framework needs an id of its own",
                        fw.id
                    ),
                ));
            }
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
                defines_id,
                diagnostics,
                settings: ws.settings().clone(),
            });
        }
        return None;
    }
    let mut src = Source::new(&yaml, &map, path);
    let document = lower::inventory(&mut src);
    diagnostics.append(&mut src.diagnostics);
    let framework = ws.choose_framework(path, document.framework.as_ref(), &mut diagnostics);
    finish(
        ws,
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
        return finish(ws, path, text, FileKind::DesignDoc, document, None, vec![d]);
    }
    let extracted = markdown::extract(&text);
    let links = component_links(path, &extracted.links);
    if !is_design_doc(&extracted, &links) {
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
    document.links = links;
    document.framework = markdown::front_matter_value(&text, markdown::FRAMEWORK_KEY);
    let framework = ws.choose_framework(path, document.framework.as_ref(), &mut diagnostics);
    finish(
        ws,
        path,
        text,
        FileKind::DesignDoc,
        document,
        framework,
        diagnostics,
    )
}

fn finish(
    ws: &Workspace,
    path: &Path,
    text: Arc<str>,
    kind: FileKind,
    document: Document,
    framework: Option<FrameworkChoice>,
    mut diagnostics: Vec<Diagnostic>,
) -> Option<FileAnalysis> {
    let breaks = syntax_breaks(&diagnostics);
    drop_findings_past_breaks(&mut diagnostics, &breaks);
    let context = analysis::Context {
        system_owner: document.system.as_ref().and_then(|s| s.owner.as_ref()),
        settings: ws.settings(),
    };
    diagnostics.extend(analysis::check_system(&document, &text));
    if let Some(fw) = framework.as_ref().and_then(FrameworkChoice::get) {
        // An extension's findings need the component it extends: the
        // cross-file stage reports them (workspace/extensions.rs).
        for c in document.components.iter().filter(|c| !c.is_extension()) {
            // A component cut short by a syntax error (the line being
            // typed) would report duties it may well declare below.
            let cut_short = breaks
                .iter()
                .any(|&b| c.range.start <= b && b <= c.range.end);
            if !cut_short {
                diagnostics.extend(analysis::check_component(fw, c, context, &text));
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
        defines_id: None,
        diagnostics,
        settings: ws.settings().clone(),
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

/// The one rule (analysis, `aisrm check` and the editor) for which
/// Markdown is a design document: it has an ```aisrm block, or a component
/// link into a file named as an inventory (`*.aisrm.yaml`,
/// `ai-inventory.yaml`, ...). Other Markdown stays silent.
fn is_design_doc(extracted: &markdown::Extracted, links: &[Link]) -> bool {
    !extracted.blocks.is_empty()
        || links
            .iter()
            .any(|l| l.target.as_deref().is_some_and(is_inventory_name))
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

/// The range of the value of a top-level `key`.
fn top_value_range(yaml: &Yaml, key: &str) -> Option<TextRange> {
    let entries = yaml.entries(yaml.root()?)?;
    let (_, value) = entries.iter().find(|(k, _)| yaml.scalar(*k) == Some(key))?;
    Some(yaml.inner_range(*value))
}
