//! Differential checking: a workspace kept up to date by a sequence of
//! `set_file` calls (what the language server does on every edit, and
//! where incremental re-analysis takes shortcuts) must equal a workspace
//! built from scratch from the final texts: the same files, ids,
//! declarations, references and findings.

use std::path::PathBuf;

use aisrm_core::workspace::Workspace;
use proptest::prelude::*;

const INVENTORY: &str = include_str!("../../../examples/ai-inventory.yaml");
const DESIGN: &str = include_str!("../../../examples/docs/retrieval-design.md");
const CUSTOM: &str = include_str!("../../../examples/custom-framework/inventory.aisrm.yaml");
const FRAMEWORK: &str = include_str!("../../../examples/custom-framework/framework.yaml");

/// Edits an editor makes: typing a token, deleting a span, duplicating a
/// line (a copied component), or replacing a span with text.
const TOKENS: [&str; 16] = [
    "- ",
    ": ",
    "\n",
    "\n  ",
    "\n    ",
    "x",
    "é",
    "🦀",
    "[",
    "]",
    "{",
    "}",
    "#",
    "&a ",
    "*a",
    "\n  new-component:\n    deployment: saas-ai\n",
];

fn files() -> Vec<(PathBuf, &'static str)> {
    let root = PathBuf::from("/ws");
    vec![
        (root.join("ai-inventory.yaml"), INVENTORY),
        (root.join("docs/retrieval-design.md"), DESIGN),
        (root.join("custom/inventory.aisrm.yaml"), CUSTOM),
        (root.join("custom/framework.yaml"), FRAMEWORK),
    ]
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, at: usize, len: usize, kind: u8, token: usize) {
    let start = floor(text, at % (text.len() + 1));
    let end = floor(text, start + len % 24).max(start);
    match kind % 3 {
        0 => text.replace_range(start..end, TOKENS[token % TOKENS.len()]),
        1 => text.replace_range(start..end, ""),
        _ => {
            // Duplicate the line holding `start`.
            let ls = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let le = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let line = format!("{}\n", &text[ls..le]);
            text.insert_str(ls, &line);
        }
    }
}

fn assert_same(incremental: &Workspace, texts: &[(PathBuf, String)]) {
    let mut fresh = Workspace::new(vec![PathBuf::from("/ws")]);
    for (path, text) in texts {
        fresh.set_file(path.clone(), text.clone());
    }
    assert_eq!(incremental.paths(), fresh.paths());
    assert_eq!(incremental.component_ids(), fresh.component_ids());
    for id in fresh.component_ids() {
        let sorted = |mut v: Vec<aisrm_core::workspace::FileRange>| {
            v.sort_by(|a, b| (&a.path, a.range).cmp(&(&b.path, b.range)));
            v
        };
        assert_eq!(
            sorted(incremental.declarations(id).to_vec()),
            sorted(fresh.declarations(id).to_vec()),
            "declarations of {id}"
        );
        assert_eq!(
            sorted(incremental.references(id).to_vec()),
            sorted(fresh.references(id).to_vec()),
            "references of {id}"
        );
    }
    for path in fresh.paths() {
        let (mut a, mut b) = (incremental.diagnostics(&path), fresh.diagnostics(&path));
        // The order of related locations follows indexing order.
        for d in a.iter_mut().chain(b.iter_mut()) {
            d.related
                .sort_by(|x, y| (&x.path, x.range).cmp(&(&y.path, y.range)));
        }
        assert_eq!(a, b, "findings of {}", path.display());
        let (fa, fb) = (incremental.file(&path).unwrap(), fresh.file(&path).unwrap());
        assert_eq!(fa.kind, fb.kind);
        assert_eq!(&*fa.text, &*fb.text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edit_sequences_equal_a_fresh_analysis(
        edits in proptest::collection::vec(
            (0usize..4, any::<usize>(), any::<usize>(), any::<u8>(), any::<usize>()),
            1..24,
        )
    ) {
        let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
        let mut texts: Vec<(PathBuf, String)> =
            files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
        for (path, text) in &texts {
            ws.set_file(path.clone(), text.clone());
        }
        for (file, at, len, kind, token) in edits {
            let (path, text) = &mut texts[file];
            apply(text, at, len, kind, token);
            ws.set_file(path.clone(), text.clone());
        }
        assert_same(&ws, &texts);
    }
}
