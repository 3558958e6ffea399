//! Reading one signal file with the position of every problem. The
//! built-in files and a project's own (`[discovery] signals` in
//! `aisrm.toml`) go through this one loader: the checks here are those of
//! `schemas/aisrm-discovery.schema.json` plus what a schema cannot say
//! (ids defined once, components that exist, aisrm deployment models).

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;

use super::signals::{ComponentDef, Signal, Signals, VERSION, to_json};
use crate::text::TextRange;
use crate::yaml::{Kind, NodeId, Yaml};

/// A problem in a signal file, at its place in the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub range: TextRange,
    pub message: String,
}

/// The ecosystems a signal may name (the schema's `ecosystem` enum; a
/// test keeps the two equal).
pub const ECOSYSTEMS: [&str; 16] = [
    "pypi",
    "npm",
    "go",
    "maven",
    "nuget",
    "cargo",
    "rubygems",
    "python",
    "javascript",
    "java",
    "csharp",
    "ruby",
    "terraform",
    "bicep",
    "arm",
    "cloudformation",
];

const TOP_KEYS: [&str; 3] = ["discovery", "components", "signals"];

/// A signal file read, each item with where it is written.
#[derive(Default)]
pub(crate) struct Parsed {
    components: Vec<(ComponentDef, TextRange)>,
    signals: Vec<(Signal, TextRange)>,
}

/// Reads a signal file's text: every item that has the shape of the
/// format, and every problem found on the way.
pub(crate) fn parse(text: &str) -> (Parsed, Vec<Problem>) {
    let yaml = Yaml::parse(text);
    let mut problems: Vec<Problem> = yaml
        .errors
        .iter()
        .map(|e| problem(e.range, e.message.clone()))
        .collect();
    let mut parsed = Parsed::default();
    let root = yaml.root().and_then(|r| yaml.resolve(r));
    match root.map(|r| &yaml.node(r).kind) {
        Some(Kind::Mapping(entries)) => read_top(&yaml, entries, &mut parsed, &mut problems),
        _ if problems.is_empty() => problems.push(problem(
            TextRange::empty(0),
            format!("a signal file is a mapping that starts with `discovery: {VERSION}`"),
        )),
        _ => {}
    }
    (parsed, problems)
}

fn problem(range: TextRange, message: String) -> Problem {
    Problem { range, message }
}

fn read_top(
    yaml: &Yaml,
    entries: &[(NodeId, NodeId)],
    parsed: &mut Parsed,
    out: &mut Vec<Problem>,
) {
    let mut version_seen = false;
    for (k, v) in entries {
        match yaml.scalar(*k).unwrap_or("") {
            "discovery" => {
                version_seen = true;
                if to_json(yaml, *v, 0) != VERSION {
                    out.push(problem(
                        yaml.range(*v),
                        format!("`discovery:` should be {VERSION}, the version of the signal format this aisrm reads"),
                    ));
                }
            }
            "components" => parsed.components = items(yaml, *v, "components", out),
            "signals" => parsed.signals = items(yaml, *v, "signals", out),
            other => out.push(problem(
                yaml.range(*k),
                format!("unknown key `{other}` (known: {})", TOP_KEYS.join(", ")),
            )),
        }
    }
    if !version_seen {
        out.push(problem(
            TextRange::empty(0),
            format!("a signal file starts with `discovery: {VERSION}`"),
        ));
    }
}

/// The items of the sequence `node` (under `key`), each read as a `T`.
fn items<T: DeserializeOwned>(
    yaml: &Yaml,
    node: NodeId,
    key: &str,
    out: &mut Vec<Problem>,
) -> Vec<(T, TextRange)> {
    let Some(Kind::Sequence(list)) = yaml.resolve(node).map(|n| &yaml.node(n).kind) else {
        out.push(problem(
            yaml.range(node),
            format!("`{key}` should be a list"),
        ));
        return Vec::new();
    };
    let mut read = Vec::new();
    for item in list {
        let range = yaml.range(*item);
        if !matches!(
            yaml.resolve(*item).map(|n| &yaml.node(n).kind),
            Some(Kind::Mapping(_))
        ) {
            out.push(problem(
                range,
                format!("each item of `{key}` should be a mapping"),
            ));
            continue;
        }
        match serde_json::from_value::<T>(to_json(yaml, *item, 0)) {
            Ok(value) => read.push((value, range)),
            Err(e) => out.push(problem(range, e.to_string())),
        }
    }
    read
}

impl Signals {
    /// Adds a parsed file's components and signals when the file had no
    /// `problems` and every item checks out against what is already
    /// loaded; otherwise adds nothing and returns all the problems, in
    /// the order of the text. The caller indexes once all are added.
    pub(crate) fn add_checked(
        &mut self,
        (parsed, problems): (Parsed, Vec<Problem>),
    ) -> Result<(), Vec<Problem>> {
        let mut out = problems;
        let mut ids: BTreeSet<&str> = self.components.iter().map(|c| c.id.as_str()).collect();
        for (c, range) in &parsed.components {
            check_component(c, *range, &mut ids, &mut out);
        }
        let mut signal_ids: BTreeSet<&str> = self.signals.iter().map(|s| s.id.as_str()).collect();
        for (s, range) in &parsed.signals {
            check_signal(s, *range, &ids, &mut signal_ids, &mut out);
        }
        if !out.is_empty() {
            out.sort_by_key(|p| (p.range.start, p.range.end));
            return Err(out);
        }
        self.components
            .extend(parsed.components.into_iter().map(|(c, _)| c));
        self.signals
            .extend(parsed.signals.into_iter().map(|(s, _)| s));
        Ok(())
    }
}

/// `^[a-z0-9][a-z0-9-]*$`, the schema's id pattern.
fn is_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_component<'a>(
    c: &'a ComponentDef,
    range: TextRange,
    ids: &mut BTreeSet<&'a str>,
    out: &mut Vec<Problem>,
) {
    if !is_id(&c.id) {
        out.push(problem(
            range,
            format!(
                "component id `{}` should be lower-case letters, digits and `-`",
                c.id
            ),
        ));
    }
    if !ids.insert(c.id.as_str()) {
        out.push(problem(range, format!("component `{}` is defined twice (ids are unique across the built-in and the project's signal files)", c.id)));
    }
    let models = crate::framework::builtin("aisrm").map(|f| &f.models);
    if models.is_some_and(|m| !m.iter().any(|m| m.id == c.deployment)) {
        out.push(problem(
            range,
            format!(
                "component `{}`: `{}` is not an aisrm deployment model",
                c.id, c.deployment
            ),
        ));
    }
}

fn check_signal<'a>(
    s: &'a Signal,
    range: TextRange,
    components: &BTreeSet<&str>,
    signal_ids: &mut BTreeSet<&'a str>,
    out: &mut Vec<Problem>,
) {
    let mut say = |message: String| out.push(problem(range, message));
    if !is_id(&s.id) {
        say(format!(
            "signal id `{}` should be lower-case letters, digits and `-`",
            s.id
        ));
    }
    if !signal_ids.insert(s.id.as_str()) {
        say(format!(
            "signal `{}` is defined twice (ids are unique across the built-in and the project's signal files)",
            s.id
        ));
    }
    for c in std::iter::once(&s.component).chain(&s.overrides) {
        if !components.contains(c.as_str()) {
            say(format!("signal `{}` names no component `{c}`", s.id));
        }
    }
    if s.patterns.is_empty() || s.patterns.iter().any(String::is_empty) {
        say(format!(
            "signal `{}` matches nothing (an empty `match`)",
            s.id
        ));
    }
    if let Some(eco) = s.ecosystem.as_deref().filter(|e| !ECOSYSTEMS.contains(e)) {
        say(format!(
            "signal `{}`: unknown ecosystem `{eco}` (known: {})",
            s.id,
            ECOSYSTEMS.join(", ")
        ));
    }
}
