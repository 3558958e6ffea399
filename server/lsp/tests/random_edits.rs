//! 1,000 random incremental edits (seeded, so failures reproduce): the
//! server's text must equal the client's, published versions never go
//! backwards, and the last diagnostics equal a fresh analysis of the final
//! text. Run in both position encodings, with emoji / CJK in the edits.

mod support;

use std::sync::Arc;

use serde_json::{Value, json};
use support::{Client, Enc, Setup, TempDir, pos};

/// xorshift64*: small, seeded, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "",
    "a",
    "-",
    " ",
    "  ",
    "\n",
    ":",
    ": ",
    "🦀",
    "日本",
    "é",
    "x🤖y",
    "\n    ",
    "deployment: saas-ai\n",
    "status: gap",
    "owner: 团队",
    "[ticket-index]",
    "#",
    "\"",
    "responsibilities:\n      data-privacy:\n",
];

/// A random char boundary of `text`.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

async fn run(setup: Setup, seed: u64) {
    let enc = if setup.utf8 { Enc::Utf8 } else { Enc::Utf16 };
    let ws = TempDir::fixture("ws");
    let mut c = Client::start();
    c.initialize(&ws.0, setup).await;
    c.indexed().await;
    let uri = ws.uri("ai-inventory.yaml");
    let mut text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let mut rng = Rng(seed);
    let mut version = 1;
    for _ in 0..1000 {
        version += 1;
        // Usually one change, sometimes a batch applied in order.
        let n = 1 + rng.below(3) / 2;
        let mut changes = Vec::new();
        for _ in 0..n {
            let start = boundary(&mut rng, &text);
            let mut end = (start + rng.below(24)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let end = end.max(start);
            let piece = if text.len() > 4000 {
                ""
            } else {
                PIECES[rng.below(PIECES.len())]
            };
            changes.push(json!({
                "range": {"start": pos(&text, start, enc), "end": pos(&text, end, enc)},
                "text": piece,
            }));
            text.replace_range(start..end, piece);
        }
        c.change(&uri, version, Value::Array(changes)).await;
    }
    let server = c.request("aisrm/test/text", json!({"uri": uri})).await;
    assert_eq!(server["version"], version);
    assert_eq!(
        server["text"].as_str().unwrap(),
        text,
        "server text differs"
    );

    // Published versions never go backwards; wait for the final one.
    let mut last = 0;
    let published = loop {
        let msg = c
            .wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            .await;
        // Publications from the index, before the document was opened,
        // carry no version.
        let Some(v) = msg["params"]["version"].as_i64() else {
            assert_eq!(last, 0, "an unversioned set after a versioned one");
            continue;
        };
        assert!(v >= last, "version {v} published after {last}");
        last = v;
        if v == i64::from(version) {
            break msg["params"]["diagnostics"].clone();
        }
    };

    // A fresh analysis of the final text, with the same other files.
    let mut fresh = aisrm_core::workspace::Workspace::new(vec![ws.0.clone()]);
    for rel in ["docs/design.md", "docs/notes.md"] {
        fresh.set_file(ws.path(rel), Arc::<str>::from(ws.read(rel)));
    }
    let path = ws.path("ai-inventory.yaml");
    fresh.set_file(path.clone(), Arc::<str>::from(text.as_str()));
    let expected: Vec<Value> = fresh
        .diagnostics(&path)
        .iter()
        .map(|d| {
            json!({
                "code": d.code.as_str(),
                "message": d.message,
                "start": pos(&text, d.range.start, enc),
                "end": pos(&text, d.range.end, enc),
            })
        })
        .collect();
    let got: Vec<Value> = published
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            json!({
                "code": d["code"],
                "message": d["message"],
                "start": d["range"]["start"],
                "end": d["range"]["end"],
            })
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_random_edits_utf16() {
    run(Setup::default(), 0x5EED_0001).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_random_edits_utf8() {
    run(
        Setup {
            utf8: true,
            ..Setup::default()
        },
        0x5EED_0002,
    )
    .await;
}
