//! Property tests: arbitrary bytes and mutated inventories never panic the
//! parser or the analysis, and every reported range lies inside the text
//! on character boundaries.

use std::path::PathBuf;

use aisrm_core::workspace::Workspace;
use proptest::prelude::*;

const SEED: &str = include_str!("../../../examples/ai-inventory.yaml");
const DESIGN: &str = include_str!("../../../examples/docs/retrieval-design.md");

fn check(name: &str, text: &str) {
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    let path = PathBuf::from("/ws").join(name);
    ws.set_file(path.clone(), text.to_string());
    for d in ws.diagnostics(&path) {
        assert!(
            d.range.start <= d.range.end && d.range.end <= text.len(),
            "{d:?}"
        );
        assert!(
            text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end),
            "{d:?}"
        );
    }
}

/// Applies byte-level edits (delete, duplicate, insert a YAML-ish token) to
/// a valid document, keeping it UTF-8.
fn mutate(seed: &str, edits: &[(usize, usize, u8)]) -> String {
    const TOKENS: [&str; 12] = [
        "- ", ": ", "\n  ", "&a ", "*a", "[", "]", "{", "}", "'", "\"", "\t",
    ];
    let mut text = seed.to_string();
    for &(at, len, token) in edits {
        let at = floor(&text, at % (text.len() + 1));
        let end = floor(&text, (at + len % 16).min(text.len()));
        match token % 3 {
            0 => text.replace_range(at..end, ""),
            1 => {
                let copy = text[at..end].to_string();
                text.insert_str(at, &copy);
            }
            _ => text.insert_str(at, TOKENS[token as usize % TOKENS.len()]),
        }
    }
    text
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        check("x.aisrm.yaml", &text);
        check("doc.md", &format!("```aisrm\n{text}\n```\n"));
    }

    #[test]
    fn mutated_inventories_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..12)) {
        check("ai-inventory.yaml", &mutate(SEED, &edits));
    }

    #[test]
    fn mutated_design_docs_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..12)) {
        check("design.md", &mutate(DESIGN, &edits));
    }
}
