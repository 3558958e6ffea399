//! How the built `aisrm lsp` ends, driven the way editors drive it:
//! stdin/stdout on pipes (VS Code and most clients) or on one socket pair
//! (libuv, so Neovim), the client keeping its ends open after `exit`, a
//! client that never answers the server's own requests
//! (`workspace/configuration`, `client/registerCapability`, progress), a
//! client killed with SIGKILL, and the `processId` process killed.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aisrm_test_support::frame;
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug)]
enum Transport {
    Pipe,
    SocketPair,
}

/// The client's side of a running `aisrm lsp`.
struct Server {
    child: Child,
    /// Our end of the server's stdin (for a socket pair, the same socket
    /// it writes to). Kept open until the test drops it.
    input: Box<dyn Write + Send>,
    messages: mpsc::Receiver<Value>,
}

impl Server {
    fn start(transport: Transport) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_aisrm"));
        command.arg("lsp").stderr(Stdio::null());
        let (child, input, output): (Child, Box<dyn Write + Send>, Box<dyn Read + Send>) =
            match transport {
                Transport::Pipe => {
                    let mut child = command
                        .stdin(Stdio::piped())
                        .stdout(Stdio::piped())
                        .spawn()
                        .expect("aisrm runs");
                    let input = child.stdin.take().unwrap();
                    let output = child.stdout.take().unwrap();
                    (child, Box::new(input), Box::new(output))
                }
                Transport::SocketPair => {
                    let (ours, theirs) = UnixStream::pair().unwrap();
                    let theirs_too = theirs.try_clone().unwrap();
                    let child = command
                        .stdin(OwnedFd::from(theirs))
                        .stdout(OwnedFd::from(theirs_too))
                        .spawn()
                        .expect("aisrm runs");
                    let reader = ours.try_clone().unwrap();
                    (child, Box::new(ours), Box::new(reader))
                }
            };
        // The command holds the child's ends until dropped: only the child
        // may keep them open.
        drop(command);
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut output = BufReader::new(output);
            while let Some(message) = read_frame(&mut output) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            input,
            messages,
        }
    }

    fn send(&mut self, message: Value) {
        frame::write(&mut self.input, &message).unwrap();
    }

    /// The answer to request `id` (server requests and notifications are
    /// read and left unanswered).
    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(30))
                .expect("an answer from the server");
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
        }
    }

    /// `initialize` as an editor sends it (a workspace folder, the client
    /// features that make the server ask the client things), then
    /// `initialized`.
    fn initialize(&mut self, process_id: Option<u32>) {
        let root = workspace();
        let answer = self.request(
            1,
            "initialize",
            json!({
                "processId": process_id,
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "ws"}],
                "capabilities": {
                    "workspace": {
                        "configuration": true,
                        "didChangeWatchedFiles": {"dynamicRegistration": true},
                    },
                    "window": {"workDoneProgress": true},
                },
            }),
        );
        assert!(answer["result"]["capabilities"].is_object(), "{answer}");
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    fn exit(&mut self, shutdown_first: bool) {
        if shutdown_first {
            let answer = self.request(2, "shutdown", Value::Null);
            assert_eq!(answer["result"], Value::Null, "{answer}");
        }
        self.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    }

    /// The exit code if the process ends within `limit`.
    fn exit_code_within(&mut self, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.code().expect("ended by exit, not a signal"));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let body = frame::read(r).ok()??;
    serde_json::from_slice(&body).ok()
}

/// A small workspace (one inventory) shared by every test of this binary.
fn workspace() -> String {
    let dir = std::env::temp_dir().join(format!("aisrm-lsp-lifecycle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = "aisrm: 1\ncomponents:\n  bot:\n    name: Bot\n    deployment: saas-ai\n";
    std::fs::write(dir.join("ai-inventory.yaml"), text).unwrap();
    format!("file://{}", dir.canonicalize().unwrap().display())
}

/// Whether `pid` still runs (a zombie nobody reaps has ended).
fn running(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // The state follows the command name, which is in parentheses.
    let state = stat.rsplit_once(") ").map(|(_, rest)| rest.chars().next());
    !matches!(state, Some(Some('Z' | 'X')))
}

fn gone_within(pid: u32, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if !running(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

const RUNS: usize = 20;

/// `exit` ends the process within 1 s with the right code although the
/// client keeps its ends open, every time.
fn exit_with_input_open(transport: Transport, shutdown_first: bool) {
    let want = if shutdown_first { 0 } else { 1 };
    let mut late = Vec::new();
    for run in 0..RUNS {
        let mut server = Server::start(transport);
        server.initialize(None);
        server.exit(shutdown_first);
        match server.exit_code_within(Duration::from_secs(1)) {
            Some(code) => assert_eq!(code, want, "{transport:?}, run {run}"),
            None => late.push(run),
        }
    }
    assert!(
        late.is_empty(),
        "{transport:?}: still running 1 s after `exit` in runs {late:?} of {RUNS}"
    );
}

#[test]
fn shutdown_and_exit_over_pipes_end_the_process_with_0() {
    exit_with_input_open(Transport::Pipe, true);
}

#[test]
fn shutdown_and_exit_over_a_socket_pair_end_the_process_with_0() {
    exit_with_input_open(Transport::SocketPair, true);
}

#[test]
fn exit_without_shutdown_over_pipes_ends_the_process_with_1() {
    exit_with_input_open(Transport::Pipe, false);
}

#[test]
fn exit_without_shutdown_over_a_socket_pair_ends_the_process_with_1() {
    exit_with_input_open(Transport::SocketPair, false);
}

/// Set in the environment of this test binary when it runs as a client.
const CLIENT_ROLE: &str = "AISRM_LIFECYCLE_CLIENT";

/// Not a test: the client process of `a_killed_client_leaves_no_server`.
/// It starts a server, initialises it, prints its pid and waits to be
/// killed, answering none of the server's requests.
#[test]
#[ignore = "run by a_killed_client_leaves_no_server as its client process"]
fn client_process() {
    let transport = match std::env::var(CLIENT_ROLE).as_deref() {
        Ok("pipe") => Transport::Pipe,
        Ok("pair") => Transport::SocketPair,
        _ => return,
    };
    let mut server = Server::start(transport);
    server.initialize(None);
    println!("server-pid {}", server.child.id());
    std::thread::sleep(Duration::from_secs(60));
}

fn killed_client(transport: &str) {
    let mut client = Command::new(std::env::current_exe().unwrap())
        .args(["client_process", "--exact", "--ignored", "--nocapture"])
        .env(CLIENT_ROLE, transport)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(client.stdout.take().unwrap());
    let pid: u32 = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("server-pid ").map(|p| p.parse().unwrap()))
        .expect("the client started a server");
    assert!(running(pid));
    client.kill().unwrap(); // SIGKILL
    client.wait().unwrap();
    let gone = gone_within(pid, Duration::from_secs(2));
    if !gone {
        kill_orphan(pid);
    }
    assert!(gone, "{transport}: server {pid} outlived its client by 2 s");
}

/// The server this test orphaned, if it lingers.
fn kill_orphan(pid: u32) {
    let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
}

#[test]
fn a_killed_client_over_pipes_leaves_no_server() {
    killed_client("pipe");
}

#[test]
fn a_killed_client_over_a_socket_pair_leaves_no_server() {
    killed_client("pair");
}

/// The client keeps the server's stdin open, but the editor named by
/// `processId` dies: the watchdog ends the server within 10 s, and not
/// while the editor lives.
fn editor_killed(transport: Transport) {
    let mut editor = Command::new("sleep").arg("600").spawn().unwrap();
    let mut server = Server::start(transport);
    server.initialize(Some(editor.id()));
    assert_eq!(
        server.exit_code_within(Duration::from_secs(4)),
        None,
        "{transport:?}: ended while the editor runs"
    );
    editor.kill().unwrap();
    editor.wait().unwrap();
    let code = server.exit_code_within(Duration::from_secs(10));
    assert_eq!(
        code,
        Some(1),
        "{transport:?}: not ended with 1 within 10 s of its editor"
    );
}

#[test]
fn the_processid_process_killed_over_pipes_ends_the_server() {
    editor_killed(Transport::Pipe);
}

#[test]
fn the_processid_process_killed_over_a_socket_pair_ends_the_server() {
    editor_killed(Transport::SocketPair);
}
