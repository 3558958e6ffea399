//! Core data <-> LSP. Positions go through `aisrm_core::text::LineIndex`
//! (the one place that counts UTF-8 / UTF-16 columns) with the encoding
//! negotiated at `initialize`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use aisrm_core::diagnostics::{self as core, Severity, Tag};
use aisrm_core::text::{Encoding, LineCol, LineIndex, TextRange};
use aisrm_core::workspace::normalize;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Position, Range, TextEdit, Uri,
};

use crate::config::Settings;

/// A text with its line index, for position conversion.
#[derive(Clone, Copy)]
pub struct TextRef<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl TextRef<'_> {
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let lc = self.index.line_col(self.text, offset, enc);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, range: TextRange, enc: Encoding) -> Range {
        Range::new(
            self.position(range.start, enc),
            self.position(range.end, enc),
        )
    }

    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        self.index.offset(
            self.text,
            LineCol {
                line: pos.line,
                col: pos.character,
            },
            enc,
        )
    }

    pub fn text_range(&self, range: Range, enc: Encoding) -> TextRange {
        let start = self.offset(range.start, enc);
        let end = self.offset(range.end, enc).max(start);
        TextRange::new(start, end)
    }
}

/// A `file:` URI's path, normalised as the workspace keys files.
/// The path of a `file:` URI. Other schemes (`untitled:`, a diff view's
/// `git:`) are not files on disk, even when their path looks like one.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| normalize(&p))
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Converts one finding; `None` when the settings turn its code off.
/// `locate` gives the URI and text of other files (related information).
pub fn diagnostic<'a>(
    d: &core::Diagnostic,
    text: TextRef<'_>,
    enc: Encoding,
    settings: &Settings,
    locate: &dyn Fn(&Path) -> Option<(Uri, TextRef<'a>)>,
) -> Option<Diagnostic> {
    let severity = settings.severity(d.code, d.severity)?;
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let (uri, other) = locate(&r.path)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, other.range(r.range, enc)),
                message: r.message.clone(),
            })
        })
        .collect();
    let tags: Vec<DiagnosticTag> = d
        .tags
        .iter()
        .map(|t| match t {
            Tag::Unnecessary => DiagnosticTag::UNNECESSARY,
        })
        .collect();
    Some(Diagnostic {
        range: text.range(d.range, enc),
        severity: Some(self::severity(severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: doc_uri(d.code).map(|href| CodeDescription { href }),
        source: Some("aisrm".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    })
}

/// The documentation link of a code, parsed once per code.
fn doc_uri(code: core::Code) -> Option<Uri> {
    static URIS: OnceLock<HashMap<core::Code, Uri>> = OnceLock::new();
    URIS.get_or_init(|| {
        core::Code::ALL
            .iter()
            .filter_map(|c| Some((*c, c.doc_url().parse::<Uri>().ok()?)))
            .collect()
    })
    .get(&code)
    .cloned()
}

/// The code of the editor-only note that some findings are not shown.
pub const HIDDEN_FINDINGS: &str = "too-many-findings";

/// A note at the top of the file: `hidden` findings beyond `max` are not
/// published (the least severe, then the last ones).
pub fn hidden_findings(hidden: usize, max: usize) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String(HIDDEN_FINDINGS.into())),
        code_description: format!("{}#{HIDDEN_FINDINGS}", core::DOCS_BASE)
            .parse::<Uri>()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("aisrm".into()),
        message: format!(
            "{hidden} more findings in this file are not shown (aisrm.diagnostics.maxPerFile is {max}); `aisrm check` lists them all"
        ),
        ..Diagnostic::default()
    }
}

pub fn text_edit(edit: &core::FileEdit, text: TextRef<'_>, enc: Encoding) -> TextEdit {
    TextEdit::new(text.range(edit.range, enc), edit.new_text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(uri: &str) -> Option<PathBuf> {
        uri_to_path(&uri.parse().unwrap())
    }

    #[test]
    fn only_file_uris_are_paths() {
        assert_eq!(
            path_of("file:///ws/my%20inv.aisrm.yaml"),
            Some(PathBuf::from("/ws/my inv.aisrm.yaml"))
        );
        // A diff view's `git:` document is not the file on disk, whose
        // path it carries.
        assert_eq!(path_of("git:/ws/ai-inventory.yaml?%7B%7D"), None);
        assert_eq!(path_of("untitled:Untitled-1"), None);
    }
}
