//! `aisrm.toml` in the language server, driving the built binary: the
//! same file gives the same findings as `aisrm check`, an editor setting
//! the user made wins over it, a problem in it is a diagnostic at its line,
//! and editing it while the server runs changes the diagnostics (severity,
//! ownership rule, excluded folders).

mod common;

use std::path::{Path, PathBuf};

use aisrm_test_support::{Client, Setup, file_uri};
use common::{Finding, json_findings};
use serde_json::{Value, json};

const INVENTORY: &str = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    owner: team\n    responsibilities:\n      data-privacy: {owner: privacy, status: gap}\n";
const DRAFT: &str = "aisrm: 1\ncomponents:\n  draft:\n    deployment: nope\n";
const CONFIG: &str = "ownership = \"explicit\"\n\n[paths]\nexclude = [\"drafts\"]\n\n[diagnostics.severity]\nstatus-gap = \"error\"\n";

fn project(name: &str, config: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aisrm-lsp-config-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("inventories")).unwrap();
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::write(dir.join("inventories/ai-inventory.yaml"), INVENTORY).unwrap();
    std::fs::write(dir.join("drafts/ai-inventory.yaml"), DRAFT).unwrap();
    std::fs::write(dir.join("aisrm.toml"), config).unwrap();
    dir.canonicalize().unwrap()
}

const FILES: [&str; 2] = ["drafts/ai-inventory.yaml", "inventories/ai-inventory.yaml"];

fn cli_findings(dir: &Path) -> Vec<Finding> {
    json_findings(&common::json_output(
        dir,
        &["check", ".", "--format", "json"],
    ))
}

fn severity_name(lsp: &Value) -> String {
    ["error", "warning", "information", "hint"][lsp.as_u64().unwrap() as usize - 1].to_string()
}

fn lsp_findings(path: &str, diagnostics: &Value) -> Vec<Finding> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                path.to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                d["code"].as_str().unwrap().to_string(),
                severity_name(&d["severity"]),
            )
        })
        .collect()
}

async fn started(dir: &Path, editor_settings: Value) -> Client {
    let mut c = Client::spawn(env!("CARGO_BIN_EXE_aisrm"), &["lsp"]);
    let setup = Setup {
        pull: true,
        config: editor_settings,
        ..Setup::default()
    };
    c.initialize(dir, setup).await;
    c.indexed().await;
    c
}

/// What the server says about every file, pulled.
async fn server_findings(c: &mut Client, dir: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    for path in FILES {
        let uri = file_uri(&dir.join(path));
        let report = c
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        out.extend(lsp_findings(path, &report["items"]));
    }
    out
}

#[tokio::test]
async fn the_server_and_check_read_the_same_config_with_the_same_findings() {
    let dir = project("same", CONFIG);
    let cli = cli_findings(&dir);
    // The config is in effect: the excluded draft is not there, the
    // severity and the explicit ownership rule are.
    assert!(
        cli.iter().all(|f| f.0 == "inventories/ai-inventory.yaml"),
        "{cli:?}"
    );
    assert!(cli.contains(&(
        "inventories/ai-inventory.yaml".into(),
        7,
        "status-gap".into(),
        "error".into()
    )));
    assert!(
        cli.iter().any(|f| f.2 == "unowned-customer-duties"),
        "{cli:?}"
    );

    let mut c = started(&dir, json!({})).await;
    let mut server = server_findings(&mut c, &dir).await;
    server.sort();
    let mut cli = cli;
    cli.sort();
    assert_eq!(server, cli);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_setting_the_user_made_in_the_editor_wins_over_the_config() {
    let dir = project("precedence", CONFIG);
    let editor = json!({"diagnostics": {"severity": {"status-gap": "information"}}});
    let mut c = started(&dir, editor).await;
    let found = server_findings(&mut c, &dir).await;
    let gap: Vec<&Finding> = found.iter().filter(|f| f.2 == "status-gap").collect();
    assert_eq!(gap[0].3, "information", "{found:?}");
    // What the editor leaves unset still comes from aisrm.toml.
    assert!(
        found.iter().any(|f| f.2 == "unowned-customer-duties"),
        "{found:?}"
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// Writes `aisrm.toml` and tells the server, as a file watcher does; waits
/// for the server's request to pull again and, as every rewrite here
/// changes `paths`, for it to index the folder again.
async fn rewrite_config(c: &mut Client, dir: &Path, text: &str) {
    std::fs::write(dir.join("aisrm.toml"), text).unwrap();
    let uri = file_uri(&dir.join("aisrm.toml"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    )
    .await;
    c.wait(|m| m["method"] == "workspace/diagnostic/refresh")
        .await;
    c.indexed().await;
}

#[tokio::test]
async fn editing_the_config_while_the_server_runs_changes_the_diagnostics() {
    let dir = project("edit", "");
    let mut c = started(&dir, json!({})).await;
    let before = server_findings(&mut c, &dir).await;
    assert!(
        before.iter().any(|f| f.0.starts_with("drafts/")),
        "{before:?}"
    );
    assert!(before.contains(&(
        "inventories/ai-inventory.yaml".into(),
        7,
        "status-gap".into(),
        "warning".into()
    )));

    // A problem in the file: a diagnostic at its line (pushed: clients do
    // not pull for a file they never opened), and the rest applies.
    let config_uri = file_uri(&dir.join("aisrm.toml"));
    let broken = "[paths]\nexclude = [\"drafts\"]\n\n[diagnostics.severity]\nstatus-gap = \"hint\"\nstauts-gap = \"off\"\n";
    rewrite_config(&mut c, &dir, broken).await;
    let published = c
        .diagnostics(&config_uri, |p| p["diagnostics"] != json!([]))
        .await;
    let problems: Vec<(u64, u64, &str, &str)> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [(
            5,
            0,
            "invalid-config",
            "unknown diagnostic code `stauts-gap`; did you mean `status-gap`?"
        )]
    );
    let after = server_findings(&mut c, &dir).await;
    assert_eq!(
        after,
        [(
            "inventories/ai-inventory.yaml".into(),
            7,
            "status-gap".into(),
            "hint".into()
        )]
    );
    assert_eq!(
        after,
        cli_findings(&dir)
            .into_iter()
            .filter(|f| f.2 != "invalid-config")
            .collect::<Vec<_>>()
    );

    // Fixed, and the draft included again: its findings come back, the
    // file's own diagnostics go.
    rewrite_config(&mut c, &dir, "ownership = \"explicit\"\n").await;
    c.diagnostics(&config_uri, |p| p["diagnostics"] == json!([]))
        .await;
    let mut again = server_findings(&mut c, &dir).await;
    again.sort();
    let mut cli = cli_findings(&dir);
    cli.sort();
    assert_eq!(again, cli);
    assert!(
        again.iter().any(|f| f.0.starts_with("drafts/")),
        "{again:?}"
    );
    assert!(
        again.iter().any(|f| f.2 == "unowned-customer-duties"),
        "{again:?}"
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// `[refs] prefixes` in aisrm.toml and the editor setting
/// `aisrm.refs.prefixes`: the server finds what `aisrm check` finds, and a
/// changed setting re-analyses (issue 12, item 6).
#[tokio::test]
async fn listed_ref_prefixes_come_from_the_config_and_the_editor_setting() {
    let dir = project("refs", "[refs]\nprefixes = [\"CWE\"]\n");
    let inventory = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    owner: team\n    responsibilities:\n      data-privacy:\n        refs: [CWE-359, CEW-79, ISO-42001, LLM02:2025]\n";
    std::fs::write(dir.join("inventories/ai-inventory.yaml"), inventory).unwrap();
    std::fs::remove_file(dir.join("drafts/ai-inventory.yaml")).unwrap();
    let prefix_findings = |found: Vec<Finding>| -> Vec<Finding> {
        found
            .into_iter()
            .filter(|f| f.2 == "unknown-ref-prefix")
            .collect()
    };
    let cli = prefix_findings(cli_findings(&dir));
    let unknown = |line| {
        (
            "inventories/ai-inventory.yaml".to_string(),
            line,
            "unknown-ref-prefix".to_string(),
            "warning".to_string(),
        )
    };
    assert_eq!(cli, [unknown(8), unknown(8)], "CEW-79 and ISO-42001");

    let mut c = started(&dir, json!({})).await;
    assert_eq!(prefix_findings(server_findings(&mut c, &dir).await), cli);
    let uri = file_uri(&dir.join("inventories/ai-inventory.yaml"));
    let report = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let messages: Vec<&str> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-ref-prefix")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`CEW` (of `CEW-79`) is neither a ref prefix aisrm knows nor one `refs.prefixes` lists; did you mean `CWE`?",
            "`ISO` (of `ISO-42001`) is neither a ref prefix aisrm knows nor one `refs.prefixes` lists; add it there if the project cites it",
        ]
    );

    // The editor's list replaces the project's.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"aisrm": {"refs": {"prefixes": ["CWE", "CEW", "ISO"]}}}}),
    )
    .await;
    c.wait(|m| m["method"] == "workspace/diagnostic/refresh")
        .await;
    assert_eq!(prefix_findings(server_findings(&mut c, &dir).await), []);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"aisrm": {"refs": {"prefixes": ["CWE"]}}}}),
    )
    .await;
    c.wait(|m| m["method"] == "workspace/diagnostic/refresh")
        .await;
    assert_eq!(prefix_findings(server_findings(&mut c, &dir).await), cli);
    assert_eq!(c.shutdown_and_exit().await, 0);
}
