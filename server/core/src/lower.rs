//! Lowering: the YAML tree of an inventory or of a ```aisrm block becomes a
//! [`Document`]. Structural findings (unknown keys, wrong types, missing
//! required keys) are reported here; findings that need the framework are
//! the analysis' job.

use crate::diagnostics::{Code, Diagnostic};
use crate::document::{Component, Document, Extends, Responsibility, Spanned, System};
use crate::format::{
    self, ComponentKey, KeyDef, ProviderKey, ResponsibilityKey, SystemKey, TopKey,
};
use crate::reader::{OffsetMap, Source};
use crate::text::TextRange;
use crate::yaml::{NodeId, Yaml, YamlErrorKind};

/// Component ids: lowercase ASCII letters, digits and '-', starting with a
/// letter or digit.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The parser's own errors as findings.
pub(crate) fn yaml_errors(yaml: &Yaml, map: &OffsetMap) -> Vec<Diagnostic> {
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

fn top_keys<'y>(yaml: &'y Yaml<'_>) -> impl Iterator<Item = &'y str> {
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
    for e in fitting(table_entries(
        src,
        &entries,
        format::TOP_KEYS,
        "the inventory",
    )) {
        match e.key {
            TopKey::Version => doc.version = src.text(e.name, e.value),
            TopKey::Framework => doc.framework = src.text(e.name, e.value),
            TopKey::System => doc.system = Some(system(src, e.value)),
            TopKey::Components => {
                doc.components_key = Some(src.inner_range(e.key_node));
                doc.components = components(src, e.value);
            }
        }
    }
    check_version(src, &doc, root);
    doc
}

/// One entry of a mapping whose key is in a format table.
struct Entry<K> {
    key: K,
    name: &'static str,
    key_node: NodeId,
    value: NodeId,
    /// The value has the table's shape (else `wrong-type` was reported).
    fits: bool,
}

/// The entries of a mapping whose keys `table` lists, with their values'
/// shapes checked; other keys are reported as unknown.
fn table_entries<K: Copy>(
    src: &mut Source,
    entries: &[(NodeId, NodeId)],
    table: &[KeyDef<K>],
    context: &str,
) -> Vec<Entry<K>> {
    let names = format::key_names(table);
    src.known_entries(entries, &names, context)
        .into_iter()
        .filter_map(|(name, key_node, value)| {
            // Always found: `known_entries` keeps only the table's names.
            let def = format::find_key(table, &name)?;
            Some(Entry {
                key: def.key,
                name: def.name,
                key_node,
                value,
                fits: src.check_shape(def.name, value, def.shape),
            })
        })
        .collect()
}

fn fitting<K>(entries: Vec<Entry<K>>) -> impl Iterator<Item = Entry<K>> {
    entries.into_iter().filter(|e| e.fits)
}

/// The fitting entries of the mapping that is the value of `key` (none
/// when it is not a mapping: `wrong-type`).
fn fitting_fields<K: Copy>(
    src: &mut Source,
    key: &str,
    node: NodeId,
    table: &[KeyDef<K>],
) -> Vec<Entry<K>> {
    let Some(entries) = src.mapping(key, node) else {
        return Vec::new();
    };
    fitting(table_entries(src, &entries, table, &format!("`{key}`"))).collect()
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
    for e in fitting_fields(src, "system", node, format::SYSTEM_KEYS) {
        let text = src.text(e.name, e.value);
        match e.key {
            SystemKey::Name => system.name = text,
            SystemKey::Owner => system.owner = text,
            SystemKey::Description => system.description = text,
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
        covers: Vec::new(),
        data: Vec::new(),
        responsibilities_key: None,
        responsibilities_body: None,
        responsibilities: Vec::new(),
        extends: None,
    };
    let Some(entries) = src.mapping(&c.id.value.clone(), node) else {
        return c;
    };
    let context = format!("component `{}`", c.id.value);
    let mut deployment_empty = false;
    let mut keys = Vec::new();
    for e in table_entries(src, &entries, format::COMPONENT_KEYS, &context) {
        if e.key == ComponentKey::Deployment {
            c.deployment_key = Some(src.inner_range(e.key_node));
            deployment_empty = src.yaml.is_null(e.value);
        }
        keys.push((e.key, e.name, src.inner_range(e.key_node)));
        if e.fits {
            component_entry(src, &mut c, &e);
        }
    }
    if let Some((.., at)) = keys.iter().find(|(k, ..)| *k == ComponentKey::Extends) {
        if crate::workspace::is_markdown(src.path) {
            check_extension(src, &c, &keys);
            return c;
        }
        // An inventory declares its components: the key is reported and
        // the entry stays a declaration.
        src.report(Diagnostic::new(
            Code::ExtensionKey,
            *at,
            format!(
                "`extends:` belongs in a design document's ```aisrm block; an inventory declares `{}`",
                c.id.value
            ),
        ));
        c.extends = None;
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

fn component_entry(src: &mut Source, c: &mut Component, e: &Entry<ComponentKey>) {
    let (name, value) = (e.name, e.value);
    match e.key {
        ComponentKey::Name => c.name = src.text(name, value),
        ComponentKey::Deployment => c.deployment = src.text(name, value),
        ComponentKey::Provider => {
            (c.provider, c.provider_url, c.provider_contact) = provider(src, value);
        }
        ComponentKey::Owner => c.owner = src.text(name, value),
        ComponentKey::Description => c.description = src.text(name, value),
        ComponentKey::DependsOn => c.depends_on = src.text_list(name, value),
        ComponentKey::Data => c.data = src.text_list(name, value),
        ComponentKey::Covers => c.covers = src.text_list(name, value),
        ComponentKey::Responsibilities => {
            c.responsibilities_key = Some(src.inner_range(e.key_node));
            c.responsibilities_body = Some(src.range(value));
            c.responsibilities = responsibilities(src, value);
        }
        ComponentKey::Extends => c.extends = src.text(name, value).map(|v| extends(src, v)),
    }
}

/// An `extends:` value: a component link, `path#id`, resolved against the
/// document's folder as Markdown links are.
fn extends(src: &Source, value: Spanned<String>) -> Extends {
    let (path, fragment) = match value.value.rsplit_once('#') {
        Some((path, id)) => (path.to_string(), Some(id.to_string())),
        None => (value.value.clone(), None),
    };
    // The fragment's place is exact only when the value is written as it
    // reads (no escapes, not folded).
    let written_as_is = value.range.len() == value.value.len();
    let fragment = fragment.map(|id| {
        let range = if written_as_is {
            let start = value.range.start + path.len() + 1;
            TextRange::new(start, start + id.len())
        } else {
            value.range
        };
        Spanned::new(id, range)
    });
    let dir = src.path.parent().unwrap_or(std::path::Path::new(""));
    let target = (!path.is_empty()).then(|| crate::workspace::normalize(&dir.join(&path)));
    Extends {
        value,
        path,
        target,
        fragment,
    }
}

/// An entry with `extends:` adds to a component declared elsewhere: it
/// must link to its own id and holds only what may be added (the
/// declaration has the one name, owner, ...).
fn check_extension(src: &mut Source, c: &Component, keys: &[(ComponentKey, &str, TextRange)]) {
    let id = &c.id.value;
    for (_, name, at) in keys
        .iter()
        .filter(|(k, ..)| !format::EXTENSION_KEYS.contains(k))
    {
        src.report(Diagnostic::new(
            Code::ExtensionKey,
            *at,
            format!("`{name}:` stays with the declaration of `{id}` in its inventory; an extension adds `responsibilities:` (and may repeat `deployment:`)"),
        ));
    }
    let Some(ext) = &c.extends else { return };
    if ext.fragment.as_ref().is_none_or(|f| f.value != *id) {
        src.report(Diagnostic::new(
            Code::ExtensionKey,
            ext.value.range,
            format!("`extends:` links to the inventory component this entry adds to, by this entry's id: `{}#{id}`", ext.path),
        ));
    }
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
    let (mut name, mut url, mut contact) = (None, None, None);
    for e in fitting_fields(src, "provider", node, format::PROVIDER_KEYS) {
        let text = src.text(e.name, e.value);
        match e.key {
            ProviderKey::Name => name = text,
            ProviderKey::Url => url = text,
            ProviderKey::Contact => contact = text,
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
        reason_written: false,
        controls: Vec::new(),
        refs: Vec::new(),
        notes: None,
        written_in: None,
    };
    let Some(entries) = src.mapping(&r.domain.value.clone(), node) else {
        return r;
    };
    let context = format!("responsibility `{}`", r.domain.value);
    let table = format::RESPONSIBILITY_KEYS;
    for e in fitting(table_entries(src, &entries, table, &context)) {
        let (name, value) = (e.name, e.value);
        match e.key {
            ResponsibilityKey::Owner => r.owner = src.text(name, value),
            ResponsibilityKey::Status => r.status = src.text(name, value),
            ResponsibilityKey::Ownership => r.ownership = src.text(name, value),
            ResponsibilityKey::Reason => {
                r.reason_written = true;
                r.reason = src.text(name, value);
            }
            ResponsibilityKey::Controls => r.controls = src.text_list(name, value),
            ResponsibilityKey::Refs => r.refs = src.text_list(name, value),
            ResponsibilityKey::Notes => r.notes = src.text(name, value),
        }
    }
    r
}
