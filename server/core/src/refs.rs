//! `refs:` values and cross-references: ids of external catalogues such as
//! the OWASP Top 10 for LLM Applications (`LLM01:2025`) or MITRE ATLAS
//! (`AML.TA0005`), recognised by the `references` id prefixes a framework
//! lists, and the domains whose cross-references name them. The mappings
//! are aisrm's own judgement (see the framework's `cross-reference-note`).

use crate::framework::{self, Domain, Framework, Reference};

/// The catalogue an id belongs to: the reference with the longest
/// `id-prefix` the id starts with.
pub fn reference<'a>(framework: &'a Framework, id: &str) -> Option<&'a Reference> {
    let id = id.trim();
    framework
        .references
        .iter()
        .filter(|r| !r.id_prefix.is_empty() && id.starts_with(&r.id_prefix))
        .max_by_key(|r| r.id_prefix.len())
}

/// True when two catalogue ids name the same item; a version suffix after
/// ':' may be left out on either side (`LLM01` = `LLM01:2025`).
pub fn same_item(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let base = |s: &str| s.split(':').next().unwrap_or(s).to_ascii_uppercase();
    (!a.contains(':') || !b.contains(':')) && base(a) == base(b)
}

/// The domains whose OWASP LLM or ATLAS cross-references name `id`.
pub fn domains_for<'a>(framework: &'a Framework, id: &str) -> Vec<&'a Domain> {
    framework
        .domains
        .iter()
        .filter(|d| {
            let x = &d.cross_references;
            x.owasp_llm.iter().chain(&x.atlas).any(|r| same_item(r, id))
        })
        .collect()
}

/// The built-in framework that `equivalents` point into: the other one.
pub fn counterpart(framework: &Framework) -> Option<&'static Framework> {
    match framework.id.as_str() {
        "aisrm" => framework::builtin("microsoft-ai"),
        "microsoft-ai" => framework::builtin("aisrm"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_owasp_and_atlas_ids() {
        let fw = framework::builtin("aisrm").unwrap();
        assert!(reference(fw, "LLM01:2025").unwrap().name.contains("OWASP"));
        assert!(reference(fw, "AML.TA0005").unwrap().name.contains("ATLAS"));
        assert!(reference(fw, "CSF PR.AC-1").is_none());
    }

    #[test]
    fn finds_domains_by_ref() {
        let fw = framework::builtin("aisrm").unwrap();
        let ids: Vec<&str> = domains_for(fw, "LLM01")
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert!(ids.contains(&"application-security"), "{ids:?}");
        assert!(same_item("LLM01", "LLM01:2025"));
        assert!(!same_item("LLM01:2023", "LLM01:2025"));
        assert!(!same_item("LLM01", "LLM10"));
        assert_eq!(counterpart(fw).unwrap().id, "microsoft-ai");
    }
}
