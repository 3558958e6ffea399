//! Findings as plain data: a stable code, a severity, an exact range, a
//! message, related places and what a fix needs ([`FixHint`]); the fix's
//! edits are made only when asked ([`crate::fixes`]).

use std::path::PathBuf;

use crate::framework::LevelKind;
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// Where the documentation of every code lives; `#code` is appended.
pub const DOCS_BASE: &str = "https://github.com/aisrm/aisrm/blob/main/docs/diagnostics.md";

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $summary:literal;)*) => {
        /// Every finding aisrm reports. The names are a stable interface:
        /// users configure severities and CI filters by them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line saying what the code means (rule help in SARIF).
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    YamlSyntaxError = "yaml-syntax-error", Error, "The YAML cannot be parsed.";
    ResourceLimit = "resource-limit", Error, "The file exceeds a size, depth or node limit and was only partly read.";
    UnreadableFile = "unreadable-file", Error, "The file cannot be read, or is not UTF-8 text.";
    InvalidConfig = "invalid-config", Error, "The project configuration (`aisrm.toml`, or a signal file it names) has a syntax error, an unknown key or a wrong value.";
    MissingVersion = "missing-version", Error, "An inventory has no `aisrm:` format version.";
    UnknownVersion = "unknown-version", Error, "The `aisrm:` format version is not one this aisrm understands.";
    MissingDeployment = "missing-deployment", Error, "A component does not say which deployment model it is.";
    UnknownKey = "unknown-key", Error, "A key that the format does not define.";
    DuplicateKey = "duplicate-key", Error, "The same key appears twice in one mapping.";
    WrongType = "wrong-type", Error, "A value of the wrong type (for example a list where text is expected).";
    InvalidComponentId = "invalid-component-id", Error, "A component id that is not lowercase letters, digits and '-'.";
    UnknownFramework = "unknown-framework", Error, "The `framework:` value names no built-in framework and no readable framework file.";
    FrameworkOutsideWorkspace = "framework-outside-workspace", Error, "A custom framework path that leaves the workspace; it is not read.";
    InvalidFramework = "invalid-framework", Error, "A framework file that does not follow the framework schema.";
    FrameworkIdClash = "framework-id-clash", Error, "A framework file whose id is a built-in framework's or another framework file's.";
    UnknownDeploymentModel = "unknown-deployment-model", Error, "A `deployment:` value that is not a deployment-model id of the framework.";
    UnknownDomain = "unknown-domain", Error, "A key under `responsibilities` that is not a domain id of the framework.";
    UnknownStatus = "unknown-status", Error, "A `status:` value outside implemented, partial, planned, gap, accepted-risk, not-applicable.";
    UnknownLevel = "unknown-level", Error, "An `ownership:` value that is not provider, customer or shared.";
    DuplicateComponent = "duplicate-component", Error, "Two declarations of the same component id in the workspace.";
    UnknownComponent = "unknown-component", Error, "A `depends-on` entry or Markdown link naming a component that is not declared.";
    ExtensionKey = "extension-key", Error, "An `extends:` entry of a design document holding a key that stays with the declaration (`name`, `owner`, ...), an `extends:` in an inventory, or one that does not link to the entry's own id.";
    ExtensionConflict = "extension-conflict", Error, "A design document's extension disagrees with the component it extends (another owner, ownership or status for one domain, another deployment model or framework).";
    UnknownLinkTarget = "unknown-link-target", Error, "A Markdown link to a component whose file is not an inventory or design document of the workspace.";
    NotApplicableDomain = "not-applicable-domain", Warning, "An entry for a domain that the matrix marks N/A for this deployment model.";
    OverrideWithoutReason = "override-without-reason", Warning, "`ownership:` differs from the matrix but no `reason:` says why.";
    CriticalDomainUncovered = "critical-domain-uncovered", Warning, "A critical-focus domain of this deployment model has no entry.";
    UnownedCustomerDuties = "unowned-customer-duties", Warning, "Customer-responsible domains for which no owner resolves (entry, component or system `owner:`; see docs/ownership.md).";
    UnownedSharedDuties = "unowned-shared-duties", Information, "Shared domains for which no owner resolves (entry, component or system `owner:`; see docs/ownership.md).";
    ModelDependentCell = "model-dependent-cell", Information, "A model-dependent cell without an explicit `ownership:`.";
    StatusGap = "status-gap", Warning, "A responsibility marked `status: gap`.";
    StatusWithoutReason = "status-without-reason", Warning, "`status: accepted-risk` or `not-applicable` without a `reason:` saying why.";
    EmptyValue = "empty-value", Warning, "A blank `owner:` or `reason:`, which counts as missing.";
    UnknownRef = "unknown-ref", Warning, "A `refs:` id with the prefix of a known catalogue (OWASP LLM Top 10 2025, MITRE ATLAS) that the catalogue does not have, or a `FRAMEWORK:DOMAIN` ref to a known framework without that domain (with did-you-mean).";
    UnknownRefPrefix = "unknown-ref-prefix", Warning, "A `refs:` id whose prefix is neither one aisrm knows nor one `refs.prefixes` lists (only when that option is set; with did-you-mean).";
    UndeclaredAiComponent = "undeclared-ai-component", Warning, "Discovery finds an AI component here that no inventory component covers.";
    DeclaredComponentNotFound = "declared-component-not-found", Information, "An inventory component's `covers:` matches nothing discovery finds.";
}

/// A severity setting (`aisrm.diagnostics.severity`, `[diagnostics.severity]`
/// of `aisrm.toml`, `aisrm check --severity`): `Some(None)` turns the code
/// off, `None` is not a level.
pub fn severity_setting(level: &str) -> Option<Option<Severity>> {
    match level {
        "error" => Some(Some(Severity::Error)),
        "warning" => Some(Some(Severity::Warning)),
        "information" | "info" => Some(Some(Severity::Information)),
        "hint" => Some(Some(Severity::Hint)),
        "off" | "none" => Some(None),
        _ => None,
    }
}

/// The levels [`severity_setting`] documents (aliases aside).
pub const SEVERITY_SETTINGS: &[&str] = &["error", "warning", "information", "hint", "off"];

impl Code {
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    pub fn doc_url(self) -> String {
        format!("{DOCS_BASE}#{}", self.as_str())
    }
}

/// Another place that matters to a finding (the other declaration of a
/// duplicate, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub path: PathBuf,
    pub range: TextRange,
    pub message: String,
}

/// One text replacement; ranges are byte offsets into `path`'s text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    pub path: PathBuf,
    pub range: TextRange,
    pub new_text: String,
}

/// A machine-applicable fix (a quick fix in the editor), made on demand
/// from a finding's [`FixHint`] by [`crate::fixes::fix`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<FileEdit>,
    /// The obvious fix (a single did-you-mean, say).
    pub preferred: bool,
}

/// What a finding's fix needs, as plain data: no text, no edits. Every
/// place it refers to is the finding's own range (or found from it), so
/// an edit elsewhere in the file shifts nothing here. Analysis runs on
/// every keystroke; the edits are made only when a code action (or
/// `check --fix`) asks, by [`crate::fixes::fix`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixHint {
    /// Replace the finding's range with this id or key (a did-you-mean).
    Replace(String),
    /// Replace the finding's range with this text, a guess someone must
    /// confirm: a catalogue id one digit away is another risk, a ref prefix
    /// one letter away another catalogue. Offered in the editor only.
    Suggest(String),
    /// Remove the responsibility entry whose domain key the finding marks.
    RemoveEntry,
    /// Add `reason: ""` next to the `ownership:` value the finding marks.
    AddReason,
    /// Add a skeleton entry for this domain to the finding's component.
    AddEntry(String),
    /// Add skeleton entries to the finding's component for its duties of
    /// this level that no owner resolves for and that have no entry.
    AddUnownedEntries(LevelKind),
    /// Add skeleton entries for these domains to the finding's component
    /// (a component that design documents extend: the domains no file
    /// has an entry for).
    AddEntries(Vec<String>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// Shown faded: text that has no effect (an entry for an N/A domain).
    Unnecessary,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    pub related: Vec<Related>,
    pub fix: Option<FixHint>,
    pub tags: Vec<Tag>,
}

impl Diagnostic {
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.default_severity(),
            range,
            message: message.into(),
            related: Vec::new(),
            fix: None,
            tags: Vec::new(),
        }
    }

    pub(crate) fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    pub(crate) fn with_fix(mut self, fix: FixHint) -> Self {
        self.fix = Some(fix);
        self
    }

    pub(crate) fn with_tag(mut self, tag: Tag) -> Self {
        self.tags.push(tag);
        self
    }
}
