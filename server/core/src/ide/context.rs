//! Where the cursor is, read from the raw text by indentation: the line
//! being typed usually breaks the YAML parse, so completion cannot rely on
//! the tree. Works for inventory files and for ```aisrm blocks of Markdown
//! (the blocks [`markdown::extract`] finds, including one whose closing
//! fence is not typed yet), and finds Markdown link fragments
//! (`](file.yaml#`).

use crate::markdown;
use crate::text::{LineIndex, TextRange};

mod lines;

use lines::{Line, Lines, raw_lines};

/// A key on the path from the top of the YAML to the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathEntry {
    pub key: String,
    /// Index into the region's lines (`None` for the implicit `components`
    /// of a ```aisrm block).
    line: Option<usize>,
    indent: usize,
}

/// What is being typed at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A key of the mapping at `path`.
    Key,
    /// The value of `key` (a child of `path`).
    Value { key: String },
    /// An item of the list that is the value of the last key of `path`
    /// (block `- item` or flow `[a, b`).
    ListItem,
}

#[derive(Clone, Debug)]
pub struct YamlContext {
    /// Keys from the top; a ```aisrm block starts with `components`.
    pub path: Vec<PathEntry>,
    pub slot: Slot,
    pub in_block: bool,
    /// The word being typed (to be replaced by a completion).
    pub word: TextRange,
    /// Indentation (as a line prefix) of the cursor's key, for inserted
    /// lines below it.
    pub indent: String,
    /// Keys already written next to the cursor's key.
    pub siblings: Vec<String>,
    /// The lines of the component around the cursor (the subtree of
    /// `path[1]`), as (indent, content): all [`Self::child_value`] reads.
    /// Copying only these keeps completion cheap in huge files.
    lines: Vec<(usize, String)>,
    /// Index of `lines[0]` among the region's lines.
    lines_from: usize,
}

#[derive(Clone, Debug)]
pub enum Context {
    Yaml(YamlContext),
    /// A Markdown link fragment: `](path#frag|`.
    LinkFragment {
        /// The link's path part (may be empty).
        path: String,
        word: TextRange,
    },
    None,
}

impl YamlContext {
    pub fn keys(&self) -> Vec<&str> {
        self.path.iter().map(|p| p.key.as_str()).collect()
    }

    /// The value of `key` directly under the path entry `depth` (by
    /// indentation), e.g. the `deployment` of the component at depth 1.
    pub(crate) fn child_value(&self, depth: usize, key: &str) -> Option<String> {
        let entry = self.path.get(depth)?;
        let start = entry
            .line
            .map_or(0, |l| l + 1)
            .checked_sub(self.lines_from)?;
        let mut child_indent = None;
        for (indent, content) in self.lines.iter().skip(start) {
            let line = Line { start: 0, content };
            if line.is_blank_or_comment() {
                continue;
            }
            if entry.line.is_some() && *indent <= entry.indent {
                break;
            }
            let ci = *child_indent.get_or_insert(*indent);
            if *indent < ci {
                break;
            }
            if *indent == ci
                && let Some((k, v)) = line.key()
                && k == key
            {
                let v = strip_comment(v)
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'');
                return (!v.is_empty()).then(|| v.to_string());
            }
        }
        None
    }
}

fn strip_comment(v: &str) -> &str {
    match v.find(" #") {
        Some(i) => &v[..i],
        None if v.trim_start().starts_with('#') => "",
        None => v,
    }
}

/// Splits `key: rest` (or `key:` at the end); quoted keys lose their quotes.
fn split_key(s: &str) -> Option<(&str, &str)> {
    let first = s.chars().next()?;
    if matches!(first, '-' | '[' | '{' | '#' | '&' | '*' | '!' | '|' | '>') {
        return None;
    }
    if first == '"' || first == '\'' {
        let close = s[1..].find(first)? + 1;
        let after = &s[close + 1..];
        let rest = after.strip_prefix(':')?;
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        return Some((&s[1..close], rest));
    }
    let mut search = 0;
    while let Some(i) = s[search..].find(':') {
        let at = search + i;
        let rest = &s[at + 1..];
        if rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t') {
            let key = s[..at].trim_end();
            if key.contains(" #") {
                return None;
            }
            return Some((key, rest));
        }
        search = at + 1;
    }
    None
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The word around `offset` on its line: from the start of the word
/// before the cursor to the end of the word after it.
fn word_at(text: &str, offset: usize) -> TextRange {
    let before = &text[..offset];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let after = &text[offset..];
    let end = offset
        + after
            .char_indices()
            .find(|(_, c)| !is_word_char(*c))
            .map_or(after.len(), |(i, _)| i);
    TextRange::new(start, end)
}

/// The lines of the ```aisrm block holding `offset`, at their places in
/// the file, and the cursor's line among them. What is a block (fences,
/// quotes, lists) is [`markdown::extract`]'s to say, not this module's.
fn block_lines<'b>(
    file_len: usize,
    block: &'b markdown::Block,
    offset: usize,
) -> Option<(Vec<Line<'b>>, usize)> {
    let mut lines: Vec<Line> = raw_lines(&block.text)
        .into_iter()
        .map(|(start, content)| Line {
            start: block.map.offset(start),
            content,
        })
        .collect();
    // After a final line break comes the closing fence, or, in a block
    // left open at the end of the file, the line being typed.
    if block.text.ends_with('\n') && lines.last().is_some_and(|l| l.start < file_len) {
        lines.pop();
    }
    let cursor = lines.iter().rposition(|l| l.start <= offset)?;
    let line = lines[cursor];
    (offset <= line.start + line.content.len()).then_some((lines, cursor))
}

/// Reads the context at `offset` of a file's text; `index` is the line
/// index of that very text.
pub(crate) fn context_at(text: &str, index: &LineIndex, offset: usize, markdown: bool) -> Context {
    let offset = crate::text::floor_char_boundary(text, offset);
    if !markdown {
        let lines = Lines::File { text, index };
        let cursor = index.line_of(offset);
        return yaml_context(text, &lines, cursor, offset, false);
    }
    let extracted = markdown::extract(text);
    let found = extracted
        .blocks
        .iter()
        .find_map(|b| block_lines(text.len(), b, offset));
    match found {
        Some((lines, cursor)) => yaml_context(text, &Lines::Block(lines), cursor, offset, true),
        None => link_fragment(text, offset),
    }
}

/// The context at `offset` on line `cursor` of YAML `lines` (a whole file,
/// or a ```aisrm block when `in_block`).
fn yaml_context(
    text: &str,
    lines: &Lines,
    cursor: usize,
    offset: usize,
    in_block: bool,
) -> Context {
    let line = lines.get(cursor);
    if offset < line.start {
        return Context::None;
    }
    let before = &line.content[..(offset - line.start).min(line.content.len())];
    let indent = before.len() - before.trim_start_matches(' ').len();
    let mut rest = &before[indent..];
    let mut key_indent = indent;
    let mut list_item = false;
    if rest == "-" || rest.starts_with("- ") {
        list_item = true;
        rest = rest.get(2..).unwrap_or("");
        let more = rest.len() - rest.trim_start_matches(' ').len();
        rest = &rest[more..];
        key_indent = indent + 2 + more;
    }
    let word = word_at(text, offset);
    let slot = match split_key(rest) {
        Some((key, value)) => {
            let value = value.trim_start();
            if value.starts_with('[') {
                Slot::Value {
                    key: format!("{key}[]"),
                }
            } else if value.starts_with('#') {
                return Context::None;
            } else {
                Slot::Value {
                    key: key.to_string(),
                }
            }
        }
        None if list_item => Slot::ListItem,
        None => {
            if rest.contains(['"', '\'', '#', '{', '[']) && !rest.starts_with(['"', '\'']) {
                return Context::None;
            }
            Slot::Key
        }
    };
    let mut path = parents(lines, cursor, indent, list_item);
    // `depends-on: [a, b` reads as an item of the `depends-on` list.
    let slot = match slot {
        Slot::Value { key } if key.ends_with("[]") => {
            let key = key.trim_end_matches("[]").to_string();
            path.push(PathEntry {
                key,
                line: Some(cursor),
                indent,
            });
            Slot::ListItem
        }
        other => other,
    };
    if in_block {
        path.insert(
            0,
            PathEntry {
                key: "components".into(),
                line: None,
                indent: 0,
            },
        );
    }
    let siblings = if slot == Slot::Key && !list_item {
        siblings(lines, cursor, indent)
    } else {
        Vec::new()
    };
    let indent_str = crate::edit::indent_of(text, line.start + key_indent.min(line.content.len()));
    let window = subtree(lines, path.get(1));
    Context::Yaml(YamlContext {
        path,
        slot,
        in_block,
        word,
        indent: indent_str,
        siblings,
        lines: window
            .clone()
            .map(|i| {
                let l = lines.get(i);
                (l.indent(), l.content.to_string())
            })
            .collect(),
        lines_from: window.start,
    })
}

/// The lines of the subtree of `entry` (its own line and every deeper
/// line after it); none when there is no such entry.
fn subtree(lines: &Lines, entry: Option<&PathEntry>) -> std::ops::Range<usize> {
    let Some((first, indent)) = entry.and_then(|e| Some((e.line?, e.indent))) else {
        return 0..0;
    };
    let end = (first + 1..lines.len())
        .find(|&i| {
            let l = lines.get(i);
            !l.is_blank_or_comment() && l.indent() <= indent
        })
        .unwrap_or(lines.len());
    first..end
}

fn line_start_of(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn parents(lines: &Lines, cursor: usize, indent: usize, list_item: bool) -> Vec<PathEntry> {
    let mut out = Vec::new();
    let mut current = indent;
    let mut first = true;
    for i in (0..cursor).rev() {
        let same_indent_too = first && list_item;
        if lines.indented_at_least(i, current + usize::from(same_indent_too)) {
            continue; // deeper than the parent looked for
        }
        let line = lines.get(i);
        let li = line.indent();
        let accept = li < current || (same_indent_too && li == current);
        if !accept || line.is_blank_or_comment() {
            continue;
        }
        let Some((key, _)) = line.key() else {
            if li < current && !line.content.trim_start().starts_with('-') {
                // Some other text at a lower indent: the structure is lost.
                break;
            }
            continue;
        };
        out.push(PathEntry {
            key: key.to_string(),
            line: Some(i),
            indent: li,
        });
        first = false;
        current = li;
        if li == 0 {
            break;
        }
    }
    out.reverse();
    out
}

fn siblings(lines: &Lines, cursor: usize, indent: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut scan = |range: &mut dyn Iterator<Item = usize>| {
        for i in range {
            if lines.indented_at_least(i, indent + 1) {
                continue; // deeper: never a sibling
            }
            let line = lines.get(i);
            if line.is_blank_or_comment() {
                continue;
            }
            let li = line.indent();
            if li < indent {
                break;
            }
            if li == indent
                && let Some((k, _)) = line.key()
            {
                out.push(k.to_string());
            }
        }
    };
    scan(&mut (0..cursor).rev());
    scan(&mut (cursor + 1..lines.len()));
    out
}

fn link_fragment(text: &str, offset: usize) -> Context {
    let start = line_start_of(text, offset);
    let before = &text[start..offset];
    let Some(open) = before.rfind("](") else {
        return Context::None;
    };
    let dest = &before[open + 2..];
    if dest.contains([')', ' ', '\t']) {
        return Context::None;
    }
    let Some(hash) = dest.rfind('#') else {
        return Context::None;
    };
    let frag_start = start + open + 2 + hash + 1;
    let word = word_at(text, offset);
    Context::LinkFragment {
        path: dest[..hash].to_string(),
        word: TextRange::new(frag_start, word.end.max(offset)),
    }
}

#[cfg(test)]
mod tests;
