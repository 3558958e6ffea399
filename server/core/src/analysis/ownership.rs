//! Who owns a duty (docs/ownership.md): the ownership rule, a duty's
//! resolved owner and status, and a component's duties in its model's
//! column. Decided here once; the checks, the IDE features and the report
//! read [`Duty`].

use std::sync::Arc;

use crate::document::{Component, Responsibility, Spanned};
use crate::format::Status;
use crate::framework::{Framework, LevelKind};
use crate::text::TextRange;

/// Where the ownership rule is written down (linked from every
/// `unowned-*` finding).
pub const OWNERSHIP_DOC: &str = "https://github.com/aisrm/aisrm/blob/main/docs/ownership.md";

/// Which `owner:` values count for a duty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OwnershipMode {
    /// The entry's `owner:`, else the component's, else `system.owner`.
    #[default]
    Inherit,
    /// Only the entry's own `owner:` counts.
    Explicit,
}

impl OwnershipMode {
    pub const ALL: [OwnershipMode; 2] = [OwnershipMode::Inherit, OwnershipMode::Explicit];

    pub fn as_str(self) -> &'static str {
        match self {
            OwnershipMode::Inherit => "inherit",
            OwnershipMode::Explicit => "explicit",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

/// The settings of the analysis that a project (or an editor) chooses.
/// Cloned with every analysed file: the list is shared, not copied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Settings {
    pub ownership: OwnershipMode,
    /// `refs.prefixes`: the ref prefixes a project cites besides those
    /// aisrm knows. `None` (not set): refs with other prefixes are not
    /// checked; set, a ref whose prefix is neither known nor listed is
    /// `unknown-ref-prefix` (docs/diagnostics.md).
    pub ref_prefixes: Option<Arc<[String]>>,
}

/// Where a duty's owner is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OwnerSource {
    /// The responsibility entry's own `owner:`.
    Entry,
    /// The component's `owner:`.
    Component,
    /// `system.owner` of the inventory.
    System,
}

impl OwnerSource {
    /// "component owner": how an inherited owner is labelled.
    pub fn label(self) -> &'static str {
        match self {
            OwnerSource::Entry => "entry owner",
            OwnerSource::Component => "component owner",
            OwnerSource::System => "system owner",
        }
    }

    /// `entry`, `component`, `system`: the source as exports name it.
    pub fn id(self) -> &'static str {
        match self {
            OwnerSource::Entry => "entry",
            OwnerSource::Component => "component",
            OwnerSource::System => "system",
        }
    }

    pub fn is_inherited(self) -> bool {
        self != OwnerSource::Entry
    }
}

/// A duty's resolved owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner<'a> {
    pub name: &'a str,
    pub source: OwnerSource,
    /// Where the `owner:` value is written.
    pub range: TextRange,
}

impl Owner<'_> {
    /// "iam", or "ml-platform (component owner)" when inherited.
    pub fn display(&self) -> String {
        if self.source.is_inherited() {
            format!("{} ({})", self.name, self.source.label())
        } else {
            self.name.to_string()
        }
    }
}

/// A text value that says something: present and not blank. `owner: ""`
/// or `reason: "  "` count as missing (docs/ownership.md).
pub(crate) fn non_blank(value: Option<&Spanned<String>>) -> Option<&Spanned<String>> {
    value.filter(|v| !v.value.trim().is_empty())
}

/// What a component's duties may inherit from outside the component.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub system_owner: Option<&'a Spanned<String>>,
    pub settings: &'a Settings,
}

/// What a component owes in one domain, after `ownership:` overrides.
#[derive(Clone, Copy, Debug)]
pub struct Duty<'a> {
    pub domain: &'a str,
    pub matrix: LevelKind,
    pub effective: LevelKind,
    pub critical: bool,
    pub entry: Option<&'a Responsibility>,
    /// Who carries the duty, by the ownership rule in force.
    pub owner: Option<Owner<'a>>,
    /// The entry's status, when it is one of the format's.
    pub status: Option<Status>,
    /// The entry's non-blank `reason:`.
    pub reason: Option<&'a Spanned<String>>,
}

impl Duty<'_> {
    /// True when an owner resolves (the entry's, or an inherited one).
    pub(crate) fn is_owned(&self) -> bool {
        self.owner.is_some()
    }

    /// True when `ownership:` departs from a decided matrix cell. Setting
    /// `ownership:` on a model-dependent cell decides it; that is not an
    /// override.
    pub fn is_override(&self) -> bool {
        self.effective != self.matrix && !self.decides_model_dependent()
    }

    /// True when `ownership:` decides a model-dependent cell.
    pub(crate) fn decides_model_dependent(&self) -> bool {
        self.matrix == LevelKind::ModelDependent && self.effective != LevelKind::ModelDependent
    }

    /// True when a status settles the duty without an owner:
    /// `accepted-risk` or `not-applicable` with a reason, or
    /// `not-applicable` where the matrix says N/A too.
    pub fn is_addressed(&self) -> bool {
        match self.status {
            Some(Status::NotApplicable) if self.matrix == LevelKind::NotApplicable => true,
            Some(s) => s.needs_reason() && self.reason.is_some(),
            None => false,
        }
    }

    /// A customer or shared duty with no owner that no status settles:
    /// what the `unowned-*` findings list (one rule for the findings, the
    /// IDE and the report).
    pub fn needs_owner(&self) -> bool {
        matches!(self.effective, LevelKind::Customer | LevelKind::Shared)
            && !self.is_owned()
            && !self.is_addressed()
    }

    /// [`Self::needs_owner`] for one level.
    pub(crate) fn is_unowned(&self, level: LevelKind) -> bool {
        self.effective == level && self.needs_owner()
    }

    /// A critical-focus cell with no entry: what
    /// `critical-domain-uncovered` reports.
    pub fn is_uncovered_critical(&self) -> bool {
        self.critical && self.entry.is_none()
    }
}

/// The owner of `entry` of `component` under `context`'s rule.
fn resolve_owner<'a>(
    component: &'a Component,
    entry: Option<&'a Responsibility>,
    context: Context<'a>,
) -> Option<Owner<'a>> {
    let own = entry
        .and_then(|e| non_blank(e.owner.as_ref()))
        .map(|o| owner(o, OwnerSource::Entry));
    match context.settings.ownership {
        OwnershipMode::Explicit => own,
        OwnershipMode::Inherit => own.or_else(|| component_owner(component, context)),
    }
}

/// The owner of `component` itself: its `owner:`, else (when owners are
/// inherited) `system.owner`; what its duties inherit.
pub(crate) fn component_owner<'a>(
    component: &'a Component,
    context: Context<'a>,
) -> Option<Owner<'a>> {
    let own = non_blank(component.owner.as_ref()).map(|o| owner(o, OwnerSource::Component));
    match context.settings.ownership {
        OwnershipMode::Explicit => own,
        OwnershipMode::Inherit => {
            own.or_else(|| non_blank(context.system_owner).map(|o| owner(o, OwnerSource::System)))
        }
    }
}

fn owner(value: &Spanned<String>, source: OwnerSource) -> Owner<'_> {
    Owner {
        name: value.value.trim(),
        source,
        range: value.range,
    }
}

/// The component's duties in every domain of its model's column, or `None`
/// when its deployment model is missing or unknown.
pub fn duties<'a>(
    framework: &'a Framework,
    component: &'a Component,
    context: Context<'a>,
) -> Option<Vec<Duty<'a>>> {
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
                // A provider or N/A duty inherits no owner: the customer
                // carries nothing there (an entry's own owner still shows).
                let carried = matches!(
                    effective,
                    LevelKind::Customer | LevelKind::Shared | LevelKind::ModelDependent
                );
                let owner = resolve_owner(component, entry, context)
                    .filter(|o| carried || !o.source.is_inherited());
                Duty {
                    domain: &domain.id,
                    matrix: cell.level,
                    effective,
                    critical: cell.critical,
                    entry,
                    owner,
                    status: entry
                        .and_then(|e| e.status.as_ref())
                        .and_then(|s| Status::from_id(&s.value)),
                    reason: entry.and_then(|e| non_blank(e.reason.as_ref())),
                }
            })
            .collect(),
    )
}

/// Per-level counts of a component's column ("customer 1 · shared 8 ...").
pub(crate) fn level_counts(duties: &[Duty]) -> Vec<(LevelKind, usize)> {
    LevelKind::ALL
        .into_iter()
        .map(|l| (l, duties.iter().filter(|d| d.effective == l).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}
