//! `export`: a small workspace in, the exact CycloneDX BOM and OSCAL
//! documents out. The consumers' own validation of examples/ is in
//! server/cli/tests/interop.rs.

use std::path::{Path, PathBuf};

use aisrm_core::export::{Project, cyclonedx, cyclonedx_read, oscal};
use aisrm_core::workspace::{Merged, Workspace};
use aisrm_core::{analysis, framework};
use serde_json::Value;

const INVENTORY: &str = r#"aisrm: 1
system:
  name: Test platform
  owner: platform-team
components:
  chat:
    name: Chat assistant
    deployment: saas-ai
    provider:
      name: OpenAI
      url: https://openai.com
      contact: vendor@example.com
    owner: cx-team
    depends-on: [local-model, nowhere]
    data: [customer-pii]
    responsibilities:
      user-access-control:
        owner: iam-team
        status: implemented
        controls: ["SSO"]
        refs: ["LLM06:2025"]
      data-privacy:
        owner: privacy
        status: gap
      model-security:
        ownership: customer
        reason: We fine-tune it ourselves
  local-model:
    deployment: on-premises
  broken:
    deployment: cloud-thing
"#;

const DOC: &str = r#"# Agent

```aisrm
triage-agent:
  name: Triage agent
  deployment: agentic-ai
  depends-on: [chat]
```
"#;

fn workspace() -> Workspace {
    let root = PathBuf::from("/virtual");
    let mut ws = Workspace::new(vec![root.clone()]);
    ws.set_file(root.join("ai-inventory.yaml"), INVENTORY);
    ws.set_file(root.join("docs/agent.md"), DOC);
    ws
}

fn shown(path: &Path) -> String {
    path.strip_prefix("/virtual")
        .unwrap_or(path)
        .display()
        .to_string()
}

fn bom() -> Value {
    let ws = workspace();
    let merged = Merged::of(&ws);
    let project = Project::build(&ws, &merged, &shown, None);
    cyclonedx::bom(&project, &stamp())
}

#[test]
fn project_takes_placed_components_and_says_why_others_are_skipped() {
    let ws = workspace();
    let merged = Merged::of(&ws);
    let project = Project::build(&ws, &merged, &shown, None);
    let ids: Vec<&str> = project.components.iter().map(|c| c.id()).collect();
    assert_eq!(ids, ["chat", "local-model", "triage-agent"]);
    assert_eq!(project.skipped.len(), 1);
    assert_eq!(project.skipped[0].id, "broken");
    assert_eq!(project.skipped[0].location, "ai-inventory.yaml:30");
    assert_eq!(
        project.skipped[0].why,
        "`cloud-thing` is not a deployment model of `aisrm`"
    );
    let only = Project::build(&ws, &merged, &shown, Some("microsoft-ai"));
    assert!(only.components.is_empty());
}

#[test]
fn cyclonedx_bom() {
    insta::assert_json_snapshot!(bom());
}

#[test]
fn cyclonedx_responsibilities_follow_the_analysis() {
    let bom = bom();
    let chat = bom["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["bom-ref"] == "component:chat")
        .unwrap();
    let props: Vec<(&str, &str)> = chat["properties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["value"].as_str().unwrap()))
        .collect();
    let has = |name: &str, value: &str| props.contains(&(name, value));
    // The override, not the matrix cell, is the level; the matrix is kept.
    assert!(has("aisrm:responsibility:model-security", "customer"));
    assert!(has(
        "aisrm:responsibility:model-security:matrix",
        "provider"
    ));
    assert!(has(
        "aisrm:responsibility:model-security:reason",
        "We fine-tune it ourselves"
    ));
    assert!(has(
        "aisrm:responsibility:user-access-control:owner",
        "iam-team"
    ));
    assert!(has("aisrm:responsibility:data-privacy:status", "gap"));
    // Every domain of the column is there, once.
    let levels = props
        .iter()
        .filter(|(n, _)| n.matches(':').count() == 2 && n.starts_with("aisrm:responsibility:"))
        .count();
    assert_eq!(levels, framework::builtin("aisrm").unwrap().domains.len());
    // Property names follow the taxonomy: `:` only as the delimiter, and
    // only ASCII letters, digits, '-', '_' and ' ' in each part.
    for (name, _) in &props {
        for part in name.split(':') {
            assert!(
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_ ".contains(c)),
                "{name}"
            );
        }
    }
}

/// The `aisrm:` properties of one BOM item, as (name, value) pairs.
fn item_props<'a>(bom: &'a Value, bom_ref: &str) -> Vec<(&'a str, &'a str)> {
    let items = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .chain(bom["services"].as_array().unwrap());
    let item = items.clone().find(|s| s["bom-ref"] == bom_ref).unwrap();
    item["properties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["value"].as_str().unwrap()))
        .collect()
}

/// Owners are the analysis' resolved owners (entry, then component, then
/// `system.owner`), and the BOM says where an inherited one comes from.
#[test]
fn cyclonedx_owners_are_the_resolved_owners() {
    let bom = bom();
    let chat = item_props(&bom, "component:chat");
    let owner_of = |props: &[(&str, &str)], key: &str| -> Vec<String> {
        props
            .iter()
            .filter(|(n, _)| *n == key || n.starts_with(&format!("{key}:inherited-from")))
            .map(|(n, v)| format!("{n}={v}"))
            .collect()
    };
    assert_eq!(owner_of(&chat, "aisrm:owner"), ["aisrm:owner=cx-team"]);
    assert_eq!(
        owner_of(&chat, "aisrm:responsibility:user-access-control:owner"),
        ["aisrm:responsibility:user-access-control:owner=iam-team"]
    );
    assert_eq!(
        owner_of(&chat, "aisrm:responsibility:ai-ethics-and-safety:owner"),
        [
            "aisrm:responsibility:ai-ethics-and-safety:owner=cx-team",
            "aisrm:responsibility:ai-ethics-and-safety:owner:inherited-from=component"
        ]
    );
    let local = item_props(&bom, "component:local-model");
    assert_eq!(
        owner_of(&local, "aisrm:owner"),
        [
            "aisrm:owner=platform-team",
            "aisrm:owner:inherited-from=system"
        ]
    );
    assert_eq!(
        owner_of(&local, "aisrm:responsibility:data-privacy:owner"),
        [
            "aisrm:responsibility:data-privacy:owner=platform-team",
            "aisrm:responsibility:data-privacy:owner:inherited-from=system"
        ]
    );

    // Under the explicit rule nothing is inherited, as in `aisrm check`.
    let mut ws = workspace();
    ws.set_settings(analysis::Settings {
        ownership: analysis::OwnershipMode::Explicit,
        ..analysis::Settings::default()
    });
    let merged = Merged::of(&ws);
    let project = Project::build(&ws, &merged, &shown, None);
    let explicit = cyclonedx::bom(&project, &stamp());
    let chat = item_props(&explicit, "component:chat");
    assert_eq!(owner_of(&chat, "aisrm:owner"), ["aisrm:owner=cx-team"]);
    assert!(owner_of(&chat, "aisrm:responsibility:ai-ethics-and-safety:owner").is_empty());
    assert!(
        owner_of(
            &item_props(&explicit, "component:local-model"),
            "aisrm:owner"
        )
        .is_empty()
    );
}

#[test]
fn oscal_component_definition() {
    let ws = workspace();
    let merged = Merged::of(&ws);
    let project = Project::build(&ws, &merged, &shown, None);
    let href = |f: &framework::Framework| format!("{}-catalog.json", f.id);
    let doc = oscal::component_definition(
        &project,
        "2026-01-01T00:00:00Z",
        "AI components of Test platform",
        &href,
    );
    insta::assert_json_snapshot!(doc);
}

#[test]
fn oscal_catalog_of_a_custom_framework() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/custom-framework/framework.yaml"),
    )
    .unwrap();
    let (fw, _) = framework::Framework::parse(&text, Path::new("framework.yaml"));
    insta::assert_json_snapshot!(oscal::catalog(&fw.unwrap(), "2026-01-01T00:00:00Z"));
}

#[test]
fn oscal_uuids_are_stable_and_name_based() {
    let a = oscal::stable_uuid("component", &["chat"]);
    assert_eq!(a, oscal::stable_uuid("component", &["chat"]));
    assert_ne!(a, oscal::stable_uuid("component", &["chat2"]));
    // Parts are delimited: ("a", "bc") is not ("ab", "c").
    assert_ne!(
        oscal::stable_uuid("x", &["a", "bc"]),
        oscal::stable_uuid("x", &["ab", "c"])
    );
    assert_eq!(&a[14..15], "5", "a UUIDv5: {a}");
}

#[test]
fn every_catalog_control_is_what_the_component_definition_references() {
    let ws = workspace();
    let merged = Merged::of(&ws);
    let project = Project::build(&ws, &merged, &shown, None);
    let fw = framework::builtin("aisrm").unwrap();
    let catalog = oscal::catalog(fw, "2026-01-01T00:00:00Z");
    let controls: Vec<&str> = catalog["catalog"]["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let href = |f: &framework::Framework| format!("{}-catalog.json", f.id);
    let doc = oscal::component_definition(&project, "t", "t", &href);
    for c in doc["component-definition"]["components"]
        .as_array()
        .unwrap()
    {
        for ci in c["control-implementations"].as_array().unwrap() {
            assert_eq!(ci["source"], "aisrm-catalog.json");
            let ids: Vec<&str> = ci["implemented-requirements"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["control-id"].as_str().unwrap())
                .collect();
            assert_eq!(ids, controls, "one requirement per domain, in order");
        }
    }
}

/// examples/ as the CLI reads it (every YAML and Markdown file).
fn examples() -> (Workspace, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .canonicalize()
        .unwrap();
    let mut ws = Workspace::new(vec![root.clone()]);
    for path in aisrm_test_support::files_under(&root) {
        if aisrm_core::workspace::is_candidate(&path) {
            let text = std::fs::read_to_string(&path).unwrap();
            ws.set_file(path, text);
        }
    }
    (ws, root)
}

#[test]
fn a_bom_read_back_yields_the_same_components_and_deployment_models() {
    let (ws, root) = examples();
    let display = |p: &Path| p.strip_prefix(&root).unwrap().display().to_string();
    let merged = Merged::of(&ws);
    let project = Project::build(&ws, &merged, &display, None);
    assert_eq!(project.components.len(), 13);
    let bom = cyclonedx::bom(
        &project,
        &cyclonedx::Stamp {
            serial: "00000000-0000-4000-8000-000000000000",
            timestamp: "2026-01-01T00:00:00Z",
            fallback_name: "examples",
        },
    );
    // Through text, as a file in another project would be read.
    let text = serde_json::to_string_pretty(&bom).unwrap();
    let read = cyclonedx_read::read(&serde_json::from_str(&text).unwrap());
    let mut exported: Vec<(String, String, String, Option<String>)> = project
        .components
        .iter()
        .map(|c| {
            (
                c.id().to_string(),
                c.framework.id.clone(),
                c.model.id.clone(),
                c.provider().map(str::to_string),
            )
        })
        .collect();
    let mut back: Vec<(String, String, String, Option<String>)> = read
        .iter()
        .map(|i| {
            (
                i.id.clone(),
                i.framework.clone(),
                i.deployment.clone(),
                i.provider.clone(),
            )
        })
        .collect();
    exported.sort();
    back.sort();
    assert_eq!(back, exported);
    assert!(
        read.iter()
            .all(|i| i.basis == cyclonedx_read::Basis::Properties)
    );
    // The responsibilities travel as kept properties.
    let runbook = read.iter().find(|i| i.id == "runbook-model").unwrap();
    assert!(runbook.other.contains(&(
        "aisrm:responsibility:model-security".to_string(),
        "customer".to_string()
    )));
}

const EXTENDED_INVENTORY: &str = r#"aisrm: 1
system:
  name: Test platform
  owner: platform-team
components:
  chat:
    name: Chat assistant
    deployment: saas-ai
    provider: OpenAI
    responsibilities:
      user-access-control:
        owner: iam-team
        status: implemented
  search:
    deployment: paas-ai
"#;

/// A design document that extends `chat` with a duty the inventory does
/// not write, next to a look-alike: a plain redeclaration of `search`
/// (a `duplicate-component`, not an extension).
const EXTENDING_DOC: &str = r#"# Privacy design

Prose first.

```aisrm
chat:
  extends: ../ai-inventory.yaml#chat
  responsibilities:
    data-privacy:
      owner: privacy-office
      status: implemented
      controls: ["Redact customer names before the prompt"]
      refs: ["LLM02:2025"]
    user-access-control:
      status: implemented
search:
  deployment: paas-ai
  responsibilities:
    data-privacy:
      owner: someone-else
```
"#;

fn extended_workspace() -> Workspace {
    let root = PathBuf::from("/virtual");
    let mut ws = Workspace::new(vec![root.clone()]);
    ws.set_file(root.join("ai-inventory.yaml"), EXTENDED_INVENTORY);
    ws.set_file(root.join("docs/privacy.md"), EXTENDING_DOC);
    ws
}

fn stamp() -> cyclonedx::Stamp<'static> {
    cyclonedx::Stamp {
        serial: "00000000-0000-4000-8000-000000000000",
        timestamp: "2026-01-01T00:00:00Z",
        fallback_name: "virtual",
    }
}

/// The `aisrm:responsibility:<domain>` properties of one domain.
fn domain_props<'a>(props: &[(&'a str, &'a str)], domain: &str) -> Vec<String> {
    let key = format!("aisrm:responsibility:{domain}");
    props
        .iter()
        .filter(|(n, _)| *n == key || n.starts_with(&format!("{key}:")))
        .map(|(n, v)| format!("{n}={v}"))
        .collect()
}

/// An entry a design document adds (`extends:`) is exported with the
/// component it extends, as the report merges it, with where it is
/// written; a domain the inventory writes keeps the inventory's entry.
#[test]
fn cyclonedx_exports_the_entries_design_documents_add() {
    let ws = extended_workspace();
    let merged = Merged::of(&ws);
    let project = Project::build(&ws, &merged, &shown, None);
    let ids: Vec<&str> = project.components.iter().map(|c| c.id()).collect();
    assert_eq!(ids, ["chat", "search"]);
    assert_eq!(project.skipped.len(), 1, "the redeclared `search`");
    assert_eq!(project.skipped[0].location, "docs/privacy.md:16");
    let bom = cyclonedx::bom(&project, &stamp());
    let chat = item_props(&bom, "component:chat");
    insta::assert_snapshot!(
        [
            domain_props(&chat, "data-privacy"),
            domain_props(&chat, "user-access-control")
        ]
        .concat()
        .join("\n"),
        @r"
    aisrm:responsibility:data-privacy=shared
    aisrm:responsibility:data-privacy:owner=privacy-office
    aisrm:responsibility:data-privacy:written-in=docs/privacy.md:9
    aisrm:responsibility:data-privacy:status=implemented
    aisrm:responsibility:data-privacy:control=Redact customer names before the prompt
    aisrm:responsibility:data-privacy:ref=LLM02:2025
    aisrm:responsibility:user-access-control=customer
    aisrm:responsibility:user-access-control:owner=iam-team
    aisrm:responsibility:user-access-control:status=implemented
    "
    );
    // The redeclaration adds nothing to `search`.
    let search = item_props(&bom, "component:search");
    assert!(
        !search.iter().any(|(_, v)| *v == "someone-else"),
        "{search:?}"
    );
}

/// The OSCAL requirement of an added entry is the document's entry.
#[test]
fn oscal_exports_the_entries_design_documents_add() {
    let ws = extended_workspace();
    let merged = Merged::of(&ws);
    let project = Project::build(&ws, &merged, &shown, None);
    let href = |f: &framework::Framework| format!("{}-catalog.json", f.id);
    let doc = oscal::component_definition(&project, "2026-01-01T00:00:00Z", "t", &href);
    let chat = &doc["component-definition"]["components"][0];
    assert_eq!(chat["title"], "Chat assistant");
    let privacy = chat["control-implementations"][0]["implemented-requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control-id"] == "data-privacy")
        .unwrap();
    insta::assert_json_snapshot!(privacy);
}

/// Given only the design document, the export holds the component it
/// extends, merged and declared where the inventory declares it (as the
/// report shows it).
#[test]
fn a_design_document_alone_exports_the_component_it_extends() {
    let ws = extended_workspace();
    let merged = Merged::of(&ws);
    let doc = PathBuf::from("/virtual/docs/privacy.md");
    let project = Project::build_from(&ws, &merged, &[doc], &shown, None);
    let ids: Vec<&str> = project.components.iter().map(|c| c.id()).collect();
    assert_eq!(ids, ["chat", "search"]);
    let chat = &project.components[0];
    assert_eq!((chat.path.as_str(), chat.line), ("ai-inventory.yaml", 6));
    let bom = cyclonedx::bom(&project, &stamp());
    let props = item_props(&bom, "component:chat");
    assert!(props.contains(&("aisrm:responsibility:data-privacy:owner", "privacy-office")));
    assert!(props.contains(&("aisrm:declared-in", "ai-inventory.yaml:6")));
}
