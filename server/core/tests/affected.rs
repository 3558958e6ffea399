//! `Workspace::set_file` and `remove_file` return every file whose
//! findings may have changed (the server republishes exactly those): each
//! file whose findings differ after a change must be in that set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aisrm_core::diagnostics::Diagnostic;
use aisrm_core::workspace::Workspace;

fn path(name: &str) -> PathBuf {
    Path::new("/ws").join(name)
}

fn all_findings(ws: &Workspace) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    ws.paths()
        .into_iter()
        .map(|p| {
            let d = ws.diagnostics(&p);
            (p, d)
        })
        .collect()
}

/// Applies `change` and checks the returned set covers every file whose
/// findings changed.
fn check_affected(ws: &mut Workspace, change: impl FnOnce(&mut Workspace) -> Vec<PathBuf>) {
    let before = all_findings(ws);
    let affected = change(ws);
    let after = all_findings(ws);
    for (p, findings) in &after {
        if before.get(p) != Some(findings) {
            assert!(
                affected.contains(p),
                "{} changed but is not in the affected set {affected:?}:\n{findings:#?}",
                p.display()
            );
        }
    }
}

fn inventory(components: &str) -> String {
    format!("aisrm: 1\ncomponents:\n{components}")
}

#[test]
fn a_new_id_changes_another_files_did_you_mean() {
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    ws.set_file(
        path("uses.aisrm.yaml"),
        inventory("  bot:\n    deployment: saas-ai\n    depends-on: [retriever1]\n"),
    );
    ws.set_file(
        path("other.aisrm.yaml"),
        inventory("  zzz:\n    deployment: saas-ai\n"),
    );
    let unknown = |ws: &Workspace| {
        ws.diagnostics(&path("uses.aisrm.yaml"))
            .into_iter()
            .find(|d| d.code.as_str() == "unknown-component")
            .expect("retriever1 is unknown")
            .message
    };
    assert!(!unknown(&ws).contains("did you mean"));
    check_affected(&mut ws, |ws| {
        ws.set_file(
            path("new.aisrm.yaml"),
            inventory("  retriever:\n    deployment: saas-ai\n"),
        )
    });
    assert!(unknown(&ws).contains("did you mean `retriever`?"));
    check_affected(&mut ws, |ws| ws.remove_file(&path("new.aisrm.yaml")));
    assert!(!unknown(&ws).contains("did you mean"));
}

#[test]
fn a_new_id_changes_a_design_docs_link_suggestion() {
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    ws.set_file(
        path("inv.aisrm.yaml"),
        inventory("  zzz:\n    deployment: saas-ai\n"),
    );
    ws.set_file(
        path("design.md"),
        "See [it](inv.aisrm.yaml#retriever1).\n\n```aisrm\nhelper:\n  deployment: saas-ai\n```\n",
    );
    check_affected(&mut ws, |ws| {
        ws.set_file(
            path("inv.aisrm.yaml"),
            inventory("  zzz:\n    deployment: saas-ai\n  retriever:\n    deployment: saas-ai\n"),
        )
    });
}

/// The workspace folders bound which framework files are read: removing
/// the folder of an inventory's custom framework refuses it, adding it
/// back resolves it again, and each time the inventory is in the set.
#[test]
fn the_folders_decide_whether_a_custom_framework_is_read() {
    let framework = include_str!("../../../examples/custom-framework/framework.yaml");
    let mut ws = Workspace::new(vec![path("a"), path("b")]);
    ws.set_file(path("b/framework.yaml"), framework);
    ws.set_file(
        path("a/inv.aisrm.yaml"),
        "aisrm: 1\nframework: ../b/framework.yaml\ncomponents:\n  bot:\n    deployment: hosted-llm\n    owner: ml\n",
    );
    let codes = |ws: &Workspace| -> Vec<String> {
        ws.diagnostics(&path("a/inv.aisrm.yaml"))
            .iter()
            .map(|d| d.code.as_str().to_string())
            .collect()
    };
    assert_eq!(codes(&ws), ["critical-domain-uncovered"]);
    check_affected(&mut ws, |ws| ws.remove_root(&path("b")));
    assert_eq!(codes(&ws), ["framework-outside-workspace"]);
    check_affected(&mut ws, |ws| ws.add_root(&path("b")));
    assert_eq!(codes(&ws), ["critical-domain-uncovered"]);
}

/// A design document extending an inventory component: an edit of either
/// changes the other's findings (merged duties, conflicts, the extension's
/// entries checked in the declaration's model), and each is in the set,
/// also when the inventory edit stays inside the component (a splice).
#[test]
fn an_extension_and_the_component_it_extends_affect_each_other() {
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    let declared = |owner: &str| {
        inventory(&format!(
            "  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-privacy:\n        owner: {owner}\n  other:\n    deployment: saas-ai\n"
        ))
    };
    let extension = |owner: &str| {
        format!(
            "```aisrm\nbot:\n  extends: ai-inventory.yaml#bot\n  responsibilities:\n    data-privacy:\n      owner: {owner}\n    user-access-control:\n      owner: iam\n```\n"
        )
    };
    // A second extension, agreeing with the one below.
    ws.set_file(
        path("docs/first.md"),
        "```aisrm\nbot:\n  extends: ../ai-inventory.yaml#bot\n  responsibilities:\n    user-access-control:\n      owner: iam\n```\n",
    );
    check_affected(&mut ws, |ws| {
        ws.set_file(path("ai-inventory.yaml"), declared("legal"))
    });
    check_affected(&mut ws, |ws| {
        ws.set_file(path("design.md"), extension("legal"))
    });
    // An edit inside `bot` of the inventory (spliced) makes a conflict.
    check_affected(&mut ws, |ws| {
        ws.set_file(path("ai-inventory.yaml"), declared("privacy"))
    });
    let codes = |ws: &Workspace, name: &str| -> Vec<&'static str> {
        ws.diagnostics(&path(name))
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    };
    assert!(codes(&ws, "design.md").contains(&"extension-conflict"));
    check_affected(&mut ws, |ws| {
        ws.set_file(path("design.md"), extension("privacy"))
    });
    assert!(!codes(&ws, "ai-inventory.yaml").contains(&"extension-conflict"));
    check_affected(&mut ws, |ws| {
        ws.set_file(
            path("design.md"),
            "```aisrm\nbot:\n  deployment: saas-ai\n```\n",
        )
    });
    assert!(codes(&ws, "design.md").contains(&"duplicate-component"));
    check_affected(&mut ws, |ws| {
        ws.set_file(path("design.md"), extension("legal"))
    });
    check_affected(&mut ws, |ws| ws.remove_file(&path("ai-inventory.yaml")));
    assert!(codes(&ws, "design.md").contains(&"unknown-link-target"));
    check_affected(&mut ws, |ws| {
        ws.set_file(path("ai-inventory.yaml"), declared("legal"))
    });
    check_affected(&mut ws, |ws| ws.remove_file(&path("design.md")));
}

/// Files added as one batch (`set_files`, the initial scan) have the
/// findings of files added one by one, and the batch's set covers every
/// file whose findings changed, also where only the batch as a whole says
/// so: a did-you-mean for a dangling reference (a new id), a link to a
/// file that became an inventory, a framework file whose id another one
/// now has.
#[test]
fn a_batch_of_files_is_like_one_file_at_a_time() {
    let framework = include_str!("../../../examples/custom-framework/framework.yaml");
    let before: [(&str, String); 3] = [
        (
            "uses.aisrm.yaml",
            inventory("  bot:\n    deployment: saas-ai\n    depends-on: [retriever1]\n"),
        ),
        ("design.md", "See [it](new.aisrm.yaml#bot).\n".into()),
        ("framework-a.yaml", framework.into()),
    ];
    let batch: [(&str, String); 2] = [
        (
            "new.aisrm.yaml",
            inventory("  retriever:\n    deployment: saas-ai\n"),
        ),
        ("framework-b.yaml", framework.into()),
    ];
    let start = || {
        let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
        for (name, text) in &before {
            ws.set_file(path(name), text.as_str());
        }
        ws
    };
    let mut one_by_one = start();
    for (name, text) in &batch {
        one_by_one.set_file(path(name), text.as_str());
    }
    let mut batched = start();
    let findings_before = all_findings(&batched);
    check_affected(&mut batched, |ws| {
        ws.set_files(
            batch
                .iter()
                .map(|(name, text)| (path(name), Arc::<str>::from(text.as_str()))),
        )
    });
    let findings_after = all_findings(&batched);
    assert_eq!(findings_after, all_findings(&one_by_one));
    for (name, _) in &before {
        assert_ne!(
            findings_before.get(&path(name)),
            findings_after.get(&path(name)),
            "{name}: the batch changes its findings"
        );
    }
}
