//! `aisrm report`: the responsibility heatmap of the components a workspace
//! declares, for reviewers. One model of the report ([`Report`]) is built
//! from the core analysis (`duties()` and the workspace's findings) and
//! rendered as a self-contained HTML page or as GitHub Markdown.

pub mod html;
pub mod markdown;

use std::path::{Path, PathBuf};

use aisrm_core::analysis::{self, Duty};
use aisrm_core::diagnostics::{Code, Diagnostic, Severity};
use aisrm_core::document::Component;
use aisrm_core::framework::{Domain, Framework, LevelKind};
use aisrm_core::text::Encoding;
use aisrm_core::workspace::{FileAnalysis, Workspace};

use crate::collect::{collect, display_path};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (default: the current directory).
    paths: Vec<PathBuf>,
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
    let paths = crate::collect::paths_or_current_dir(&args.paths);
    let collected = match collect(&paths) {
        Ok(c) => c,
        Err(e) => return crate::fail(e),
    };
    let ws = &collected.workspace;
    let report = Report::build(ws, &display_path);
    if report.groups.is_empty() && report.unmapped.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return crate::fail(format!(
            "no components found in {} (inventories are *.aisrm.yaml, ai-inventory.yaml or YAML with a top-level `aisrm:` key; design docs are Markdown with ```aisrm blocks)",
            shown.join(", ")
        ));
    }
    let text = match args.format {
        Format::Html => html::render(&report),
        Format::Markdown => markdown::render(&report),
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => {
            use std::io::Write;
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| e.to_string())
        }
    };
    match written {
        Ok(()) => 0,
        Err(e) => crate::fail(format!("cannot write the report: {e}")),
    }
}

/// The whole report: one group per framework in use.
pub struct Report<'a> {
    /// `system: name` of every inventory, in file order, deduplicated.
    pub systems: Vec<String>,
    /// Inventories and design documents that declare components.
    pub files: usize,
    pub groups: Vec<Group<'a>>,
    /// Components that cannot be placed in a heatmap, with why.
    pub unmapped: Vec<Unmapped>,
}

/// The components analysed against one framework.
pub struct Group<'a> {
    pub framework: &'a Framework,
    pub rows: Vec<Row<'a>>,
}

/// One component: a heatmap row.
pub struct Row<'a> {
    pub component: &'a Component,
    /// `path:line` of the component's id.
    pub location: String,
    /// The deployment model's short name.
    pub model: String,
    /// One cell per domain of the framework, in domain order.
    pub cells: Vec<CellView<'a>>,
    /// Every finding inside the component, in file order.
    pub findings: Vec<Finding>,
}

/// One component in one domain.
pub struct CellView<'a> {
    pub domain: &'a Domain,
    pub duty: Duty<'a>,
    /// Codes of the findings about this cell (`status: gap` is shown as
    /// the gap flag, not here).
    pub findings: Vec<&'static str>,
}

pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub location: String,
}

pub struct Unmapped {
    pub id: String,
    pub location: String,
    pub why: String,
}

impl CellView<'_> {
    pub fn level(&self) -> LevelKind {
        self.duty.effective
    }

    pub fn owner(&self) -> Option<&str> {
        self.duty
            .entry
            .and_then(|e| e.owner.as_ref())
            .map(|o| o.value.as_str())
    }

    pub fn status(&self) -> Option<&str> {
        self.duty
            .entry
            .and_then(|e| e.status.as_ref())
            .map(|s| s.value.as_str())
    }

    /// A customer or shared duty (or an undecided model-dependent one)
    /// that no entry gives an owner.
    pub fn unowned(&self) -> bool {
        matches!(
            self.level(),
            LevelKind::Customer | LevelKind::Shared | LevelKind::ModelDependent
        ) && !self.duty.is_owned()
    }

    pub fn gap(&self) -> bool {
        self.status() == Some("gap")
    }

    /// True when a reviewer should look at this cell.
    pub fn attention(&self) -> bool {
        self.unowned() || self.gap() || !self.findings.is_empty()
    }
}

/// Counts over a set of cells (one component's row or one domain's column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub customer: usize,
    pub shared: usize,
    pub provider: usize,
    pub model_dependent: usize,
    pub not_applicable: usize,
    pub critical: usize,
    pub unowned: usize,
    pub gaps: usize,
    /// Cells with at least one finding.
    pub with_findings: usize,
}

impl Counts {
    pub fn of<'c, 'a: 'c>(cells: impl IntoIterator<Item = &'c CellView<'a>>) -> Counts {
        let mut c = Counts::default();
        for cell in cells {
            match cell.level() {
                LevelKind::Customer => c.customer += 1,
                LevelKind::Shared => c.shared += 1,
                LevelKind::Provider => c.provider += 1,
                LevelKind::ModelDependent => c.model_dependent += 1,
                LevelKind::NotApplicable => c.not_applicable += 1,
            }
            c.critical += usize::from(cell.duty.critical);
            c.unowned += usize::from(cell.unowned());
            c.gaps += usize::from(cell.gap());
            c.with_findings += usize::from(!cell.findings.is_empty());
        }
        c
    }

    pub fn add(&mut self, o: Counts) {
        self.customer += o.customer;
        self.shared += o.shared;
        self.provider += o.provider;
        self.model_dependent += o.model_dependent;
        self.not_applicable += o.not_applicable;
        self.critical += o.critical;
        self.unowned += o.unowned;
        self.gaps += o.gaps;
        self.with_findings += o.with_findings;
    }

    /// "3 customer duties, 1 shared, 1 unowned": the non-zero counts that
    /// matter to a reviewer.
    pub fn sentence(&self) -> String {
        let mut parts = Vec::new();
        if self.customer > 0 {
            parts.push(plural(self.customer, "customer duty", "customer duties"));
        }
        if self.shared > 0 {
            let word = if parts.is_empty() {
                plural(self.shared, "shared duty", "shared duties")
            } else {
                format!("{} shared", self.shared)
            };
            parts.push(word);
        }
        if self.model_dependent > 0 {
            parts.push(format!("{} model-dependent", self.model_dependent));
        }
        if parts.is_empty() {
            parts.push("no customer or shared duties".into());
        }
        if self.unowned > 0 {
            parts.push(format!("{} unowned", self.unowned));
        }
        if self.gaps > 0 {
            parts.push(plural(self.gaps, "gap", "gaps"));
        }
        if self.with_findings > 0 {
            parts.push(format!("{} with findings", self.with_findings));
        }
        parts.join(", ")
    }
}

/// "N components in N files across N frameworks: N unowned duties, N known
/// gaps, N findings." with the non-zero problem counts passed through
/// `emphasize` (HTML and Markdown mark them their own way).
pub fn totals_sentence(report: &Report, emphasize: impl Fn(String) -> String) -> String {
    let counts = report.counts();
    let findings = report.findings();
    let mark = |n: usize, text: String| if n > 0 { emphasize(text) } else { text };
    format!(
        "{} in {} across {}: {}, {}, {}.",
        plural(report.components(), "component", "components"),
        plural(report.files, "file", "files"),
        plural(report.groups.len(), "framework", "frameworks"),
        mark(
            counts.unowned,
            plural(counts.unowned, "unowned duty", "unowned duties")
        ),
        mark(counts.gaps, plural(counts.gaps, "known gap", "known gaps")),
        mark(findings, plural(findings, "finding", "findings")),
    )
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

impl<'a> Group<'a> {
    pub fn counts(&self) -> Counts {
        let mut total = Counts::default();
        for row in &self.rows {
            total.add(Counts::of(&row.cells));
        }
        total
    }

    /// Counts of one domain (column `index`) across the components.
    pub fn domain_counts(&self, index: usize) -> Counts {
        Counts::of(self.rows.iter().filter_map(|r| r.cells.get(index)))
    }
}

impl<'a> Report<'a> {
    /// Builds the report of every component in `ws`; `display` turns a path
    /// into what the report shows.
    pub fn build(ws: &'a Workspace, display: &dyn Fn(&Path) -> String) -> Report<'a> {
        let mut report = Report {
            systems: Vec::new(),
            files: 0,
            groups: Vec::new(),
            unmapped: Vec::new(),
        };
        for path in ws.paths() {
            let Some(file) = ws.file(&path) else {
                continue;
            };
            if file.document.components.is_empty() {
                continue;
            }
            report.files += 1;
            if let Some(name) = file.document.system.as_ref().and_then(|s| s.name.as_ref())
                && !report.systems.contains(&name.value)
            {
                report.systems.push(name.value.clone());
            }
            let shown = display(&path);
            let diagnostics = ws.diagnostics(&path);
            for component in &file.document.components {
                report.add_component(file, &shown, component, &diagnostics);
            }
        }
        report
    }

    fn add_component(
        &mut self,
        file: &'a FileAnalysis,
        shown: &str,
        component: &'a Component,
        diagnostics: &[Diagnostic],
    ) {
        let line = |offset: usize| {
            file.line_index
                .line_col(&file.text, offset, Encoding::Utf16)
                .line
                + 1
        };
        let location = format!("{shown}:{}", line(component.id.range.start));
        let Some(framework) = file.framework() else {
            self.unmapped.push(Unmapped {
                id: component.id.value.clone(),
                location,
                why: "its framework could not be loaded".into(),
            });
            return;
        };
        let Some(duties) = analysis::duties(framework, component) else {
            let why = match &component.deployment {
                Some(d) => format!(
                    "`{}` is not a deployment model of `{}`",
                    d.value, framework.id
                ),
                None => "it has no `deployment`".into(),
            };
            self.unmapped.push(Unmapped {
                id: component.id.value.clone(),
                location,
                why,
            });
            return;
        };
        let inside: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                component.range.contains_inclusive(d.range.start)
                    && component.range.contains_inclusive(d.range.end)
            })
            .collect();
        let cells: Vec<CellView<'a>> = framework
            .domains
            .iter()
            .filter_map(|domain| {
                let duty = *duties.iter().find(|d| d.domain == domain.id)?;
                let mut findings: Vec<&'static str> = Vec::new();
                if let Some(entry) = duty.entry {
                    for d in &inside {
                        if entry.range.contains_inclusive(d.range.start)
                            && d.code != Code::StatusGap
                        {
                            findings.push(d.code.as_str());
                        }
                    }
                }
                if duty.critical && duty.entry.is_none() {
                    findings.push(Code::CriticalDomainUncovered.as_str());
                }
                if duty.matrix == LevelKind::ModelDependent && !duty.is_override() {
                    findings.push(Code::ModelDependentCell.as_str());
                }
                findings.dedup();
                Some(CellView {
                    domain,
                    duty,
                    findings,
                })
            })
            .collect();
        let model = component
            .deployment
            .as_ref()
            .and_then(|d| framework.model(&d.value))
            .map_or_else(String::new, |m| m.short_name.clone());
        let findings = inside
            .iter()
            .map(|d| Finding {
                code: d.code.as_str(),
                severity: d.severity,
                message: d.message.clone(),
                location: format!("{shown}:{}", line(d.range.start)),
            })
            .collect();
        let row = Row {
            component,
            location,
            model,
            cells,
            findings,
        };
        match self
            .groups
            .iter_mut()
            .find(|g| std::ptr::eq(g.framework, framework) || g.framework.id == framework.id)
        {
            Some(group) => group.rows.push(row),
            None => self.groups.push(Group {
                framework,
                rows: vec![row],
            }),
        }
    }

    pub fn components(&self) -> usize {
        self.groups.iter().map(|g| g.rows.len()).sum()
    }

    pub fn counts(&self) -> Counts {
        let mut total = Counts::default();
        for g in &self.groups {
            total.add(g.counts());
        }
        total
    }

    pub fn findings(&self) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.rows)
            .map(|r| r.findings.len())
            .sum()
    }
}

/// The display name of a component: its `name`, else its id.
pub fn component_name(c: &Component) -> &str {
    c.name
        .as_ref()
        .map_or(c.id.value.as_str(), |n| n.value.as_str())
}

/// A one-letter label for a level, for narrow cells.
pub fn level_letter(level: LevelKind) -> &'static str {
    match level {
        LevelKind::Customer => "C",
        LevelKind::Shared => "S",
        LevelKind::Provider => "P",
        LevelKind::ModelDependent => "M",
        LevelKind::NotApplicable => "–",
    }
}

/// Levels in the order the legend lists them, limited to the framework's.
pub fn legend_levels(framework: &Framework) -> Vec<LevelKind> {
    [
        LevelKind::Customer,
        LevelKind::Shared,
        LevelKind::Provider,
        LevelKind::ModelDependent,
        LevelKind::NotApplicable,
    ]
    .into_iter()
    .filter(|l| framework.level(*l).is_some())
    .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A workspace held in memory (no files read).
    pub fn workspace(files: &[(&str, &str)]) -> Workspace {
        let root = PathBuf::from("/virtual");
        let mut ws = Workspace::new(vec![root.clone()]);
        for (name, text) in files {
            ws.set_file(root.join(name), *text);
        }
        ws
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
    fn builds_rows_cells_and_counts() {
        let ws = workspace(&[("ai-inventory.yaml", INVENTORY)]);
        let r = Report::build(&ws, &shown);
        assert_eq!(r.groups.len(), 1);
        let g = &r.groups[0];
        assert_eq!(g.framework.id, "aisrm");
        assert_eq!(g.rows.len(), 1);
        assert_eq!(g.rows[0].cells.len(), g.framework.domains.len());
        assert_eq!(r.unmapped.len(), 1);
        assert_eq!(r.unmapped[0].id, "broken");
        let uac = g.rows[0]
            .cells
            .iter()
            .find(|c| c.domain.id == "user-access-control")
            .unwrap();
        assert_eq!(uac.owner(), Some("iam"));
        assert!(!uac.unowned());
        let privacy = g.rows[0]
            .cells
            .iter()
            .find(|c| c.domain.id == "data-privacy")
            .unwrap();
        assert!(privacy.gap() && privacy.attention());
        let counts = Counts::of(&g.rows[0].cells);
        assert_eq!(counts.gaps, 1);
        assert_eq!(
            counts.customer + counts.shared + counts.provider + counts.not_applicable,
            16
        );
        assert_eq!(r.systems, vec!["Test <system> & co".to_string()]);
    }

    #[test]
    fn sentence_names_the_counts() {
        let c = Counts {
            customer: 3,
            shared: 0,
            unowned: 1,
            ..Counts::default()
        };
        assert_eq!(c.sentence(), "3 customer duties, 1 unowned");
        let c = Counts {
            shared: 1,
            gaps: 2,
            ..Counts::default()
        };
        assert_eq!(c.sentence(), "1 shared duty, 2 gaps");
        assert_eq!(Counts::default().sentence(), "no customer or shared duties");
    }
}
