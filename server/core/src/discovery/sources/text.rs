//! Shared helpers for line-oriented formats: comment blanking that keeps
//! every byte offset, and YAML streams split into documents.

use crate::text::TextRange;
use crate::yaml::Yaml;

/// Comment syntax of a source language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comments {
    /// `#` line comments; `"""` / `'''` strings (docstrings) blanked too.
    Hash,
    /// `//` and `/* */`; backtick strings blanked (template literals).
    CLike,
}

/// `text` with comments (and docstrings / template literals) replaced by
/// spaces, line breaks kept, so offsets stay those of the file. String
/// contents are kept: endpoints and module paths are strings.
pub(crate) fn blank_comments(text: &str, style: Comments) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        let rest = &b[i..];
        match (style, c) {
            (Comments::Hash, b'#') | (Comments::CLike, b'/')
                if style == Comments::Hash || rest.starts_with(b"//") =>
            {
                let end = memchr::memchr(b'\n', rest).map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            (Comments::CLike, b'/') if rest.starts_with(b"/*") => {
                let end = find(rest, b"*/", 2).map_or(b.len(), |n| i + n + 2);
                blank(&mut out, i, end);
                i = end;
            }
            (Comments::Hash, b'"' | b'\'')
                if rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''") =>
            {
                let end = find(rest, &rest[..3], 3).map_or(b.len(), |n| i + n + 3);
                blank(&mut out, i, end);
                i = end;
            }
            (Comments::CLike, b'`') => {
                let end = find(rest, b"`", 1).map_or(b.len(), |n| i + n + 1);
                blank(&mut out, i, end);
                i = end;
            }
            (_, b'"' | b'\'') => i = skip_string(b, i),
            _ => i += 1,
        }
    }
    // Only ASCII bytes were written over whole characters' bytes inside
    // comments, so the result is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|n| n + from)
}

/// The offset after a one-line string starting at `start`.
fn skip_string(b: &[u8], start: usize) -> usize {
    let quote = b[start];
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The documents of a YAML stream, each parsed with its offset in `text`
/// (ranges in a document's tree are relative to that offset).
pub(crate) fn yaml_documents(text: &str) -> Vec<(usize, Yaml<'_>)> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        if offset > 0 && (bare == "---" || bare.starts_with("--- ")) {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(text.len());
    starts
        .windows(2)
        .map(|w| (w[0], Yaml::parse(&text[w[0]..w[1]])))
        .collect()
}

/// A range of a document's tree, in file offsets.
pub(crate) fn shift(range: TextRange, by: usize) -> TextRange {
    TextRange::new(range.start + by, range.end + by)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_go_strings_stay_offsets_kept() {
        let py = "import a # import b\n\"\"\"import c\"\"\"\nx = \"# not a comment\"\n";
        let out = blank_comments(py, Comments::Hash);
        assert_eq!(out.len(), py.len());
        assert!(out.contains("import a"));
        assert!(!out.contains("import b") && !out.contains("import c"));
        assert!(out.contains("# not a comment"));
        let js = "const u = 'http://x'; // import 'y'\n/* import 'z' */ import 'w'\n`import 'v'`";
        let out = blank_comments(js, Comments::CLike);
        assert!(out.contains("http://x") && out.contains("import 'w'"));
        assert!(!out.contains("'y'") && !out.contains("'z'") && !out.contains("'v'"));
    }
}
