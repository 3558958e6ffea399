//! Reading a CycloneDX BOM back: which of its components and services are
//! AI components, with their deployment model. An item written by
//! `aisrm export` keeps its `aisrm:` id, framework and deployment model; any
//! other item is an AI component when the data file's read rules say so
//! (a `machine-learning-model` component, a service of a known model
//! provider). Nothing about a kept item is dropped: every field and
//! property aisrm does not map is kept in [`BomItem::other`].

use serde_json::Value;

use super::cyclonedx::{PROP_DEPLOYMENT_MODEL, PROP_FRAMEWORK, PROP_ID};
use super::read_rules;
use crate::text::slug;

/// One AI component found in a BOM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BomItem {
    /// Where it is in the BOM, as a JSON pointer (`/services/2`).
    pub pointer: String,
    pub id: String,
    pub name: String,
    pub provider: Option<String>,
    pub framework: String,
    pub deployment: String,
    pub basis: Basis,
    /// Every other field (`/key` = JSON) and property (`name` = value) of
    /// the item, in the BOM's order.
    pub other: Vec<(String, String)>,
}

/// Why the item is an AI component of its deployment model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Its `aisrm:deployment-model` property.
    Properties,
    /// Its component type (`machine-learning-model`).
    ComponentType(String),
    /// Its provider or name mentions a known model provider.
    Provider(String),
}

/// The AI components of a parsed BOM, in BOM order (components, then
/// services, nested ones after their parent). Not a BOM: nothing.
pub fn read(bom: &Value) -> Vec<BomItem> {
    if bom.get("bomFormat").and_then(Value::as_str) != Some("CycloneDX") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (key, service) in [("components", false), ("services", true)] {
        walk(bom.get(key), &format!("/{key}"), service, &mut out);
    }
    out
}

fn walk(list: Option<&Value>, pointer: &str, service: bool, out: &mut Vec<BomItem>) {
    let Some(items) = list.and_then(Value::as_array) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let here = format!("{pointer}/{i}");
        if let Some(found) = classify(item, &here, service) {
            out.push(found);
        }
        let nested = if service { "services" } else { "components" };
        walk(item.get(nested), &format!("{here}/{nested}"), service, out);
    }
}

fn classify(item: &Value, pointer: &str, service: bool) -> Option<BomItem> {
    let props = properties(item);
    let prop = |name: &str| {
        props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let name = text(item, "name");
    let provider = if service {
        item.get("provider").and_then(|p| text(p, "name"))
    } else {
        item.get("supplier")
            .and_then(|p| text(p, "name"))
            .or_else(|| item.get("manufacturer").and_then(|p| text(p, "name")))
    };
    let (framework, deployment, basis) = match prop(PROP_DEPLOYMENT_MODEL) {
        Some(model) => (
            prop(PROP_FRAMEWORK).unwrap_or_else(|| "aisrm".into()),
            model,
            Basis::Properties,
        ),
        None => {
            let (model, basis) = by_rules(item, service, name.as_deref(), provider.as_deref())?;
            ("aisrm".to_string(), model, basis)
        }
    };
    let bom_ref = text(item, "bom-ref");
    let id = prop(PROP_ID)
        .or_else(|| name.as_deref().map(|n| slug(n, "system")))
        .or_else(|| bom_ref.as_deref().map(|r| slug(r, "system")))
        .unwrap_or_else(|| slug(pointer, "system"));
    Some(BomItem {
        pointer: pointer.to_string(),
        name: name.unwrap_or_else(|| id.clone()),
        id,
        provider,
        framework,
        deployment,
        basis,
        other: other(item, service),
    })
}

/// The deployment model the read rules give an item without `aisrm:`
/// properties, if it is an AI component at all.
fn by_rules(
    item: &Value,
    service: bool,
    name: Option<&str>,
    provider: Option<&str>,
) -> Option<(String, Basis)> {
    let rules = read_rules();
    if !service {
        let kind = text(item, "type")?;
        let (_, model) = rules.component_types.iter().find(|(t, _)| *t == kind)?;
        return Some((model.clone(), Basis::ComponentType(kind)));
    }
    let mentions = |text: Option<&str>, word: &str| {
        text.is_some_and(|t| t.to_lowercase().contains(&word.to_lowercase()))
    };
    rules
        .service_providers
        .iter()
        .find(|(word, _)| mentions(provider, word) || mentions(name, word))
        .map(|(word, model)| (model.clone(), Basis::Provider(word.clone())))
}

fn properties(item: &Value) -> Vec<(String, String)> {
    item.get("properties")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|p| Some((text(p, "name")?, text(p, "value").unwrap_or_default())))
                .collect()
        })
        .unwrap_or_default()
}

/// Everything about the item that [`BomItem`]'s own fields do not hold.
fn other(item: &Value, service: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(fields) = item.as_object() else {
        return out;
    };
    let nested = if service { "services" } else { "components" };
    for (key, value) in fields {
        match key.as_str() {
            "name" | "properties" => {}
            k if k == nested => {}
            _ => out.push((format!("/{key}"), value.to_string())),
        }
    }
    for (name, value) in properties(item) {
        // The framework stays: a deployment model means nothing without it.
        if ![PROP_ID, PROP_DEPLOYMENT_MODEL].contains(&name.as_str()) {
            out.push((name, value));
        }
    }
    out
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_models_and_known_providers_and_keeps_the_rest() {
        let bom = json!({
            "bomFormat": "CycloneDX",
            "specVersion": "1.6",
            "components": [
                {"type": "library", "name": "requests", "version": "2.32"},
                {"type": "machine-learning-model", "name": "Llama 3.1 8B", "bom-ref": "m1",
                 "modelCard": {"modelParameters": {"task": "text-generation"}},
                 "properties": [{"name": "acme:tier", "value": "gold"}]}
            ],
            "services": [
                {"name": "payments", "provider": {"name": "Stripe"}},
                {"name": "chat completions", "provider": {"name": "OpenAI, L.L.C."},
                 "endpoints": ["https://api.openai.com/v1/chat/completions"]}
            ]
        });
        let items = read(&bom);
        assert_eq!(items.len(), 2);
        let model = &items[0];
        assert_eq!(model.pointer, "/components/1");
        assert_eq!(model.id, "llama-3-1-8b");
        assert_eq!(model.deployment, "on-premises");
        assert_eq!(
            model.basis,
            Basis::ComponentType("machine-learning-model".into())
        );
        assert_eq!(
            model.other,
            [
                ("/bom-ref".to_string(), "\"m1\"".to_string()),
                (
                    "/modelCard".to_string(),
                    r#"{"modelParameters":{"task":"text-generation"}}"#.to_string()
                ),
                (
                    "/type".to_string(),
                    "\"machine-learning-model\"".to_string()
                ),
                ("acme:tier".to_string(), "gold".to_string()),
            ]
        );
        let api = &items[1];
        assert_eq!(api.pointer, "/services/1");
        assert_eq!(api.deployment, "paas-ai");
        assert_eq!(api.provider.as_deref(), Some("OpenAI, L.L.C."));
        assert_eq!(api.basis, Basis::Provider("OpenAI".into()));
        assert!(api.other.iter().any(|(k, _)| k == "/endpoints"));
    }

    #[test]
    fn aisrm_properties_win() {
        let bom = json!({"bomFormat": "CycloneDX", "services": [{
        "name": "Ops memory", "properties": [
            {"name": "aisrm:id", "value": "ops-memory"},
            {"name": "aisrm:framework", "value": "aisrm"},
            {"name": "aisrm:deployment-model", "value": "mcp-systems"},
            {"name": "aisrm:responsibility:data-security", "value": "customer"}
        ]}]});
        let items = read(&bom);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].id, "ops-memory");
        assert_eq!(items[0].deployment, "mcp-systems");
        assert_eq!(items[0].basis, Basis::Properties);
        assert_eq!(
            items[0].other,
            [
                ("aisrm:framework".to_string(), "aisrm".to_string()),
                (
                    "aisrm:responsibility:data-security".to_string(),
                    "customer".to_string()
                )
            ]
        );
    }

    #[test]
    fn not_a_bom_is_nothing() {
        assert!(read(&json!({"components": [{"type": "machine-learning-model"}]})).is_empty());
        assert!(read(&json!([1, 2])).is_empty());
    }
}
