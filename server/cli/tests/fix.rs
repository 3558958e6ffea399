//! `aisrm check --fix` applies the safe fixes (did-you-mean renames) in
//! place and prints each change; `--fix --dry-run` prints the diff and
//! writes nothing; fixes a person must complete (a `reason:`, new
//! entries) are left alone.

mod common;

use std::path::{Path, PathBuf};

use aisrm_test_support::codes;
use common::aisrm;

const INVENTORY: &str = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-al\n    owner: team\n    responsibilities:\n      data-privcy:\n        ownr: privacy\n        status: implemnted\n      model-security:\n        ownership: customer\n";
const FIXED: &str = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    owner: team\n    responsibilities:\n      data-privacy:\n        owner: privacy\n        status: implemented\n      model-security:\n        ownership: customer\n";

fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aisrm-fix-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ai-inventory.yaml"), INVENTORY).unwrap();
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = project("dry");
    let out = aisrm(&["check", ".", "--fix", "--dry-run"], &dir);
    assert_eq!(out.status.code(), Some(1), "there are changes");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "--- a/ai-inventory.yaml\n+++ b/ai-inventory.yaml\n\
         @@ -4,1 +4,1 @@\n-    deployment: saas-al\n+    deployment: saas-ai\n\
         @@ -7,3 +7,3 @@\n-      data-privcy:\n-        ownr: privacy\n-        status: implemnted\n\
         +      data-privacy:\n+        owner: privacy\n+        status: implemented\n"
    );
    assert_eq!(read(&dir, "ai-inventory.yaml"), INVENTORY);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fix_applies_the_renames_prints_each_and_leaves_the_rest() {
    let dir = project("apply");
    let out = aisrm(&["check", ".", "--fix", "--format", "json"], &dir);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "fixed ai-inventory.yaml:4:17 [unknown-deployment-model]: `saas-al` -> `saas-ai`\n\
         fixed ai-inventory.yaml:7:7 [unknown-domain]: `data-privcy` -> `data-privacy`\n\
         fixed ai-inventory.yaml:8:9 [unknown-key]: `ownr` -> `owner`\n\
         fixed ai-inventory.yaml:9:17 [unknown-status]: `implemnted` -> `implemented`\n"
    );
    assert_eq!(read(&dir, "ai-inventory.yaml"), FIXED);
    // The report is of the fixed files: the override still wants a
    // reason nobody but a person can give.
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = codes(&report["diagnostics"]);
    assert!(codes.contains(&"override-without-reason"), "{codes:?}");
    assert_eq!(out.status.code(), Some(0), "no error left: {codes:?}");
    let again = aisrm(&["check", ".", "--fix", "--dry-run"], &dir);
    assert_eq!(
        (again.status.code(), again.stdout.len()),
        (Some(0), 0),
        "nothing left to fix"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dry_run_needs_fix() {
    let dir = project("usage");
    assert_eq!(
        aisrm(&["check", ".", "--dry-run"], &dir).status.code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A ref's misspelt framework domain is a did-you-mean rename `--fix`
/// makes; a ref prefix one letter from a listed one is not (`CVE` may be
/// meant, not `CWE`), nor a catalogue id that does not exist (`LLM11:2025`
/// may mean `LLM10` or `LLM01`: another number is another risk): the
/// editor offers those fixes, `--fix` leaves them.
#[test]
fn fix_renames_a_framework_ref_but_leaves_a_ref_prefix_and_a_catalogue_id() {
    let dir = project("refs");
    std::fs::write(dir.join("aisrm.toml"), "[refs]\nprefixes = [\"CWE\"]\n").unwrap();
    let inventory = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    owner: team\n    responsibilities:\n      data-privacy:\n        refs: [CVE-2024-3094, aisrm:data-privcy, LLM11:2025]\n";
    std::fs::write(dir.join("ai-inventory.yaml"), inventory).unwrap();
    let out = aisrm(&["check", ".", "--fix", "--format", "json"], &dir);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "fixed ai-inventory.yaml:8:31 [unknown-ref]: `aisrm:data-privcy` -> `aisrm:data-privacy`\n"
    );
    assert_eq!(
        read(&dir, "ai-inventory.yaml"),
        inventory.replace("aisrm:data-privcy", "aisrm:data-privacy")
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let prefix = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-ref-prefix")
        .expect("the prefix finding stays");
    assert_eq!(prefix["fixes"][0]["edits"][0]["newText"], "CWE-2024-3094");
    let catalogue = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-ref")
        .expect("the catalogue id's finding stays");
    assert_eq!(catalogue["fixes"][0]["edits"][0]["newText"], "LLM10:2025");
    let _ = std::fs::remove_dir_all(&dir);
}
