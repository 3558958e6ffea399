//! `refs:` values and cross-references: ids of external catalogues such as
//! the OWASP Top 10 for LLM Applications (`LLM01:2025`) or MITRE ATLAS
//! (`AML.TA0005`), recognised by the `references` id prefixes a framework
//! lists, and the domains whose cross-references name them. The mappings
//! are aisrm's own judgement (see the framework's `cross-reference-note`).

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::diagnostics::{Code, Diagnostic, FixHint};
use crate::document::Spanned;
use crate::framework::{self, Domain, Framework, Reference};
use crate::suggest::did_you_mean;
use crate::yaml::{NodeId, Yaml};

const CATALOGUES_YAML: &str = include_str!("../schemas/references/catalogues.yaml");

/// A catalogue whose ids `refs:` are checked against.
struct Catalogue {
    prefix: String,
    name: String,
    /// Every id, as written in the source.
    ids: Vec<String>,
    /// The ids upper-cased, and their part before a `:` version suffix.
    known: HashSet<String>,
    bases: HashSet<String>,
}

impl Catalogue {
    fn has(&self, id: &str) -> bool {
        let id = id.to_ascii_uppercase();
        self.known.contains(&id) || (!id.contains(':') && self.bases.contains(&id))
    }
}

/// The catalogues of `schemas/references/catalogues.yaml`, read once.
fn catalogues() -> &'static [Catalogue] {
    static TABLE: OnceLock<Vec<Catalogue>> = OnceLock::new();
    TABLE.get_or_init(|| parse_catalogues(CATALOGUES_YAML))
}

fn parse_catalogues(text: &str) -> Vec<Catalogue> {
    let yaml = Yaml::parse(text);
    let get = |node: NodeId, key: &str| -> Option<NodeId> {
        yaml.entries(node)?
            .iter()
            .find(|(k, _)| yaml.scalar(*k) == Some(key))
            .map(|(_, v)| *v)
    };
    let text_of = |node: NodeId, key: &str| -> String {
        get(node, key)
            .and_then(|n| yaml.scalar(n))
            .unwrap_or_default()
            .to_string()
    };
    let list = yaml.root().and_then(|r| get(r, "catalogues"));
    let items = list.and_then(|l| yaml.items(l)).unwrap_or_default();
    items
        .iter()
        .map(|&item| {
            let ids: Vec<String> = get(item, "ids")
                .and_then(|n| yaml.entries(n))
                .unwrap_or_default()
                .iter()
                .filter_map(|(k, _)| yaml.scalar(*k).map(str::to_string))
                .collect();
            let known = ids.iter().map(|i| i.to_ascii_uppercase()).collect();
            let bases = ids
                .iter()
                .map(|i| i.split(':').next().unwrap_or(i).to_ascii_uppercase())
                .collect();
            Catalogue {
                prefix: text_of(item, "id-prefix"),
                name: text_of(item, "name"),
                ids,
                known,
                bases,
            }
        })
        .collect()
}

/// A ref's prefix: its leading letters, `-` and `_`, up to the first
/// other character, without a trailing `-` or `_` (`CWE-79` -> `CWE`,
/// `LLM01:2025` -> `LLM`, `AML.T0051` -> `AML`, `aisrm:agent-governance`
/// -> `aisrm`, `NIST-AI-RMF:GV-1.1` -> `NIST-AI-RMF`). Empty when the ref
/// starts with anything else. The one rule by which a ref's catalogue,
/// framework or listed prefix is found.
pub fn prefix(id: &str) -> &str {
    let id = id.trim();
    let end = id
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '_'))
        .unwrap_or(id.len());
    id[..end].trim_end_matches(['-', '_'])
}

/// Why `listed` cannot be an entry of `refs.prefixes` (it is not its own
/// [`prefix`]), or `None` when it can.
pub fn listed_prefix_problem(listed: &str) -> Option<String> {
    let own = prefix(listed);
    if !own.is_empty() && own == listed {
        return None;
    }
    let hint = if own.is_empty() {
        String::new()
    } else {
        format!("; write `{own}`")
    };
    Some(format!(
        "`{listed}` is not a ref prefix (a ref's leading letters, `-` and `_`, as `CWE` of `CWE-79`){hint}"
    ))
}

/// `unknown-ref` for each id of `refs` that has the prefix of a known
/// catalogue but is none of its ids. Ids of other catalogues are allowed.
pub fn check(refs: &[Spanned<String>], out: &mut Vec<Diagnostic>) {
    for r in refs {
        let id = r.value.trim();
        let Some(catalogue) = catalogues()
            .iter()
            .find(|c| !c.prefix.is_empty() && prefix(id).eq_ignore_ascii_case(prefix(&c.prefix)))
        else {
            continue;
        };
        if catalogue.has(id) {
            continue;
        }
        let suggestion = did_you_mean(id, catalogue.ids.iter().map(|i| (i.as_str(), i.as_str())));
        let what = format!("an id of {}", catalogue.name);
        out.push(unknown_ref(
            r,
            &what,
            suggestion.map(str::to_string),
            FixHint::Suggest,
        ));
    }
}

/// `unknown-ref` for each `FRAMEWORK:DOMAIN` ref whose framework is one of
/// `frameworks` (the first with the id wins) but whose domain is not one
/// of its domain ids.
pub fn check_framework_refs(
    refs: &[Spanned<String>],
    frameworks: &[&Framework],
    out: &mut Vec<Diagnostic>,
) {
    for r in refs {
        let id = r.value.trim();
        let fw_id = prefix(id);
        let Some(fw) = frameworks.iter().find(|f| f.id.eq_ignore_ascii_case(fw_id)) else {
            continue;
        };
        let domain = id[fw_id.len()..].strip_prefix(':');
        if domain.is_some_and(|d| fw.domain(d).is_some()) && fw_id == fw.id {
            continue;
        }
        let suggestion = domain
            .and_then(|d| did_you_mean(d, fw.domain_spellings()))
            .map(|d| format!("{}:{d}", fw.id));
        let what = match (&suggestion, fw.domains.first()) {
            (None, Some(first)) => format!(
                "a domain of the framework `{0}` (write `{0}:DOMAIN`, e.g. `{0}:{1}`)",
                fw.id, first.id
            ),
            _ => format!("a domain of the framework `{}`", fw.id),
        };
        out.push(unknown_ref(r, &what, suggestion, FixHint::Replace));
    }
}

/// `unknown-ref-prefix` for each ref whose [`prefix`] is none of those
/// aisrm knows (the catalogues', the ids of `frameworks`) nor one of
/// `listed` (`refs.prefixes`), compared without case; did-you-mean
/// against all of them. A ref without a prefix (`42001`) is not checked.
pub fn check_prefixes(
    refs: &[Spanned<String>],
    frameworks: &[&Framework],
    listed: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let known: Vec<&str> = catalogues()
        .iter()
        .map(|c| prefix(&c.prefix))
        .chain(frameworks.iter().map(|f| f.id.as_str()))
        .chain(listed.iter().map(String::as_str))
        .filter(|p| !p.is_empty())
        .collect();
    for r in refs {
        let id = r.value.trim();
        let own = prefix(id);
        if own.is_empty() || known.iter().any(|k| k.eq_ignore_ascii_case(own)) {
            continue;
        }
        let suggestion = suggest_prefix(own, &known);
        let message = match suggestion {
            Some(s) => format!(
                "`{own}` (of `{id}`) is neither a ref prefix aisrm knows nor one `refs.prefixes` lists; did you mean `{s}`?"
            ),
            None => format!(
                "`{own}` (of `{id}`) is neither a ref prefix aisrm knows nor one `refs.prefixes` lists; add it there if the project cites it"
            ),
        };
        let d = Diagnostic::new(Code::UnknownRefPrefix, r.range, message);
        out.push(match suggestion {
            Some(s) => d.with_fix(FixHint::Suggest(format!("{s}{}", &id[own.len()..]))),
            None => d,
        });
    }
}

/// The known prefix `own` is most likely a typo of: one edit or swap away
/// (prefixes are short: `CEW` for `CWE`, which Jaro-Winkler misses),
/// else did-you-mean's closest.
fn suggest_prefix<'a>(own: &str, known: &[&'a str]) -> Option<&'a str> {
    let own = own.to_ascii_uppercase();
    known
        .iter()
        .map(|k| (strsim::osa_distance(&own, &k.to_ascii_uppercase()), *k))
        .filter(|(distance, _)| *distance <= 1)
        .min()
        .map(|(_, k)| k)
        .or_else(|| did_you_mean(&own, known.iter().map(|k| (*k, *k))))
}

/// "`X` is not WHAT; did you mean `Y`?", with a fix to `Y` of kind `hint`
/// (a domain's spelling is a [`FixHint::Replace`], a catalogue number a
/// [`FixHint::Suggest`]).
fn unknown_ref(
    r: &Spanned<String>,
    what: &str,
    suggestion: Option<String>,
    hint: fn(String) -> FixHint,
) -> Diagnostic {
    let id = r.value.trim();
    let message = match &suggestion {
        Some(s) => format!("`{id}` is not {what}; did you mean `{s}`?"),
        None => format!("`{id}` is not {what}"),
    };
    let d = Diagnostic::new(Code::UnknownRef, r.range, message);
    match suggestion {
        Some(s) => d.with_fix(hint(s)),
        None => d,
    }
}

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
pub(crate) fn same_item(a: &str, b: &str) -> bool {
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
