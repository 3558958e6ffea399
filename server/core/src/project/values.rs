//! Readers of the list and table values of `aisrm.toml` (globs, reasons,
//! signal files), each problem a finding at its span.

use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::{Problems, ProjectConfig, compile_glob};
use crate::diagnostics::{Code, Diagnostic};
use crate::document::Spanned;
use crate::text::TextRange;

/// A finding at each `discovery.signals` entry that names no file.
pub(super) fn missing_signal_files(config: &ProjectConfig, root: &Path) -> Vec<Diagnostic> {
    config
        .signals
        .iter()
        .filter(|f| !root.join(&f.value).is_file())
        .map(|f| {
            Diagnostic::new(
                Code::InvalidConfig,
                f.range,
                format!(
                    "signal file `{}` not found (paths are relative to the project root)",
                    f.value
                ),
            )
        })
        .collect()
}

/// Relative paths (absolute ones and `..` would tie the project to one
/// machine or reach outside it).
pub(super) fn read_files(
    name: &str,
    value: &DeValue<'_>,
    span: Range<usize>,
    problems: &mut Problems,
) -> Vec<Spanned<String>> {
    let DeValue::Array(items) = value else {
        problems.add(span, format!("`{name}` should be a list of file paths"));
        return Vec::new();
    };
    let mut files = Vec::new();
    for item in items {
        let range = TextRange::new(item.span().start, item.span().end);
        match item.get_ref().as_str() {
            Some(f) if is_inside_project(f) => files.push(Spanned::new(f.to_string(), range)),
            Some(f) => problems.add(
                item.span(),
                format!("`{f}` should be a path relative to the project root, inside it"),
            ),
            None => problems.add(item.span(), format!("`{name}` should list strings")),
        }
    }
    files
}

fn is_inside_project(path: &str) -> bool {
    let path = Path::new(path);
    !path.as_os_str().is_empty()
        && path.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

pub(super) fn read_reasons(
    table: &DeTable<'_>,
    config: &mut ProjectConfig,
    problems: &mut Problems,
) {
    for (key, value) in table.iter() {
        let entry = key.get_ref().as_ref();
        match value.get_ref().as_str().map(str::trim) {
            Some(reason) if !reason.is_empty() => {
                config
                    .acknowledged
                    .insert(entry.to_string(), reason.to_string());
            }
            _ => problems.add(
                value.span(),
                format!("acknowledging `{entry}` needs a reason: \"{entry}\" = \"why it is not an AI component\""),
            ),
        }
    }
}

pub(super) fn read_globs(
    name: &str,
    value: &DeValue<'_>,
    span: Range<usize>,
    problems: &mut Problems,
) -> Vec<String> {
    let DeValue::Array(items) = value else {
        problems.add(span, format!("`{name}` should be a list of globs"));
        return Vec::new();
    };
    if items.is_empty() {
        problems.add(
            span,
            format!("`{name}` lists no glob; leave it out to use the default"),
        );
    }
    let mut globs = Vec::new();
    for item in items {
        match item.get_ref().as_str() {
            Some(g) => match compile_glob(g) {
                Ok(_) => globs.push(g.to_string()),
                Err(e) => problems.add(item.span(), format!("invalid glob `{g}`: {}", e.kind())),
            },
            None => problems.add(item.span(), format!("`{name}` should list strings")),
        }
    }
    globs
}
