//! `refs:` are validated (issue 12, item 6): an id with the prefix of a
//! known catalogue (OWASP LLM Top 10 2025, MITRE ATLAS) must be one of its
//! ids (`schemas/references/catalogues.yaml`); a wrong one gets
//! `unknown-ref` with a did-you-mean and a fix. So must a ref that names
//! a framework aisrm knows (built-in, or a framework file of the
//! workspace): `FRAMEWORK:DOMAIN`. Other prefixes are allowed.

use std::path::Path;

use aisrm_core::analysis::Settings;
use aisrm_core::diagnostics::{Code, FixHint};
use aisrm_core::workspace::Workspace;

const CUSTOM_FRAMEWORK: &str = include_str!("../../../examples/custom-framework/framework.yaml");

fn inventory(refs: &str) -> String {
    format!(
        "aisrm: 1\nsystem:\n  owner: p\ncomponents:\n  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-privacy:\n        refs: {refs}\n"
    )
}

fn findings(refs: &str) -> Vec<(String, String, Option<FixHint>)> {
    let mut ws = Workspace::new(vec!["/p".into()]);
    let path = Path::new("/p/ai-inventory.yaml");
    ws.set_file(path.to_path_buf(), inventory(refs));
    unknown_refs(&ws, path)
}

fn unknown_refs(ws: &Workspace, path: &Path) -> Vec<(String, String, Option<FixHint>)> {
    findings_of(ws, path, Code::UnknownRef)
}

/// Each finding of `path` with `code`: the text it covers, message, fix.
fn findings_of(ws: &Workspace, path: &Path, code: Code) -> Vec<(String, String, Option<FixHint>)> {
    let text = &ws.file(path).unwrap().text;
    ws.diagnostics(path)
        .into_iter()
        .filter(|d| d.code == code)
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

/// The one prefix rule (docs/diagnostics.md#unknown-ref).
#[test]
fn a_refs_prefix_is_its_leading_letters_and_dashes() {
    let cases = [
        ("CWE-79", "CWE"),
        ("LLM01:2025", "LLM"),
        ("AML.T0051", "AML"),
        ("aisrm:agent-governance", "aisrm"),
        ("microsoft-ai:model-tuning", "microsoft-ai"),
        ("NIST-AI-RMF:GV-1.1", "NIST-AI-RMF"),
        (" CSF PR.AC-1", "CSF"),
        ("GDPR", "GDPR"),
        ("42001", ""),
    ];
    for (id, prefix) in cases {
        assert_eq!(aisrm_core::refs::prefix(id), prefix, "{id}");
    }
}

#[test]
fn known_framework_domains_pass() {
    let refs = "[aisrm:agent-governance, aisrm:data-privacy, microsoft-ai:ai-plugins-and-data-connections, CWE-79]";
    assert_eq!(findings(refs), vec![]);
}

#[test]
fn a_framework_ref_with_an_unknown_domain_is_a_finding_with_did_you_mean() {
    let found = findings(
        "[aisrm:agent-governence, microsoft-ai:agent-governance, AISRM:data-privacy, aisrm, \"aisrm:\", llm-risk:x]",
    );
    insta::assert_debug_snapshot!(found);
}

/// A framework file of the workspace makes its id a known framework
/// prefix; removing the file makes it unknown again (and the inventory
/// is among the files whose findings change).
#[test]
fn a_framework_file_of_the_workspace_is_known_while_it_is_there() {
    let mut ws = Workspace::new(vec!["/p".into()]);
    let path = Path::new("/p/ai-inventory.yaml");
    ws.set_file(
        path.to_path_buf(),
        inventory("[acme-genai:prompt-handling, acme-genai:prompt-handeling]"),
    );
    assert_eq!(unknown_refs(&ws, path), vec![], "no framework file yet");
    let framework = Path::new("/p/acme/framework.yaml");
    let affected = ws.set_file(framework.to_path_buf(), CUSTOM_FRAMEWORK);
    assert!(affected.iter().any(|p| p == path), "{affected:?}");
    let found = unknown_refs(&ws, path);
    let text = ws.file(path).unwrap().text.clone();
    let start = text.find("acme-genai:prompt-handeling").unwrap();
    assert_eq!(
        found,
        vec![(
            "acme-genai:prompt-handeling".to_string(),
            "`acme-genai:prompt-handeling` is not a domain of the framework `acme-genai`; did you mean `acme-genai:prompt-handling`?".to_string(),
            Some(FixHint::Replace("acme-genai:prompt-handling".to_string())),
        )]
    );
    let d = ws
        .diagnostics(path)
        .into_iter()
        .find(|d| d.code == Code::UnknownRef)
        .unwrap();
    assert_eq!((d.range.start, d.range.end), (start, start + 27));
    let affected = ws.remove_file(framework);
    assert!(affected.iter().any(|p| p == path), "{affected:?}");
    assert_eq!(unknown_refs(&ws, path), vec![]);
}

/// `refs.prefixes` set: a ref whose prefix is neither known (catalogues,
/// built-in and workspace frameworks) nor listed is `unknown-ref-prefix`,
/// with did-you-mean and a fix of the prefix; not set, nothing is.
#[test]
fn with_listed_prefixes_an_unknown_prefix_is_a_finding() {
    let refs = "[CWE-79, cwe-89, CEW-79, NIST-AI-RMF:GV-1.1, NIST-AI-RFM:GV-1.1, LMM01:2025, LLM01:2025, AML.T0051, aisrm:data-privacy, acme-genai:access, ISO-42001, \"42001\"]";
    let mut ws = Workspace::new(vec!["/p".into()]);
    let path = Path::new("/p/ai-inventory.yaml");
    ws.set_file(path.to_path_buf(), inventory(refs));
    ws.set_file("/p/acme/framework.yaml".into(), CUSTOM_FRAMEWORK);
    assert_eq!(prefix_findings(&ws, path), vec![], "not set: not checked");
    let listed = ["CWE", "NIST-AI-RMF"].map(String::from);
    let affected = ws.set_settings(Settings {
        ref_prefixes: Some(listed.into()),
        ..Settings::default()
    });
    assert!(affected.iter().any(|p| p == path), "{affected:?}");
    insta::assert_debug_snapshot!(prefix_findings(&ws, path));
    let empty: [String; 0] = [];
    ws.set_settings(Settings {
        ref_prefixes: Some(empty.into()),
        ..Settings::default()
    });
    let flagged: Vec<String> = prefix_findings(&ws, path)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        flagged,
        [
            "CWE-79",
            "cwe-89",
            "CEW-79",
            "NIST-AI-RMF:GV-1.1",
            "NIST-AI-RFM:GV-1.1",
            "LMM01:2025",
            "ISO-42001"
        ],
        "an empty list allows only the known prefixes"
    );
}

fn prefix_findings(ws: &Workspace, path: &Path) -> Vec<(String, String, Option<FixHint>)> {
    findings_of(ws, path, Code::UnknownRefPrefix)
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
        Some(FixHint::Suggest("AML.T0051.000".to_string()))
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
