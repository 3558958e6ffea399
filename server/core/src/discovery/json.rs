//! A small JSON reader with byte spans, for manifests and configs
//! (`package.json`, MCP client configs, ARM templates). serde_json keeps
//! no positions, and editors' configs are JSONC: `//` and `/* */`
//! comments and trailing commas are accepted. Iterative limits keep a
//! hostile file cheap: depth at most [`MAX_DEPTH`].

use crate::text::TextRange;

pub const MAX_DEPTH: usize = 128;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Object(Vec<(Str, Node)>),
    Array(Vec<Node>),
    String(String),
    /// Numbers, booleans and null, as written.
    Other(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    pub value: String,
    /// The string's range without its quotes.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub range: TextRange,
}

impl Node {
    /// The value of `key`; of a key written twice, the last (as npm,
    /// VS Code and every JavaScript reader take it).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k.value == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(Str, Node)] {
        match &self.value {
            Value::Object(e) => e,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(a) => a,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The range of a string's contents (without quotes), else the node's.
    pub(crate) fn inner_range(&self) -> TextRange {
        match self.value {
            Value::String(_) if self.range.len() >= 2 => {
                TextRange::new(self.range.start + 1, self.range.end - 1)
            }
            _ => self.range,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub offset: usize,
    pub message: String,
}

pub fn parse(text: &str) -> Result<Node, Error> {
    let mut p = Parser {
        b: text.as_bytes(),
        text,
        // A byte order mark is not part of the value (npm and VS Code
        // read past it); offsets stay the text's.
        pos: if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        },
    };
    let node = p.value(0)?;
    p.skip_ws()?;
    if p.pos < p.b.len() {
        return Err(p.error("text after the JSON value"));
    }
    Ok(node)
}

struct Parser<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> Error {
        Error {
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn skip_ws(&mut self) -> Result<(), Error> {
        while self.pos < self.b.len() {
            match self.b[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.b.get(self.pos + 1) == Some(&b'/') => {
                    while self.pos < self.b.len() && self.b[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if self.b.get(self.pos + 1) == Some(&b'*') => {
                    let rest = &self.text[self.pos + 2..];
                    let end = rest
                        .find("*/")
                        .ok_or_else(|| self.error("unclosed comment"))?;
                    self.pos += 2 + end + 2;
                }
                _ => break,
            }
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_ws()?;
        let start = self.pos;
        let value = match self.b.get(self.pos) {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?.value),
            Some(_) => self.scalar()?,
            None => return Err(self.error("unexpected end of the file")),
        };
        Ok(Node {
            value,
            range: TextRange::new(start, self.pos),
        })
    }

    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_ws()?;
            match self.b.get(self.pos) {
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(entries));
                }
                Some(b'"') => {}
                _ => return Err(self.error("expected a key or `}`")),
            }
            let key = self.string()?;
            self.skip_ws()?;
            if self.b.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:`"));
            }
            self.pos += 1;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.separator(b'}')?;
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            if self.b.get(self.pos) == Some(&b']') {
                self.pos += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value(depth + 1)?);
            self.separator(b']')?;
        }
    }

    /// After a member: a comma, or the closing bracket (left in place).
    fn separator(&mut self, close: u8) -> Result<(), Error> {
        self.skip_ws()?;
        match self.b.get(self.pos) {
            Some(b',') => {
                self.pos += 1;
                Ok(())
            }
            Some(c) if *c == close => Ok(()),
            _ => Err(self.error("expected `,` or a closing bracket")),
        }
    }

    fn string(&mut self) -> Result<Str, Error> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let stop = rest
                .find(['"', '\\', '\n'])
                .ok_or_else(|| self.error("unclosed string"))?;
            value.push_str(&rest[..stop]);
            self.pos += stop;
            match self.b[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return Ok(Str {
                        value,
                        range: TextRange::new(start + 1, self.pos - 1),
                    });
                }
                b'\\' => self.escape(&mut value)?,
                _ => return Err(self.error("line break inside a string")),
            }
        }
    }

    fn escape(&mut self, value: &mut String) -> Result<(), Error> {
        let c = *self
            .b
            .get(self.pos + 1)
            .ok_or_else(|| self.error("unclosed string"))?;
        self.pos += 2;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex = self
                    .text
                    .get(self.pos..self.pos + 4)
                    .ok_or_else(|| self.error("bad \\u escape"))?;
                let code =
                    u32::from_str_radix(hex, 16).map_err(|_| self.error("bad \\u escape"))?;
                self.pos += 4;
                char::from_u32(code).unwrap_or('\u{fffd}')
            }
            _ => return Err(self.error("unknown escape")),
        };
        value.push(ch);
        Ok(())
    }

    fn scalar(&mut self) -> Result<Value, Error> {
        let start = self.pos;
        while self.pos < self.b.len()
            && matches!(self.b[self.pos], b'a'..=b'z' | b'0'..=b'9' | b'-' | b'+' | b'.' | b'E')
        {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.error("unexpected character"));
        }
        let word = &self.text[start..self.pos];
        let ok = matches!(word, "true" | "false" | "null") || word.parse::<f64>().is_ok();
        if !ok {
            self.pos = start;
            return Err(self.error("not a JSON value"));
        }
        Ok(Value::Other(word.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_comments_and_trailing_commas() {
        let text = "{ // servers\n \"a\": [1, \"x\\\"y\",], /* c */ \"b\": {\"c\": null,}, }";
        let node = parse(text).unwrap();
        let (k, v) = &node.entries()[0];
        assert_eq!(&text[k.range.start..k.range.end], "a");
        assert_eq!(v.items()[1].as_str(), Some("x\"y"));
        assert!(node.get("b").unwrap().get("c").is_some());
    }

    #[test]
    fn a_key_written_twice_has_its_last_value() {
        let node = parse("{\"dependencies\": {}, \"dependencies\": {\"openai\": \"4\"}}").unwrap();
        assert!(node.get("dependencies").unwrap().get("openai").is_some());
    }

    #[test]
    fn malformed_is_an_error_not_a_panic() {
        for bad in [
            "",
            "{",
            "{\"a\" 1}",
            "[1 2]",
            "\"abc",
            "{\"a\":tru}",
            "/*",
            "[\"\\u12\"]",
            "{}}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).is_err());
    }
}
