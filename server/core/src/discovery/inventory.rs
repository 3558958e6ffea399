//! The inventory proposed from a discovery: what `aisrm discover --format
//! yaml` prints and what `aisrm init` seeds a project with. One rendering,
//! so the two never disagree.

use super::{Discovery, crosswalk, declared};

/// Evidence lines shown per component before "and N more".
const EVIDENCE_SHOWN: usize = 5;

/// A ready inventory after the comment lines `heading` (each starting with
/// `#`, ending with a newline): every component found with its name,
/// deployment model, provider, description and `covers:` (so `aisrm check`
/// reports no undeclared component), and comments saying where it was
/// found.
pub fn inventory(found: &Discovery, heading: &str) -> String {
    inventory_for(found, heading, "aisrm")
}

/// [`inventory`] for a project whose framework is `framework`: another
/// framework than `aisrm` gets `framework: aisrm` written out (discovery
/// places components in aisrm's models, some of which the other framework
/// lacks), and each component a comment with its deployment model there
/// through the framework's crosswalk data.
pub fn inventory_for(found: &Discovery, heading: &str, framework: &str) -> String {
    let mut out = format!("{heading}aisrm: 1\n");
    if framework != "aisrm" {
        out += "framework: aisrm\n";
    }
    if found.components.is_empty() {
        out += "components: {}\n";
        return out;
    }
    out += "components:\n";
    for c in &found.components {
        out += &format!("  # Found ({}):\n", c.confidence.id());
        for e in c.evidence.iter().take(EVIDENCE_SHOWN) {
            let shown = format!("{}:{}: {}", e.path, e.line, e.what);
            out += &format!("  #   {}\n", declared::escape_unprintable(&shown));
        }
        if c.evidence.len() > EVIDENCE_SHOWN {
            out += &format!("  #   and {} more\n", c.evidence.len() - EVIDENCE_SHOWN);
        }
        if framework != "aisrm" {
            let there = crosswalk::deployment_in(framework, &c.def.deployment);
            out += &format!(
                "  # {framework} deployment model: {}\n",
                there.as_deref().unwrap_or("none equivalent")
            );
        }
        out += &declared::inventory_entry(c, "  ");
    }
    out
}
