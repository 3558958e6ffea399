//! The language server: the `LanguageServer` implementation, which locks
//! the state and calls a handler (`handlers/`), the diagnostics publisher,
//! and what needs the client (configuration, file watching, indexing
//! with progress).

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::convert;
use crate::handlers::{self, diagnostics::Publish};
use crate::index;
use crate::lifecycle::Lifecycle;
use crate::state::State;

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    publish: mpsc::UnboundedSender<Publish>,
    lifecycle: Arc<Lifecycle>,
    pub(crate) test_hooks: bool,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panicking handler must not take the server down with it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Backend {
    pub fn new(client: Client, lifecycle: Arc<Lifecycle>, test_hooks: bool) -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel::<Publish>();
        let publisher = client.clone();
        // One task publishes, in the order the sets were computed (always
        // under the state lock): a set for an older version can never
        // overtake a newer one.
        tokio::spawn(async move {
            while let Some(p) = rx.recv().await {
                publisher
                    .publish_diagnostics(p.uri, p.diagnostics, p.version)
                    .await;
            }
        });
        Self {
            client,
            state: Arc::new(Mutex::new(State::new())),
            publish: tx,
            lifecycle,
            test_hooks,
        }
    }

    pub(crate) fn client(&self) -> Client {
        self.client.clone()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Queues the diagnostics of `paths` (push mode) or asks a pull client
    /// to refresh. Call with the state locked, right after the change.
    fn diagnostics_changed(&self, state: &mut State, paths: &[PathBuf]) {
        if paths.is_empty() {
            return;
        }
        if state.caps.pull_diagnostics {
            if state.caps.diagnostic_refresh {
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
            return;
        }
        for publish in handlers::diagnostics::push(state, paths) {
            let _ = self.publish.send(publish);
        }
    }

    async fn log(&self, typ: MessageType, message: impl std::fmt::Display) {
        self.client.log_message(typ, message).await;
    }

    /// Reads `aisrm` settings from the client (when it supports it).
    async fn pull_settings(&self) {
        if !self.state().caps.configuration {
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
        let applied = {
            let mut state = self.state();
            let applied = handlers::configuration::apply(&mut state, value);
            self.diagnostics_changed(&mut state, &applied.affected);
            applied
        };
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
        if !self.state().caps.watch_dynamic {
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
        let progress_supported = self.state().caps.work_done_progress;
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
        let paths = tokio::task::spawn_blocking(move || index::walk(&walk_roots))
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
            {
                let mut state = self.state();
                let (affected, added) = index::add(&mut state, read);
                indexed += added;
                self.diagnostics_changed(&mut state, &affected);
            }
            if let Some(p) = &progress {
                let done = ((n + 1) * 64).min(total);
                p.report_with_message(format!("{done}/{total} files"), (done * 100 / total) as u32)
                    .await;
            }
        }
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
}

/// Lets a request be cancelled before it starts its (synchronous) work.
async fn cancellation_point() {
    tokio::task::yield_now().await;
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.lifecycle.watch_parent(params.process_id);
        let result = handlers::initialize::initialize(&mut self.state(), &params);
        self.lifecycle.initialized.store(true, Ordering::SeqCst);
        Ok(result)
    }

    async fn initialized(&self, _: InitializedParams) {
        let roots = self.state().ws.roots().to_vec();
        self.pull_settings().await;
        self.register_watcher().await;
        self.index(roots).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.lifecycle.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    // Notifications mutate the state before the first `.await`, so they
    // are applied strictly in the order the client sent them.

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let mut state = self.state();
        let affected = handlers::text_sync::did_open(&mut state, params);
        self.diagnostics_changed(&mut state, &affected);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let mut state = self.state();
        let affected = handlers::text_sync::did_change(&mut state, params);
        self.diagnostics_changed(&mut state, &affected);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let mut state = self.state();
        let affected = handlers::text_sync::did_close(&mut state, params);
        self.diagnostics_changed(&mut state, &affected);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut state = self.state();
        let affected = handlers::watched_files::did_change(&mut state, params);
        self.diagnostics_changed(&mut state, &affected);
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let added = {
            let mut state = self.state();
            let changed = handlers::workspace_folders::did_change(&mut state, params);
            self.diagnostics_changed(&mut state, &changed.affected);
            changed.added
        };
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
        cancellation_point().await;
        Ok(handlers::diagnostics::pull(&self.state(), params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        cancellation_point().await;
        Ok(handlers::completion::completion(&self.state(), params))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        cancellation_point().await;
        Ok(handlers::hover::hover(&self.state(), params))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        cancellation_point().await;
        Ok(handlers::inlay_hint::inlay_hint(&self.state(), params))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        cancellation_point().await;
        Ok(handlers::code_lens::code_lens(&self.state(), params))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        cancellation_point().await;
        Ok(handlers::symbols::document(&self.state(), params))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        cancellation_point().await;
        Ok(handlers::symbols::workspace(&self.state(), params))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        cancellation_point().await;
        Ok(handlers::navigation::definition(&self.state(), params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        cancellation_point().await;
        Ok(handlers::navigation::references(&self.state(), params))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        cancellation_point().await;
        Ok(handlers::rename::prepare(&self.state(), params))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        cancellation_point().await;
        handlers::rename::rename(&self.state(), params)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        cancellation_point().await;
        Ok(handlers::code_action::code_action(&self.state(), params))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        cancellation_point().await;
        handlers::execute_command::execute(&self.state(), params)
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
        let state = self.state();
        let doc = state.docs.get(&path).ok_or_else(Error::internal_error)?;
        Ok(serde_json::json!({"text": &*doc.text, "version": doc.version}))
    }
}
