//! Which CycloneDX shape each deployment model takes, and which BOM items
//! are AI components when a BOM is read: the data file
//! `schemas/interop/cyclonedx.yaml`, read once.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::document::Component;
use crate::framework::{Framework, Model};
use crate::yaml::{NodeId, Yaml};

const KINDS_YAML: &str = include_str!("../../schemas/interop/cyclonedx.yaml");

/// How a component is written in a BOM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BomKind {
    /// A CycloneDX service. `provider_side`: the provider runs it, so using
    /// it crosses a trust boundary.
    Service { provider_side: bool },
    /// A CycloneDX component of this type (`machine-learning-model`,
    /// `application`, ...).
    Component(String),
}

impl BomKind {
    pub(crate) fn is_service(&self) -> bool {
        matches!(self, BomKind::Service { .. })
    }
}

struct Table {
    models: HashMap<(String, String), BomKind>,
    with_provider: BomKind,
    without_provider: BomKind,
    read: ReadRules,
}

/// How a BOM item without `aisrm:` properties becomes an AI component.
#[derive(Debug, Default)]
pub struct ReadRules {
    /// CycloneDX component type -> deployment model.
    pub component_types: Vec<(String, String)>,
    /// Text found in a service's provider or name -> deployment model.
    pub service_providers: Vec<(String, String)>,
}

/// The rules for reading BOMs.
pub(crate) fn read_rules() -> &'static ReadRules {
    &table().read
}

/// The BOM shape of a component of `model` in `framework`.
pub(crate) fn bom_kind(framework: &Framework, model: &Model, component: &Component) -> BomKind {
    let has_provider = component
        .provider
        .as_ref()
        .is_some_and(|p| !p.value.trim().is_empty());
    bom_kind_of(framework, model, has_provider)
}

/// The BOM shape of a component of `model` in `framework` that names a
/// provider or not.
pub(crate) fn bom_kind_of(framework: &Framework, model: &Model, has_provider: bool) -> BomKind {
    let table = table();
    if let Some(kind) = table.models.get(&(framework.id.clone(), model.id.clone())) {
        return kind.clone();
    }
    if has_provider {
        table.with_provider.clone()
    } else {
        table.without_provider.clone()
    }
}

/// The entry for a model of a built-in framework, if the data has one.
#[cfg(test)]
fn builtin_kind(framework: &str, model: &str) -> Option<BomKind> {
    table()
        .models
        .get(&(framework.to_string(), model.to_string()))
        .cloned()
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse(KINDS_YAML))
}

fn parse(text: &str) -> Table {
    let yaml = Yaml::parse(text);
    let root = yaml.root();
    let get = |node: Option<NodeId>, key: &str| -> Option<NodeId> {
        yaml.entries(node?)?
            .iter()
            .find(|(k, _)| yaml.scalar(*k) == Some(key))
            .map(|(_, v)| *v)
    };
    let kind = |node: Option<NodeId>| -> BomKind {
        let shape = get(node, "as").and_then(|n| yaml.scalar(n));
        match shape {
            Some("service") => BomKind::Service {
                provider_side: get(node, "trust-zone").and_then(|n| yaml.scalar(n))
                    == Some("provider"),
            },
            Some(other) => BomKind::Component(other.to_string()),
            None => BomKind::Component("application".into()),
        }
    };
    let mut models = HashMap::new();
    let frameworks = get(root, "models");
    for (fw, column) in frameworks.and_then(|n| yaml.entries(n)).unwrap_or_default() {
        let Some(fw) = yaml.scalar(*fw) else { continue };
        for (model, value) in yaml.entries(*column).unwrap_or_default() {
            if let Some(model) = yaml.scalar(*model) {
                models.insert((fw.to_string(), model.to_string()), kind(Some(*value)));
            }
        }
    }
    let custom = get(root, "custom");
    let pairs = |node: Option<NodeId>| -> Vec<(String, String)> {
        node.and_then(|n| yaml.entries(n))
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, v)| Some((yaml.scalar(*k)?.to_string(), yaml.scalar(*v)?.to_string())))
            .collect()
    };
    let read = get(root, "read");
    Table {
        models,
        with_provider: kind(get(custom, "with-provider")),
        without_provider: kind(get(custom, "without-provider")),
        read: ReadRules {
            component_types: pairs(get(read, "component-types")),
            service_providers: pairs(get(read, "service-providers")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework;

    #[test]
    fn every_builtin_model_has_a_bom_kind() {
        for fw in framework::builtins() {
            for m in &fw.models {
                assert!(
                    builtin_kind(&fw.id, &m.id).is_some(),
                    "schemas/interop/cyclonedx.yaml has no entry for {}/{}",
                    fw.id,
                    m.id
                );
            }
        }
    }

    #[test]
    fn reads_the_data_file() {
        assert_eq!(
            builtin_kind("aisrm", "saas-ai"),
            Some(BomKind::Service {
                provider_side: true
            })
        );
        assert_eq!(
            builtin_kind("aisrm", "mcp-systems"),
            Some(BomKind::Service {
                provider_side: false
            })
        );
        assert_eq!(
            builtin_kind("aisrm", "on-premises"),
            Some(BomKind::Component("machine-learning-model".into()))
        );
        let t = table();
        assert_eq!(
            t.with_provider,
            BomKind::Service {
                provider_side: true
            }
        );
        assert_eq!(t.without_provider, BomKind::Component("application".into()));
        assert!(
            t.read
                .component_types
                .contains(&("machine-learning-model".into(), "on-premises".into()))
        );
        assert!(
            t.read
                .service_providers
                .contains(&("OpenAI".into(), "paas-ai".into()))
        );
    }

    #[test]
    fn read_rules_name_models_of_the_aisrm_framework() {
        let fw = framework::builtin("aisrm").unwrap();
        let rules = read_rules();
        for (_, model) in rules.component_types.iter().chain(&rules.service_providers) {
            assert!(fw.model(model).is_some(), "{model}");
        }
    }
}
