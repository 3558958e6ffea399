//! Which files aisrm reads, by name (inventories, design docs, YAML that
//! may be a framework), and lexical path normalisation.

use std::path::{Component as PathPart, Path, PathBuf};

/// Lexical normalisation: removes `.` and folds `..` (no disk access).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            PathPart::CurDir => {}
            PathPart::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// File names that make a file an inventory by name alone.
pub const INVENTORY_NAMES: [&str; 2] = ["ai-inventory.yaml", "ai-inventory.yml"];
/// Endings that make a file an inventory by name alone.
pub const INVENTORY_SUFFIXES: [&str; 2] = [".aisrm.yaml", ".aisrm.yml"];

/// Is this path one aisrm reads by its name alone?
pub(crate) fn is_inventory_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    INVENTORY_SUFFIXES.iter().any(|s| name.ends_with(s)) || INVENTORY_NAMES.contains(&name)
}

pub(crate) fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

pub(crate) fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

/// True when aisrm may want this file (cheap, by name): YAML or Markdown.
pub fn is_candidate(path: &Path) -> bool {
    is_yaml(path) || is_markdown(path)
}
