//! The server honours what the client says it can do, driving the built
//! binary: completion items are snippets only with `snippetSupport`
//! (otherwise plain text that still inserts `key: `); quick fixes are
//! offered for the findings on the cursor's line and those the client
//! names in `context.diagnostics`; "Add a `reason:`" inserts the key and
//! leaves the warning until a reason is written; "Add entries for N
//! domains" names them and writes no `status:`.

use aisrm_test_support::{Client, Setup, file_uri, pos};
use serde_json::{Value, json};

fn workspace(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("aisrm-lsp-caps-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

async fn started(dir: &std::path::Path, snippets: bool) -> Client {
    let mut c = Client::spawn(env!("CARGO_BIN_EXE_aisrm"), &["lsp"]);
    let setup = Setup {
        snippets,
        ..Setup::default()
    };
    c.initialize(dir, setup).await;
    c.indexed().await;
    c
}

/// (label, insertTextFormat, newText) of the completion items at `offset`.
async fn completions(
    c: &mut Client,
    uri: &str,
    text: &str,
    offset: usize,
) -> Vec<(String, u64, String)> {
    let result = c
        .request("textDocument/completion", c.at(uri, text, offset))
        .await;
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["label"].as_str().unwrap().to_string(),
                i["insertTextFormat"].as_u64().unwrap(),
                i["textEdit"]["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn item<'a>(items: &'a [(String, u64, String)], label: &str) -> &'a (String, u64, String) {
    items
        .iter()
        .find(|i| i.0 == label)
        .unwrap_or_else(|| panic!("no `{label}` in {items:?}"))
}

const DRAFT: &str =
    "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    responsibilities:\n      \n";

#[tokio::test]
async fn completion_is_plain_text_without_snippet_support() {
    let dir = workspace("plain");
    let uri = file_uri(&dir.join("draft.aisrm.yaml"));
    for snippets in [false, true] {
        let mut c = started(&dir, snippets).await;
        c.open(&uri, "yaml", DRAFT).await;
        let domains = completions(&mut c, &uri, DRAFT, DRAFT.len() - 1).await;
        let top = "aisrm: 1\ncomponents:\n  \n";
        c.replace_all(&uri, 2, top).await;
        let components = completions(&mut c, &uri, top, top.len() - 1).await;
        let keys_text = "aisrm: 1\ncomponents:\n  bot:\n    \n";
        c.replace_all(&uri, 3, keys_text).await;
        let keys = completions(&mut c, &uri, keys_text, keys_text.len() - 1).await;
        if snippets {
            let (_, format, text) = item(&domains, "user-access-control");
            assert_eq!(
                (*format, text.as_str()),
                (
                    2,
                    "user-access-control:\n        owner: $1\n        status: ${2|implemented,partial,planned,gap,accepted-risk,not-applicable|}"
                )
            );
            assert_eq!(item(&components, "new component").1, 2);
        } else {
            assert!(
                domains
                    .iter()
                    .chain(&components)
                    .chain(&keys)
                    .all(|i| i.1 == 1),
                "plain text only"
            );
            assert_eq!(
                item(&domains, "user-access-control").2,
                "user-access-control:\n        owner: \n        status: "
            );
            assert_eq!(
                item(&components, "new component").2,
                "component-id:\n    name: Display name\n    deployment: \n    owner: team\n    responsibilities:\n      "
            );
            assert_eq!(item(&keys, "name").2, "name: ");
            assert_eq!(
                item(&keys, "responsibilities").2,
                "responsibilities:\n      "
            );
            assert!(
                keys.iter()
                    .chain(&domains)
                    .chain(&components)
                    .all(|i| !i.2.contains('$'))
            );
        }
        assert_eq!(c.shutdown_and_exit().await, 0);
    }
}

const OVERRIDE: &str = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    owner: team\n    responsibilities:\n      model-security:\n        ownership: customer\n      data-privacy:\n        ownr: privacy\n";

/// The titles of the code actions for `range` (LSP positions), with the
/// client naming `named` diagnostics.
async fn actions(c: &mut Client, uri: &str, range: Value, named: Value) -> Vec<Value> {
    let result = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": named}}),
        )
        .await;
    result.as_array().unwrap().clone()
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn quick_fixes_for_the_cursor_line_and_the_named_findings() {
    let dir = workspace("actions");
    let uri = file_uri(&dir.join("ai-inventory.yaml"));
    let mut c = started(&dir, false).await;
    c.open(&uri, "yaml", OVERRIDE).await;
    let published = c.diagnostics(&uri, |p| p["diagnostics"] != json!([])).await;
    let override_line = OVERRIDE.find("        ownership: customer").unwrap() + 8;

    // The cursor at the start of `ownership: customer`, before the value
    // the finding marks.
    let cursor = pos(OVERRIDE, override_line, c.enc);
    let found = actions(
        &mut c,
        &uri,
        json!({"start": cursor, "end": cursor}),
        json!([]),
    )
    .await;
    assert!(
        titles(&found).contains(&"Add a `reason:` for the override"),
        "{:?}",
        titles(&found)
    );
    let fix = found
        .iter()
        .find(|a| a["title"] == "Add a `reason:` for the override")
        .unwrap();
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "\n        reason: ");

    // Applied, the warning stays until a reason is written.
    let at = OVERRIDE.find("customer\n").unwrap() + "customer".len();
    let fixed = format!("{}\n        reason: {}", &OVERRIDE[..at], &OVERRIDE[at..]);
    c.replace_all(&uri, 2, &fixed).await;
    let after = c.diagnostics(&uri, |p| p["version"] == 2).await;
    let codes = aisrm_test_support::codes(&after["diagnostics"]);
    assert!(codes.contains(&"override-without-reason"), "{codes:?}");
    c.replace_all(&uri, 3, OVERRIDE).await;
    c.diagnostics(&uri, |p| p["version"] == 3).await;

    // A finding the client names is fixed wherever the cursor is.
    let unknown_key = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-key")
        .unwrap()
        .clone();
    let top = pos(OVERRIDE, 0, c.enc);
    let plain = actions(&mut c, &uri, json!({"start": top, "end": top}), json!([])).await;
    assert!(
        !titles(&plain).contains(&"Change to `owner`"),
        "{:?}",
        titles(&plain)
    );
    let named = actions(
        &mut c,
        &uri,
        json!({"start": top, "end": top}),
        json!([unknown_key]),
    )
    .await;
    assert!(
        titles(&named).contains(&"Change to `owner`"),
        "{:?}",
        titles(&named)
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn adding_entries_names_the_domains_and_writes_no_status() {
    let dir = workspace("entries");
    let uri = file_uri(&dir.join("ai-inventory.yaml"));
    let text = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-privacy:\n        owner: privacy\n";
    let mut c = started(&dir, true).await;
    c.open(&uri, "yaml", text).await;
    c.diagnostics(&uri, |p| p["diagnostics"] != json!([])).await;
    let at = pos(text, text.find("bot:").unwrap(), c.enc);
    let found = actions(&mut c, &uri, json!({"start": at, "end": at}), json!([])).await;
    let add = found
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Add entries for"))
        .unwrap_or_else(|| panic!("{:?}", titles(&found)));
    let title = add["title"].as_str().unwrap();
    assert!(
        title.contains("`user-access-control`") && title.contains("`incident-response`"),
        "{title}"
    );
    let new_text = add["edit"]["changes"][&uri][0]["newText"].as_str().unwrap();
    assert!(
        new_text.contains("      user-access-control:\n        owner:"),
        "{new_text}"
    );
    assert!(!new_text.contains("status:"), "{new_text}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}
