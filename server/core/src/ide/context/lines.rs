//! The lines the context is read from: a whole file through its line
//! index, or the lines of one ```aisrm block.

use crate::text::LineIndex;

use super::split_key;

/// One line of the YAML being read: its content after any Markdown prefix
/// (block-quote markers, fence indentation), and where that content starts.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line<'a> {
    /// File offset where `content` starts.
    pub(super) start: usize,
    pub(super) content: &'a str,
}

impl Line<'_> {
    pub(super) fn indent(&self) -> usize {
        self.content.len() - self.content.trim_start_matches(' ').len()
    }

    pub(super) fn is_blank_or_comment(&self) -> bool {
        let t = self.content.trim();
        t.is_empty() || t.starts_with('#')
    }

    /// `key:` at the start of the line (after indentation); the key and the
    /// text after the colon.
    pub(super) fn key(&self) -> Option<(&str, &str)> {
        split_key(self.content.trim_start_matches(' '))
    }
}

/// The lines of the YAML being read, by number: a whole file read through
/// its line index (nothing is split or copied, so a 2 MB file costs only
/// the lines a walk visits), or the lines of one ```aisrm block.
pub(super) enum Lines<'a> {
    File { text: &'a str, index: &'a LineIndex },
    Block(Vec<Line<'a>>),
}

impl<'a> Lines<'a> {
    pub(super) fn len(&self) -> usize {
        match self {
            Lines::File { index, .. } => index.line_count(),
            Lines::Block(lines) => lines.len(),
        }
    }

    /// Line `i` (< `len()`), without its line break.
    pub(super) fn get(&self, i: usize) -> Line<'a> {
        match self {
            Lines::File { text, index } => {
                let start = index.line_start(i);
                let end = index.line_start(i + 1);
                Line {
                    start,
                    content: without_break(&text[start..end]),
                }
            }
            Lines::Block(lines) => lines[i],
        }
    }

    /// Whether line `i` starts with `n` spaces, read from its first bytes
    /// only: the walks up and along a 2 MB file pass over most of its
    /// lines, and most are deeper than what they look for.
    pub(super) fn indented_at_least(&self, i: usize, n: usize) -> bool {
        let (bytes, start) = match self {
            Lines::File { text, index } => (text.as_bytes(), index.line_start(i)),
            Lines::Block(lines) => (lines[i].content.as_bytes(), 0),
        };
        bytes
            .get(start..start + n)
            .is_some_and(|b| b.iter().all(|&c| c == b' '))
    }
}

fn without_break(line: &str) -> &str {
    line.trim_end_matches('\n').trim_end_matches('\r')
}

/// Lines of `text` with their start offsets (without line breaks).
pub(super) fn raw_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        out.push((start, without_break(piece)));
        start += piece.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        out.push((start, ""));
    }
    out
}
