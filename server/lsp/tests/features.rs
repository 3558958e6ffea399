//! Editor features end to end: completion (also on broken documents),
//! hover, inlay hints, code lens, symbols, navigation, rename, code
//! actions, settings, the summary command, and lifecycle semantics.

mod support;

use serde_json::{Value, json};
use support::{Client, Enc, Setup, TempDir, codes, marked, pos, slice, start, utf8};

/// Opens `rel` with `marked_text` (its `$0` removed) and asks for
/// completions at the marker: (label, detail, text replaced, sortText).
async fn complete(c: &mut Client, ws: &TempDir, rel: &str, marked_text: &str) -> Vec<Value> {
    let (text, offset) = marked(marked_text);
    let uri = ws.uri(rel);
    let lang = if rel.ends_with(".md") {
        "markdown"
    } else {
        "yaml"
    };
    c.open(&uri, lang, &text).await;
    let result = c
        .request("textDocument/completion", c.at(&uri, &text, offset))
        .await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    let mut items: Vec<Value> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            json!({
                "label": i["label"],
                "detail": i["detail"],
                "sort": i["sortText"],
                "replaces": slice(&text, &i["textEdit"]["range"], c.enc),
                "snippet": i["insertTextFormat"] == 2,
            })
        })
        .collect();
    items.sort_by(|a, b| a["sort"].as_str().cmp(&b["sort"].as_str()));
    items
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

const INVENTORY_HEAD: &str = "aisrm: 1\nframework: aisrm\ncomponents:\n";

#[tokio::test]
async fn completion_on_broken_documents() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, utf8()).await;
    let f = "draft.aisrm.yaml";

    // An unfinished key (the line is not valid YAML yet).
    let items = complete(
        &mut c,
        &ws,
        f,
        &format!("{INVENTORY_HEAD}  bot:\n    name: 🤖 ボット\n    depl$0\n"),
    )
    .await;
    assert_eq!(labels(&items)[0], "deployment", "required keys first");
    assert!(
        !labels(&items).contains(&"name"),
        "existing keys are not offered"
    );
    assert_eq!(items[0]["replaces"], "depl");

    // `deployment:` with nothing after it.
    let items = complete(
        &mut c,
        &ws,
        f,
        &format!("{INVENTORY_HEAD}  bot:\n    name: 🤖\n    deployment: $0\n"),
    )
    .await;
    insta::assert_json_snapshot!("completion_deployment", items);

    // A new line under `responsibilities:`: domains, customer-first for
    // the component's model, each with its matrix level.
    let items = complete(
        &mut c,
        &ws,
        f,
        &format!(
            "{INVENTORY_HEAD}  bot:\n    deployment: saas-ai\n    responsibilities:\n      user-access-control:\n        owner: x\n      $0\n"
        ),
    )
    .await;
    let l = labels(&items);
    assert!(!l.contains(&"user-access-control"));
    assert_eq!(items[0]["detail"], "Shared", "{items:#?}");
    assert!(items.last().unwrap()["detail"] == "N/A");
    insta::assert_json_snapshot!("completion_domains_saas", items);

    // Inside a ```aisrm block being typed (no closing fence yet).
    let items = complete(
        &mut c,
        &ws,
        "docs/draft.md",
        "# 下書き 📝\n\n```aisrm\nbot:\n  deployment: agentic-ai\n  responsibilities:\n    ag$0",
    )
    .await;
    assert_eq!(items[0]["label"], "application-security");
    assert_eq!(items[0]["detail"], "Customer");
    assert_eq!(items[0]["replaces"], "ag");
    assert!(labels(&items).contains(&"agent-governance"));
    let items = complete(
        &mut c,
        &ws,
        "docs/draft.md",
        "# 下書き 📝\n\n```aisrm\nbot:\n  deployment: ag$0",
    )
    .await;
    assert!(labels(&items).contains(&"agentic-ai"));
    assert_eq!(
        items.iter().find(|i| i["label"] == "agentic-ai").unwrap()["replaces"],
        "ag"
    );
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn completion_of_values_ids_and_snippets() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, Setup::default()).await;
    let f = "draft.aisrm.yaml";
    let top = complete(&mut c, &ws, f, "aisrm: 1\n$0").await;
    assert_eq!(labels(&top), ["framework", "system", "components"]);
    let fw = complete(&mut c, &ws, f, "aisrm: 1\nframework: $0\n").await;
    assert_eq!(labels(&fw), ["aisrm", "microsoft-ai"]);
    let status = complete(
        &mut c,
        &ws,
        f,
        &format!("{INVENTORY_HEAD}  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-security:\n        status: pa$0\n"),
    )
    .await;
    assert_eq!(
        labels(&status),
        [
            "implemented",
            "partial",
            "planned",
            "gap",
            "accepted-risk",
            "not-applicable"
        ]
    );
    assert_eq!(status[1]["replaces"], "pa");
    let own = complete(
        &mut c,
        &ws,
        f,
        &format!("{INVENTORY_HEAD}  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-security:\n        ownership: $0\n"),
    )
    .await;
    assert_eq!(own[0]["label"], "provider");
    assert_eq!(own[0]["detail"], "Provider (the matrix)");
    let deps = complete(
        &mut c,
        &ws,
        f,
        &format!(
            "{INVENTORY_HEAD}  bot:\n    deployment: saas-ai\n    depends-on: [ticket-index, al$0\n"
        ),
    )
    .await;
    assert_eq!(
        labels(&deps),
        ["alert-router", "support-bot", "ticket-index"]
    );
    assert_eq!(deps[0]["detail"], "Alert router 🚨 · agentic-ai");
    assert_eq!(deps[0]["replaces"], "al");
    let block_deps = complete(
        &mut c,
        &ws,
        f,
        &format!("{INVENTORY_HEAD}  bot:\n    depends-on:\n      - $0\n"),
    )
    .await;
    assert_eq!(block_deps.len(), 3);
    // Link fragments in Markdown: ids declared in the linked file.
    let links = complete(
        &mut c,
        &ws,
        "docs/other.md",
        "See [the bot 🤖](../ai-inventory.yaml#su$0",
    )
    .await;
    assert_eq!(labels(&links), ["support-bot", "ticket-index"]);
    assert_eq!(links[0]["replaces"], "su");
    // A snippet declaring a new component.
    let snippet = complete(&mut c, &ws, f, &format!("{INVENTORY_HEAD}  $0\n")).await;
    assert_eq!(labels(&snippet), ["new component"]);
    assert_eq!(snippet[0]["snippet"], true);
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn completion_snippet_text() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, Setup::default()).await;
    let (text, offset) = marked("aisrm: 1\ncomponents:\n  $0\n");
    let uri = ws.uri("snip.aisrm.yaml");
    c.open(&uri, "yaml", &text).await;
    let r = c
        .request("textDocument/completion", c.at(&uri, &text, offset))
        .await;
    insta::assert_snapshot!(
        "new_component_snippet",
        r[0]["textEdit"]["newText"].as_str().unwrap()
    );
    c.shutdown_and_exit().await;
}

async fn hover_at(c: &mut Client, uri: &str, text: &str, needle: &str) -> (String, String) {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle}")) + 1;
    let h = c
        .request("textDocument/hover", c.at(uri, text, offset))
        .await;
    assert_eq!(h["contents"]["kind"], "markdown");
    let value = h["contents"]["value"].as_str().unwrap().to_string();
    assert!(!value.contains("<"), "no raw HTML: {value}");
    (slice(text, &h["range"], c.enc).to_string(), value)
}

#[tokio::test]
async fn hover_on_models_domains_components_levels_and_statuses() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, utf8()).await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let (range, md) = hover_at(&mut c, &uri, &text, "saas-ai").await;
    assert_eq!(range, "saas-ai");
    insta::assert_snapshot!("hover_deployment", md);
    let (range, md) = hover_at(&mut c, &uri, &text, "data-security:").await;
    assert_eq!(range, "data-security");
    insta::assert_snapshot!("hover_domain", md);
    let (range, md) = hover_at(&mut c, &uri, &text, "customer\n").await;
    assert_eq!(range, "customer");
    insta::assert_snapshot!("hover_level", md);
    let (range, md) = hover_at(&mut c, &uri, &text, "gap").await;
    assert_eq!(range, "gap");
    assert!(md.contains("unmet"));
    let (range, md) = hover_at(&mut c, &uri, &text, "ticket-index]").await;
    assert_eq!(range, "ticket-index");
    insta::assert_snapshot!("hover_component", md);
    // A Markdown link to a component, on a line with emoji.
    let doc_uri = ws.uri("docs/design.md");
    let doc = ws.read("docs/design.md");
    c.open(&doc_uri, "markdown", &doc).await;
    let (range, md) = hover_at(&mut c, &doc_uri, &doc, "support bot 🤖").await;
    assert_eq!(range, "[support bot 🤖](../ai-inventory.yaml#support-bot)");
    assert!(
        md.starts_with("### Support bot 🤖 サポート (`support-bot`)"),
        "{md}"
    );
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn inlay_hints_in_both_encodings() {
    for setup in [utf8(), Setup::default()] {
        let ws = TempDir::fixture("ws");
        let mut c = start(&ws, setup).await;
        let uri = ws.uri("ai-inventory.yaml");
        let text = ws.read("ai-inventory.yaml");
        c.open(&uri, "yaml", &text).await;
        let end = pos(&text, text.len(), c.enc);
        let hints = c
            .request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": end}}),
            )
            .await;
        let got: Vec<Value> = hints
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let at = support::offset(&text, &h["position"], c.enc);
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                json!({"after": &text[line_start..at], "label": h["label"], "position": h["position"]})
            })
            .collect();
        insta::assert_json_snapshot!(format!("inlay_hints_{}", c.enc.name()), got);
        // The design doc: the hint after a value on a line after emoji.
        let doc_uri = ws.uri("docs/design.md");
        let doc = ws.read("docs/design.md");
        c.open(&doc_uri, "markdown", &doc).await;
        let end = pos(&doc, doc.len(), c.enc);
        let hints = c
            .request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": doc_uri}, "range": {"start": {"line": 0, "character": 0}, "end": end}}),
            )
            .await;
        assert_eq!(
            hints[0]["label"],
            "Agentic AI · customer 11 · shared 4 · n/a 1"
        );
        c.shutdown_and_exit().await;
    }
}

#[tokio::test]
async fn code_lens_symbols_and_navigation() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, Setup::default()).await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    let doc_uri = ws.uri("docs/design.md");
    let doc = ws.read("docs/design.md");
    c.open(&uri, "yaml", &text).await;
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let titles: Vec<(&str, &str)> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                slice(&text, &l["range"], Enc::Utf16),
                l["command"]["title"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        titles,
        [
            // Owners are inherited (docs/ownership.md).
            ("support-bot", "all customer duties owned (1 inherited)"),
            ("support-bot", "2 references"),
            ("ticket-index", "all customer duties owned (1 inherited)"),
            ("ticket-index", "2 references"),
        ]
    );
    assert_eq!(lenses[0]["command"]["command"], "aisrm.componentSummary");

    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let outline: Vec<Value> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            json!({
                "name": s["name"],
                "detail": s["detail"],
                "selection": slice(&text, &s["selectionRange"], Enc::Utf16),
                "children": s["children"].as_array().unwrap().iter().map(|c| c["name"].clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!("document_symbols", outline);
    let found = c
        .request("workspace/symbol", json!({"query": "rout"}))
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["name"], "alert-router");
    assert_eq!(found[0]["location"]["uri"], doc_uri);

    // Definition from a Markdown link (line with CJK) and from depends-on.
    c.open(&doc_uri, "markdown", &doc).await;
    let at = doc.find("#ticket-index").unwrap() + 3;
    let def = c
        .request("textDocument/definition", c.at(&doc_uri, &doc, at))
        .await;
    assert_eq!(def[0]["uri"], uri);
    assert_eq!(slice(&text, &def[0]["range"], Enc::Utf16), "ticket-index");
    // ... from the link's text too (issue 12, item 7).
    let at = doc.find("support bot 🤖").unwrap() + 2;
    let def = c
        .request("textDocument/definition", c.at(&doc_uri, &doc, at))
        .await;
    assert_eq!(slice(&text, &def[0]["range"], Enc::Utf16), "support-bot");
    let at = doc.find("[support-bot]").unwrap() + 2;
    let def = c
        .request("textDocument/definition", c.at(&doc_uri, &doc, at))
        .await;
    assert_eq!(slice(&text, &def[0]["range"], Enc::Utf16), "support-bot");
    // References (with the declaration).
    let at = text.find("support-bot:").unwrap();
    let mut params = c.at(&uri, &text, at);
    params["context"] = json!({"includeDeclaration": true});
    let refs = c.request("textDocument/references", params).await;
    let sites: Vec<(String, String)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let t = if l["uri"] == uri { &text } else { &doc };
            (
                l["uri"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                format!(
                    "{} @ {}",
                    slice(t, &l["range"], Enc::Utf16),
                    l["range"]["start"]
                ),
            )
        })
        .collect();
    insta::assert_json_snapshot!("references_support_bot", sites);
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn rename_across_files() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, utf8()).await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    let doc_uri = ws.uri("docs/design.md");
    let doc = ws.read("docs/design.md");
    c.open(&doc_uri, "markdown", &doc).await;
    let at = doc.find("#support-bot").unwrap() + 4;
    let prep = c
        .request("textDocument/prepareRename", c.at(&doc_uri, &doc, at))
        .await;
    assert_eq!(prep["placeholder"], "support-bot");
    assert_eq!(slice(&doc, &prep["range"], Enc::Utf8), "support-bot");
    // Not a component id: no rename.
    let at_text = doc.find("reads the").unwrap();
    let none = c
        .request("textDocument/prepareRename", c.at(&doc_uri, &doc, at_text))
        .await;
    assert_eq!(none, Value::Null);
    // Invalid ids are refused.
    let mut params = c.at(&doc_uri, &doc, at);
    params["newName"] = json!("Support Bot");
    let id = c.send_request("textDocument/rename", params.clone()).await;
    let err = c.response(id).await;
    assert_eq!(err["error"]["code"], -32602);
    params["newName"] = json!("helpdesk-bot");
    let edit = c.request("textDocument/rename", params).await;
    let changes = edit["changes"].as_object().unwrap();
    let apply = |t: &str, edits: &Value| {
        let mut t = t.to_string();
        let mut edits: Vec<&Value> = edits.as_array().unwrap().iter().collect();
        edits.sort_by_key(|e| {
            std::cmp::Reverse(support::offset(&t, &e["range"]["start"], Enc::Utf8))
        });
        for e in edits {
            let s = support::offset(&t, &e["range"]["start"], Enc::Utf8);
            let en = support::offset(&t, &e["range"]["end"], Enc::Utf8);
            t.replace_range(s..en, e["newText"].as_str().unwrap());
        }
        t
    };
    let new_doc = apply(&doc, &changes[&doc_uri]);
    let new_inv = apply(&text, &changes[&uri]);
    assert_eq!(new_doc.matches("helpdesk-bot").count(), 2);
    assert!(!new_doc.contains("support-bot"));
    assert!(new_inv.contains("  helpdesk-bot:\n"));
    assert!(!new_inv.contains("support-bot"));
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn code_actions_from_fixes_and_the_skeleton_source_action() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, Setup::default()).await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let actions_at = |needle: &str| {
        let s = text.find(needle).unwrap();
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": pos(&text, s, Enc::Utf16), "end": pos(&text, s + needle.len(), Enc::Utf16)},
            "context": {"diagnostics": []}
        })
    };
    let summarize = |actions: &Value| -> Vec<Value> {
        actions
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let edits = &a["edit"]["changes"][&uri];
                json!({
                    "title": a["title"],
                    "kind": a["kind"],
                    "preferred": a["isPreferred"],
                    "diagnostic": a["diagnostics"][0]["code"],
                    "edits": edits.as_array().unwrap().iter().map(|e| json!({
                        "replaces": slice(&text, &e["range"], Enc::Utf16),
                        "with": e["newText"],
                    })).collect::<Vec<_>>(),
                })
            })
            .collect()
    };
    // Did-you-mean on a line with emoji / CJK.
    let a = c
        .request("textDocument/codeAction", actions_at("urll"))
        .await;
    insta::assert_json_snapshot!("actions_did_you_mean", summarize(&a));
    // Add a reason to an override.
    let a = c
        .request("textDocument/codeAction", actions_at("customer\n"))
        .await;
    insta::assert_json_snapshot!("actions_override", summarize(&a));
    // Remove an entry for an N/A domain.
    let a = c
        .request(
            "textDocument/codeAction",
            actions_at("code-generation-security"),
        )
        .await;
    insta::assert_json_snapshot!("actions_not_applicable", summarize(&a));
    // Only the source action when asked for source actions.
    let mut p = actions_at("code-generation-security");
    p["context"]["only"] = json!(["source"]);
    let a = c.request("textDocument/codeAction", p).await;
    assert_eq!(a.as_array().unwrap().len(), 1);
    assert_eq!(a[0]["kind"], "source.aisrm.addResponsibilities");
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn settings_from_configuration_and_did_change_configuration() {
    let ws = TempDir::fixture("ws");
    let mut c = start(
        &ws,
        Setup {
            config: json!({"diagnostics": {"severity": {"status-gap": "off", "not-applicable-domain": "hint"}}}),
            ..Setup::default()
        },
    )
    .await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    let diags = d["diagnostics"].as_array().unwrap();
    assert!(!diags.iter().any(|d| d["code"] == "status-gap"));
    // The fixture has a finding of this code (owners are inherited, so no
    // `unowned-*` one): the assertion cannot hold vacuously.
    let hinted: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "not-applicable-domain")
        .collect();
    assert!(!hinted.is_empty());
    assert!(hinted.iter().all(|d| d["severity"] == 4));
    // Pushed settings: status-gap back, hints off, default framework.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"aisrm": {"inlayHints": {"enable": false}, "codeLens": {"enable": false}}}}),
    )
    .await;
    c.wait(|m| m["method"] == "workspace/inlayHint/refresh")
        .await;
    let d = c
        .diagnostics(&uri, |p| codes(&p["diagnostics"]).contains(&"status-gap"))
        .await;
    assert_eq!(d["version"], 1);
    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}}),
        )
        .await;
    assert_eq!(hints, json!([]));
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(lenses, json!([]));
    // `settings: null` makes the server pull `workspace/configuration`;
    // the design doc (no `framework:`) follows the default framework.
    *c.config.lock().unwrap() = json!({"framework": "microsoft-ai"});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    )
    .await;
    let doc_uri = ws.uri("docs/design.md");
    let d = c
        .diagnostics(&doc_uri, |p| {
            codes(&p["diagnostics"]).contains(&"unknown-deployment-model")
        })
        .await;
    assert!(
        d["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("microsoft-ai")
    );
    c.shutdown_and_exit().await;
}

/// `aisrm.ownership`: owners are inherited by default (an inherited owner
/// shows in the inlay hint); `"explicit"` brings back every customer duty
/// without an entry `owner:` (docs/ownership.md).
#[tokio::test]
async fn ownership_setting_inherit_and_explicit() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, Setup::default()).await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let unowned = |p: &Value| -> Vec<(String, String)> {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "unowned-customer-duties")
            .map(|d| {
                (
                    slice(&text, &d["range"], Enc::Utf16).to_string(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    assert_eq!(unowned(&d), []);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"aisrm": {"ownership": "explicit"}}}),
    )
    .await;
    let d = c.diagnostics(&uri, |p| !unowned(p).is_empty()).await;
    let rule = "ownership is explicit: only an entry's own `owner:` counts; see https://github.com/aisrm/aisrm/blob/main/docs/ownership.md";
    assert_eq!(
        unowned(&d),
        [
            (
                "saas-ai".to_string(),
                format!("1 customer duty has no owner in `support-bot`: data-security ({rule})")
            ),
            (
                "paas-ai".to_string(),
                format!(
                    "1 customer duty has no owner in `ticket-index`: user-access-control ({rule})"
                )
            ),
        ]
    );
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn component_summary_command() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, Setup::default()).await;
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let at = text.find("owner: cx-team").unwrap();
    let md = c
        .request(
            "workspace/executeCommand",
            json!({"command": "aisrm.componentSummary", "arguments": [{"uri": uri, "position": pos(&text, at, Enc::Utf16)}]}),
        )
        .await;
    insta::assert_snapshot!("component_summary", md.as_str().unwrap());
    let none = c
        .request(
            "workspace/executeCommand",
            json!({"command": "aisrm.componentSummary", "arguments": [{"uri": uri, "position": {"line": 0, "character": 0}}]}),
        )
        .await;
    assert_eq!(none, Value::Null);
    c.shutdown_and_exit().await;
}

#[tokio::test]
async fn lifecycle_exit_codes_panics_and_cancellation() {
    let ws = TempDir::fixture("ws");
    // Exit without shutdown: 1.
    let mut c = Client::start();
    c.initialize(&ws.0, Setup::default()).await;
    assert_eq!(c.exit_only().await, 1);

    let mut c = start(&ws, Setup::default()).await;
    // A panicking handler is answered as an internal error ...
    let id = c.send_request("aisrm/test/panic", Value::Null).await;
    let r = c.response(id).await;
    assert_eq!(r["error"]["code"], -32603, "{r}");
    // ... and the server keeps serving.
    let uri = ws.uri("ai-inventory.yaml");
    let text = ws.read("ai-inventory.yaml");
    c.open(&uri, "yaml", &text).await;
    let at = text.find("saas-ai").unwrap();
    let h = c.request("textDocument/hover", c.at(&uri, &text, at)).await;
    assert!(h["contents"]["value"].as_str().unwrap().contains("SaaS"));
    // $/cancelRequest: the slow request ends as cancelled.
    let id = c.send_request("aisrm/test/sleep", Value::Null).await;
    c.notify("$/cancelRequest", json!({"id": id})).await;
    let r = c.response(id).await;
    assert_eq!(r["error"]["code"], -32800, "{r}");
    // The panic was logged through window/logMessage.
    let log = c
        .wait(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 1)
        .await;
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("aisrm/test/panic")
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// `diagnostics.maxPerFile` bounds what is published for one file: the
/// most severe findings first, then a note saying how many are not shown.
#[tokio::test]
async fn at_most_max_per_file_findings_are_published() {
    let ws = TempDir::fixture("ws");
    let mut c = start(
        &ws,
        Setup {
            configuration: true,
            config: json!({"diagnostics": {"maxPerFile": 2}}),
            ..Setup::default()
        },
    )
    .await;
    let uri = ws.uri("broken.aisrm.yaml");
    let text = "aisrm: 1\ncomponents:\n  a: {deployment: saas-ai}\n  b: {deployment: nope}\n  c: {deployment: saas-ai, responsibilities: {x: {status: gap}}}\n";
    c.open(&uri, "yaml", text).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    let got: Vec<(String, i64)> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("unknown-deployment-model".to_string(), 1),
            ("unknown-domain".to_string(), 1),
            ("too-many-findings".to_string(), 3)
        ]
    );
    let note = &d["diagnostics"][2];
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .starts_with("5 more findings"),
        "{note}"
    );
    c.shutdown_and_exit().await;
}

/// A Markdown file with no ```aisrm block but a component link into an
/// inventory is a design doc (issue 12, item 9): its broken link is
/// published while typing; once the link is gone it is plain Markdown and
/// its findings are cleared.
#[tokio::test]
async fn a_markdown_file_with_only_component_links_is_checked() {
    let ws = TempDir::fixture("ws");
    let mut c = start(&ws, Setup::default()).await;
    let uri = ws.uri("docs/links.md");
    let text = "# Links\n\nThe [bot](../ai-inventory.yaml#support-bot) and the [typo](../ai-inventory.yaml#support-bott).\n";
    c.open(&uri, "markdown", text).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    let found: Vec<(&str, &str)> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                slice(text, &d["range"], Enc::Utf16),
            )
        })
        .collect();
    assert_eq!(found, vec![("unknown-component", "support-bott")]);
    c.replace_all(&uri, 2, "# Links\n\nNo component links any more.\n")
        .await;
    let d = c.diagnostics(&uri, |p| p["version"] == 2).await;
    assert_eq!(d["diagnostics"], json!([]));
    c.shutdown_and_exit().await;
}
