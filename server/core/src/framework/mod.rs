//! Responsibility frameworks as data. The two built-in frameworks are the
//! YAML files under `schemas/frameworks/`, embedded at build time; custom
//! framework files follow the same schema and are read with the same code,
//! so their mistakes become ordinary diagnostics.

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

const AISRM_YAML: &str = include_str!("../../schemas/frameworks/aisrm.yaml");
const MICROSOFT_YAML: &str = include_str!("../../schemas/frameworks/microsoft-ai.yaml");

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
    pub(crate) fn model_by_alias(&self, word: &str) -> Option<&Model> {
        let word = word.trim();
        self.models.iter().find(|m| {
            m.name.eq_ignore_ascii_case(word)
                || m.short_name.eq_ignore_ascii_case(word)
                || m.aliases.iter().any(|a| a.eq_ignore_ascii_case(word))
        })
    }

    pub(crate) fn domain_by_alias(&self, word: &str) -> Option<&Domain> {
        let word = word.trim();
        self.domains.iter().find(|d| {
            d.name.eq_ignore_ascii_case(word)
                || d.short_name.eq_ignore_ascii_case(word)
                || d.aliases.iter().any(|a| a.eq_ignore_ascii_case(word))
        })
    }

    /// Spellings a user may type for models: ids, names and aliases, each
    /// paired with the id (the input for did-you-mean).
    pub(crate) fn model_spellings(&self) -> Vec<(&str, &str)> {
        spellings(
            self.models
                .iter()
                .map(|m| (&m.id, &m.name, &m.short_name, &m.aliases)),
        )
    }

    pub(crate) fn domain_spellings(&self) -> Vec<(&str, &str)> {
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

mod fields;
pub mod keys;
pub(crate) mod load;
