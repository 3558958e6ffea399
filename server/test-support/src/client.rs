//! The LSP test client: drives a server (in process over
//! `tokio::io::duplex`, or a child process over its stdio) as an editor
//! does, answers the server's own requests, and waits for messages.

use std::collections::VecDeque;
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::{file_uri, frame};

/// How long any wait for the server may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }
}

/// LSP position of a byte offset (counted here, not with aisrm-core's
/// `LineIndex`, so the tests check it).
pub fn pos(text: &str, offset: usize, enc: Enc) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col: usize = before[line_start..]
        .chars()
        .map(|c| match enc {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        })
        .sum();
    json!({"line": line, "character": col})
}

/// The codes of a list of LSP diagnostics (a `publishDiagnostics`
/// notification's `diagnostics`, a pull report's `items`), in order.
pub fn codes(diagnostics: &Value) -> Vec<&str> {
    diagnostics
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

/// The client's pipe into the server, shared so a test can also write
/// bytes no well-behaved client sends.
#[derive(Clone)]
pub struct RawWriter(Arc<tokio::sync::Mutex<Box<dyn AsyncWrite + Unpin + Send>>>);

impl RawWriter {
    fn new(write: Box<dyn AsyncWrite + Unpin + Send>) -> Self {
        Self(Arc::new(tokio::sync::Mutex::new(write)))
    }

    /// Writes `bytes` as they are and flushes.
    pub async fn write(&self, bytes: &[u8]) {
        let mut w = self.0.lock().await;
        w.write_all(bytes).await.unwrap();
        w.flush().await.unwrap();
    }

    async fn send(&self, msg: &Value) {
        frame::write_async(&mut *self.0.lock().await, msg)
            .await
            .unwrap();
    }
}

/// What runs the server the client talks to.
enum Server {
    InProcess(JoinHandle<i32>),
    Child(tokio::process::Child),
    Unknown,
}

pub struct Client {
    writer: RawWriter,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read but not yet consumed by a wait.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// What `workspace/configuration` answers for the `aisrm` section.
    pub config: Arc<Mutex<Value>>,
    pub enc: Enc,
    server: Server,
    /// What a child server wrote to stderr so far.
    stderr: Arc<Mutex<String>>,
}

/// Client capabilities for the tests.
#[derive(Clone, Debug)]
pub struct Setup {
    pub utf8: bool,
    pub pull: bool,
    /// Whether the client can be told to pull again (default true).
    pub pull_refresh: bool,
    pub progress: bool,
    pub watch: bool,
    pub configuration: bool,
    pub config: Value,
    /// Completion items may be snippets (default true, as VS Code says).
    pub snippets: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Self {
            utf8: false,
            pull: false,
            pull_refresh: true,
            progress: true,
            watch: true,
            configuration: true,
            config: json!({}),
            snippets: true,
        }
    }
}

impl Setup {
    /// The default setup with UTF-8 positions.
    pub fn utf8() -> Setup {
        Setup {
            utf8: true,
            ..Setup::default()
        }
    }
}

impl Client {
    /// Starts the server in-process (with its test hooks); does not
    /// initialize.
    pub fn start() -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let server = tokio::spawn(aisrm_lsp::serve(
            server_read,
            server_write,
            aisrm_lsp::Options { test_hooks: true },
        ));
        let (read, write) = tokio::io::split(client_side);
        let mut client = Self::connect(Box::new(BufReader::new(read)), Box::new(write));
        client.server = Server::InProcess(server);
        client
    }

    /// Starts `program args...` and talks to it over its stdin/stdout, as
    /// editors do; its stderr is kept ([`Client::stderr`]).
    pub fn spawn(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Client {
        let mut child = tokio::process::Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let mut client = Self::connect(Box::new(BufReader::new(stdout)), Box::new(stdin));
        let kept = client.stderr.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stderr.read(&mut buf).await {
                kept.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        client.server = Server::Child(child);
        client
    }

    /// Connects to a server over any pipe.
    pub fn connect(
        read: Box<dyn AsyncBufRead + Unpin + Send>,
        write: Box<dyn AsyncWrite + Unpin + Send>,
    ) -> Client {
        let writer = RawWriter::new(write);
        let config = Arc::new(Mutex::new(json!({})));
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(answer_and_forward(read, writer.clone(), config.clone(), tx));
        Client {
            writer,
            incoming: rx,
            backlog: VecDeque::new(),
            next_id: 0,
            config,
            enc: Enc::Utf16,
            server: Server::Unknown,
            stderr: Arc::default(),
        }
    }

    /// The pipe into the server, for raw bytes.
    pub fn raw(&self) -> RawWriter {
        self.writer.clone()
    }

    /// What a spawned server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The server's stderr once it holds `needle` (or when [`TIMEOUT`] is
    /// up, to show what it holds instead).
    pub async fn stderr_with(&self, needle: &str) -> String {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let text = self.stderr();
            if text.contains(needle) || tokio::time::Instant::now() >= deadline {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub async fn send(&self, msg: Value) {
        self.writer.send(&msg).await;
    }

    pub async fn notify(&self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request and returns its id.
    pub async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        id
    }

    /// The whole response message to request `id`.
    pub async fn response(&mut self, id: i64) -> Value {
        self.wait(|m| m.get("method").is_none() && m["id"] == json!(id))
            .await
    }

    /// Sends a request and returns its `result` (panics on an error).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params).await;
        let resp = self.response(id).await;
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    /// The first message (in arrival order, unconsumed) matching `pred`.
    pub async fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.incoming.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out; backlog: {:#?}", self.backlog))
                .expect("server closed the connection");
            if pred(&msg) {
                return msg;
            }
            self.backlog.push_back(msg);
        }
    }

    /// Everything received so far (without waiting), left in the backlog.
    pub async fn drain(&mut self) -> Vec<Value> {
        while let Ok(msg) = self.incoming.try_recv() {
            self.backlog.push_back(msg);
        }
        self.backlog.iter().cloned().collect()
    }

    /// Waits for a `publishDiagnostics` for `uri` matching `pred`; consumes
    /// every earlier publication for that uri.
    pub async fn diagnostics(&mut self, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let msg = self
                .wait(|m| {
                    m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
                })
                .await;
            if pred(&msg["params"]) {
                return msg["params"].clone();
            }
        }
    }

    /// `initialize` (with `root` as the only workspace folder) and
    /// `initialized`; returns the initialize result.
    pub async fn initialize(&mut self, root: &Path, setup: Setup) -> Value {
        self.enc = if setup.utf8 { Enc::Utf8 } else { Enc::Utf16 };
        *self.config.lock().unwrap() = setup.config.clone();
        let mut caps = json!({
            "general": {"positionEncodings": if setup.utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) }},
            "window": {"workDoneProgress": setup.progress},
            "workspace": {
                "configuration": setup.configuration,
                "didChangeWatchedFiles": {"dynamicRegistration": setup.watch},
                "workspaceFolders": true,
                "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]},
                "inlayHint": {"refreshSupport": true},
                "codeLens": {"refreshSupport": true},
                "diagnostics": {"refreshSupport": setup.pull_refresh}
            },
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true, "tagSupport": {"valueSet": [1, 2]}},
                "completion": {"completionItem": {"snippetSupport": setup.snippets}}
            }
        });
        if setup.pull {
            caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
        }
        let uri = file_uri(root);
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": uri,
                    "capabilities": caps,
                    "workspaceFolders": [{"uri": uri, "name": "ws"}]
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    /// Waits until the server logged that indexing finished.
    pub async fn indexed(&mut self) -> Value {
        self.wait(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("aisrm: indexed"))
        })
        .await
    }

    pub async fn open(&self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        )
        .await;
    }

    pub async fn change(&self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// Replaces the whole text (one full-text change).
    pub async fn replace_all(&self, uri: &str, version: i32, text: &str) {
        self.change(uri, version, json!([{"text": text}])).await;
    }

    /// Text document position params for a byte offset of `text`.
    pub fn at(&self, uri: &str, text: &str, offset: usize) -> Value {
        json!({"textDocument": {"uri": uri}, "position": pos(text, offset, self.enc)})
    }

    /// `shutdown` then `exit`; returns the server's exit code.
    pub async fn shutdown_and_exit(mut self) -> i32 {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        self.join().await
    }

    pub async fn exit_only(self) -> i32 {
        self.notify("exit", Value::Null).await;
        self.join().await
    }

    /// Waits for the server to end; its exit code.
    pub async fn join(self) -> i32 {
        match self.server {
            Server::InProcess(task) => tokio::time::timeout(TIMEOUT, task)
                .await
                .expect("server did not stop")
                .expect("server task"),
            Server::Child(mut child) => tokio::time::timeout(TIMEOUT, child.wait())
                .await
                .expect("server did not exit")
                .expect("server process")
                .code()
                .unwrap_or(-1),
            Server::Unknown => panic!("no server to wait for"),
        }
    }
}

/// Forwards the server's messages to the client, answering the server's
/// requests on the way (`workspace/configuration` with `config`, anything
/// else with `null`), as an editor would.
async fn answer_and_forward(
    mut read: Box<dyn AsyncBufRead + Unpin + Send>,
    writer: RawWriter,
    config: Arc<Mutex<Value>>,
    tx: mpsc::UnboundedSender<Value>,
) {
    while let Ok(Some(body)) = frame::read_async(&mut read).await {
        let Ok(msg) = serde_json::from_slice::<Value>(&body) else {
            break;
        };
        if let (Some(id), Some(method)) = (msg.get("id"), msg["method"].as_str()) {
            let result = match method {
                "workspace/configuration" => {
                    let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                    let v = config.lock().unwrap().clone();
                    Value::Array(vec![v; n])
                }
                _ => Value::Null,
            };
            writer
                .send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))
                .await;
        }
        if tx.send(msg).is_err() {
            break;
        }
    }
}
