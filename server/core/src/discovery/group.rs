//! Hits into components: every piece of evidence for "the app calls the
//! OpenAI API" is one component; call sites that decide the model
//! (`AzureOpenAI(`, a localhost endpoint) take over the SDK evidence of
//! the component they override; test and example evidence is at most
//! `likely`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::signals::{ComponentDef, Confidence, Signals};
use super::{Hit, Implied};
use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub signal: String,
    pub what: String,
    /// Data of the evidence kept as found (see [`super::Hit::kept`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<(String, String)>,
    /// The package name, for package evidence (`covers:` may name it).
    #[serde(skip)]
    pub package: Option<String>,
    #[serde(skip)]
    pub range: TextRange,
    #[serde(skip)]
    pub confidence: Confidence,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    pub def: ComponentDef,
    pub confidence: Confidence,
    pub evidence: Vec<Evidence>,
}

/// Path segments whose content is tests, examples or documentation:
/// evidence there is at most `likely`.
const WEAK_DIRS: &[&str] = &[
    "test",
    "tests",
    "__tests__",
    "spec",
    "specs",
    "testdata",
    "fixtures",
    "__fixtures__",
    "examples",
    "example",
    "samples",
    "sample",
    "docs",
    "doc",
    "e2e",
    "mocks",
    "__mocks__",
];

pub(crate) fn is_weak_path(rel: &str) -> bool {
    let mut segments: Vec<&str> = rel.split('/').collect();
    let file = segments.pop().unwrap_or_default();
    segments.iter().any(|s| WEAK_DIRS.contains(s))
        || file.starts_with("test_")
        || file.contains("_test.")
        || file.contains(".test.")
        || file.contains(".spec.")
}

pub fn group(mut hits: Vec<Hit>, signals: &Signals) -> Vec<Component> {
    // The parallel walk hands hits over in any order: what follows keeps
    // the first of equals (a component's definition, one of two hits at
    // one place), so the order is made the same on every run, and the
    // signals' own definition of a component comes before one made from
    // a config or a BOM that names it.
    let made = |h: &Hit| matches!(h.component, Implied::Made(_));
    hits.sort_by(|a, b| {
        (
            made(a),
            &a.path,
            a.range.start,
            a.range.end,
            &a.signal,
            &a.what,
        )
            .cmp(&(
                made(b),
                &b.path,
                b.range.start,
                b.range.end,
                &b.signal,
                &b.what,
            ))
    });
    reattribute(&mut hits);
    let mut by_id: BTreeMap<String, Component> = BTreeMap::new();
    for hit in hits {
        let def = match &hit.component {
            Implied::Defined(id) => match signals.component(id) {
                Some(d) => d.clone(),
                None => continue,
            },
            Implied::Made(d) => d.clone(),
        };
        let confidence = if is_weak_path(&hit.path) {
            Confidence::Likely
        } else {
            hit.confidence
        };
        let entry = by_id.entry(def.id.clone()).or_insert_with(|| Component {
            def,
            confidence: Confidence::Likely,
            evidence: Vec::new(),
        });
        entry.confidence = entry.confidence.max(confidence);
        entry.evidence.push(Evidence {
            path: hit.path,
            line: hit.line,
            column: hit.column,
            signal: hit.signal,
            what: hit.what,
            kept: hit.kept,
            package: hit.package,
            range: hit.range,
            confidence,
        });
    }
    let mut out: Vec<Component> = by_id.into_values().flat_map(split_per_project).collect();
    out.sort_by(|a, b| a.def.id.cmp(&b.def.id));
    for c in &mut out {
        c.evidence.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.signal).cmp(&(&b.path, b.line, b.column, &b.signal))
        });
        c.evidence
            .dedup_by(|a, b| a.path == b.path && a.range == b.range && a.signal == b.signal);
    }
    out
}

/// A `per-project` component found in several projects of the repository
/// (folders with a manifest that has its evidence) as one component per
/// project: `ID-FOLDER`, the folder in its name. Evidence belongs to the
/// deepest such folder above it; evidence above them all to the root.
fn split_per_project(c: Component) -> Vec<Component> {
    if !c.def.per_project {
        return vec![c];
    }
    let folder = |path: &str| path.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    let projects: std::collections::BTreeSet<String> = c
        .evidence
        .iter()
        .filter(|e| e.package.is_some())
        .map(|e| folder(&e.path))
        .collect();
    let project_of = |path: &str| {
        projects
            .iter()
            .filter(|p| p.is_empty() || path.starts_with(&format!("{p}/")))
            .max_by_key(|p| p.len())
            .cloned()
            .unwrap_or_default()
    };
    let mut by_project: BTreeMap<String, Vec<Evidence>> = BTreeMap::new();
    for e in c.evidence {
        by_project.entry(project_of(&e.path)).or_default().push(e);
    }
    if by_project.len() < 2 {
        let evidence = by_project.into_values().flatten().collect();
        return vec![Component { evidence, ..c }];
    }
    by_project
        .into_iter()
        .map(|(project, evidence)| {
            let shown = if project.is_empty() {
                "."
            } else {
                project.as_str()
            };
            let def = ComponentDef {
                id: format!("{}-{}", c.def.id, crate::text::slug(shown, "root")),
                name: format!("{} in {shown}", c.def.name),
                description: format!("{} In {shown}.", c.def.description),
                ..c.def.clone()
            };
            let confidence = evidence
                .iter()
                .map(|e| e.confidence)
                .max()
                .unwrap_or(Confidence::Likely);
            Component {
                def,
                confidence,
                evidence,
            }
        })
        .collect()
}

/// Moves SDK evidence of an overridden component to the component that
/// overrides it (the `openai` package used only through `AzureOpenAI(`).
/// An override reaches SDK evidence in its own folder and the folders
/// above it (the manifest of the project it sits in), never a sibling
/// project; when several reach one piece of evidence the closest to it
/// wins (the one in its own file or folder before one deeper down: an
/// `AzureOpenAI(` beside the import, not a local-model helper in a
/// subfolder), then the smallest component id, so the result does not
/// depend on the order the walk found files in. A package moves only when
/// no import of it below its manifest stays with the component (outside
/// tests and examples): an app that calls both OpenAI and Azure OpenAI
/// through `openai` uses the package for both, and the OpenAI API keeps
/// it. The overridden component keeps its own non-SDK evidence (an
/// `OPENAI_API_KEY`, say). An override in tests, examples or docs reaches
/// only SDK evidence there too: an example pointed at a local Ollama does
/// not make the project's own `openai` dependency a local model.
fn reattribute(hits: &mut [Hit]) {
    let overrides = overrides(hits);
    if overrides.is_empty() {
        return;
    }
    let targets: Vec<Option<String>> = hits.iter().map(|h| closest(&overrides, h)).collect();
    let kept_imports: Vec<(&str, &str)> = hits
        .iter()
        .zip(&targets)
        .filter(|(h, t)| h.sdk && h.package.is_none() && t.is_none() && !is_weak_path(&h.path))
        .filter_map(|(h, _)| match &h.component {
            Implied::Defined(id) => Some((id.as_str(), folder(&h.path))),
            Implied::Made(_) => None,
        })
        .collect();
    let moves: Vec<Option<String>> = hits
        .iter()
        .zip(targets.iter())
        .map(|(h, target)| {
            let used_directly = h.package.is_some()
                && matches!(&h.component, Implied::Defined(id)
                    if kept_imports.iter().any(|(k, dir)| k == id && is_within(dir, folder(&h.path))));
            target.clone().filter(|_| !used_directly)
        })
        .collect();
    for (h, new) in hits.iter_mut().zip(moves) {
        if let Some(new) = new {
            h.what = format!("{} (used for {new})", h.what);
            h.component = Implied::Defined(new);
        }
    }
}

/// (overridden id, folder of the override, overriding id, whether in
/// tests, examples or docs) for every hit that overrides.
fn overrides(hits: &[Hit]) -> Vec<(String, String, String, bool)> {
    let mut out = Vec::new();
    for h in hits {
        if let Implied::Defined(id) = &h.component {
            let weak = is_weak_path(&h.path);
            for o in &h.overrides {
                out.push((o.clone(), folder(&h.path).to_string(), id.clone(), weak));
            }
        }
    }
    out
}

/// The component the closest override moves this SDK evidence to.
fn closest(overrides: &[(String, String, String, bool)], h: &Hit) -> Option<String> {
    let Implied::Defined(id) = &h.component else {
        return None;
    };
    if !h.sdk {
        return None;
    }
    let here = folder(&h.path);
    let weak_here = is_weak_path(&h.path);
    overrides
        .iter()
        .filter(|(o, dir, _, weak)| o == id && is_within(dir, here) && (!weak || weak_here))
        .min_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| a.2.cmp(&b.2)))
        .map(|(_, _, new, _)| new.clone())
}

/// The folder part of a relative path ("" at the root).
fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Whether `inner` is `outer` or below it.
fn is_within(inner: &str, outer: &str) -> bool {
    outer.is_empty()
        || inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|r| r.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::Signals;

    fn made(path: &str, name: &str) -> Hit {
        Hit {
            path: path.into(),
            range: TextRange::new(10, 20),
            line: 2,
            column: 3,
            signal: "mcp-vscode".into(),
            what: format!("server {name}"),
            component: Implied::Made(ComponentDef {
                id: "mcp-github".into(),
                name: name.into(),
                provider: "GitHub".into(),
                deployment: "saas-ai".into(),
                description: String::new(),
                per_project: false,
            }),
            confidence: Confidence::Certain,
            overrides: Vec::new(),
            sdk: false,
            kept: Vec::new(),
            package: None,
        }
    }

    /// Two configs make a component with one id: whichever file the
    /// walk finished first must not decide its name.
    #[test]
    fn the_order_hits_arrive_in_does_not_change_the_components() {
        let hits = vec![made(".vscode/mcp.json", "B"), made(".cursor/mcp.json", "A")];
        let mut reversed = hits.clone();
        reversed.reverse();
        let signals = Signals::builtin();
        let once = group(hits, signals);
        assert_eq!(once, group(reversed, signals));
        assert_eq!(once[0].def.name, "A");
    }

    /// A BOM or config naming a component the signals define does not
    /// replace the signals' definition, wherever its file sorts.
    #[test]
    fn the_signals_definition_of_a_component_wins_over_a_made_one() {
        let signals = Signals::builtin();
        let defined = signals.component("openai-api").unwrap().clone();
        let mut from_bom = made("a.cdx.json", "Listed in a BOM");
        from_bom.component = Implied::Made(ComponentDef {
            name: "Listed in a BOM".into(),
            ..defined.clone()
        });
        let mut package = made("z/requirements.txt", "openai");
        package.component = Implied::Defined("openai-api".into());
        let found = group(vec![from_bom, package], signals);
        assert_eq!(found[0].def, defined);
    }
}
