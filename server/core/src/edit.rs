//! Building text edits that keep the surrounding YAML's indentation (and a
//! block quote's `> ` prefix when the YAML sits in a Markdown block).

use std::path::Path;

use crate::diagnostics::{FileEdit, Fix};
use crate::document::Component;
use crate::text::TextRange;

/// The lines `range` touches, whole (without the last line's break).
pub(crate) fn lines_of(text: &str, range: TextRange) -> TextRange {
    TextRange::new(line_start(text, range.start), line_end(text, range.end))
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Whether `a` and `b` are on the same line. Looks only between them, so
/// it stays cheap for the components of a 1 MB single-line flow mapping
/// (comparing `line_start`s scanned the whole line for each component).
fn same_line(text: &str, a: usize, b: usize) -> bool {
    !text[a.min(b)..a.max(b)].contains('\n')
}

/// Byte offset of the end of the line holding `offset` (before its break).
pub fn line_end(text: &str, offset: usize) -> usize {
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    if end > offset && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// What precedes `offset` on its line, as a prefix for new lines at the
/// same depth: indentation, plus any `>` of a block quote (a `- ` list
/// marker becomes spaces).
pub(crate) fn indent_of(text: &str, offset: usize) -> String {
    text[line_start(text, offset)..offset]
        .chars()
        .map(|c| {
            if c == '>' || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// An edit adding `key_value` next to the mapping value at `value` (a
/// sibling key): `, key: v` inside a flow mapping, a new line at the same
/// indentation in a block mapping. The path is left for the caller.
pub(crate) fn add_sibling_key(text: &str, value: TextRange, key_value: &str) -> FileEdit {
    let start = line_start(text, value.start);
    let before = &text[start..value.start];
    if before.contains('{') {
        // Step over a closing quote of a quoted value.
        let at = match text[value.end..].chars().next() {
            Some(q @ ('"' | '\'')) => value.end + q.len_utf8(),
            _ => value.end,
        };
        return FileEdit {
            path: Default::default(),
            range: TextRange::empty(at),
            new_text: format!(", {key_value}"),
        };
    }
    let key_col = before
        .char_indices()
        .find(|&(_, c)| c != ' ' && c != '>' && c != '\t')
        .map_or(before.len(), |(i, _)| i);
    let indent = indent_of(text, start + key_col);
    FileEdit {
        path: Default::default(),
        range: TextRange::empty(line_end(text, value.end)),
        new_text: format!("\n{indent}{key_value}"),
    }
}

/// The lines spanned by `range`, with the final line break: what to delete
/// to remove an entry.
pub(crate) fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = line_start(text, range.start);
    let end = line_end(text, range.end);
    let end = if text[end..].starts_with("\r\n") {
        end + 2
    } else if text[end..].starts_with('\n') {
        end + 1
    } else {
        end
    };
    TextRange::new(start, end)
}

/// The text of skeleton entries for `domains`, each line starting with
/// `prefix` (a newline precedes every entry).
fn skeleton(prefix: &str, domains: &[&str]) -> String {
    domains
        .iter()
        // No `status:`: the entry records who owns the duty, not work
        // that nobody has planned yet.
        .map(|d| format!("\n{prefix}{d}:\n{prefix}  owner:"))
        .collect()
}

/// `a`, `b`, `c`: the domains a fix adds entries for, named in its title.
pub(crate) fn domain_list(domains: &[&str]) -> String {
    domains
        .iter()
        .map(|d| format!("`{d}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A fix adding skeleton responsibility entries for `domains` to `c`:
/// under its `responsibilities:` when it has a block mapping there, else a
/// new `responsibilities:` key at the end of the component.
pub(crate) fn add_entries_fix(
    c: &Component,
    domains: &[&str],
    path: &Path,
    text: &str,
) -> Option<Fix> {
    let title = match domains {
        [one] => format!("Add a `{one}` entry"),
        _ => format!(
            "Add entries for {} domains: {}",
            domains.len(),
            domain_list(domains)
        ),
    };
    let (range, new_text) = add_entries_edit(c, domains, text)?;
    Some(Fix {
        title,
        edits: vec![FileEdit {
            path: path.to_path_buf(),
            range,
            new_text,
        }],
        preferred: false,
    })
}

fn add_entries_edit(c: &Component, domains: &[&str], text: &str) -> Option<(TextRange, String)> {
    if let Some(first) = c.responsibilities.first() {
        if c.responsibilities_key
            .is_some_and(|k| same_line(text, k.start, first.domain.range.start))
        {
            return None; // a flow mapping: `responsibilities: {...}`
        }
        let prefix = indent_of(text, first.domain.range.start);
        let last_end = c.responsibilities.iter().map(|r| r.range.end).max()?;
        let at = line_end(text, last_end);
        return Some((TextRange::empty(at), skeleton(&prefix, domains)));
    }
    let body_is_block = !same_line(text, c.body.start, c.id.range.start);
    if !body_is_block || c.body.is_empty() {
        return None;
    }
    if let Some(key) = c.responsibilities_key {
        // `responsibilities:` with nothing under it yet.
        let prefix = indent_of(text, key.start) + "  ";
        return Some((
            TextRange::empty(line_end(text, key.end)),
            skeleton(&prefix, domains),
        ));
    }
    let prefix = indent_of(text, c.body.start);
    let at = line_end(text, c.body.end);
    let mut new_text = format!("\n{prefix}responsibilities:");
    new_text.push_str(&skeleton(&(prefix + "  "), domains));
    Some((TextRange::empty(at), new_text))
}
