//! Every diagnostic code is documented in docs/diagnostics.md (the page the
//! codes link to), with its default severity in the table.

use aisrm_core::diagnostics::Code;

#[test]
fn every_code_has_a_section_and_a_table_row() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/diagnostics.md");
    let docs = std::fs::read_to_string(path).unwrap();
    for code in Code::ALL {
        let name = code.as_str();
        assert!(
            docs.contains(&format!("\n## {name}\n")),
            "no section for {name}"
        );
        let row = format!("| `{name}` | {} |", code.default_severity().as_str());
        assert!(docs.contains(&row), "no table row {row}");
    }
}
