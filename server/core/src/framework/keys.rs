//! The framework file format as data: every mapping with its keys, what
//! each holds and whether it is required. The loader reads every mapping
//! through its table (unknown keys, missing required keys) and the JSON
//! Schema is generated from the same tables, so they cannot disagree.

/// What a key holds.
#[derive(Clone, Copy, Debug)]
pub enum Holds {
    Text,
    /// A kebab-case id, unique in its list.
    Id,
    /// One of the level ids (`provider`, `customer`, ...).
    Level,
    Boolean,
    /// A whole number.
    Number,
    /// A list of text.
    Texts,
    Mapping(&'static Table),
    List(&'static Table),
    /// domain id -> model id -> level id.
    Matrix,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub holds: Holds,
    pub required: bool,
    pub description: &'static str,
}

/// One mapping of the framework format.
#[derive(Debug)]
pub struct Table {
    /// The schema's title.
    pub title: &'static str,
    /// How findings name one such mapping ("a deployment model").
    pub what: &'static str,
    pub fields: &'static [FieldDef],
}

impl Table {
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }

    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn required(&self) -> impl Iterator<Item = &'static FieldDef> {
        self.fields.iter().filter(|f| f.required)
    }
}

const fn opt(name: &'static str, holds: Holds, description: &'static str) -> FieldDef {
    FieldDef {
        name,
        holds,
        required: false,
        description,
    }
}

const fn req(name: &'static str, holds: Holds, description: &'static str) -> FieldDef {
    FieldDef {
        required: true,
        ..opt(name, holds, description)
    }
}

pub static FRAMEWORK: Table = Table {
    title: "aisrm framework",
    what: "a framework",
    fields: &[
        req(
            "id",
            Holds::Text,
            "The framework's id, as inventories name it in `framework:`.",
        ),
        req("name", Holds::Text, "Display name."),
        opt(
            "short-name",
            Holds::Text,
            "Shorter display name (defaults to `name`).",
        ),
        opt("version", Holds::Text, "Version of the framework."),
        opt(
            "source",
            Holds::Mapping(&SOURCE),
            "Where the framework comes from.",
        ),
        opt("description", Holds::Text, "What the framework covers."),
        opt(
            "levels",
            Holds::List(&LEVEL),
            "The responsibility levels the matrix uses, with their display names.",
        ),
        opt(
            "layers",
            Holds::List(&LAYER),
            "Groups of domains (for example platform, application, AI).",
        ),
        req(
            "models",
            Holds::List(&MODEL),
            "The deployment models: the matrix's columns.",
        ),
        req(
            "domains",
            Holds::List(&DOMAIN),
            "The security domains: the matrix's rows.",
        ),
        req(
            "matrix",
            Holds::Matrix,
            "Every cell: the level of each model (column) in each domain (row); none may be missing.",
        ),
        opt(
            "critical",
            Holds::List(&CRITICAL),
            "Cells that need particular attention.",
        ),
        opt(
            "notes",
            Holds::List(&NOTE),
            "Caveats about one cell, one model or one domain.",
        ),
        opt(
            "cross-reference-note",
            Holds::Text,
            "How far the cross-references can be trusted.",
        ),
        opt(
            "references",
            Holds::List(&REFERENCE),
            "External catalogues that `refs:` of inventories may cite, by id prefix.",
        ),
    ],
};

pub static SOURCE: Table = Table {
    title: "Source",
    what: "`source`",
    fields: &[
        opt("title", Holds::Text, "Title of the source."),
        opt("url", Holds::Text, "Where to read it."),
        opt("author", Holds::Text, "Who wrote it."),
        opt("license", Holds::Text, "Its licence."),
        opt("revision", Holds::Text, "The revision the data follows."),
    ],
};

pub static LEVEL: Table = Table {
    title: "Level",
    what: "a level",
    fields: &[
        req("id", Holds::Level, "The level id."),
        opt(
            "name",
            Holds::Text,
            "Display name in this framework (\"Microsoft\" for the provider, say).",
        ),
        opt("description", Holds::Text, "What the level means here."),
    ],
};

pub static LAYER: Table = Table {
    title: "Layer",
    what: "a layer",
    fields: &[
        req("id", Holds::Text, "The layer id, as domains name it."),
        opt("name", Holds::Text, "Display name."),
        opt("description", Holds::Text, "What the layer groups."),
    ],
};

pub static MODEL: Table = Table {
    title: "Deployment model",
    what: "a deployment model",
    fields: &[
        req(
            "id",
            Holds::Id,
            "The model id, as inventories name it in `deployment:`.",
        ),
        req("name", Holds::Text, "Display name."),
        opt(
            "short-name",
            Holds::Text,
            "Shorter display name (defaults to `name`).",
        ),
        opt(
            "aliases",
            Holds::Texts,
            "Other spellings users may type (did-you-mean reads them).",
        ),
        opt("description", Holds::Text, "What the model is."),
        opt("examples", Holds::Texts, "Products of this kind."),
        opt(
            "risk-profile",
            Holds::Text,
            "How risky the model tends to be.",
        ),
        opt("source", Holds::Text, "Link to the source's text."),
        opt(
            "equivalents",
            Holds::Texts,
            "Related model ids in the other built-in framework.",
        ),
    ],
};

pub static DOMAIN: Table = Table {
    title: "Domain",
    what: "a domain",
    fields: &[
        req(
            "id",
            Holds::Id,
            "The domain id, as inventories name it under `responsibilities`.",
        ),
        opt(
            "number",
            Holds::Number,
            "The domain's number in the source.",
        ),
        req("name", Holds::Text, "Display name."),
        opt(
            "short-name",
            Holds::Text,
            "Shorter display name (defaults to `name`).",
        ),
        opt(
            "aliases",
            Holds::Texts,
            "Other spellings users may type (did-you-mean reads them).",
        ),
        opt(
            "ai-specific",
            Holds::Boolean,
            "Whether the domain exists only because of AI.",
        ),
        opt("layer", Holds::Text, "The id of its layer under `layers`."),
        opt("focus", Holds::Text, "The domain's focus in one line."),
        opt("description", Holds::Text, "What the domain covers."),
        opt("source", Holds::Text, "Link to the source's text."),
        opt(
            "cross-references",
            Holds::Mapping(&XREF),
            "Related entries of threat catalogues and the other framework.",
        ),
    ],
};

pub static XREF: Table = Table {
    title: "Cross-references",
    what: "`cross-references`",
    fields: &[
        opt("owasp-llm", Holds::Texts, "OWASP Top 10 for LLM ids."),
        opt("atlas", Holds::Texts, "MITRE ATLAS ids."),
        opt(
            "equivalents",
            Holds::Texts,
            "Related domain ids in the other built-in framework.",
        ),
    ],
};

pub static CRITICAL: Table = Table {
    title: "Critical cell",
    what: "a critical cell",
    fields: &[
        req("model", Holds::Text, "The cell's model id."),
        req("domain", Holds::Text, "The cell's domain id."),
        opt("why", Holds::Text, "Why the cell needs attention."),
    ],
};

pub static NOTE: Table = Table {
    title: "Note",
    what: "a note",
    fields: &[
        opt(
            "model",
            Holds::Text,
            "The model id it concerns (with `domain`: one cell).",
        ),
        opt("domain", Holds::Text, "The domain id it concerns."),
        req("text", Holds::Text, "The caveat."),
    ],
};

pub static REFERENCE: Table = Table {
    title: "Reference",
    what: "a reference",
    fields: &[
        opt(
            "id-prefix",
            Holds::Text,
            "The prefix of the catalogue's ids (`LLM`, `AML.`).",
        ),
        opt("name", Holds::Text, "The catalogue's name."),
        opt("url", Holds::Text, "Where to read it."),
    ],
};

/// Every table, outermost first (the format reference walks them).
pub static TABLES: [&Table; 10] = [
    &FRAMEWORK, &SOURCE, &LEVEL, &LAYER, &MODEL, &DOMAIN, &XREF, &CRITICAL, &NOTE, &REFERENCE,
];
