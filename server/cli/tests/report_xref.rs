//! Cross-references in the framework data (OWASP Top 10 for LLM
//! Applications 2025, MITRE ATLAS tactics, the crosswalk between the two
//! built-in frameworks) and how `aisrm explain` shows them.

use aisrm_core::framework::{self, Framework};
use aisrm_core::refs;
use aisrm_test_support::cli::{expect_exit, repo_root, run};

fn explain(args: &[&str]) -> String {
    let args = [&["explain"], args].concat();
    expect_exit(&run(env!("CARGO_BIN_EXE_aisrm"), &args, &repo_root()), 0)
}

fn is_owasp_llm_2025(id: &str) -> bool {
    let Some(n) = id.strip_prefix("LLM").and_then(|r| r.strip_suffix(":2025")) else {
        return false;
    };
    n.len() == 2 && n.parse::<u32>().is_ok_and(|n| (1..=10).contains(&n))
}

fn is_atlas_tactic(id: &str) -> bool {
    id.strip_prefix("AML.TA")
        .is_some_and(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Governance domains have no adversary tactic to map to; every other
/// domain must name at least one ATLAS tactic.
const NO_ATLAS_TACTIC: &[&str] = &["compliance-and-governance", "usage-policy-admin-controls"];

#[test]
fn every_domain_of_both_frameworks_is_cross_referenced() {
    for fw in framework::builtins() {
        let other = refs::counterpart(fw).expect("the other built-in framework");
        assert!(
            fw.cross_reference_note
                .as_deref()
                .is_some_and(|n| n.contains("aisrm's own judgement")),
            "{}: the note says whose mapping it is",
            fw.id
        );
        for d in &fw.domains {
            let x = &d.cross_references;
            assert!(
                !x.owasp_llm.is_empty(),
                "{}/{}: OWASP LLM items",
                fw.id,
                d.id
            );
            for id in &x.owasp_llm {
                assert!(is_owasp_llm_2025(id), "{}/{}: `{id}`", fw.id, d.id);
                assert!(refs::reference(fw, id).is_some_and(|r| r.name.contains("OWASP")));
            }
            assert!(
                !x.atlas.is_empty() || NO_ATLAS_TACTIC.contains(&d.id.as_str()),
                "{}/{}: ATLAS tactics",
                fw.id,
                d.id
            );
            for id in &x.atlas {
                assert!(is_atlas_tactic(id), "{}/{}: `{id}`", fw.id, d.id);
                assert!(refs::reference(fw, id).is_some_and(|r| r.name.contains("ATLAS")));
            }
            for e in &x.equivalents {
                assert!(
                    other.domain(e).is_some(),
                    "{}/{}: `{e}` is a domain of {}",
                    fw.id,
                    d.id,
                    other.id
                );
            }
        }
        for m in &fw.models {
            for e in &m.equivalents {
                assert!(other.model(e).is_some(), "{}/{}: `{e}`", fw.id, m.id);
            }
        }
    }
}

/// The crosswalk reads the same from both sides.
#[test]
fn the_crosswalk_is_symmetric() {
    let check = |a: &Framework, b: &Framework| {
        for d in &a.domains {
            for e in &d.cross_references.equivalents {
                let back = &b.domain(e).unwrap().cross_references.equivalents;
                assert!(
                    back.contains(&d.id),
                    "{}/{} ≈ {}/{e}, but not back",
                    a.id,
                    d.id,
                    b.id
                );
            }
        }
        for m in &a.models {
            for e in &m.equivalents {
                assert!(
                    b.model(e).unwrap().equivalents.contains(&m.id),
                    "{}/{} ≈ {e}",
                    a.id,
                    m.id
                );
            }
        }
    };
    let aisrm = framework::builtin("aisrm").unwrap();
    let microsoft = framework::builtin("microsoft-ai").unwrap();
    check(aisrm, microsoft);
    check(microsoft, aisrm);
}

#[test]
fn explain_shows_the_crosswalk_as_aisrms_own_judgement() {
    let judgement = "aisrm's own judgement, not published by either source framework";

    let saas = explain(&["saas-ai"]);
    assert!(saas.contains("Nearest in the Microsoft AI Shared Responsibility Model (`microsoft-ai`): `saas` (SaaS)"), "{saas}");
    assert!(saas.contains(judgement));

    let back = explain(&["saas", "--framework", "microsoft-ai"]);
    assert!(back.contains("`saas-ai` (SaaS AI)"), "{back}");
    assert!(back.contains(judgement));

    let uac = explain(&["user-access-control"]);
    assert!(
        uac.contains(&format!("Cross-references ({judgement}):")),
        "{uac}"
    );
    assert!(
        uac.contains(
            "`identity-device-and-access-management` (Identity, device, and access management)"
        ),
        "{uac}"
    );
    assert!(uac.contains("[OWASP Top 10 for LLM Applications 2025](https://genai.owasp.org/llm-top-10/): `LLM02:2025`, `LLM06:2025`, `LLM08:2025`"), "{uac}");
    assert!(uac.contains("`AML.TA0004`"), "{uac}");
    assert!(uac.contains("`refs:`"));

    let idam = explain(&[
        "identity-device-and-access-management",
        "--framework",
        "microsoft-ai",
    ]);
    assert!(
        idam.contains("`user-access-control` (User Access Control)"),
        "{idam}"
    );
    assert!(idam.contains(judgement));
}

#[test]
fn explain_prints_owasp_and_atlas_for_every_domain() {
    for fw in framework::builtins() {
        for d in &fw.domains {
            let text = explain(&[&d.id, "--framework", &fw.id]);
            for id in d
                .cross_references
                .owasp_llm
                .iter()
                .chain(&d.cross_references.atlas)
            {
                assert!(
                    text.contains(&format!("`{id}`")),
                    "{}/{}: {id}",
                    fw.id,
                    d.id
                );
            }
        }
    }
}

#[test]
fn refs_values_of_the_examples_are_recognised() {
    let fw = framework::builtin("aisrm").unwrap();
    for id in ["LLM01:2025", "LLM06:2025", "AML.TA0012"] {
        assert!(refs::reference(fw, id).is_some(), "{id}");
        assert!(!refs::domains_for(fw, id).is_empty(), "{id}");
    }
    let agent = refs::domains_for(fw, "AML.TA0012");
    assert!(agent.iter().any(|d| d.id == "agent-governance"));
}
