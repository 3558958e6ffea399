//! Hover shows what applies and navigation works where hover does (issue
//! 12, item 7): a domain key's hover has the matrix cell and the entry's
//! `ownership:` override; go to definition works on a link's text.

use std::path::Path;

use aisrm_core::ide::{hover, navigation};
use aisrm_core::workspace::Workspace;

const INVENTORY: &str = "aisrm: 1
components:
  bot:
    deployment: saas-ai
    responsibilities:
      data-security:
        ownership: shared
        reason: we encrypt with our own keys
      data-privacy:
        owner: privacy
";

fn workspace(files: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::new(vec!["/p".into()]);
    for (name, text) in files {
        ws.set_file(Path::new("/p").join(name), *text);
    }
    ws
}

fn hover_at(ws: &Workspace, name: &str, needle: &str) -> String {
    let path = Path::new("/p").join(name);
    let text = ws.file(&path).unwrap().text.clone();
    let at = text.find(needle).unwrap() + 1;
    hover::hover(ws, &path, at).unwrap().markdown
}

#[test]
fn hover_on_a_domain_key_shows_the_matrix_cell_and_the_override() {
    let ws = workspace(&[("ai-inventory.yaml", INVENTORY)]);
    let md = hover_at(&ws, "ai-inventory.yaml", "data-security:");
    assert!(md.contains("**For SaaS AI: Provider.**"), "{md}");
    assert!(
        md.contains(
            "**This entry overrides the matrix: Shared** (reason: we encrypt with our own keys)."
        ),
        "{md}"
    );
    // No override: the matrix cell alone.
    let md = hover_at(&ws, "ai-inventory.yaml", "data-privacy:");
    assert!(md.contains("**For SaaS AI: Shared.**"), "{md}");
    assert!(!md.contains("This entry"), "{md}");
}

#[test]
fn hover_on_a_model_dependent_cell_decided_by_the_entry() {
    let inventory = "aisrm: 1
framework: microsoft-ai
components:
  bot:
    deployment: paas
    responsibilities:
      model-tuning:
        ownership: customer
";
    let ws = workspace(&[("ai-inventory.yaml", inventory)]);
    let md = hover_at(&ws, "ai-inventory.yaml", "model-tuning:");
    assert!(md.contains("**For PaaS: Model dependent.**"), "{md}");
    assert!(
        md.contains("**This entry decides the cell: Customer.**"),
        "{md}"
    );
}

#[test]
fn definition_from_a_links_text_as_from_its_target() {
    let doc = "# Doc\n\nThe [support bot](ai-inventory.yaml#bot) answers.\n";
    let ws = workspace(&[("ai-inventory.yaml", INVENTORY), ("doc.md", doc)]);
    let path = Path::new("/p/doc.md");
    let declared = INVENTORY.find("bot:").unwrap();
    for needle in ["support bot", "ai-inventory.yaml#", "#bot"] {
        let at = doc.find(needle).unwrap() + 1;
        let sites = navigation::definition(&ws, path, at);
        assert_eq!(sites.len(), 1, "{needle}");
        assert_eq!(sites[0].path, Path::new("/p/ai-inventory.yaml"), "{needle}");
        assert_eq!(sites[0].range.start, declared, "{needle}");
    }
}
