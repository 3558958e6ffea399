//! Why the server did nothing: a line on stderr, which editors show in the
//! server's log (stdout is the protocol). Never fails: a closed stderr must
//! not end the server.

use std::io::Write;

/// Logs that `method` was answered with nothing (or ignored), and why.
pub fn skipped(method: &str, why: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "aisrm: {method}: {why}");
}
