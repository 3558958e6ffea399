//! The language server: the `LanguageServer` implementation, which runs a
//! handler (`handlers/`) on its request's snapshot or edits the state
//! (see `shared.rs`), the diagnostics publisher,
//! and what needs the client (configuration, file watching, indexing
//! with progress).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::notification::{Notification as _, PublishDiagnostics};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::convert;
use crate::discovered;
use crate::handlers;
use crate::index;
use crate::lifecycle::Lifecycle;
use crate::output;
use crate::shared::{self, Shared};
use crate::state::State;

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    lifecycle: Arc<Lifecycle>,
    pub(crate) test_hooks: bool,
    /// With test hooks: what the tests observe of cancellation.
    hooks: Option<Arc<TestHooks>>,
}

pub use crate::cancel::Cancelled;
use crate::cancel::TestHooks;

impl Backend {
    pub fn new(
        client: Client,
        shared: Arc<Shared>,
        lifecycle: Arc<Lifecycle>,
        frames: output::Frames,
        test_hooks: bool,
    ) -> Self {
        shared.set_client(client.clone());
        tokio::spawn(publish_diagnostics(shared.clone(), frames));
        Self {
            client,
            shared,
            lifecycle,
            test_hooks,
            hooks: test_hooks.then(Arc::default),
        }
    }

    pub(crate) fn client(&self) -> Client {
        self.client.clone()
    }

    /// Changes the state and marks the files whose findings changed.
    fn edit<R>(&self, f: impl FnOnce(&mut State) -> (Vec<PathBuf>, R)) -> R {
        let (affected, r) = self.shared.edit(f);
        self.shared.changed(affected);
        r
    }

    /// Runs a request handler on the request's snapshot, on a blocking
    /// thread: neither edits nor other requests wait for it. A panic is
    /// passed on (to `CatchPanic`).
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&State, &Cancelled) -> T + Send + 'static,
    ) -> Result<T> {
        let state = shared::request_state(&self.shared);
        let cancelled = Cancelled::new(self.hooks.clone());
        let _cancel_on_drop = cancelled.on_drop();
        match tokio::task::spawn_blocking(move || f(&state, &cancelled)).await {
            Ok(v) => Ok(v),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(Error::request_cancelled()),
        }
    }

    async fn log(&self, typ: MessageType, message: impl std::fmt::Display) {
        self.client.log_message(typ, message).await;
    }

    /// Reads `aisrm` settings from the client (when it supports it).
    async fn pull_settings(&self) {
        if !self.shared.snapshot().caps.configuration {
            return;
        }
        match self
            .client
            .configuration(handlers::configuration::request())
            .await
        {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(Value::Null);
                self.apply_settings(&value).await;
            }
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!("aisrm: workspace/configuration failed: {e}"),
                )
                .await
            }
        }
    }

    async fn apply_settings(&self, value: &Value) {
        let applied = self.edit(|state| {
            let mut applied = handlers::configuration::apply(state, value);
            (std::mem::take(&mut applied.affected), applied)
        });
        self.settings_applied(applied).await;
    }

    /// Logs the settings' problems and refreshes what shows them.
    async fn settings_applied(&self, applied: handlers::configuration::Applied) {
        for p in applied.problems {
            self.log(MessageType::WARNING, format!("aisrm: {p}")).await;
        }
        if applied.refresh_inlay_hints {
            let _ = self.client.inlay_hint_refresh().await;
        }
        if applied.refresh_code_lenses {
            let _ = self.client.code_lens_refresh().await;
        }
    }

    async fn register_watcher(&self) {
        if !self.shared.snapshot().caps.watch_dynamic {
            return;
        }
        let registration = handlers::watched_files::registration();
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            self.log(
                MessageType::WARNING,
                format!("aisrm: cannot watch files: {e}"),
            )
            .await;
        }
    }

    /// Indexes the workspace folders with `$/progress` reporting.
    async fn index(&self, roots: Vec<PathBuf>) {
        let progress_supported = self.shared.snapshot().caps.work_done_progress;
        let token = NumberOrString::String("aisrm/index".into());
        let progress = if progress_supported
            && self
                .client
                .create_work_done_progress(token.clone())
                .await
                .is_ok()
        {
            Some(
                self.client
                    .progress(token, "aisrm: indexing")
                    .with_percentage(0)
                    .begin()
                    .await,
            )
        } else {
            None
        };
        let walk_roots = roots.clone();
        let project = self.shared.snapshot().project.clone();
        let paths =
            tokio::task::spawn_blocking(move || index::walk(&walk_roots, project.as_deref()))
                .await
                .unwrap_or_default();
        let total = paths.len().max(1);
        let mut indexed = 0usize;
        for (n, chunk) in paths.chunks(64).enumerate() {
            let chunk = chunk.to_vec();
            let read = tokio::task::spawn_blocking(move || {
                chunk
                    .into_iter()
                    .filter_map(|p| index::read(&p).map(|r| (p, r)))
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            indexed += self.edit(|state| index::add(state, read));
            if let Some(p) = &progress {
                let done = ((n + 1) * 64).min(total);
                p.report_with_message(format!("{done}/{total} files"), (done * 100 / total) as u32)
                    .await;
            }
        }
        self.discover().await;
        if let Some(p) = progress {
            p.finish_with_message(format!("{indexed} files")).await;
        }
        self.log(
            MessageType::INFO,
            format!(
                "aisrm: indexed {indexed} files under {} folder(s)",
                roots.len()
            ),
        )
        .await;
    }

    /// Walks the discovery root once (off the runtime) for the files with
    /// evidence.
    async fn discover(&self) {
        let state = self.shared.snapshot();
        let Some(root) = state.discovery.root().map(Path::to_path_buf) else {
            return;
        };
        let found =
            tokio::task::spawn_blocking(move || discovered::walk(&root, state.discovery.signals()))
                .await
                .unwrap_or_default();
        self.edit(|state| (discovered::add_walked(state, found), ()));
    }
}

/// The one task that publishes diagnostics (push clients): takes the
/// marked files, then the newest state, computes and serialises off the
/// runtime and publishes, in that order, round after round (see
/// `shared.rs`). The frames go to the output directly (`output.rs`); a
/// round ends when they are written, and edits that came meanwhile make
/// the next one.
async fn publish_diagnostics(shared: Arc<Shared>, frames: output::Frames) {
    let mut published: HashSet<PathBuf> = HashSet::new();
    loop {
        shared.dirty_marked.notified().await;
        let paths = shared.take_dirty();
        if paths.is_empty() {
            continue;
        }
        let state = shared.snapshot();
        let computed = tokio::task::spawn_blocking(move || {
            let sets = handlers::diagnostics::push(&state, &mut published, &paths);
            drop(state);
            let sets: Vec<Vec<u8>> = sets
                .iter()
                .map(|p| output::notification(PublishDiagnostics::METHOD, p))
                .collect();
            (sets, published)
        })
        .await;
        let Ok((sets, on_screen)) = computed else {
            return; // the runtime is shutting down
        };
        published = on_screen;
        for frame in sets {
            if output::send(&frames, frame).await.is_err() {
                return; // the output is gone
            }
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.lifecycle.watch_parent(params.process_id);
        let result = self
            .shared
            .edit(|state| handlers::initialize::initialize(state, &params));
        self.lifecycle.initialized.store(true, Ordering::SeqCst);
        Ok(result)
    }

    async fn initialized(&self, _: InitializedParams) {
        let roots = self.shared.snapshot().ws.roots().to_vec();
        self.pull_settings().await;
        self.register_watcher().await;
        self.index(roots).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.lifecycle.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    // didOpen, didChange and didClose never get here: the input pump
    // applies them, in order (see `shared.rs`).

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let reloaded = self.edit(|state| {
            let changed = handlers::watched_files::did_change(state, params);
            (changed.affected, changed.reloaded)
        });
        if let Some(reloaded) = reloaded {
            self.settings_applied(reloaded.applied).await;
            if reloaded.reindex {
                let roots = self.shared.snapshot().ws.roots().to_vec();
                self.index(roots).await;
            }
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let added = self.edit(|state| {
            let changed = handlers::workspace_folders::did_change(state, params);
            (changed.affected, changed.added)
        });
        if !added.is_empty() {
            self.index(added).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match handlers::configuration::pushed(&params) {
            Some(value) => self.apply_settings(&value.clone()).await,
            None => self.pull_settings().await,
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.run(move |s, _| handlers::diagnostics::pull(s, params))
            .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.run(move |s, _| handlers::completion::completion(s, params))
            .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.run(move |s, _| handlers::hover::hover(s, params))
            .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.run(move |s, _| handlers::inlay_hint::inlay_hint(s, params))
            .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.run(move |s, _| handlers::code_lens::code_lens(s, params))
            .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.run(move |s, _| handlers::symbols::document(s, params))
            .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.run(move |s, c| handlers::symbols::workspace(s, params, c))
            .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.run(move |s, _| handlers::navigation::definition(s, params))
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.run(move |s, c| handlers::navigation::references(s, params, c))
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.run(move |s, _| handlers::rename::prepare(s, params))
            .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.run(move |s, c| handlers::rename::rename(s, params, c))
            .await?
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.run(move |s, c| handlers::code_action::code_action(s, params, c))
            .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        self.run(move |s, _| handlers::execute_command::execute(s, params))
            .await?
    }
}

/// Methods that exist only for the end-to-end tests (`Options::test_hooks`).
impl Backend {
    pub(crate) async fn test_panic(&self) -> Result<Value> {
        if self.test_hooks {
            panic!("aisrm test hook: deliberate panic");
        }
        Err(Error::method_not_found())
    }

    pub(crate) async fn test_sleep(&self) -> Result<Value> {
        if !self.test_hooks {
            return Err(Error::method_not_found());
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok(Value::Null)
    }

    /// The server's text of a document, to compare with the client's.
    pub(crate) async fn test_text(&self, params: TextDocumentIdentifier) -> Result<Value> {
        if !self.test_hooks {
            return Err(Error::method_not_found());
        }
        let path = convert::uri_to_path(&params.uri).ok_or_else(Error::internal_error)?;
        let state = shared::request_state(&self.shared);
        let doc = state.docs.get(&path).ok_or_else(Error::internal_error)?;
        Ok(serde_json::json!({"text": &*doc.text, "version": doc.version}))
    }

    /// A slow request on a snapshot, like a big rename: works for
    /// `millis` (default 30 s) checking its cancellation flag, then
    /// answers the version of `uri` it saw (null when not open).
    pub(crate) async fn test_slow(&self, params: SlowParams) -> Result<Value> {
        if !self.test_hooks {
            return Err(Error::method_not_found());
        }
        self.run(move |state, cancelled| {
            let until = Instant::now() + Duration::from_millis(params.millis.unwrap_or(30_000));
            while Instant::now() < until {
                if cancelled.stop() {
                    return Value::Null;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            let version = params
                .uri
                .and_then(|uri| convert::uri_to_path(&uri))
                .and_then(|path| Some(state.docs.get(&path)?.version));
            serde_json::json!({ "version": version })
        })
        .await
    }

    /// How many texts discovery has scanned (the cost of an edit).
    pub(crate) async fn test_discovery_scans(&self) -> Result<Value> {
        if !self.test_hooks {
            return Err(Error::method_not_found());
        }
        Ok(shared::request_state(&self.shared).discovery.scans().into())
    }

    /// How many requests stopped their work on their cancellation.
    pub(crate) async fn test_cancelled(&self) -> Result<Value> {
        let hooks = self.hooks.as_ref().ok_or_else(Error::method_not_found)?;
        Ok(hooks.stopped.load(Ordering::SeqCst).into())
    }

    /// Makes every cancellation check of later requests pause `millis`
    /// first, so a test's request is still running when it cancels it.
    pub(crate) async fn test_pace(&self, params: PaceParams) -> Result<Value> {
        let hooks = self.hooks.as_ref().ok_or_else(Error::method_not_found)?;
        hooks.pace_millis.store(params.millis, Ordering::SeqCst);
        Ok(Value::Null)
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct PaceParams {
    millis: u64,
}

#[derive(serde::Deserialize)]
pub(crate) struct SlowParams {
    millis: Option<u64>,
    uri: Option<Uri>,
}
