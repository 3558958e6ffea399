//! `--format gitlab`: GitLab Code Quality JSON (the subset of the Code
//! Climate spec GitLab reads: `description`, `check_name`, `fingerprint`,
//! `severity`, `location.path`, `location.lines.begin`), for
//! `artifacts:reports:codequality` in merge requests.

use std::collections::HashMap;
use std::io::Write;

use aisrm_core::diagnostics::{Diagnostic, Severity};
use aisrm_core::text::Encoding;
use serde_json::{Value, json};

use super::{CheckedFile, CheckedFiles, position};

/// GitLab's scale is info, minor, major, critical, blocker: an error
/// fails `aisrm check`, so it ranks above the warnings in the widget.
fn gitlab_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Information | Severity::Hint => "info",
    }
}

/// Fingerprints must be unique in a report and stable between runs, so
/// GitLab can tell new findings from fixed ones: path, code and message
/// (not the line, which moves with unrelated edits), and which occurrence
/// of that triple it is.
fn fingerprint(path: &str, d: &Diagnostic, occurrence: usize) -> String {
    let key = format!("{path}\0{}\0{}\0{occurrence}", d.code.as_str(), d.message);
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes())
        .simple()
        .to_string()
}

fn issue(file: &CheckedFile, d: &Diagnostic, occurrence: usize) -> Value {
    let path = file.display.replace('\\', "/");
    let (begin, _) = position(file, d.range.start, Encoding::Chars);
    let (end, _) = position(file, d.range.end, Encoding::Chars);
    json!({
        "type": "issue",
        "description": d.message,
        "check_name": d.code.as_str(),
        "fingerprint": fingerprint(&path, d, occurrence),
        "severity": gitlab_severity(d.severity),
        "location": {"path": path, "lines": {"begin": begin, "end": end}},
    })
}

pub fn gitlab_value(checked: &CheckedFiles) -> Value {
    let mut seen: HashMap<(String, &str, &str), usize> = HashMap::new();
    let mut issues = Vec::new();
    for file in &checked.files {
        for d in &file.diagnostics {
            let n = seen
                .entry((file.display.clone(), d.code.as_str(), d.message.as_str()))
                .or_default();
            issues.push(issue(file, d, *n));
            *n += 1;
        }
    }
    Value::Array(issues)
}

pub fn write(checked: &CheckedFiles) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &gitlab_value(checked))?;
    writeln!(out)
}
