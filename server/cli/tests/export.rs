//! `aisrm export` end to end: determinism (two exports differ only in what
//! must change), exit codes and messages. What the consumers say about the
//! output is in interop.rs.

use std::path::PathBuf;
use std::process::{Command, Output};

use aisrm_test_support::cli::{copy_dir, repo_root};
use serde_json::Value;

fn aisrm(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aisrm"));
    cmd.args(args)
        .current_dir(repo_root())
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn export(format: &str, env: &[(&str, &str)]) -> Value {
    let out = aisrm(&["export", "examples", "--format", format], env);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn two_cyclonedx_exports_differ_only_in_serial_number_and_timestamp() {
    let mut a = export("cyclonedx", &[]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut b = export("cyclonedx", &[]);
    let serial = |v: &Value| v["serialNumber"].as_str().unwrap().to_string();
    assert_ne!(
        serial(&a),
        serial(&b),
        "every BOM gets its own serial number"
    );
    for v in [&a, &b] {
        let s = serial(v);
        let uuid = s.strip_prefix("urn:uuid:").expect("urn:uuid:");
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4", "a random (v4) UUID: {s}");
    }
    assert_ne!(a["metadata"]["timestamp"], b["metadata"]["timestamp"]);
    for v in [&mut a, &mut b] {
        v["serialNumber"] = Value::Null;
        v["metadata"]["timestamp"] = Value::Null;
    }
    assert_eq!(a, b);
}

#[test]
fn two_oscal_exports_differ_only_in_last_modified() {
    for format in ["oscal", "oscal-catalog"] {
        let a = export(format, &[("SOURCE_DATE_EPOCH", "1700000000")]);
        let b = export(format, &[("SOURCE_DATE_EPOCH", "1800000000")]);
        let key = if format == "oscal" {
            "component-definition"
        } else {
            "catalog"
        };
        assert_eq!(a[key]["metadata"]["last-modified"], "2023-11-14T22:13:20Z");
        assert_eq!(b[key]["metadata"]["last-modified"], "2027-01-15T08:00:00Z");
        let (mut a, mut b) = (a, b);
        a[key]["metadata"]["last-modified"] = Value::Null;
        b[key]["metadata"]["last-modified"] = Value::Null;
        assert_eq!(a, b, "{format}");
    }
}

#[test]
fn source_date_epoch_fixes_the_timestamp() {
    let a = export("cyclonedx", &[("SOURCE_DATE_EPOCH", "0")]);
    assert_eq!(a["metadata"]["timestamp"], "1970-01-01T00:00:00Z");
}

#[test]
fn nothing_to_export_is_a_usage_error() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-empty");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = aisrm(
        &["export", dir.to_str().unwrap(), "--format", "cyclonedx"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("aisrm: no components to export in "),
        "{err}"
    );
}

#[test]
fn unknown_catalog_framework_is_a_usage_error() {
    let out = aisrm(
        &[
            "export",
            "examples",
            "--format",
            "oscal-catalog",
            "--framework",
            "nope",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "aisrm: `nope` is neither a built-in framework (aisrm, microsoft-ai), a framework file, \
         nor the id of a framework used in examples\n"
    );
}

#[test]
fn framework_filter_and_output_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-out");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("acme.cdx.json");
    let out = aisrm(
        &[
            "export",
            "examples",
            "--format",
            "cyclonedx",
            "--framework",
            "examples/custom-framework/framework.yaml",
            "-o",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let bom: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let refs: Vec<&str> = bom["services"]
        .as_array()
        .unwrap()
        .iter()
        .chain(bom["components"].as_array().unwrap())
        .map(|c| c["bom-ref"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["component:acme-chat", "component:acme-quote-writer"]);
    assert_eq!(bom["metadata"]["component"]["name"], "Acme internal tools");
}

/// Export examples/, put the BOM alone in an empty folder, discover it:
/// the same components with the same deployment models, evidence in the
/// BOM, and the responsibilities kept with the evidence.
#[test]
fn a_bom_in_an_empty_folder_is_discovered_as_the_same_components() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-round-trip");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bom = export("cyclonedx", &[]);
    std::fs::write(
        dir.join("ai.cdx.json"),
        serde_json::to_string_pretty(&bom).unwrap(),
    )
    .unwrap();
    let out = aisrm(
        &["discover", dir.to_str().unwrap(), "--format", "json"],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut discovered: Vec<(String, String)> = found["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["deployment"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let prop = |item: &Value, name: &str| -> String {
        item["properties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["value"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut exported: Vec<(String, String)> = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .chain(bom["services"].as_array().unwrap())
        .map(|c| (prop(c, "aisrm:id"), prop(c, "aisrm:deployment-model")))
        .collect();
    discovered.sort();
    exported.sort();
    assert_eq!(discovered, exported);
    assert_eq!(discovered.len(), 13);
    let runbook = found["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "runbook-model")
        .unwrap();
    let evidence = &runbook["evidence"][0];
    assert_eq!(evidence["path"], "ai.cdx.json");
    assert_eq!(evidence["signal"], "cyclonedx-bom");
    let text = std::fs::read_to_string(dir.join("ai.cdx.json")).unwrap();
    let line = text
        .lines()
        .nth(evidence["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    assert_eq!(line.trim(), r#""name": "Self-hosted runbook model","#);
    let kept = evidence["kept"].as_array().unwrap();
    assert!(kept.contains(&serde_json::json!([
        "aisrm:responsibility:model-security",
        "customer"
    ])));
    assert!(kept.iter().any(|k| k[0] == "/evidence"), "{kept:?}");
}

const DISCOVERED: &str = "tests/fixtures/export/discovered";

fn bom_items(bom: &Value) -> Vec<&Value> {
    bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .chain(bom["services"].as_array().unwrap())
        .collect()
}

fn item<'a>(bom: &'a Value, bom_ref: &str) -> &'a Value {
    bom_items(bom)
        .into_iter()
        .find(|i| i["bom-ref"] == bom_ref)
        .unwrap_or_else(|| panic!("{bom_ref} in {bom:#}"))
}

fn values<'a>(item: &'a Value, name: &str) -> Vec<&'a str> {
    item["properties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == name)
        .map(|p| p["value"].as_str().unwrap())
        .collect()
}

/// Export runs discovery on the same paths: a discovered component that an
/// inventory component declares adds its evidence to that component; one
/// nobody declares is exported too, marked `aisrm:declared` = `false`.
#[test]
fn discovered_components_are_exported_with_their_occurrences() {
    let out = aisrm(&["export", DISCOVERED, "--format", "cyclonedx"], &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bom: Value = serde_json::from_slice(&out.stdout).unwrap();
    let at = |file: &str| format!("{DISCOVERED}/{file}");

    // A component: the declaration, then every piece of evidence.
    let ollama = item(&bom, "component:ollama");
    assert_eq!(ollama["type"], "machine-learning-model");
    assert_eq!(
        ollama["evidence"]["occurrences"],
        serde_json::json!([
            {"location": at("ai-inventory.yaml"), "line": 18},
            {"location": at("app/main.py"), "line": 1,
             "additionalContext": "import of `ollama` (discovery signal py-import-ollama)"},
            {"location": at("requirements.txt"), "line": 2,
             "additionalContext": "pypi dependency `ollama` (discovery signal pypi-ollama)"},
        ])
    );
    assert!(values(ollama, "aisrm:declared").is_empty());

    // A service has no `evidence` in CycloneDX 1.6: `aisrm:occurrence`.
    let openai = item(&bom, "component:openai-api");
    assert!(openai.get("evidence").is_none());
    assert_eq!(
        values(openai, "aisrm:occurrence"),
        [at("app/main.py:3"), at("requirements.txt:1")]
    );
    assert_eq!(
        values(openai, "aisrm:declared-in"),
        [at("ai-inventory.yaml:10")]
    );

    // Undeclared: exported with its evidence and the matrix of its model.
    let agent = item(&bom, "component:langgraph-agent");
    assert_eq!(agent["type"], "application");
    assert_eq!(values(agent, "aisrm:declared"), ["false"]);
    assert_eq!(values(agent, "aisrm:confidence"), ["certain"]);
    assert_eq!(values(agent, "aisrm:deployment-model"), ["agentic-ai"]);
    assert!(values(agent, "aisrm:owner").is_empty());
    assert_eq!(
        values(agent, "aisrm:responsibility:agent-governance"),
        ["customer"]
    );
    let locations: Vec<&Value> = agent["evidence"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| &o["location"])
        .collect();
    assert_eq!(locations, [&at("app/main.py"), &at("requirements.txt")]);
    assert_eq!(
        bom["dependencies"][0]["dependsOn"],
        serde_json::json!([
            "component:openai-api",
            "component:ollama",
            "component:langgraph-agent"
        ])
    );

    // Owners: inherited ones say where from.
    assert_eq!(values(openai, "aisrm:owner"), ["platform-team"]);
    assert_eq!(values(openai, "aisrm:owner:inherited-from"), ["system"]);
    assert_eq!(
        values(openai, "aisrm:responsibility:data-privacy:owner"),
        ["privacy-team"]
    );
    assert!(
        values(
            openai,
            "aisrm:responsibility:data-privacy:owner:inherited-from"
        )
        .is_empty()
    );
    assert_eq!(values(ollama, "aisrm:owner"), ["ml-platform"]);
    assert!(values(ollama, "aisrm:owner:inherited-from").is_empty());
    assert_eq!(
        values(
            ollama,
            "aisrm:responsibility:data-privacy:owner:inherited-from"
        ),
        ["component"]
    );
}

/// Exporting into the project twice gives the same BOM: the file being
/// written is not evidence of itself.
#[test]
fn exporting_into_the_project_twice_gives_the_same_bom() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-into-project");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repo_root().join(DISCOVERED), &dir);
    let run = || -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_aisrm"))
            .args([
                "export",
                ".",
                "--format",
                "cyclonedx",
                "-o",
                "ai-bom.cdx.json",
            ])
            .current_dir(&dir)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut bom: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("ai-bom.cdx.json")).unwrap())
                .unwrap();
        bom["serialNumber"] = Value::Null;
        bom
    };
    let first = run();
    let second = run();
    assert_eq!(first, second);
    assert_eq!(bom_items(&first).len(), 3);
}

/// The round trip with discovered components: the BOM alone in an empty
/// folder is discovered as the same components, the undeclared one
/// included, and what aisrm does not map (its `aisrm:declared`, the
/// occurrences) is kept with the evidence.
#[test]
fn a_bom_with_discovered_components_reads_back_the_same() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-round-trip-discovered");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bom_path = dir.join("ai.cdx.json");
    let out = aisrm(
        &[
            "export",
            DISCOVERED,
            "--format",
            "cyclonedx",
            "-o",
            bom_path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = aisrm(
        &["discover", dir.to_str().unwrap(), "--format", "json"],
        &[],
    );
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    let components: Vec<(&str, &str)> = found["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["deployment"].as_str().unwrap()))
        .collect();
    assert_eq!(
        components,
        [
            ("langgraph-agent", "agentic-ai"),
            ("ollama", "on-premises"),
            ("openai-api", "paas-ai")
        ]
    );
    let kept = |id: &str| -> Vec<Value> {
        found["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["evidence"][0]["kept"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(kept("langgraph-agent").contains(&serde_json::json!(["aisrm:declared", "false"])));
    assert!(kept("openai-api").contains(&serde_json::json!([
        "aisrm:occurrence",
        format!("{DISCOVERED}/requirements.txt:1")
    ])));
    assert!(
        kept("ollama").iter().any(|k| k[0] == "/evidence"),
        "{:?}",
        kept("ollama")
    );
}

/// A design document's `extends:` entry is exported with the component it
/// extends, as `aisrm report` shows it: examples/docs/retrieval-design.md
/// settles `kb-rag-service`'s data-privacy duty.
#[test]
fn extension_entries_are_exported_with_the_extended_component() {
    let bom = export("cyclonedx", &[]);
    let kb = item(&bom, "component:kb-rag-service");
    let privacy: Vec<String> = kb["properties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            let name = p["name"].as_str().unwrap();
            name.starts_with("aisrm:responsibility:data-privacy") || name == "aisrm:declared-in"
        })
        .map(|p| {
            format!(
                "{}={}",
                p["name"].as_str().unwrap(),
                p["value"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(privacy.join("\n"), @r"
    aisrm:declared-in=examples/ai-inventory.yaml:73
    aisrm:responsibility:data-privacy=shared
    aisrm:responsibility:data-privacy:owner=privacy-office
    aisrm:responsibility:data-privacy:written-in=examples/docs/retrieval-design.md:116
    aisrm:responsibility:data-privacy:status=implemented
    aisrm:responsibility:data-privacy:control=Answers cite ticket ids, never customer names or contact details
    aisrm:responsibility:data-privacy:control=Tickets of customers who asked for erasure are purged from the index
    aisrm:responsibility:data-privacy:ref=LLM02:2025
    ");
    let oscal = export("oscal", &[]);
    let components = oscal["component-definition"]["components"]
        .as_array()
        .unwrap();
    let kb = components
        .iter()
        .find(|c| {
            let props = c["props"].as_array().unwrap();
            props
                .iter()
                .any(|p| p["name"] == "id" && p["value"] == "kb-rag-service")
        })
        .unwrap();
    let written: Vec<(&str, &str)> = kb["control-implementations"][0]["implemented-requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            let site = r["props"]
                .as_array()?
                .iter()
                .find(|p| p["name"] == "written-in")?;
            Some((r["control-id"].as_str()?, site["value"].as_str()?))
        })
        .collect();
    assert_eq!(
        written,
        [("data-privacy", "examples/docs/retrieval-design.md:116")]
    );
}
