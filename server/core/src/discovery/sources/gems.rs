//! Ruby's manifests: `Gemfile` / `gems.rb` (`gem "name"`), `*.gemspec`
//! (`add_dependency "name"` and its runtime / development forms) and the
//! `DEPENDENCIES` of `Gemfile.lock` / `gems.locked` (what the project
//! asks for, not what those gems pull in). Bundler's files are Ruby
//! programs with no parser crate: small line readers, comments blanked
//! first, only a string literal right after the keyword counts.

use super::manifest::{Dep, report};
use super::text::{Comments, blank_comments};
use crate::discovery::{File, Hits, Need, Signals, Source};
use crate::text::TextRange;

pub struct Gems;

const ECOSYSTEM: &str = "rubygems";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Gemfile,
    Gemspec,
    Lock,
}

fn format_of(name: &str) -> Option<Format> {
    match name {
        "Gemfile" | "gems.rb" => Some(Format::Gemfile),
        "Gemfile.lock" | "gems.locked" => Some(Format::Lock),
        _ if name.ends_with(".gemspec") => Some(Format::Gemspec),
        _ => None,
    }
}

impl Source for Gems {
    fn wants(&self, _rel: &str, name: &str) -> Need {
        match format_of(name) {
            Some(_) => Need::Text,
            None => Need::Nothing,
        }
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        let deps = match format_of(file.name) {
            Some(Format::Gemfile) => after_keywords(file.text, &["gem"]),
            Some(Format::Gemspec) => after_keywords(
                file.text,
                &[
                    ".add_dependency",
                    ".add_runtime_dependency",
                    ".add_development_dependency",
                ],
            ),
            Some(Format::Lock) => lock_dependencies(file.text),
            None => return,
        };
        for dep in deps {
            report(signals, out, dep);
        }
    }
}

/// The string literal that follows one of `keywords` (at the start of a
/// statement for `gem`, after a receiver for `.add_dependency`), with or
/// without parentheses.
fn after_keywords(text: &str, keywords: &[&str]) -> Vec<Dep> {
    let code = blank_comments(text, Comments::Hash);
    let mut deps = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        for kw in keywords {
            let Some(at) = keyword_at(line, kw) else {
                continue;
            };
            let rest = &line[at + kw.len()..];
            let Some(rest_at) = rest.find(|c: char| !matches!(c, ' ' | '\t' | '(')) else {
                continue;
            };
            if rest_at == 0 {
                continue; // `gemfile`, `gem_name`: another word
            }
            let start = line_start + at + kw.len() + rest_at;
            if let Some((name, range)) = string_at(&code, start) {
                deps.push(Dep {
                    ecosystem: ECOSYSTEM,
                    name,
                    range,
                });
            }
        }
    }
    deps
}

/// Where `keyword` starts a statement on `line` (`gem` first on the
/// line; `.add_dependency` anywhere after a receiver).
fn keyword_at(line: &str, keyword: &str) -> Option<usize> {
    if keyword.starts_with('.') {
        return line.find(keyword);
    }
    let indent = line.len() - line.trim_start().len();
    line[indent..].starts_with(keyword).then_some(indent)
}

/// A single- or double-quoted string starting at `at`: its contents and
/// their range.
fn string_at(code: &str, at: usize) -> Option<(String, TextRange)> {
    let quote = code[at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let body = at + 1;
    let end = body + code[body..].find([quote, '\n'])?;
    let name = &code[body..end];
    (code[end..].starts_with(quote) && !name.is_empty())
        .then(|| (name.to_string(), TextRange::new(body, end)))
}

/// The names under `DEPENDENCIES` (two spaces in, `name (~> 1.0)` or
/// `name!` for a path or git source), up to the next section.
fn lock_dependencies(text: &str) -> Vec<Dep> {
    let mut deps = Vec::new();
    let mut inside = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        if !content.starts_with(' ') {
            inside = content == "DEPENDENCIES";
            continue;
        }
        let Some(entry) = content.strip_prefix("  ").filter(|_| inside) else {
            continue;
        };
        if entry.starts_with(' ') {
            continue;
        }
        let name = entry.split([' ', '!']).next().unwrap_or("");
        if !name.is_empty() {
            deps.push(Dep {
                ecosystem: ECOSYSTEM,
                name: name.to_string(),
                range: TextRange::new(start + 2, start + 2 + name.len()),
            });
        }
    }
    deps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(deps: Vec<Dep>) -> Vec<String> {
        deps.into_iter().map(|d| d.name).collect()
    }

    #[test]
    fn gemfile_gemspec_and_lock_readers() {
        let gemfile = "source \"https://rubygems.org\"\ngemspec\ngem \"rails\", \"~> 8.0\"\n  gem('openai')\n# gem \"anthropic\"\ngem_group = 1\ngem \"x\" # gem \"y\"\n";
        assert_eq!(
            names(after_keywords(gemfile, &["gem"])),
            ["rails", "openai", "x"]
        );
        let spec = "Gem::Specification.new do |s|\n  s.add_dependency \"ruby_llm\", \">= 1\"\n  s.add_development_dependency('rspec')\nend\n";
        let kws = [
            ".add_dependency",
            ".add_runtime_dependency",
            ".add_development_dependency",
        ];
        assert_eq!(names(after_keywords(spec, &kws)), ["ruby_llm", "rspec"]);
        let lock = "GEM\n  remote: https://rubygems.org/\n  specs:\n    ruby-openai (7.3.1)\n      faraday (>= 1)\n\nDEPENDENCIES\n  anthropic (~> 1.13)\n  local_gem!\n\nBUNDLED WITH\n   2.5.22\n";
        let deps = lock_dependencies(lock);
        assert_eq!(names(deps.clone()), ["anthropic", "local_gem"]);
        assert_eq!(&lock[deps[0].range.start..deps[0].range.end], "anthropic");
    }
}
