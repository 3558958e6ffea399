//! The scenarios, run against one server at a time:
//!
//! 1. start: spawn, `initialize` (the generated folder as workspace),
//!    `initialized`, settings, `didOpen` of the inventory; the time from
//!    spawn to its first diagnostics, and from `didOpen` to them.
//! 2. typing: single-character insertions in the middle of the file, one
//!    `didChange` (incremental range) at a time; each waits for the
//!    diagnostics of that version (aisrm: `version` matches; the peer
//!    does not send versions reliably, so the first publish for the
//!    document after the edit).
//! 3. completion and hover requests in the middle of the file.
//! 4. peak RSS of the server process (`VmHWM` of /proc/PID/status) with
//!    the file open.
//! 5. (aisrm) indexing a workspace of many files: `initialized` → the end
//!    of the `aisrm/index` progress.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aisrm_test_support::file_uri;
use serde_json::{Value, json};

use crate::generate;
use crate::lsp::{Client, ConfigFn};
use crate::table;

#[derive(clap::Args)]
pub struct RunArgs {
    /// The aisrm binary (`aisrm lsp` is run).
    #[arg(long)]
    pub aisrm: PathBuf,
    /// yaml-language-server's entry script (`bin/yaml-language-server`),
    /// run with `node ... --stdio`; left out: aisrm only.
    #[arg(long)]
    pub yaml_ls: Option<PathBuf>,
    #[arg(long, default_value = "node")]
    pub node: String,
    /// The JSON Schema the peer validates inventories with.
    #[arg(long)]
    pub schema: PathBuf,
    /// Inventory sizes, in components.
    #[arg(long, value_delimiter = ',', default_value = "100,1000,10000")]
    pub sizes: Vec<usize>,
    /// Single-character edits per size.
    #[arg(long, default_value_t = 200)]
    pub edits: usize,
    /// Completion and hover requests per size.
    #[arg(long, default_value_t = 100)]
    pub requests: usize,
    /// Files of the workspace-indexing scenario (0: skip).
    #[arg(long, default_value_t = 1000)]
    pub files: usize,
    /// Stop the peer's typing scenario after this many seconds per size
    /// (the table says how many edits were measured).
    #[arg(long, default_value_t = 600)]
    pub peer_seconds: u64,
    /// Where generated workspaces go.
    #[arg(long, default_value = "target/bench-work")]
    pub work: PathBuf,
    /// Also write the table (Markdown) here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Runs of every scenario; the table shows each figure's median run.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Fail unless every scenario produced sane results (findings
    /// reported, completions and hovers answered): for the smoke test.
    #[arg(long)]
    pub check: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Aisrm,
    YamlLs,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Aisrm => "aisrm",
            Kind::YamlLs => "yaml-language-server",
        }
    }
}

struct ServerCmd {
    kind: Kind,
    program: String,
    args: Vec<String>,
    /// What the client answers to `workspace/configuration`.
    config: Arc<ConfigFn>,
}

/// The results of one server on one size.
#[derive(Default, Debug)]
pub struct SizeResult {
    pub components: usize,
    pub bytes: usize,
    pub start_to_diagnostics: Option<Duration>,
    pub open_to_diagnostics: Option<Duration>,
    pub open_findings: usize,
    pub edits: Vec<Duration>,
    /// Findings in the diagnostics of the last edit.
    pub last_findings: usize,
    pub edits_planned: usize,
    pub completion: Vec<Duration>,
    pub completion_items: usize,
    pub hover: Vec<Duration>,
    pub hover_answered: usize,
    pub peak_rss_kib: Option<u64>,
    pub error: Option<String>,
}

#[derive(Default, Debug)]
pub struct IndexResult {
    pub time: Option<Duration>,
    pub indexed_message: Option<String>,
    pub peak_rss_kib: Option<u64>,
    pub error: Option<String>,
}

/// One server's results, every run of every scenario.
pub struct ServerResults {
    pub kind: Kind,
    /// Per size (in `--sizes` order), one result per run.
    pub sizes: Vec<Vec<SizeResult>>,
    /// One result per run; empty when not run.
    pub index: Vec<IndexResult>,
}

fn yaml_settings(schema: &Path) -> Value {
    json!({
        "validate": true,
        "hover": true,
        "completion": true,
        "format": {"enable": false},
        "schemaStore": {"enable": false},
        "kubernetesCRDStore": {"enable": false},
        "schemas": {file_uri(schema): ["ai-inventory.yaml", "*.aisrm.yaml"]}
    })
}

fn servers(args: &RunArgs) -> Result<Vec<ServerCmd>, String> {
    // Servers run in the generated folder: make paths absolute first.
    let aisrm = std::fs::canonicalize(&args.aisrm)
        .map_err(|e| format!("aisrm binary {}: {e}", args.aisrm.display()))?;
    let mut out = vec![ServerCmd {
        kind: Kind::Aisrm,
        program: aisrm.display().to_string(),
        args: vec!["lsp".into()],
        config: Arc::new(|_| Value::Null),
    }];
    if let Some(js) = &args.yaml_ls {
        let js = std::fs::canonicalize(js)
            .map_err(|e| format!("yaml-language-server {}: {e}", js.display()))?;
        let schema = std::fs::canonicalize(&args.schema)
            .map_err(|e| format!("schema {}: {e}", args.schema.display()))?;
        let settings = yaml_settings(&schema);
        out.push(ServerCmd {
            kind: Kind::YamlLs,
            program: args.node.clone(),
            args: vec![js.display().to_string(), "--stdio".into()],
            config: Arc::new(move |section| match section {
                Some("yaml") => settings.clone(),
                _ => json!({}),
            }),
        });
    }
    Ok(out)
}

fn client_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": true},
        "workspace": {
            "configuration": true,
            "workspaceFolders": true,
            "didChangeConfiguration": {"dynamicRegistration": false},
            "didChangeWatchedFiles": {"dynamicRegistration": true}
        },
        "textDocument": {
            "synchronization": {"didSave": true, "dynamicRegistration": false},
            "publishDiagnostics": {"versionSupport": true, "relatedInformation": true},
            "completion": {"completionItem": {"snippetSupport": true}},
            "hover": {"contentFormat": ["markdown", "plaintext"]}
        }
    })
}

const WAIT: Duration = Duration::from_secs(600);

fn start(cmd: &ServerCmd, root: &Path) -> Result<(Client, Instant), String> {
    let spawned = Instant::now();
    let mut client = Client::spawn(&cmd.program, &cmd.args, root, cmd.config.clone())
        .map_err(|e| format!("cannot start {}: {e}", cmd.program))?;
    let root_uri = file_uri(root);
    client.call(
        "initialize",
        json!({
            "processId": std::process::id(),
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
            "capabilities": client_capabilities(),
            "clientInfo": {"name": "lsp-bench"}
        }),
        WAIT,
    )?;
    client
        .notify("initialized", json!({}))
        .map_err(|e| e.to_string())?;
    if cmd.kind == Kind::YamlLs {
        // yaml-language-server validates only once it has settings; it
        // pulls them (workspace/configuration) on this notification.
        client
            .notify("workspace/didChangeConfiguration", json!({"settings": {}}))
            .map_err(|e| e.to_string())?;
    }
    Ok((client, spawned))
}

fn is_publish_for(m: &Value, uri: &str, version: Option<i64>, versioned: bool) -> bool {
    if m.get("method").and_then(Value::as_str) != Some("textDocument/publishDiagnostics") {
        return false;
    }
    let p = &m["params"];
    if p["uri"].as_str() != Some(uri) {
        return false;
    }
    !versioned || p["version"].as_i64() == version
}

/// Line (0-based) and column after the first line at or after `from` that
/// starts with `prefix`.
fn find_line(text: &str, from: usize, prefix: &str) -> Option<(u32, u32)> {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.starts_with(prefix))
        .map(|(i, l)| (i as u32, l.len() as u32))
}

fn percentile(samples: &[Duration], p: f64) -> Option<Duration> {
    if samples.is_empty() {
        return None;
    }
    let mut s = samples.to_vec();
    s.sort();
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    Some(s[rank.clamp(1, s.len()) - 1])
}

pub fn pct(samples: &[Duration], p: f64) -> Option<Duration> {
    percentile(samples, p)
}

fn run_size(cmd: &ServerCmd, args: &RunArgs, n: usize) -> SizeResult {
    let mut r = SizeResult {
        components: n,
        ..SizeResult::default()
    };
    if let Err(e) = run_size_inner(cmd, args, n, &mut r) {
        r.error = Some(e);
    }
    r
}

fn run_size_inner(
    cmd: &ServerCmd,
    args: &RunArgs,
    n: usize,
    r: &mut SizeResult,
) -> Result<(), String> {
    let dir = abs(&args.work.join(format!("components-{n}")));
    let g = generate::big_workspace(&dir, n).map_err(|e| e.to_string())?;
    r.bytes = std::fs::metadata(&g.inventory)
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    let text = std::fs::read_to_string(&g.inventory).map_err(|e| e.to_string())?;
    let uri = file_uri(&g.inventory);
    let versioned = cmd.kind == Kind::Aisrm;

    let (mut client, spawned) = start(cmd, &g.root)?;
    let opened = client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        )
        .map_err(|e| e.to_string())?;
    let first = client.wait_for(WAIT, "diagnostics after didOpen", |m| {
        is_publish_for(m, &uri, Some(1), versioned)
    })?;
    r.start_to_diagnostics = Some(first.at - spawned);
    r.open_to_diagnostics = Some(first.at - opened);
    r.open_findings = first.msg["params"]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len);

    // Typing in the middle of the file: at the end of the middle
    // component's `name:` line.
    let mid_line = find_line(&text, 0, &format!("  {}:", generate::component_id(n / 2)))
        .ok_or("middle component not found")?
        .0 as usize;
    let (line, col) = find_line(&text, mid_line, "    name: ").ok_or("name line not found")?;
    let typed: Vec<char> = "typing in the middle of the file ".chars().collect();
    r.edits_planned = args.edits;
    let limit = match cmd.kind {
        Kind::Aisrm => Duration::from_secs(600),
        Kind::YamlLs => Duration::from_secs(args.peer_seconds),
    };
    let typing_started = Instant::now();
    // Let anything still in flight (workspace indexing) settle first.
    std::thread::sleep(Duration::from_millis(200));
    client.drain();
    for i in 0..args.edits {
        if typing_started.elapsed() > limit {
            break;
        }
        let version = 2 + i as i64;
        let at = json!({"line": line, "character": col + i as u32});
        let ch = typed[i % typed.len()].to_string();
        let sent = client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": {"start": at, "end": at}, "text": ch}]
                }),
            )
            .map_err(|e| e.to_string())?;
        let got = client.wait_for(WAIT, "diagnostics after an edit", |m| {
            is_publish_for(m, &uri, Some(version), versioned)
        })?;
        r.edits.push(got.at - sent);
        r.last_findings = got.msg["params"]["diagnostics"]
            .as_array()
            .map_or(0, Vec::len);
    }

    // Completion of a `status:` value and hover on a `deployment:` value,
    // both in the middle of the file (positions are past the edited line,
    // whose text only grew at its end).
    let (sline, _) =
        find_line(&text, mid_line, "        status: ").ok_or("status line not found")?;
    let status_col = "        status: ".len() as u32;
    let (dline, _) =
        find_line(&text, mid_line, "    deployment: ").ok_or("deployment line not found")?;
    let deploy_col = "    deployment: ".len() as u32 + 2;
    // The peer may take seconds per request on big files: its requests
    // share the time limit of its typing scenario.
    let requests_started = Instant::now();
    for _ in 0..args.requests {
        if requests_started.elapsed() > limit && !r.completion.is_empty() {
            break;
        }
        let (result, took) = client.call(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": sline, "character": status_col}}),
            WAIT,
        )?;
        r.completion.push(took);
        r.completion_items = match &result {
            Value::Array(items) => items.len(),
            Value::Object(o) => o.get("items").and_then(Value::as_array).map_or(0, Vec::len),
            _ => 0,
        };
    }
    let requests_started = Instant::now();
    for _ in 0..args.requests {
        if requests_started.elapsed() > limit && !r.hover.is_empty() {
            break;
        }
        let (result, took) = client.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": dline, "character": deploy_col}}),
            WAIT,
        )?;
        r.hover.push(took);
        if !result.is_null() {
            r.hover_answered += 1;
        }
    }
    r.peak_rss_kib = client.memory_kib().0;
    client.stop();
    Ok(())
}

fn run_index(cmd: &ServerCmd, args: &RunArgs) -> IndexResult {
    let mut r = IndexResult::default();
    let result = (|| -> Result<(), String> {
        let dir = abs(&args.work.join(format!("files-{}", args.files)));
        generate::many_files(&dir, args.files).map_err(|e| e.to_string())?;
        let (client, _) = start(cmd, &dir)?;
        let t0 = Instant::now();
        let end = client.wait_for(WAIT, "the end of workspace indexing", |m| {
            m.get("method").and_then(Value::as_str) == Some("$/progress")
                && m["params"]["token"].as_str() == Some("aisrm/index")
                && m["params"]["value"]["kind"].as_str() == Some("end")
        })?;
        r.time = Some(end.at - t0);
        r.indexed_message = end.msg["params"]["value"]["message"]
            .as_str()
            .map(String::from);
        r.peak_rss_kib = client.memory_kib().0;
        client.stop();
        Ok(())
    })();
    if let Err(e) = result {
        r.error = Some(e);
    }
    r
}

fn abs(p: &Path) -> PathBuf {
    std::fs::create_dir_all(p).ok();
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

pub fn run(args: &RunArgs) -> Result<(), String> {
    let mut all = Vec::new();
    for cmd in servers(args)? {
        let mut results = ServerResults {
            kind: cmd.kind,
            sizes: Vec::new(),
            index: Vec::new(),
        };
        let runs = args.runs.max(1);
        for &n in &args.sizes {
            let mut per_run = Vec::new();
            for run in 1..=runs {
                eprintln!(
                    "lsp-bench: {} on {n} components, run {run}/{runs} ...",
                    cmd.kind.name()
                );
                let r = run_size(&cmd, args, n);
                if let Some(e) = &r.error {
                    eprintln!("lsp-bench: {} on {n} components: {e}", cmd.kind.name());
                }
                per_run.push(r);
            }
            results.sizes.push(per_run);
        }
        if args.files > 0 && cmd.kind == Kind::Aisrm {
            for run in 1..=runs {
                eprintln!(
                    "lsp-bench: {} indexing {} files, run {run}/{runs} ...",
                    cmd.kind.name(),
                    args.files
                );
                let r = run_index(&cmd, args);
                if let Some(e) = &r.error {
                    eprintln!("lsp-bench: indexing: {e}");
                }
                results.index.push(r);
            }
        }
        all.push(results);
    }
    let text = table::render(args, &all);
    println!("{text}");
    if let Some(out) = &args.out {
        std::fs::write(out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let problems = table::problems(args, &all);
    for p in &problems {
        eprintln!("lsp-bench: {p}");
    }
    if !problems.is_empty() && args.check {
        return Err(format!("{} problem(s)", problems.len()));
    }
    Ok(())
}
