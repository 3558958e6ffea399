//! IDE features over the core, as plain data: completion, hover, inlay
//! hints, code lenses, symbols, navigation, rename and code actions. Every
//! range is a byte [`TextRange`] into the file's text and every file a
//! [`PathBuf`]; the LSP layer converts them (through
//! [`crate::text::LineIndex`]) and knows the protocol, this module does not.

pub mod actions;
pub mod completion;
pub mod context;
pub mod evidence;
pub mod hover;
pub mod inlay;
pub mod lens;
pub mod navigation;
pub mod symbols;

mod render;

use std::borrow::Cow;

use crate::document::{Component, Link, Responsibility, Spanned};
use crate::framework::{self, Framework};
use crate::text::TextRange;
use crate::workspace::{FileAnalysis, Workspace};

pub use render::component_summary;

pub use crate::text::FileRange;

/// What the cursor is on, found in the analysed document.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// A component id where it is declared.
    Declaration(&'a Component),
    /// A component id in `depends-on`.
    DependsOn(&'a Component, &'a Spanned<String>),
    /// A Markdown link to a component (cursor anywhere on the link).
    Link(&'a Link),
    /// The `deployment` value of a component.
    Deployment(&'a Component, &'a Spanned<String>),
    /// A domain key under `responsibilities`.
    Domain(&'a Component, &'a Responsibility),
    /// An `ownership:` value.
    Ownership(&'a Component, &'a Responsibility, &'a Spanned<String>),
    /// A `status:` value.
    Status(&'a Component, &'a Responsibility, &'a Spanned<String>),
    /// The `framework:` value of an inventory.
    Framework(&'a Spanned<String>),
}

impl<'a> Target<'a> {
    /// The component id this target names, with the range of its text.
    pub fn component_id(&self) -> Option<(&'a str, TextRange)> {
        match *self {
            Target::Declaration(c) => Some((&c.id.value, c.id.range)),
            Target::DependsOn(_, d) => Some((&d.value, d.range)),
            Target::Link(l) => Some((&l.fragment.value, l.fragment.range)),
            _ => None,
        }
    }
}

/// Finds what lies under `offset` in `file`.
pub(crate) fn target_at(file: &FileAnalysis, offset: usize) -> Option<Target<'_>> {
    let doc = &file.document;
    if let Some(fw) = &doc.framework
        && fw.range.contains_inclusive(offset)
    {
        return Some(Target::Framework(fw));
    }
    for link in &doc.links {
        if link.range.contains_inclusive(offset) && link.range.end != offset {
            return Some(Target::Link(link));
        }
    }
    let c = doc
        .components
        .iter()
        .find(|c| c.range.contains_inclusive(offset))?;
    if c.id.range.contains_inclusive(offset) {
        return Some(Target::Declaration(c));
    }
    if let Some(d) = &c.deployment
        && d.range.contains_inclusive(offset)
    {
        return Some(Target::Deployment(c, d));
    }
    if let Some(dep) = c
        .depends_on
        .iter()
        .find(|d| d.range.contains_inclusive(offset))
    {
        return Some(Target::DependsOn(c, dep));
    }
    for r in &c.responsibilities {
        if r.domain.range.contains_inclusive(offset) {
            return Some(Target::Domain(c, r));
        }
        if let Some(o) = &r.ownership
            && o.range.contains_inclusive(offset)
        {
            return Some(Target::Ownership(c, r, o));
        }
        if let Some(s) = &r.status
            && s.range.contains_inclusive(offset)
        {
            return Some(Target::Status(c, r, s));
        }
    }
    None
}

/// The component `c` of `file` as it is analysed, with the file that
/// declares it: merged with the design documents extending it, or for an
/// extension the component it extends (`c` itself when that is not found).
pub(crate) fn analysed<'a>(
    ws: &'a Workspace,
    file: &'a FileAnalysis,
    c: &'a Component,
) -> (&'a FileAnalysis, Cow<'a, Component>) {
    ws.analysed_component(file, c)
        .unwrap_or((file, Cow::Borrowed(c)))
}

/// The framework a file is analysed against, or the workspace default.
pub(crate) fn framework_of<'a>(ws: &'a Workspace, file: Option<&'a FileAnalysis>) -> &'a Framework {
    file.and_then(FileAnalysis::framework)
        .or_else(|| framework::builtin(ws.default_framework()))
        .unwrap_or(&framework::builtins()[0])
}

/// Escapes text for a Markdown table cell or inline text.
pub(crate) fn md_escape(text: &str) -> String {
    crate::explain::md_escape(text)
}
