//! `--format sarif`: SARIF 2.1.0 for code-scanning services.

use std::io::Write;

use aisrm_core::diagnostics::{Code, Severity};
use aisrm_core::text::{Encoding, TextRange};
use serde_json::{Value, json};

use super::{CheckedFile, CheckedFiles, position};

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A SARIF region: 1-based lines, columns in UTF-16 code units (SARIF's
/// default `columnKind`).
fn sarif_location(file: &CheckedFile, range: TextRange) -> Value {
    let (sl, sc) = position(file, range.start, Encoding::Utf16);
    let (el, ec) = position(file, range.end, Encoding::Utf16);
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri_reference(&file.display), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
        }
    })
}

/// A displayed (relative) path as a URI reference: `/` between segments,
/// every byte outside RFC 3986's unreserved characters percent-encoded
/// (`my inv#1.yaml` -> `my%20inv%231.yaml`).
fn uri_reference(display: &str) -> String {
    let mut out = String::with_capacity(display.len());
    for b in display.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn sarif_value(checked: &CheckedFiles) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.as_str(),
                "shortDescription": {"text": c.summary()},
                "fullDescription": {"text": c.summary()},
                "helpUri": c.doc_url(),
                "help": {"text": format!("{} See {}", c.summary(), c.doc_url())},
                "defaultConfiguration": {"level": sarif_level(c.default_severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &checked.files {
        for d in &file.diagnostics {
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    let other = checked.file_of(&r.path)?;
                    let mut loc = sarif_location(other, r.range);
                    loc["id"] = json!(i);
                    loc["message"] = json!({"text": r.message});
                    Some(loc)
                })
                .collect();
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code),
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [sarif_location(file, d.range)],
            });
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "aisrm",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/aisrm/aisrm",
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

pub fn write(checked: &CheckedFiles) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &sarif_value(checked))?;
    writeln!(out)
}
