//! Drift in the language server, driving the built binary: on a
//! `package.json` (a file discovery reads, not an aisrm file) the server
//! publishes `undeclared-ai-component` at the evidence, hovers and hints
//! there, and offers the two fixes; applying "Add" to the inventory
//! removes the finding, acknowledging with a blank reason keeps it and a
//! reason removes it. Nothing else is offered on that file, and an edit of
//! the inventory scans no discovery file again.

use std::path::{Path, PathBuf};
use std::process::Command;

use aisrm_test_support::{Client, Enc, Setup, file_uri, pos};
use serde_json::{Value, json};

const INVENTORY: &str = "aisrm: 1\ncomponents:\n  kb-rag-service:\n    name: KB RAG service\n    deployment: paas-ai\n    provider: Anthropic\n    description: Answers questions from the knowledge base.\n    covers: [anthropic-api]\n";
const PACKAGE: &str = "{\n  \"name\": \"web\",\n  \"dependencies\": {\n    \"@anthropic-ai/sdk\": \"^0.30.0\",\n    \"x-\u{1F916}\": \"1\", \"openai\": \"^4.0.0\"\n  }\n}\n";

fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aisrm-lsp-drift-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("web")).unwrap();
    std::fs::write(dir.join("ai-inventory.yaml"), INVENTORY).unwrap();
    std::fs::write(dir.join("web/package.json"), PACKAGE).unwrap();
    dir.canonicalize().unwrap()
}

/// The built binary, or (for the test hooks) the server in-process.
async fn started(dir: &Path, binary: bool) -> Client {
    let mut c = if binary {
        Client::spawn(env!("CARGO_BIN_EXE_aisrm"), &["lsp"])
    } else {
        Client::start()
    };
    c.initialize(dir, Setup::default()).await;
    c.indexed().await;
    c
}

/// The byte offset of an LSP position (UTF-16) in `text`.
fn offset(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap() as usize;
    let mut at = 0;
    for _ in 0..line {
        at += text[at..].find('\n').unwrap() + 1;
    }
    let mut units = p["character"].as_u64().unwrap() as usize;
    for ch in text[at..].chars() {
        if units == 0 {
            break;
        }
        units -= ch.len_utf16();
        at += ch.len_utf8();
    }
    at
}

/// `text` with `edits` (LSP text edits) applied.
fn applied(text: &str, edits: &Value) -> String {
    let mut edits: Vec<&Value> = edits.as_array().unwrap().iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(text, &e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        let (s, t) = (
            offset(text, &e["range"]["start"]),
            offset(text, &e["range"]["end"]),
        );
        out.replace_range(s..t, e["newText"].as_str().unwrap());
    }
    out
}

fn range_of(text: &str, needle: &str) -> Value {
    let start = text.find(needle).unwrap();
    json!({"start": pos(text, start, Enc::Utf16), "end": pos(text, start + needle.len(), Enc::Utf16)})
}

async fn undeclared(c: &mut Client, uri: &str, count: usize) -> Value {
    c.diagnostics(uri, |p| p["diagnostics"].as_array().unwrap().len() == count)
        .await["diagnostics"]
        .clone()
}

async fn hover_at(c: &mut Client, uri: &str, position: Value) -> Value {
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position}),
    )
    .await
}

async fn actions(c: &mut Client, uri: &str, d: &Value) -> Vec<Value> {
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
        )
        .await;
    r.as_array().unwrap().clone()
}

#[tokio::test]
async fn undeclared_component_on_a_package_json_and_its_two_fixes() {
    let dir = project("fixes");
    let package = file_uri(&dir.join("web/package.json"));
    let inventory = file_uri(&dir.join("ai-inventory.yaml"));
    let config = file_uri(&dir.join("aisrm.toml"));
    let mut c = started(&dir, true).await;

    // Published for the unopened file, at the evidence, exact.
    let found = undeclared(&mut c, &package, 1).await;
    let d = &found[0];
    assert_eq!(d["code"], "undeclared-ai-component");
    assert_eq!(d["severity"], 2);
    assert_eq!(d["range"], range_of(PACKAGE, "openai"));
    assert_eq!(d["range"]["start"], json!({"line": 4, "character": 18}));
    assert_eq!(
        d["relatedInformation"][0]["location"]["uri"],
        Value::String(inventory.clone())
    );
    assert_eq!(
        d["relatedInformation"][0]["location"]["range"],
        range_of(INVENTORY, "kb-rag-service")
    );

    c.open(&package, "json", PACKAGE).await;
    // Hover and inlay hints at the evidence.
    let at = |needle: &str| pos(PACKAGE, PACKAGE.find(needle).unwrap() + 2, Enc::Utf16);
    let hover = hover_at(&mut c, &package, at("\"openai\"")).await;
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("OpenAI API · PaaS AI · not in the inventory\n\n"),
        "{text}"
    );
    assert_eq!(hover["range"], range_of(PACKAGE, "openai"));
    let hover = hover_at(&mut c, &package, at("\"@anthropic")).await;
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("Anthropic API · PaaS AI · declared as `kb-rag-service`\n\n### KB RAG service (`kb-rag-service`)\n\nAnswers questions from the knowledge base."),
        "{text}"
    );
    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": package}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 7, "character": 0}}}),
        )
        .await;
    let hints: Vec<(Value, Value)> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["position"].clone(), h["label"].clone()))
        .collect();
    assert_eq!(
        hints,
        [
            (
                range_of(PACKAGE, "@anthropic-ai/sdk")["end"].clone(),
                json!("Anthropic API · declared as kb-rag-service")
            ),
            (
                range_of(PACKAGE, "openai")["end"].clone(),
                json!("OpenAI API · not in the inventory")
            ),
        ]
    );

    // The two fixes.
    let offered = actions(&mut c, &package, d).await;
    let titles: Vec<&str> = offered
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Add `openai-api` to ai-inventory.yaml",
            "Acknowledge: not an AI component"
        ]
    );

    // Add: the edit applied to the inventory declares the component.
    let edits = &offered[0]["edit"]["changes"][&inventory];
    let added = applied(INVENTORY, edits);
    assert!(
        added.starts_with(&format!("{INVENTORY}  openai-api:\n    name: \"OpenAI API\"\n    deployment: paas-ai\n    provider: \"OpenAI\"\n"))
            && added.ends_with("\n    covers: [openai-api]\n"),
        "{added}"
    );
    c.open(&inventory, "yaml", INVENTORY).await;
    c.replace_all(&inventory, 2, &added).await;
    undeclared(&mut c, &package, 0).await;
    // Taking it out brings the finding back.
    c.replace_all(&inventory, 3, INVENTORY).await;
    undeclared(&mut c, &package, 1).await;

    // Acknowledge: creates aisrm.toml with the entry and no reason.
    let ops = offered[1]["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], Value::String(config.clone()));
    assert_eq!(ops[1]["textDocument"]["uri"], Value::String(config.clone()));
    let toml = applied("", &ops[1]["edits"]);
    assert_eq!(toml, "[discovery.acknowledged]\n\"openai-api\" = \"\"\n");
    // A blank reason acknowledges nothing: the finding stays, and
    // aisrm.toml says what it needs.
    std::fs::write(dir.join("aisrm.toml"), &toml).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 1}]}),
    )
    .await;
    let problems = c
        .diagnostics(&config, |p| {
            !p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    assert!(
        problems["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("needs a reason"),
        "{problems}"
    );
    let probe = hover_at(&mut c, &package, at("\"openai\"")).await;
    assert!(
        probe["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("not in the inventory")
    );
    // With a reason it goes.
    std::fs::write(
        dir.join("aisrm.toml"),
        toml.replace("= \"\"", "= \"a test double, never called\""),
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 2}]}),
    )
    .await;
    undeclared(&mut c, &package, 0).await;
    let hover = hover_at(&mut c, &package, at("\"openai\"")).await;
    assert_eq!(
        hover["contents"]["value"],
        "OpenAI API · PaaS AI · acknowledged: not an AI component\n\na test double, never called"
    );

    // Nothing else on a discovery file.
    let here = json!({"textDocument": {"uri": package}, "position": at("\"openai\"")});
    for method in [
        "textDocument/completion",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/prepareRename",
    ] {
        let mut params = here.clone();
        params["context"] = json!({"includeDeclaration": true, "triggerKind": 1});
        let r = c.request(method, params).await;
        assert!(r.is_null() || r == json!([]), "{method}: {r}");
    }
    for method in ["textDocument/documentSymbol", "textDocument/codeLens"] {
        let r = c
            .request(method, json!({"textDocument": {"uri": package}}))
            .await;
        assert!(r.is_null() || r == json!([]), "{method}: {r}");
    }
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// Discovery's scans so far (a test hook of the server).
async fn scans(c: &mut Client) -> u64 {
    c.request("aisrm/test/discoveryScans", Value::Null)
        .await
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn an_inventory_keystroke_scans_no_manifest_whatever_their_number() {
    for manifests in [1, 40] {
        let dir = project(&format!("cost-{manifests}"));
        for n in 0..manifests {
            let sub = dir.join(format!("svc{n}"));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join("package.json"), PACKAGE).unwrap();
        }
        let inventory = file_uri(&dir.join("ai-inventory.yaml"));
        let last = file_uri(&dir.join(format!("svc{}/package.json", manifests - 1)));
        let mut c = started(&dir, false).await;
        undeclared(&mut c, &last, 1).await;
        let walked = scans(&mut c).await;
        c.open(&inventory, "yaml", INVENTORY).await;
        // Keystrokes that do not touch what the inventory declares...
        let described = INVENTORY.replace("knowledge base", "knowledge base (v2)");
        c.replace_all(&inventory, 2, &described).await;
        // ...and one that declares the component: every manifest's finding
        // goes, by a join over the kept evidence.
        let declared = described.replace("[anthropic-api]", "[anthropic-api, openai-api]");
        c.replace_all(&inventory, 3, &declared).await;
        undeclared(&mut c, &last, 0).await;
        assert_eq!(scans(&mut c).await, walked, "{manifests} manifests");
        // A keystroke in a manifest scans that one file.
        c.open(&last, "json", PACKAGE).await;
        c.replace_all(&last, 2, &PACKAGE.replace("\"web\"", "\"web2\""))
            .await;
        assert_eq!(scans(&mut c).await, walked + 2, "{manifests} manifests");
        assert_eq!(c.shutdown_and_exit().await, 0);
    }
}

#[tokio::test]
async fn the_projects_own_signals_apply_in_the_editor_too() {
    let dir = project("signals");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/discovery/repos/custom-signals");
    for file in ["aisrm.toml", "ai-signals.yaml", "service/requirements.txt"] {
        let to = dir.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo.join(file), &to).unwrap();
    }
    let requirements = file_uri(&dir.join("service/requirements.txt"));
    let text = std::fs::read_to_string(dir.join("service/requirements.txt")).unwrap();
    let mut c = started(&dir, true).await;
    let found = undeclared(&mut c, &requirements, 1).await;
    assert_eq!(found[0]["range"], range_of(&text, "acme-llm-gateway"));
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Acme LLM gateway (acme-llm-gateway, `paas-ai`)"),
        "{found}"
    );
    // Editing the signal file applies at once (the watcher reports it).
    let signals = dir.join("ai-signals.yaml");
    let without: String = std::fs::read_to_string(&signals)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("pypi-acme-llm-gateway"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&signals, without).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&signals), "type": 2}]}),
    )
    .await;
    undeclared(&mut c, &requirements, 0).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_component_whose_covers_names_nothing_found_is_reported_on_the_inventory() {
    let dir = project("not-found");
    let inventory = format!(
        "{INVENTORY}  local-llm:\n    deployment: on-premises\n    provider: In-house\n    covers: [ollama]\n"
    );
    std::fs::write(dir.join("ai-inventory.yaml"), &inventory).unwrap();
    let uri = file_uri(&dir.join("ai-inventory.yaml"));
    let mut c = started(&dir, true).await;
    let not_found = |p: &Value| {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "declared-component-not-found")
    };
    let published = c.diagnostics(&uri, not_found).await;
    let found: Vec<&Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "declared-component-not-found")
        .collect();
    assert_eq!(found.len(), 1, "{published}");
    assert_eq!(found[0]["severity"], 3);
    assert_eq!(found[0]["range"], range_of(&inventory, "local-llm"));
    // Evidence for it appears: the finding goes.
    c.open(&uri, "yaml", &inventory).await;
    std::fs::write(
        dir.join(".env.example"),
        "OLLAMA_HOST=http://localhost:11434\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join(".env.example")), "type": 1}]}),
    )
    .await;
    c.diagnostics(&uri, |p| !not_found(p)).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// A FIFO named as a manifest (and a symlink to one) that a watcher
/// reports, or that the editor opens and closes: reading it would block
/// until some program writes to it, and the input pump with it. The
/// server reads only regular files from the disk and keeps answering.
#[cfg(unix)]
#[tokio::test]
async fn a_fifo_named_as_a_manifest_never_blocks_the_server() {
    let dir = project("fifo");
    std::fs::create_dir_all(dir.join("pipe")).unwrap();
    let fifo = dir.join("pipe/package.json");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::fs::create_dir_all(dir.join("link")).unwrap();
    std::os::unix::fs::symlink(&fifo, dir.join("link/requirements.txt")).unwrap();
    let package = file_uri(&dir.join("web/package.json"));
    let mut c = started(&dir, true).await;
    undeclared(&mut c, &package, 1).await;
    c.open(&package, "json", PACKAGE).await;

    for path in [fifo.clone(), dir.join("link/requirements.txt")] {
        let uri = file_uri(&path);
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri, "type": 2}]}),
        )
        .await;
        c.open(&uri, "json", PACKAGE).await;
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
        let at = pos(PACKAGE, PACKAGE.find("openai").unwrap(), Enc::Utf16);
        let hover = hover_at(&mut c, &package, at).await;
        assert!(
            hover["contents"]["value"]
                .as_str()
                .unwrap()
                .starts_with("OpenAI API · PaaS AI · not in the inventory"),
            "{hover}"
        );
    }
    assert_eq!(c.shutdown_and_exit().await, 0);
    let _ = std::fs::remove_dir_all(dir);
}

/// A project signal file with problems (`server/cli/tests/project_signals.rs`
/// checks the same file with `aisrm check`).
const REFUSED_SIGNALS: &str = "discovery: 1
components:
  - {id: acme-llm-gateway, name: Acme LLM gateway, provider: Acme, deployment: cloud, description: d}
signals:
  - {id: pypi-acme, kind: package, ecosystem: pip, match: [acme-llm-gateway], component: acme-llm-gateway, confidence: certain, why: w}
extra: true
";

/// `(line, character, code, message)` of each finding in `aisrm check`'s
/// JSON for `rel`, as LSP positions (0-based; the file is ASCII).
fn checked(dir: &Path, rel: &str) -> Vec<(u64, u64, String, String)> {
    let out = aisrm_test_support::cli::run(
        env!("CARGO_BIN_EXE_aisrm"),
        &["check", ".", "--format", "json"],
        dir,
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == rel)
        .map(|d| {
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap() - 1,
                start["column"].as_u64().unwrap() - 1,
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_refused_signal_file_is_reported_at_its_problems_and_the_built_in_signals_still_apply() {
    let dir = project("refused-signals");
    std::fs::write(
        dir.join("aisrm.toml"),
        "[discovery]\nsignals = [\"ai-signals.yaml\"]\n",
    )
    .unwrap();
    let signals = dir.join("ai-signals.yaml");
    std::fs::write(&signals, REFUSED_SIGNALS).unwrap();
    let expected = checked(&dir, "ai-signals.yaml");
    assert_eq!(expected.len(), 3, "{expected:?}");

    let mut c = started(&dir, true).await;
    let uri = file_uri(&signals);
    let published = c
        .diagnostics(&uri, |p| !p["diagnostics"].as_array().unwrap().is_empty())
        .await;
    let found: Vec<(u64, u64, String, String)> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["severity"], 1, "{d}");
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap(),
                start["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found, expected,
        "the editor shows what `aisrm check` reports"
    );
    // The built-in signals still apply: `openai` is undeclared.
    let package = file_uri(&dir.join("web/package.json"));
    let drift = undeclared(&mut c, &package, 1).await;
    assert_eq!(drift[0]["range"], range_of(PACKAGE, "openai"));

    // Mended on disk (the watcher reports it): its findings go.
    std::fs::write(&signals, "discovery: 1\ncomponents: []\nsignals: []\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": &uri, "type": 2}]}),
    )
    .await;
    c.diagnostics(&uri, |p| p["diagnostics"].as_array().unwrap().is_empty())
        .await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn an_acknowledgement_typed_in_the_open_aisrm_toml_applies_before_it_is_saved() {
    let dir = project("typed-ack");
    let on_disk = "[discovery.acknowledged]\n\"openai-api\" = \"\"\n";
    std::fs::write(dir.join("aisrm.toml"), on_disk).unwrap();
    let config = file_uri(&dir.join("aisrm.toml"));
    let package = file_uri(&dir.join("web/package.json"));
    let mut c = started(&dir, true).await;
    undeclared(&mut c, &package, 1).await;
    // Typing the reason (not saved) acknowledges it.
    c.open(&config, "toml", on_disk).await;
    c.replace_all(
        &config,
        2,
        &on_disk.replace("= \"\"", "= \"a test double, never called\""),
    )
    .await;
    undeclared(&mut c, &package, 0).await;
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": &package}, "position": pos(PACKAGE, PACKAGE.find("openai").unwrap(), Enc::Utf16)}),
        )
        .await;
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("acknowledged: not an AI component"),
        "{hover}"
    );
    // Deleting it again brings the finding back; closing unsaved goes back
    // to the file on disk (a blank reason: not acknowledged).
    c.replace_all(&config, 3, "").await;
    undeclared(&mut c, &package, 1).await;
    c.replace_all(
        &config,
        4,
        &on_disk.replace("= \"\"", "= \"a test double, never called\""),
    )
    .await;
    undeclared(&mut c, &package, 0).await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": &config}}),
    )
    .await;
    undeclared(&mut c, &package, 1).await;
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// Deleting a folder is reported for the folder alone (VS Code's watcher
/// does so): the evidence in it goes with it, so the finding there is
/// withdrawn and the inventory component it declared is not found any
/// more, as `aisrm check` then says.
#[tokio::test]
async fn a_deleted_folder_takes_its_evidence_with_it() {
    let dir = project("deleted-folder");
    let inventory = file_uri(&dir.join("ai-inventory.yaml"));
    let package = file_uri(&dir.join("web/package.json"));
    let mut c = started(&dir, true).await;
    undeclared(&mut c, &package, 1).await;
    std::fs::remove_dir_all(dir.join("web")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("web")), "type": 3}]}),
    )
    .await;
    undeclared(&mut c, &package, 0).await;
    let published = c
        .diagnostics(&inventory, |p| {
            p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "declared-component-not-found")
        })
        .await;
    assert_eq!(
        published["diagnostics"][0]["range"],
        range_of(INVENTORY, "kb-rag-service")
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
    let _ = std::fs::remove_dir_all(dir);
}

/// A file `.gitignore` (or `.ignore`) leaves out is not discovery's in
/// the editor either: `check` shows no finding there, so opening,
/// closing or a watcher event must not make one.
#[tokio::test]
async fn an_ignored_manifest_gets_no_finding_in_the_editor_as_in_check() {
    let dir = std::env::temp_dir().join(format!("aisrm-lsp-drift-ignored-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dir = dir.canonicalize().unwrap();
    let write = |_: &Path, rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        &dir,
        "ai-inventory.yaml",
        "aisrm: 1\ncomponents:\n  kb:\n    name: KB\n    deployment: paas-ai\n    provider: A\n    description: d\n    covers: [anthropic-api]\n",
    );
    write(&dir, ".gitignore", "gen/\n");
    write(
        &dir,
        "gen/package.json",
        "{\"dependencies\": {\"openai\": \"1\"}}\n",
    );
    write(&dir, "requirements.txt", "anthropic\n");
    let check = Command::new(env!("CARGO_BIN_EXE_aisrm"))
        .args(["check", "--format", "json", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(
        !report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "undeclared-ai-component"),
        "{report}"
    );
    let mut c = Client::spawn(env!("CARGO_BIN_EXE_aisrm"), &["lsp"]);
    c.initialize(&dir, Setup::default()).await;
    c.indexed().await;
    let uri = file_uri(&dir.join("gen/package.json"));
    c.open(&uri, "json", "{\"dependencies\": {\"openai\": \"1\"}}\n")
        .await;
    // A request after the open: its diagnostics are published by then.
    let _ = c.request("textDocument/hover", serde_json::json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 22}})).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let published = c.drain().await;
    let found = published.iter().any(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && !m["params"]["diagnostics"].as_array().unwrap().is_empty()
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!found, "{published:#?}");
}
