//! The JSON Schemas in schemas/ are generated from the Rust model; they must
//! match it exactly. Regenerate with `AISRM_UPDATE_SCHEMAS=1 cargo test -p
//! aisrm-core --test schemas`.

use std::path::Path;

use aisrm_core::schema;

fn check(file: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas")
        .join(file);
    if std::env::var_os("AISRM_UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{file} drifted from the Rust model; run AISRM_UPDATE_SCHEMAS=1 cargo test -p aisrm-core --test schemas"
    );
}

#[test]
fn inventory_schema_is_current() {
    check(
        "aisrm-inventory.schema.json",
        &schema::to_text(&schema::inventory_schema()),
    );
}

#[test]
fn framework_schema_is_current() {
    check(
        "aisrm-framework.schema.json",
        &schema::to_text(&schema::framework_schema()),
    );
}

#[test]
fn config_schema_is_current() {
    check(
        "aisrm-config.schema.json",
        &schema::to_text(&schema::config_schema()),
    );
}
