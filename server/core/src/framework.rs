//! Responsibility frameworks as data. The two built-in frameworks are the
//! YAML files under `schemas/frameworks/`, embedded at build time; custom
//! framework files follow the same schema and are read with the same code,
//! so their mistakes become ordinary diagnostics.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::diagnostics::{Code, Diagnostic};
use crate::document::Spanned;
use crate::reader::{OffsetMap, Source};
use crate::text::TextRange;
use crate::yaml::{NodeId, Yaml};

/// The responsibility levels a cell can hold. The vocabulary is the
/// inventory format's; which levels a framework uses is its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LevelKind {
    Customer,
    Shared,
    Provider,
    ModelDependent,
    NotApplicable,
}

impl LevelKind {
    pub const ALL: [LevelKind; 5] = [
        LevelKind::Customer,
        LevelKind::Shared,
        LevelKind::Provider,
        LevelKind::ModelDependent,
        LevelKind::NotApplicable,
    ];

    pub fn id(self) -> &'static str {
        match self {
            LevelKind::Customer => "customer",
            LevelKind::Shared => "shared",
            LevelKind::Provider => "provider",
            LevelKind::ModelDependent => "model-dependent",
            LevelKind::NotApplicable => "not-applicable",
        }
    }

    pub fn from_id(id: &str) -> Option<LevelKind> {
        LevelKind::ALL.into_iter().find(|l| l.id() == id)
    }

    /// Levels an inventory may set with `ownership:`.
    pub const OWNERSHIP: [LevelKind; 3] =
        [LevelKind::Provider, LevelKind::Customer, LevelKind::Shared];
}

#[derive(Clone, Debug, Default)]
pub struct SourceInfo {
    pub title: String,
    pub url: String,
    pub author: Option<String>,
    pub license: Option<String>,
    pub revision: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Level {
    pub kind: LevelKind,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug)]
pub struct Layer {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, Default)]
pub struct CrossReferences {
    pub owasp_llm: Vec<String>,
    pub atlas: Vec<String>,
    /// Related ids in the other built-in framework.
    pub equivalents: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Model {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub examples: Vec<String>,
    pub risk_profile: Option<String>,
    pub source: Option<String>,
    pub equivalents: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Domain {
    pub id: String,
    pub number: Option<u32>,
    pub name: String,
    pub short_name: String,
    pub aliases: Vec<String>,
    pub ai_specific: bool,
    pub layer: Option<String>,
    pub focus: String,
    pub description: String,
    pub source: Option<String>,
    pub cross_references: CrossReferences,
}

#[derive(Clone, Debug)]
pub struct Cell {
    pub level: LevelKind,
    pub critical: bool,
    /// Why the cell is a critical focus, when it is.
    pub why: Option<String>,
}

/// A caveat about one cell or one domain (the sources disagree, say).
#[derive(Clone, Debug)]
pub struct Note {
    pub model: Option<String>,
    pub domain: Option<String>,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Reference {
    pub id_prefix: String,
    pub name: String,
    pub url: String,
}

#[derive(Clone, Debug)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub version: Option<String>,
    pub description: String,
    pub source: SourceInfo,
    pub levels: Vec<Level>,
    pub layers: Vec<Layer>,
    pub models: Vec<Model>,
    pub domains: Vec<Domain>,
    /// `cells[domain_index * models.len() + model_index]`.
    cells: Vec<Cell>,
    pub notes: Vec<Note>,
    pub cross_reference_note: Option<String>,
    pub references: Vec<Reference>,
}

/// Ids of the built-in frameworks, in the order they are listed.
pub const BUILTIN_IDS: [&str; 2] = ["aisrm", "microsoft-ai"];

const AISRM_YAML: &str = include_str!("../../../schemas/frameworks/aisrm.yaml");
const MICROSOFT_YAML: &str = include_str!("../../../schemas/frameworks/microsoft-ai.yaml");

/// The built-in framework with this id.
pub fn builtin(id: &str) -> Option<&'static Framework> {
    builtins().iter().find(|f| f.id == id)
}

/// Both built-in frameworks, parsed once.
pub fn builtins() -> &'static [Framework] {
    static BUILTINS: OnceLock<Vec<Framework>> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        [AISRM_YAML, MICROSOFT_YAML]
            .iter()
            .filter_map(|text| Framework::parse(text, Path::new("<builtin>")).0)
            .collect()
    })
}

/// The embedded text of a built-in framework (for `aisrm explain` and tests).
pub fn builtin_source(id: &str) -> Option<&'static str> {
    match id {
        "aisrm" => Some(AISRM_YAML),
        "microsoft-ai" => Some(MICROSOFT_YAML),
        _ => None,
    }
}

impl Framework {
    /// Reads a framework file. Returns the framework when it is usable
    /// (even with warnings) and every finding about the file.
    pub fn parse(text: &str, path: &Path) -> (Option<Framework>, Vec<Diagnostic>) {
        let yaml = Yaml::parse(text);
        let map = OffsetMap::identity();
        let mut source = Source::new(&yaml, &map, path);
        let framework = load::framework(&mut source);
        let mut diagnostics = crate::lower::yaml_errors(&yaml, &map);
        diagnostics.append(&mut source.diagnostics);
        let framework = if diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
        {
            None
        } else {
            framework
        };
        (framework, diagnostics)
    }

    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }

    pub fn level(&self, kind: LevelKind) -> Option<&Level> {
        self.levels.iter().find(|l| l.kind == kind)
    }

    /// The level's display name in this framework ("Microsoft" for the
    /// provider in `microsoft-ai`).
    pub fn level_name(&self, kind: LevelKind) -> &str {
        self.level(kind).map_or(kind.id(), |l| l.name.as_str())
    }

    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id == id)
    }

    pub fn cell(&self, model: &str, domain: &str) -> Option<&Cell> {
        let m = self.models.iter().position(|x| x.id == model)?;
        let d = self.domains.iter().position(|x| x.id == domain)?;
        self.cells.get(d * self.models.len() + m)
    }

    /// The model's column: every domain with its cell, in domain order.
    pub fn column<'a>(
        &'a self,
        model: &'a str,
    ) -> impl Iterator<Item = (&'a Domain, &'a Cell)> + 'a {
        self.domains
            .iter()
            .filter_map(move |d| self.cell(model, &d.id).map(|c| (d, c)))
    }

    /// The domain's row: every model with its cell, in model order.
    pub fn row<'a>(&'a self, domain: &'a str) -> impl Iterator<Item = (&'a Model, &'a Cell)> + 'a {
        self.models
            .iter()
            .filter_map(move |m| self.cell(&m.id, domain).map(|c| (m, c)))
    }

    /// Notes that concern this cell (or the whole domain / model).
    pub fn notes_for<'a>(
        &'a self,
        model: Option<&'a str>,
        domain: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Note> + 'a {
        self.notes.iter().filter(move |n| {
            let model_ok = n.model.is_none() || n.model.as_deref() == model;
            let domain_ok = n.domain.is_none() || n.domain.as_deref() == domain;
            model_ok && domain_ok && (n.model.is_some() || n.domain.is_some())
        })
    }

    /// The model id for `word` if it is an alias or display name of one.
    pub fn model_by_alias(&self, word: &str) -> Option<&Model> {
        let word = word.trim();
        self.models.iter().find(|m| {
            m.name.eq_ignore_ascii_case(word)
                || m.short_name.eq_ignore_ascii_case(word)
                || m.aliases.iter().any(|a| a.eq_ignore_ascii_case(word))
        })
    }

    pub fn domain_by_alias(&self, word: &str) -> Option<&Domain> {
        let word = word.trim();
        self.domains.iter().find(|d| {
            d.name.eq_ignore_ascii_case(word)
                || d.short_name.eq_ignore_ascii_case(word)
                || d.aliases.iter().any(|a| a.eq_ignore_ascii_case(word))
        })
    }

    /// Spellings a user may type for models: ids, names and aliases, each
    /// paired with the id (the input for did-you-mean).
    pub fn model_spellings(&self) -> Vec<(&str, &str)> {
        spellings(
            self.models
                .iter()
                .map(|m| (&m.id, &m.name, &m.short_name, &m.aliases)),
        )
    }

    pub fn domain_spellings(&self) -> Vec<(&str, &str)> {
        spellings(
            self.domains
                .iter()
                .map(|d| (&d.id, &d.name, &d.short_name, &d.aliases)),
        )
    }
}

fn spellings<'a>(
    items: impl Iterator<Item = (&'a String, &'a String, &'a String, &'a Vec<String>)>,
) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for (id, name, short, aliases) in items {
        out.push((id.as_str(), id.as_str()));
        out.push((name.as_str(), id.as_str()));
        out.push((short.as_str(), id.as_str()));
        out.extend(aliases.iter().map(|a| (a.as_str(), id.as_str())));
    }
    out
}

/// Reading a framework file into [`Framework`].
pub(crate) mod load {
    use super::*;

    pub(crate) const TOP_KEYS: &[&str] = &[
        "id",
        "name",
        "short-name",
        "version",
        "source",
        "description",
        "levels",
        "layers",
        "models",
        "domains",
        "matrix",
        "critical",
        "notes",
        "cross-reference-note",
        "references",
    ];
    pub(crate) const SOURCE_KEYS: &[&str] = &["title", "url", "author", "license", "revision"];
    pub(crate) const LEVEL_KEYS: &[&str] = &["id", "name", "description"];
    pub(crate) const LAYER_KEYS: &[&str] = &["id", "name", "description"];
    pub(crate) const MODEL_KEYS: &[&str] = &[
        "id",
        "name",
        "short-name",
        "aliases",
        "description",
        "examples",
        "risk-profile",
        "source",
        "equivalents",
    ];
    pub(crate) const DOMAIN_KEYS: &[&str] = &[
        "id",
        "number",
        "name",
        "short-name",
        "aliases",
        "ai-specific",
        "layer",
        "focus",
        "description",
        "source",
        "cross-references",
    ];
    pub(crate) const XREF_KEYS: &[&str] = &["owasp-llm", "atlas", "equivalents"];
    pub(crate) const CRITICAL_KEYS: &[&str] = &["model", "domain", "why"];
    pub(crate) const NOTE_KEYS: &[&str] = &["model", "domain", "text"];
    pub(crate) const REFERENCE_KEYS: &[&str] = &["id-prefix", "name", "url"];

    /// Fields of one mapping, read by key.
    struct Fields {
        values: HashMap<String, NodeId>,
        whole: TextRange,
    }

    impl Fields {
        fn read(src: &mut Source, node: NodeId, known: &[&str], context: &str) -> Option<Fields> {
            let entries = src.mapping(context, node)?;
            let values = src
                .known_entries(&entries, known, context)
                .into_iter()
                .map(|(k, _, v)| (k, v))
                .collect();
            Some(Fields {
                values,
                whole: src.range(node),
            })
        }

        fn text(&self, src: &mut Source, key: &str) -> Option<Spanned<String>> {
            let node = *self.values.get(key)?;
            src.text(key, node)
        }

        fn required(&self, src: &mut Source, key: &str, context: &str) -> Option<Spanned<String>> {
            if !self.values.contains_key(key) {
                src.report(Diagnostic::new(
                    Code::InvalidFramework,
                    TextRange::empty(self.whole.start),
                    format!("{context} needs `{key}`"),
                ));
                return None;
            }
            self.text(src, key)
        }

        fn string(&self, src: &mut Source, key: &str) -> String {
            self.text(src, key).map(|s| s.value).unwrap_or_default()
        }

        fn list(&self, src: &mut Source, key: &str) -> Vec<String> {
            match self.values.get(key) {
                Some(&node) => src
                    .text_list(key, node)
                    .into_iter()
                    .map(|s| s.value)
                    .collect(),
                None => Vec::new(),
            }
        }

        fn node(&self, key: &str) -> Option<NodeId> {
            self.values.get(key).copied()
        }
    }

    fn seq(src: &mut Source, fields: &Fields, key: &str) -> Vec<NodeId> {
        let Some(node) = fields.node(key) else {
            return Vec::new();
        };
        match src.yaml.items(node) {
            Some(items) => items.to_vec(),
            None => {
                if !src.yaml.is_null(node) {
                    src.wrong_type(key, node, "a list");
                }
                Vec::new()
            }
        }
    }

    pub(super) fn framework(src: &mut Source) -> Option<Framework> {
        let root = src.yaml.root()?;
        let top = Fields::read(src, root, TOP_KEYS, "a framework file")?;
        let id = top.required(src, "id", "a framework")?;
        let name = top.required(src, "name", "a framework")?;
        let source = top
            .node("source")
            .and_then(|n| Fields::read(src, n, SOURCE_KEYS, "`source`"))
            .map(|f| SourceInfo {
                title: f.string(src, "title"),
                url: f.string(src, "url"),
                author: f.text(src, "author").map(|s| s.value),
                license: f.text(src, "license").map(|s| s.value),
                revision: f.text(src, "revision").map(|s| s.value),
            })
            .unwrap_or_default();
        let levels = levels(src, &top);
        let layers = seq(src, &top, "layers")
            .into_iter()
            .filter_map(|n| {
                let f = Fields::read(src, n, LAYER_KEYS, "a layer")?;
                Some(Layer {
                    id: f.required(src, "id", "a layer")?.value,
                    name: f.string(src, "name"),
                    description: f.string(src, "description"),
                })
            })
            .collect::<Vec<_>>();
        let models = models(src, &top);
        let domains = domains(src, &top, &layers);
        let mut framework = Framework {
            short_name: top
                .text(src, "short-name")
                .map_or_else(|| name.value.clone(), |s| s.value),
            id: id.value,
            name: name.value,
            version: top.text(src, "version").map(|s| s.value),
            description: top.string(src, "description"),
            source,
            levels,
            layers,
            models,
            domains,
            cells: Vec::new(),
            notes: Vec::new(),
            cross_reference_note: top.text(src, "cross-reference-note").map(|s| s.value),
            references: Vec::new(),
        };
        matrix(src, &top, &mut framework)?;
        critical(src, &top, &mut framework);
        notes(src, &top, &mut framework);
        references(src, &top, &mut framework);
        Some(framework)
    }

    fn levels(src: &mut Source, top: &Fields) -> Vec<Level> {
        let mut levels = Vec::new();
        for n in seq(src, top, "levels") {
            let Some(f) = Fields::read(src, n, LEVEL_KEYS, "a level") else {
                continue;
            };
            let Some(id) = f.required(src, "id", "a level") else {
                continue;
            };
            let Some(kind) = LevelKind::from_id(&id.value) else {
                src.report(unknown_level(&id));
                continue;
            };
            levels.push(Level {
                kind,
                name: f.string(src, "name"),
                description: f.string(src, "description"),
            });
        }
        levels
    }

    fn unknown_level(id: &Spanned<String>) -> Diagnostic {
        let known: Vec<&str> = LevelKind::ALL.iter().map(|l| l.id()).collect();
        Diagnostic::new(
            Code::UnknownLevel,
            id.range,
            format!(
                "unknown level `{}`; levels are {}",
                id.value,
                known.join(", ")
            ),
        )
    }

    fn models(src: &mut Source, top: &Fields) -> Vec<Model> {
        let mut models: Vec<Model> = Vec::new();
        for n in seq(src, top, "models") {
            let Some(f) = Fields::read(src, n, MODEL_KEYS, "a deployment model") else {
                continue;
            };
            let Some(id) = f.required(src, "id", "a deployment model") else {
                continue;
            };
            if !check_id(src, &id, models.iter().map(|m| m.id.as_str())) {
                continue;
            }
            let name = f.string(src, "name");
            models.push(Model {
                short_name: f
                    .text(src, "short-name")
                    .map_or_else(|| name.clone(), |s| s.value),
                name,
                id: id.value,
                aliases: f.list(src, "aliases"),
                description: f.string(src, "description"),
                examples: f.list(src, "examples"),
                risk_profile: f.text(src, "risk-profile").map(|s| s.value),
                source: f.text(src, "source").map(|s| s.value),
                equivalents: f.list(src, "equivalents"),
            });
        }
        models
    }

    fn domains(src: &mut Source, top: &Fields, layers: &[Layer]) -> Vec<Domain> {
        let mut domains: Vec<Domain> = Vec::new();
        for n in seq(src, top, "domains") {
            let Some(f) = Fields::read(src, n, DOMAIN_KEYS, "a domain") else {
                continue;
            };
            let Some(id) = f.required(src, "id", "a domain") else {
                continue;
            };
            if !check_id(src, &id, domains.iter().map(|d| d.id.as_str())) {
                continue;
            }
            let layer = f.text(src, "layer");
            if let Some(layer) = &layer
                && !layers.iter().any(|l| l.id == layer.value)
            {
                src.report(Diagnostic::new(
                    Code::InvalidFramework,
                    layer.range,
                    format!("`{}` is not a layer listed under `layers`", layer.value),
                ));
            }
            let xrefs = f
                .node("cross-references")
                .and_then(|n| Fields::read(src, n, XREF_KEYS, "`cross-references`"))
                .map(|x| CrossReferences {
                    owasp_llm: x.list(src, "owasp-llm"),
                    atlas: x.list(src, "atlas"),
                    equivalents: x.list(src, "equivalents"),
                })
                .unwrap_or_default();
            let name = f.string(src, "name");
            domains.push(Domain {
                number: f.text(src, "number").and_then(|s| s.value.parse().ok()),
                short_name: f
                    .text(src, "short-name")
                    .map_or_else(|| name.clone(), |s| s.value),
                name,
                id: id.value,
                aliases: f.list(src, "aliases"),
                ai_specific: f
                    .text(src, "ai-specific")
                    .is_some_and(|s| s.value == "true"),
                layer: layer.map(|l| l.value),
                focus: f.string(src, "focus"),
                description: f.string(src, "description"),
                source: f.text(src, "source").map(|s| s.value),
                cross_references: xrefs,
            });
        }
        domains
    }

    /// Ids are kebab-case and unique within their list.
    fn check_id<'a>(
        src: &mut Source,
        id: &Spanned<String>,
        mut existing: impl Iterator<Item = &'a str>,
    ) -> bool {
        if !crate::lower::is_valid_id(&id.value) {
            src.report(Diagnostic::new(
                Code::InvalidFramework,
                id.range,
                format!(
                    "`{}` is not a valid id (lowercase letters, digits and '-')",
                    id.value
                ),
            ));
            return false;
        }
        if existing.any(|e| e == id.value) {
            src.report(Diagnostic::new(
                Code::InvalidFramework,
                id.range,
                format!("`{}` is listed twice", id.value),
            ));
            return false;
        }
        true
    }

    /// Reads the matrix: every domain a row, every model a cell.
    fn matrix(src: &mut Source, top: &Fields, fw: &mut Framework) -> Option<()> {
        let Some(node) = top.node("matrix") else {
            src.report(Diagnostic::new(
                Code::InvalidFramework,
                TextRange::empty(top.whole.start),
                "a framework needs `matrix`",
            ));
            return None;
        };
        let placeholder = Cell {
            level: LevelKind::NotApplicable,
            critical: false,
            why: None,
        };
        fw.cells = vec![placeholder; fw.domains.len() * fw.models.len()];
        let mut filled = vec![false; fw.cells.len()];
        let rows = src.mapping("matrix", node)?;
        for (domain, _, row) in src.id_entries(&rows) {
            let Some(d) = fw.domains.iter().position(|x| x.id == domain.value) else {
                src.report(Diagnostic::new(
                    Code::UnknownDomain,
                    domain.range,
                    format!("`{}` is not a domain listed under `domains`", domain.value),
                ));
                continue;
            };
            let Some(cells) = src.mapping(&domain.value, row) else {
                continue;
            };
            for (model, _, value) in src.id_entries(&cells) {
                let Some(m) = fw.models.iter().position(|x| x.id == model.value) else {
                    src.report(Diagnostic::new(
                        Code::UnknownDeploymentModel,
                        model.range,
                        format!("`{}` is not a model listed under `models`", model.value),
                    ));
                    continue;
                };
                let Some(level) = src.text(&model.value, value) else {
                    continue;
                };
                let Some(kind) = LevelKind::from_id(&level.value) else {
                    src.report(unknown_level(&level));
                    continue;
                };
                if fw.level(kind).is_none() {
                    src.report(Diagnostic::new(
                        Code::InvalidFramework,
                        level.range,
                        format!("level `{}` is not listed under `levels`", level.value),
                    ));
                }
                let i = d * fw.models.len() + m;
                fw.cells[i].level = kind;
                filled[i] = true;
            }
        }
        let missing: Vec<String> = filled
            .iter()
            .enumerate()
            .filter(|(_, f)| !**f)
            .map(|(i, _)| {
                let (d, m) = (i / fw.models.len(), i % fw.models.len());
                format!("{}/{}", fw.models[m].id, fw.domains[d].id)
            })
            .collect();
        if !missing.is_empty() {
            let range = src.inner_range(node);
            let shown: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
            src.report(Diagnostic::new(
                Code::InvalidFramework,
                TextRange::new(range.start, range.start),
                format!(
                    "the matrix has no level for {} cell(s): {}{}",
                    missing.len(),
                    shown.join(", "),
                    if missing.len() > 8 { ", ..." } else { "" }
                ),
            ));
            return None;
        }
        Some(())
    }

    fn model_domain(
        src: &mut Source,
        f: &Fields,
        fw: &Framework,
    ) -> Option<(Option<String>, Option<String>)> {
        let model = f.text(src, "model");
        let domain = f.text(src, "domain");
        if let Some(m) = &model
            && fw.model(&m.value).is_none()
        {
            src.report(Diagnostic::new(
                Code::UnknownDeploymentModel,
                m.range,
                format!("`{}` is not a model of this framework", m.value),
            ));
            return None;
        }
        if let Some(d) = &domain
            && fw.domain(&d.value).is_none()
        {
            src.report(Diagnostic::new(
                Code::UnknownDomain,
                d.range,
                format!("`{}` is not a domain of this framework", d.value),
            ));
            return None;
        }
        Some((model.map(|m| m.value), domain.map(|d| d.value)))
    }

    fn critical(src: &mut Source, top: &Fields, fw: &mut Framework) {
        for n in seq(src, top, "critical") {
            let Some(f) = Fields::read(src, n, CRITICAL_KEYS, "a critical cell") else {
                continue;
            };
            let Some((Some(model), Some(domain))) = model_domain(src, &f, fw) else {
                if f.node("model").is_none() || f.node("domain").is_none() {
                    src.report(Diagnostic::new(
                        Code::InvalidFramework,
                        TextRange::empty(f.whole.start),
                        "a critical cell needs `model` and `domain`",
                    ));
                }
                continue;
            };
            let why = f.text(src, "why").map(|s| s.value);
            let m = fw.models.iter().position(|x| x.id == model);
            let d = fw.domains.iter().position(|x| x.id == domain);
            if let (Some(m), Some(d)) = (m, d) {
                let i = d * fw.models.len() + m;
                fw.cells[i].critical = true;
                fw.cells[i].why = why;
            }
        }
    }

    fn notes(src: &mut Source, top: &Fields, fw: &mut Framework) {
        for n in seq(src, top, "notes") {
            let Some(f) = Fields::read(src, n, NOTE_KEYS, "a note") else {
                continue;
            };
            let Some((model, domain)) = model_domain(src, &f, fw) else {
                continue;
            };
            let Some(text) = f.required(src, "text", "a note") else {
                continue;
            };
            fw.notes.push(Note {
                model,
                domain,
                text: text.value,
            });
        }
    }

    fn references(src: &mut Source, top: &Fields, fw: &mut Framework) {
        for n in seq(src, top, "references") {
            let Some(f) = Fields::read(src, n, REFERENCE_KEYS, "a reference") else {
                continue;
            };
            fw.references.push(Reference {
                id_prefix: f.string(src, "id-prefix"),
                name: f.string(src, "name"),
                url: f.string(src, "url"),
            });
        }
    }
}
