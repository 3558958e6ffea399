//! The aisrm language server (`aisrm lsp`): LSP 3.17 over stdio on
//! `tower-lsp-server`. Only this crate knows LSP types; it converts the
//! plain data of `aisrm_core::ide` and the core's findings.

mod cancel;
mod capabilities;
mod config;
mod convert;
mod discovered;
mod documents;
mod framing;
mod handlers;
mod index;
mod lifecycle;
mod log;
mod output;
mod panic;
mod project;
mod server;
mod shared;
mod state;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::{LspService, Server};

pub use config::Settings;
pub use lifecycle::Lifecycle;
pub use server::Backend;
use shared::{Shared, WithSnapshots};

/// How to build the server.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Adds `aisrm/test/*` methods (a panicking one, a sleeping one, a
    /// slow one on a snapshot that notices its cancellation, one that
    /// returns the server's text, one that counts discovery's scans) for
    /// the end-to-end tests. `aisrm lsp`
    /// turns them on when `AISRM_LSP_TEST_HOOKS=1`.
    pub test_hooks: bool,
}

/// Serves LSP on `input`/`output` until `exit`, the end of input or the
/// end of the client's process (`processId`), then at most
/// [`lifecycle::GRACE`] longer. Returns the process exit code: 0 when
/// `shutdown` came before the end, else 1.
pub async fn serve<I, O>(input: I, output: O, options: Options) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let lifecycle = Arc::new(Lifecycle::default());
    let shared = Arc::new(Shared::default());
    let (frames, frames_out) = tokio::sync::mpsc::unbounded_channel();
    let (service, socket) = LspService::build(|client| {
        Backend::new(
            client,
            shared.clone(),
            lifecycle.clone(),
            frames,
            options.test_hooks,
        )
    })
    .custom_method("aisrm/test/panic", Backend::test_panic)
    .custom_method("aisrm/test/sleep", Backend::test_sleep)
    .custom_method("aisrm/test/slow", Backend::test_slow)
    .custom_method("aisrm/test/cancelled", Backend::test_cancelled)
    .custom_method("aisrm/test/pace", Backend::test_pace)
    .custom_method("aisrm/test/text", Backend::test_text)
    .custom_method("aisrm/test/discoveryScans", Backend::test_discovery_scans)
    .finish();
    let client = service.inner().client();
    let service = framing::Substitutes(WithSnapshots {
        inner: panic::CatchPanic::new(service, client),
        shared: shared.clone(),
    });
    // A malformed frame would end tower-lsp-server's input stream (and
    // the server): the pump forwards only frames it can decode.
    let (to_server, from_pump) = tokio::io::duplex(1 << 16);
    // Its output goes through `output::merge`, with the publisher's.
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let merged = output::merge(from_server, frames_out, output);
    tokio::pin!(merged);
    let serving = async {
        let server = Server::new(from_pump, server_out, socket).serve(service);
        let seen = lifecycle.clone();
        let pump = framing::pump(input, to_server, move |request| {
            in_order(&shared, &seen, request)
        });
        tokio::pin!(server, pump);
        tokio::select! {
            _ = &mut server => {}
            // `exit` or end of input. tower-lsp-server would wait for every
            // handler, also one awaiting an answer the client will never send.
            _ = &mut pump => {
                let _ = tokio::time::timeout(lifecycle::GRACE, &mut server).await;
            }
            _ = lifecycle.parent_gone() => {}
        }
        // Dropping the server here ends its output: `merged` writes what
        // is left and stops.
    };
    tokio::select! {
        _ = serving => {
            let _ = tokio::time::timeout(lifecycle::GRACE, &mut merged).await;
        }
        // The output is gone: nothing can be answered any more.
        _ = &mut merged => {}
    }
    lifecycle.exit_code()
}

/// What the pump does with each message, in the order the client sent
/// them (see `shared.rs`): applies text notifications itself (they are
/// not forwarded) and takes a snapshot for each request. `exit` may
/// overtake the `shutdown` handler (handlers run concurrently), so a
/// shutdown after initialization is noted here too.
fn in_order(shared: &Shared, lifecycle: &Lifecycle, request: Request) -> Option<Request> {
    let initialized = lifecycle.initialized.load(Ordering::SeqCst);
    let method = request.method();
    if method == "shutdown" && initialized {
        lifecycle.shutdown.store(true, Ordering::SeqCst);
    }
    if let Some(id) = request.id() {
        shared.note_request(id.clone());
        return Some(request);
    }
    if !handlers::text_sync::is_text_sync(method) {
        return Some(request);
    }
    // tower-lsp-server drops notifications before `initialize` and after
    // `shutdown`; so do we.
    if initialized && !lifecycle.shutdown.load(Ordering::SeqCst) {
        let (method, _, params) = request.into_parts();
        let affected = shared
            .edit(|state| handlers::text_sync::apply(state, &method, params.unwrap_or_default()));
        shared.changed(affected);
    }
    None
}

/// Runs the server on stdin/stdout (nothing else is written to stdout)
/// and returns the process exit code. The caller must end the process
/// right after.
pub fn run_stdio() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("aisrm lsp: cannot start the async runtime: {e}");
            return 1;
        }
    };
    // The end-to-end tests of the built binary need the hooks too.
    let options = Options {
        test_hooks: std::env::var_os("AISRM_LSP_TEST_HOOKS").is_some_and(|v| v == "1"),
    };
    let code = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), options));
    // Tokio reads stdin on a blocking thread that no one can interrupt;
    // dropping the runtime would wait for that read, that is, until the
    // client closes its end, which editors do only once we are gone.
    runtime.shutdown_background();
    code
}
