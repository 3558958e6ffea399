//! Concurrency and cancellation of the language server (issue 11), each
//! scenario run twice: in process over `tokio::io::duplex` and over the
//! built `aisrm lsp` binary's stdio. Requests work on snapshots, so a slow
//! one delays neither typing nor a hover; a cancelled one stops mid-flight
//! with -32800; a request sees exactly the edits sent before it; a burst of
//! edits is applied in order and its diagnostics are coalesced, never
//! published out of order.

#[path = "../../lsp/tests/support/mod.rs"]
mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Client, Setup, TempDir};
use tokio::io::BufReader;
use tokio::process::{Child, Command};

#[derive(Clone, Copy, Debug)]
enum Transport {
    InProcess,
    Binary,
}

const BOTH: [Transport; 2] = [Transport::InProcess, Transport::Binary];

struct Session {
    client: Client,
    child: Option<Child>,
}

impl Session {
    /// A server initialised on `ws` (indexed), with test hooks.
    async fn start(transport: Transport, ws: &TempDir) -> Session {
        let (mut client, child) = match transport {
            Transport::InProcess => (Client::start(), None),
            Transport::Binary => {
                let mut child = Command::new(env!("CARGO_BIN_EXE_aisrm"))
                    .arg("lsp")
                    .env("AISRM_LSP_TEST_HOOKS", "1")
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .kill_on_drop(true)
                    .spawn()
                    .expect("the aisrm binary runs");
                let read = BufReader::new(child.stdout.take().unwrap());
                let write = child.stdin.take().unwrap();
                let client = Client::connect(Box::new(read), Box::new(write));
                (client, Some(child))
            }
        };
        client.initialize(&ws.0, Setup::default()).await;
        client.indexed().await;
        Session { client, child }
    }

    /// `shutdown`, `exit`, and the exit code 0.
    async fn finish(mut self) {
        match self.child.take() {
            None => assert_eq!(self.client.shutdown_and_exit().await, 0),
            Some(mut child) => {
                self.client.request("shutdown", Value::Null).await;
                self.client.notify("exit", Value::Null).await;
                let status = tokio::time::timeout(Duration::from_secs(5), child.wait())
                    .await
                    .expect("aisrm lsp exits")
                    .unwrap();
                assert_eq!(status.code(), Some(0));
            }
        }
    }
}

/// A workspace with the language-server tests' fixture inventory.
fn workspace() -> TempDir {
    let ws = TempDir::new();
    ws.write(
        "ai-inventory.yaml",
        include_str!("../../lsp/tests/fixtures/ws/ai-inventory.yaml"),
    );
    ws
}

/// The fixture inventory, open in the editor at version 1.
async fn open_inventory(s: &Session, ws: &TempDir) -> (String, String) {
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    s.client.open(&uri, "yaml", &text).await;
    (uri, text)
}

/// Inserts `x` at the start of the first line (a comment) as `version`.
async fn type_x(c: &Client, uri: &str, version: i32) {
    let at = json!({"line": 0, "character": 1});
    c.change(
        uri,
        version,
        json!([{"range": {"start": at, "end": at}, "text": "x"}]),
    )
    .await;
}

/// Cancelled while it runs, a request answers -32800 at once and its
/// work sees the cancellation and stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_cancelled_mid_flight_answers_32800_and_stops() {
    for transport in BOTH {
        let ws = workspace();
        let mut s = Session::start(transport, &ws).await;
        let c = &mut s.client;
        let id = c.send_request("aisrm/test/slow", json!({})).await;
        // Let it start working (it works for 30 s unless cancelled).
        tokio::time::sleep(Duration::from_millis(200)).await;
        let asked = Instant::now();
        c.notify("$/cancelRequest", json!({"id": id})).await;
        let r = c.response(id).await;
        assert_eq!(r["error"]["code"], -32800, "{transport:?}: {r}");
        assert!(asked.elapsed() < Duration::from_secs(2), "{transport:?}");
        let stopped = loop {
            let n = c.request("aisrm/test/cancelled", Value::Null).await;
            if n == 1 || asked.elapsed() > Duration::from_secs(5) {
                break n;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert_eq!(stopped, 1, "{transport:?}: the work did not stop");
        s.finish().await;
    }
}

const DEPENDENTS: usize = 300;

/// An inventory where `target` is named by `DEPENDENTS` components, each
/// with a misspelt deployment model (a did-you-mean quick fix each): long
/// answers for references, rename and code actions.
fn many_references() -> (TempDir, String) {
    let mut text = String::from("aisrm: 1\ncomponents:\n  target:\n    deployment: saas-ai\n");
    for i in 0..DEPENDENTS {
        text.push_str(&format!(
            "  c{i}:\n    deployment: sass-ai\n    depends-on: [target]\n"
        ));
    }
    let ws = TempDir::new();
    ws.write("ai-inventory.yaml", &text);
    (ws, text)
}

/// References, rename and code actions over hundreds of places check
/// their cancellation between items: cancelled mid-flight, each answers
/// -32800 at once and its work stops (the server counts works that
/// stopped on their flag). Uncancelled, they answer in full.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_rename_and_code_actions_stop_when_cancelled_mid_flight() {
    for transport in BOTH {
        let (ws, text) = many_references();
        let mut s = Session::start(transport, &ws).await;
        let (uri, _) = open_inventory(&s, &ws).await;
        let c = &mut s.client;
        let at = c.at(&uri, &text, text.find("target").unwrap());
        let whole = json!({"start": {"line": 0, "character": 0},
                           "end": {"line": text.lines().count(), "character": 0}});
        let requests = [
            (
                "textDocument/references",
                json!({"context": {"includeDeclaration": true}}),
            ),
            ("textDocument/rename", json!({"newName": "renamed"})),
            (
                "textDocument/codeAction",
                json!({"range": whole, "context": {"diagnostics": []}}),
            ),
        ];
        let with_position = |method: &str, extra: &Value| {
            let mut params = extra.clone();
            if method == "textDocument/codeAction" {
                params["textDocument"] = json!({"uri": uri});
            } else {
                params["textDocument"] = at["textDocument"].clone();
                params["position"] = at["position"].clone();
            }
            params
        };
        // Every check of the flag pauses 10 ms: hundreds of items take
        // seconds, so each request is still running when it is cancelled.
        c.request("aisrm/test/pace", json!({"millis": 10})).await;
        for (n, (method, extra)) in requests.iter().enumerate() {
            let id = c.send_request(method, with_position(method, extra)).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let asked = Instant::now();
            c.notify("$/cancelRequest", json!({"id": id})).await;
            let r = c.response(id).await;
            assert_eq!(
                r["error"]["code"], -32800,
                "{transport:?} {method}: answered, not cancelled"
            );
            assert!(
                asked.elapsed() < Duration::from_secs(2),
                "{transport:?} {method}"
            );
            let stopped = loop {
                let stopped = c.request("aisrm/test/cancelled", Value::Null).await;
                if stopped == n + 1 || asked.elapsed() > Duration::from_secs(5) {
                    break stopped;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            };
            assert_eq!(
                stopped,
                n + 1,
                "{transport:?} {method}: the work did not stop"
            );
        }
        c.request("aisrm/test/pace", json!({"millis": 0})).await;
        let [references, rename, actions] =
            requests.map(|(method, extra)| (method, with_position(method, &extra)));
        let found = c.request(references.0, references.1).await;
        assert_eq!(
            found.as_array().unwrap().len(),
            DEPENDENTS + 1,
            "{transport:?}"
        );
        let edit = c.request(rename.0, rename.1).await;
        assert_eq!(
            edit["changes"][&uri].as_array().unwrap().len(),
            DEPENDENTS + 1
        );
        let fixes = c.request(actions.0, actions.1).await;
        let quick = fixes
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["title"] == "Change to `saas-ai`");
        assert_eq!(quick.count(), DEPENDENTS, "{transport:?}");
        s.finish().await;
    }
}

/// While a slow request runs, typing goes on (the diagnostics of the new
/// version arrive) and a hover sent after it is answered promptly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_request_delays_neither_edits_nor_a_hover() {
    for transport in BOTH {
        let ws = workspace();
        let mut s = Session::start(transport, &ws).await;
        let (uri, text) = open_inventory(&s, &ws).await;
        let c = &mut s.client;
        c.diagnostics(&uri, |p| p["version"] == 1).await;
        let slow = c.send_request("aisrm/test/slow", json!({})).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let sent = Instant::now();
        type_x(c, &uri, 2).await;
        c.diagnostics(&uri, |p| p["version"] == 2).await;
        let text = format!("#x{}", &text[1..]);
        let at = text.find("saas-ai").unwrap();
        let hover = c.request("textDocument/hover", c.at(&uri, &text, at)).await;
        assert!(
            hover["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("SaaS")),
            "{transport:?}: {hover}"
        );
        assert!(
            sent.elapsed() < Duration::from_secs(2),
            "{transport:?}: the edit and the hover waited {:?} for the slow request",
            sent.elapsed()
        );
        // The slow request is still running.
        assert!(
            !c.drain()
                .await
                .iter()
                .any(|m| m.get("method").is_none() && m["id"] == json!(slow)),
            "{transport:?}"
        );
        c.notify("$/cancelRequest", json!({"id": slow})).await;
        assert_eq!(c.response(slow).await["error"]["code"], -32800);
        s.finish().await;
    }
}

/// A request works on the state as of its arrival: every edit sent before
/// it, none sent after it (even while it still runs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_sees_exactly_the_edits_sent_before_it() {
    for transport in BOTH {
        let ws = workspace();
        let mut s = Session::start(transport, &ws).await;
        let (uri, _) = open_inventory(&s, &ws).await;
        let c = &mut s.client;
        type_x(c, &uri, 2).await;
        let slow = c
            .send_request("aisrm/test/slow", json!({"millis": 300, "uri": uri}))
            .await;
        type_x(c, &uri, 3).await;
        let r = c.response(slow).await;
        assert_eq!(r["result"], json!({"version": 2}), "{transport:?}");
        let r = c
            .request("aisrm/test/slow", json!({"millis": 0, "uri": uri}))
            .await;
        assert_eq!(r, json!({"version": 3}), "{transport:?}");
        s.finish().await;
    }
}

/// 1,000 edits as fast as the client can send them: applied in order, the
/// diagnostics published for ever newer versions, the last set for the
/// newest version and equal to what the final text gives, and far fewer
/// sets than edits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_1000_edits_publishes_in_order_and_coalesced() {
    const EDITS: i32 = 1000;
    for transport in BOTH {
        let ws = workspace();
        let mut s = Session::start(transport, &ws).await;
        let (uri, text) = open_inventory(&s, &ws).await;
        let c = &mut s.client;
        c.diagnostics(&uri, |p| p["version"] == 1).await;
        for version in 2..=EDITS + 1 {
            type_x(c, &uri, version).await;
        }
        let is_publish = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        let mut versions = Vec::new();
        let last = loop {
            let m = c.wait(is_publish).await;
            versions.push(m["params"]["version"].as_i64().unwrap());
            if m["params"]["version"] == EDITS + 1 {
                break m["params"].clone();
            }
        };
        // Whatever might still come would be published by now.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let late: Vec<Value> = c.drain().await.into_iter().filter(is_publish).collect();
        assert!(
            late.is_empty(),
            "{transport:?}: published after the newest version: {late:?}"
        );
        assert!(
            versions.is_sorted(),
            "{transport:?}: versions went backwards: {versions:?}"
        );
        eprintln!("{transport:?}: {} sets for {EDITS} edits", versions.len());
        assert!(
            versions.len() <= EDITS as usize / 4,
            "{transport:?}: {} sets for {EDITS} edits: {versions:?}",
            versions.len()
        );
        let server = c.request("aisrm/test/text", json!({"uri": uri})).await;
        let expected = format!("#{}{}", "x".repeat(EDITS as usize), &text[1..]);
        assert_eq!(server["text"], expected, "{transport:?}");
        assert_eq!(server["version"], EDITS + 1, "{transport:?}");
        let pulled = c
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        assert_eq!(last["diagnostics"], pulled["items"], "{transport:?}");
        assert!(
            !last["diagnostics"].as_array().unwrap().is_empty(),
            "{transport:?}: the fixture has findings"
        );
        s.finish().await;
    }
}
