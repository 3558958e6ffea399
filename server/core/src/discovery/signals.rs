//! The discovery signals as data: `schemas/discovery/*.yaml` (embedded),
//! plus any signal file a project adds. Loaded once into lookup tables so
//! a file is matched in one pass.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::signal_file::{self, Problem};
use crate::text::{Encoding, LineIndex};
use crate::yaml::{Kind, NodeId, Yaml};

/// The built-in signal files, by file name (the README table and the
/// schema test read them too).
pub const BUILTIN_FILES: [(&str, &str); 9] = [
    (
        "components.yaml",
        include_str!("../../schemas/discovery/components.yaml"),
    ),
    (
        "packages.yaml",
        include_str!("../../schemas/discovery/packages.yaml"),
    ),
    (
        "code.yaml",
        include_str!("../../schemas/discovery/code.yaml"),
    ),
    ("mcp.yaml", include_str!("../../schemas/discovery/mcp.yaml")),
    (
        "assistants.yaml",
        include_str!("../../schemas/discovery/assistants.yaml"),
    ),
    (
        "containers.yaml",
        include_str!("../../schemas/discovery/containers.yaml"),
    ),
    ("iac.yaml", include_str!("../../schemas/discovery/iac.yaml")),
    ("env.yaml", include_str!("../../schemas/discovery/env.yaml")),
    (
        "boms.yaml",
        include_str!("../../schemas/discovery/boms.yaml"),
    ),
];

/// The versions of the signal file format this aisrm reads.
pub const VERSION: u64 = 1;

/// A component that signals imply.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ComponentDef {
    pub id: String,
    pub name: String,
    pub provider: String,
    /// An `aisrm` deployment model id.
    pub deployment: String,
    pub description: String,
    /// One component per project of the repository (each folder with
    /// its own manifest) when several have evidence: each MCP server of
    /// a monorepo of servers is one a reviewer lists.
    #[serde(default, rename = "per-project", skip_serializing_if = "is_false")]
    pub per_project: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    Package,
    Import,
    Code,
    McpConfig,
    File,
    Workflow,
    Image,
    K8sKind,
    HelmChart,
    RemoteResource,
    Resource,
    Env,
    CyclonedxBom,
}

impl SignalKind {
    pub fn id(self) -> &'static str {
        match self {
            SignalKind::Package => "package",
            SignalKind::Import => "import",
            SignalKind::Code => "code",
            SignalKind::McpConfig => "mcp-config",
            SignalKind::File => "file",
            SignalKind::Workflow => "workflow",
            SignalKind::Image => "image",
            SignalKind::K8sKind => "k8s-kind",
            SignalKind::HelmChart => "helm-chart",
            SignalKind::RemoteResource => "remote-resource",
            SignalKind::Resource => "resource",
            SignalKind::Env => "env",
            SignalKind::CyclonedxBom => "cyclonedx-bom",
        }
    }
}

/// `certain` when the repository wires the component to run; `likely`
/// for configuration-only, weak or test evidence.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Likely,
    Certain,
}

impl Confidence {
    pub fn id(self) -> &'static str {
        match self {
            Confidence::Likely => "likely",
            Confidence::Certain => "certain",
        }
    }
}

/// One signal: what it matches and the component it implies.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    pub id: String,
    pub kind: SignalKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
    #[serde(rename = "match")]
    pub patterns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// `file` signals: the file must contain one of these strings; `code`
    /// signals: the file's code must (a tool-call handler counts where
    /// tools are passed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contains: Vec<String>,
    #[serde(default, rename = "where", skip_serializing_if = "HashMap::is_empty")]
    pub conditions: HashMap<String, Vec<String>>,
    pub component: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    pub confidence: Confidence,
    pub why: String,
}

/// All signals, indexed for matching.
#[derive(Debug, Default)]
pub struct Signals {
    pub components: Vec<ComponentDef>,
    pub signals: Vec<Signal>,
    /// (kind, ecosystem or "", pattern) -> signal index, for exact names.
    exact: HashMap<(SignalKind, String, String), Vec<usize>>,
    /// Patterns ending in `*`: (kind, ecosystem, prefix, signal index).
    prefixes: Vec<(SignalKind, String, String, usize)>,
}

impl Signals {
    /// The built-in signals, loaded once.
    pub fn builtin() -> &'static Signals {
        static BUILTIN: OnceLock<Signals> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let texts: Vec<(&str, &str)> = BUILTIN_FILES.to_vec();
            Signals::load(&texts).unwrap_or_else(|e| panic!("built-in signal files: {e}"))
        })
    }

    /// Loads signal files (name, text); later files may add components
    /// and signals but not redefine an id. The first problem, with its
    /// file, line and column, is the error.
    pub fn load(files: &[(&str, &str)]) -> Result<Signals, String> {
        let texts: Vec<&str> = files.iter().map(|(_, t)| *t).collect();
        let (signals, refused) = Signals::load_each(&texts);
        match refused.first() {
            None => Ok(signals),
            Some((i, problems)) => {
                let (name, text) = files[*i];
                let p = &problems[0];
                let at = LineIndex::new(text).line_col(text, p.range.start, Encoding::Chars);
                Err(format!(
                    "{name}:{}:{}: {}",
                    at.line + 1,
                    at.col + 1,
                    p.message
                ))
            }
        }
    }

    /// Loads signal files in order, leaving out each file that has a
    /// problem: the signals of the others, and the problems of each file
    /// left out (by its index in `texts`).
    pub fn load_each(texts: &[&str]) -> (Signals, Vec<(usize, Vec<Problem>)>) {
        let mut out = Signals::default();
        let mut refused = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            if let Err(problems) = out.add_checked(signal_file::parse(text)) {
                refused.push((i, problems));
            }
        }
        out.index();
        (out, refused)
    }

    fn index(&mut self) {
        for (i, s) in self.signals.iter().enumerate() {
            let eco = s.ecosystem.clone().unwrap_or_default();
            for p in &s.patterns {
                if let Some(prefix) = p.strip_suffix('*') {
                    self.prefixes
                        .push((s.kind, eco.clone(), normalize(s, prefix), i));
                } else {
                    let key = (s.kind, eco.clone(), normalize(s, p));
                    self.exact.entry(key).or_default().push(i);
                }
            }
        }
    }

    pub fn component(&self, id: &str) -> Option<&ComponentDef> {
        self.components.iter().find(|c| c.id == id)
    }

    /// Signals of `kind` (in `ecosystem`, "" for none) whose pattern is
    /// exactly `name`, else those whose `*` prefix of it is the longest:
    /// the most specific pattern wins (`AWS::Bedrock::Agent` is an agent,
    /// though `AWS::Bedrock::*` also matches it).
    pub fn lookup(&self, kind: SignalKind, ecosystem: &str, name: &str) -> Vec<&Signal> {
        let mut found: Vec<usize> = self
            .exact
            .get(&(kind, ecosystem.to_string(), name.to_string()))
            .cloned()
            .unwrap_or_default();
        if found.is_empty() {
            let mut longest = 0;
            for (k, eco, prefix, i) in &self.prefixes {
                if *k == kind && eco == ecosystem && name.starts_with(prefix.as_str()) {
                    if prefix.len() > longest {
                        longest = prefix.len();
                        found.clear();
                    }
                    if prefix.len() == longest {
                        found.push(*i);
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.signals[i]).collect()
    }
}

/// Names compare in the ecosystem's own way (PyPI: PEP 503).
fn normalize(signal: &Signal, name: &str) -> String {
    match signal.ecosystem.as_deref() {
        Some("pypi") => pypi_name(name),
        _ => name.to_string(),
    }
}

/// PEP 503: lower case, runs of `-`, `_`, `.` become one `-`.
pub(crate) fn pypi_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A YAML node as plain JSON (scalars typed as YAML 1.2 core schema would).
pub fn to_json(yaml: &Yaml, id: NodeId, depth: usize) -> Value {
    let Some(id) = yaml.resolve(id) else {
        return Value::Null;
    };
    if depth > 64 {
        return Value::Null;
    }
    match &yaml.node(id).kind {
        Kind::Scalar { style, .. } => {
            let value = yaml.scalar(id).unwrap_or_default();
            if *style != crate::yaml::Style::Plain {
                return Value::String(value.to_string());
            }
            if yaml.is_null(id) {
                return Value::Null;
            }
            if let Ok(n) = value.parse::<u64>() {
                return Value::from(n);
            }
            match value {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(value.to_string()),
            }
        }
        Kind::Mapping(entries) => Value::Object(
            entries
                .iter()
                .filter_map(|(k, v)| {
                    Some((yaml.scalar(*k)?.to_string(), to_json(yaml, *v, depth + 1)))
                })
                .collect(),
        ),
        Kind::Sequence(items) => {
            Value::Array(items.iter().map(|i| to_json(yaml, *i, depth + 1)).collect())
        }
        Kind::Alias(_) => Value::Null,
    }
}

impl Signals {
    /// The README's "What aisrm detects" table: one row per component,
    /// with every pattern that implies it, grouped by signal kind.
    pub fn detects_table(&self) -> String {
        let mut out = String::from(
            "| component (proposed id) | deployment | provider | found by |\n|---|---|---|---|\n",
        );
        for c in &self.components {
            let mut kinds: Vec<(SignalKind, Vec<String>)> = Vec::new();
            for s in self.signals.iter().filter(|s| s.component == c.id) {
                let eco = s
                    .ecosystem
                    .as_deref()
                    .map_or(String::new(), |e| format!("{e} "));
                let patterns = s
                    .patterns
                    .iter()
                    .map(|p| format!("`{}`", p.replace('|', "\\|")));
                let entry = match kinds.iter_mut().find(|(k, _)| *k == s.kind) {
                    Some(e) => e,
                    None => {
                        kinds.push((s.kind, Vec::new()));
                        kinds.last_mut().expect("just pushed")
                    }
                };
                entry
                    .1
                    .push(format!("{eco}{}", patterns.collect::<Vec<_>>().join(", ")));
            }
            let found: Vec<String> = kinds
                .iter()
                .map(|(k, v)| format!("{}: {}", k.id(), v.join("; ")))
                .collect();
            out += &format!(
                "| {} (`{}`) | `{}` | {} | {} |\n",
                c.name,
                c.id,
                c.deployment,
                c.provider,
                found.join("<br>")
            );
        }
        out
    }
}
