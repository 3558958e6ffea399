//! The built `aisrm lsp` binary over stdio, driven by the shared LSP test
//! client: a whole session (initialize, open, diagnostics, hover,
//! completion, shutdown, exit), exit codes, nothing on stdout but
//! well-formed LSP frames (the client reads nothing else), and why a
//! request got no answer on stderr.

use aisrm_test_support::cli::temp_dir;
use aisrm_test_support::{Client, codes, file_uri};
use serde_json::{Value, json};

fn server() -> Client {
    Client::spawn(env!("CARGO_BIN_EXE_aisrm"), &["lsp", "--stdio"])
}

async fn initialize(c: &mut Client, root: Value) -> Value {
    let init = c
        .request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {}}),
        )
        .await;
    c.notify("initialized", json!({})).await;
    init
}

#[tokio::test]
async fn a_whole_session_over_stdio() {
    let dir = temp_dir("session");
    let text = "aisrm: 1\ncomponents:\n  bot:\n    name: Bot 🤖\n    deployment: SaaS AI\n";
    std::fs::write(dir.join("ai-inventory.yaml"), text).unwrap();
    let root = file_uri(&dir);
    let uri = file_uri(&dir.join("ai-inventory.yaml"));

    let mut c = server();
    let init = c
        .request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {}, "workspaceFolders": [{"uri": root, "name": "ws"}]}),
        )
        .await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    c.notify("initialized", json!({})).await;
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 7, "text": text}}),
    )
    .await;
    let diags = c.diagnostics(&uri, |p| p["version"] == 7).await;
    let d = &diags["diagnostics"][0];
    assert_eq!(d["code"], "unknown-deployment-model");
    assert_eq!(
        d["range"],
        json!({"start": {"line": 4, "character": 16}, "end": {"line": 4, "character": 23}})
    );
    let completion = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 16}}),
        )
        .await;
    assert_eq!(completion[0]["label"], "saas-ai");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 3}}),
        )
        .await;
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Bot 🤖")
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn exit_without_shutdown_is_an_error_exit() {
    let mut c = server();
    initialize(&mut c, Value::Null).await;
    assert_eq!(c.exit_only().await, 1);
}

/// `shutdown` and `exit` written in one go: `exit` may reach the server
/// before the `shutdown` handler ran, and the exit code is still 0.
#[tokio::test]
async fn shutdown_and_exit_in_one_burst_exit_cleanly() {
    for _ in 0..20 {
        let mut c = server();
        initialize(&mut c, Value::Null).await;
        c.send(json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}))
            .await;
        assert_eq!(c.exit_only().await, 0);
    }
}

/// A request about a file the server does not know is answered with
/// nothing, and stderr (the editor's log of the server) says why.
#[tokio::test]
async fn a_request_answered_with_nothing_says_why_on_stderr() {
    let dir = temp_dir("why");
    let mut c = server();
    initialize(&mut c, json!(file_uri(&dir))).await;
    let unknown = file_uri(&dir.join("nowhere.aisrm.yaml"));
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": unknown}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(hover, Value::Null);
    let not_a_file = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "untitled:Untitled-1"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(not_a_file, Value::Null);
    for why in [
        format!(
            "aisrm: textDocument/hover: {unknown} is neither open nor an aisrm file of the workspace\n"
        ),
        "aisrm: textDocument/hover: untitled:Untitled-1 is not a local file\n".to_string(),
    ] {
        let logged = c.stderr_with(&why).await;
        assert!(logged.contains(&why), "{logged}");
    }
    assert_eq!(c.shutdown_and_exit().await, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The security boundary follows the current workspace folders: an
/// inventory in folder `a` whose custom framework lies in folder `b` loses
/// that framework (`framework-outside-workspace`, republished, nothing read
/// from it) when `b` is removed, for an open and an unopened inventory
/// alike, and gets it back when `b` is added again.
#[tokio::test]
async fn the_workspace_folders_bound_the_framework_files_read() {
    let dir = temp_dir("folders");
    let (a, b) = (dir.join("a"), dir.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let framework = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/custom-framework/framework.yaml"),
    )
    .unwrap();
    std::fs::write(b.join("framework.yaml"), framework).unwrap();
    let inventory = |id: &str| {
        format!(
            "aisrm: 1\nframework: ../b/framework.yaml\ncomponents:\n  {id}:\n    deployment: hosted-llm\n    owner: ml-team\n"
        )
    };
    let text = &inventory("bot");
    std::fs::write(a.join("ai-inventory.yaml"), text).unwrap();
    std::fs::write(a.join("closed.aisrm.yaml"), inventory("helper")).unwrap();
    let (open, closed) = (
        file_uri(&a.join("ai-inventory.yaml")),
        file_uri(&a.join("closed.aisrm.yaml")),
    );
    let folder = |path: &std::path::Path| json!([{"uri": file_uri(path), "name": "f"}]);

    let mut c = server();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {"workspace": {"workspaceFolders": true}},
               "workspaceFolders": [folder(&a)[0], folder(&b)[0]]}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    c.indexed().await;
    c.open(&open, "yaml", text).await;
    // The custom framework is read: its critical domain is checked.
    let resolved = c.diagnostics(&open, |p| p["version"] == 1).await;
    assert_eq!(
        codes(&resolved["diagnostics"]),
        ["critical-domain-uncovered"],
        "{resolved}"
    );
    let hover_model =
        json!({"textDocument": {"uri": open}, "position": {"line": 4, "character": 17}});
    let hover = c.request("textDocument/hover", hover_model.clone()).await;
    assert!(hover.to_string().contains("Hosted LLM gateway"), "{hover}");

    let outside = |p: &Value| codes(&p["diagnostics"]).contains(&"framework-outside-workspace");
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": folder(&b)}}),
    )
    .await;
    for uri in [&open, &closed] {
        let refused = c.diagnostics(uri, outside).await;
        assert_eq!(
            codes(&refused["diagnostics"]),
            ["framework-outside-workspace"],
            "{uri}: {refused}"
        );
    }
    let hover = c.request("textDocument/hover", hover_model.clone()).await;
    assert!(!hover.to_string().contains("Hosted LLM gateway"), "{hover}");

    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": folder(&b), "removed": []}}),
    )
    .await;
    for uri in [&open, &closed] {
        let resolved = c.diagnostics(uri, |p| !outside(p)).await;
        assert_eq!(
            codes(&resolved["diagnostics"]),
            ["critical-domain-uncovered"],
            "{uri}: {resolved}"
        );
    }
    let hover = c.request("textDocument/hover", hover_model).await;
    assert!(hover.to_string().contains("Hosted LLM gateway"), "{hover}");
    assert_eq!(c.shutdown_and_exit().await, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file outside every workspace folder is the editor's while it is open
/// and is never read from disk: closing it leaves it out of the workspace
/// (its component no longer duplicates the one inside), though the same
/// text is on disk.
#[tokio::test]
async fn files_outside_the_folders_are_not_read_from_disk() {
    let dir = temp_dir("outside-files");
    let (inside, outside) = (dir.join("ws"), dir.join("elsewhere"));
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let text = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    owner: team\n";
    std::fs::write(inside.join("ai-inventory.yaml"), text).unwrap();
    std::fs::write(outside.join("extra.aisrm.yaml"), text).unwrap();
    let (uri, extra) = (
        file_uri(&inside.join("ai-inventory.yaml")),
        file_uri(&outside.join("extra.aisrm.yaml")),
    );
    let mut c = server();
    initialize(&mut c, json!(file_uri(&inside))).await;
    c.indexed().await;
    c.open(&uri, "yaml", text).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    assert_eq!(codes(&d["diagnostics"]), Vec::<&str>::new(), "{d}");

    c.open(&extra, "yaml", text).await;
    let duplicated = |p: &Value| codes(&p["diagnostics"]).contains(&"duplicate-component");
    c.diagnostics(&uri, duplicated).await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": extra}}),
    )
    .await;
    let d = c.diagnostics(&uri, |p| !duplicated(p)).await;
    assert_eq!(codes(&d["diagnostics"]), Vec::<&str>::new(), "{d}");
    assert_eq!(c.shutdown_and_exit().await, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A design document extending an inventory component (`extends:`), over
/// the binary: editing the document changes the inventory's findings
/// (merged duties, a conflict at both places) and editing the inventory
/// changes the document's.
#[tokio::test]
async fn editing_an_extension_and_its_component_updates_both_files() {
    let dir = temp_dir("extends");
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    let inventory = |owner: &str| {
        format!(
            "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-privacy:\n        owner: {owner}\n"
        )
    };
    let extension = |owner: &str| {
        format!(
            "# Bot\n\n```aisrm\nbot:\n  extends: ../ai-inventory.yaml#bot\n  responsibilities:\n    user-access-control:\n      owner: {owner}\n    data-privacy:\n      owner: privacy\n```\n"
        )
    };
    std::fs::write(dir.join("ai-inventory.yaml"), inventory("privacy")).unwrap();
    std::fs::write(dir.join("docs/bot.md"), extension("iam")).unwrap();
    let (inv, doc) = (
        file_uri(&dir.join("ai-inventory.yaml")),
        file_uri(&dir.join("docs/bot.md")),
    );
    let mut c = server();
    initialize(&mut c, json!(file_uri(&dir))).await;
    c.indexed().await;
    c.open(&inv, "yaml", &inventory("privacy")).await;
    c.open(&doc, "markdown", &extension("iam")).await;
    let unowned = |p: &Value| codes(&p["diagnostics"]).contains(&"unowned-customer-duties");
    let conflict = |p: &Value| codes(&p["diagnostics"]).contains(&"extension-conflict");
    // The document owns the one customer duty of saas-ai.
    let d = c.diagnostics(&inv, |p| !unowned(p) && !conflict(p)).await;
    assert!(!unowned(&d), "{d}");
    // An empty owner in the document: the inventory's duty is unowned.
    c.replace_all(&doc, 2, &extension("\"\"")).await;
    c.diagnostics(&inv, unowned).await;
    c.replace_all(&doc, 3, &extension("iam")).await;
    c.diagnostics(&inv, |p| !unowned(p)).await;
    // Another owner in the inventory: a conflict in both files.
    c.replace_all(&inv, 2, &inventory("legal")).await;
    let at_doc = c.diagnostics(&doc, conflict).await;
    let related = at_doc["diagnostics"][0]["relatedInformation"][0]["location"]["uri"].clone();
    assert_eq!(related, json!(inv), "{at_doc}");
    c.diagnostics(&inv, conflict).await;
    c.replace_all(&inv, 3, &inventory("privacy")).await;
    c.diagnostics(&doc, |p| !conflict(p)).await;
    c.diagnostics(&inv, |p| !conflict(p)).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
    let _ = std::fs::remove_dir_all(&dir);
}
