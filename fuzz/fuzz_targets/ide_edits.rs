//! A session of editor operations against core's `ide` module, the code
//! the language server calls for every request: a document is opened from
//! a seed, edited at random places (incremental edits as an editor sends
//! them, including edits that split multi-byte characters' neighbours),
//! and between edits completion, hover, inlay hints, definition,
//! references, rename and code actions are asked for at random positions.
//! At the end the incrementally maintained workspace must equal one built
//! from scratch from the final texts (differential check).
#![no_main]

use std::path::{Path, PathBuf};

use aisrm_core::ide;
use aisrm_core::text::TextRange;
use aisrm_core::workspace::Workspace;
use aisrm_fuzz::{assert_edit, assert_range, check_file, new_workspace, offset_in, root};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const SEEDS: [(&str, &str); 5] = [
    (
        "ai-inventory.yaml",
        include_str!("../../examples/ai-inventory.yaml"),
    ),
    (
        "docs/retrieval-design.md",
        include_str!("../../examples/docs/retrieval-design.md"),
    ),
    (
        "docs/agent-ops-design.md",
        include_str!("../../examples/docs/agent-ops-design.md"),
    ),
    (
        "custom/inventory.aisrm.yaml",
        include_str!("../../examples/custom-framework/inventory.aisrm.yaml"),
    ),
    (
        "custom/framework.yaml",
        include_str!("../../examples/custom-framework/framework.yaml"),
    ),
];

/// Text an edit inserts: YAML/Markdown tokens that change structure, or
/// arbitrary text.
const TOKENS: [&str; 24] = [
    "- ",
    ": ",
    "\n",
    "\n  ",
    "\n    ",
    "&a ",
    "*a",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "\t",
    "#",
    "```aisrm\n",
    "```\n",
    "](ai-inventory.yaml#",
    "deployment: ",
    "responsibilities:\n",
    "ownership: customer",
    "depends-on: [",
    "é",
    "🦀",
];

#[derive(Arbitrary, Debug)]
enum Insert {
    Token(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Op {
    Edit {
        file: u8,
        at: u16,
        len: u8,
        insert: Insert,
    },
    Complete {
        file: u8,
        at: u16,
    },
    Hover {
        file: u8,
        at: u16,
    },
    Hints {
        file: u8,
        from: u16,
        to: u16,
    },
    Definition {
        file: u8,
        at: u16,
    },
    References {
        file: u8,
        at: u16,
    },
    Rename {
        file: u8,
        at: u16,
        new_id: String,
    },
    Actions {
        file: u8,
        from: u16,
        to: u16,
    },
    Close {
        file: u8,
    },
}

#[derive(Arbitrary, Debug)]
struct Session {
    open: Vec<u8>,
    ops: Vec<Op>,
}

struct Open {
    path: PathBuf,
    text: String,
}

fuzz_target!(|session: Session| {
    let mut ws = new_workspace();
    let mut docs: Vec<Open> = Vec::new();
    for &which in session.open.iter().take(4) {
        let (name, text) = SEEDS[usize::from(which) % SEEDS.len()];
        let path = root().join(name);
        if docs.iter().any(|d| d.path == path) {
            continue;
        }
        ws.set_file(path.clone(), text);
        docs.push(Open {
            path,
            text: text.to_string(),
        });
    }
    if docs.is_empty() {
        return;
    }
    for op in session.ops.iter().take(64) {
        run(&mut ws, &mut docs, op);
        if docs.is_empty() {
            return;
        }
    }
    for d in &docs {
        check_file(&ws, &d.path);
    }
    differential(&ws, &docs);
});

fn pick(docs: &[Open], file: u8) -> usize {
    usize::from(file) % docs.len()
}

fn run(ws: &mut Workspace, docs: &mut Vec<Open>, op: &Op) {
    match op {
        Op::Edit {
            file,
            at,
            len,
            insert,
        } => {
            let i = pick(docs, *file);
            let doc = &mut docs[i];
            let start = offset_in(&doc.text, usize::from(*at));
            let end = offset_in(&doc.text, start + usize::from(*len % 32)).max(start);
            let new = match insert {
                Insert::Token(t) => TOKENS[usize::from(*t) % TOKENS.len()].to_string(),
                Insert::Raw(s) => s.chars().take(64).collect(),
            };
            doc.text.replace_range(start..end, &new);
            ws.set_file(doc.path.clone(), doc.text.clone());
        }
        Op::Complete { file, at } => {
            let doc = &docs[pick(docs, *file)];
            let at = offset_in(&doc.text, usize::from(*at));
            for c in ide::completion::completions(ws, &doc.path, &doc.text, at) {
                assert_range(&doc.text, c.range, &c);
            }
        }
        Op::Hover { file, at } => {
            let doc = &docs[pick(docs, *file)];
            if let Some(h) =
                ide::hover::hover(ws, &doc.path, offset_in(&doc.text, usize::from(*at)))
            {
                assert_range(&doc.text, h.range, &h.range);
            }
        }
        Op::Hints { file, from, to } => {
            let doc = &docs[pick(docs, *file)];
            let (a, b) = (
                offset_in(&doc.text, usize::from(*from)),
                offset_in(&doc.text, usize::from(*to)),
            );
            // Inverted ranges are what a confused client may send.
            for h in ide::inlay::inlay_hints(ws, &doc.path, TextRange { start: a, end: b }) {
                assert!(h.offset <= doc.text.len() && doc.text.is_char_boundary(h.offset));
            }
        }
        Op::Definition { file, at } => {
            let doc = &docs[pick(docs, *file)];
            for r in
                ide::navigation::definition(ws, &doc.path, offset_in(&doc.text, usize::from(*at)))
            {
                check_site(ws, &r.path, r.range);
            }
        }
        Op::References { file, at } => {
            let doc = &docs[pick(docs, *file)];
            let at = offset_in(&doc.text, usize::from(*at));
            for r in ide::navigation::references(ws, &doc.path, at, true) {
                check_site(ws, &r.path, r.range);
            }
        }
        Op::Rename { file, at, new_id } => {
            let doc = &docs[pick(docs, *file)];
            let at = offset_in(&doc.text, usize::from(*at));
            let _ = ide::navigation::prepare_rename(ws, &doc.path, at);
            if let Ok(edits) = ide::navigation::rename(ws, &doc.path, at, new_id) {
                for edit in edits.values().flatten() {
                    assert_edit(ws, edit);
                }
            }
        }
        Op::Actions { file, from, to } => {
            let doc = &docs[pick(docs, *file)];
            let (a, b) = (
                offset_in(&doc.text, usize::from(*from)),
                offset_in(&doc.text, usize::from(*to)),
            );
            let diagnostics = ws.diagnostics(&doc.path);
            for action in ide::actions::code_actions(
                ws,
                &doc.path,
                TextRange { start: a, end: b },
                &diagnostics,
            ) {
                for edit in &action.fix.edits {
                    assert_edit(ws, edit);
                }
            }
        }
        Op::Close { file } => {
            let i = pick(docs, *file);
            let doc = docs.remove(i);
            ws.remove_file(&doc.path);
        }
    }
}

fn check_site(ws: &Workspace, path: &Path, range: TextRange) {
    if let Some(file) = ws.file(path) {
        assert_range(&file.text, range, &path);
    }
}

/// The incremental workspace equals one built from the final texts.
fn differential(ws: &Workspace, docs: &[Open]) {
    let mut fresh = new_workspace();
    for d in docs {
        fresh.set_file(d.path.clone(), d.text.clone());
    }
    assert_eq!(ws.paths(), fresh.paths());
    assert_eq!(ws.component_ids(), fresh.component_ids());
    for path in ws.paths() {
        let (mut a, mut b) = (ws.diagnostics(&path), fresh.diagnostics(&path));
        for d in a.iter_mut().chain(b.iter_mut()) {
            d.related
                .sort_by(|x, y| (&x.path, x.range).cmp(&(&y.path, y.range)));
        }
        assert_eq!(a, b, "diagnostics of {} differ", path.display());
    }
}
