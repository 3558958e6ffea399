//! How the server ends. Three ways, each bounded in time:
//! - `exit` (code 0 after `shutdown`, else 1): the input pump stops
//!   reading at `exit`;
//! - the end of the input (the client closed its end or died);
//! - the watchdog: the process named by `processId` in `initialize` is
//!   gone (LSP 3.17), which catches an editor killed while something
//!   else still holds the other end of our stdin.
//!
//! After any of them the server gets [`GRACE`] to finish handlers and
//! write what is queued; a handler still waiting then (typically for the
//! answer to a request the client will never send, such as
//! `workspace/configuration`) is abandoned rather than waited for.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

/// How long the server may finish its work after `exit` or the end of
/// input before the process leaves anyway.
pub const GRACE: Duration = Duration::from_millis(300);

/// How often the watchdog looks for the client's process: one cheap
/// system call every few seconds.
const POLL: Duration = Duration::from_secs(3);

/// Shared between the handlers and `serve`.
#[derive(Debug, Default)]
pub struct Lifecycle {
    /// `initialize` was answered.
    pub initialized: AtomicBool,
    /// `shutdown` came (after `initialize`), in the order the client sent it.
    pub shutdown: AtomicBool,
    /// `processId` from `initialize`; 0 = none given.
    parent: AtomicU32,
}

impl Lifecycle {
    /// Records `processId` from `initialize` for the watchdog.
    pub fn watch_parent(&self, process_id: Option<u32>) {
        // 0 would mean "our process group" to kill(2); larger values than
        // i32::MAX are no process id at all.
        let pid = process_id.filter(|&p| p != 0 && i32::try_from(p).is_ok());
        self.parent.store(pid.unwrap_or(0), Ordering::SeqCst);
    }

    /// The exit code: 0 when `shutdown` came before the end, else 1.
    pub fn exit_code(&self) -> i32 {
        if self.shutdown.load(Ordering::SeqCst) {
            0
        } else {
            1
        }
    }

    /// Resolves once the process named by `processId` is gone; never when
    /// none was given or the platform cannot tell.
    pub async fn parent_gone(&self) {
        loop {
            tokio::time::sleep(POLL).await;
            let pid = self.parent.load(Ordering::SeqCst);
            if pid != 0 && !process_alive(pid) {
                return;
            }
        }
    }
}

/// kill(pid, 0) sends nothing and fails with ESRCH only when no such
/// process exists (EPERM: it exists, under another user).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 performs only the existence and permission checks.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Without kill(2) the watchdog is off (documented in the README).
#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reaped_child_is_not() {
        assert!(process_alive(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!process_alive(pid));
    }

    #[test]
    fn no_or_impossible_process_id_is_not_watched() {
        let lifecycle = Lifecycle::default();
        for id in [None, Some(0), Some(u32::MAX)] {
            lifecycle.watch_parent(id);
            assert_eq!(lifecycle.parent.load(Ordering::SeqCst), 0);
        }
        lifecycle.watch_parent(Some(42));
        assert_eq!(lifecycle.parent.load(Ordering::SeqCst), 42);
    }
}
