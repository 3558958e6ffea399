//! Drift between the inventory and the code: `undeclared-ai-component`
//! at each piece of evidence no inventory component declares (and the
//! project does not acknowledge), `declared-component-not-found` on an
//! inventory component whose `covers:` names nothing discovery finds. Which
//! component declares what is [`declared`]'s rule; this module only turns
//! it into findings. `aisrm check` (and `report`) use it.

use std::path::{Path, PathBuf};

use super::{Component as Found, Discovery, Evidence, declared};
use crate::diagnostics::{Code, Diagnostic, FileEdit, Fix, Related};
use crate::document::{Component, FileKind};
use crate::text::TextRange;
use crate::workspace::{FileAnalysis, Workspace};

/// The project's `aisrm.toml`, where acknowledgements go.
pub struct ConfigFile<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

/// What drift is judged against.
pub struct Project<'a> {
    /// The folder discovery ran in; evidence paths are relative to it.
    pub root: &'a Path,
    pub workspace: &'a Workspace,
    /// `[discovery.acknowledged]` entries with their reasons (only those
    /// with a reason: a blank one acknowledges nothing).
    pub acknowledged: Vec<(&'a str, &'a str)>,
    pub config: Option<ConfigFile<'a>>,
}

/// Whether the workspace has an inventory: only then is drift checked.
pub fn has_inventory(ws: &Workspace) -> bool {
    !inventories(ws).is_empty()
}

/// A drift finding, the file it is in, and its fixes (the preferred
/// first). The fixes edit other files than the finding's (the inventory,
/// aisrm.toml), so they travel with it instead of as a hint.
pub struct Finding {
    pub path: PathBuf,
    pub diagnostic: Diagnostic,
    pub fixes: Vec<Fix>,
}

/// Every drift finding.
pub fn findings(project: &Project, found: &Discovery) -> Vec<Finding> {
    let inventories = inventories(project.workspace);
    let mut out = undeclared_where(project, &inventories, found, |_| true);
    for file in &inventories {
        out.extend(
            not_found_in(file, found)
                .into_iter()
                .map(|diagnostic| Finding {
                    path: file.path.clone(),
                    diagnostic,
                    fixes: Vec::new(),
                }),
        );
    }
    out
}

/// The `undeclared-ai-component` findings at the evidence in the file
/// `rel` (relative to the root): what the editor shows on that file.
pub fn undeclared_in(project: &Project, found: &Discovery, rel: &str) -> Vec<Finding> {
    let inventories = inventories(project.workspace);
    undeclared_where(project, &inventories, found, |e| e.path == rel)
}

/// `undeclared-ai-component` at each piece of evidence `wanted` keeps that
/// no inventory component declares and the project does not acknowledge
/// (nothing when the project has no inventory).
fn undeclared_where(
    project: &Project,
    inventories: &[&FileAnalysis],
    found: &Discovery,
    wanted: impl Fn(&Evidence) -> bool,
) -> Vec<Finding> {
    if inventories.is_empty() {
        return Vec::new();
    }
    let target = add_target(inventories);
    let mut out = Vec::new();
    for c in &found.components {
        for e in c.evidence.iter().filter(|e| wanted(e)) {
            if matches!(standing(project, inventories, c, e), Standing::Undeclared) {
                out.push(undeclared(project, target, c, e));
            }
        }
    }
    out
}

/// Where a piece of evidence stands against the inventory.
#[derive(Clone, Copy, Debug)]
pub enum Standing<'a> {
    /// The first inventory component that declares it.
    Declared(&'a FileAnalysis, &'a Component),
    /// `[discovery.acknowledged]` names it, with this reason.
    Acknowledged(&'a str),
    Undeclared,
}

/// Where the evidence `e` of `found` stands (see [`Standing`]).
pub fn standing_of<'a>(project: &Project<'a>, found: &Found, e: &Evidence) -> Standing<'a> {
    standing(project, &inventories(project.workspace), found, e)
}

fn standing<'a>(
    project: &Project<'a>,
    inventories: &[&'a FileAnalysis],
    c: &Found,
    e: &Evidence,
) -> Standing<'a> {
    let declarer = inventories.iter().find_map(|f| {
        let d = f
            .document
            .components
            .iter()
            .find(|d| declared::declares_evidence(d, c, e))?;
        Some((*f, d))
    });
    if let Some((file, component)) = declarer {
        return Standing::Declared(file, component);
    }
    match project
        .acknowledged
        .iter()
        .find(|(a, _)| declared::names(a, c, e))
    {
        Some((_, reason)) => Standing::Acknowledged(reason),
        None => Standing::Undeclared,
    }
}

/// The `declared-component-not-found` findings of one inventory file.
pub fn not_found_in(file: &FileAnalysis, found: &Discovery) -> Vec<Diagnostic> {
    file.document
        .components
        .iter()
        .filter_map(|c| not_found(c, found))
        .collect()
}

/// Inventories and design documents that declare components, and YAML
/// inventories even without any: their presence turns drift on.
pub fn inventories(ws: &Workspace) -> Vec<&FileAnalysis> {
    ws.paths()
        .iter()
        .filter_map(|p| ws.file(p))
        .filter(|f| match f.kind {
            FileKind::Inventory => true,
            FileKind::DesignDoc => !f.document.components.is_empty(),
            FileKind::Framework => false,
        })
        .collect()
}

/// The inventory a new component is added to: `ai-inventory.yaml` if there
/// is one, else the first YAML inventory.
fn add_target<'a>(inventories: &[&'a FileAnalysis]) -> Option<&'a FileAnalysis> {
    let yaml = || inventories.iter().filter(|f| f.kind == FileKind::Inventory);
    yaml()
        .find(|f| f.path.file_name().is_some_and(|n| n == "ai-inventory.yaml"))
        .or_else(|| yaml().next())
        .copied()
}

fn undeclared(
    project: &Project,
    target: Option<&FileAnalysis>,
    c: &Found,
    e: &Evidence,
) -> Finding {
    let mut fixes = Vec::new();
    let mut d = Diagnostic::new(
        Code::UndeclaredAiComponent,
        e.range,
        format!(
            "{} ({}, `{}`) is used here but no inventory component covers it: {}",
            c.def.name, c.def.id, c.def.deployment, e.what
        ),
    );
    if let Some(target) = target {
        d.related.push(Related {
            path: target.path.clone(),
            range: target
                .document
                .components
                .first()
                .map_or(TextRange::empty(0), |first| first.id.range),
            message: format!(
                "the inventory: declare `{}` here, or name it in a component's `covers:`",
                c.def.id
            ),
        });
        fixes.extend(add_fix(target, c));
    }
    if let Some(config) = &project.config {
        fixes.push(acknowledge_fix(config, c));
    }
    Finding {
        path: project.root.join(&e.path),
        diagnostic: d,
        fixes,
    }
}

/// "Add `id` to ai-inventory.yaml": the component after the last one,
/// at the components' indentation.
pub(crate) fn add_fix(target: &FileAnalysis, c: &Found) -> Option<Fix> {
    let text = &target.text;
    let (range, new_text) = match target.document.components.last() {
        Some(last) => {
            let line_start = text[..last.id.range.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..last.id.range.start];
            if !indent.chars().all(|ch| ch == ' ') {
                return None;
            }
            let at = end_of_line(text, last.range.end);
            let mut new_text = String::new();
            if at > 0 && !text[..at].ends_with('\n') {
                new_text.push('\n');
            }
            new_text += &declared::inventory_entry(c, indent);
            (TextRange::empty(at), new_text)
        }
        None => {
            let entry = format!("components:\n{}", declared::inventory_entry(c, "  "));
            match empty_components_line(text) {
                Some(line) => (line, entry),
                None if has_components_key(text) => return None,
                None if text.is_empty() || text.ends_with('\n') => {
                    (TextRange::empty(text.len()), entry)
                }
                None => (TextRange::empty(text.len()), format!("\n{entry}")),
            }
        }
    };
    let name = target
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Some(Fix {
        title: format!("Add `{}` to {name}", c.def.id),
        edits: vec![FileEdit {
            path: target.path.clone(),
            range,
            new_text,
        }],
        preferred: true,
    })
}

/// "Acknowledge: not an AI component": an entry in `[discovery.acknowledged]`
/// with an empty reason, which aisrm.toml reports until it is written.
pub(crate) fn acknowledge_fix(config: &ConfigFile, c: &Found) -> Fix {
    const TABLE: &str = "[discovery.acknowledged]";
    let line = format!("\"{}\" = \"\"\n", c.def.id);
    let text = config.text;
    let (at, new_text) = match text.find(TABLE) {
        Some(i) => {
            let at = end_of_line(text, i);
            let sep = if text[..at].ends_with('\n') { "" } else { "\n" };
            (at, format!("{sep}{line}"))
        }
        None => {
            let sep = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            (text.len(), format!("{sep}{TABLE}\n{line}"))
        }
    };
    Fix {
        title: "Acknowledge: not an AI component".into(),
        edits: vec![FileEdit {
            path: config.path.to_path_buf(),
            range: TextRange::empty(at),
            new_text,
        }],
        preferred: false,
    }
}

/// The offset just after the line break ending the line that holds `at`
/// (the end of the text on the last line).
fn end_of_line(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The line `components:` or `components: {}` with nothing under it
/// (what is left when the last component goes), line break included.
fn empty_components_line(text: &str) -> Option<TextRange> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let bare = line.trim_end();
        if bare == "components:" || bare == "components: {}" {
            let rest_is_blank = text[end..]
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
            return rest_is_blank.then_some(TextRange::new(start, end));
        }
        start = end;
    }
    None
}

fn has_components_key(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("components:"))
}

/// `declared-component-not-found` when `component` has `covers:` and
/// neither they nor its id name any evidence.
fn not_found(component: &Component, found: &Discovery) -> Option<Diagnostic> {
    if component.covers.is_empty() {
        return None;
    }
    let matched = found
        .components
        .iter()
        .any(|c| declared::declares(component, c));
    if matched {
        return None;
    }
    let entries: Vec<String> = component
        .covers
        .iter()
        .map(|c| format!("`{}`", c.value))
        .collect();
    Some(Diagnostic::new(
        Code::DeclaredComponentNotFound,
        component.id.range,
        format!(
            "`{}` covers {}, but discovery finds none of them in the project",
            component.id.value,
            entries.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::signals::{ComponentDef, Confidence};

    fn found(id: &str) -> Found {
        Found {
            def: ComponentDef {
                id: id.into(),
                name: "Ollama".into(),
                provider: "Ollama (self-hosted)".into(),
                deployment: "on-premises".into(),
                description: String::new(),
                per_project: false,
            },
            confidence: Confidence::Certain,
            evidence: Vec::new(),
        }
    }

    fn applied(text: &str, fix: &Fix) -> String {
        let mut out = text.to_string();
        let e = &fix.edits[0];
        out.replace_range(e.range.start..e.range.end, &e.new_text);
        out
    }

    #[test]
    fn acknowledging_writes_an_entry_with_an_empty_reason() {
        let path = Path::new("/p/aisrm.toml");
        for (text, expected) in [
            ("", "[discovery.acknowledged]\n\"ollama\" = \"\"\n"),
            (
                "framework = \"aisrm\"",
                "framework = \"aisrm\"\n\n[discovery.acknowledged]\n\"ollama\" = \"\"\n",
            ),
            (
                "[discovery.acknowledged]\n\"x\" = \"y\"\n",
                "[discovery.acknowledged]\n\"ollama\" = \"\"\n\"x\" = \"y\"\n",
            ),
        ] {
            let fix = acknowledge_fix(&ConfigFile { path, text }, &found("ollama"));
            assert_eq!(fix.title, "Acknowledge: not an AI component");
            assert_eq!(applied(text, &fix), expected, "{text:?}");
        }
    }

    #[test]
    fn adding_appends_after_the_last_component_or_fills_an_empty_mapping() {
        let root = PathBuf::from("/p");
        let cases = [
            (
                "aisrm: 1\ncomponents:\n    chat:\n      deployment: saas-ai\nsystem:\n  name: x\n",
                "aisrm: 1\ncomponents:\n    chat:\n      deployment: saas-ai\n    ollama:\n      name: \"Ollama\"\n      deployment: on-premises\n      provider: \"Ollama (self-hosted)\"\n      covers: [ollama]\nsystem:\n  name: x\n",
            ),
            (
                "aisrm: 1\ncomponents: {}\n",
                "aisrm: 1\ncomponents:\n  ollama:\n    name: \"Ollama\"\n    deployment: on-premises\n    provider: \"Ollama (self-hosted)\"\n    covers: [ollama]\n",
            ),
        ];
        for (text, expected) in cases {
            let mut ws = Workspace::new(vec![root.clone()]);
            ws.set_file(root.join("ai-inventory.yaml"), text);
            let file = ws.file(&root.join("ai-inventory.yaml")).unwrap();
            let fix = add_fix(file, &found("ollama")).unwrap();
            assert_eq!(fix.title, "Add `ollama` to ai-inventory.yaml");
            assert_eq!(applied(text, &fix), expected);
        }
    }
}
