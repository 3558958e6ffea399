//! Arbitrary bytes as a custom framework file: `Framework::parse` on its
//! own, then the same text as a workspace framework file that an inventory
//! uses, so the analysis, hover and inlay hints run against whatever
//! framework the loader accepted.
#![no_main]

use std::path::Path;

use aisrm_fuzz::{check_file, new_workspace, offset_in, root, text_of};
use libfuzzer_sys::fuzz_target;

const INVENTORY: &str = include_str!("../../examples/custom-framework/inventory.aisrm.yaml");

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let (framework, findings) =
        aisrm_core::framework::Framework::parse(&text, Path::new("/ws/framework.yaml"));
    for d in &findings {
        aisrm_fuzz::assert_range(&text, d.range, d);
    }
    if let Some(fw) = &framework {
        for m in &fw.models {
            let _ = aisrm_core::explain::model(fw, m);
        }
        for d in &fw.domains {
            let _ = aisrm_core::explain::domain(fw, d, None);
        }
    }
    let mut ws = new_workspace();
    let fw_path = root().join("framework.yaml");
    let inv_path = root().join("inventory.aisrm.yaml");
    ws.set_file(fw_path.clone(), text);
    ws.set_file(inv_path.clone(), INVENTORY);
    check_file(&ws, &fw_path);
    check_file(&ws, &inv_path);
    for raw in data.iter().take(8) {
        let at = offset_in(INVENTORY, usize::from(*raw) * 7);
        let _ = aisrm_core::ide::hover::hover(&ws, &inv_path, at);
        let _ = aisrm_core::ide::completion::completions(&ws, &inv_path, INVENTORY, at);
    }
});
