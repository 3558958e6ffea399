//! Human output: rustc-style snippets (codespan-reporting) and a summary.

use std::io::{IsTerminal, Write};

use aisrm_core::diagnostics::{Diagnostic, Fix, Severity};
use codespan_reporting::diagnostic::{self as cs, Label, LabelStyle};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use super::CheckedFiles;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

pub fn write(checked: &CheckedFiles, color: Color) -> std::io::Result<()> {
    let choice = match color {
        Color::Always => termcolor::ColorChoice::Always,
        Color::Never => termcolor::ColorChoice::Never,
        Color::Auto if std::io::stdout().is_terminal() => termcolor::ColorChoice::Auto,
        Color::Auto => termcolor::ColorChoice::Never,
    };
    let stream = termcolor::StandardStream::stdout(choice);
    let mut out = stream.lock();
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = checked
        .files
        .iter()
        .map(|f| files.add(f.display.clone(), f.text.clone()))
        .collect();
    let config = term::Config::default();
    for (file, &id) in checked.files.iter().zip(&ids) {
        for (d, fix) in file.findings() {
            let diagnostic = to_codespan(checked, d, fix, id, &ids);
            term::emit_to_write_style(&mut out, &config, &files, &diagnostic)
                .map_err(std::io::Error::other)?;
        }
    }
    writeln!(out, "{}", summary_line(checked))
}

fn summary_line(checked: &CheckedFiles) -> String {
    format!(
        "aisrm: {} file(s) checked: {} error(s), {} warning(s), {} note(s)",
        checked.files.len(),
        checked.count(Severity::Error),
        checked.count(Severity::Warning),
        checked.count(Severity::Information) + checked.count(Severity::Hint),
    )
}

fn to_codespan(
    checked: &CheckedFiles,
    d: &Diagnostic,
    fix: Option<&Fix>,
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
        if let Some(i) = checked.files.iter().position(|f| f.path == r.path) {
            labels.push(
                Label::new(LabelStyle::Secondary, ids[i], r.range.start..r.range.end)
                    .with_message(&r.message),
            );
        }
    }
    let mut notes: Vec<String> = fix
        .into_iter()
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
