//! Text positions. Everything in aisrm-core speaks byte offsets into the
//! document's UTF-8 text; this module is the one place that converts them to
//! lines and columns in UTF-8, UTF-16 or chars (the LSP layer and the CLI
//! both go through [`LineIndex`]).

use std::path::PathBuf;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

/// A range in some file: where a component id is declared or used, where
/// navigation leads.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileRange {
    pub path: PathBuf,
    pub range: TextRange,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    pub fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `offset` lies inside the range or touches its end (a cursor
    /// right after a word still "is on" the word).
    pub fn contains_inclusive(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Column units a client counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    /// Unicode scalar values, as the CLI reports columns.
    Chars,
}

/// A zero-based line and column, the column counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of one text, for offset <-> line/column conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of every line; always starts with 0.
    line_starts: Vec<usize>,
    len: usize,
    /// For non-ASCII text, every [`Self::STRIDE`]th char: its byte offset
    /// and how many UTF-16 units and chars precede it. Columns are then a
    /// difference of two short walks, not a walk from the line start (a
    /// 1 MB line with 25,000 findings was quadratic).
    checkpoints: Vec<Checkpoint>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Checkpoint {
    byte: usize,
    utf16: usize,
    chars: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // memchr finds line breaks many bytes at a time: this runs on
        // every keystroke over the whole file.
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            let (mut utf16, mut chars) = (0, 0);
            for (byte, ch) in text.char_indices() {
                if chars % Self::STRIDE == 0 {
                    checkpoints.push(Checkpoint { byte, utf16, chars });
                }
                utf16 += ch.len_utf16();
                chars += 1;
            }
        }
        Self {
            line_starts,
            len: text.len(),
            checkpoints,
        }
    }

    const STRIDE: usize = 64;

    /// The index of `text`, which is this index's text with the bytes
    /// `start..old_end` replaced: the line starts before the edit are
    /// kept, those after it moved, and only the new bytes are searched
    /// (a keystroke in a 2.4 MB file no longer scans the whole file).
    /// Non-ASCII texts are indexed again from scratch (their checkpoints
    /// count characters from the start).
    pub fn edited(&self, text: &str, start: usize, old_end: usize) -> LineIndex {
        let delta = text.len() as isize - self.len as isize;
        let new_end = old_end.checked_add_signed(delta);
        let inserted = new_end.and_then(|end| text.as_bytes().get(start..end));
        let (Some(new_end), Some(inserted)) = (new_end, inserted) else {
            return LineIndex::new(text);
        };
        if !self.checkpoints.is_empty() || !inserted.is_ascii() || old_end > self.len {
            return LineIndex::new(text);
        }
        let kept = self.line_starts.partition_point(|&s| s <= start);
        let moved = self.line_starts.partition_point(|&s| s <= old_end);
        let mut line_starts = Vec::with_capacity(self.line_starts.len() + inserted.len());
        line_starts.extend_from_slice(&self.line_starts[..kept]);
        line_starts.extend(memchr::memchr_iter(b'\n', inserted).map(|i| start + i + 1));
        debug_assert!(new_end <= text.len());
        line_starts.extend(
            self.line_starts[moved..]
                .iter()
                .map(|&s| s.wrapping_add_signed(delta)),
        );
        Self {
            line_starts,
            len: text.len(),
            checkpoints: Vec::new(),
        }
    }

    /// Width of `text[..offset]` (`offset` on a char boundary); `None`
    /// if `text` is not the text the index was built from.
    fn width_before(&self, text: &str, offset: usize, encoding: Encoding) -> Option<usize> {
        if self.len != text.len() {
            return None;
        }
        if encoding == Encoding::Utf8 || self.checkpoints.is_empty() {
            return Some(offset);
        }
        let i = self.checkpoints.partition_point(|c| c.byte <= offset);
        let c = self.checkpoints[i.saturating_sub(1)];
        let base = match encoding {
            Encoding::Utf16 => c.utf16,
            _ => c.chars,
        };
        Some(base + column_width(text.get(c.byte..offset)?, encoding))
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many lines the text has (a final line break starts an empty
    /// last line).
    pub(crate) fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where zero-based `line` starts (clamped to the end).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte offset of the end of `line`, before its line break.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        let mut end = next;
        if end > self.line_start(line) && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > self.line_start(line) && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end
    }

    /// Zero-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Converts a byte offset to a line and a column in `encoding`. Offsets
    /// past the end or inside a character are clamped to a valid boundary.
    pub fn line_col(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = match (
            self.width_before(text, offset, encoding),
            self.width_before(text, start, encoding),
        ) {
            (Some(end), Some(begin)) if begin <= end => end - begin,
            _ => column_width(&text[start..offset], encoding),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Converts a line and column in `encoding` back to a byte offset. A
    /// column past the end of the line clamps to the line end; a line past
    /// the end clamps to the end of the text; a column that falls inside a
    /// character (half a surrogate pair) rounds down to its start.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return text.len();
        }
        let start = self.line_start(line);
        let end = self.line_end(text, line);
        let mut remaining = pos.col as usize;
        for (i, ch) in text[start..end].char_indices() {
            let width = char_width(ch, encoding);
            if remaining < width {
                return start + i;
            }
            remaining -= width;
        }
        end
    }
}

fn char_width(ch: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => ch.len_utf8(),
        Encoding::Utf16 => ch.len_utf16(),
        Encoding::Chars => 1,
    }
}

fn column_width(s: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        Encoding::Chars => s.chars().count(),
    }
}

/// The longest slug: an id made from a name stays a short YAML key (a
/// plain key may not be longer than 1024 characters).
const MAX_SLUG: usize = 64;

/// `name` as an id: lowercase ASCII letters and digits, each run of
/// anything else one `-`, none at either end, at most [`MAX_SLUG`] long;
/// `fallback` when nothing is left (proposed ids of discovered
/// components, BOM refs).
pub(crate) fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if out.len() == MAX_SLUG {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        fallback.into()
    } else {
        trimmed.into()
    }
}

/// The largest char boundary `<= offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Converts the parser's char indices to byte offsets without a table per
/// char: a checkpoint every [`CharToByte::STRIDE`] chars, then a short walk.
pub struct CharToByte<'a> {
    text: &'a str,
    checkpoints: Vec<usize>,
}

impl<'a> CharToByte<'a> {
    const STRIDE: usize = 64;

    pub fn new(text: &'a str) -> Self {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(Self::STRIDE)
                .map(|(byte, _)| byte)
                .collect()
        };
        Self { text, checkpoints }
    }

    pub fn byte(&self, char_index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return char_index.min(self.text.len());
        }
        let block = char_index / Self::STRIDE;
        let Some(&start) = self.checkpoints.get(block) else {
            return self.text.len();
        };
        let skip = char_index % Self::STRIDE;
        self.text[start..]
            .char_indices()
            .nth(skip)
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random edits (line breaks, CRLF, non-ASCII): the edited index is
    /// the index built from scratch.
    #[test]
    fn an_edited_index_equals_a_new_one() {
        // Mostly ASCII (the moved line starts); now and then not.
        let pieces = [
            "a", "\n", "\r\n", "bc\nd", "", "\n\n", "x", "\n", "", "é", "🦀\n",
        ];
        let mut seed: u64 = 0x9e37_79b9;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut text = String::from("a: 1\nb: 2\n\nc\n");
        let mut index = LineIndex::new(&text);
        for step in 0..3000 {
            if step % 500 == 0 {
                text = "x\ny\n".repeat(1 + step / 100);
                index = LineIndex::new(&text);
            }
            let mut start = next(text.len() + 1);
            let mut end = (start + next(4)).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let mut edited = text.clone();
            let piece = match step % 40 {
                0 => pieces[next(pieces.len())],
                _ => pieces[next(pieces.len() - 2)],
            };
            edited.replace_range(start..end, piece);
            let got = index.edited(&edited, start, end);
            assert_eq!(
                got,
                LineIndex::new(&edited),
                "step {step}: {text:?} -> {edited:?}"
            );
            (text, index) = (edited, got);
        }
    }

    const TEXT: &str = "a: 1\nname: 日本 🦀 x\n\r\nend";

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let index = LineIndex::new(TEXT);
        let x = TEXT.find('x').unwrap();
        assert_eq!(
            index.line_col(TEXT, x, Encoding::Utf16),
            LineCol { line: 1, col: 12 }
        );
        assert_eq!(
            index.line_col(TEXT, x, Encoding::Utf8),
            LineCol { line: 1, col: 18 }
        );
        assert_eq!(
            index.line_col(TEXT, x, Encoding::Chars),
            LineCol { line: 1, col: 11 }
        );
    }

    #[test]
    fn round_trips_every_boundary() {
        let index = LineIndex::new(TEXT);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            for (offset, ch) in TEXT.char_indices() {
                if ch == '\n' && TEXT[..offset].ends_with('\r') {
                    continue; // between CR and LF is no position
                }
                let lc = index.line_col(TEXT, offset, enc);
                assert_eq!(index.offset(TEXT, lc, enc), offset, "{enc:?} {offset}");
            }
        }
    }

    #[test]
    fn clamps_out_of_range_positions() {
        let index = LineIndex::new(TEXT);
        assert_eq!(
            index.offset(TEXT, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            4
        );
        assert_eq!(
            index.offset(TEXT, LineCol { line: 99, col: 0 }, Encoding::Utf16),
            TEXT.len()
        );
        // Inside the crab's surrogate pair: rounds down to the crab.
        let crab = TEXT.find('🦀').unwrap();
        let lc = index.line_col(TEXT, crab, Encoding::Utf16);
        let inside = LineCol {
            line: lc.line,
            col: lc.col + 1,
        };
        assert_eq!(index.offset(TEXT, inside, Encoding::Utf16), crab);
    }

    #[test]
    fn char_to_byte_matches_char_indices() {
        let text = "é".repeat(200) + "🦀x";
        let map = CharToByte::new(&text);
        for (n, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(map.byte(n), byte);
        }
        assert_eq!(map.byte(text.chars().count()), text.len());
    }
}
