//! A minimal LSP client over a child process's stdio, framed exactly as
//! editors frame it (`Content-Length` headers, JSON-RPC 2.0). A reader
//! thread timestamps every message on arrival and answers the server's
//! own requests (`workspace/configuration`, `client/registerCapability`,
//! `window/workDoneProgress/create`) the way an editor would.

use std::io::{self, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use aisrm_test_support::frame;
use serde_json::{Value, json};

/// One message from the server, with the time it was read.
pub struct Incoming {
    pub at: Instant,
    pub msg: Value,
}

pub struct Client {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<Incoming>,
    next_id: i64,
    pub pid: u32,
}

/// What the client answers to `workspace/configuration` for a section.
pub type ConfigFn = dyn Fn(Option<&str>) -> Value + Send + Sync;

impl Client {
    /// Starts `program args...` with `cwd` as its working directory.
    pub fn spawn(
        program: &str,
        args: &[String],
        cwd: &Path,
        config: Arc<ConfigFn>,
    ) -> io::Result<Self> {
        let mut child = Command::new(program)
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let pid = child.id();
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("piped stdin")));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        let answer = stdin.clone();
        thread::spawn(move || {
            let mut input = BufReader::with_capacity(1 << 20, stdout);
            while let Ok(Some(body)) = frame::read(&mut input) {
                // The time the whole message was read, before the
                // client's own parsing.
                let at = Instant::now();
                let Ok(msg) = serde_json::from_slice::<Value>(&body) else {
                    break;
                };
                if let (Some(id), Some(method)) = (msg.get("id"), msg.get("method")) {
                    let result = match method.as_str().unwrap_or("") {
                        "workspace/configuration" => {
                            let items = msg["params"]["items"]
                                .as_array()
                                .cloned()
                                .unwrap_or_default();
                            Value::Array(
                                items
                                    .iter()
                                    .map(|i| config(i.get("section").and_then(Value::as_str)))
                                    .collect(),
                            )
                        }
                        _ => Value::Null,
                    };
                    let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
                    let mut out = answer.lock().unwrap_or_else(|p| p.into_inner());
                    if frame::write(&mut *out, &reply).is_err() {
                        break;
                    }
                    continue;
                }
                if tx.send(Incoming { at, msg }).is_err() {
                    break;
                }
            }
        });
        Ok(Self {
            child,
            stdin,
            rx,
            next_id: 1,
            pid,
        })
    }

    fn send(&self, msg: &Value) -> io::Result<Instant> {
        let mut out = self.stdin.lock().unwrap_or_else(|p| p.into_inner());
        let at = Instant::now();
        frame::write(&mut *out, msg)?;
        Ok(at)
    }

    /// Sends a notification; returns when it was written.
    pub fn notify(&self, method: &str, params: Value) -> io::Result<Instant> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Sends a request; returns its id and when it was written.
    pub fn request(&mut self, method: &str, params: Value) -> io::Result<(i64, Instant)> {
        let id = self.next_id;
        self.next_id += 1;
        let at =
            self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        Ok((id, at))
    }

    /// Waits for the first message that `want` accepts, dropping others.
    pub fn wait_for(
        &self,
        timeout: Duration,
        what: &str,
        mut want: impl FnMut(&Value) -> bool,
    ) -> Result<Incoming, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if want(&m.msg) => return Ok(m),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("timed out after {timeout:?} waiting for {what}"));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!(
                        "the server closed its output while waiting for {what}"
                    ));
                }
            }
        }
    }

    /// A request's response (the result, or an error for an error reply).
    pub fn call(
        &mut self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<(Value, Duration), String> {
        let (id, sent) = self.request(method, params).map_err(|e| e.to_string())?;
        let reply = self.wait_for(timeout, method, |m| {
            m.get("id").and_then(Value::as_i64) == Some(id) && m.get("method").is_none()
        })?;
        if let Some(err) = reply.msg.get("error") {
            return Err(format!("{method} failed: {err}"));
        }
        Ok((reply.msg["result"].clone(), reply.at - sent))
    }

    /// Drops every message already received.
    pub fn drain(&self) {
        while self.rx.try_recv().is_ok() {}
    }

    /// `VmHWM` (peak resident set) and `VmRSS` of the server, in KiB.
    pub fn memory_kib(&self) -> (Option<u64>, Option<u64>) {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid)).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        };
        (field("VmHWM:"), field("VmRSS:"))
    }

    /// `shutdown` + `exit`, then waits for the process (killing it if it
    /// lingers).
    pub fn stop(mut self) {
        let _ = self.call("shutdown", Value::Null, Duration::from_secs(10));
        let _ = self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
