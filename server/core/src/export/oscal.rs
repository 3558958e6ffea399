//! OSCAL 1.2 JSON: a catalog whose controls are a framework's domains
//! ([`catalog`]), and a component definition ([`component_definition`]) in
//! which every AI component implements that catalog with one
//! `implemented-requirement` per domain: who is responsible (OSCAL
//! `responsible-roles` and `control-origination`), the team that owns the
//! duty, and its status (OSCAL `implementation-status` where OSCAL has the
//! word). Every UUID is a UUIDv5 of stable names, so it is the same on every
//! run.

use serde_json::{Value, json};
use uuid::Uuid;

use super::{BomKind, Exported, Project, TOOL_NAME, TOOL_VERSION, entry};
use crate::analysis::{Duty, OwnerSource};
use crate::framework::{Domain, Framework, LevelKind};

/// The OSCAL version both documents follow.
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of aisrm's own `props`.
pub const NS: &str = "https://github.com/aisrm/aisrm/ns/oscal";

/// The namespace of every UUIDv5 aisrm derives (fixed forever: changing it
/// changes every UUID).
const UUID_NAMESPACE: Uuid = Uuid::from_u128(0x6f2b_1d0e_8a4c_4b7e_9c31_5e0a_d2f4_7b18);

/// A stable UUID for `kind` + `parts`.
pub fn stable_uuid(kind: &str, parts: &[&str]) -> String {
    let mut name = kind.to_string();
    for p in parts {
        name.push('\u{1f}');
        name.push_str(p);
    }
    Uuid::new_v5(&UUID_NAMESPACE, name.as_bytes()).to_string()
}

/// The control id of a domain: the domain id, which is already an OSCAL
/// token unless it starts with a digit.
pub(crate) fn control_id(domain: &str) -> String {
    if domain.starts_with(|c: char| c.is_ascii_digit()) {
        format!("d-{domain}")
    } else {
        domain.to_string()
    }
}

/// The framework's domains as an OSCAL catalog, one control per domain,
/// with the matrix as props (`level` and `critical-focus`, class = model).
pub fn catalog(framework: &Framework, timestamp: &str) -> Value {
    let version = framework_version(framework);
    let resource = stable_uuid("resource", &[&framework.id, "source"]);
    let controls: Vec<Value> = framework
        .domains
        .iter()
        .map(|d| control(framework, d))
        .collect();
    let mut metadata = json!({
        "title": framework.name,
        "last-modified": timestamp,
        "version": version,
        "oscal-version": OSCAL_VERSION,
        "props": [ns_prop("framework", &framework.id)],
        "remarks": framework.description,
    });
    if !framework.source.url.trim().is_empty() {
        metadata["links"] = json!([{"href": format!("#{resource}"), "rel": "reference"}]);
    }
    let mut catalog = json!({
        "uuid": stable_uuid("catalog", &[&framework.id, &version]),
        "metadata": metadata,
        "controls": controls,
    });
    if !framework.source.url.trim().is_empty() {
        catalog["back-matter"] = json!({"resources": [{
            "uuid": resource,
            "title": framework.source.title,
            "description": source_description(framework),
            "rlinks": [{"href": framework.source.url}],
        }]});
    }
    json!({ "catalog": catalog })
}

fn framework_version(framework: &Framework) -> String {
    framework
        .version
        .clone()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "unversioned".into())
}

fn source_description(framework: &Framework) -> String {
    let s = &framework.source;
    let mut parts = vec![s.title.clone()];
    parts.extend(s.author.iter().map(|a| format!("by {a}")));
    parts.extend(s.revision.iter().map(|r| format!("revision {r}")));
    parts.extend(s.license.iter().map(|l| format!("license {l}")));
    parts.join(", ")
}

fn control(framework: &Framework, domain: &Domain) -> Value {
    let id = control_id(&domain.id);
    let mut props = Vec::new();
    if let Some(n) = domain.number {
        props.push(json!({"name": "label", "value": n.to_string()}));
        props.push(json!({"name": "sort-id", "value": format!("{n:03}")}));
    }
    if let Some(layer) = &domain.layer {
        props.push(ns_prop("layer", layer));
    }
    props.push(ns_prop(
        "ai-specific",
        if domain.ai_specific { "true" } else { "false" },
    ));
    for (model, cell) in framework.row(&domain.id) {
        props.push(json!({"name": "level", "ns": NS, "class": model.id, "value": cell.level.id()}));
        if cell.critical {
            props.push(
                json!({"name": "critical-focus", "ns": NS, "class": model.id, "value": "true"}),
            );
        }
    }
    let mut parts =
        vec![json!({"id": format!("{id}_smt"), "name": "statement", "prose": domain.focus})];
    if !domain.description.trim().is_empty() {
        parts.push(
            json!({"id": format!("{id}_gdn"), "name": "guidance", "prose": domain.description}),
        );
    }
    let mut c = json!({
        "id": id,
        "class": "aisrm-domain",
        "title": domain.name,
        "props": props,
        "parts": parts,
    });
    if let Some(url) = domain.source.as_deref().filter(|u| !u.is_empty()) {
        c["links"] = json!([{"href": url, "rel": "reference"}]);
    }
    c
}

/// The component definition; `catalog_href` gives the `source` of each
/// framework's control implementations (where its catalog is written).
pub fn component_definition(
    project: &Project,
    timestamp: &str,
    title: &str,
    catalog_href: &dyn Fn(&Framework) -> String,
) -> Value {
    let mut parties = Parties::default();
    let components: Vec<Value> = project
        .components
        .iter()
        .map(|c| defined_component(project, c, catalog_href, &mut parties))
        .collect();
    let ids: Vec<&str> = project.components.iter().map(|c| c.id()).collect();
    let mut metadata = json!({
        "title": title,
        "last-modified": timestamp,
        "version": TOOL_VERSION,
        "oscal-version": OSCAL_VERSION,
        "roles": [
            {"id": "provider", "title": "Provider",
             "description": "The organisation that offers or runs the AI component (the framework's provider side)."},
            {"id": "customer", "title": "Customer",
             "description": "The team in the organisation that uses the AI component and carries the customer side."},
        ],
        "props": [ns_prop("generator", &format!("{TOOL_NAME} {TOOL_VERSION}"))],
    });
    if !parties.list.is_empty() {
        metadata["parties"] = Value::Array(parties.list);
    }
    let mut definition = json!({
        "uuid": stable_uuid("component-definition", &ids),
        "metadata": metadata,
    });
    if !components.is_empty() {
        definition["components"] = Value::Array(components);
    }
    json!({ "component-definition": definition })
}

/// Organisations and teams named as providers and owners, one UUID each.
#[derive(Default)]
struct Parties {
    list: Vec<Value>,
}

impl Parties {
    fn uuid(&mut self, name: &str) -> String {
        let uuid = stable_uuid("party", &[name]);
        if !self.list.iter().any(|p| p["uuid"] == uuid.as_str()) {
            self.list
                .push(json!({"uuid": uuid, "type": "organization", "name": name}));
        }
        uuid
    }
}

fn defined_component(
    project: &Project,
    c: &Exported,
    catalog_href: &dyn Fn(&Framework) -> String,
    parties: &mut Parties,
) -> Value {
    let kind = if c.kind.is_service() {
        "service"
    } else {
        "software"
    };
    let mut props = vec![
        ns_prop("id", c.id()),
        ns_prop("framework", &c.framework.id),
        ns_prop("deployment-model", &c.model.id),
    ];
    if let BomKind::Component(cdx) = &c.kind {
        props.push(ns_prop("cyclonedx-type", cdx));
    }
    props.extend(c.component.data.iter().map(|d| ns_prop("data", &d.value)));
    props.push(ns_prop("declared-in", &format!("{}:{}", c.path, c.line)));
    let mut roles = Vec::new();
    if let Some(p) = c.provider() {
        roles.push(json!({"role-id": "provider", "party-uuids": [parties.uuid(p)]}));
    }
    if let Some(o) = c.owner() {
        roles.push(json!({"role-id": "customer", "party-uuids": [parties.uuid(o.name)]}));
        if o.source == OwnerSource::System {
            props.push(ns_prop("owner-inherited-from", o.source.id()));
        }
    }
    let requirements: Vec<Value> = c
        .duties
        .iter()
        .map(|d| implemented_requirement(c, d, parties))
        .collect();
    let mut m = json!({
        "uuid": stable_uuid("component", &[c.id()]),
        "type": kind,
        "title": single_line(c.name()),
        "description": c.description().unwrap_or(c.name()),
        "purpose": single_line(&format!("{} ({})", c.model.name, c.framework.short_name)),
        "props": props,
    });
    let links: Vec<Value> = c
        .dependencies(project)
        .into_iter()
        .map(|id| json!({"href": format!("#{}", stable_uuid("component", &[id])), "rel": "depends-on"}))
        .chain(
            super::text_ref(&c.component.provider_url)
                .map(|u| json!({"href": u, "rel": "reference"})),
        )
        .collect();
    if !links.is_empty() {
        m["links"] = Value::Array(links);
    }
    if !roles.is_empty() {
        m["responsible-roles"] = Value::Array(roles);
    }
    if !requirements.is_empty() {
        m["control-implementations"] = json!([{
            "uuid": stable_uuid("control-implementation", &[c.id(), &c.framework.id]),
            "source": catalog_href(c.framework),
            "description": format!(
                "Who secures {} ({}) in each domain of {}.",
                c.name(), c.model.short_name, c.framework.name
            ),
            "props": [ns_prop("framework", &c.framework.id)],
            "implemented-requirements": requirements,
        }]);
    }
    m
}

fn implemented_requirement(c: &Exported, duty: &Duty, parties: &mut Parties) -> Value {
    let e = entry(duty);
    let mut props: Vec<Value> = origination(duty.effective)
        .iter()
        .map(|o| json!({"name": "control-origination", "value": o}))
        .collect();
    if let Some(state) = e.status.and_then(implementation_state) {
        props.push(json!({"name": "implementation-status", "value": state}));
    } else if duty.effective == LevelKind::NotApplicable && e.status.is_none() {
        props.push(json!({"name": "implementation-status", "value": "not-applicable"}));
    }
    props.push(ns_prop("responsibility", duty.effective.id()));
    if duty.effective != duty.matrix {
        props.push(ns_prop("matrix-responsibility", duty.matrix.id()));
    }
    if duty.critical {
        props.push(ns_prop("critical-focus", "true"));
    }
    if let Some(status) = e.status {
        props.push(ns_prop("status", status));
    }
    if let Some(site) = c.entry_written_in(duty.domain) {
        props.push(ns_prop("written-in", site));
    }
    if let Some(o) = duty.owner.filter(|o| o.source.is_inherited()) {
        props.push(ns_prop("owner-inherited-from", o.source.id()));
    }
    props.extend(e.refs.iter().map(|r| ns_prop("ref", r)));
    let mut roles = Vec::new();
    if matches!(duty.effective, LevelKind::Provider | LevelKind::Shared) {
        let mut role = json!({"role-id": "provider"});
        if let Some(p) = c.provider() {
            role["party-uuids"] = json!([parties.uuid(p)]);
        }
        roles.push(role);
    }
    if matches!(duty.effective, LevelKind::Customer | LevelKind::Shared) {
        let mut role = json!({"role-id": "customer"});
        if let Some(o) = &duty.owner {
            role["party-uuids"] = json!([parties.uuid(o.name)]);
        }
        roles.push(role);
    }
    let mut r = json!({
        "uuid": stable_uuid("implemented-requirement", &[c.id(), duty.domain]),
        "control-id": control_id(duty.domain),
        "description": requirement_description(c, duty),
        "props": props,
    });
    if !roles.is_empty() {
        r["responsible-roles"] = Value::Array(roles);
    }
    if let Some(reason) = e.reason {
        r["remarks"] = json!(reason);
    }
    r
}

/// OSCAL `control-origination`, seen from the system that uses the AI
/// component: the provider's part is inherited, the customer's part is
/// implemented for the system itself.
fn origination(level: LevelKind) -> &'static [&'static str] {
    match level {
        LevelKind::Provider => &["inherited"],
        LevelKind::Customer => &["system-specific"],
        LevelKind::Shared => &["inherited", "system-specific"],
        LevelKind::ModelDependent | LevelKind::NotApplicable => &[],
    }
}

/// The OSCAL implementation state for an aisrm status, where OSCAL has
/// one (`gap` and `accepted-risk` have none; they stay in aisrm's `status`).
fn implementation_state(status: &str) -> Option<&'static str> {
    match status {
        "implemented" => Some("implemented"),
        "partial" => Some("partial"),
        "planned" => Some("planned"),
        "not-applicable" => Some("not-applicable"),
        _ => None,
    }
}

/// Markdown: who carries the duty, its owner and status, the controls.
fn requirement_description(c: &Exported, duty: &Duty) -> String {
    let e = entry(duty);
    let level = c.framework.level_name(duty.effective);
    let domain = c
        .framework
        .domain(duty.domain)
        .map_or(duty.domain, |d| d.name.as_str());
    let mut text = format!("{domain}: {level}");
    if duty.effective != duty.matrix {
        text.push_str(&format!(
            " (the matrix says {})",
            c.framework.level_name(duty.matrix)
        ));
    }
    text.push('.');
    if let Some(o) = &duty.owner {
        text.push_str(&format!(" Owner: {}.", o.display()));
    }
    if let Some(s) = e.status {
        text.push_str(&format!(" Status: {s}."));
    }
    if duty.critical {
        text.push_str(&format!(" A critical focus for {}.", c.model.short_name));
    }
    if duty.entry.is_none() {
        text.push_str(" No entry in the inventory.");
    }
    if !e.controls.is_empty() {
        text.push_str("\n\nControls:\n");
        for control in &e.controls {
            text.push_str(&format!("\n- {control}"));
        }
    }
    text
}

/// An aisrm prop (OSCAL prop values are one line, without outer spaces).
fn ns_prop(name: &str, value: &str) -> Value {
    json!({"name": name, "ns": NS, "value": single_line(value)})
}

/// OSCAL markup-line values hold no line breaks.
fn single_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
