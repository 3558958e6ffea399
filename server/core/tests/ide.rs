//! The editor features of core, in rust-analyzer's style: a fixture marks
//! the cursor with `$0`, the feature's answer is rendered as text and
//! compared with an inline snapshot. Only the public `ide` API is used;
//! the LSP tests keep protocol behaviour (encodings, capabilities, JSON).
//!
//! A fixture is one inventory (`/ws/ai-inventory.yaml`), or several files
//! each after a `//- /name` line. Hovers are outlined: the hovered text
//! and the bold fact lines (levels, owners, overrides) are kept, framework
//! prose is `…`, so a reworded description does not break these tests.

use std::path::{Path, PathBuf};

use aisrm_core::ide::{actions, completion, hover, inlay, lens, navigation};
use aisrm_core::text::TextRange;
use aisrm_core::workspace::Workspace;

const ROOT: &str = "/ws";

struct Fixture {
    ws: Workspace,
    /// The file with the cursor.
    path: PathBuf,
    text: String,
    offset: usize,
}

/// Builds the workspace of `fixture` (see the module comment).
fn fixture(fixture: &str) -> Fixture {
    let fixture = trim_indent(fixture);
    let files: Vec<(String, String)> = if fixture.starts_with("//- ") {
        fixture
            .split("//- ")
            .skip(1)
            .map(|part| {
                let (name, text) = part.split_once('\n').unwrap_or((part, ""));
                (
                    name.trim().trim_start_matches('/').to_string(),
                    text.to_string(),
                )
            })
            .collect()
    } else {
        vec![("ai-inventory.yaml".to_string(), fixture)]
    };
    let mut ws = Workspace::new(vec![PathBuf::from(ROOT)]);
    let mut cursor = None;
    let mut first = None;
    for (name, text) in files {
        let path = Path::new(ROOT).join(&name);
        let offset = text.find("$0");
        let text = text.replacen("$0", "", 1);
        first.get_or_insert_with(|| (path.clone(), text.clone(), 0));
        if let Some(offset) = offset {
            assert!(cursor.is_none(), "one `$0` per fixture");
            cursor = Some((path.clone(), text.clone(), offset));
        }
        ws.set_file(path, text);
    }
    // Without a cursor: the first file, at its start.
    let (path, text, offset) = cursor.or(first).expect("a file in the fixture");
    Fixture {
        ws,
        path,
        text,
        offset,
    }
}

/// `text` without its first line break and the indentation all its lines
/// share, so fixtures can be indented like the code around them.
fn trim_indent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn file_text(f: &Fixture, path: &Path) -> String {
    f.ws.file(path)
        .map(|a| a.text.to_string())
        .unwrap_or_default()
}

/// `path:line:column` (1-based, in characters) of `offset`.
fn place(f: &Fixture, path: &Path, offset: usize) -> String {
    let text = file_text(f, path);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{}:{line}:{column}", name(path))
}

/// A path as the fixture names it (without the root).
fn name(path: &Path) -> String {
    path.strip_prefix(ROOT)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A range as `path:line:column `text``.
fn site(f: &Fixture, path: &Path, range: TextRange) -> String {
    let text = file_text(f, path);
    format!(
        "{} `{}`",
        place(f, path, range.start),
        &text[range.start..range.end]
    )
}

/// The hover at the cursor: the hovered text, then the markdown with
/// every line that is not a heading or a bold fact as `…`.
fn check_hover(fixture_text: &str) -> String {
    let f = fixture(fixture_text);
    let Some(h) = hover::hover(&f.ws, &f.path, f.offset) else {
        return "no hover".to_string();
    };
    let mut out = format!("hover on `{}`\n", &f.text[h.range.start..h.range.end]);
    let mut last_was_prose = false;
    for line in h.markdown.lines().filter(|l| !l.trim().is_empty()) {
        let fact = line.starts_with('#') || line.starts_with("**");
        if fact {
            out.push_str(line);
            out.push('\n');
        } else if !last_was_prose {
            out.push_str("…\n");
        }
        last_was_prose = !fact;
    }
    out
}

/// The completions at the cursor, in the order an editor sorts them:
/// label and detail.
fn check_completion(fixture_text: &str) -> String {
    let f = fixture(fixture_text);
    let mut items = completion::completions(&f.ws, &f.path, &f.text, f.offset);
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then(a.label.cmp(&b.label)));
    items
        .iter()
        .map(|c| match &c.detail {
            Some(d) => format!("{}  ({d})\n", c.label),
            None => format!("{}\n", c.label),
        })
        .collect()
}

/// The file with every inlay hint written in at its place as `⟨label⟩`.
fn check_inlay_hints(fixture_text: &str) -> String {
    let f = fixture(fixture_text);
    let hints = inlay::inlay_hints(&f.ws, &f.path, TextRange::new(0, f.text.len()));
    let mut out = f.text.clone();
    for h in hints.iter().rev() {
        out.insert_str(h.offset, &format!("⟨{}⟩", h.label));
    }
    out
}

/// Each code lens: where, whose, and its titles.
fn check_code_lenses(fixture_text: &str) -> String {
    let f = fixture(fixture_text);
    lens::code_lenses(&f.ws, &f.path)
        .iter()
        .map(|l| {
            let duties = l.duties_title().unwrap_or_else(|| "-".into());
            format!(
                "{}: {duties} | {}\n",
                site(&f, &f.path, l.range),
                l.references_title()
            )
        })
        .collect()
}

/// Where go to definition leads from the cursor.
fn check_definition(fixture_text: &str) -> String {
    let f = fixture(fixture_text);
    navigation::definition(&f.ws, &f.path, f.offset)
        .iter()
        .map(|s| format!("{}\n", site(&f, &s.path, s.range)))
        .collect()
}

/// Every reference to the component at the cursor, declarations included.
fn check_references(fixture_text: &str) -> String {
    let f = fixture(fixture_text);
    navigation::references(&f.ws, &f.path, f.offset, true)
        .iter()
        .map(|s| format!("{}\n", site(&f, &s.path, s.range)))
        .collect()
}

/// Every file a rename at the cursor changes, with the edits applied, or
/// why it is refused.
fn check_rename(fixture_text: &str, new_id: &str) -> String {
    let f = fixture(fixture_text);
    match navigation::rename(&f.ws, &f.path, f.offset, new_id) {
        Err(why) => format!("refused: {why}\n"),
        Ok(by_file) => by_file
            .iter()
            .map(|(path, edits)| {
                let mut text = file_text(&f, path);
                for e in edits.iter().rev() {
                    text.replace_range(e.range.start..e.range.end, &e.new_text);
                }
                format!("//- /{}\n{text}", name(path))
            })
            .collect(),
    }
}

#[test]
fn hover_on_a_deployment_model() {
    let shown = check_hover(
        r#"
        aisrm: 1
        components:
          bot:
            deployment: saa$0s-ai
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        hover on `saas-ai`
        ### SaaS AI Models (`saas-ai`)
        …
    "#);
}

#[test]
fn hover_on_a_domain_key_with_an_override() {
    let shown = check_hover(
        r#"
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            responsibilities:
              data-sec$0urity:
                ownership: shared
                reason: we encrypt with our own keys
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        hover on `data-security`
        ### Data Security (`data-security`)
        …
        **For SaaS AI: Provider.**
        …
        **This entry overrides the matrix: Shared** (reason: we encrypt with our own keys).
        …
    "#);
}

#[test]
fn hover_on_a_component_id_shows_its_owner_and_duties() {
    let shown = check_hover(
        r#"
        aisrm: 1
        components:
          b$0ot:
            deployment: saas-ai
            owner: support-team
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        hover on `bot`
        ### `bot`
        **Deployment:** SaaS AI (`saas-ai`)  
        **Owner:** support-team
        …
    "#);
}

#[test]
fn hover_on_a_dependency_in_another_file() {
    let shown = check_hover(
        r#"
        //- /ai-inventory.yaml
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            depends-on: [ind$0ex]
        //- /search.aisrm.yaml
        aisrm: 1
        components:
          index:
            deployment: paas-ai
            owner: search-team
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        hover on `index`
        ### `index`
        **Deployment:** PaaS AI (`paas-ai`)  
        **Owner:** search-team
        …
    "#);
}

#[test]
fn hover_on_a_status_and_nothing_on_a_comment() {
    let shown = check_hover(
        r#"
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            responsibilities:
              data-privacy: {owner: privacy, status: ga$0p}
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        hover on `gap`
        ### Status `gap`
        …
    "#);
    let shown = check_hover("aisrm: 1\n# a comm$0ent\n");
    insta::assert_snapshot!(shown, @"no hover");
}

#[test]
fn completion_of_deployment_models() {
    let items = check_completion(
        r#"
        aisrm: 1
        components:
          bot:
            deployment: $0
        "#,
    );
    insta::assert_snapshot!(items, @r#"
        saas-ai  (SaaS AI Models)
        paas-ai  (PaaS AI Models)
        iaas-ai  (IaaS AI Models)
        on-premises  (On-Premises AI Models)
        embedded-ai  (SaaS Products with Embedded AI)
        agentic-ai  (Agentic AI Systems)
        ai-coding  (AI Coding Assistants)
        mcp-systems  (MCP-Based Systems)
    "#);
}

#[test]
fn completion_of_domains_puts_customer_duties_first() {
    let items = check_completion(
        r#"
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            responsibilities:
              $0
        "#,
    );
    insta::assert_snapshot!(items, @r#"
        user-access-control  (Customer)
        ai-ethics-and-safety  (Shared)
        data-privacy  (Shared)
        monitoring-and-logging  (Shared)
        compliance-and-governance  (Shared)
        incident-response  (Shared)
        agent-governance  (Shared)
        context-pollution-protection  (Shared)
        multi-system-integration  (Shared)
        application-security  (Provider)
        model-security  (Provider)
        data-security  (Provider)
        supply-chain-security  (Provider)
        network-security  (Provider)
        infrastructure-security  (Provider)
        code-generation-security  (N/A)
    "#);
}

#[test]
fn completion_of_component_ids_in_depends_on() {
    let items = check_completion(
        r#"
        //- /ai-inventory.yaml
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            depends-on: [$0]
          helper:
            deployment: saas-ai
        //- /search.aisrm.yaml
        aisrm: 1
        components:
          index: {deployment: paas-ai}
        "#,
    );
    insta::assert_snapshot!(items, @r#"
        helper  (saas-ai)
        index  (paas-ai)
    "#);
}

#[test]
fn completion_in_a_design_doc_block() {
    let items = check_completion(
        r#"
        //- /design.md
        # Design

        ```aisrm
        bot:
          deployment: saas-ai
          ownership$0
        ```
        "#,
    );
    insta::assert_snapshot!(items, @r#"
        name  (optional)
        provider  (optional)
        owner  (optional)
        description  (optional)
        depends-on  (optional)
        data  (optional)
        covers  (optional)
        responsibilities  (optional)
        extends  (optional)
    "#);
}

/// `extends:` is for design documents: an inventory declares its
/// components, so its completion does not offer the key.
#[test]
fn completion_of_component_keys_in_an_inventory() {
    let items = check_completion(
        r#"
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            ex$0
        "#,
    );
    assert!(items.contains("responsibilities"), "{items}");
    assert!(!items.contains("extends"), "{items}");
}

#[test]
fn inlay_hints_show_model_names_and_levels() {
    let shown = check_inlay_hints(
        r#"
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            responsibilities:
              data-privacy: {owner: privacy}
              ai-ethics-and-safety:
                ownership: customer
                reason: our own content policy
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        aisrm: 1
        components:
          bot:
            deployment: saas-ai⟨SaaS AI · customer 2 · shared 7 · provider 6 · n/a 1⟩
            responsibilities:
              data-privacy:⟨shared⟩ {owner: privacy}
              ai-ethics-and-safety:⟨shared · override: customer⟩
                ownership: customer
                reason: our own content policy
    "#);
}

#[test]
fn code_lenses_count_unowned_duties_and_references() {
    let shown = check_code_lenses(
        r#"
        //- /ai-inventory.yaml
        aisrm: 1
        system:
          owner: platform
        components:
          bot:$0
            deployment: saas-ai
            depends-on: [index]
          index:
            deployment: paas-ai
          mystery:
            deployment: not-a-model
        //- /design.md
        The [index](ai-inventory.yaml#index) is shared.
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        ai-inventory.yaml:5:3 `bot`: all customer duties owned (1 inherited) | 0 references
        ai-inventory.yaml:8:3 `index`: all customer duties owned (1 inherited) | 2 references
        ai-inventory.yaml:10:3 `mystery`: - | 0 references
    "#);
}

/// Three files that name the component `index`: its declaration, a
/// dependency, a link and a dependency in a design doc's block.
const NAVIGATION: &str = r#"
    //- /ai-inventory.yaml
    aisrm: 1
    components:
      bot:
        deployment: saas-ai
        depends-on: [index]
    //- /search.aisrm.yaml
    aisrm: 1
    components:
      index: {deployment: paas-ai}
    //- /design.md
    The [search index](search.aisrm.yaml#index) is shared.

    ```aisrm
    notes-bot:
      deployment: saas-ai
      depends-on: [index]
    ```
    "#;

#[test]
fn definition_from_a_dependency_and_from_a_link() {
    let from_dependency = check_definition(&NAVIGATION.replacen("[index]", "[in$0dex]", 1));
    insta::assert_snapshot!(from_dependency, @"search.aisrm.yaml:3:3 `index`");
    let from_link = check_definition(&NAVIGATION.replacen("search index", "search$0 index", 1));
    insta::assert_snapshot!(from_link, @"search.aisrm.yaml:3:3 `index`");
}

#[test]
fn references_include_declarations_dependencies_and_links() {
    let shown = check_references(&NAVIGATION.replacen("index: {", "in$0dex: {", 1));
    insta::assert_snapshot!(shown, @r#"
        ai-inventory.yaml:5:18 `index`
        design.md:1:38 `index`
        design.md:6:16 `index`
        search.aisrm.yaml:3:3 `index`
    "#);
}

#[test]
fn rename_changes_every_file_that_names_the_component() {
    let files = NAVIGATION.replacen("index: {", "in$0dex: {", 1);
    insta::assert_snapshot!(check_rename(&files, "search-index"), @r#"
        //- /ai-inventory.yaml
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            depends-on: [search-index]
        //- /design.md
        The [search index](search.aisrm.yaml#search-index) is shared.

        ```aisrm
        notes-bot:
          deployment: saas-ai
          depends-on: [search-index]
        ```

        //- /search.aisrm.yaml
        aisrm: 1
        components:
          search-index: {deployment: paas-ai}
    "#);
    insta::assert_snapshot!(check_rename(&files, "bot"), @"refused: a component `bot` already exists");
    insta::assert_snapshot!(check_rename(&files, "Not An Id"), @"refused: `Not An Id` is not a valid component id (lowercase letters, digits and '-')");
}

/// Code actions at the cursor (through `ide::actions`, the one entry
/// point): each title, then the files it changes with its edits applied.
fn check_code_actions(fixture_text: &str) -> String {
    let f = fixture(fixture_text);
    let diagnostics = f.ws.diagnostics(&f.path);
    let here = TextRange::empty(f.offset);
    let mut out = String::new();
    for action in actions::code_actions(&f.ws, &f.path, here, &diagnostics) {
        let star = if action.fix.preferred {
            " (preferred)"
        } else {
            ""
        };
        out.push_str(&format!("{}{star}\n", action.fix.title));
        let mut by_file: std::collections::BTreeMap<&Path, Vec<_>> = Default::default();
        for e in &action.fix.edits {
            by_file.entry(&e.path).or_default().push(e);
        }
        for (path, mut edits) in by_file {
            edits.sort_by_key(|e| e.range);
            let mut text = file_text(&f, path);
            for e in edits.iter().rev() {
                text.replace_range(e.range.start..e.range.end, &e.new_text);
            }
            out.push_str(&format!("//- /{}\n{text}", name(path)));
        }
    }
    out
}

#[test]
fn code_actions_add_the_uncovered_responsibilities() {
    let shown = check_code_actions(
        r#"
        aisrm: 1
        components:
          b$0ot:
            deployment: saas-ai
            owner: support-team
            responsibilities:
              data-privacy: {status: implemented}
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        Add entries for 8 uncovered customer/shared domains of `bot`: `ai-ethics-and-safety`, `user-access-control`, `monitoring-and-logging`, `compliance-and-governance`, `incident-response`, `agent-governance`, `context-pollution-protection`, `multi-system-integration`
        //- /ai-inventory.yaml
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
            owner: support-team
            responsibilities:
              data-privacy: {status: implemented}
              ai-ethics-and-safety:
                owner:
              user-access-control:
                owner:
              monitoring-and-logging:
                owner:
              compliance-and-governance:
                owner:
              incident-response:
                owner:
              agent-governance:
                owner:
              context-pollution-protection:
                owner:
              multi-system-integration:
                owner:
    "#);
}

#[test]
fn code_actions_fix_a_misspelt_model() {
    let shown = check_code_actions(
        r#"
        aisrm: 1
        components:
          bot:
            deployment: saas-a$0
        "#,
    );
    insta::assert_snapshot!(shown, @r#"
        Change to `saas-ai` (preferred)
        //- /ai-inventory.yaml
        aisrm: 1
        components:
          bot:
            deployment: saas-ai
    "#);
}

/// An inventory component and a design document extending it
/// (`extends:`): the editor shows one merged component.
const EXTENSION: &str = r#"
//- /ai-inventory.yaml
aisrm: 1
components:
  ticket-agent:
    deployment: agentic-ai
    responsibilities:
      data-privacy:
        owner: privacy-team
//- /docs/agent.md
# Agent

```aisrm
ticket-agent:
  extends: ../ai-inventory.yaml#ticket-agent
  responsibilities:
    agent-governance:
      owner: agent-team
      ownership: shared
      reason: tool allow-list reviewed weekly
```
"#;

/// The extension's key in the design document.
fn at_the_extension() -> String {
    EXTENSION.replacen("ticket-agent:\n  extends", "ticket$0-agent:\n  extends", 1)
}

#[test]
fn hover_on_an_extension_shows_the_merged_component() {
    insta::assert_snapshot!(check_hover(&at_the_extension()), @r#"
        hover on `ticket-agent`
        ### `ticket-agent`
        **Deployment:** Agentic AI (`agentic-ai`)
        …
        **Extended in:** `agent.md`
    "#);
}

/// The entry is in the design document; the cell is the inventory
/// component's model's.
#[test]
fn hover_on_an_extensions_domain_shows_the_extended_components_cell() {
    let at_domain = EXTENSION.replacen("agent-governance:", "agent$0-governance:", 1);
    insta::assert_snapshot!(check_hover(&at_domain), @r#"
        hover on `agent-governance`
        ### Agent Governance (`agent-governance`)
        …
        **For Agentic AI: **Customer** ★ critical focus.**
        …
        **This entry overrides the matrix: Shared** (reason: tool allow-list reviewed weekly).
        …
    "#);
}

#[test]
fn an_extension_navigates_to_and_renames_with_its_component() {
    insta::assert_snapshot!(check_definition(&at_the_extension()), @"ai-inventory.yaml:3:3 `ticket-agent`");
    insta::assert_snapshot!(check_references(&at_the_extension()), @r#"
        ai-inventory.yaml:3:3 `ticket-agent`
        docs/agent.md:4:1 `ticket-agent`
        docs/agent.md:5:33 `ticket-agent`
    "#);
    let renamed = check_rename(&at_the_extension(), "support-agent");
    assert!(
        renamed.contains("support-agent:\n  extends: ../ai-inventory.yaml#support-agent"),
        "{renamed}"
    );
    assert!(
        renamed.contains("components:\n  support-agent:"),
        "{renamed}"
    );
}

/// Hints, lenses and counts are the merged component's in both files.
#[test]
fn hints_and_lenses_show_the_merged_component() {
    let in_doc = EXTENSION.replacen("# Agent", "# Agent$0", 1);
    insta::assert_snapshot!(check_inlay_hints(&in_doc), @r#"
        # Agent

        ```aisrm
        ticket-agent:
          extends: ../ai-inventory.yaml#ticket-agent
          responsibilities:
            agent-governance:⟨customer · critical · override: shared⟩
              owner: agent-team
              ownership: shared
              reason: tool allow-list reviewed weekly
        ```
    "#);
    insta::assert_snapshot!(check_inlay_hints(EXTENSION), @r#"
        aisrm: 1
        components:
          ticket-agent:
            deployment: agentic-ai⟨Agentic AI · customer 10 · shared 5 · n/a 1⟩
            responsibilities:
              data-privacy:⟨customer⟩
                owner: privacy-team
    "#);
    insta::assert_snapshot!(check_code_lenses(EXTENSION), @"ai-inventory.yaml:3:3 `ticket-agent`: 9 unowned customer duties | 2 references");
    insta::assert_snapshot!(check_code_lenses(&in_doc), @"docs/agent.md:4:1 `ticket-agent`: 9 unowned customer duties | 2 references");
}
