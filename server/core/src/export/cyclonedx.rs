//! A CycloneDX 1.6 BOM (JSON) of the project's AI components: hosted
//! offerings as `services`, self-run models as `machine-learning-model`
//! components, agents and assistants as applications (the data file
//! `schemas/interop/cyclonedx.yaml` decides), responsibilities as `aisrm:`
//! properties (docs/export.md lists them). Two exports of one project differ
//! only in `serialNumber` and `metadata.timestamp`, which the caller gives.

use serde_json::{Map, Value, json};

use super::{BomKind, Exported, Project, TOOL_NAME, TOOL_URL, TOOL_VERSION, entry, slug};
use crate::framework::Framework;

/// The `aisrm:` property namespace (CycloneDX property taxonomy: lowercase
/// namespace, `:` only as the delimiter).
pub const NS: &str = "aisrm";

/// The properties that say what a component is (what a reader of the BOM
/// needs to place it again).
pub const PROP_ID: &str = "aisrm:id";
pub const PROP_FRAMEWORK: &str = "aisrm:framework";
pub const PROP_DEPLOYMENT_MODEL: &str = "aisrm:deployment-model";

/// The values that change between two exports of the same project.
pub struct Stamp<'a> {
    /// An RFC 4122 UUID, written as `urn:uuid:...`.
    pub serial: &'a str,
    /// RFC 3339 date-time.
    pub timestamp: &'a str,
    /// The name of the main component when the project declares no single
    /// `system:` (e.g. the folder's name).
    pub fallback_name: &'a str,
}

/// The BOM.
pub fn bom(project: &Project, stamp: &Stamp) -> Value {
    let main = main_component(project, stamp.fallback_name);
    let main_ref = main["bom-ref"].as_str().unwrap_or_default().to_string();
    let mut components = Vec::new();
    let mut services = Vec::new();
    for c in &project.components {
        match &c.kind {
            BomKind::Service { provider_side } => services.push(service(c, *provider_side)),
            BomKind::Component(kind) => components.push(component(c, kind)),
        }
    }
    let mut bom = Map::new();
    bom.insert(
        "$schema".into(),
        json!("http://cyclonedx.org/schema/bom-1.6.schema.json"),
    );
    bom.insert("bomFormat".into(), json!("CycloneDX"));
    bom.insert("specVersion".into(), json!("1.6"));
    bom.insert(
        "serialNumber".into(),
        json!(format!("urn:uuid:{}", stamp.serial)),
    );
    bom.insert("version".into(), json!(1));
    bom.insert(
        "metadata".into(),
        json!({
            "timestamp": stamp.timestamp,
            "tools": {"components": [{
                "type": "application",
                "name": TOOL_NAME,
                "version": TOOL_VERSION,
                "externalReferences": [{"type": "vcs", "url": TOOL_URL}],
            }]},
            "component": main,
        }),
    );
    bom.insert("components".into(), Value::Array(components));
    bom.insert("services".into(), Value::Array(services));
    bom.insert(
        "dependencies".into(),
        Value::Array(dependencies(project, &main_ref)),
    );
    Value::Object(bom)
}

/// The stable `bom-ref` of a component.
pub fn bom_ref(id: &str) -> String {
    format!("component:{id}")
}

/// The system the BOM describes: the one `system:` of the inventories, or
/// the fallback name listing every system.
fn main_component(project: &Project, fallback: &str) -> Value {
    let mut properties = Vec::new();
    let name = match project.systems.as_slice() {
        [one] => {
            if let Some(owner) = &one.owner {
                properties.push(prop("owner", owner));
            }
            one.name.clone()
        }
        several => {
            for s in several {
                properties.push(prop("system", &s.name));
            }
            fallback.to_string()
        }
    };
    for f in project.frameworks() {
        properties.push(named(PROP_FRAMEWORK, &f.id));
    }
    let mut main = Map::new();
    main.insert("type".into(), json!("application"));
    main.insert("bom-ref".into(), json!(format!("system:{}", slug(&name))));
    main.insert("name".into(), json!(name));
    main.insert(
        "externalReferences".into(),
        Value::Array(
            project
                .frameworks()
                .iter()
                .flat_map(|f| framework_reference(f))
                .collect(),
        ),
    );
    insert_nonempty(&mut main, "properties", properties);
    Value::Object(main)
}

fn service(c: &Exported, provider_side: bool) -> Value {
    let mut s = Map::new();
    s.insert("bom-ref".into(), json!(bom_ref(c.id())));
    if let Some(provider) = organization(c) {
        s.insert("provider".into(), provider);
    }
    s.insert("name".into(), json!(c.name()));
    if let Some(d) = c.description() {
        s.insert("description".into(), json!(d));
    }
    s.insert("x-trust-boundary".into(), json!(provider_side));
    s.insert(
        "trustZone".into(),
        json!(if provider_side {
            "provider"
        } else {
            "customer"
        }),
    );
    let data: Vec<Value> = c
        .component
        .data
        .iter()
        .map(|d| json!({"flow": "bi-directional", "classification": d.value}))
        .collect();
    insert_nonempty(&mut s, "data", data);
    insert_nonempty(&mut s, "externalReferences", references(c));
    s.insert("properties".into(), Value::Array(properties(c)));
    Value::Object(s)
}

fn component(c: &Exported, kind: &str) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(kind));
    m.insert("bom-ref".into(), json!(bom_ref(c.id())));
    if let Some(supplier) = organization(c) {
        m.insert("supplier".into(), supplier);
    }
    m.insert("name".into(), json!(c.name()));
    if let Some(d) = c.description() {
        m.insert("description".into(), json!(d));
    }
    insert_nonempty(&mut m, "externalReferences", references(c));
    m.insert("properties".into(), Value::Array(properties(c)));
    m.insert(
        "evidence".into(),
        json!({"occurrences": [{"location": c.path, "line": c.line}]}),
    );
    Value::Object(m)
}

/// The provider as a CycloneDX organizational entity.
fn organization(c: &Exported) -> Option<Value> {
    let name = c.provider()?;
    let mut org = Map::new();
    org.insert("name".into(), json!(name));
    if let Some(url) = super::text_ref(&c.component.provider_url) {
        org.insert("url".into(), json!([url]));
    }
    if let Some(contact) = super::text_ref(&c.component.provider_contact) {
        let key = if contact.contains('@') && !contact.contains(' ') {
            "email"
        } else {
            "name"
        };
        org.insert("contact".into(), json!([{ key: contact }]));
    }
    Some(Value::Object(org))
}

/// The framework's source and the model's page in it.
fn references(c: &Exported) -> Vec<Value> {
    let mut out = framework_reference(c.framework);
    if let Some(url) = c.model.source.as_deref().filter(|u| !u.is_empty()) {
        out.push(json!({
            "type": "documentation",
            "url": url,
            "comment": format!("{} in {}", c.model.name, c.framework.name),
        }));
    }
    out
}

fn framework_reference(f: &Framework) -> Vec<Value> {
    if f.source.url.trim().is_empty() {
        return Vec::new();
    }
    let version = f
        .version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    vec![json!({
        "type": "documentation",
        "url": f.source.url,
        "comment": format!("{}{version}: the responsibility framework (aisrm:framework = {})", f.name, f.id),
    })]
}

/// The component's `aisrm:` properties: identity, then one group per
/// domain of its model's column.
fn properties(c: &Exported) -> Vec<Value> {
    let mut out = vec![
        named(PROP_ID, c.id()),
        named(PROP_FRAMEWORK, &c.framework.id),
        named(PROP_DEPLOYMENT_MODEL, &c.model.id),
    ];
    if let Some(owner) = c.owner() {
        out.push(prop("owner", owner));
    }
    if let Some(system) = &c.system {
        out.push(prop("system", system));
    }
    for d in &c.component.data {
        out.push(prop("data", &d.value));
    }
    for d in &c.component.depends_on {
        out.push(prop("depends-on", &d.value));
    }
    out.push(prop("declared-in", &format!("{}:{}", c.path, c.line)));
    for duty in &c.duties {
        let key = format!("responsibility:{}", duty.domain);
        let e = entry(duty);
        out.push(prop(&key, duty.effective.id()));
        // Also for a decided model-dependent cell (not an override).
        if duty.effective != duty.matrix {
            out.push(prop(&format!("{key}:matrix"), duty.matrix.id()));
        }
        if duty.critical {
            out.push(prop(&format!("{key}:critical"), "true"));
        }
        let fields = [
            ("owner", e.owner),
            ("status", e.status),
            ("reason", e.reason),
        ];
        for (name, value) in fields {
            if let Some(v) = value {
                out.push(prop(&format!("{key}:{name}"), v));
            }
        }
        for control in e.controls {
            out.push(prop(&format!("{key}:control"), control));
        }
        for r in e.refs {
            out.push(prop(&format!("{key}:ref"), r));
        }
    }
    out
}

fn dependencies(project: &Project, main_ref: &str) -> Vec<Value> {
    let all: Vec<String> = project.components.iter().map(|c| bom_ref(c.id())).collect();
    let mut out = vec![json!({"ref": main_ref, "dependsOn": all})];
    for c in &project.components {
        let on: Vec<String> = c.dependencies(project).into_iter().map(bom_ref).collect();
        out.push(json!({"ref": bom_ref(c.id()), "dependsOn": on}));
    }
    out
}

/// `aisrm:NAME` = value.
fn prop(name: &str, value: &str) -> Value {
    named(&format!("{NS}:{name}"), value)
}

fn named(name: &str, value: &str) -> Value {
    json!({"name": name, "value": value})
}

fn insert_nonempty(map: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    if !items.is_empty() {
        map.insert(key.into(), Value::Array(items));
    }
}
