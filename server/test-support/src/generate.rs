//! Generated workspaces: many shapes of inventories and design docs from
//! a seed, for the tests that must hold on any workspace (the report lists
//! check's findings, a quick fix creates no new finding).

/// A small deterministic generator of a workspace, as (relative path,
/// text): components with and without owners, gaps and overrides, a design
/// doc whose prose links to a misspelt id, a block with an error outside
/// any component, a duplicate id.
pub fn workspace(seed: u64) -> Vec<(&'static str, String)> {
    let mut state = seed;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let models = [
        "saas-ai",
        "paas-ai",
        "agentic-ai",
        "mcp-systems",
        "on-premises",
    ];
    let domains = [
        "user-access-control",
        "data-privacy",
        "incident-response",
        "agent-governance",
        "data-security",
    ];
    let statuses = ["implemented", "partial", "planned", "gap", "accepted-risk"];
    let mut inventory = String::from("aisrm: 1\nsystem:\n  name: Generated\ncomponents:\n");
    let count = 3 + next(5);
    for i in 0..count {
        inventory.push_str(&format!(
            "  comp-{i}:\n    deployment: {}\n    responsibilities:\n",
            models[next(models.len() as u64) as usize]
        ));
        for d in domains {
            if next(2) == 0 {
                continue;
            }
            inventory.push_str(&format!("      {d}:\n"));
            if next(3) > 0 {
                inventory.push_str(&format!("        owner: team-{}\n", next(4)));
            }
            inventory.push_str(&format!(
                "        status: {}\n",
                statuses[next(statuses.len() as u64) as usize]
            ));
            if next(4) == 0 {
                inventory.push_str("        ownership: customer\n");
            }
        }
        inventory.push_str("      data-security:\n        owner: data\n");
    }
    let doc = format!(
        "# Design\n\nThe [first component](../ai-inventory.yaml#comp-{}x) is misspelt.\n\n\
         ```aisrm\ncomp-0:\n  deployment: saas-ai\nextra-{seed}:\n  deployment: nowhere\n  depends-on: [missing-{seed}]\n```\n",
        next(count)
    );
    vec![("ai-inventory.yaml", inventory), ("docs/design.md", doc)]
}
