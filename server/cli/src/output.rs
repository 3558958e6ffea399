//! Rendering findings: rustc-style snippets, JSON, SARIF 2.1.0.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use aisrm_core::diagnostics::{Code, Diagnostic, Severity};
use aisrm_core::text::{Encoding, LineIndex, TextRange};
use codespan_reporting::diagnostic::{self as cs, Label, LabelStyle};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde_json::{Value, json};

use crate::collect::Collected;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// One file's text and findings, paths shown relative to the current
/// directory.
pub struct FileReport {
    pub path: PathBuf,
    pub display: String,
    pub text: String,
    pub line_index: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

pub struct Report {
    pub files: Vec<FileReport>,
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

impl Report {
    pub fn new(collected: &Collected) -> Report {
        let ws = &collected.workspace;
        let mut files: Vec<FileReport> = ws
            .paths()
            .into_iter()
            .filter_map(|path| {
                let file = ws.file(&path)?;
                Some(FileReport {
                    display: display_path(&path),
                    text: file.text.to_string(),
                    line_index: file.line_index.clone(),
                    diagnostics: ws.diagnostics(&path),
                    path,
                })
            })
            .collect();
        for u in &collected.unreadable {
            files.push(FileReport {
                display: display_path(&u.path),
                path: u.path.clone(),
                text: String::new(),
                line_index: LineIndex::new(""),
                diagnostics: vec![u.diagnostic.clone()],
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Report { files }
    }

    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }

    fn file_of(&self, path: &Path) -> Option<&FileReport> {
        self.files.iter().find(|f| f.path == path)
    }

    fn count(&self, severity: Severity) -> usize {
        self.all_diagnostics()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// 1-based line and column (column in `encoding` units).
fn position(file: &FileReport, offset: usize, encoding: Encoding) -> (u32, u32) {
    let lc = file.line_index.line_col(&file.text, offset, encoding);
    (lc.line + 1, lc.col + 1)
}

pub fn human(report: &Report, color: Color) -> std::io::Result<()> {
    let choice = match color {
        Color::Always => termcolor::ColorChoice::Always,
        Color::Never => termcolor::ColorChoice::Never,
        Color::Auto if std::io::stdout().is_terminal() => termcolor::ColorChoice::Auto,
        Color::Auto => termcolor::ColorChoice::Never,
    };
    let stream = termcolor::StandardStream::stdout(choice);
    let mut out = stream.lock();
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = report
        .files
        .iter()
        .map(|f| files.add(f.display.clone(), f.text.clone()))
        .collect();
    let config = term::Config::default();
    for (file, &id) in report.files.iter().zip(&ids) {
        for d in &file.diagnostics {
            let diagnostic = to_codespan(report, d, id, &ids);
            term::emit_to_write_style(&mut out, &config, &files, &diagnostic)
                .map_err(std::io::Error::other)?;
        }
    }
    writeln!(out, "{}", summary_line(report))
}

fn summary_line(report: &Report) -> String {
    format!(
        "aisrm: {} file(s) checked: {} error(s), {} warning(s), {} note(s)",
        report.files.len(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Information) + report.count(Severity::Hint),
    )
}

fn to_codespan(
    report: &Report,
    d: &Diagnostic,
    file: usize,
    ids: &[usize],
) -> cs::Diagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Information => cs::Severity::Note,
        Severity::Hint => cs::Severity::Help,
    };
    let mut labels = vec![Label::new(
        LabelStyle::Primary,
        file,
        d.range.start..d.range.end,
    )];
    for r in &d.related {
        if let Some(i) = report.files.iter().position(|f| f.path == r.path) {
            labels.push(
                Label::new(LabelStyle::Secondary, ids[i], r.range.start..r.range.end)
                    .with_message(&r.message),
            );
        }
    }
    let mut notes: Vec<String> = d
        .fixes
        .iter()
        .filter(|f| f.preferred)
        .map(|f| format!("fix: {}", f.title))
        .collect();
    notes.push(format!("see {}", d.code.doc_url()));
    cs::Diagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

fn range_json(file: &FileReport, range: TextRange) -> Value {
    let (sl, sc) = position(file, range.start, Encoding::Chars);
    let (el, ec) = position(file, range.end, Encoding::Chars);
    json!({
        "start": {"line": sl, "column": sc},
        "end": {"line": el, "column": ec},
        "byteStart": range.start,
        "byteEnd": range.end,
    })
}

pub fn json(report: &Report) -> std::io::Result<()> {
    let mut diagnostics = Vec::new();
    for file in &report.files {
        for d in &file.diagnostics {
            let related: Vec<Value> = d
                .related
                .iter()
                .filter_map(|r| {
                    let other = report.file_of(&r.path)?;
                    Some(json!({"path": other.display, "range": range_json(other, r.range), "message": r.message}))
                })
                .collect();
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .map(|f| {
                    let edits: Vec<Value> = f
                        .edits
                        .iter()
                        .filter_map(|e| {
                            let other = report.file_of(&e.path)?;
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
        "files": report.files.iter().map(|f| f.display.clone()).collect::<Vec<_>>(),
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "information": report.count(Severity::Information),
            "hints": report.count(Severity::Hint),
        },
        "diagnostics": diagnostics,
    });
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &value)?;
    writeln!(out)
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A SARIF region: 1-based lines, columns in UTF-16 code units (SARIF's
/// default `columnKind`).
fn sarif_location(file: &FileReport, range: TextRange) -> Value {
    let (sl, sc) = position(file, range.start, Encoding::Utf16);
    let (el, ec) = position(file, range.end, Encoding::Utf16);
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": file.display.replace('\\', "/"), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
        }
    })
}

pub fn sarif_value(report: &Report) -> Value {
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
    for file in &report.files {
        for d in &file.diagnostics {
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    let other = report.file_of(&r.path)?;
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

pub fn sarif(report: &Report) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &sarif_value(report))?;
    writeln!(out)
}
