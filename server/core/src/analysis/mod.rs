//! Findings that need the framework: ids of models, domains, levels and
//! statuses, and the responsibility checks (N/A entries, overrides without
//! a reason, statuses without a reason, uncovered critical cells, unowned
//! customer and shared duties, model-dependent cells, gaps). One component
//! at a time, no I/O.
//!
//! Who owns a duty, and what a status means, is decided here once (see
//! docs/ownership.md); the IDE features and the report read [`Duty`].

mod ownership;

pub use ownership::{
    Context, Duty, OWNERSHIP_DOC, Owner, OwnerSource, OwnershipMode, Settings, duties,
};
pub(crate) use ownership::{component_owner, level_counts, non_blank};

use crate::diagnostics::{Code, Diagnostic, FixHint, Tag};
use crate::document::{Component, Responsibility, Spanned};
pub use crate::format::Status;
use crate::framework::{Framework, LevelKind};
use crate::suggest::did_you_mean;
use crate::text::TextRange;

/// Everything the framework says about one component.
pub(crate) fn check_component(
    framework: &Framework,
    component: &Component,
    context: Context,
    text: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let model_known = check_deployment(framework, component, &mut out);
    check_entries(framework, component, model_known, text, &mut out);
    if model_known {
        out.extend(duty_findings(framework, component, context));
    }
    out
}

/// The findings about each responsibility entry of `component` where it is
/// written (an extension's entries are checked with the deployment model of
/// the component it extends).
pub(crate) fn entry_findings(
    framework: &Framework,
    component: &Component,
    text: &str,
) -> Vec<Diagnostic> {
    let model_known = component
        .deployment
        .as_ref()
        .is_some_and(|d| framework.model(&d.value).is_some());
    let mut out = Vec::new();
    check_entries(framework, component, model_known, text, &mut out);
    out
}

fn check_entries(
    framework: &Framework,
    component: &Component,
    model_known: bool,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    blank_values(component, text, out);
    for entry in &component.responsibilities {
        check_entry(framework, component, entry, model_known, out);
    }
}

/// The codes of the findings about a component's duties as a whole, all
/// reported at its `deployment:` value: what extensions change.
pub(crate) const DUTY_CODES: [Code; 4] = [
    Code::CriticalDomainUncovered,
    Code::UnownedCustomerDuties,
    Code::UnownedSharedDuties,
    Code::ModelDependentCell,
];

/// The findings about the component's duties as a whole (of one of
/// [`DUTY_CODES`]); none when its model is unknown.
pub(crate) fn duty_findings(
    framework: &Framework,
    component: &Component,
    context: Context,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(duties) = duties(framework, component, context) {
        check_duties(framework, component, &duties, context, &mut out);
    }
    out
}

/// Reports an unknown id with a did-you-mean; a display name or alias
/// (`SaaS AI`, `saas`) gets its id, without claiming which of the two it is.
/// `what` names the kind of id, e.g. "a deployment model of `aisrm`".
fn unknown_id(
    code: Code,
    what: &str,
    value: &Spanned<String>,
    spellings: Vec<(&str, &str)>,
) -> Diagnostic {
    let suggestion = did_you_mean(&value.value, spellings.iter().copied());
    let exact_alias = spellings
        .iter()
        .find(|(s, id)| s.eq_ignore_ascii_case(value.value.trim()) && *s != *id)
        .map(|(_, id)| *id);
    let message = match (exact_alias, suggestion) {
        (Some(id), _) => format!(
            "`{}` is another name for `{id}`; write its id `{id}` ({what})",
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
        d = d.with_fix(FixHint::Replace(id.to_string()));
    }
    d
}

fn check_deployment(framework: &Framework, c: &Component, out: &mut Vec<Diagnostic>) -> bool {
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
    ));
    false
}

fn check_entry(
    framework: &Framework,
    c: &Component,
    entry: &Responsibility,
    model_known: bool,
    out: &mut Vec<Diagnostic>,
) {
    crate::refs::check(&entry.refs, out);
    let domain = &entry.domain;
    if framework.domain(&domain.value).is_none() {
        let what = format!("a domain of `{}`", framework.id);
        out.push(unknown_id(
            Code::UnknownDomain,
            &what,
            domain,
            framework.domain_spellings(),
        ));
    }
    if let Some(status) = &entry.status
        && Status::from_id(&status.value).is_none()
    {
        let spellings: Vec<(&str, &str)> = Status::ALL.iter().map(|s| (s.id(), s.id())).collect();
        out.push(unknown_id(
            Code::UnknownStatus,
            "a status",
            status,
            spellings,
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
            ));
        }
        ok
    });
    let cell = model_known
        .then(|| framework.cell(&c.deployment.as_ref()?.value, &domain.value))
        .flatten();
    let matrix = cell.map(|cell| cell.level);
    let status = entry
        .status
        .as_ref()
        .and_then(|s| Some((s, Status::from_id(&s.value)?)));
    let reason = non_blank(entry.reason.as_ref());
    if let Some((written, status)) = status
        && status.needs_reason()
        && reason.is_none()
        && !(status == Status::NotApplicable && matrix == Some(LevelKind::NotApplicable))
    {
        out.push(status_without_reason(c, entry, written));
    }
    let Some(matrix) = matrix else {
        return;
    };
    let agrees_na = status.is_some_and(|(_, s)| s == Status::NotApplicable);
    if matrix == LevelKind::NotApplicable && !agrees_na {
        out.push(not_applicable(framework, c, entry));
    }
    if let Some(o) = ownership
        && o.value != matrix.id()
        && matrix != LevelKind::ModelDependent
        && reason.is_none()
    {
        out.push(override_without_reason(framework, c, entry, o, matrix));
    }
}

/// `status: accepted-risk` or `not-applicable` says the duty is settled
/// without being done: only a reason makes that reviewable.
fn status_without_reason(
    c: &Component,
    entry: &Responsibility,
    status: &Spanned<String>,
) -> Diagnostic {
    Diagnostic::new(
        Code::StatusWithoutReason,
        status.range,
        format!(
            "`status: {}` of `{}` in `{}` needs a `reason:` saying why",
            status.value, entry.domain.value, c.id.value
        ),
    )
}

/// Findings about the inventory's `system:` (a blank `owner:`).
pub(crate) fn check_system(doc: &crate::document::Document, text: &str) -> Vec<Diagnostic> {
    let owner = doc.system.as_ref().and_then(|s| s.owner.as_ref());
    owner
        .filter(|o| o.value.trim().is_empty())
        .map(|o| empty_value("owner", o, "`system`", text))
        .into_iter()
        .collect()
}

/// `owner: ""` and `reason: "  "` say nothing; they count as missing and
/// are reported where they are written.
fn blank_values(c: &Component, text: &str, out: &mut Vec<Diagnostic>) {
    let entries = c.responsibilities.iter().flat_map(|r| {
        [("owner", &r.owner), ("reason", &r.reason)]
            .into_iter()
            .map(move |(key, value)| (key, value, Some(&r.domain.value)))
    });
    for (key, value, domain) in std::iter::once(("owner", &c.owner, None)).chain(entries) {
        if let Some(value) = value.as_ref().filter(|v| v.value.trim().is_empty()) {
            let place = match domain {
                Some(d) => format!("`{d}` of `{}`", c.id.value),
                None => format!("`{}`", c.id.value),
            };
            out.push(empty_value(key, value, &place, text));
        }
    }
}

/// The finding for a blank `key:` value of `place`, covering its quotes.
pub(crate) fn empty_value(
    key: &str,
    value: &Spanned<String>,
    place: &str,
    text: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::EmptyValue,
        with_quotes(text, value.range),
        format!("`{key}:` of {place} is blank, which counts as no {key}; fill it in or remove it"),
    )
}

/// `range` widened over the quotes around it, when it is quoted.
fn with_quotes(text: &str, range: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let before = range.start.checked_sub(1).and_then(|i| bytes.get(i));
    match (before, bytes.get(range.end)) {
        (Some(q @ (b'"' | b'\'')), Some(e)) if q == e => {
            TextRange::new(range.start - 1, range.end + 1)
        }
        _ => range,
    }
}

fn not_applicable(framework: &Framework, c: &Component, entry: &Responsibility) -> Diagnostic {
    let model = c.deployment.as_ref().map_or("", |d| d.value.as_str());
    let model_name = framework
        .model(model)
        .map_or(model, |m| m.short_name.as_str());
    Diagnostic::new(
        Code::NotApplicableDomain,
        entry.domain.range,
        format!(
            "`{}` is N/A for {model_name} in the matrix; this entry has no effect",
            entry.domain.value
        ),
    )
    .with_tag(Tag::Unnecessary)
    .with_fix(FixHint::RemoveEntry)
}

fn override_without_reason(
    framework: &Framework,
    c: &Component,
    entry: &Responsibility,
    ownership: &Spanned<String>,
    matrix: LevelKind,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::OverrideWithoutReason,
        ownership.range,
        format!(
            "`ownership: {}` overrides the matrix ({} for `{}`) of `{}`; add a `reason:` saying why",
            ownership.value,
            framework.level_name(matrix),
            entry.domain.value,
            c.id.value
        ),
    );
    // A blank `reason:` already there is reported at its value; adding
    // another key would be a duplicate.
    if entry.reason_written {
        d
    } else {
        d.with_fix(FixHint::AddReason)
    }
}

fn check_duties(
    framework: &Framework,
    c: &Component,
    duties: &[Duty],
    context: Context,
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
        let d = Diagnostic::new(
            Code::CriticalDomainUncovered,
            deployment.range,
            format!(
                "`{}` is a critical focus for {model_name} but `{}` has no entry for it{why}",
                duty.domain, c.id.value
            ),
        );
        out.push(d.with_fix(FixHint::AddEntry(duty.domain.to_string())));
    }
    for (level, code) in [
        (LevelKind::Customer, Code::UnownedCustomerDuties),
        (LevelKind::Shared, Code::UnownedSharedDuties),
    ] {
        if let Some(d) = unowned(c, duties, level, code, context) {
            out.push(d);
        }
    }
    let dependent: Vec<&str> = duties
        .iter()
        .filter(|d| {
            d.matrix == LevelKind::ModelDependent
                && !d.decides_model_dependent()
                && !d.is_addressed()
        })
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

/// The `unowned-*` finding of one level: duties of that level that no
/// owner resolves for and no status settles.
fn unowned(
    c: &Component,
    duties: &[Duty],
    level: LevelKind,
    code: Code,
    context: Context,
) -> Option<Diagnostic> {
    let deployment = c.deployment.as_ref()?;
    let missing: Vec<&str> = duties
        .iter()
        .filter(|d| d.is_unowned(level))
        .map(|d| d.domain)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let noun = if level == LevelKind::Customer {
        "customer"
    } else {
        "shared"
    };
    let count = match missing.len() {
        1 => format!("1 {noun} duty has"),
        n => format!("{n} {noun} duties have"),
    };
    let rule = match context.settings.ownership {
        OwnershipMode::Inherit => "no entry, component or system `owner:`",
        OwnershipMode::Explicit => "ownership is explicit: only an entry's own `owner:` counts",
    };
    let mut d = Diagnostic::new(
        code,
        deployment.range,
        format!(
            "{count} no owner in `{}`: {} ({rule}; see {OWNERSHIP_DOC})",
            c.id.value,
            missing.join(", ")
        ),
    );
    if duties
        .iter()
        .any(|d| d.is_unowned(level) && d.entry.is_none())
    {
        d = d.with_fix(FixHint::AddUnownedEntries(level));
    }
    Some(d)
}
