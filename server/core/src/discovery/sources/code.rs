//! Source code: imports (Python, JavaScript/TypeScript, Go, Java/Kotlin,
//! C#, Ruby) and the few call-site literals that decide the component
//! (`AzureOpenAI(`, a `bedrock-runtime` client, a localhost endpoint, a
//! loop that runs the tools the model chose).
//! Comments and docstrings are blanked first; a file that contains none
//! of the language's signal strings is not analysed further (one
//! aho-corasick pass).

use aho_corasick::AhoCorasick;

use super::text::{Comments, blank_comments};
use crate::discovery::{File, Hits, Need, SignalKind, Signals, Source};
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Python,
    JavaScript,
    Go,
    Java,
    CSharp,
    Ruby,
}

impl Language {
    pub const ALL: [Language; 6] = [
        Language::Python,
        Language::JavaScript,
        Language::Go,
        Language::Java,
        Language::CSharp,
        Language::Ruby,
    ];

    pub fn of(name: &str) -> Option<Language> {
        let ext = name.rsplit_once('.')?.1;
        Some(match ext {
            "py" => Language::Python,
            "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "mts" | "cts" => Language::JavaScript,
            "go" => Language::Go,
            "java" | "kt" | "kts" => Language::Java,
            "cs" => Language::CSharp,
            "rb" | "rake" => Language::Ruby,
            _ => return None,
        })
    }

    /// The `ecosystem` of this language's signals.
    pub fn id(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::Go => "go",
            Language::Java => "java",
            Language::CSharp => "csharp",
            Language::Ruby => "ruby",
        }
    }

    fn comments(self) -> Comments {
        if matches!(self, Language::Python | Language::Ruby) {
            Comments::Hash
        } else {
            Comments::CLike
        }
    }

    /// What separates a module from its submodules.
    fn separator(self) -> char {
        match self {
            Language::JavaScript | Language::Go | Language::Ruby => '/',
            _ => '.',
        }
    }
}

struct PerLanguage {
    language: Language,
    /// Every import pattern and code literal: the prefilter.
    any: Option<AhoCorasick>,
    /// Code literals and the index of their signal.
    literals: Option<AhoCorasick>,
    literal_signals: Vec<usize>,
}

pub struct Code {
    languages: Vec<PerLanguage>,
}

impl Code {
    pub fn new(signals: &Signals) -> Self {
        let languages = Language::ALL
            .iter()
            .map(|l| per_language(*l, signals))
            .collect();
        Code { languages }
    }
}

fn per_language(language: Language, signals: &Signals) -> PerLanguage {
    let eco = Some(language.id());
    let mut all = Vec::new();
    let mut literals = Vec::new();
    let mut literal_signals = Vec::new();
    for (i, s) in signals.signals.iter().enumerate() {
        if s.ecosystem.as_deref() != eco {
            continue;
        }
        match s.kind {
            SignalKind::Import => all.extend(s.patterns.iter().cloned()),
            SignalKind::Code => {
                for p in &s.patterns {
                    all.push(p.clone());
                    literals.push(p.clone());
                    literal_signals.push(i);
                }
            }
            _ => {}
        }
    }
    PerLanguage {
        language,
        any: (!all.is_empty())
            .then(|| AhoCorasick::new(&all).ok())
            .flatten(),
        literals: (!literals.is_empty())
            .then(|| AhoCorasick::new(&literals).ok())
            .flatten(),
        literal_signals,
    }
}

impl Source for Code {
    fn wants(&self, _rel: &str, name: &str) -> Need {
        if Language::of(name).is_some() {
            Need::Text
        } else {
            Need::Nothing
        }
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        let Some(language) = Language::of(file.name) else {
            return;
        };
        let Some(lang) = self.languages.iter().find(|l| l.language == language) else {
            return;
        };
        if !lang.any.as_ref().is_some_and(|ac| ac.is_match(file.text)) {
            return;
        }
        let code = blank_comments(file.text, language.comments());
        for (module, range) in imports(&code, language) {
            report_import(signals, out, language, &code, &module, range);
        }
        if let Some(ac) = &lang.literals {
            for m in ac.find_iter(&code) {
                let signal = &signals.signals[lang.literal_signals[m.pattern().as_usize()]];
                if !has_context(signal, &code) {
                    continue;
                }
                let found = &code[m.start()..m.end()];
                out.add(
                    signal,
                    TextRange::new(m.start(), m.end()),
                    format!("`{found}` in code"),
                );
            }
        }
    }
}

/// A code or import signal with `contains` matches only in a file whose
/// code (comments blanked) also holds one of those strings: a tool-call
/// handler counts where tools are passed to the model; `import whisper`
/// is the speech model only where a model is loaded (Graphite's storage
/// library of the same name is not).
fn has_context(signal: &crate::discovery::Signal, code: &str) -> bool {
    signal.contains.is_empty() || signal.contains.iter().any(|c| code.contains(c.as_str()))
}

fn report_import(
    signals: &Signals,
    out: &mut Hits,
    language: Language,
    code: &str,
    module: &str,
    range: TextRange,
) {
    let sep = language.separator();
    let prefixes = module
        .char_indices()
        .filter(|(_, c)| *c == sep)
        .map(|(i, _)| &module[..i])
        .chain(std::iter::once(module));
    let mut seen = Vec::new();
    for prefix in prefixes {
        for signal in signals.lookup(SignalKind::Import, language.id(), prefix) {
            if !seen.contains(&signal.id) && has_context(signal, code) {
                seen.push(signal.id.clone());
                out.add(signal, range, format!("import of `{module}`"));
            }
        }
    }
}

/// The modules a file imports, with where each name is written.
pub(crate) fn imports(code: &str, language: Language) -> Vec<(String, TextRange)> {
    match language {
        Language::Python => python_imports(code),
        Language::JavaScript => quoted_after_keywords(code, &["from", "import", "require"]),
        Language::Go => go_imports(code),
        Language::Java => dotted_after_keyword(code, "import", &["static"]),
        Language::CSharp => dotted_after_keyword(code, "using", &["static", "global"]),
        Language::Ruby => quoted_after_keywords(code, &["require"]),
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Offsets of `word` as a whole word in `code`.
fn words<'a>(code: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let b = code.as_bytes();
    memchr::memmem::find_iter(b, word.as_bytes()).filter(move |&i| {
        let before_ok = i == 0 || !is_ident(b[i - 1]) && b[i - 1] != b'.';
        let after = i + word.len();
        before_ok && (after >= b.len() || !is_ident(b[after]))
    })
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// A dotted name starting at `i`: (name, range).
fn dotted(code: &str, i: usize) -> Option<(String, TextRange)> {
    let b = code.as_bytes();
    let mut end = i;
    while end < b.len() && (is_ident(b[end]) || b[end] == b'.') {
        end += 1;
    }
    let name = code[i..end].trim_end_matches('.');
    (!name.is_empty() && !name.starts_with('.'))
        .then(|| (name.to_string(), TextRange::new(i, i + name.len())))
}

/// A quoted string starting at `i` (either quote): (contents, range).
fn quoted(code: &str, i: usize) -> Option<(String, TextRange)> {
    let b = code.as_bytes();
    let q = *b.get(i)?;
    if q != b'"' && q != b'\'' && q != b'`' {
        return None;
    }
    let end = code[i + 1..].find([q as char, '\n']).map(|n| i + 1 + n)?;
    (b[end] == q).then(|| (code[i + 1..end].to_string(), TextRange::new(i + 1, end)))
}

/// `import a.b, c as d` and `from a.b import x` at the start of a line.
fn python_imports(code: &str) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let start = offset + indent;
        offset += line.len();
        let stmt = line.trim_start();
        if let Some(rest) = stmt.strip_prefix("from ") {
            let at = start + 5 + (rest.len() - rest.trim_start().len());
            out.extend(dotted(code, at));
        } else if let Some(rest) = stmt.strip_prefix("import ") {
            let mut at = start + 7;
            for part in rest.split(',') {
                let lead = part.len() - part.trim_start().len();
                out.extend(dotted(code, at + lead));
                at += part.len() + 1;
            }
        }
    }
    out
}

/// JavaScript: the string after `from`, `import`, `import(`, `require(`.
fn quoted_after_keywords(code: &str, keywords: &[&str]) -> Vec<(String, TextRange)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    for kw in keywords {
        for at in words(code, kw) {
            let mut i = skip_spaces(b, at + kw.len());
            if b.get(i) == Some(&b'(') {
                i = skip_spaces(b, i + 1);
            }
            out.extend(quoted(code, i));
        }
    }
    out.sort_by_key(|(_, r)| r.start);
    out.dedup_by_key(|(_, r)| r.start);
    out
}

/// Go: `import "x"`, `import alias "x"`, `import ( ... )`.
fn go_imports(code: &str) -> Vec<(String, TextRange)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    for at in words(code, "import") {
        let i = skip_spaces(b, at + 6);
        if b.get(i) == Some(&b'(') {
            let end = code[i..].find(')').map_or(code.len(), |n| i + n);
            let mut j = i + 1;
            while j < end {
                if (b[j] == b'"' || b[j] == b'`')
                    && let Some(q) = quoted(code, j)
                {
                    j = q.1.end + 1;
                    out.push(q);
                    continue;
                }
                j += 1;
            }
        } else {
            let mut j = i;
            while j < b.len() && (is_ident(b[j]) || b[j] == b'.') {
                j += 1;
            }
            out.extend(quoted(code, skip_spaces(b, j)));
        }
    }
    out
}

/// Java / Kotlin `import a.b.C;`, C# `using A.B;` at the start of a line.
fn dotted_after_keyword(code: &str, keyword: &str, modifiers: &[&str]) -> Vec<(String, TextRange)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    for at in words(code, keyword) {
        let line_start = code[..at].rfind('\n').map_or(0, |n| n + 1);
        let before = code[line_start..at].trim();
        if !(before.is_empty() || modifiers.contains(&before)) {
            continue;
        }
        let mut i = skip_spaces(b, at + keyword.len());
        for m in modifiers {
            if code[i..].starts_with(m) && code[i + m.len()..].starts_with([' ', '\t']) {
                i = skip_spaces(b, i + m.len());
            }
        }
        let Some((name, range)) = dotted(code, i) else {
            continue;
        };
        // `using Alias = X.Y;`
        let after = skip_spaces(b, range.end);
        if b.get(after) == Some(&b'=') {
            out.extend(dotted(code, skip_spaces(b, after + 1)));
        } else if b.get(after) != Some(&b'(') {
            out.push((name, range));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(code: &str, language: Language) -> Vec<String> {
        imports(&blank_comments(code, language.comments()), language)
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn imports_per_language() {
        assert_eq!(
            names(
                "import os, openai as o\nfrom google.genai import types\n# import anthropic\n",
                Language::Python
            ),
            ["os", "openai", "google.genai"]
        );
        assert_eq!(
            names(
                "import OpenAI from \"openai\";\nconst a = require('@anthropic-ai/sdk');\n// import x from 'groq-sdk'\nexport * from './local';\n",
                Language::JavaScript
            ),
            ["openai", "@anthropic-ai/sdk", "./local"]
        );
        assert_eq!(
            names(
                "package main\nimport (\n  \"fmt\"\n  oa \"github.com/openai/openai-go/v3\"\n)\n",
                Language::Go
            ),
            ["fmt", "github.com/openai/openai-go/v3"]
        );
        assert_eq!(
            names(
                "import com.anthropic.client.AnthropicClient;\nimport static java.util.List.of;\n",
                Language::Java
            ),
            ["com.anthropic.client.AnthropicClient", "java.util.List.of"]
        );
        assert_eq!(
            names(
                "using OpenAI.Chat;\nglobal using System;\nusing (var x = y) {}\nusing AI = Azure.AI.OpenAI;\n",
                Language::CSharp
            ),
            ["OpenAI.Chat", "System", "Azure.AI.OpenAI"]
        );
        assert_eq!(
            names(
                "require \"openai\"\nrequire('langchain/assistant')\n# require \"anthropic\"\nrequire_relative \"lib/openai\"\n",
                Language::Ruby
            ),
            ["openai", "langchain/assistant"]
        );
    }
}
