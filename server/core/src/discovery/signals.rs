//! The discovery signals as data: `schemas/discovery/*.yaml` (embedded),
//! plus any signal file a project adds. Loaded once into lookup tables so
//! a file is matched in one pass.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    /// `file` signals: the file must contain one of these strings.
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

/// One signal file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalFile {
    discovery: u64,
    #[serde(default)]
    components: Vec<ComponentDef>,
    #[serde(default)]
    signals: Vec<Signal>,
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
    /// and signals but not redefine an id.
    pub fn load(files: &[(&str, &str)]) -> Result<Signals, String> {
        let mut out = Signals::default();
        for (name, text) in files {
            let file = parse_file(text).map_err(|e| format!("{name}: {e}"))?;
            if file.discovery != VERSION {
                return Err(format!(
                    "{name}: `discovery: {}` is not a version this aisrm reads (1)",
                    file.discovery
                ));
            }
            out.components.extend(file.components);
            out.signals.extend(file.signals);
        }
        out.validate()?;
        out.index();
        Ok(out)
    }

    fn validate(&self) -> Result<(), String> {
        let models = crate::framework::builtin("aisrm").map(|f| &f.models);
        let mut ids = BTreeSet::new();
        for c in &self.components {
            if !ids.insert(c.id.as_str()) {
                return Err(format!("component `{}` is defined twice", c.id));
            }
            if models.is_some_and(|m| !m.iter().any(|m| m.id == c.deployment)) {
                return Err(format!(
                    "component `{}`: `{}` is not an aisrm deployment model",
                    c.id, c.deployment
                ));
            }
        }
        let mut signal_ids = BTreeSet::new();
        for s in &self.signals {
            if !signal_ids.insert(s.id.as_str()) {
                return Err(format!("signal `{}` is defined twice", s.id));
            }
            for c in std::iter::once(&s.component).chain(&s.overrides) {
                if !ids.contains(c.as_str()) {
                    return Err(format!("signal `{}` names no component `{c}`", s.id));
                }
            }
            if s.patterns.is_empty() {
                return Err(format!("signal `{}` matches nothing", s.id));
            }
        }
        Ok(())
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
    /// exactly `name` or a `*` prefix of it.
    pub fn lookup(&self, kind: SignalKind, ecosystem: &str, name: &str) -> Vec<&Signal> {
        let mut found: Vec<usize> = self
            .exact
            .get(&(kind, ecosystem.to_string(), name.to_string()))
            .cloned()
            .unwrap_or_default();
        for (k, eco, prefix, i) in &self.prefixes {
            if *k == kind && eco == ecosystem && name.starts_with(prefix.as_str()) {
                found.push(*i);
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

fn parse_file(text: &str) -> Result<SignalFile, String> {
    let yaml = Yaml::parse(text);
    if let Some(e) = yaml.errors.first() {
        return Err(e.message.clone());
    }
    let value = yaml.root().map_or(Value::Null, |r| to_json(&yaml, r, 0));
    serde_json::from_value(value).map_err(|e| e.to_string())
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
        Kind::Scalar { value, style, .. } => {
            if *style != crate::yaml::Style::Plain {
                return Value::String(value.clone());
            }
            if yaml.is_null(id) {
                return Value::Null;
            }
            if let Ok(n) = value.parse::<u64>() {
                return Value::from(n);
            }
            match value.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(value.clone()),
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
