//! Reading a framework file into [`Framework`]. Every mapping is read
//! through its table in [`super::keys`] ([`Fields`]).

use super::fields::Fields;
use super::keys::{self, Table};
use super::*;

/// The mappings of the list under `key`, each read through `table`.
fn list_of(src: &mut Source, fields: &Fields, key: &str, table: &'static Table) -> Vec<Fields> {
    let Some(node) = fields.node(key) else {
        return Vec::new();
    };
    let Some(items) = src.yaml.items(node).map(<[NodeId]>::to_vec) else {
        if !src.yaml.is_null(node) {
            src.wrong_type(key, node, "a list");
        }
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|n| Fields::read(src, n, table))
        .collect()
}

/// A framework with no models or no domains places nothing; reported at
/// the empty list (a missing one is a missing required key).
fn require_some<T>(src: &mut Source, top: &Fields, key: &str, what: &str, items: &[T]) {
    let Some(node) = top.node(key) else {
        return;
    };
    if items.is_empty() {
        let message = format!("a framework needs at least one {what} under `{key}`");
        src.report(Diagnostic::new(
            Code::InvalidFramework,
            src.range(node),
            message,
        ));
    }
}

/// The index of `id` among `ids`, or a `code` finding at it.
fn find_or_report<'a>(
    src: &mut Source,
    mut ids: impl Iterator<Item = &'a str>,
    id: &Spanned<String>,
    code: Code,
    list: &str,
) -> Option<usize> {
    let found = ids.position(|x| x == id.value);
    if found.is_none() {
        let message = format!("`{}` is not listed under `{list}`", id.value);
        src.report(Diagnostic::new(code, id.range, message));
    }
    found
}

fn model_index(src: &mut Source, fw: &Framework, id: &Spanned<String>) -> Option<usize> {
    let ids = fw.models.iter().map(|m| m.id.as_str());
    find_or_report(src, ids, id, Code::UnknownDeploymentModel, "models")
}

fn domain_index(src: &mut Source, fw: &Framework, id: &Spanned<String>) -> Option<usize> {
    let ids = fw.domains.iter().map(|d| d.id.as_str());
    find_or_report(src, ids, id, Code::UnknownDomain, "domains")
}

pub(super) fn framework(src: &mut Source) -> Option<Framework> {
    let root = src.yaml.root()?;
    let top = Fields::read(src, root, &keys::FRAMEWORK)?;
    let id = top.text(src, "id")?;
    let name = top.text(src, "name")?;
    let source = top
        .node("source")
        .and_then(|n| Fields::read(src, n, &keys::SOURCE))
        .map(|f| SourceInfo {
            title: f.string(src, "title"),
            url: f.string(src, "url"),
            author: f.text(src, "author").map(|s| s.value),
            license: f.text(src, "license").map(|s| s.value),
            revision: f.text(src, "revision").map(|s| s.value),
        })
        .unwrap_or_default();
    let levels = levels(src, &top);
    let layers = list_of(src, &top, "layers", &keys::LAYER)
        .into_iter()
        .filter_map(|f| {
            Some(Layer {
                id: f.text(src, "id")?.value,
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
    for f in list_of(src, top, "levels", &keys::LEVEL) {
        let Some(id) = f.text(src, "id") else {
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
    for f in list_of(src, top, "models", &keys::MODEL) {
        let Some(id) = f.text(src, "id") else {
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
    for f in list_of(src, top, "domains", &keys::DOMAIN) {
        let Some(id) = f.text(src, "id") else {
            continue;
        };
        if !check_id(src, &id, domains.iter().map(|d| d.id.as_str())) {
            continue;
        }
        let layer = f.text(src, "layer");
        if let Some(layer) = &layer {
            let ids = layers.iter().map(|l| l.id.as_str());
            find_or_report(src, ids, layer, Code::InvalidFramework, "layers");
        }
        let xrefs = f
            .node("cross-references")
            .and_then(|n| Fields::read(src, n, &keys::XREF))
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
    // A missing matrix is a missing required key.
    let node = top.node("matrix")?;
    let placeholder = Cell {
        level: LevelKind::NotApplicable,
        critical: false,
        why: None,
    };
    fw.cells = vec![placeholder; fw.domains.len() * fw.models.len()];
    let mut filled = vec![false; fw.cells.len()];
    let rows = src.mapping("matrix", node)?;
    for (domain, _, row) in src.id_entries(&rows) {
        let Some(d) = domain_index(src, fw, &domain) else {
            continue;
        };
        let Some(cells) = src.mapping(&domain.value, row) else {
            continue;
        };
        for (model, _, value) in src.id_entries(&cells) {
            let Some(m) = model_index(src, fw, &model) else {
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

/// The cell, model or domain (indices) a critical mark or a note is
/// about; `None` when it names an id the framework does not list.
fn cell_of(src: &mut Source, f: &Fields, fw: &Framework) -> Option<(Option<usize>, Option<usize>)> {
    let model = match f.text(src, "model") {
        Some(m) => Some(model_index(src, fw, &m)?),
        None => None,
    };
    let domain = match f.text(src, "domain") {
        Some(d) => Some(domain_index(src, fw, &d)?),
        None => None,
    };
    Some((model, domain))
}

fn critical(src: &mut Source, top: &Fields, fw: &mut Framework) {
    for f in list_of(src, top, "critical", &keys::CRITICAL) {
        // Without `model` and `domain` (a missing required key) it marks nothing.
        let Some((Some(m), Some(d))) = cell_of(src, &f, fw) else {
            continue;
        };
        let i = d * fw.models.len() + m;
        fw.cells[i].critical = true;
        fw.cells[i].why = f.text(src, "why").map(|s| s.value);
    }
}

fn notes(src: &mut Source, top: &Fields, fw: &mut Framework) {
    for f in list_of(src, top, "notes", &keys::NOTE) {
        let Some((model, domain)) = cell_of(src, &f, fw) else {
            continue;
        };
        let Some(text) = f.text(src, "text") else {
            continue;
        };
        fw.notes.push(Note {
            model: model.map(|m| fw.models[m].id.clone()),
            domain: domain.map(|d| fw.domains[d].id.clone()),
            text: text.value,
        });
    }
}

fn references(src: &mut Source, top: &Fields, fw: &mut Framework) {
    for f in list_of(src, top, "references", &keys::REFERENCE) {
        fw.references.push(Reference {
            id_prefix: f.string(src, "id-prefix"),
            name: f.string(src, "name"),
            url: f.string(src, "url"),
        });
    }
}
