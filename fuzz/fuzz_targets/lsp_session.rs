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
use aisrm_test_support::Client;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

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

/// Sends a request and returns its response; a caught panic (-32603)
/// fails the target.
async fn request(c: &mut Client, method: &str, params: Value) -> Value {
    let id = c.send_request(method, params).await;
    let msg = c.response(id).await;
    let code = msg["error"]["code"].as_i64();
    assert_ne!(code, Some(-32603), "{method} hit an internal error: {msg}");
    msg
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
    let mut c = Client::start();
    let enc = if s.utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    let encodings = if s.utf8 { json!(["utf-8"]) } else { json!(["utf-16"]) };
    request(
        &mut c,
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
                request(&mut c, "textDocument/completion", params).await;
            }
            Op::Hover { line, col } => {
                let params = json!({"textDocument": doc, "position": {"line": line % 400, "character": col % 120}});
                request(&mut c, "textDocument/hover", params).await;
            }
            Op::Hints { from, to } => {
                let range = json!({"start": {"line": from % 400, "character": 0}, "end": {"line": to % 400, "character": 5}});
                request(&mut c, "textDocument/inlayHint", json!({"textDocument": doc, "range": range})).await;
            }
        }
    }
    let server_text = request(&mut c, "aisrm/test/text", json!({"uri": uri})).await;
    assert_eq!(server_text["result"]["text"].as_str(), Some(text.as_str()), "the server's text drifted");
    request(&mut c, "shutdown", Value::Null).await;
    let code = c.exit_only().await;
    assert_eq!(code, 0, "the server did not exit cleanly");
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
