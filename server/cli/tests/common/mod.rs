//! What several of the binary's end-to-end tests share.
// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::path::Path;

use aisrm_test_support::cli::{json_of, run};
use serde_json::Value;

/// Runs `aisrm ARGS` in `dir` and parses its stdout as JSON; any exit but
/// 0 or 1 (findings) fails the test with the stderr.
pub fn json_output(dir: &Path, args: &[&str]) -> Value {
    json_of(&run(env!("CARGO_BIN_EXE_aisrm"), args, dir))
}

/// A finding as the tests compare them: path, 1-based line, code, severity.
pub type Finding = (String, u64, String, String);

/// The findings of a `check --format json` report.
pub fn json_findings(report: &Value) -> Vec<Finding> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Runs `aisrm ARGS` in `dir` without colour.
pub fn aisrm(args: &[&str], dir: &Path) -> std::process::Output {
    run(env!("CARGO_BIN_EXE_aisrm"), args, dir)
}
