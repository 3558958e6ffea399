//! `aisrm report`: what a reviewer needs from a workspace. One model
//! ([`model::ResponsibilityReport`]) holds the findings of `aisrm check`
//! (the same list) and the heatmap of the components; it is rendered as a
//! self-contained HTML page or as GitHub Markdown.
//!
//! The exit code follows `aisrm check`: 1 when a finding is an error
//! (after the whole report is written), 2 for usage and I/O problems,
//! else 0.

pub mod counts;
pub mod html;
pub mod markdown;
pub mod model;
pub mod review;

use std::path::PathBuf;

use crate::collect::{collect, display_path};
use aisrm_core::workspace::Merged;
use counts::plural;
use model::ResponsibilityReport;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scope: crate::collect::Scope,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Html,
    Markdown,
}

pub fn run(args: &Args) -> u8 {
    let paths = args.scope.paths();
    let collected = match collect(&args.scope) {
        Ok(c) => c,
        Err(e) => return crate::fail(e),
    };
    let checked = crate::output::CheckedFiles::new(&collected);
    let merged = Merged::of(&collected.workspace);
    let report =
        ResponsibilityReport::build(&collected.workspace, &merged, &checked, &display_path);
    if report.groups.is_empty() && report.unmapped.is_empty() && report.findings.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return crate::fail(format!(
            "no components found in {} {}",
            shown.join(", "),
            crate::collect::WHAT_IS_READ
        ));
    }
    let text = match args.format {
        Format::Html => html::render(&report),
        Format::Markdown => markdown::render(&report),
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => crate::print_stdout(&text),
    };
    match written {
        Ok(()) => crate::check::exit_code(checked.all_diagnostics(), false),
        Err(e) => crate::fail(format!("cannot write the report: {e}")),
    }
}

/// "AI responsibility report: <systems>".
pub fn title(report: &ResponsibilityReport) -> String {
    match report.systems.as_slice() {
        [] => "AI responsibility report".to_string(),
        systems => format!("AI responsibility report: {}", systems.join(", ")),
    }
}

/// "13 components in 4 files across 2 frameworks; 5 files checked."
pub fn scope_sentence(report: &ResponsibilityReport) -> String {
    format!(
        "{} in {} across {}; {} checked.",
        plural(report.components(), "component", "components"),
        plural(report.files_with_components, "file", "files"),
        plural(report.groups.len(), "framework", "frameworks"),
        plural(report.files_checked, "file", "files"),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use aisrm_core::workspace::{Merged, Workspace};

    use super::model::ResponsibilityReport;
    use crate::collect::Collected;

    /// Runs `f` on the report of files held in memory (no files read).
    pub fn with_report<T>(files: &[(&str, &str)], f: impl FnOnce(&ResponsibilityReport) -> T) -> T {
        let root = Path::new("/virtual");
        let mut workspace = Workspace::new(vec![root.to_path_buf()]);
        for (name, text) in files {
            workspace.set_file(root.join(name), *text);
        }
        let collected = Collected {
            workspace,
            unreadable: Vec::new(),
            config: None,
            shown: vec![root.to_path_buf()],
            root: root.to_path_buf(),
            signals: aisrm_core::discovery::project_signals::ProjectSignals::builtin(),
            discovered: None,
        };
        let checked = crate::output::CheckedFiles::new(&collected);
        let merged = Merged::of(&collected.workspace);
        let report = ResponsibilityReport::build(&collected.workspace, &merged, &checked, &shown);
        f(&report)
    }

    pub fn shown(path: &Path) -> String {
        path.strip_prefix("/virtual")
            .unwrap_or(path)
            .display()
            .to_string()
    }

    pub const INVENTORY: &str = r#"aisrm: 1
system:
  name: Test <system> & co
components:
  bot:
    name: "<script>alert(1)</script> bot"
    deployment: saas-ai
    responsibilities:
      user-access-control:
        owner: iam
        status: implemented
      data-privacy:
        owner: privacy
        status: gap
  broken:
    deployment: cloud-thing
"#;

    #[test]
    fn builds_rows_cells_and_findings() {
        with_report(&[("ai-inventory.yaml", INVENTORY)], |r| {
            assert_eq!(r.groups.len(), 1);
            let g = &r.groups[0];
            assert_eq!(g.framework.id, "aisrm");
            assert_eq!(g.rows.len(), 1);
            assert_eq!(g.rows[0].cells.len(), g.framework.domains.len());
            assert_eq!(r.unmapped.len(), 1);
            assert_eq!(r.unmapped[0].id, "broken");
            let cell = |id: &str| g.rows[0].cells.iter().find(|c| c.domain.id == id).unwrap();
            let uac = cell("user-access-control");
            assert_eq!(uac.owner().map(|o| o.name), Some("iam"));
            assert!(!uac.unowned_customer() && !uac.needs_action());
            let privacy = cell("data-privacy");
            assert!(privacy.gap() && privacy.needs_action());
            // Unowned shared duties are notes: shown, not flagged.
            let ethics = cell("ai-ethics-and-safety");
            assert!(ethics.unowned_shared() && !ethics.needs_action());
            assert_eq!(r.systems, vec!["Test <system> & co".to_string()]);
            let found: Vec<(&str, &str, u32)> = r
                .findings
                .iter()
                .map(|f| (f.severity.as_str(), f.code.as_str(), f.line))
                .collect();
            assert_eq!(
                found,
                vec![
                    ("error", "unknown-deployment-model", 16),
                    ("warning", "status-gap", 14),
                    ("information", "unowned-shared-duties", 7),
                ]
            );
        });
    }
}
