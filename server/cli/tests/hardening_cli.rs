//! The `aisrm` binary on hostile workspaces: invalid UTF-8, binary files,
//! symlink loops, huge files, custom frameworks escaping the workspace,
//! and garbage on the language server's stdin. Each run must finish
//! (a watchdog kills it after a generous deadline) with a finding, never
//! a crash.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aisrm_test_support::bombs;
use serde_json::Value;

const DEADLINE: Duration = Duration::from_secs(60);

struct Dir(PathBuf);

impl Dir {
    fn new() -> Dir {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "aisrm-hardening-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir.canonicalize().unwrap())
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `aisrm ARGS` in `cwd` under a watchdog.
fn aisrm(cwd: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aisrm"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).unwrap();
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        err.read_to_end(&mut v).unwrap();
        v
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            panic!("aisrm {args:?} did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

/// `aisrm check --format json` on `dir`: (exit code, every finding as
/// (file name, code)).
fn check(dir: &Dir) -> (i32, Vec<(String, String)>) {
    let out = aisrm(&dir.0, &["check", "--format", "json", "."]);
    let code = out.status.code().expect("exited, not killed by a signal");
    assert!(
        code <= 2,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: Value = match serde_json::from_str(&stdout) {
        Ok(v) => v,
        Err(_) => return (code, Vec::new()),
    };
    let mut found = Vec::new();
    collect_findings(&json, None, &mut found);
    (code, found)
}

/// Walks the JSON report for objects with a `code`, remembering the
/// nearest enclosing `path`/`file`.
fn collect_findings(v: &Value, file: Option<&str>, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            let here = map
                .get("path")
                .or_else(|| map.get("file"))
                .and_then(Value::as_str)
                .or(file);
            if let Some(code) = map.get("code").and_then(Value::as_str) {
                let name = here.map(|p| p.rsplit('/').next().unwrap_or(p).to_string());
                out.push((name.unwrap_or_default(), code.to_string()));
            }
            for value in map.values() {
                collect_findings(value, here, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_findings(i, file, out)),
        _ => {}
    }
}

fn has(found: &[(String, String)], file: &str, code: &str) -> bool {
    found.iter().any(|(f, c)| f == file && c == code)
}

const INVENTORY: &str = "aisrm: 1\ncomponents:\n  chat:\n    deployment: saas-ai\n";

#[test]
fn invalid_utf8_is_an_unreadable_file_finding() {
    let dir = Dir::new();
    dir.write("ai-inventory.yaml", INVENTORY);
    dir.write("latin1.aisrm.yaml", b"aisrm: 1\nsystem: {name: caf\xe9}\n");
    dir.write(
        "docs/design.md",
        b"# D\xff\xfe\n\n```aisrm\nx: {deployment: saas-ai}\n```\n",
    );
    let (code, found) = check(&dir);
    assert!(
        has(&found, "latin1.aisrm.yaml", "unreadable-file"),
        "{found:?}"
    );
    assert!(has(&found, "design.md", "unreadable-file"), "{found:?}");
    assert_eq!(code, 1);
}

#[test]
fn binary_file_named_as_an_inventory() {
    let dir = Dir::new();
    dir.write("ai-inventory.yaml", INVENTORY);
    // Invalid UTF-8 binary, and binary that happens to be valid UTF-8.
    dir.write("x.aisrm.yaml", bombs::binary(256 * 1024));
    let ascii_binary: Vec<u8> = (0..128u8).cycle().take(256 * 1024).collect();
    dir.write("y.aisrm.yaml", &ascii_binary);
    let (code, found) = check(&dir);
    assert!(has(&found, "x.aisrm.yaml", "unreadable-file"), "{found:?}");
    assert!(found.iter().any(|(f, _)| f == "y.aisrm.yaml"), "{found:?}");
    assert_eq!(code, 1);
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_the_workspace_terminate() {
    use std::os::unix::fs::symlink;
    let dir = Dir::new();
    dir.write("ai-inventory.yaml", INVENTORY);
    std::fs::create_dir_all(dir.0.join("a/b")).unwrap();
    symlink(&dir.0, dir.0.join("a/b/up")).unwrap(); // to the root
    symlink(dir.0.join("a"), dir.0.join("a/b/again")).unwrap();
    symlink("self.aisrm.yaml", dir.0.join("self.aisrm.yaml")).unwrap(); // itself
    symlink("ping.aisrm.yaml", dir.0.join("pong.aisrm.yaml")).unwrap();
    symlink("pong.aisrm.yaml", dir.0.join("ping.aisrm.yaml")).unwrap();
    let (code, found) = check(&dir);
    assert_eq!(code, 0, "{found:?}");
    // The inventory is reported once: links are not followed.
    let out = aisrm(&dir.0, &["check", "--format", "json", "."]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("ai-inventory.yaml").count().min(1), 1);
    // Named on the command line, a looping link is an I/O error, not a hang.
    let out = aisrm(&dir.0, &["check", "self.aisrm.yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

/// One walk for check and discovery: vendored and build folders are not
/// entered (a dependency's inventory is not the project's), but a file
/// named on the command line is read wherever it is.
#[test]
fn vendored_and_build_folders_are_checked_only_when_named() {
    let dir = Dir::new();
    dir.write("ai-inventory.yaml", INVENTORY);
    dir.write("node_modules/some-sdk/ai-inventory.yaml", INVENTORY);
    dir.write("build/docs/ai-inventory.yaml", INVENTORY);
    let (_, found) = check(&dir);
    assert!(
        !found.iter().any(|(_, code)| code == "duplicate-component"),
        "{found:?}"
    );
    let named = aisrm(
        &dir.0,
        &[
            "check",
            "--format",
            "json",
            "node_modules/some-sdk/ai-inventory.yaml",
        ],
    );
    let report = String::from_utf8_lossy(&named.stdout);
    assert!(report.contains("duplicate-component"), "{report}");
}

/// A FIFO named like a manifest or an inventory: the walk skips it (it is
/// no regular file) and a named one is not waited on.
#[cfg(unix)]
#[test]
fn fifos_are_not_read() {
    let dir = Dir::new();
    dir.write("ai-inventory.yaml", INVENTORY);
    for name in ["package.json", "design.aisrm.yaml"] {
        let made = Command::new("mkfifo").arg(dir.0.join(name)).status();
        assert!(made.unwrap().success());
    }
    let (code, _) = check(&dir);
    assert!(code <= 1);
    let out = aisrm(&dir.0, &["discover", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(0));
    let out = aisrm(&dir.0, &["check", "design.aisrm.yaml"]);
    assert!(out.status.code().is_some());
}

#[test]
fn fifty_megabyte_inventory_is_refused_with_an_error() {
    let dir = Dir::new();
    dir.write("big.aisrm.yaml", bombs::padded_inventory(50 * 1024 * 1024));
    // One file policy for check and the editor (core's `files::read`): an
    // inventory past the 32 MiB cap is not read at all and is an error.
    let (_, found) = check(&dir);
    assert!(
        has(&found, "big.aisrm.yaml", "unreadable-file"),
        "{found:?}"
    );
    let out = aisrm(&dir.0, &["check", "."]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("more than the 32 MiB aisrm reads"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn one_megabyte_line_and_many_components() {
    let dir = Dir::new();
    dir.write("line.aisrm.yaml", bombs::long_line(1024 * 1024));
    let many = bombs::many_components(20_000, |i| format!("    depends-on: [nope-{i}]\n"));
    dir.write("many.aisrm.yaml", &many);
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    assert!(has(&found, "many.aisrm.yaml", "unknown-component"));
    // SARIF converts every position too. (Human output is left out: it
    // prints the whole 1 MB line for each of the ~25,000 findings on it,
    // a known limit of the codespan-reporting snippets.)
    let out = aisrm(&dir.0, &["check", "--format", "sarif", "."]);
    assert_eq!(out.status.code(), Some(1));
}

/// A custom framework outside the workspace is refused, and its content
/// has no effect: the outside framework declares the deployment model the
/// inventory uses, so reading it would silence `unknown-deployment`.
#[test]
fn frameworks_outside_the_workspace_are_not_read() {
    let outer = Dir::new();
    let framework = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/custom-framework/framework.yaml"),
    )
    .unwrap();
    let model = framework
        .lines()
        .find_map(|l| l.trim().strip_prefix("- id: "))
        .unwrap()
        .to_string();
    let outside = outer.write("outside/framework.yaml", &framework);
    let ws = outer.0.join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, ws.join("link.yaml")).unwrap();
    let inventory = |fw: &str| {
        format!("aisrm: 1\nframework: {fw}\ncomponents:\n  c:\n    deployment: {model}\n")
    };
    std::fs::write(
        ws.join("dotdot.aisrm.yaml"),
        inventory("../outside/framework.yaml"),
    )
    .unwrap();
    std::fs::write(
        ws.join("absolute.aisrm.yaml"),
        inventory(&outside.display().to_string()),
    )
    .unwrap();
    #[cfg(unix)]
    std::fs::write(ws.join("symlink.aisrm.yaml"), inventory("link.yaml")).unwrap();
    // Inside the workspace, the same framework is used (the control).
    std::fs::write(ws.join("framework.yaml"), &framework).unwrap();
    std::fs::write(ws.join("inside.aisrm.yaml"), inventory("framework.yaml")).unwrap();
    let out = aisrm(&ws, &["check", "--format", "json", "."]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found = Vec::new();
    collect_findings(&json, None, &mut found);
    let mut names = vec!["dotdot.aisrm.yaml", "absolute.aisrm.yaml"];
    if cfg!(unix) {
        names.push("symlink.aisrm.yaml");
    }
    for name in names {
        assert!(
            has(&found, name, "framework-outside-workspace"),
            "{name}: {found:?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|(f, c)| f == "inside.aisrm.yaml" && c.starts_with("framework-outside")),
        "{found:?}"
    );
}

/// `aisrm lsp` fed garbage: it answers with JSON-RPC errors, keeps
/// serving, and exits when stdin closes (never hangs).
#[test]
fn language_server_survives_garbage_on_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aisrm"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
            let _ = tx.send(String::from_utf8_lossy(&all).into_owned());
        }
        String::from_utf8_lossy(&all).into_owned()
    });
    let wait_for = |needle: &str| {
        let started = Instant::now();
        loop {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(out) if out.contains(needle) => return,
                _ if started.elapsed() > DEADLINE => panic!("no {needle} from aisrm lsp"),
                _ => {}
            }
        }
    };
    let frame = aisrm_test_support::frame::encode;
    // Before initialize, garbage is answered with -32700 too.
    stdin.write_all(frame("{not json").as_bytes()).unwrap();
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
    stdin.write_all(frame(init).as_bytes()).unwrap();
    stdin.flush().unwrap();
    wait_for(r#""id":1"#);
    let mut input = String::new();
    input.push_str(&frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    input.push_str(&frame("{not json"));
    input.push_str("Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\"}");
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":7,"method":9}"#));
    input.push_str("no header at all\r\n\r\n");
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#));
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin); // end of input
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            panic!("aisrm lsp did not exit at the end of its input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = reader.join().unwrap();
    assert!(out.contains("-32700"), "{out}");
    assert!(out.contains("-32600"), "{out}");
    assert!(
        out.contains(r#""id":7"#),
        "the invalid request's id is kept: {out}"
    );
    assert!(
        out.contains(r#""result":null,"id":2"#),
        "shutdown after the garbage: {out}"
    );
}

/// `(path, line, column, signal)` of every piece of evidence of a
/// `discover --format json` run that must have exited 0.
fn evidence(out: &Output) -> Vec<(String, u64, u64, String)> {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<_> = json["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["evidence"].as_array().unwrap())
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["signal"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// A compose file and a CI workflow full of nested aliases (10^9 paths
/// when followed, the inventory's alias bomb without its `aisrm:` key):
/// discovery walks each YAML node once and still finds the model server's
/// image and the coding agent's step, each once, where they are written.
#[test]
fn discovery_does_not_follow_yaml_aliases_into_a_bomb() {
    let dir = Dir::new();
    let bomb = bombs::alias_bomb().replacen("aisrm: 1\n", "", 1);
    let lines = bomb.lines().count() as u64;
    dir.write(
        "docker-compose.yml",
        format!("{bomb}services:\n  llm:\n    image: ollama/ollama\n  again: *l9\n"),
    );
    dir.write(
        ".github/workflows/review.yml",
        format!(
            "{bomb}jobs:\n  review:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n"
        ),
    );
    let out = aisrm(&dir.0, &["discover", "--format", "json", "."]);
    assert_eq!(
        evidence(&out),
        [
            (
                ".github/workflows/review.yml".to_string(),
                lines + 4,
                15,
                "ci-claude-code-action".to_string()
            ),
            (
                "docker-compose.yml".to_string(),
                lines + 3,
                12,
                "image-ollama".to_string()
            ),
        ]
    );
}

/// A UTF-8 byte order mark before a JSON manifest, an MCP config or
/// Terraform (what Windows editors write; npm, VS Code and Terraform read
/// such files): the file is read, not skipped as malformed, and positions
/// are the file's.
#[test]
fn a_byte_order_mark_before_json_or_terraform_is_read() {
    let dir = Dir::new();
    dir.write(
        "web/package.json",
        "\u{feff}{\n  \"dependencies\": {\n    \"openai\": \"^4.0.0\"\n  }\n}\n",
    );
    dir.write(
        ".vscode/mcp.json",
        "\u{feff}{\n  \"servers\": {\n    \"gh\": {\"url\": \"https://api.githubcopilot.com/mcp/\"}\n  }\n}\n",
    );
    dir.write(
        "infra/main.tf",
        "\u{feff}# agents\nresource \"aws_bedrockagent_agent\" \"support\" {\n}\n",
    );
    let out = aisrm(&dir.0, &["discover", "--format", "json", "."]);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(
        evidence(&out),
        [
            (
                ".vscode/mcp.json".to_string(),
                3,
                6,
                "mcp-vscode".to_string()
            ),
            (
                "infra/main.tf".to_string(),
                2,
                11,
                "tf-aws-bedrock-agents".to_string()
            ),
            (
                "web/package.json".to_string(),
                3,
                6,
                "npm-openai".to_string()
            ),
        ]
    );
}

/// A project's own signal file (`[discovery] signals` in aisrm.toml) that
/// is a FIFO: reading it would wait for a writer, so `discover` and
/// `check` (and the editor, which reads it when the project loads) hung.
/// It is left out like an unreadable one; the built-in signals still
/// apply.
#[cfg(unix)]
#[test]
fn a_fifo_as_the_projects_signal_file_is_not_waited_on() {
    let dir = Dir::new();
    dir.write(
        "aisrm.toml",
        "[discovery]\nsignals = [\"ai-signals.yaml\"]\n",
    );
    dir.write("requirements.txt", "openai\n");
    let made = Command::new("mkfifo")
        .arg(dir.0.join("ai-signals.yaml"))
        .status();
    assert!(made.unwrap().success());
    let out = aisrm(&dir.0, &["discover", "--format", "json", "."]);
    assert_eq!(
        evidence(&out),
        [(
            "requirements.txt".to_string(),
            1,
            1,
            "pypi-openai".to_string()
        )]
    );
    let (code, _) = check(&dir);
    assert!(code <= 1);
}

/// A custom framework file that is a FIFO: reading it would wait for a
/// writer, so `check` hung. It cannot be read, which the inventory says.
#[cfg(unix)]
#[test]
fn a_fifo_as_a_custom_framework_is_not_waited_on() {
    let dir = Dir::new();
    dir.write(
        "ai-inventory.yaml",
        "aisrm: 1\nframework: ./fw.yaml\ncomponents:\n  x: {deployment: paas-ai}\n",
    );
    let made = Command::new("mkfifo").arg(dir.0.join("fw.yaml")).status();
    assert!(made.unwrap().success());
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    assert!(
        has(&found, "ai-inventory.yaml", "unknown-framework"),
        "{found:?}"
    );
}

/// A UTF-8 byte order mark before a manifest, an environment template,
/// a Dockerfile or code: the evidence on the first line is found, and
/// its column counts from after the mark (as editors show the line).
#[test]
fn a_byte_order_mark_does_not_hide_the_first_line() {
    let dir = Dir::new();
    for (rel, text) in [
        ("requirements.txt", "openai==1\n"),
        (".env.example", "ANTHROPIC_API_KEY=\n"),
        ("Dockerfile", "FROM ollama/ollama\n"),
        ("app.py", "import anthropic\n"),
        ("setup.cfg", "[options]\ninstall_requires =\n    openai\n"),
        ("index.ts", "import OpenAI from 'openai'\n"),
    ] {
        dir.write(rel, format!("\u{feff}{text}"));
    }
    let out = aisrm(&dir.0, &["discover", "--format", "json", "."]);
    let found: Vec<(String, u64, u64)> = evidence(&out)
        .into_iter()
        .map(|(path, line, column, _)| (path, line, column))
        .collect();
    let expected: Vec<(String, u64, u64)> = [
        (".env.example", 1, 1),
        ("Dockerfile", 1, 6),
        ("app.py", 1, 8),
        ("index.ts", 1, 21),
        ("requirements.txt", 1, 1),
        ("setup.cfg", 3, 5),
    ]
    .iter()
    .map(|(p, l, c)| (p.to_string(), *l, *c))
    .collect();
    assert_eq!(found, expected);
}
