//! The inventory model: what a file declares, with the exact range of every
//! key and value (byte offsets into the file, also for ```aisrm blocks in
//! Markdown). Built by [`crate::lower`]; read by the analysis and the IDE
//! features.

use std::path::PathBuf;

use crate::text::TextRange;

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub range: TextRange,
}

impl<T> Spanned<T> {
    pub fn new(value: T, range: TextRange) -> Self {
        Self { value, range }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Inventory,
    DesignDoc,
    Framework,
}

/// One inventory file, design document or framework file.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// The `aisrm:` format version value (inventories only).
    pub version: Option<Spanned<String>>,
    /// The `framework:` value as written (a design document: its front
    /// matter's `aisrm-framework:`).
    pub framework: Option<Spanned<String>>,
    pub system: Option<System>,
    /// The `components` key (inventories only).
    pub components_key: Option<TextRange>,
    pub components: Vec<Component>,
    /// Markdown links to components (design documents only).
    pub links: Vec<Link>,
    /// Content ranges of the ```aisrm blocks (design documents only).
    pub blocks: Vec<TextRange>,
}

#[derive(Clone, Debug, Default)]
pub struct System {
    pub name: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Component {
    /// The id as written as the mapping key (range without quotes).
    pub id: Spanned<String>,
    /// The whole entry, from the id to the end of its value.
    pub range: TextRange,
    /// The component's mapping (where new keys go).
    pub body: TextRange,
    pub name: Option<Spanned<String>>,
    /// The `deployment` key's range and value.
    pub deployment_key: Option<TextRange>,
    pub deployment: Option<Spanned<String>>,
    /// The provider's name (`provider: NAME` or `provider: {name: ...}`).
    pub provider: Option<Spanned<String>>,
    /// `provider: {url: ...}`, when given.
    pub provider_url: Option<Spanned<String>>,
    /// `provider: {contact: ...}`, when given.
    pub provider_contact: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub depends_on: Vec<Spanned<String>>,
    pub data: Vec<Spanned<String>>,
    /// `covers:`: what discovery finds that this component declares
    /// (`discovery::declared`).
    pub covers: Vec<Spanned<String>>,
    /// The `responsibilities` key, when present.
    pub responsibilities_key: Option<TextRange>,
    /// The `responsibilities` mapping, when present.
    pub responsibilities_body: Option<TextRange>,
    pub responsibilities: Vec<Responsibility>,
    /// `extends:` (design documents): this entry adds to a component
    /// declared in an inventory instead of declaring one.
    pub extends: Option<Extends>,
}

impl Component {
    /// True for a design document's entry that adds to an inventory
    /// component (`extends:`) rather than declaring one.
    pub fn is_extension(&self) -> bool {
        self.extends.is_some()
    }
}

/// `extends: ../ai-inventory.yaml#ticket-agent`: the inventory component a
/// design document's entry adds to, written like a component link.
#[derive(Clone, Debug)]
pub struct Extends {
    /// The whole value as written.
    pub value: Spanned<String>,
    /// The path part as written (before `#`).
    pub path: String,
    /// The path resolved against the document's folder.
    pub target: Option<PathBuf>,
    /// The id after `#`, with its range (`None` without a `#`).
    pub fragment: Option<Spanned<String>>,
}

impl Extends {
    /// The range of the path part in the value, for findings about it.
    pub fn path_range(&self) -> TextRange {
        let start = self.value.range.start;
        match &self.fragment {
            // Written as it reads: the path ends before the `#`.
            Some(f) if f.range.start > start && f.range != self.value.range => {
                TextRange::new(start, f.range.start - 1)
            }
            _ => self.value.range,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Responsibility {
    /// The domain id as written (the key).
    pub domain: Spanned<String>,
    /// The whole entry, from the key to the end of its value.
    pub range: TextRange,
    pub owner: Option<Spanned<String>>,
    pub status: Option<Spanned<String>>,
    pub ownership: Option<Spanned<String>>,
    pub reason: Option<Spanned<String>>,
    /// A `reason:` key is written, even with a blank or null value (a fix
    /// must not add a second one).
    pub reason_written: bool,
    pub controls: Vec<Spanned<String>>,
    pub refs: Vec<Spanned<String>>,
    pub notes: Option<Spanned<String>>,
    /// The design document an extension's entry is written in, when a
    /// merged component (`Workspace::merged_component`) holds it; `None`
    /// for an entry of the component's own file.
    pub written_in: Option<PathBuf>,
}

/// `[text](inventory.yaml#component-id)` in a design document.
#[derive(Clone, Debug)]
pub struct Link {
    /// The whole link.
    pub range: TextRange,
    /// The path part as written (may be empty for `#id` links).
    pub path: String,
    /// The path resolved against the document's folder.
    pub target: Option<PathBuf>,
    /// The component id after `#`, with its range.
    pub fragment: Spanned<String>,
}

impl Link {
    /// Links to a YAML file always name a component; Markdown links may
    /// name a heading instead.
    pub(crate) fn points_to_inventory(&self) -> bool {
        self.target
            .as_deref()
            .and_then(|t| t.extension())
            .is_some_and(|e| e == "yaml" || e == "yml")
    }
}
