//! The inventory format (v1) as data: every key, what it holds and what it
//! means. Lowering, completion, hover and the generated JSON Schema all read
//! these tables, so they cannot drift apart.

use crate::reader::Shape;

/// Format versions this aisrm reads (`aisrm: 1`).
pub const VERSIONS: &[&str] = &["1"];

/// One key of a mapping in the format. `K` names the key for the code that
/// reads it: lowering matches on it exhaustively, so a key listed here
/// cannot be accepted and then dropped.
#[derive(Clone, Copy, Debug)]
pub struct KeyDef<K = ()> {
    pub key: K,
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
    pub description: &'static str,
    /// An example value, for the schema and completion snippets.
    pub example: &'static str,
}

const fn key<K: Copy>(
    key: K,
    name: &'static str,
    shape: Shape,
    description: &'static str,
    example: &'static str,
) -> KeyDef<K> {
    KeyDef {
        key,
        name,
        shape,
        required: false,
        description,
        example,
    }
}

const fn required<K: Copy>(def: KeyDef<K>) -> KeyDef<K> {
    KeyDef {
        required: true,
        ..def
    }
}

/// Keys of the inventory's top level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopKey {
    Version,
    Framework,
    System,
    Components,
}

/// Keys of `system`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemKey {
    Name,
    Owner,
    Description,
}

/// Keys of a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComponentKey {
    Name,
    Deployment,
    Provider,
    Owner,
    Description,
    DependsOn,
    Data,
    Covers,
    Responsibilities,
    Extends,
}

/// Keys of a `provider` mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderKey {
    Name,
    Url,
    Contact,
}

/// Keys of one entry of `responsibilities`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponsibilityKey {
    Owner,
    Status,
    Controls,
    Ownership,
    Reason,
    Refs,
    Notes,
}

pub const TOP_KEYS: &[KeyDef<TopKey>] = &[
    required(key(
        TopKey::Version,
        "aisrm",
        Shape::Text,
        "Format version of this inventory; marks the file as an aisrm inventory.",
        "1",
    )),
    key(
        TopKey::Framework,
        "framework",
        Shape::Text,
        "Responsibility framework: `aisrm` (default), `microsoft-ai`, or a relative path to a custom framework file inside the workspace.",
        "aisrm",
    ),
    key(
        TopKey::System,
        "system",
        Shape::Mapping,
        "The system these components belong to.",
        "",
    ),
    key(
        TopKey::Components,
        "components",
        Shape::Mapping,
        "The AI components, by id.",
        "",
    ),
];

pub const SYSTEM_KEYS: &[KeyDef<SystemKey>] = &[
    key(
        SystemKey::Name,
        "name",
        Shape::Text,
        "Display name of the system.",
        "Acme support platform",
    ),
    key(
        SystemKey::Owner,
        "owner",
        Shape::Text,
        "Default owner (team) for every component.",
        "platform-team",
    ),
    key(
        SystemKey::Description,
        "description",
        Shape::Text,
        "What the system is for.",
        "",
    ),
];

pub const COMPONENT_KEYS: &[KeyDef<ComponentKey>] = &[
    key(
        ComponentKey::Name,
        "name",
        Shape::Text,
        "Display name of the component.",
        "Customer support assistant",
    ),
    required(key(
        ComponentKey::Deployment,
        "deployment",
        Shape::Text,
        "Deployment-model id of the framework (for example `saas-ai`).",
        "saas-ai",
    )),
    key(
        ComponentKey::Provider,
        "provider",
        Shape::TextOrMapping,
        "Who provides the AI service: a name, or a mapping with `name`, `url`, `contact`.",
        "OpenAI",
    ),
    key(
        ComponentKey::Owner,
        "owner",
        Shape::Text,
        "Team that owns the component (defaults to the system owner).",
        "cx-team",
    ),
    key(
        ComponentKey::Description,
        "description",
        Shape::Text,
        "What the component does.",
        "",
    ),
    key(
        ComponentKey::DependsOn,
        "depends-on",
        Shape::TextList,
        "Ids of components this one uses (declared anywhere in the workspace).",
        "[ticket-index]",
    ),
    key(
        ComponentKey::Data,
        "data",
        Shape::TextList,
        "Free-form labels of the data the component handles.",
        "[customer-pii]",
    ),
    key(
        ComponentKey::Covers,
        "covers",
        Shape::TextList,
        "What discovery finds that this component declares: discovered component ids, signal ids, package names, or paths (a folder ends with `/`). See `aisrm discover`.",
        "[openai-api]",
    ),
    key(
        ComponentKey::Responsibilities,
        "responsibilities",
        Shape::Mapping,
        "What this organisation does about each security domain, by domain id.",
        "",
    ),
    key(
        ComponentKey::Extends,
        "extends",
        Shape::Text,
        "Design documents only: this entry adds `responsibilities` to the inventory component it links to (`../ai-inventory.yaml#ticket-agent`, the id being this entry's key) instead of declaring a component; it may repeat `deployment`, nothing else.",
        "../ai-inventory.yaml#support-bot",
    ),
];

/// The keys an extension (`extends:`) may hold; the others stay with the
/// declaration, which has one of each.
pub const EXTENSION_KEYS: &[ComponentKey] = &[
    ComponentKey::Extends,
    ComponentKey::Deployment,
    ComponentKey::Responsibilities,
];

pub const PROVIDER_KEYS: &[KeyDef<ProviderKey>] = &[
    key(
        ProviderKey::Name,
        "name",
        Shape::Text,
        "Provider name.",
        "OpenAI",
    ),
    key(
        ProviderKey::Url,
        "url",
        Shape::Text,
        "Provider web address.",
        "https://openai.com",
    ),
    key(
        ProviderKey::Contact,
        "contact",
        Shape::Text,
        "Contact for security matters.",
        "security@example.com",
    ),
];

pub const RESPONSIBILITY_KEYS: &[KeyDef<ResponsibilityKey>] = &[
    key(
        ResponsibilityKey::Owner,
        "owner",
        Shape::Text,
        "Team that owns this duty.",
        "iam-team",
    ),
    key(
        ResponsibilityKey::Status,
        "status",
        Shape::Text,
        "How far the duty is met.",
        "implemented",
    ),
    key(
        ResponsibilityKey::Controls,
        "controls",
        Shape::TextList,
        "Controls in place.",
        "[\"SSO with SCIM\"]",
    ),
    key(
        ResponsibilityKey::Ownership,
        "ownership",
        Shape::Text,
        "Override of the matrix cell (`provider`, `customer` or `shared`); needs a `reason` when it differs.",
        "shared",
    ),
    key(
        ResponsibilityKey::Reason,
        "reason",
        Shape::Text,
        "Why `ownership` differs from the matrix.",
        "Customer-managed keys per contract",
    ),
    key(
        ResponsibilityKey::Refs,
        "refs",
        Shape::TextList,
        "External references: OWASP LLM Top 10 and MITRE ATLAS ids, a framework's domain as `FRAMEWORK:DOMAIN` (`aisrm:agent-governance`), others (`CWE-79`). Known prefixes are checked, others only against `[refs] prefixes` of aisrm.toml when it is set (docs/diagnostics.md#unknown-ref).",
        "[\"LLM02:2025\"]",
    ),
    key(
        ResponsibilityKey::Notes,
        "notes",
        Shape::Text,
        "Free-form notes.",
        "",
    ),
];

/// A `status:` value of a responsibility entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Implemented,
    Partial,
    Planned,
    Gap,
    AcceptedRisk,
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Implemented,
        Status::Partial,
        Status::Planned,
        Status::Gap,
        Status::AcceptedRisk,
        Status::NotApplicable,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::Partial => "partial",
            Status::Planned => "planned",
            Status::Gap => "gap",
            Status::AcceptedRisk => "accepted-risk",
            Status::NotApplicable => "not-applicable",
        }
    }

    /// What the status says (completion, hover, the schema, docs/format.md).
    pub(crate) fn meaning(self) -> &'static str {
        match self {
            Status::Implemented => "The duty is met.",
            Status::Partial => "Part of the duty is met.",
            Status::Planned => "Work to meet the duty is planned.",
            Status::Gap => "The duty is known to be unmet.",
            Status::AcceptedRisk => "The duty is knowingly left unmet; the risk is accepted.",
            Status::NotApplicable => "The duty does not apply to this component.",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Statuses that settle a duty without doing it; they need a `reason:`.
    pub(crate) fn needs_reason(self) -> bool {
        matches!(self, Status::AcceptedRisk | Status::NotApplicable)
    }
}

pub(crate) fn key_names<K>(keys: &[KeyDef<K>]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name).collect()
}

pub(crate) fn find_key<'a, K>(keys: &'a [KeyDef<K>], name: &str) -> Option<&'a KeyDef<K>> {
    keys.iter().find(|k| k.name == name)
}

/// One mapping of the format with its keys (the key names erased), for
/// readers that walk every table: the format reference and its tests.
#[derive(Clone, Debug)]
pub struct Table {
    /// Where the mapping is, as a path (`components.<id>`; empty for the
    /// top level).
    pub path: &'static str,
    pub keys: Vec<KeyDef>,
}

fn erased<K: Copy>(keys: &[KeyDef<K>]) -> Vec<KeyDef> {
    keys.iter()
        .map(|k| KeyDef {
            key: (),
            name: k.name,
            shape: k.shape,
            required: k.required,
            description: k.description,
            example: k.example,
        })
        .collect()
}

/// The table of the mapping that `keys` (from the top) lead to:
/// `components.<id>` is the table at `["components", "support-bot"]`.
pub(crate) fn table_at(keys: &[&str]) -> Option<Table> {
    tables().into_iter().find(|t| {
        let parts: Vec<&str> = t.path.split('.').filter(|p| !p.is_empty()).collect();
        parts.len() == keys.len()
            && parts
                .iter()
                .zip(keys)
                .all(|(part, key)| part.starts_with('<') || part == key)
    })
}

/// Every mapping of the inventory format, outermost first.
pub fn tables() -> Vec<Table> {
    vec![
        Table {
            path: "",
            keys: erased(TOP_KEYS),
        },
        Table {
            path: "system",
            keys: erased(SYSTEM_KEYS),
        },
        Table {
            path: "components.<id>",
            keys: erased(COMPONENT_KEYS),
        },
        Table {
            path: "components.<id>.provider",
            keys: erased(PROVIDER_KEYS),
        },
        Table {
            path: "components.<id>.responsibilities.<domain>",
            keys: erased(RESPONSIBILITY_KEYS),
        },
    ]
}
