//! Completion from the raw text's context (see [`super::context`]), so it
//! works while the line being typed breaks the YAML.

use std::path::Path;

use crate::format::{self, KeyDef, Status};
use crate::framework::{self, Framework, LevelKind};
use crate::reader::Shape;
use crate::text::{LineIndex, TextRange};
use crate::workspace::{self, Workspace};

use super::context::{Context, Slot, YamlContext, context_at};
use super::{framework_of, md_escape, render};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Key,
    Value,
    DeploymentModel,
    Domain,
    Component,
    Framework,
    Snippet,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// Text replacing `range`; a snippet (`$1`, `${1|a,b|}`) when `snippet`.
    pub insert_text: String,
    pub snippet: bool,
    pub sort_text: String,
    pub range: TextRange,
}

impl Completion {
    /// What to insert for a client without snippet support: the snippet's
    /// placeholders' default text, tab stops and choices left empty (a
    /// choice would pick a value for the user), so `owner: $1` inserts
    /// `owner: ` and the key's `:` is never lost.
    pub fn plain_text(&self) -> String {
        if self.snippet {
            snippet_to_plain(&self.insert_text)
        } else {
            self.insert_text.clone()
        }
    }

    fn new(label: &str, kind: CompletionKind, range: TextRange) -> Self {
        Self {
            label: label.to_string(),
            kind,
            detail: None,
            documentation: None,
            insert_text: label.to_string(),
            snippet: false,
            sort_text: label.to_string(),
            range,
        }
    }
}

/// The text a snippet inserts without its tab stops: `$1`, `$0` and
/// `${1|a,b|}` go, `${1:text}` leaves `text`, `\$` is `$`.
fn snippet_to_plain(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut rest = snippet;
    while let Some(i) = rest.find(['$', '\\']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(escaped) = tail.strip_prefix('\\') {
            let c = escaped.chars().next().unwrap_or('\\');
            out.push(c);
            rest = &escaped[c.len_utf8().min(escaped.len())..];
        } else if let Some(body) = tail.strip_prefix("${") {
            let end = body.find('}').unwrap_or(body.len());
            let inner = &body[..end];
            let digits = inner.trim_start_matches(|c: char| c.is_ascii_digit());
            if let Some(default) = digits.strip_prefix(':') {
                out.push_str(default);
            }
            rest = body.get(end + 1..).unwrap_or("");
        } else {
            let after = &tail[1..];
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                out.push('$');
            }
            rest = &after[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Completions at `offset` of the file at `path` whose current text is
/// `text` (the editor's text; the workspace may hold an older analysis).
pub fn completions(ws: &Workspace, path: &Path, text: &str, offset: usize) -> Vec<Completion> {
    let markdown = workspace::is_markdown(path);
    let file = ws.file(path);
    let fw = framework_of(ws, file);
    // The editor's text is usually the one analysed: its line index is
    // there already (building one costs a pass over the whole text).
    let built;
    let index = match file.and_then(|f| f.line_index_of(text)) {
        Some(index) => index,
        None => {
            built = LineIndex::new(text);
            &built
        }
    };
    match context_at(text, index, offset, markdown) {
        Context::Yaml(cx) => yaml_completions(ws, path, fw, &cx),
        Context::LinkFragment { path: link, word } => link_completions(ws, path, &link, word),
        Context::None => Vec::new(),
    }
}

fn yaml_completions(
    ws: &Workspace,
    path: &Path,
    fw: &Framework,
    cx: &YamlContext,
) -> Vec<Completion> {
    let keys = cx.keys();
    let word = cx.word;
    match (keys.as_slice(), &cx.slot) {
        ([], Slot::Key) if !cx.in_block => key_items(format::TOP_KEYS, cx),
        ([], Slot::Value { key }) if key == "framework" => framework_items(ws, path, word),
        ([], Slot::Value { key }) if key == "aisrm" => format::VERSIONS
            .iter()
            .map(|v| Completion::new(v, CompletionKind::Value, word))
            .collect(),
        (["system"], Slot::Key) => key_items(format::SYSTEM_KEYS, cx),
        (["components"], Slot::Key) => vec![new_component_snippet(fw, cx)],
        (["components", _], Slot::Key) => {
            let mut items = key_items(format::COMPONENT_KEYS, cx);
            // An inventory declares its components; only design documents
            // extend them.
            if !cx.in_block {
                items.retain(|c| c.label != "extends");
            }
            items
        }
        (["components", _, "provider"], Slot::Key) => key_items(format::PROVIDER_KEYS, cx),
        (["components", _], Slot::Value { key }) if key == "deployment" => model_items(fw, word),
        (["components", id, "depends-on"], Slot::ListItem) => component_items(ws, Some(id), word),
        (["components", _, "responsibilities"], Slot::Key) => domain_items(fw, cx),
        (["components", _, "responsibilities", _], Slot::Key) => {
            key_items(format::RESPONSIBILITY_KEYS, cx)
        }
        (["components", _, "responsibilities", _], Slot::Value { key }) if key == "status" => {
            status_items(word)
        }
        (["components", _, "responsibilities", domain], Slot::Value { key })
            if key == "ownership" =>
        {
            let model = cx.child_value(1, "deployment");
            ownership_items(fw, model.as_deref(), domain, word)
        }
        _ => Vec::new(),
    }
}

fn key_items<K>(keys: &[KeyDef<K>], cx: &YamlContext) -> Vec<Completion> {
    keys.iter()
        .filter(|k| !cx.siblings.iter().any(|s| s == k.name))
        .enumerate()
        .map(|(i, k)| {
            let mut c = Completion::new(k.name, CompletionKind::Key, cx.word);
            c.detail = Some(if k.required {
                "required".to_string()
            } else {
                "optional".to_string()
            });
            c.documentation = Some(k.description.to_string());
            c.sort_text = format!("{}{i:02}", if k.required { 0 } else { 1 });
            match k.shape {
                Shape::Mapping => {
                    c.insert_text = format!("{}:\n{}  $0", k.name, cx.indent);
                    c.snippet = true;
                }
                Shape::TextList => {
                    c.insert_text = format!("{}: [$0]", k.name);
                    c.snippet = true;
                }
                _ => c.insert_text = format!("{}: ", k.name),
            }
            c
        })
        .collect()
}

fn framework_items(ws: &Workspace, path: &Path, word: TextRange) -> Vec<Completion> {
    let mut out: Vec<Completion> = framework::builtins()
        .iter()
        .map(|fw| {
            let mut c = Completion::new(&fw.id, CompletionKind::Framework, word);
            c.detail = Some(fw.name.clone());
            c.documentation = Some(render::framework_markdown(fw));
            c
        })
        .collect();
    let dir = path.parent().unwrap_or(Path::new(""));
    for file in ws.files() {
        if file.kind == crate::document::FileKind::Framework
            && let Ok(rel) = file.path.strip_prefix(dir)
        {
            let rel = format!("./{}", rel.to_string_lossy().replace('\\', "/"));
            let mut c = Completion::new(&rel, CompletionKind::Framework, word);
            c.detail = file.defines.as_ref().map(|f| f.name.clone());
            c.sort_text = format!("~{rel}");
            out.push(c);
        }
    }
    out
}

fn model_items(fw: &Framework, word: TextRange) -> Vec<Completion> {
    fw.models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut c = Completion::new(&m.id, CompletionKind::DeploymentModel, word);
            c.detail = Some(m.name.clone());
            let mut doc = m.description.trim().to_string();
            if !m.examples.is_empty() {
                let ex: Vec<String> = m.examples.iter().map(|e| md_escape(e)).collect();
                doc.push_str(&format!("\n\n**Examples:** {}", ex.join(", ")));
            }
            c.documentation = Some(doc);
            c.sort_text = format!("{i:02}");
            c
        })
        .collect()
}

/// Order of levels when offering domains: the customer's work first.
fn level_rank(level: LevelKind) -> usize {
    match level {
        LevelKind::Customer => 0,
        LevelKind::Shared => 1,
        LevelKind::ModelDependent => 2,
        LevelKind::Provider => 3,
        LevelKind::NotApplicable => 4,
    }
}

fn domain_items(fw: &Framework, cx: &YamlContext) -> Vec<Completion> {
    let model = cx
        .child_value(1, "deployment")
        .filter(|m| fw.model(m).is_some());
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.id()).collect();
    fw.domains
        .iter()
        .enumerate()
        .filter(|(_, d)| !cx.siblings.contains(&d.id))
        .map(|(i, d)| {
            let mut c = Completion::new(&d.id, CompletionKind::Domain, cx.word);
            let cell = model.as_deref().and_then(|m| fw.cell(m, &d.id));
            let rank = cell.map_or(0, |cell| level_rank(cell.level));
            c.sort_text = format!("{rank}{i:02}");
            c.detail = Some(match cell {
                Some(cell) => render::cell_text(fw, cell),
                None => d.name.clone(),
            });
            c.documentation = Some(render::domain_markdown(fw, d, model.as_deref()));
            c.insert_text = format!(
                "{}:\n{ind}  owner: $1\n{ind}  status: ${{2|{}|}}",
                d.id,
                statuses.join(","),
                ind = cx.indent
            );
            c.snippet = true;
            c
        })
        .collect()
}

fn status_items(word: TextRange) -> Vec<Completion> {
    Status::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut c = Completion::new(s.id(), CompletionKind::Value, word);
            c.documentation = Some(s.meaning().to_string());
            c.sort_text = format!("{i:02}");
            c
        })
        .collect()
}

fn ownership_items(
    fw: &Framework,
    model: Option<&str>,
    domain: &str,
    word: TextRange,
) -> Vec<Completion> {
    let matrix = model.and_then(|m| fw.cell(m, domain)).map(|c| c.level);
    LevelKind::OWNERSHIP
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            let mut c = Completion::new(l.id(), CompletionKind::Value, word);
            c.detail = Some(if matrix == Some(l) {
                format!("{} (the matrix)", fw.level_name(l))
            } else {
                fw.level_name(l).to_string()
            });
            c.documentation = fw.level(l).map(|lv| lv.description.trim().to_string());
            c.sort_text = format!("{}{i}", if matrix == Some(l) { 0 } else { 1 });
            c
        })
        .collect()
}

fn component_items(ws: &Workspace, exclude: Option<&str>, word: TextRange) -> Vec<Completion> {
    ws.component_ids()
        .into_iter()
        .filter(|id| Some(*id) != exclude)
        .filter_map(|id| {
            let (file, comp) = ws.component(id)?;
            let mut c = Completion::new(id, CompletionKind::Component, word);
            let model = comp.deployment.as_ref().map(|d| d.value.as_str());
            c.detail = Some(match (&comp.name, model) {
                (Some(n), Some(m)) => format!("{} · {m}", n.value),
                (Some(n), None) => n.value.clone(),
                (None, Some(m)) => m.to_string(),
                (None, None) => String::new(),
            });
            let name = file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            c.documentation = Some(format!("Declared in `{}`", md_escape(&name)));
            Some(c)
        })
        .collect()
}

fn link_completions(ws: &Workspace, path: &Path, link: &str, word: TextRange) -> Vec<Completion> {
    let all = component_items(ws, None, word);
    if link.is_empty() {
        return all;
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let target = workspace::normalize(&dir.join(link));
    let declared_there: Vec<&Completion> = all
        .iter()
        .filter(|c| {
            ws.declarations(&c.label)
                .iter()
                .any(|site| site.path == target)
        })
        .collect();
    if declared_there.is_empty() {
        return all;
    }
    declared_there.into_iter().cloned().collect()
}

fn new_component_snippet(fw: &Framework, cx: &YamlContext) -> Completion {
    let mut c = Completion::new("new component", CompletionKind::Snippet, cx.word);
    let models: Vec<&str> = fw.models.iter().map(|m| m.id.as_str()).collect();
    c.detail = Some("Declare a new component".into());
    c.documentation = Some(format!(
        "A component of {} with a name, deployment model and owner.",
        md_escape(&fw.name)
    ));
    c.insert_text = format!(
        "${{1:component-id}}:\n{ind}  name: ${{2:Display name}}\n{ind}  deployment: ${{3|{}|}}\n{ind}  owner: ${{4:team}}\n{ind}  responsibilities:\n{ind}    $0",
        models.join(","),
        ind = cx.indent
    );
    c.snippet = true;
    c
}

#[cfg(test)]
mod plain_text_tests {
    use super::snippet_to_plain;

    #[test]
    fn placeholders_keep_their_text_and_stops_and_choices_go() {
        assert_eq!(snippet_to_plain("name:\n  $0"), "name:\n  ");
        assert_eq!(snippet_to_plain("refs: [$0]"), "refs: []");
        assert_eq!(
            snippet_to_plain("data-privacy:\n  owner: $1\n  status: ${2|planned,gap|}"),
            "data-privacy:\n  owner: \n  status: "
        );
        assert_eq!(
            snippet_to_plain("${1:component-id}:\n  name: ${2:Display name}"),
            "component-id:\n  name: Display name"
        );
        assert_eq!(snippet_to_plain("cost \\$5 $"), "cost $5 $");
    }
}
