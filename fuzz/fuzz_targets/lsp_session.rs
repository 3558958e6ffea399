//! A sequence of LSP operations against the real server, in process
//! (`aisrm_lsp::serve` over an in-memory pipe, framed exactly as on stdio):
//! open a seed document, random incremental edits, and completion, hover
//! and inlay hints at random (also out-of-range) positions. Every request
//! must be answered, none with an internal error (a caught panic), the
//! server's text must equal the client's, and `shutdown` + `exit` must end
//! the server with exit code 0.
#![no_main]

use std::time::Duration;

use aisrm_core::text::{Encoding, LineIndex};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

const SEEDS: [(&str, &str); 2] = [
    ("ai-inventory.yaml", include_str!("../../examples/ai-inventory.yaml")),
    (
        "retrieval-design.md",
        include_str!("../../examples/docs/retrieval-design.md"),
    ),
];

const TOKENS: [&str; 12] = [
    "- ", ": ", "\n", "\n  ", "[", "]", "{", "'", "#", "deployment: ", "🦀", "é",
];

#[derive(Arbitrary, Debug)]
enum Op {
    Edit { at: u16, len: u8, token: u8, raw: Option<String> },
    Complete { line: u16, col: u16 },
    Hover { line: u16, col: u16 },
    Hints { from: u16, to: u16 },
}

#[derive(Arbitrary, Debug)]
struct Session {
    seed: bool,
    utf8: bool,
    ops: Vec<Op>,
}

struct Client {
    write: tokio::io::WriteHalf<DuplexStream>,
    read: BufReader<tokio::io::ReadHalf<DuplexStream>>,
    next_id: i64,
}

impl Client {
    async fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.write.write_all(frame.as_bytes()).await.expect("server reads");
    }

    async fn read(&mut self) -> Value {
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            self.read.read_line(&mut line).await.expect("server writes");
            assert!(!line.is_empty(), "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                len = n.parse().expect("a length");
            }
        }
        let mut body = vec![0; len];
        self.read.read_exact(&mut body).await.expect("a body");
        serde_json::from_slice(&body).expect("JSON from the server")
    }

    /// Sends a request and returns its response, answering the server's
    /// own requests (configuration, progress, registration) on the way.
    async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        loop {
            let msg = self.read().await;
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": Value::Null});
                self.send(reply).await;
                continue;
            }
            if msg["id"] == json!(id) {
                let code = msg["error"]["code"].as_i64();
                assert_ne!(code, Some(-32603), "{method} hit an internal error: {msg}");
                return msg;
            }
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }
}

fn position(text: &str, offset: usize, enc: Encoding) -> Value {
    let lc = LineIndex::new(text).line_col(text, offset, enc);
    json!({"line": lc.line, "character": lc.col})
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

async fn session(s: Session) {
    let (client_side, server_side) = tokio::io::duplex(1 << 16);
    let (server_read, server_write) = tokio::io::split(server_side);
    let server = tokio::spawn(aisrm_lsp::serve(
        server_read,
        server_write,
        aisrm_lsp::Options { test_hooks: true },
    ));
    let (read, write) = tokio::io::split(client_side);
    let mut c = Client { write, read: BufReader::new(read), next_id: 0 };
    let enc = if s.utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    let encodings = if s.utf8 { json!(["utf-8"]) } else { json!(["utf-16"]) };
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {"general": {"positionEncodings": encodings}}}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    let (name, seed) = SEEDS[usize::from(s.seed)];
    let uri = format!("file:///fuzz/{name}");
    let language = if name.ends_with(".md") { "markdown" } else { "yaml" };
    let mut text = seed.to_string();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
    )
    .await;
    let mut version = 1;
    for op in s.ops.into_iter().take(64) {
        let doc = json!({"uri": uri});
        match op {
            Op::Edit { at, len, token, raw } => {
                let start = floor(&text, usize::from(at) * text.len() / usize::from(u16::MAX).max(1));
                let end = floor(&text, start + usize::from(len % 24));
                let insert = raw.unwrap_or_else(|| TOKENS[usize::from(token) % TOKENS.len()].into());
                let range = json!({"start": position(&text, start, enc), "end": position(&text, end, enc)});
                text.replace_range(start..end, &insert);
                version += 1;
                c.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": insert}]}),
                )
                .await;
            }
            Op::Complete { line, col } => {
                let params = json!({"textDocument": doc, "position": {"line": line % 400, "character": col % 120}});
                c.request("textDocument/completion", params).await;
            }
            Op::Hover { line, col } => {
                let params = json!({"textDocument": doc, "position": {"line": line % 400, "character": col % 120}});
                c.request("textDocument/hover", params).await;
            }
            Op::Hints { from, to } => {
                let range = json!({"start": {"line": from % 400, "character": 0}, "end": {"line": to % 400, "character": 5}});
                c.request("textDocument/inlayHint", json!({"textDocument": doc, "range": range})).await;
            }
        }
    }
    let server_text = c.request("aisrm/test/text", json!({"uri": uri})).await;
    assert_eq!(server_text["result"]["text"].as_str(), Some(text.as_str()), "the server's text drifted");
    c.request("shutdown", Value::Null).await;
    c.notify("exit", Value::Null).await;
    let code = tokio::time::timeout(Duration::from_secs(10), server).await;
    assert!(matches!(code, Ok(Ok(0))), "the server did not exit cleanly: {code:?}");
}

fuzz_target!(|s: Session| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(20), session(s))
            .await
            .expect("the session finished in time (no hang)");
    });
});
