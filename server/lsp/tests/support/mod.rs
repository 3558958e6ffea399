//! A small LSP test client: drives the real server in-process over
//! `tokio::io::duplex`, answers the server's own requests, and offers
//! helpers for cursor-marked fixtures and position conversion (written
//! independently of aisrm-core's LineIndex, so the tests check it).

#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

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

/// `text` with its `$0` marker removed, and the marker's byte offset.
pub fn marked(text: &str) -> (String, usize) {
    let offset = text.find("$0").expect("fixture has a $0 marker");
    (text.replacen("$0", "", 1), offset)
}

/// LSP position of a byte offset.
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

/// Byte offset of an LSP position.
pub fn offset(text: &str, pos: &Value, enc: Enc) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').unwrap() + 1;
    }
    let mut remaining = col;
    for (i, c) in text[start..].char_indices() {
        if remaining == 0 || c == '\n' {
            return start + i;
        }
        remaining -= match enc {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        };
    }
    text.len()
}

/// The text an LSP range covers.
pub fn slice<'t>(text: &'t str, range: &Value, enc: Enc) -> &'t str {
    &text[offset(text, &range["start"], enc)..offset(text, &range["end"], enc)]
}

/// A temporary copy of a fixture workspace.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "aisrm-lsp-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Canonical, so URIs match what the server derives.
        TempDir(dir.canonicalize().unwrap())
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let dir = Self::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, &dir.0);
        dir
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    pub fn uri(&self, rel: &str) -> String {
        file_uri(&self.path(rel))
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

async fn write_message<W: AsyncWrite + Unpin>(w: &mut W, msg: &Value) {
    let body = serde_json::to_string(msg).unwrap();
    let frame = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
    w.write_all(frame.as_bytes()).await.unwrap();
    w.flush().await.unwrap();
}

/// Reads one framed message; `None` at end of stream.
pub async fn read_message<R: tokio::io::AsyncBufRead + Unpin>(r: &mut R) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

type Writer = Arc<tokio::sync::Mutex<Box<dyn AsyncWrite + Unpin + Send>>>;

pub struct Client {
    writer: Writer,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read but not yet consumed by a wait.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// What `workspace/configuration` answers for the `aisrm` section.
    pub config: Arc<Mutex<Value>>,
    pub enc: Enc,
    server: Option<JoinHandle<i32>>,
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
        }
    }
}

impl Client {
    /// Starts the server in-process; does not initialize.
    pub fn start() -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let server = tokio::spawn(aisrm_lsp::serve(
            server_read,
            server_write,
            aisrm_lsp::Options { test_hooks: true },
        ));
        let (read, write) = tokio::io::split(client_side);
        Self::connect(
            Box::new(BufReader::new(read)),
            Box::new(write),
            Some(server),
        )
    }

    /// Connects to a server over any pipe (the built binary's stdio, say).
    pub fn connect(
        read: Box<dyn tokio::io::AsyncBufRead + Unpin + Send>,
        write: Box<dyn AsyncWrite + Unpin + Send>,
        server: Option<JoinHandle<i32>>,
    ) -> Client {
        let writer: Writer = Arc::new(tokio::sync::Mutex::new(write));
        let config = Arc::new(Mutex::new(json!({})));
        let (tx, rx) = mpsc::unbounded_channel();
        let (w, cfg) = (writer.clone(), config.clone());
        tokio::spawn(async move {
            let mut read = read;
            while let Some(msg) = read_message(&mut read).await {
                if let (Some(id), Some(method)) = (msg.get("id"), msg["method"].as_str()) {
                    let result = match method {
                        "workspace/configuration" => {
                            let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                            let v = cfg.lock().unwrap().clone();
                            Value::Array(vec![v; n])
                        }
                        _ => Value::Null,
                    };
                    let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
                    write_message(&mut *w.lock().await, &reply).await;
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            writer,
            incoming: rx,
            backlog: VecDeque::new(),
            next_id: 0,
            config,
            enc: Enc::Utf16,
            server,
        }
    }

    pub async fn send(&self, msg: Value) {
        write_message(&mut *self.writer.lock().await, &msg).await;
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
                "inlayHint": {"refreshSupport": true},
                "codeLens": {"refreshSupport": true},
                "diagnostics": {"refreshSupport": setup.pull_refresh}
            },
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true, "tagSupport": {"valueSet": [1, 2]}}
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

    async fn join(mut self) -> i32 {
        let server = self.server.take().expect("in-process server");
        tokio::time::timeout(TIMEOUT, server)
            .await
            .expect("server did not stop")
            .expect("server task")
    }
}

/// A client whose server has been initialised on `ws` and has indexed it.
pub async fn start(ws: &TempDir, setup: Setup) -> Client {
    let mut client = Client::start();
    client.initialize(&ws.0, setup).await;
    client.indexed().await;
    client
}

/// The default setup with UTF-8 positions.
pub fn utf8() -> Setup {
    Setup {
        utf8: true,
        ..Setup::default()
    }
}
