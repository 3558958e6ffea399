//! Report cells show the owner the analysis resolves (inherited from the
//! component or the system, and said so) and the statuses that settle a
//! duty (`accepted-risk`, `not-applicable` with a reason) as such, not as
//! gaps or unowned duties.

use std::path::{Path, PathBuf};

use aisrm_test_support::cli::{expect_exit, fresh_project, run};

fn work_dir(name: &str) -> PathBuf {
    fresh_project(Path::new(env!("CARGO_TARGET_TMPDIR")).join(name))
}

fn report(dir: &Path, format: &str) -> String {
    let out = run(
        env!("CARGO_BIN_EXE_aisrm"),
        &["report", ".", "--format", format],
        dir,
    );
    expect_exit(&out, 0)
}

const INHERITED: &str = "aisrm: 1
system:
  name: Inherit
  owner: platform-security
components:
  bot:
    deployment: saas-ai
    owner: ml-platform
    responsibilities:
      user-access-control:
        status: implemented
  agent:
    deployment: agentic-ai
    responsibilities:
      data-privacy:
        owner: privacy
";

const SETTLED: &str = "aisrm: 1
components:
  helper:
    deployment: agentic-ai
    responsibilities:
      data-privacy:
        status: accepted-risk
        reason: Only synthetic data reaches this agent.
      network-security:
        status: not-applicable
        reason: The agent runs without network access.
";

/// Each test gets its own folder: tests run in parallel, and one test's
/// `remove_dir_all` must not pull another's working directory away.
fn workspace(name: &str) -> PathBuf {
    let dir = work_dir(name);
    std::fs::write(dir.join("a.aisrm.yaml"), INHERITED).unwrap();
    std::fs::write(dir.join("b.aisrm.yaml"), SETTLED).unwrap();
    dir
}

/// The row of `domain` in the folded table of `component`.
fn row<'a>(md: &'a str, component: &str, domain: &str) -> &'a str {
    let start = md
        .find(&format!("<details><summary><code>{component}</code>"))
        .unwrap();
    let table = &md[start..start + md[start..].find("</details>").unwrap()];
    table
        .lines()
        .find(|l| {
            l.starts_with(&format!("| {domain} |")) || l.starts_with(&format!("| ❗ {domain} |"))
        })
        .unwrap_or_else(|| panic!("no {domain} in {table}"))
}

#[test]
fn markdown_cells_show_inherited_owners_and_settled_statuses() {
    let md = report(
        &workspace("markdown_cells_show_inherited_owners_and_settled_statuses"),
        "markdown",
    );
    assert_eq!(
        row(&md, "bot", "User Access Control"),
        "| User Access Control | 🟧 Customer | ml-platform (component owner) | implemented |"
    );
    assert_eq!(
        row(&md, "agent", "Data Security"),
        "| Data Security | 🟧 Customer | platform-security (system owner) |  |"
    );
    assert_eq!(
        row(&md, "agent", "Data Privacy"),
        "| Data Privacy | 🟧 Customer | privacy |  |"
    );
    assert_eq!(
        row(&md, "helper", "Data Privacy"),
        "| Data Privacy | 🟧 Customer |  | accepted risk |"
    );
    assert_eq!(
        row(&md, "helper", "Network Security"),
        "| Network Security | 🟧 Customer |  | not applicable |"
    );
    // Settled duties are not unowned: `helper` owes owners for the rest.
    assert!(
        md.contains("| `helper` | Agentic AI | **9** | **9** | 4 | 0 | 0 | **2** | 1 |"),
        "{md}"
    );
}

#[test]
fn html_cells_say_inherited_and_settled() {
    let html = report(&workspace("html_cells_say_inherited_and_settled"), "html");
    assert!(html.contains(
        "<span class=\"owner\">ml-platform <span class=\"inherited\">(component owner)</span></span>"
    ));
    let start = html.find("<tr data-component=\"helper\"").unwrap();
    let helper = &html[start..start + html[start..].find("</tr>").unwrap()];
    assert!(helper.contains(
        "<td class=\"cell lvl-customer settled\" data-domain=\"data-privacy\" data-level=\"customer\">\
         <span class=\"level\">Customer</span><span class=\"status status-accepted-risk\">accepted risk</span></td>"
    ), "{helper}");
    assert!(helper.contains(
        "<td class=\"cell lvl-customer settled\" data-domain=\"network-security\" data-level=\"customer\">\
         <span class=\"level\">Customer</span><span class=\"status status-not-applicable\">not applicable</span></td>"
    ), "{helper}");
}
