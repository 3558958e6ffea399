//! Open documents: a rope per document, edited incrementally. Column
//! positions are converted with `LineIndex` on the edited line only.

use std::sync::{Arc, OnceLock};

use aisrm_core::text::{Encoding, LineCol, LineIndex};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent, Uri};

/// A document open in the editor: its URI, version and current text (not
/// to be confused with `aisrm_core::document::Document`, the lowered model).
pub struct OpenDocument {
    pub uri: Uri,
    pub version: i32,
    rope: Rope,
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
            rope: Rope::from_str(text),
            text: Arc::from(text),
            index: OnceLock::new(),
        }
    }

    pub fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Byte offset of an LSP position in the rope (clamped like
    /// `LineIndex::offset`).
    fn byte_of(&self, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let start = self.rope.line_to_byte(line);
        let line_text = self.rope.line(line).to_string();
        let index = LineIndex::new(&line_text);
        start
            + index.offset(
                &line_text,
                LineCol {
                    line: 0,
                    col: pos.character,
                },
                enc,
            )
    }

    /// Applies the changes of one `didChange`, in order.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = self.byte_of(range.start, enc);
                    let end = self.byte_of(range.end, enc).max(start);
                    let (cs, ce) = (self.rope.byte_to_char(start), self.rope.byte_to_char(end));
                    self.rope.remove(cs..ce);
                    self.rope.insert(cs, &change.text);
                }
            }
        }
        self.version = version;
        self.text = Arc::from(self.rope.to_string());
        self.index = OnceLock::new();
    }
}
