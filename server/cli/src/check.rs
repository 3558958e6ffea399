//! `aisrm check`: analyse files and report for people or for CI.

use aisrm_core::diagnostics::{Code, Diagnostic, SEVERITY_SETTINGS, Severity, severity_setting};

use crate::collect::collect;
use crate::output::{self, CheckedFiles};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scope: crate::collect::Scope,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat these findings as errors for the exit code (only `warnings`).
    #[arg(long, value_enum)]
    deny: Option<Deny>,
    /// Show findings of CODE at LEVEL (error, warning, information, hint or
    /// off), over `aisrm.toml`; repeatable.
    #[arg(long = "severity", value_name = "CODE=LEVEL", value_parser = parse_severity)]
    severities: Vec<(Code, Option<Severity>)>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = output::human::Color::Auto)]
    color: output::human::Color,
    /// Exit 0, not 2, when none of the paths is an inventory or design
    /// document (for hooks that pass whatever files changed).
    #[arg(long)]
    allow_no_files: bool,
    /// Apply the safe fixes (did-you-mean renames of ids, keys, statuses
    /// and levels) in place, print each change on stderr, then check
    /// again.
    #[arg(long)]
    fix: bool,
    /// With `--fix`: print the changes as a diff and write nothing (exit 1
    /// when there are any).
    #[arg(long, requires = "fix")]
    dry_run: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`).
    Gitlab,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Deny {
    Warnings,
}

pub fn run(args: &Args) -> u8 {
    let paths = args.scope.paths();
    let collected = match collect(&args.scope) {
        Ok(c) => c,
        Err(e) => return crate::fail(e),
    };
    let mut checked = CheckedFiles::with_overrides(&collected, &args.severities);
    if args.fix {
        match crate::fix::run(&collected, &checked, args.dry_run) {
            Err(e) => return crate::fail(e),
            Ok(n) if args.dry_run => return u8::from(n > 0),
            Ok(0) => {}
            Ok(_) => match collect(&args.scope) {
                Ok(again) => checked = CheckedFiles::with_overrides(&again, &args.severities),
                Err(e) => return crate::fail(e),
            },
        }
    }
    if checked.files.is_empty() && !args.allow_no_files {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return crate::fail(format!(
            "no inventories or design documents found in {} {}",
            shown.join(", "),
            crate::collect::WHAT_IS_READ
        ));
    }
    let written = match args.format {
        Format::Human => output::human::write(&checked, args.color),
        Format::Json => output::json::write(&checked),
        Format::Sarif => output::sarif::write(&checked),
        Format::Gitlab => output::gitlab::write(&checked),
    };
    let code = exit_code(checked.all_diagnostics(), args.deny.is_some());
    match written {
        Err(e) if !crate::reader_left(&e) => crate::fail(format!("cannot write the report: {e}")),
        _ => code,
    }
}

/// 1 when a finding is an error (or a warning with `--deny warnings`),
/// else 0: the rule of `aisrm check` and `aisrm report`.
pub(crate) fn exit_code<'a>(
    mut diagnostics: impl Iterator<Item = &'a Diagnostic>,
    deny_warnings: bool,
) -> u8 {
    let failing = |d: &&Diagnostic| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    };
    u8::from(diagnostics.any(|d| failing(&d)))
}

/// `CODE=LEVEL` of `--severity`.
fn parse_severity(arg: &str) -> Result<(Code, Option<Severity>), String> {
    let (code, level) = arg
        .split_once('=')
        .ok_or_else(|| format!("expected CODE=LEVEL, got `{arg}`"))?;
    let code = Code::from_name(code.trim())
        .ok_or_else(|| format!("`{code}` is not a diagnostic code (see docs/diagnostics.md)"))?;
    let level = severity_setting(level.trim()).ok_or_else(|| {
        format!(
            "`{level}` is not a level: use {}",
            SEVERITY_SETTINGS.join(", ")
        )
    })?;
    Ok((code, level))
}
