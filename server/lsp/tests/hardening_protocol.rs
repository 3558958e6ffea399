//! Protocol abuse, resource bombs and the security boundary against the
//! in-process server (the duplex client of `support/`, plus a raw byte
//! pipe for what a well-behaved client never sends). Every case ends with
//! a hover request that must still be answered: the server survives.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aisrm_test_support::bombs;
use serde_json::{Value, json};
use support::{Client, RawWriter, Setup, TempDir, codes, frame};

/// A server with test hooks, a client, and a raw writer into the server.
fn start_raw() -> (Client, RawWriter) {
    let client = Client::start();
    let raw = client.raw();
    (client, raw)
}

async fn raw_frame(raw: &RawWriter, body: &str) {
    raw.write(frame::encode(body).as_bytes()).await;
}

async fn write_raw(raw: &RawWriter, bytes: &[u8]) {
    raw.write(bytes).await;
}

const INVENTORY: &str = "aisrm: 1\ncomponents:\n  chat:\n    deployment: saas-ai\n";

fn workspace() -> TempDir {
    let ws = TempDir::new();
    ws.write("ai-inventory.yaml", INVENTORY);
    ws
}

/// The liveness probe: a hover on `saas-ai` of the workspace's inventory
/// must be answered with its explanation.
async fn still_serves(c: &mut Client, ws: &TempDir) {
    let uri = ws.uri("ai-inventory.yaml");
    let at = INVENTORY.find("saas-ai").unwrap();
    let params = c.at(&uri, INVENTORY, at);
    let h = c.request("textDocument/hover", params).await;
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|s| !s.is_empty()),
        "{h}"
    );
}

async fn ready(ws: &TempDir) -> (Client, RawWriter) {
    let (mut c, raw) = start_raw();
    c.initialize(&ws.0, Setup::default()).await;
    c.indexed().await;
    c.open(&ws.uri("ai-inventory.yaml"), "yaml", INVENTORY)
        .await;
    (c, raw)
}

fn error_code(resp: &Value) -> i64 {
    resp["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("no error: {resp}"))
}

#[tokio::test]
async fn requests_before_initialize_are_refused_with_32002() {
    let ws = workspace();
    let (mut c, _raw) = start_raw();
    let params = json!({"textDocument": {"uri": ws.uri("ai-inventory.yaml")}, "position": {"line": 0, "character": 0}});
    let id = c.send_request("textDocument/hover", params).await;
    assert_eq!(error_code(&c.response(id).await), -32002);
    c.initialize(&ws.0, Setup::default()).await;
    c.indexed().await;
    c.open(&ws.uri("ai-inventory.yaml"), "yaml", INVENTORY)
        .await;
    still_serves(&mut c, &ws).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn malformed_messages_get_json_rpc_errors() {
    let ws = workspace();
    let (mut c, raw) = ready(&ws).await;
    // Not JSON: -32700 (id null).
    raw_frame(&raw, "{\"jsonrpc\": \"2.0\", \"id\": 90, \"method\": ").await;
    let r = c.wait(|m| m["error"]["code"] == -32700).await;
    assert!(r["id"].is_null(), "{r}");
    still_serves(&mut c, &ws).await;
    // JSON, but not a request: -32600.
    raw_frame(&raw, r#"{"jsonrpc": "2.0", "id": 91, "method": 5}"#).await;
    let r = c.wait(|m| m["error"]["code"] == -32600).await;
    assert!(r["id"] == 91 || r["id"].is_null(), "{r}");
    raw_frame(&raw, r#"[1, 2, 3]"#).await;
    c.wait(|m| m["error"]["code"] == -32600 || m["error"]["code"] == -32700)
        .await;
    still_serves(&mut c, &ws).await;
    // An unknown method: -32601; an unknown notification: ignored.
    let id = c.send_request("aisrm/noSuchMethod", json!({})).await;
    assert_eq!(error_code(&c.response(id).await), -32601);
    c.notify("aisrm/noSuchNotification", json!({"x": 1})).await;
    // Wrong parameter types: -32602.
    let id = c
        .send_request(
            "textDocument/hover",
            json!({"textDocument": 5, "position": "here"}),
        )
        .await;
    assert_eq!(error_code(&c.response(id).await), -32602);
    let id = c
        .send_request("textDocument/completion", json!([1, 2]))
        .await;
    assert_eq!(error_code(&c.response(id).await), -32602);
    // A notification with wrong params is dropped, not fatal.
    c.notify("textDocument/didOpen", json!({"textDocument": 7}))
        .await;
    c.notify("textDocument/didChange", json!(null)).await;
    still_serves(&mut c, &ws).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn wrong_content_length_does_not_kill_the_server() {
    let ws = workspace();
    let (mut c, raw) = ready(&ws).await;
    // Shorter than the body: the rest of the body is garbage before the
    // next header.
    let body = r#"{"jsonrpc": "2.0", "id": 95, "method": "shutdown"}"#;
    write_raw(&raw, format!("Content-Length: 10\r\n\r\n{body}").as_bytes()).await;
    // A header that is not a number, and a header line without a colon.
    write_raw(&raw, b"Content-Length: lots\r\n\r\n{}").await;
    write_raw(&raw, b"Garbage\r\n\r\n").await;
    // The server resynchronises on the next well-formed frame.
    still_serves(&mut c, &ws).await;
    // The shutdown in the cut frame was not executed.
    still_serves(&mut c, &ws).await;
    // Longer than the body: the server waits for the rest; when it
    // comes, the frame is parsed as a whole.
    let body = r#"{"jsonrpc": "2.0", "id": 96, "method": "aisrm/noSuchMethod"}"#;
    let padded = format!("{body}{}", " ".repeat(8));
    write_raw(
        &raw,
        format!("Content-Length: {}\r\n\r\n{body}", padded.len()).as_bytes(),
    )
    .await;
    write_raw(&raw, " ".repeat(8).as_bytes()).await;
    let r = c.wait(|m| m["id"] == 96).await;
    assert_eq!(error_code(&r), -32601);
    still_serves(&mut c, &ws).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn requests_after_shutdown_are_invalid() {
    let ws = workspace();
    let (mut c, _raw) = ready(&ws).await;
    c.request("shutdown", Value::Null).await;
    let params = c.at(&ws.uri("ai-inventory.yaml"), INVENTORY, 0);
    let id = c.send_request("textDocument/hover", params).await;
    assert_eq!(error_code(&c.response(id).await), -32600);
    let id = c.send_request("shutdown", Value::Null).await;
    assert_eq!(error_code(&c.response(id).await), -32600);
    assert_eq!(c.exit_only().await, 0);
}

#[tokio::test]
async fn positions_out_of_bounds_and_inverted_ranges() {
    let ws = workspace();
    let (mut c, _raw) = ready(&ws).await;
    let uri = ws.uri("ai-inventory.yaml");
    let far = json!({"line": 1_000_000, "character": 1_000_000});
    let past_line = json!({"line": 2, "character": 4_000_000_000u32});
    let tdoc = json!({"uri": uri});
    for position in [
        far.clone(),
        past_line.clone(),
        json!({"line": 0, "character": 0}),
    ] {
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/prepareRename",
            "textDocument/documentHighlight",
        ] {
            let id = c
                .send_request(method, json!({"textDocument": tdoc, "position": position}))
                .await;
            let r = c.response(id).await;
            // An answer or an error for the request, never a dead server.
            assert!(
                r.get("result").is_some() || r["error"]["code"].as_i64() != Some(-32603),
                "{method}: {r}"
            );
        }
        let id = c
            .send_request(
                "textDocument/references",
                json!({"textDocument": tdoc, "position": position, "context": {"includeDeclaration": true}}),
            )
            .await;
        c.response(id).await;
        let id = c
            .send_request(
                "textDocument/rename",
                json!({"textDocument": tdoc, "position": position, "newName": "x"}),
            )
            .await;
        c.response(id).await;
    }
    let inverted =
        json!({"start": {"line": 3, "character": 10}, "end": {"line": 0, "character": 0}});
    let huge = json!({"start": {"line": 0, "character": 0}, "end": far});
    for range in [inverted, huge] {
        for method in ["textDocument/inlayHint", "textDocument/codeAction"] {
            let params =
                json!({"textDocument": tdoc, "range": range, "context": {"diagnostics": []}});
            let id = c.send_request(method, params).await;
            let r = c.response(id).await;
            assert!(
                r.get("result").is_some() || r["error"]["code"].as_i64() != Some(-32603),
                "{method}: {r}"
            );
        }
    }
    // An edit whose range is inverted and out of bounds.
    c.change(&uri, 2, json!([{"range": {"start": {"line": 99, "character": 5}, "end": {"line": 0, "character": 3}}, "text": "# tail\n"}]))
        .await;
    let text = c.request("aisrm/test/text", json!({"uri": uri})).await;
    let text = text["text"].as_str().unwrap().to_string();
    // Back to the probe's text.
    c.replace_all(&uri, 3, INVENTORY).await;
    assert!(text.len() <= INVENTORY.len() + "# tail\n".len(), "{text:?}");
    still_serves(&mut c, &ws).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn document_lifecycle_abuse() {
    let ws = workspace();
    let (mut c, _raw) = ready(&ws).await;
    let ghost = ws.uri("never-opened.aisrm.yaml");
    // Edits, saves and closes for a document never opened.
    c.change(&ghost, 5, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "x"}]))
        .await;
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": ghost}}),
    )
    .await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": ghost}}),
    )
    .await;
    let id = c
        .send_request(
            "textDocument/hover",
            json!({"textDocument": {"uri": ghost}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    c.response(id).await;
    // Not a file URI at all.
    c.open("untitled:Untitled-1", "yaml", INVENTORY).await;
    let id = c.send_request("textDocument/hover", json!({"textDocument": {"uri": "untitled:Untitled-1"}, "position": {"line": 3, "character": 17}})).await;
    c.response(id).await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "untitled:Untitled-1"}}),
    )
    .await;
    // A document opened twice, then closed twice.
    let other = ws.uri("other.aisrm.yaml");
    c.open(&other, "yaml", INVENTORY).await;
    c.open(&other, "yaml", "aisrm: 1\n").await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": other}}),
    )
    .await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": other}}),
    )
    .await;
    // Versions going backwards.
    let uri = ws.uri("ai-inventory.yaml");
    c.change(&uri, 1, json!([{"text": INVENTORY}])).await;
    c.change(&uri, -7, json!([{"text": INVENTORY}])).await;
    still_serves(&mut c, &ws).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn ten_thousand_edits_in_a_burst() {
    let ws = workspace();
    let (mut c, _raw) = ready(&ws).await;
    let uri = ws.uri("ai-inventory.yaml");
    // Append one character at the end of the file, 10,000 times.
    let mut expected = INVENTORY.to_string();
    expected.push('#');
    let line = INVENTORY.lines().count() as u32;
    c.change(&uri, 2, json!([{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "#"}]))
        .await;
    for i in 1..10_000u32 {
        let at = json!({"line": line, "character": i});
        c.change(
            &uri,
            2 + i as i32,
            json!([{"range": {"start": at, "end": at}, "text": "x"}]),
        )
        .await;
        expected.push('x');
    }
    let text = c.request("aisrm/test/text", json!({"uri": uri})).await;
    assert_eq!(text["text"].as_str().unwrap(), expected);
    assert_eq!(text["version"], 2 + 9_999);
    c.replace_all(&uri, 20_000, INVENTORY).await;
    still_serves(&mut c, &ws).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn cancellation_and_panics_leave_the_server_serving() {
    let ws = workspace();
    let (mut c, _raw) = ready(&ws).await;
    for _ in 0..3 {
        let id = c.send_request("aisrm/test/sleep", Value::Null).await;
        c.notify("$/cancelRequest", json!({"id": id})).await;
        assert_eq!(error_code(&c.response(id).await), -32800);
    }
    // Cancelling what is unknown or already answered is harmless.
    c.notify("$/cancelRequest", json!({"id": 123_456})).await;
    c.notify("$/cancelRequest", json!({"id": "nope"})).await;
    // Twenty panics in a row, each an internal error for that request.
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(c.send_request("aisrm/test/panic", Value::Null).await);
    }
    for id in ids {
        assert_eq!(error_code(&c.response(id).await), -32603);
    }
    still_serves(&mut c, &ws).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// Files the server opens must each still be answered after.
#[tokio::test]
async fn resource_bombs_through_the_server() {
    let ws = workspace();
    let (mut c, _raw) = ready(&ws).await;
    let bombs = [
        ("alias.aisrm.yaml", bombs::alias_bomb()),
        ("flow.aisrm.yaml", bombs::deep_flow_sequences(10_000)),
        ("block.aisrm.yaml", bombs::deep_block_sequences(10_000)),
        ("line.aisrm.yaml", bombs::long_line(1024 * 1024)),
        (
            "many.aisrm.yaml",
            bombs::many_components(20_000, |_| String::new()),
        ),
        (
            "binary.aisrm.yaml",
            String::from_utf8_lossy(&bombs::binary(65_536)).into_owned(),
        ),
        ("big.aisrm.yaml", bombs::padded_inventory(50 * 1024 * 1024)),
    ];
    for (name, text) in &bombs {
        let uri = ws.uri(name);
        c.open(&uri, "yaml", text).await;
        let d = c.diagnostics(&uri, |_| true).await;
        assert!(d["diagnostics"].is_array(), "{name}");
        // Requests on the bomb itself, then the liveness probe.
        let mid = json!({"line": 1, "character": 5});
        let id = c
            .send_request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": mid}),
            )
            .await;
        c.response(id).await;
        let id = c
            .send_request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": mid}),
            )
            .await;
        c.response(id).await;
        let range =
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}});
        let id = c
            .send_request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": uri}, "range": range}),
            )
            .await;
        c.response(id).await;
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
        still_serves(&mut c, &ws).await;
    }
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// What the server may read: a custom framework outside the workspace
/// (`../`, absolute, or a symlink out) is refused with
/// `framework-outside-workspace`, and its content has no effect.
#[tokio::test]
async fn custom_frameworks_outside_the_workspace_are_refused() {
    let outer = TempDir::new();
    let ws_dir = outer.path("ws");
    std::fs::create_dir_all(&ws_dir).unwrap();
    // A valid framework that would make `secret-model` known.
    let framework = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/custom-framework/framework.yaml"),
    )
    .unwrap();
    outer.write("outside/framework.yaml", &framework);
    let outside = outer.path("outside/framework.yaml");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, ws_dir.join("link.yaml")).unwrap();
    let ws = TempDir(ws_dir);
    ws.write("ai-inventory.yaml", INVENTORY);
    let deployment = framework
        .lines()
        .find_map(|l| l.trim().strip_prefix("- id: "))
        .expect("a model id in the example framework")
        .to_string();
    let cases = [
        ("dotdot.aisrm.yaml", "../outside/framework.yaml".to_string()),
        ("absolute.aisrm.yaml", outside.display().to_string()),
        #[cfg(unix)]
        ("symlink.aisrm.yaml", "link.yaml".to_string()),
    ];
    let (mut c, _raw) = ready(&ws).await;
    for (name, fw) in &cases {
        let text =
            format!("aisrm: 1\nframework: {fw}\ncomponents:\n  c:\n    deployment: {deployment}\n");
        let uri = ws.uri(name);
        c.open(&uri, "yaml", &text).await;
        let d = c
            .diagnostics(&uri, |p| !p["diagnostics"].as_array().unwrap().is_empty())
            .await;
        let found = codes(&d["diagnostics"]);
        assert!(
            found.contains(&"framework-outside-workspace"),
            "{name}: {found:?}"
        );
        // Nothing came from the outside file: no hover for its model.
        let at = text.rfind(&deployment).unwrap();
        let id = c
            .send_request("textDocument/hover", c.at(&uri, &text, at))
            .await;
        let h = c.response(id).await;
        let shown = h["result"]["contents"]["value"].as_str().unwrap_or("");
        assert!(!shown.contains("Acme"), "{name}: {shown}");
    }
    still_serves(&mut c, &ws).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
    std::mem::forget(ws); // `outer` removes the whole tree
}

/// Every file under `dir`: contents and modification times.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = std::fs::symlink_metadata(entry.path()).unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                let bytes = std::fs::read(entry.path()).unwrap_or_default();
                out.insert(entry.path(), (bytes, meta.modified().unwrap()));
            }
        }
    }
    out
}

/// The server never writes: a session with edits, code actions, rename
/// and commands leaves the workspace's files byte for byte (and mtime for
/// mtime) as they were, and creates none.
#[tokio::test]
async fn the_server_never_writes_files() {
    let ws = TempDir::fixture("ws");
    let before = snapshot(&ws.0);
    let (mut c, _raw) = start_raw();
    c.initialize(&ws.0, Setup::default()).await;
    c.indexed().await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let all =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 10_000, "character": 0}});
    let diags = c.diagnostics(&uri, |_| true).await;
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": all, "context": {"diagnostics": diags["diagnostics"]}}),
        )
        .await;
    for action in actions.as_array().into_iter().flatten() {
        if let Some(cmd) = action.get("command").filter(|c| c.is_object()) {
            let id = c
                .send_request(
                    "workspace/executeCommand",
                    json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
                )
                .await;
            c.response(id).await;
        }
    }
    // Rename every component id the file declares.
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    for s in symbols.as_array().into_iter().flatten() {
        let position = s["selectionRange"]["start"].clone();
        let id = c
            .send_request(
                "textDocument/rename",
                json!({"textDocument": {"uri": uri}, "position": position, "newName": "renamed-x"}),
            )
            .await;
        c.response(id).await;
    }
    let init_commands = [
        "aisrm.componentSummary",
        "aisrm.showMatrix",
        "aisrm.restart",
    ];
    for cmd in init_commands {
        let id = c
            .send_request(
                "workspace/executeCommand",
                json!({"command": cmd, "arguments": [uri]}),
            )
            .await;
        c.response(id).await;
    }
    c.change(&uri, 2, json!([{"text": "aisrm: 1\ncomponents: {}\n"}]))
        .await;
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    assert_eq!(c.shutdown_and_exit().await, 0);
    assert_eq!(snapshot(&ws.0), before, "the workspace changed on disk");
}

#[tokio::test]
async fn every_malformed_frame_gets_its_own_error() {
    let ws = workspace();
    let (mut c, raw) = ready(&ws).await;
    for _ in 0..3 {
        raw_frame(&raw, "{not json").await;
    }
    write_raw(&raw, b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\"}").await;
    raw_frame(&raw, r#"{"jsonrpc":"2.0","id":7,"method":9}"#).await;
    write_raw(&raw, b"no header at all\r\n\r\n").await;
    still_serves(&mut c, &ws).await;
    let mut codes = Vec::new();
    for m in c.drain().await {
        if let Some(code) = m["error"]["code"].as_i64() {
            codes.push((code, m["id"].clone()));
        }
    }
    let parse_errors = codes
        .iter()
        .filter(|(c, id)| *c == -32700 && id.is_null())
        .count();
    assert_eq!(parse_errors, 5, "{codes:?}");
    assert!(codes.contains(&(-32600, json!(7))), "{codes:?}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}
