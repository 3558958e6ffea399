//! ```aisrm blocks and component links in Markdown design documents, found
//! with a CommonMark parser (so ~~~ fences, indented fences, block quotes
//! and lists behave as they render).

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::document::Spanned;
use crate::reader::OffsetMap;
use crate::text::TextRange;
use crate::yaml::Yaml;

/// One ```aisrm block: its YAML text and how to map offsets in that text
/// back to the Markdown file.
#[derive(Clone, Debug)]
pub struct Block {
    pub text: String,
    pub map: OffsetMap,
    /// The content's range in the file (from its first to its last line).
    pub range: TextRange,
}

/// A link as written in the document.
#[derive(Clone, Debug)]
pub struct RawLink {
    pub range: TextRange,
    pub destination: String,
    /// Where the `#fragment` text (without '#') is in the file.
    pub fragment_range: Option<TextRange>,
}

#[derive(Clone, Debug, Default)]
pub struct Extracted {
    pub blocks: Vec<Block>,
    pub links: Vec<RawLink>,
}

/// Info strings that mark a block as aisrm's: the first word is `aisrm`.
fn is_aisrm_info(info: &str) -> bool {
    info.split_whitespace().next() == Some("aisrm")
}

/// The blocks and links of a design document. A document over the size
/// limit aisrm reads has none: every caller (analysis, completion) stays
/// bounded, and the analysis reports the limit.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    if text.len() > crate::yaml::Limits::default().max_bytes {
        return out;
    }
    let mut current: Option<BlockBuilder> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_aisrm_info(&info) => {
                current = Some(BlockBuilder::after_fence(text, range.start));
            }
            Event::Text(chunk) => {
                if let Some(block) = current.as_mut() {
                    block.append(&chunk, TextRange::new(range.start, range.end));
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = current.take() {
                    out.blocks.push(block.finish());
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.links
                    .push(raw_link(text, range.start, range.end, &dest_url));
            }
            _ => {}
        }
    }
    out
}

/// The key of a design document's YAML front matter that chooses the
/// framework of its ```aisrm blocks.
pub const FRAMEWORK_KEY: &str = "aisrm-framework";

/// The text value of a top-level `key` of the document's YAML front
/// matter (between a first line `---` and the next line `---` or `...`),
/// with its range in the file. The front matter is not parsed for
/// anything else.
pub fn front_matter_value(text: &str, key: &str) -> Option<Spanned<String>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = first.len();
    let mut end = start;
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            let yaml = Yaml::parse(&text[start..end]);
            let entries = yaml.entries(yaml.root()?)?;
            let (_, value) = entries.iter().find(|(k, _)| yaml.scalar(*k) == Some(key))?;
            let found = yaml.scalar(*value).filter(|_| !yaml.is_null(*value))?;
            let range = yaml.inner_range(*value);
            let range = TextRange::new(range.start + start, range.end + start);
            return Some(Spanned::new(found.to_string(), range));
        }
        end += line.len();
    }
    None
}

/// Collects a code block's text chunks. A chunk is a run of the block's
/// content that is contiguous in the file (pulldown-cmark splits at every
/// stripped container prefix), so each line of a chunk is a mapping point.
struct BlockBuilder {
    text: String,
    lines: Vec<(usize, usize)>,
    range: Option<TextRange>,
    /// Where the line after the opening fence starts: an empty block's
    /// place.
    first_line: usize,
}

impl BlockBuilder {
    fn after_fence(text: &str, fence: usize) -> Self {
        let first_line = text[fence..]
            .find('\n')
            .map_or(text.len(), |i| fence + i + 1);
        Self {
            text: String::new(),
            lines: Vec::new(),
            range: None,
            first_line,
        }
    }

    fn append(&mut self, chunk: &str, file_range: TextRange) {
        let mut text_offset = self.text.len();
        let mut file_offset = file_range.start;
        for piece in chunk.split_inclusive('\n') {
            self.lines.push((text_offset, file_offset));
            text_offset += piece.len();
            file_offset += piece.len();
        }
        self.text.push_str(chunk);
        self.range = Some(self.range.map_or(file_range, |r| r.cover(file_range)));
    }

    fn finish(mut self) -> Block {
        if self.lines.is_empty() {
            self.lines.push((0, self.first_line));
        }
        Block {
            text: self.text,
            map: OffsetMap::from_lines(self.lines),
            range: self.range.unwrap_or(TextRange::empty(self.first_line)),
        }
    }
}

fn raw_link(text: &str, start: usize, end: usize, destination: &str) -> RawLink {
    let source = &text[start..end];
    let fragment_range = destination.rfind('#').and_then(|hash| {
        let fragment = &destination[hash + 1..];
        // The destination as written ends the link: look for it from the right.
        let at = source.rfind(&format!("#{fragment}"))?;
        let s = start + at + 1;
        Some(TextRange::new(s, s + fragment.len()))
    });
    RawLink {
        range: TextRange::new(start, end),
        destination: destination.to_string(),
        fragment_range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_texts(md: &str) -> Vec<String> {
        extract(md).blocks.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn finds_only_aisrm_fences() {
        let md = "# T\n```yaml\na: 1\n```\n~~~aisrm\nb: 2\n~~~\n```aisrm title\nc: 3\n```\n    ```aisrm\n    indented code, not a fence\n";
        assert_eq!(block_texts(md), vec!["b: 2\n", "c: 3\n"]);
    }

    #[test]
    fn maps_block_quote_and_indented_fence_offsets() {
        let md =
            "> ```aisrm\n> x:\n>   deployment: saas-ai\n> ```\n\n  ```aisrm\n  y: 日本\n  ```\n";
        let ex = extract(md);
        assert_eq!(ex.blocks.len(), 2);
        let b = &ex.blocks[0];
        assert_eq!(b.text, "x:\n  deployment: saas-ai\n");
        let at = b.text.find("saas-ai").unwrap();
        let file = b.map.offset(at);
        assert_eq!(&md[file..file + 7], "saas-ai");
        let b = &ex.blocks[1];
        assert_eq!(b.text, "y: 日本\n");
        let file = b.map.offset(3);
        assert_eq!(&md[file..file + 6], "日本");
    }

    #[test]
    fn reads_the_framework_from_front_matter() {
        let md = "---\ntitle: Agent\naisrm-framework: microsoft-ai\n---\n# Agent\n";
        let v = front_matter_value(md, FRAMEWORK_KEY).unwrap();
        assert_eq!(v.value, "microsoft-ai");
        assert_eq!(&md[v.range.start..v.range.end], "microsoft-ai");
        assert!(front_matter_value("# T\n---\naisrm-framework: x\n---\n", FRAMEWORK_KEY).is_none());
        assert!(front_matter_value("---\naisrm-framework: x\n", FRAMEWORK_KEY).is_none());
    }

    #[test]
    fn finds_link_fragments() {
        let md = "See [the bot 🤖](../ai-inventory.yaml#support-bot) and [x](#local).\n";
        let ex = extract(md);
        assert_eq!(ex.links.len(), 2);
        let r = ex.links[0].fragment_range.unwrap();
        assert_eq!(&md[r.start..r.end], "support-bot");
        assert_eq!(ex.links[0].destination, "../ai-inventory.yaml#support-bot");
    }
}
