//! Reading a framework file into [`Framework`].

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

    /// `true` or `false` (YAML 1.2 spellings); anything else is reported
    /// at the value and reads as absent.
    fn boolean(&self, src: &mut Source, key: &str) -> Option<bool> {
        let value = self.text(src, key)?;
        match value.value.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            other => {
                let message = format!("`{key}` must be `true` or `false`, not `{other}`");
                src.report(Diagnostic::new(
                    Code::InvalidFramework,
                    value.range,
                    message,
                ));
                None
            }
        }
    }

    /// A whole number; anything else is reported at the value.
    fn number(&self, src: &mut Source, key: &str) -> Option<u32> {
        let value = self.text(src, key)?;
        let parsed = value.value.parse().ok();
        if parsed.is_none() {
            let message = format!("`{key}` must be a whole number, not `{}`", value.value);
            src.report(Diagnostic::new(
                Code::InvalidFramework,
                value.range,
                message,
            ));
        }
        parsed
    }
}

/// A framework with no models or no domains places nothing; reported at
/// the list (or the top of the file when the key is missing).
fn require_some<T>(src: &mut Source, top: &Fields, key: &str, what: &str, items: &[T]) {
    if !items.is_empty() {
        return;
    }
    let range = top
        .node(key)
        .map_or(TextRange::empty(top.whole.start), |n| src.range(n));
    let message = format!("a framework needs at least one {what} under `{key}`");
    src.report(Diagnostic::new(Code::InvalidFramework, range, message));
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
    require_some(src, &top, "models", "deployment model", &models);
    let domains = domains(src, &top, &layers);
    require_some(src, &top, "domains", "domain", &domains);
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
        let name = f
            .required(src, "name", "a deployment model")
            .map(|s| s.value)
            .unwrap_or_default();
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
            number: f.number(src, "number"),
            short_name: f
                .text(src, "short-name")
                .map_or_else(|| name.clone(), |s| s.value),
            name,
            id: id.value,
            aliases: f.list(src, "aliases"),
            ai_specific: f.boolean(src, "ai-specific").unwrap_or(false),
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
