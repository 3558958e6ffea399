//! The inventory proposed from a discovery: what `aisrm discover --format
//! yaml` prints and what `aisrm init` seeds a project with. One rendering,
//! so the two never disagree.

use super::Discovery;

/// Evidence lines shown per component before "and N more".
const EVIDENCE_SHOWN: usize = 5;

/// A ready inventory after the comment lines `heading` (each starting with
/// `#`, ending with a newline): every component found with its name,
/// deployment model and provider, and comments saying why and where it was
/// found.
pub fn inventory(found: &Discovery, heading: &str) -> String {
    let mut out = format!("{heading}aisrm: 1\n");
    if found.components.is_empty() {
        out += "components: {}\n";
        return out;
    }
    out += "components:\n";
    for c in &found.components {
        out += &format!("  # {} ({})\n", c.def.description, c.confidence.id());
        for e in c.evidence.iter().take(EVIDENCE_SHOWN) {
            out += &format!("  #   {}:{}: {}\n", e.path, e.line, e.what);
        }
        if c.evidence.len() > EVIDENCE_SHOWN {
            out += &format!("  #   and {} more\n", c.evidence.len() - EVIDENCE_SHOWN);
        }
        out += &format!("  {}:\n", c.def.id);
        out += &format!("    name: {}\n", quoted(&c.def.name));
        out += &format!("    deployment: {}\n", c.def.deployment);
        out += &format!("    provider: {}\n", quoted(&c.def.provider));
    }
    out
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}
