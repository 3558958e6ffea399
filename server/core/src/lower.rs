//! Lowering: the YAML tree of an inventory or of a ```aisrm block becomes a
//! [`Document`]. Structural findings (unknown keys, wrong types, missing
//! required keys) are reported here; findings that need the framework are
//! the analysis' job.

use crate::diagnostics::{Code, Diagnostic};
use crate::document::{Component, Document, Responsibility, Spanned, System};
use crate::format::{self, KeyDef};
use crate::reader::{OffsetMap, Source};
use crate::text::TextRange;
use crate::yaml::{NodeId, Yaml, YamlErrorKind};

/// Component ids: lowercase ASCII letters, digits and '-', starting with a
/// letter or digit.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The parser's own errors as findings.
pub fn yaml_errors(yaml: &Yaml, map: &OffsetMap) -> Vec<Diagnostic> {
    yaml.errors
        .iter()
        .map(|e| {
            let code = match e.kind {
                YamlErrorKind::Syntax => Code::YamlSyntaxError,
                _ => Code::ResourceLimit,
            };
            Diagnostic::new(code, map.range(e.range), e.message.clone())
        })
        .collect()
}

/// True when the YAML's top level is a mapping with an `aisrm` key: what
/// marks any YAML file as an inventory.
pub fn has_aisrm_key(yaml: &Yaml) -> bool {
    top_keys(yaml).any(|k| k == "aisrm")
}

/// True when the top level looks like a framework file.
pub fn looks_like_framework(yaml: &Yaml) -> bool {
    let keys: Vec<&str> = top_keys(yaml).collect();
    ["models", "domains", "matrix"]
        .iter()
        .all(|k| keys.contains(k))
}

fn top_keys(yaml: &Yaml) -> impl Iterator<Item = &str> {
    yaml.root()
        .and_then(|r| yaml.entries(r))
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, _)| yaml.scalar(*k))
}

/// Lowers a whole inventory file.
pub fn inventory(src: &mut Source) -> Document {
    let mut doc = Document::default();
    let Some(root) = src.yaml.root() else {
        if src.yaml.errors.is_empty() {
            src.report(Diagnostic::new(
                Code::MissingVersion,
                TextRange::empty(0),
                "empty inventory: it needs `aisrm: 1` and `components`",
            ));
        }
        return doc;
    };
    let Some(entries) = src.mapping("the inventory", root) else {
        return doc;
    };
    let names = format::key_names(format::TOP_KEYS);
    for (key, key_node, value) in src.known_entries(&entries, &names, "the inventory") {
        let def = format::find_key(format::TOP_KEYS, &key);
        if let Some(def) = def
            && !src.check_shape(&key, value, def.shape)
        {
            continue;
        }
        match key.as_str() {
            "aisrm" => doc.version = src.text("aisrm", value),
            "framework" => doc.framework = src.text("framework", value),
            "system" => doc.system = Some(system(src, value)),
            "components" => {
                doc.components_key = Some(src.inner_range(key_node));
                doc.components = components(src, value);
            }
            _ => {}
        }
    }
    check_version(src, &doc, root);
    doc
}

fn check_version(src: &mut Source, doc: &Document, root: NodeId) {
    match &doc.version {
        None => {
            let at = src.range(root).start;
            src.report(Diagnostic::new(
                Code::MissingVersion,
                TextRange::empty(at),
                "this inventory has no format version: add `aisrm: 1` at the top",
            ));
        }
        Some(v) if !format::VERSIONS.contains(&v.value.as_str()) => {
            src.report(Diagnostic::new(
                Code::UnknownVersion,
                v.range,
                format!(
                    "unknown format version `{}`; this aisrm reads version {}",
                    v.value,
                    format::VERSIONS.join(", ")
                ),
            ));
        }
        Some(_) => {}
    }
}

fn system(src: &mut Source, node: NodeId) -> System {
    let mut system = System::default();
    let Some(entries) = src.mapping("system", node) else {
        return system;
    };
    let names = format::key_names(format::SYSTEM_KEYS);
    for (key, _, value) in src.known_entries(&entries, &names, "`system`") {
        match key.as_str() {
            "name" => system.name = src.text("name", value),
            "owner" => system.owner = src.text("owner", value),
            _ => {
                src.check_shape(&key, value, crate::reader::Shape::Text);
            }
        }
    }
    system
}

/// Lowers a components mapping (the `components` value of an inventory, or
/// the whole of a ```aisrm block).
pub fn components(src: &mut Source, node: NodeId) -> Vec<Component> {
    let Some(entries) = src.mapping("components", node) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, key_node, value) in src.id_entries(&entries) {
        if !is_valid_id(&id.value) {
            src.report(Diagnostic::new(
                Code::InvalidComponentId,
                id.range,
                format!(
                    "component id `{}` should use only lowercase letters, digits and '-'",
                    id.value
                ),
            ));
        }
        let range = src.range(key_node).cover(src.range(value));
        out.push(component(src, id, range, value));
    }
    out
}

fn component(src: &mut Source, id: Spanned<String>, range: TextRange, node: NodeId) -> Component {
    let mut c = Component {
        id,
        range,
        body: src.range(node),
        name: None,
        deployment_key: None,
        deployment: None,
        provider: None,
        provider_url: None,
        provider_contact: None,
        owner: None,
        description: None,
        depends_on: Vec::new(),
        data: Vec::new(),
        responsibilities_key: None,
        responsibilities_body: None,
        responsibilities: Vec::new(),
    };
    let Some(entries) = src.mapping(&c.id.value.clone(), node) else {
        return c;
    };
    let context = format!("component `{}`", c.id.value);
    let names = format::key_names(format::COMPONENT_KEYS);
    let mut deployment_empty = false;
    for (key, key_node, value) in src.known_entries(&entries, &names, &context) {
        let def = format::find_key(format::COMPONENT_KEYS, &key).expect("known key");
        if key == "deployment" {
            c.deployment_key = Some(src.inner_range(key_node));
            deployment_empty = src.yaml.is_null(value);
        }
        if !src.check_shape(&key, value, def.shape) {
            continue;
        }
        match key.as_str() {
            "name" => c.name = src.text(&key, value),
            "deployment" => c.deployment = src.text(&key, value),
            "provider" => (c.provider, c.provider_url, c.provider_contact) = provider(src, value),
            "owner" => c.owner = src.text(&key, value),
            "description" => c.description = src.text(&key, value),
            "depends-on" => c.depends_on = src.text_list(&key, value),
            "data" => c.data = src.text_list(&key, value),
            "responsibilities" => {
                c.responsibilities_key = Some(src.inner_range(key_node));
                c.responsibilities_body = Some(src.range(value));
                c.responsibilities = responsibilities(src, value);
            }
            _ => {}
        }
    }
    match c.deployment_key {
        None => src.report(Diagnostic::new(
            Code::MissingDeployment,
            c.id.range,
            format!(
                "component `{}` has no `deployment:`; say which deployment model it is",
                c.id.value
            ),
        )),
        Some(key) if deployment_empty => src.report(Diagnostic::new(
            Code::MissingDeployment,
            key,
            format!(
                "`deployment` of `{}` has no value; say which deployment model it is",
                c.id.value
            ),
        )),
        Some(_) => {}
    }
    c
}

/// A provider's name, url and contact: `provider: NAME` or
/// `provider: {name, url, contact}`.
type ProviderFields = (
    Option<Spanned<String>>,
    Option<Spanned<String>>,
    Option<Spanned<String>>,
);

fn provider(src: &mut Source, node: NodeId) -> ProviderFields {
    if src.yaml.entries(node).is_none() {
        return (src.text("provider", node), None, None);
    }
    let Some(entries) = src.mapping("provider", node) else {
        return (None, None, None);
    };
    let names = format::key_names(format::PROVIDER_KEYS);
    let (mut name, mut url, mut contact) = (None, None, None);
    for (key, _, value) in src.known_entries(&entries, &names, "`provider`") {
        let Some(text) = src.text(&key, value) else {
            continue;
        };
        match key.as_str() {
            "name" => name = Some(text),
            "url" => url = Some(text),
            "contact" => contact = Some(text),
            _ => {}
        }
    }
    (name, url, contact)
}

fn responsibilities(src: &mut Source, node: NodeId) -> Vec<Responsibility> {
    let Some(entries) = src.mapping("responsibilities", node) else {
        return Vec::new();
    };
    src.id_entries(&entries)
        .into_iter()
        .map(|(domain, key_node, value)| {
            let range = src.range(key_node).cover(src.range(value));
            responsibility(src, domain, range, value)
        })
        .collect()
}

fn responsibility(
    src: &mut Source,
    domain: Spanned<String>,
    range: TextRange,
    node: NodeId,
) -> Responsibility {
    let mut r = Responsibility {
        domain,
        range,
        owner: None,
        status: None,
        ownership: None,
        reason: None,
        controls: Vec::new(),
        refs: Vec::new(),
    };
    let Some(entries) = src.mapping(&r.domain.value.clone(), node) else {
        return r;
    };
    let context = format!("responsibility `{}`", r.domain.value);
    let names = format::key_names(format::RESPONSIBILITY_KEYS);
    for (key, _, value) in src.known_entries(&entries, &names, &context) {
        let def: &KeyDef = format::find_key(format::RESPONSIBILITY_KEYS, &key).expect("known key");
        if !src.check_shape(&key, value, def.shape) {
            continue;
        }
        match key.as_str() {
            "owner" => r.owner = src.text(&key, value),
            "status" => r.status = src.text(&key, value),
            "ownership" => r.ownership = src.text(&key, value),
            "reason" => r.reason = src.text(&key, value),
            "controls" => r.controls = src.text_list(&key, value),
            "refs" => r.refs = src.text_list(&key, value),
            _ => {}
        }
    }
    r
}
