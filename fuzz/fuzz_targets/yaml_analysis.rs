//! Arbitrary bytes as an inventory (named `*.aisrm.yaml`, so it is always
//! analysed) and as plain YAML (which may be taken for a framework file),
//! next to a valid inventory that shares ids with it: parse, lowering,
//! framework checks, cross-file findings and the per-file IDE queries.
#![no_main]

use aisrm_fuzz::{check_file, new_workspace, root, text_of};
use libfuzzer_sys::fuzz_target;

const NEIGHBOUR: &str = include_str!("../../examples/ai-inventory.yaml");

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let mut ws = new_workspace();
    let neighbour = root().join("ai-inventory.yaml");
    ws.set_file(neighbour.clone(), NEIGHBOUR);
    for name in ["x.aisrm.yaml", "plain.yaml"] {
        let path = root().join(name);
        ws.set_file(path.clone(), text.clone());
        check_file(&ws, &path);
        check_file(&ws, &neighbour);
    }
});
