//! End-to-end tests: the real server in-process over `tokio::io::duplex`,
//! on a copy of `tests/fixtures/ws` (emoji and CJK on many lines), in both
//! position encodings.

mod support;

use serde_json::{Value, json};
use support::{Client, Enc, Setup, TempDir, codes, slice, start, utf8};

/// Diagnostics as (code, text under the range, message) for snapshots.
fn summarize(text: &str, diags: &Value, enc: Enc) -> Vec<Value> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            json!({
                "code": d["code"],
                "severity": d["severity"],
                "range": d["range"],
                "text": slice(text, &d["range"], enc),
                "message": d["message"],
            })
        })
        .collect()
}

#[tokio::test]
async fn negotiates_the_position_encoding() {
    let ws = TempDir::fixture("ws");
    let mut c = Client::start();
    let r = c.initialize(&ws.0, utf8()).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(c.shutdown_and_exit().await, 0);

    let mut c = Client::start();
    let r = c.initialize(&ws.0, Setup::default()).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(r["capabilities"]["textDocumentSync"]["change"], 2);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn indexes_the_workspace_with_progress_and_watches_files() {
    let ws = TempDir::fixture("ws");
    ws.write(".gitignore", "ignored/\n");
    ws.write(
        "ignored/skip.aisrm.yaml",
        "aisrm: 1\ncomponents:\n  x:\n    deployment: nope\n",
    );
    ws.write("bad.aisrm.yaml", b"aisrm: 1\n\xff\xfe\n");
    let mut c = Client::start();
    c.initialize(&ws.0, Setup::default()).await;
    let create = c
        .wait(|m| m["method"] == "window/workDoneProgress/create")
        .await;
    let token = create["params"]["token"].clone();
    let begin = c
        .wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin")
        .await;
    assert_eq!(begin["params"]["token"], token);
    let register = c.wait(|m| m["method"] == "client/registerCapability").await;
    assert_eq!(
        register["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    c.wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .await;
    c.indexed().await;
    // Unopened files get their diagnostics (no version).
    let inv = c.diagnostics(&ws.uri("ai-inventory.yaml"), |_| true).await;
    assert_eq!(inv["version"], Value::Null);
    assert!(!inv["diagnostics"].as_array().unwrap().is_empty());
    let bad = c.diagnostics(&ws.uri("bad.aisrm.yaml"), |_| true).await;
    assert_eq!(bad["diagnostics"][0]["code"], "unreadable-file");
    assert!(
        bad["diagnostics"][0]["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("#unreadable-file")
    );
    let all = c.drain().await;
    assert!(
        !all.iter()
            .any(|m| m["params"]["uri"] == ws.uri("ignored/skip.aisrm.yaml")),
        ".gitignore'd files are not indexed"
    );
    // A file appearing on disk, reported by the watcher.
    ws.write(
        "new.aisrm.yaml",
        "aisrm: 1\ncomponents:\n  fresh:\n    deployment: saas-aj\n",
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("new.aisrm.yaml"), "type": 1}]}),
    )
    .await;
    let fresh = c.diagnostics(&ws.uri("new.aisrm.yaml"), |_| true).await;
    let codes: Vec<&Value> = fresh["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert!(
        codes.contains(&&json!("unknown-deployment-model")),
        "{codes:?}"
    );
    // Deleted: its diagnostics are cleared.
    std::fs::remove_file(ws.path("new.aisrm.yaml")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("new.aisrm.yaml"), "type": 3}]}),
    )
    .await;
    let gone = c.diagnostics(&ws.uri("new.aisrm.yaml"), |_| true).await;
    assert_eq!(gone["diagnostics"], json!([]));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn diagnostics_snapshot_in_both_encodings() {
    for (setup, enc) in [(utf8(), Enc::Utf8), (Setup::default(), Enc::Utf16)] {
        let ws = TempDir::fixture("ws");
        let mut c = start(&ws, setup).await;
        let uri = ws.uri("ai-inventory.yaml");
        let text = ws.read("ai-inventory.yaml");
        c.open(&uri, "yaml", &text).await;
        let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
        let all = &d["diagnostics"];
        // Tags, code descriptions.
        let na = all
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "not-applicable-domain")
            .unwrap();
        assert_eq!(na["tags"], json!([1]));
        assert!(
            na["codeDescription"]["href"]
                .as_str()
                .unwrap()
                .ends_with("#not-applicable-domain")
        );
        assert_eq!(na["source"], "aisrm");
        insta::assert_json_snapshot!(
            format!("inventory_diagnostics_{}", enc.name()),
            summarize(&text, all, enc)
        );
        c.shutdown_and_exit().await;
    }
}

#[tokio::test]
async fn cross_file_diagnostics_follow_changes_in_other_files() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, Setup::default()).await;
    let inv_uri = ws.uri("ai-inventory.yaml");
    let doc_uri = ws.uri("docs/design.md");
    let doc = ws.read("docs/design.md");
    c.open(&doc_uri, "markdown", &doc).await;
    let d = c.diagnostics(&doc_uri, |p| p["version"] == 1).await;
    assert!(
        !codes(&d["diagnostics"]).contains(&"unknown-component"),
        "{d}"
    );
    // Rename the component in the (open) inventory: the design doc's link
    // now dangles, without the design doc changing.
    let inv = ws.read("ai-inventory.yaml");
    c.open(&inv_uri, "yaml", &inv).await;
    let renamed = inv.replace("  support-bot:", "  support-robot:");
    c.replace_all(&inv_uri, 2, &renamed).await;
    let d = c
        .diagnostics(&doc_uri, |p| {
            codes(&p["diagnostics"]).contains(&"unknown-component")
        })
        .await;
    assert_eq!(d["version"], 1, "the unchanged doc keeps its version");
    let dangling: Vec<&str> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-component")
        .map(|d| slice(&doc, &d["range"], Enc::Utf16))
        .collect();
    assert_eq!(dangling, ["support-bot", "support-bot"]);
    // A duplicate declaration: related information points at the other.
    let dup = renamed.replace("  ticket-index:", "  alert-router:");
    c.replace_all(&inv_uri, 3, &dup).await;
    let d = c
        .diagnostics(&doc_uri, |p| {
            codes(&p["diagnostics"]).contains(&"duplicate-component")
        })
        .await;
    let dup_diag = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "duplicate-component")
        .unwrap();
    let related = &dup_diag["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], inv_uri);
    assert_eq!(slice(&dup, &related["range"], Enc::Utf16), "alert-router");
    // Back to the original: everything clears.
    c.replace_all(&inv_uri, 4, &inv).await;
    c.diagnostics(&doc_uri, |p| {
        !codes(&p["diagnostics"])
            .iter()
            .any(|c| ["unknown-component", "duplicate-component"].contains(c))
    })
    .await;
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn pull_diagnostics_when_the_client_asks_for_them() {
    let ws = TempDir::fixture("ws");
    let mut c = start(
        &ws,
        Setup {
            pull: true,
            ..Setup::default()
        },
    )
    .await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let report = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(report["kind"], "full");
    let items = &report["items"];
    assert!(codes(items).contains(&"status-gap"));
    let gap = items
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "status-gap")
        .unwrap();
    assert_eq!(slice(&text, &gap["range"], Enc::Utf16), "gap");
    // Pull clients get no pushes; changes ask them to refresh instead.
    c.replace_all(&uri, 2, &text.replace("gap", "planned"))
        .await;
    c.wait(|m| m["method"] == "workspace/diagnostic/refresh")
        .await;
    let all = c.drain().await;
    assert!(
        !all.iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics")
    );
    c.shutdown_and_exit().await;
}

/// A client that pulls but cannot be asked to pull again (Neovim 0.11)
/// would keep findings pulled before indexing ended; it gets pushes.
#[tokio::test]
async fn pull_clients_without_refresh_get_pushes() {
    let ws = TempDir::fixture("ws");
    let mut c = Client::start();
    let init = c
        .initialize(
            &ws.0,
            Setup {
                pull: true,
                pull_refresh: false,
                ..Setup::default()
            },
        )
        .await;
    assert!(
        init["capabilities"].get("diagnosticProvider").is_none(),
        "{init}"
    );
    c.indexed().await;
    let uri = ws.uri("ai-inventory.yaml");
    c.open(&uri, "yaml", &ws.read("ai-inventory.yaml")).await;
    c.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .await;
    c.shutdown_and_exit().await;
}
