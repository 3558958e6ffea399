//! The inventory format (v1) as data: every key, what it holds and what it
//! means. Lowering, completion, hover and the generated JSON Schema all read
//! these tables, so they cannot drift apart.

use crate::reader::Shape;

/// Format versions this aisrm reads (`aisrm: 1`).
pub const VERSIONS: &[&str] = &["1"];

/// One key of a mapping in the format.
#[derive(Clone, Copy, Debug)]
pub struct KeyDef {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
    pub description: &'static str,
    /// An example value, for the schema and completion snippets.
    pub example: &'static str,
}

const fn key(
    name: &'static str,
    shape: Shape,
    description: &'static str,
    example: &'static str,
) -> KeyDef {
    KeyDef {
        name,
        shape,
        required: false,
        description,
        example,
    }
}

const fn required(def: KeyDef) -> KeyDef {
    KeyDef {
        required: true,
        ..def
    }
}

pub const TOP_KEYS: &[KeyDef] = &[
    required(key(
        "aisrm",
        Shape::Text,
        "Format version of this inventory; marks the file as an aisrm inventory.",
        "1",
    )),
    key(
        "framework",
        Shape::Text,
        "Responsibility framework: `aisrm` (default), `microsoft-ai`, or a relative path to a custom framework file inside the workspace.",
        "aisrm",
    ),
    key(
        "system",
        Shape::Mapping,
        "The system these components belong to.",
        "",
    ),
    key(
        "components",
        Shape::Mapping,
        "The AI components, by id.",
        "",
    ),
];

pub const SYSTEM_KEYS: &[KeyDef] = &[
    key(
        "name",
        Shape::Text,
        "Display name of the system.",
        "Acme support platform",
    ),
    key(
        "owner",
        Shape::Text,
        "Default owner (team) for every component.",
        "platform-team",
    ),
    key("description", Shape::Text, "What the system is for.", ""),
];

pub const COMPONENT_KEYS: &[KeyDef] = &[
    key(
        "name",
        Shape::Text,
        "Display name of the component.",
        "Customer support assistant",
    ),
    required(key(
        "deployment",
        Shape::Text,
        "Deployment-model id of the framework (for example `saas-ai`).",
        "saas-ai",
    )),
    key(
        "provider",
        Shape::TextOrMapping,
        "Who provides the AI service: a name, or a mapping with `name`, `url`, `contact`.",
        "OpenAI",
    ),
    key(
        "owner",
        Shape::Text,
        "Team that owns the component (defaults to the system owner).",
        "cx-team",
    ),
    key("description", Shape::Text, "What the component does.", ""),
    key(
        "depends-on",
        Shape::TextList,
        "Ids of components this one uses (declared anywhere in the workspace).",
        "[ticket-index]",
    ),
    key(
        "data",
        Shape::TextList,
        "Free-form labels of the data the component handles.",
        "[customer-pii]",
    ),
    key(
        "responsibilities",
        Shape::Mapping,
        "What this organisation does about each security domain, by domain id.",
        "",
    ),
];

pub const PROVIDER_KEYS: &[KeyDef] = &[
    key("name", Shape::Text, "Provider name.", "OpenAI"),
    key(
        "url",
        Shape::Text,
        "Provider web address.",
        "https://openai.com",
    ),
    key(
        "contact",
        Shape::Text,
        "Contact for security matters.",
        "security@example.com",
    ),
];

pub const RESPONSIBILITY_KEYS: &[KeyDef] = &[
    key(
        "owner",
        Shape::Text,
        "Team that owns this duty.",
        "iam-team",
    ),
    key(
        "status",
        Shape::Text,
        "How far the duty is met.",
        "implemented",
    ),
    key(
        "controls",
        Shape::TextList,
        "Controls in place.",
        "[\"SSO with SCIM\"]",
    ),
    key(
        "ownership",
        Shape::Text,
        "Override of the matrix cell (`provider`, `customer` or `shared`); needs a `reason` when it differs.",
        "shared",
    ),
    key(
        "reason",
        Shape::Text,
        "Why `ownership` differs from the matrix.",
        "Customer-managed keys per contract",
    ),
    key(
        "refs",
        Shape::TextList,
        "External references (OWASP LLM Top 10, MITRE ATLAS, NIST CSF ...).",
        "[\"LLM02:2025\"]",
    ),
    key("notes", Shape::Text, "Free-form notes.", ""),
];

/// `status:` values with what each means.
pub const STATUSES: &[(&str, &str)] = &[
    ("implemented", "The duty is met."),
    ("partial", "Part of the duty is met."),
    ("planned", "Work to meet the duty is planned."),
    ("gap", "The duty is known to be unmet."),
    (
        "accepted-risk",
        "The duty is knowingly left unmet; the risk is accepted.",
    ),
    (
        "not-applicable",
        "The duty does not apply to this component.",
    ),
];

pub fn key_names(keys: &[KeyDef]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name).collect()
}

pub fn find_key<'a>(keys: &'a [KeyDef], name: &str) -> Option<&'a KeyDef> {
    keys.iter().find(|k| k.name == name)
}
