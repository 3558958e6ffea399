//! Open documents: the editor's text, edited by splicing each change into
//! a new shared text. Positions are converted with the `LineIndex` of the
//! text they refer to.
//!
//! No rope: the workspace needs the whole text as one `Arc<str>` after
//! every change anyway, so a rope only added a second copy (measured on
//! one-character edits: splicing was as fast or faster from 10 kB to
//! 10 MB, see the commit that removed ropey).

use std::sync::{Arc, OnceLock};

use aisrm_core::text::{Encoding, LineCol, LineIndex};
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent, Uri};

/// A document open in the editor: its URI, version and current text (not
/// to be confused with `aisrm_core::document::Document`, the lowered model).
#[derive(Clone)]
pub struct OpenDocument {
    pub uri: Uri,
    pub version: i32,
    /// The text after the last change (shared with the workspace).
    pub text: Arc<str>,
    /// Line starts of `text`, built when first needed: for aisrm files the
    /// workspace's own index of the same text serves (see `State::text_ref`).
    index: OnceLock<LineIndex>,
}

impl OpenDocument {
    pub fn new(uri: Uri, version: i32, text: &str) -> Self {
        Self {
            uri,
            version,
            text: Arc::from(text),
            index: OnceLock::new(),
        }
    }

    pub fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Applies the changes of one `didChange`, in order. `analysed` is a
    /// line index of the current text when one exists already (the
    /// workspace's), so a one-change event builds none.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
        mut analysed: Option<&LineIndex>,
    ) {
        for change in changes {
            let text = match change.range {
                None => Arc::from(change.text.as_str()),
                Some(range) => {
                    let index = analysed.take().unwrap_or_else(|| self.index());
                    let start = offset(&self.text, index, range.start, enc);
                    let end = offset(&self.text, index, range.end, enc).max(start);
                    splice(&self.text, start..end, &change.text)
                }
            };
            self.text = text;
            self.index = OnceLock::new();
        }
        self.version = version;
    }
}

/// Byte offset of an LSP position (clamped like `LineIndex::offset`).
fn offset(text: &str, index: &LineIndex, pos: Position, enc: Encoding) -> usize {
    let at = LineCol {
        line: pos.line,
        col: pos.character,
    };
    index.offset(text, at, enc)
}

/// `text` with `range` replaced by `with`, copied once.
fn splice(text: &str, range: std::ops::Range<usize>, with: &str) -> Arc<str> {
    let mut out = String::with_capacity(text.len() - range.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    Arc::from(out)
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::Range;

    use super::*;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((sl, sc), (el, ec))| {
                Range::new(Position::new(sl, sc), Position::new(el, ec))
            }),
            range_length: None,
            text: text.into(),
        }
    }

    fn doc(text: &str) -> OpenDocument {
        OpenDocument::new("file:///a.aisrm.yaml".parse().unwrap(), 1, text)
    }

    #[test]
    fn applies_several_changes_in_order() {
        let mut d = doc("ab\ncd\n");
        d.apply(
            2,
            &[
                change(Some(((1, 0), (1, 1))), "X"),
                change(Some(((0, 2), (1, 0))), ""),
                change(Some(((0, 0), (0, 0))), "> "),
            ],
            Encoding::Utf16,
            None,
        );
        assert_eq!(&*d.text, "> abXd\n");
        assert_eq!(d.version, 2);
    }

    #[test]
    fn counts_columns_in_the_negotiated_encoding() {
        let mut utf16 = doc("🦀x\n");
        utf16.apply(
            2,
            &[change(Some(((0, 2), (0, 3))), "y")],
            Encoding::Utf16,
            None,
        );
        assert_eq!(&*utf16.text, "🦀y\n");
        let mut utf8 = doc("🦀x\n");
        utf8.apply(
            2,
            &[change(Some(((0, 4), (0, 5))), "y")],
            Encoding::Utf8,
            None,
        );
        assert_eq!(&*utf8.text, "🦀y\n");
    }

    #[test]
    fn clamps_past_the_line_and_past_the_end() {
        let mut d = doc("ab\r\ncd");
        d.apply(
            2,
            &[
                change(Some(((0, 9), (0, 9))), "!"),
                change(Some(((7, 0), (9, 9))), "?"),
            ],
            Encoding::Utf16,
            None,
        );
        assert_eq!(&*d.text, "ab!\r\ncd?");
    }

    #[test]
    fn a_full_change_replaces_the_text() {
        let mut d = doc("old");
        d.apply(
            2,
            &[change(None, "new\n"), change(Some(((1, 0), (1, 0))), "x")],
            Encoding::Utf16,
            None,
        );
        assert_eq!(&*d.text, "new\nx");
    }
}
