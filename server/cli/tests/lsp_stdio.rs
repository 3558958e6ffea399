//! The built `aisrm lsp` binary over stdio: a whole session (initialize,
//! open, diagnostics, hover, completion, shutdown, exit), exit codes, and
//! nothing on stdout but well-formed LSP frames.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

struct Session {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a header line");
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse::<usize>().expect("a length"));
        }
    }
    let mut body = vec![0; length.expect("Content-Length")];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("stdout holds only JSON-RPC frames"))
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aisrm"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the aisrm binary runs");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(msg) = read_frame(&mut stdout) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            stdin,
            messages: rx,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn wait(&self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let msg = self
                .messages
                .recv_timeout(Duration::from_secs(30))
                .expect("a message from the server");
            if pred(&msg) {
                return msg;
            }
        }
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    fn exit_code(mut self) -> i32 {
        drop(self.stdin);
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("the server did not exit");
    }
}

fn temp_workspace() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("aisrm-lsp-stdio-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

#[test]
fn a_whole_session_over_stdio() {
    let dir = temp_workspace();
    let text = "aisrm: 1\ncomponents:\n  bot:\n    name: Bot 🤖\n    deployment: SaaS AI\n";
    std::fs::write(dir.join("ai-inventory.yaml"), text).unwrap();
    let root = format!("file://{}", dir.display());
    let uri = format!("{root}/ai-inventory.yaml");

    let mut s = Session::start(&["lsp", "--stdio"]);
    let init = s.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}, "workspaceFolders": [{"uri": root, "name": "ws"}]}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    s.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    s.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 7, "text": text}}}),
    );
    let diags =
        s.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 7);
    let d = &diags["params"]["diagnostics"][0];
    assert_eq!(d["code"], "unknown-deployment-model");
    assert_eq!(
        d["range"],
        json!({"start": {"line": 4, "character": 16}, "end": {"line": 4, "character": 23}})
    );
    let completion = s.request(
        2,
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 16}}),
    );
    assert_eq!(completion["result"][0]["label"], "saas-ai");
    let hover = s.request(
        3,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 3}}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Bot 🤖")
    );
    let shutdown = s.request(4, "shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(s.exit_code(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let mut s = Session::start(&["lsp"]);
    s.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(s.exit_code(), 1);
}

/// `shutdown` and `exit` written in one go: `exit` may reach the server
/// before the `shutdown` handler ran, and the exit code is still 0.
#[test]
fn shutdown_and_exit_in_one_burst_exit_cleanly() {
    for _ in 0..20 {
        let mut s = Session::start(&["lsp"]);
        s.request(
            1,
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        s.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        s.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
        s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
        assert_eq!(s.exit_code(), 0);
    }
}
