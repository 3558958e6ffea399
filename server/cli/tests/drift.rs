//! Declared vs discovered, end to end through the binary: an inventory
//! written by `aisrm discover --format yaml` passes `aisrm check` with no
//! undeclared component; removing a component brings its findings back,
//! at its evidence; the two fixes (add to the inventory, acknowledge in
//! aisrm.toml) work when applied as a client would; `covers:` that names
//! nothing is reported.

use std::path::{Path, PathBuf};
use std::process::Command;

use aisrm_test_support::cli::copy_dir;
use serde_json::Value;

fn repos() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/discovery/repos")
        .canonicalize()
        .unwrap()
}

fn aisrm(args: &[&str], cwd: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_aisrm"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

fn check(dir: &Path) -> Value {
    let (code, out) = aisrm(&["check", ".", "--format", "json"], dir);
    assert!(matches!(code, Some(0 | 1)), "{out}");
    serde_json::from_str(&out).unwrap()
}

/// (path, line, code) of the findings with these codes, sorted.
fn drift(report: &Value) -> Vec<(String, u64, String)> {
    let mut out: Vec<(String, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["code"] == "undeclared-ai-component" || d["code"] == "declared-component-not-found"
        })
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A copy of the fixture repository `name` (outside any git repository,
/// so it is its own project).
fn project(name: &str, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aisrm-drift-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repos().join(name), &dir);
    dir
}

/// The inventory text without the component `id` (its comment lines and
/// entry).
fn without_component(inventory: &str, id: &str) -> String {
    let mut out = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let mut skipping = false;
    for line in inventory.lines() {
        if line.starts_with("  #") {
            pending.push(line);
            continue;
        }
        if line.starts_with("  ") && !line.starts_with("    ") {
            skipping = line == format!("  {id}:");
            if !skipping {
                out.append(&mut pending);
            }
            pending.clear();
        }
        if !skipping {
            out.append(&mut pending);
            out.push(line);
        }
    }
    out.join("\n") + "\n"
}

/// Applies a fix's edits (byte ranges) as an editor would.
fn apply(fix: &Value, dir: &Path) {
    for edit in fix["edits"].as_array().unwrap() {
        let path = dir.join(edit["path"].as_str().unwrap());
        let mut text = std::fs::read_to_string(&path).unwrap();
        let start = edit["range"]["byteStart"].as_u64().unwrap() as usize;
        let end = edit["range"]["byteEnd"].as_u64().unwrap() as usize;
        text.replace_range(start..end, edit["newText"].as_str().unwrap());
        std::fs::write(&path, text).unwrap();
    }
}

fn fix<'a>(report: &'a Value, title_start: &str) -> &'a Value {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "undeclared-ai-component")
        .flat_map(|d| d["fixes"].as_array().unwrap())
        .find(|f| f["title"].as_str().unwrap().starts_with(title_start))
        .unwrap_or_else(|| panic!("no fix `{title_start}…` in {report:#}"))
}

/// Every fixture repository, so a new one is checked as it comes.
#[test]
fn a_discovered_inventory_declares_everything_and_a_removed_component_comes_back() {
    let mut names: Vec<String> = std::fs::read_dir(repos())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        let dir = project(name, name);
        let (_, inventory) = aisrm(&["discover", ".", "--format", "yaml"], &dir);
        std::fs::write(dir.join("ai-inventory.yaml"), &inventory).unwrap();
        assert_eq!(drift(&check(&dir)), [], "{name}:\n{inventory}");

        // Each component's evidence is where its findings come back.
        let (_, json) = aisrm(&["discover", ".", "--format", "json"], &dir);
        let found: Value = serde_json::from_str(&json).unwrap();
        for component in found["components"].as_array().unwrap() {
            let id = component["id"].as_str().unwrap();
            std::fs::write(
                dir.join("ai-inventory.yaml"),
                without_component(&inventory, id),
            )
            .unwrap();
            let mut expected: Vec<(String, u64, String)> = component["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["path"].as_str().unwrap().to_string(),
                        e["line"].as_u64().unwrap(),
                        "undeclared-ai-component".to_string(),
                    )
                })
                .collect();
            // One finding per piece of evidence (two on one line are two).
            expected.sort();
            assert_eq!(drift(&check(&dir)), expected, "{name} without {id}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn the_add_fix_declares_the_component() {
    let dir = project("ts-azure-chat", "add");
    std::fs::write(
        dir.join("ai-inventory.yaml"),
        "aisrm: 1\ncomponents:\n  web-chat:\n    deployment: saas-ai\n    provider: Contoso\n",
    )
    .unwrap();
    let report = check(&dir);
    let undeclared = drift(&report);
    // Its token scope (src/lib/chat.ts:7) is evidence of Azure OpenAI too.
    assert_eq!(undeclared.len(), 8, "{undeclared:?}");
    // At the evidence, with the inventory as related information.
    let at_package = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "package.json")
        .unwrap();
    assert_eq!(at_package["range"]["start"]["line"], 7);
    assert_eq!(at_package["related"][0]["path"], "ai-inventory.yaml");
    assert_eq!(at_package["related"][0]["range"]["start"]["line"], 3);
    let add = fix(&report, "Add `azure-openai` to ai-inventory.yaml");
    assert_eq!(add["preferred"], true);
    apply(add, &dir);
    assert_eq!(drift(&check(&dir)), []);
    let inventory = std::fs::read_to_string(dir.join("ai-inventory.yaml")).unwrap();
    assert!(
        inventory.ends_with("  azure-openai:\n    name: \"Azure OpenAI\"\n    deployment: paas-ai\n    provider: \"Microsoft Azure\"\n    description: \"OpenAI models hosted in an Azure OpenAI / Azure AI Foundry resource.\"\n    covers: [azure-openai]\n"),
        "{inventory}"
    );
    let (code, _) = aisrm(&["check", ".", "--deny", "warnings"], &dir);
    assert_eq!(code, Some(1), "other warnings (unowned duties) remain");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn acknowledging_needs_a_reason() {
    let dir = project("py-rag-openai", "ack");
    std::fs::write(dir.join("ai-inventory.yaml"), "aisrm: 1\ncomponents: {}\n").unwrap();
    std::fs::write(dir.join("aisrm.toml"), "framework = \"aisrm\"\n").unwrap();
    let before = drift(&check(&dir));
    assert_eq!(before.len(), 6, "{before:?}");
    // What the editor's "Acknowledge" action writes (core's drift tests
    // pin its edit): an entry with an empty reason.
    std::fs::write(
        dir.join("aisrm.toml"),
        "framework = \"aisrm\"\n\n[discovery.acknowledged]\n\"openai-api\" = \"\"\n",
    )
    .unwrap();
    // An empty reason acknowledges nothing and is an error at its line.
    let report = check(&dir);
    assert_eq!(drift(&report), before);
    let invalid: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "invalid-config")
        .collect();
    assert_eq!(invalid.len(), 1, "{report:#}");
    assert_eq!(invalid[0]["range"]["start"]["line"], 4);
    std::fs::write(
        dir.join("aisrm.toml"),
        "[discovery.acknowledged]\n\"openai-api\" = \"a test double; the app calls no model\"\n",
    )
    .unwrap();
    assert_eq!(drift(&check(&dir)), []);
    // Acknowledging one path leaves the rest.
    std::fs::write(
        dir.join("aisrm.toml"),
        "[discovery.acknowledged]\n\"app/\" = \"the app folder is generated\"\n",
    )
    .unwrap();
    let rest = drift(&check(&dir));
    assert!(
        rest.iter().all(|(p, _, _)| !p.starts_with("app/")),
        "{rest:?}"
    );
    assert_eq!(rest.len(), 4, "{rest:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn covers_that_match_nothing_are_reported_and_covers_by_package_and_signal_declare() {
    let dir = project("py-rag-openai", "covers");
    std::fs::write(
        dir.join("ai-inventory.yaml"),
        "aisrm: 1\ncomponents:\n  rag:\n    deployment: paas-ai\n    covers: [langchain-openai, openai, env-openai, tests/]\n  old-claude:\n    deployment: paas-ai\n    covers: [anthropic-api]\n",
    )
    .unwrap();
    let report = check(&dir);
    assert_eq!(
        drift(&report),
        [
            (
                "ai-inventory.yaml".to_string(),
                6,
                "declared-component-not-found".to_string()
            ),
            (
                "app/main.py".to_string(),
                8,
                "undeclared-ai-component".to_string()
            ),
            (
                "app/main.py".to_string(),
                9,
                "undeclared-ai-component".to_string()
            ),
        ]
    );
    let not_found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "declared-component-not-found")
        .unwrap();
    assert_eq!(not_found["severity"], "information");
    assert_eq!(
        not_found["message"],
        "`old-claude` covers `anthropic-api`, but discovery finds none of them in the project"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn only_the_given_paths_show_drift() {
    let dir = project("py-rag-openai", "scope");
    std::fs::write(dir.join("ai-inventory.yaml"), "aisrm: 1\ncomponents: {}\n").unwrap();
    let (_, out) = aisrm(&["check", "app", "--format", "json"], &dir);
    let report: Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<String> = drift(&report).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(paths, ["app/main.py", "app/main.py"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn discover_json_says_which_inventory_component_declares_each_component() {
    let dir = project("compose-local-llm", "declared-as");
    let (_, before) = aisrm(&["discover", ".", "--format", "json"], &dir);
    let before: Value = serde_json::from_str(&before).unwrap();
    assert!(
        before["components"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["declared-as"].is_null())
    );
    let first = before["components"][0]["id"].as_str().unwrap().to_string();
    std::fs::write(
        dir.join("ai-inventory.yaml"),
        format!("aisrm: 1\ncomponents:\n  local-llm:\n    deployment: on-premises\n    covers: [{first}]\n"),
    )
    .unwrap();
    let (_, after) = aisrm(&["discover", ".", "--format", "json"], &dir);
    let after: Value = serde_json::from_str(&after).unwrap();
    let declared: Vec<&Value> = after["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["declared-as"])
        .collect();
    assert_eq!(declared[0], "local-llm");
    assert!(declared[1..].iter().all(|d| d.is_null()), "{declared:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_microsoft_ai_project_gets_an_inventory_in_aisrm_models_that_check_accepts() {
    // aisrm.toml says framework = "microsoft-ai": the proposed inventory
    // names its framework (aisrm has models microsoft-ai lacks) and shows
    // the crosswalk per component; check reads it with no error and no
    // undeclared component.
    let dir = project("azure-microsoft-ai", "microsoft-ai");
    let (code, inventory) = aisrm(&["discover", ".", "--format", "yaml"], &dir);
    assert_eq!(code, Some(0));
    assert!(inventory.contains("\nframework: aisrm\n"), "{inventory}");
    assert!(
        inventory.contains("  # microsoft-ai deployment model: saas\n  github-copilot:\n"),
        "{inventory}"
    );
    std::fs::write(dir.join("ai-inventory.yaml"), &inventory).unwrap();
    let report = check(&dir);
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    assert_eq!(drift(&report), []);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn covers_paths_are_relative_to_the_project_root_in_discover_as_in_check() {
    let dir = std::env::temp_dir().join(format!("aisrm-drift-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let rag = dir.join("services/rag");
    std::fs::create_dir_all(&rag).unwrap();
    std::fs::write(dir.join("aisrm.toml"), "").unwrap();
    std::fs::write(rag.join("requirements.txt"), "fastapi\nopenai>=1.55\n").unwrap();
    std::fs::write(
        rag.join("ai-inventory.yaml"),
        "aisrm: 1\ncomponents:\n  kb:\n    deployment: paas-ai\n    provider: OpenAI\n    covers: [services/rag/]\n",
    )
    .unwrap();
    assert_eq!(
        drift(&check(&dir)),
        [],
        "check: the folder covers the evidence"
    );
    let declared_as = |args: &[&str], cwd: &Path| -> Value {
        let (code, out) = aisrm(args, cwd);
        assert_eq!(code, Some(0), "{out}");
        let json: Value = serde_json::from_str(&out).unwrap();
        json["components"][0]["declared-as"].clone()
    };
    assert_eq!(
        declared_as(&["discover", "services/rag", "--format", "json"], &dir),
        "kb"
    );
    assert_eq!(
        declared_as(&["discover", ".", "--format", "json"], &rag),
        "kb"
    );
    // The project root itself: discovery runs on the walk that reads the
    // inventories.
    assert_eq!(declared_as(&["discover", "--format", "json"], &dir), "kb");
    assert_eq!(
        declared_as(
            &["discover", "services/rag", "services", "--format", "json"],
            &dir
        ),
        "kb"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// MCP server names are whatever a config says: line breaks, a byte
/// order mark, controls. The inventory `discover --format yaml` writes
/// stays valid YAML that declares each of them (its comments and quoted
/// scalars escape what YAML may not hold raw).
#[test]
fn hostile_mcp_server_names_still_give_an_inventory_that_check_accepts() {
    let dir = std::env::temp_dir().join(format!("aisrm-drift-names-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".vscode")).unwrap();
    let names = [
        "new\nline",
        "cr\rx",
        "bom\u{feff}",
        "sep\u{2028}",
        "nel\u{85}",
        "del\u{7f}",
        "tab\tx",
    ];
    let servers: serde_json::Map<String, Value> = names
        .iter()
        .map(|n| (n.to_string(), serde_json::json!({"command": "npx"})))
        .collect();
    std::fs::write(
        dir.join(".vscode/mcp.json"),
        serde_json::json!({"servers": servers}).to_string(),
    )
    .unwrap();
    let (_, inventory) = aisrm(&["discover", ".", "--format", "yaml"], &dir);
    std::fs::write(dir.join("ai-inventory.yaml"), &inventory).unwrap();
    let report = check(&dir);
    let problems: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error" || d["code"] == "undeclared-ai-component")
        .collect();
    assert!(problems.is_empty(), "{problems:#?}\n{inventory}");
    let _ = std::fs::remove_dir_all(dir);
}
