//! `refs:` are validated (issue 12, item 6): an id with the prefix of a
//! known catalogue (OWASP LLM Top 10 2025, MITRE ATLAS) must be one of its
//! ids (`schemas/references/catalogues.yaml`); a wrong one gets
//! `unknown-ref` with a did-you-mean and a fix. Other prefixes are allowed.

use std::path::Path;

use aisrm_core::diagnostics::{Code, FixHint};
use aisrm_core::workspace::Workspace;

fn findings(refs: &str) -> Vec<(String, String, Option<FixHint>)> {
    let text = format!(
        "aisrm: 1\nsystem:\n  owner: p\ncomponents:\n  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-privacy:\n        refs: {refs}\n"
    );
    let mut ws = Workspace::new(vec!["/p".into()]);
    let path = Path::new("/p/ai-inventory.yaml");
    ws.set_file(path.to_path_buf(), text.as_str());
    ws.diagnostics(path)
        .into_iter()
        .filter(|d| d.code == Code::UnknownRef)
        .map(|d| {
            (
                text[d.range.start..d.range.end].to_string(),
                d.message.clone(),
                d.fix.clone(),
            )
        })
        .collect()
}

#[test]
fn known_ids_pass_in_full_and_without_their_version() {
    let refs = "[LLM01:2025, LLM10:2025, LLM02, AML.T0051, AML.T0051.001, AML.TA0005, AML.M0015, CWE-79, ISO-42001]";
    assert_eq!(findings(refs), vec![]);
}

#[test]
fn an_unknown_id_with_a_known_prefix_is_a_finding_with_did_you_mean() {
    let found = findings("[LLM11:2025, LLM01:2023, AML.T0051.009, AML.TA0016]");
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|(text, message, _)| (text.as_str(), message.as_str()))
        .collect();
    insta::assert_debug_snapshot!(got);
    assert_eq!(
        found[2].2,
        Some(FixHint::Replace("AML.T0051.000".to_string()))
    );
}

/// The built-in frameworks' cross-references (what hover offers for
/// `refs:`) are ids of the catalogues.
#[test]
fn every_cross_reference_of_the_built_in_frameworks_is_a_known_id() {
    use aisrm_core::document::Spanned;
    use aisrm_core::text::TextRange;
    for id in aisrm_core::framework::BUILTIN_IDS {
        let fw = aisrm_core::framework::builtin(id).unwrap();
        let refs: Vec<Spanned<String>> = fw
            .domains
            .iter()
            .flat_map(|d| {
                d.cross_references
                    .owasp_llm
                    .iter()
                    .chain(&d.cross_references.atlas)
            })
            .map(|r| Spanned::new(r.clone(), TextRange::empty(0)))
            .collect();
        assert!(!refs.is_empty(), "{id}");
        let mut out = Vec::new();
        aisrm_core::refs::check(&refs, &mut out);
        let unknown: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(unknown, Vec::<&str>::new(), "{id}");
    }
}
