//! The responsibility report as data: every finding `aisrm check` prints
//! (the same list, not a second derivation), and one heatmap per framework
//! whose cells read their level, owner and status from the core analysis.

use std::path::Path;

use aisrm_core::analysis::{self, Duty};
use aisrm_core::diagnostics::{Code, Severity};
use aisrm_core::document::Component;
use aisrm_core::framework::{Domain, Framework, LevelKind};
use aisrm_core::text::{Encoding, TextRange};
use aisrm_core::workspace::{FileAnalysis, Merged, Workspace};

use aisrm_core::diagnostics::Diagnostic;
use aisrm_core::workspace::FrameworkChoice;

use crate::output::CheckedFiles;

/// What a reviewer reads: findings, next steps and the heatmaps.
pub struct ResponsibilityReport<'a> {
    /// `system: name` of every inventory, in file order, deduplicated.
    pub systems: Vec<String>,
    /// Files `aisrm check` checked (unreadable ones included).
    pub files_checked: usize,
    /// Inventories and design documents that declare components.
    pub files_with_components: usize,
    pub groups: Vec<Group<'a>>,
    /// Components that cannot be placed in a heatmap, with why.
    pub unmapped: Vec<Unmapped>,
    /// Every finding of `aisrm check`, most severe first, then by place.
    pub findings: Vec<Finding>,
}

/// The components analysed against one framework.
pub struct Group<'a> {
    /// The built-in id or the framework file: two frameworks that share an
    /// id are two groups.
    key: String,
    pub framework: &'a Framework,
    pub rows: Vec<Row<'a>>,
}

/// One component: a heatmap row.
pub struct Row<'a> {
    pub component: &'a Component,
    /// `path:line` of the component's id.
    pub location: String,
    /// `path:line` of the other declarations of the same id (each has its
    /// `duplicate-component` finding); the component gets one row.
    pub also_declared_at: Vec<String>,
    /// The deployment model's short name.
    pub model: String,
    /// One cell per domain of the framework, in domain order.
    pub cells: Vec<CellView<'a>>,
    /// Findings inside the component's declaration, by severity.
    pub findings: SeverityCounts,
}

/// One component in one domain.
pub struct CellView<'a> {
    pub domain: &'a Domain,
    pub duty: Duty<'a>,
    /// Findings inside the cell's `responsibilities` entry, except
    /// `status-gap` (the status says it).
    pub findings: Vec<(Code, Severity)>,
    /// `path:line` of the entry when a design document extending the
    /// component writes it (`extends:`).
    pub written_in: Option<String>,
}

/// One finding as `aisrm check` reports it.
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The file as shown (relative to the current directory, '/').
    pub path: String,
    /// 1-based.
    pub line: u32,
    /// The component whose declaration holds the finding.
    pub component: Option<String>,
}

pub struct Unmapped {
    pub id: String,
    pub location: String,
    pub why: String,
}

/// Counts of findings by severity; notes are information and hints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl SeverityCounts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Information | Severity::Hint => self.notes += 1,
        }
    }
}

/// Who carries a duty, as resolved by the analysis.
pub struct Owner<'a> {
    pub name: &'a str,
    /// Where the owner comes from when it is not the entry itself
    /// ("component owner", "system owner").
    pub inherited_from: Option<&'static str>,
}

impl Finding {
    pub fn location(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }

    pub fn is_note(&self) -> bool {
        matches!(self.severity, Severity::Information | Severity::Hint)
    }
}

impl<'a> CellView<'a> {
    pub fn level(&self) -> LevelKind {
        self.duty.effective
    }

    pub fn owner(&self) -> Option<Owner<'a>> {
        let owner = self.duty.owner?;
        Some(Owner {
            name: owner.name,
            inherited_from: owner.source.is_inherited().then(|| owner.source.label()),
        })
    }

    pub fn status(&self) -> Option<&'a str> {
        self.duty
            .entry
            .and_then(|e| e.status.as_ref())
            .map(|s| s.value.as_str())
    }

    /// A customer duty nobody owns (`unowned-customer-duties`).
    pub fn unowned_customer(&self) -> bool {
        self.level() == LevelKind::Customer && self.duty.needs_owner()
    }

    /// A shared duty nobody owns (`unowned-shared-duties`, a note).
    pub fn unowned_shared(&self) -> bool {
        self.level() == LevelKind::Shared && self.duty.needs_owner()
    }

    pub fn gap(&self) -> bool {
        self.status() == Some("gap")
    }

    /// Settled without an owner: `accepted-risk` or `not-applicable` with
    /// a reason (shown as such, not as a gap or an unowned duty).
    pub fn settled(&self) -> bool {
        self.duty.is_addressed()
    }

    pub fn uncovered_critical(&self) -> bool {
        self.duty.is_uncovered_critical()
    }

    /// A finding of the entry that is an error or a warning.
    pub fn has_problem_finding(&self) -> bool {
        self.findings
            .iter()
            .any(|(_, s)| matches!(s, Severity::Error | Severity::Warning))
    }

    /// True when someone has to act on this cell: an uncovered critical
    /// focus, a known gap, an unowned customer duty, or an error or warning
    /// in its entry. Unowned shared duties are notes and do not count.
    pub fn needs_action(&self) -> bool {
        self.uncovered_critical()
            || self.gap()
            || self.unowned_customer()
            || self.has_problem_finding()
    }
}

impl<'a> ResponsibilityReport<'a> {
    /// The report of `checked` (what `aisrm check` prints) and the
    /// components of `ws`; `display` turns a path into what is shown.
    pub fn build(
        ws: &'a Workspace,
        merged: &'a Merged,
        checked: &CheckedFiles,
        display: &dyn Fn(&Path) -> String,
    ) -> ResponsibilityReport<'a> {
        let mut report = ResponsibilityReport {
            systems: Vec::new(),
            files_checked: checked.files.len(),
            files_with_components: 0,
            groups: Vec::new(),
            unmapped: Vec::new(),
            findings: findings(ws, checked, display),
        };
        // The components of the files check shows, not the whole project's.
        for path in checked.files.iter().map(|f| &f.path) {
            let Some(file) = ws.file(path) else {
                continue;
            };
            if file.document.components.is_empty() {
                continue;
            }
            report.files_with_components += 1;
            if let Some(name) = file.document.system.as_ref().and_then(|s| s.name.as_ref())
                && !report.systems.contains(&name.value)
            {
                report.systems.push(name.value.clone());
            }
            let shown = display(path);
            let diagnostics = ws.diagnostics(path);
            for component in &file.document.components {
                if component.is_extension() {
                    report.add_extended(ws, merged, checked, component, display);
                    continue;
                }
                let component = merged.or_declared(path, component);
                report.add_component(ws, file, &shown, component, &diagnostics, display);
            }
        }
        report
    }

    /// An extension is shown in the row of the component it extends; that
    /// row is added here when its inventory is not among the files shown.
    fn add_extended(
        &mut self,
        ws: &'a Workspace,
        merged: &'a Merged,
        checked: &CheckedFiles,
        extension: &Component,
        display: &dyn Fn(&Path) -> String,
    ) {
        let Some((file, declared)) = ws.extended(extension) else {
            return;
        };
        if checked.files.iter().any(|f| f.path == file.path)
            || self.row_of(&declared.id.value).is_some()
        {
            return;
        }
        let component = merged.or_declared(&file.path, declared);
        let diagnostics = ws.diagnostics(&file.path);
        let shown = display(&file.path);
        self.add_component(ws, file, &shown, component, &diagnostics, display);
    }

    fn add_component(
        &mut self,
        ws: &'a Workspace,
        file: &'a FileAnalysis,
        shown: &str,
        component: &'a Component,
        diagnostics: &[Diagnostic],
        display: &dyn Fn(&Path) -> String,
    ) {
        let location = format!("{shown}:{}", line_of(file, component.id.range.start));
        if let Some(row) = self.row_of(&component.id.value) {
            row.also_declared_at.push(location);
            return;
        }
        let Some(framework) = file.framework() else {
            self.unmapped.push(Unmapped {
                id: component.id.value.clone(),
                location,
                why: "its framework could not be loaded".into(),
            });
            return;
        };
        let Some(duties) = analysis::duties(framework, component, file.context()) else {
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
        let inside = |range: TextRange| {
            diagnostics
                .iter()
                .filter(move |d| {
                    range.contains_inclusive(d.range.start) && range.contains_inclusive(d.range.end)
                })
                .map(|d| (d.code, d.severity))
        };
        let cells = framework
            .domains
            .iter()
            .filter_map(|domain| {
                let duty = *duties.iter().find(|d| d.domain == domain.id)?;
                let extension = duty
                    .entry
                    .and_then(|e| Some((e, ws.file(e.written_in.as_deref()?)?)));
                let findings = match (duty.entry, extension) {
                    // An entry a design document adds: its findings are
                    // that document's.
                    (_, Some((e, doc))) => ws
                        .diagnostics(&doc.path)
                        .iter()
                        .filter(|d| e.range.contains_inclusive(d.range.start))
                        .map(|d| (d.code, d.severity))
                        .filter(|(c, _)| *c != Code::StatusGap)
                        .collect(),
                    (Some(e), None) => inside(e.range)
                        .filter(|(c, _)| *c != Code::StatusGap)
                        .collect(),
                    (None, _) => Vec::new(),
                };
                let written_in = extension.map(|(e, doc)| {
                    format!("{}:{}", display(&doc.path), line_of(doc, e.range.start))
                });
                Some(CellView {
                    domain,
                    duty,
                    findings,
                    written_in,
                })
            })
            .collect();
        let mut findings = SeverityCounts::default();
        for (_, severity) in inside(component.range) {
            findings.add(severity);
        }
        let model = component
            .deployment
            .as_ref()
            .and_then(|d| framework.model(&d.value))
            .map_or_else(String::new, |m| m.short_name.clone());
        let row = Row {
            component,
            location,
            also_declared_at: Vec::new(),
            model,
            cells,
            findings,
        };
        let key = framework_key(file);
        match self.groups.iter_mut().find(|g| g.key == key) {
            Some(group) => group.rows.push(row),
            None => self.groups.push(Group {
                key,
                framework,
                rows: vec![row],
            }),
        }
    }

    fn row_of(&mut self, id: &str) -> Option<&mut Row<'a>> {
        self.groups
            .iter_mut()
            .flat_map(|g| g.rows.iter_mut())
            .find(|r| r.component.id.value == id)
    }

    pub fn components(&self) -> usize {
        self.groups.iter().map(|g| g.rows.len()).sum()
    }

    pub fn severity_counts(&self) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for f in &self.findings {
            counts.add(f.severity);
        }
        counts
    }
}

/// Every finding of `checked`, with the component that holds it.
fn findings(
    ws: &Workspace,
    checked: &CheckedFiles,
    display: &dyn Fn(&Path) -> String,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in &checked.files {
        let components = ws.file(&file.path).map(|f| &f.document.components);
        for d in &file.diagnostics {
            let component = components
                .and_then(|cs| {
                    cs.iter()
                        .find(|c| c.range.contains_inclusive(d.range.start))
                })
                .map(|c| c.id.value.clone());
            out.push(Finding {
                code: d.code,
                severity: d.severity,
                message: d.message.clone(),
                path: display(&file.path),
                line: file
                    .line_index
                    .line_col(&file.text, d.range.start, Encoding::Utf16)
                    .line
                    + 1,
                component,
            });
        }
    }
    // Stable: within a severity, files in order and findings in file order.
    out.sort_by_key(|f| f.severity);
    out
}

fn framework_key(file: &FileAnalysis) -> String {
    match &file.framework {
        Some(FrameworkChoice::Custom { path, .. }) => format!("file:{}", path.display()),
        Some(FrameworkChoice::Builtin(f)) => format!("builtin:{}", f.id),
        None => String::new(),
    }
}

fn line_of(file: &FileAnalysis, offset: usize) -> u32 {
    file.line_index
        .line_col(&file.text, offset, Encoding::Utf16)
        .line
        + 1
}

/// The display name of a component: its `name`, else its id.
pub fn component_name(c: &Component) -> &str {
    c.name
        .as_ref()
        .map_or(c.id.value.as_str(), |n| n.value.as_str())
}
