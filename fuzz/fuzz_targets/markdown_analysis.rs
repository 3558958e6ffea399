//! Arbitrary bytes as a Markdown design document, next to an inventory its
//! links may point at: block extraction, offset mapping, lowering of every
//! ```aisrm block, link resolution and the per-file IDE queries.
#![no_main]

use aisrm_fuzz::{check_file, new_workspace, root, text_of};
use libfuzzer_sys::fuzz_target;

const NEIGHBOUR: &str = include_str!("../../examples/ai-inventory.yaml");

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let extracted = aisrm_core::markdown::extract(&text);
    for block in &extracted.blocks {
        aisrm_fuzz::assert_range(&text, block.range, &block.range);
        // Every offset of the block's own text maps into the file.
        for at in [0, block.text.len() / 2, block.text.len()] {
            assert!(block.map.offset(at) <= text.len());
        }
    }
    let mut ws = new_workspace();
    let neighbour = root().join("ai-inventory.yaml");
    ws.set_file(neighbour.clone(), NEIGHBOUR);
    let doc = root().join("docs/design.md");
    ws.set_file(doc.clone(), text);
    check_file(&ws, &doc);
    check_file(&ws, &neighbour);
});
