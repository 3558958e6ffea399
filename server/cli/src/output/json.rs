//! `--format json`: positions in characters (1-based) and bytes.

use std::io::Write;

use aisrm_core::diagnostics::Severity;
use aisrm_core::text::{Encoding, TextRange};
use serde_json::{Value, json};

use super::{CheckedFile, CheckedFiles, position};

fn range_json(file: &CheckedFile, range: TextRange) -> Value {
    let (sl, sc) = position(file, range.start, Encoding::Chars);
    let (el, ec) = position(file, range.end, Encoding::Chars);
    json!({
        "start": {"line": sl, "column": sc},
        "end": {"line": el, "column": ec},
        "byteStart": range.start,
        "byteEnd": range.end,
    })
}

pub fn write(checked: &CheckedFiles) -> std::io::Result<()> {
    let mut diagnostics = Vec::new();
    for file in &checked.files {
        for (d, fix) in file.findings() {
            let related: Vec<Value> = d
                .related
                .iter()
                .filter_map(|r| {
                    let other = checked.file_of(&r.path)?;
                    Some(json!({"path": other.display, "range": range_json(other, r.range), "message": r.message}))
                })
                .collect();
            let fixes: Vec<Value> = fix
                .into_iter()
                .map(|f| {
                    let edits: Vec<Value> = f
                        .edits
                        .iter()
                        .filter_map(|e| {
                            let other = checked.file_of(&e.path)?;
                            Some(json!({"path": other.display, "range": range_json(other, e.range), "newText": e.new_text}))
                        })
                        .collect();
                    json!({"title": f.title, "preferred": f.preferred, "edits": edits})
                })
                .collect();
            diagnostics.push(json!({
                "path": file.display,
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "range": range_json(file, d.range),
                "docs": d.code.doc_url(),
                "related": related,
                "fixes": fixes,
            }));
        }
    }
    let value = json!({
        "version": 1,
        "files": checked.files.iter().map(|f| f.display.clone()).collect::<Vec<_>>(),
        "summary": {
            "errors": checked.count(Severity::Error),
            "warnings": checked.count(Severity::Warning),
            "information": checked.count(Severity::Information),
            "hints": checked.count(Severity::Hint),
        },
        "diagnostics": diagnostics,
    });
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &value)?;
    writeln!(out)
}
