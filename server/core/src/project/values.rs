//! Readers of the list and table values of `aisrm.toml` (globs, reasons,
//! signal files), each problem a finding at its span.

use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::{Problems, ProjectConfig, compile_glob};
use crate::diagnostics::{Code, Diagnostic};
use crate::document::Spanned;
use crate::text::TextRange;

/// A finding at each `discovery.signals` entry that names no file, or a
/// file outside the project (through a symbolic link).
pub(super) fn missing_signal_files(config: &ProjectConfig, root: &Path) -> Vec<Diagnostic> {
    let problem = |f: &Spanned<String>| {
        let path = root.join(&f.value);
        if !path.is_file() {
            Some(format!(
                "signal file `{}` not found (paths are relative to the project root)",
                f.value
            ))
        } else if !is_in_project(root, &path) {
            Some(format!(
                "signal file `{}` leads outside the project (a symbolic link); aisrm reads signal files only inside it",
                f.value
            ))
        } else {
            None
        }
    };
    config
        .signals
        .iter()
        .filter_map(|f| Some(Diagnostic::new(Code::InvalidConfig, f.range, problem(f)?)))
        .collect()
}

/// Whether `path`, its links resolved, is inside the project at `root`.
pub fn is_in_project(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
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
    if matches!(value, DeValue::Array(items) if items.is_empty()) {
        problems.add(
            span.clone(),
            format!("`{name}` lists no glob; leave it out to use the default"),
        );
    }
    let globs = read_strings(name, "globs", value, span, problems, |g| {
        compile_glob(g)
            .err()
            .map(|e| format!("invalid glob `{g}`: {}", e.kind()))
    });
    globs.unwrap_or_default()
}

/// A list of strings (`what` names them in the finding when the value is
/// not a list; the result is then `None`); `problem` says what is wrong
/// with one, which is then a finding at it and left out.
pub(super) fn read_strings(
    name: &str,
    what: &str,
    value: &DeValue<'_>,
    span: Range<usize>,
    problems: &mut Problems,
    problem: impl Fn(&str) -> Option<String>,
) -> Option<Vec<String>> {
    let DeValue::Array(items) = value else {
        problems.add(span, format!("`{name}` should be a list of {what}"));
        return None;
    };
    let mut good = Vec::new();
    for item in items {
        match item.get_ref().as_str() {
            Some(s) => match problem(s) {
                None => good.push(s.to_string()),
                Some(p) => problems.add(item.span(), p),
            },
            None => problems.add(item.span(), format!("`{name}` should list strings")),
        }
    }
    Some(good)
}
