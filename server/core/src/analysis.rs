//! Findings that need the framework: ids of models, domains, levels and
//! statuses, and the responsibility checks (N/A entries, overrides without
//! a reason, uncovered critical cells, unowned customer and shared duties,
//! model-dependent cells, gaps). One component at a time, no I/O.

use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, FileEdit, Fix, Tag};
use crate::document::{Component, Responsibility, Spanned};
use crate::format;
use crate::framework::{Framework, LevelKind};
use crate::suggest::did_you_mean;
use crate::text::TextRange;

/// What a component owes in one domain, after `ownership:` overrides.
#[derive(Clone, Copy, Debug)]
pub struct Duty<'a> {
    pub domain: &'a str,
    pub matrix: LevelKind,
    pub effective: LevelKind,
    pub critical: bool,
    pub entry: Option<&'a Responsibility>,
}

impl Duty<'_> {
    /// True when an entry names the team that carries the duty.
    pub fn is_owned(&self) -> bool {
        self.entry.is_some_and(|e| e.owner.is_some())
    }

    pub fn is_override(&self) -> bool {
        self.effective != self.matrix
    }

    /// A customer or shared duty that no one owns: what the `unowned-*`
    /// findings list (one rule for the findings and the report).
    pub fn needs_owner(&self) -> bool {
        matches!(self.effective, LevelKind::Customer | LevelKind::Shared) && !self.is_owned()
    }

    /// A critical-focus cell with no entry: what
    /// `critical-domain-uncovered` reports.
    pub fn is_uncovered_critical(&self) -> bool {
        self.critical && self.entry.is_none()
    }
}

/// The component's duties in every domain of its model's column, or `None`
/// when its deployment model is missing or unknown.
pub fn duties<'a>(framework: &'a Framework, component: &'a Component) -> Option<Vec<Duty<'a>>> {
    let model = framework.model(&component.deployment.as_ref()?.value)?;
    Some(
        framework
            .column(&model.id)
            .map(|(domain, cell)| {
                let entry = component
                    .responsibilities
                    .iter()
                    .find(|r| r.domain.value == domain.id);
                let effective = entry
                    .and_then(|e| e.ownership.as_ref())
                    .and_then(|o| LevelKind::from_id(&o.value))
                    .filter(|l| LevelKind::OWNERSHIP.contains(l))
                    .unwrap_or(cell.level);
                Duty {
                    domain: &domain.id,
                    matrix: cell.level,
                    effective,
                    critical: cell.critical,
                    entry,
                }
            })
            .collect(),
    )
}

/// Per-level counts of a component's column ("customer 1 · shared 8 ...").
pub fn level_counts(duties: &[Duty]) -> Vec<(LevelKind, usize)> {
    LevelKind::ALL
        .into_iter()
        .map(|l| (l, duties.iter().filter(|d| d.effective == l).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Everything the framework says about one component.
pub fn check_component(
    framework: &Framework,
    component: &Component,
    path: &Path,
    text: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let model_known = check_deployment(framework, component, path, &mut out);
    for entry in &component.responsibilities {
        check_entry(
            framework,
            component,
            entry,
            model_known,
            path,
            text,
            &mut out,
        );
    }
    if model_known && let Some(duties) = duties(framework, component) {
        check_duties(framework, component, &duties, path, text, &mut out);
    }
    out
}

fn replace(path: &Path, range: TextRange, text: &str) -> Fix {
    Fix {
        title: format!("Change to `{text}`"),
        edits: vec![FileEdit {
            path: path.to_path_buf(),
            range,
            new_text: text.to_string(),
        }],
        preferred: true,
    }
}

/// Reports an unknown id with a did-you-mean; display names get their id.
/// `what` names the kind of id, e.g. "a deployment model of `aisrm`".
fn unknown_id(
    code: Code,
    what: &str,
    value: &Spanned<String>,
    spellings: Vec<(&str, &str)>,
    path: &Path,
) -> Diagnostic {
    let suggestion = did_you_mean(&value.value, spellings.iter().copied());
    let exact_alias = spellings
        .iter()
        .find(|(s, id)| s.eq_ignore_ascii_case(value.value.trim()) && *s != *id)
        .map(|(_, id)| *id);
    let message = match (exact_alias, suggestion) {
        (Some(id), _) => format!(
            "`{}` is a display name, not an id; write `{id}` ({what})",
            value.value
        ),
        (None, Some(id)) => format!("`{}` is not {what}; did you mean `{id}`?", value.value),
        (None, None) => {
            let mut ids: Vec<&str> = spellings
                .iter()
                .filter(|(s, id)| s == id)
                .map(|(_, id)| *id)
                .collect();
            ids.dedup();
            format!(
                "`{}` is not {what}; expected one of: {}",
                value.value,
                ids.join(", ")
            )
        }
    };
    let mut d = Diagnostic::new(code, value.range, message);
    if let Some(id) = exact_alias.or(suggestion) {
        d = d.with_fix(replace(path, value.range, id));
    }
    d
}

fn check_deployment(
    framework: &Framework,
    c: &Component,
    path: &Path,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some(deployment) = &c.deployment else {
        return false;
    };
    if framework.model(&deployment.value).is_some() {
        return true;
    }
    let what = format!("a deployment model of `{}`", framework.id);
    out.push(unknown_id(
        Code::UnknownDeploymentModel,
        &what,
        deployment,
        framework.model_spellings(),
        path,
    ));
    false
}

fn check_entry(
    framework: &Framework,
    c: &Component,
    entry: &Responsibility,
    model_known: bool,
    path: &Path,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let domain = &entry.domain;
    if framework.domain(&domain.value).is_none() {
        let what = format!("a domain of `{}`", framework.id);
        out.push(unknown_id(
            Code::UnknownDomain,
            &what,
            domain,
            framework.domain_spellings(),
            path,
        ));
    }
    if let Some(status) = &entry.status
        && !format::STATUSES.iter().any(|(s, _)| *s == status.value)
    {
        let spellings: Vec<(&str, &str)> = format::STATUSES.iter().map(|(s, _)| (*s, *s)).collect();
        out.push(unknown_id(
            Code::UnknownStatus,
            "a status",
            status,
            spellings,
            path,
        ));
    }
    if let Some(status) = &entry.status
        && status.value == "gap"
    {
        out.push(Diagnostic::new(
            Code::StatusGap,
            status.range,
            format!("`{}` of `{}` is a known gap", domain.value, c.id.value),
        ));
    }
    let ownership = entry.ownership.as_ref().filter(|o| {
        let ok = LevelKind::from_id(&o.value).is_some_and(|l| LevelKind::OWNERSHIP.contains(&l));
        if !ok {
            let spellings: Vec<(&str, &str)> = LevelKind::OWNERSHIP
                .iter()
                .map(|l| (l.id(), l.id()))
                .collect();
            out.push(unknown_id(
                Code::UnknownLevel,
                "an ownership level",
                o,
                spellings,
                path,
            ));
        }
        ok
    });
    let Some(cell) = model_known
        .then(|| framework.cell(&c.deployment.as_ref()?.value, &domain.value))
        .flatten()
    else {
        return;
    };
    if cell.level == LevelKind::NotApplicable {
        out.push(not_applicable(framework, c, entry, path, text));
    }
    if let Some(o) = ownership
        && o.value != cell.level.id()
        && entry.reason.is_none()
    {
        out.push(override_without_reason(
            framework, c, entry, o, cell.level, path, text,
        ));
    }
}

fn not_applicable(
    framework: &Framework,
    c: &Component,
    entry: &Responsibility,
    path: &Path,
    text: &str,
) -> Diagnostic {
    let model = c.deployment.as_ref().map_or("", |d| d.value.as_str());
    let model_name = framework
        .model(model)
        .map_or(model, |m| m.short_name.as_str());
    let fix = Fix {
        title: format!("Remove the `{}` entry", entry.domain.value),
        edits: vec![FileEdit {
            path: path.to_path_buf(),
            range: crate::edit::whole_lines(text, entry.range),
            new_text: String::new(),
        }],
        preferred: false,
    };
    Diagnostic::new(
        Code::NotApplicableDomain,
        entry.domain.range,
        format!(
            "`{}` is N/A for {model_name} in the matrix; this entry has no effect",
            entry.domain.value
        ),
    )
    .with_tag(Tag::Unnecessary)
    .with_fix(fix)
}

fn override_without_reason(
    framework: &Framework,
    c: &Component,
    entry: &Responsibility,
    ownership: &Spanned<String>,
    matrix: LevelKind,
    path: &Path,
    text: &str,
) -> Diagnostic {
    let fix = Fix {
        title: "Add a `reason:` for the override".into(),
        edits: vec![FileEdit {
            path: path.to_path_buf(),
            ..crate::edit::add_sibling_key(text, ownership.range, "reason: \"\"")
        }],
        preferred: true,
    };
    Diagnostic::new(
        Code::OverrideWithoutReason,
        ownership.range,
        format!(
            "`ownership: {}` overrides the matrix ({} for `{}`) of `{}`; add a `reason:` saying why",
            ownership.value,
            framework.level_name(matrix),
            entry.domain.value,
            c.id.value
        ),
    )
    .with_fix(fix)
}

fn check_duties(
    framework: &Framework,
    c: &Component,
    duties: &[Duty],
    path: &Path,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(deployment) = &c.deployment else {
        return;
    };
    let model_name = framework
        .model(&deployment.value)
        .map_or("", |m| m.short_name.as_str());
    for duty in duties.iter().filter(|d| d.is_uncovered_critical()) {
        let why = framework
            .cell(&deployment.value, duty.domain)
            .and_then(|cell| cell.why.clone())
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        let mut d = Diagnostic::new(
            Code::CriticalDomainUncovered,
            deployment.range,
            format!(
                "`{}` is a critical focus for {model_name} but `{}` has no entry for it{why}",
                duty.domain, c.id.value
            ),
        );
        d.fixes
            .extend(crate::edit::add_entries_fix(c, &[duty.domain], path, text));
        out.push(d);
    }
    unowned(
        c,
        duties,
        LevelKind::Customer,
        Code::UnownedCustomerDuties,
        "customer",
        path,
        text,
        out,
    );
    unowned(
        c,
        duties,
        LevelKind::Shared,
        Code::UnownedSharedDuties,
        "shared",
        path,
        text,
        out,
    );
    let dependent: Vec<&str> = duties
        .iter()
        .filter(|d| d.matrix == LevelKind::ModelDependent && !d.is_override())
        .map(|d| d.domain)
        .collect();
    if !dependent.is_empty() {
        out.push(Diagnostic::new(
            Code::ModelDependentCell,
            deployment.range,
            format!(
                "for {model_name}, who is responsible depends on the model; set `ownership:` for: {}",
                dependent.join(", ")
            ),
        ));
    }
}

#[allow(clippy::too_many_arguments)]
fn unowned(
    c: &Component,
    duties: &[Duty],
    level: LevelKind,
    code: Code,
    word: &str,
    path: &Path,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(deployment) = &c.deployment else {
        return;
    };
    let missing: Vec<&str> = duties
        .iter()
        .filter(|d| d.effective == level && d.needs_owner())
        .map(|d| d.domain)
        .collect();
    if missing.is_empty() {
        return;
    }
    let plural = if missing.len() == 1 {
        "duty has"
    } else {
        "duties have"
    };
    let mut d = Diagnostic::new(
        code,
        deployment.range,
        format!(
            "{} {word} {plural} no owner in `{}`: {}",
            missing.len(),
            c.id.value,
            missing.join(", ")
        ),
    );
    let without_entry: Vec<&str> = duties
        .iter()
        .filter(|d| d.effective == level && d.entry.is_none())
        .map(|d| d.domain)
        .collect();
    if !without_entry.is_empty() {
        d.fixes
            .extend(crate::edit::add_entries_fix(c, &without_entry, path, text));
    }
    out.push(d);
}
