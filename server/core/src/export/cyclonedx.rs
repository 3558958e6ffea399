//! A CycloneDX 1.6 BOM (JSON) of the project's AI components: hosted
//! offerings as `services`, self-run models as `machine-learning-model`
//! components, agents and assistants as applications (the data file
//! `schemas/interop/cyclonedx.yaml` decides), responsibilities as `aisrm:`
//! properties (docs/export.md lists them). Two exports of one project differ
//! only in `serialNumber` and `metadata.timestamp`, which the caller gives.

use serde_json::{Map, Value, json};

use super::{BomKind, Exported, Project, TOOL_NAME, TOOL_URL, TOOL_VERSION, Undeclared, entry};
use crate::analysis::{Owner, OwnerSource};
use crate::discovery::Evidence;
use crate::framework::{Framework, Model};
use crate::text::slug;

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
    let declared = project
        .components
        .iter()
        .map(|c| Item::declared(c).shaped(&c.kind));
    let undeclared = project
        .undeclared
        .iter()
        .map(|u| Item::undeclared(u).shaped(&u.kind));
    for (is_service, item) in declared.chain(undeclared) {
        if is_service {
            services.push(item);
        } else {
            components.push(item);
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
    main.insert(
        "bom-ref".into(),
        json!(format!("system:{}", slug(&name, "system"))),
    );
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

/// What a BOM entry says, whichever shape it takes.
struct Item {
    bom_ref: String,
    name: String,
    description: Option<String>,
    organization: Option<Value>,
    data: Vec<String>,
    references: Vec<Value>,
    properties: Vec<Value>,
    /// Where the inventory declares it (already in `aisrm:declared-in`).
    declaration: Option<Value>,
    /// Where discovery found it.
    occurrences: Vec<Value>,
}

impl Item {
    fn declared(c: &Exported) -> Item {
        Item {
            bom_ref: bom_ref(c.id()),
            name: c.name().to_string(),
            description: c.description().map(str::to_string),
            organization: organization(c),
            data: c.component.data.iter().map(|d| d.value.clone()).collect(),
            references: references(c.framework, c.model),
            properties: properties(c),
            declaration: Some(json!({"location": c.path, "line": c.line})),
            occurrences: c.occurrences.iter().map(|e| occurrence(e)).collect(),
        }
    }

    fn undeclared(u: &Undeclared) -> Item {
        let def = &u.found.def;
        let provider = Some(def.provider.trim()).filter(|p| !p.is_empty());
        Item {
            bom_ref: bom_ref(&def.id),
            name: def.name.clone(),
            description: Some(def.description.clone()).filter(|d| !d.trim().is_empty()),
            organization: provider.map(|p| json!({"name": p})),
            data: Vec::new(),
            references: references(u.framework, u.model),
            properties: undeclared_properties(u),
            declaration: None,
            occurrences: u.found.evidence.iter().map(occurrence).collect(),
        }
    }

    fn service(self, provider_side: bool) -> Value {
        let mut s = Map::new();
        s.insert("bom-ref".into(), json!(self.bom_ref));
        if let Some(provider) = self.organization {
            s.insert("provider".into(), provider);
        }
        s.insert("name".into(), json!(self.name));
        if let Some(d) = self.description {
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
        let data: Vec<Value> = self
            .data
            .iter()
            .map(|d| json!({"flow": "bi-directional", "classification": d}))
            .collect();
        insert_nonempty(&mut s, "data", data);
        insert_nonempty(&mut s, "externalReferences", self.references);
        // A 1.6 service has no `evidence`: its occurrences are properties.
        let mut properties = self.properties;
        for o in &self.occurrences {
            let at = format!(
                "{}:{}",
                o["location"].as_str().unwrap_or_default(),
                o["line"]
            );
            properties.push(prop("occurrence", &at));
        }
        s.insert("properties".into(), Value::Array(properties));
        Value::Object(s)
    }

    fn component(self, kind: &str) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        m.insert("bom-ref".into(), json!(self.bom_ref));
        if let Some(supplier) = self.organization {
            m.insert("supplier".into(), supplier);
        }
        m.insert("name".into(), json!(self.name));
        if let Some(d) = self.description {
            m.insert("description".into(), json!(d));
        }
        insert_nonempty(&mut m, "externalReferences", self.references);
        m.insert("properties".into(), Value::Array(self.properties));
        let occurrences: Vec<Value> = self
            .declaration
            .into_iter()
            .chain(self.occurrences)
            .collect();
        m.insert("evidence".into(), json!({ "occurrences": occurrences }));
        Value::Object(m)
    }

    fn shaped(self, kind: &BomKind) -> (bool, Value) {
        match kind {
            BomKind::Service { provider_side } => (true, self.service(*provider_side)),
            BomKind::Component(k) => (false, self.component(k)),
        }
    }
}

/// A piece of discovery evidence as a CycloneDX occurrence.
fn occurrence(e: &Evidence) -> Value {
    json!({
        "location": e.path,
        "line": e.line,
        "additionalContext": format!("{} (discovery signal {})", e.what, e.signal),
    })
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
fn references(framework: &Framework, model: &Model) -> Vec<Value> {
    let mut out = framework_reference(framework);
    if let Some(url) = model.source.as_deref().filter(|u| !u.is_empty()) {
        out.push(json!({
            "type": "documentation",
            "url": url,
            "comment": format!("{} in {}", model.name, framework.name),
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
        // The component's own owner is written here, not inherited.
        push_owner(&mut out, "owner", &owner, OwnerSource::Component);
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
        if let Some(owner) = &duty.owner {
            push_owner(&mut out, &format!("{key}:owner"), owner, OwnerSource::Entry);
        }
        if let Some(site) = c.entry_written_in(duty.domain) {
            out.push(prop(&format!("{key}:written-in"), site));
        }
        let fields = [("status", e.status), ("reason", e.reason)];
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

/// `aisrm:<key>` = the owner's name, and `aisrm:<key>:inherited-from` =
/// `component` or `system` when it is not written at `own` (where the
/// property's subject keeps its owner).
fn push_owner(out: &mut Vec<Value>, key: &str, owner: &Owner, own: OwnerSource) {
    out.push(prop(key, owner.name));
    if owner.source != own {
        out.push(prop(&format!("{key}:inherited-from"), owner.source.id()));
    }
}

/// What the BOM says of a discovered component no inventory declares:
/// its identity, `aisrm:declared` = `false`, discovery's confidence, and
/// the matrix cells of its model (nobody has declared owners yet).
fn undeclared_properties(u: &Undeclared) -> Vec<Value> {
    let mut out = vec![
        named(PROP_ID, &u.found.def.id),
        named(PROP_FRAMEWORK, &u.framework.id),
        named(PROP_DEPLOYMENT_MODEL, &u.model.id),
        prop("declared", "false"),
        prop("confidence", u.found.confidence.id()),
    ];
    for (domain, cell) in u.framework.column(&u.model.id) {
        let key = format!("responsibility:{}", domain.id);
        out.push(prop(&key, cell.level.id()));
        if cell.critical {
            out.push(prop(&format!("{key}:critical"), "true"));
        }
    }
    out
}

fn dependencies(project: &Project, main_ref: &str) -> Vec<Value> {
    let all: Vec<String> = project.ids().into_iter().map(bom_ref).collect();
    let mut out = vec![json!({"ref": main_ref, "dependsOn": all})];
    for c in &project.components {
        let on: Vec<String> = c.dependencies(project).into_iter().map(bom_ref).collect();
        out.push(json!({"ref": bom_ref(c.id()), "dependsOn": on}));
    }
    for u in &project.undeclared {
        out.push(json!({"ref": bom_ref(&u.found.def.id), "dependsOn": []}));
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
