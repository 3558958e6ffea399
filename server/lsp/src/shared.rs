//! The state behind the server and its ordering guarantee.
//!
//! - **Edits in order.** The input pump (`framing::pump`) reads the
//!   client's messages one by one and applies every text notification
//!   (`didOpen`, `didChange`, `didClose`) to the state itself, through
//!   [`Shared::edit`], before it reads the next message.
//! - **Requests on a snapshot.** For every request, the pump takes a
//!   snapshot of the state ([`Shared::snapshot`], an `Arc` clone) when it
//!   reads it, that is, after exactly the edits the client sent before
//!   it, and files it under the request's id; the service layer
//!   [`WithSnapshots`] takes it back when the request reaches the service
//!   and lends it to the handler ([`request_state`]), which works on it
//!   off the async runtime, so a slow request never blocks an edit, nor another
//!   request. Nothing here depends on the order in which
//!   `tower-lsp-server` polls its handlers.
//! - **Copy on write.** An edit changes the state in place when no
//!   snapshot is alive, else it copies the state first (`Arc::make_mut`):
//!   the maps are copied, every file's text and analysis are shared.
//! - **Diagnostics off the request path.** An edit only marks the files
//!   whose findings may have changed ([`Shared::changed`]); one publisher
//!   task (`Backend::publish_diagnostics`) takes every marked file, then
//!   a snapshot of the newest state, computes and publishes. Edits that
//!   arrive meanwhile are coalesced into its next round, and since one
//!   task publishes in order from ever newer snapshots, a set for an older
//!   version is never published after a newer one.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::task::{Context, Poll};

use tokio::sync::Notify;
use tower::Service;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Id, Request, Response};

use crate::framing::BoxFut;
use crate::project;
use crate::state::State;

#[derive(Default)]
pub struct Shared {
    state: Mutex<Arc<State>>,
    /// Snapshots taken by the pump for requests not yet started, by id.
    requests: Mutex<HashMap<Id, Arc<State>>>,
    /// Files whose diagnostics must be published again.
    dirty: Mutex<HashSet<PathBuf>>,
    pub(crate) dirty_marked: Notify,
    /// For `workspace/diagnostic/refresh` (pull clients); set once the
    /// service exists.
    client: OnceLock<Client>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking handler must not take the server down with it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    pub fn set_client(&self, client: Client) {
        let _ = self.client.set(client);
    }

    /// The current state, immutable and cheap to take.
    pub fn snapshot(&self) -> Arc<State> {
        lock(&self.state).clone()
    }

    /// Changes the state (copying it first if a snapshot is alive).
    pub fn edit<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut state = lock(&self.state);
        f(Arc::make_mut(&mut state))
    }

    /// Called by the pump when it reads request `id`.
    pub fn note_request(&self, id: Id) {
        let snapshot = self.snapshot();
        lock(&self.requests).insert(id, snapshot);
    }

    /// The snapshot taken when request `id` arrived (the current state for
    /// a request the pump did not see, such as a substitute).
    fn take_request_snapshot(&self, id: Option<&Id>) -> Arc<State> {
        id.and_then(|id| lock(&self.requests).remove(id))
            .unwrap_or_else(|| self.snapshot())
    }

    /// Marks the files whose findings may have changed: pushed again by
    /// the publisher (push clients), or a refresh request (pull clients).
    /// `aisrm.toml` is pushed to every client: clients pull only for the
    /// documents they gave the server, which it is not.
    pub fn changed(&self, mut paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let caps = lock(&self.state).caps;
        if caps.pull_diagnostics {
            let configs: Vec<PathBuf> = paths.extract_if(.., |p| project::is_config(p)).collect();
            if !configs.is_empty() {
                lock(&self.dirty).extend(configs);
                self.dirty_marked.notify_one();
            }
            if caps.diagnostic_refresh
                && let Some(client) = self.client.get().cloned()
            {
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
            return;
        }
        lock(&self.dirty).extend(paths);
        self.dirty_marked.notify_one();
    }

    /// Takes the files marked since the last call (sorted).
    pub fn take_dirty(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = lock(&self.dirty).drain().collect();
        paths.sort();
        paths
    }
}

tokio::task_local! {
    static REQUEST_STATE: Arc<State>;
}

/// The state a request handler works on: the snapshot taken when its
/// request arrived.
pub fn request_state(shared: &Shared) -> Arc<State> {
    REQUEST_STATE
        .try_with(Arc::clone)
        .unwrap_or_else(|_| shared.snapshot())
}

/// Lends each request the snapshot the pump took when it arrived, for as
/// long as its handler runs (every request passes here, also those
/// `tower-lsp-server` answers itself, so no snapshot is left behind).
pub struct WithSnapshots<S> {
    pub inner: S,
    pub shared: Arc<Shared>,
}

impl<S> Service<Request> for WithSnapshots<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFut<Option<Response>, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.id().is_none() {
            return Box::pin(self.inner.call(req));
        }
        let state = self.shared.take_request_snapshot(req.id());
        Box::pin(REQUEST_STATE.scope(state, self.inner.call(req)))
    }
}
