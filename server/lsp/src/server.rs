//! The language server: the `LanguageServer` implementation, which locks
//! the state, calls a handler and converts; and the diagnostics publisher.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use aisrm_core::text::Encoding;
use serde_json::Value;
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::config::Settings;
use crate::convert;
use crate::documents::Document;
use crate::handlers;
use crate::index;
use crate::state::{Caps, State};

/// Shared with `run`: whether `shutdown` came before `exit`.
#[derive(Debug, Default)]
pub struct Lifecycle {
    /// `initialize` was answered.
    pub initialized: AtomicBool,
    pub shutdown: AtomicBool,
}

struct Publish {
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
}

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
        for path in paths {
            let known = state.ws.file(path).is_some()
                || state.unreadable.contains_key(path)
                || state.docs.contains_key(path);
            if !known && !state.published.contains(path) {
                continue;
            }
            let Some(uri) = state.uri(path) else { continue };
            let diagnostics = if known {
                state.lsp_diagnostics(path)
            } else {
                Vec::new()
            };
            if diagnostics.is_empty() {
                state.published.remove(path);
            } else {
                state.published.insert(path.clone());
            }
            let version = state.docs.get(path).map(|d| d.version);
            let _ = self.publish.send(Publish {
                uri,
                diagnostics,
                version,
            });
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
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("aisrm".into()),
        }];
        match self.client.configuration(items).await {
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
        let (settings, mut problems) = Settings::from_json(value);
        let (inlay, lens) = {
            let mut state = self.state();
            let old = std::mem::replace(&mut state.settings, settings.clone());
            let framework = settings.framework.clone().unwrap_or_else(|| "aisrm".into());
            if aisrm_core::framework::builtin(&framework).is_none() {
                problems.push(format!(
                    "unknown framework `{framework}` in aisrm.framework"
                ));
            }
            state.ws.set_default_framework(&framework);
            let mut paths = state.ws.paths();
            paths.extend(state.unreadable.keys().cloned());
            paths.extend(state.docs.keys().cloned());
            paths.sort();
            paths.dedup();
            self.diagnostics_changed(&mut state, &paths);
            (
                state.caps.inlay_refresh && old.inlay_hints != settings.inlay_hints,
                state.caps.code_lens_refresh && old.code_lens != settings.code_lens,
            )
        };
        for p in problems {
            self.log(MessageType::WARNING, format!("aisrm: {p}")).await;
        }
        if inlay {
            let _ = self.client.inlay_hint_refresh().await;
        }
        if lens {
            let _ = self.client.code_lens_refresh().await;
        }
    }

    async fn register_watcher(&self) {
        if !self.state().caps.watch_dynamic {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{yaml,yml,md,markdown}".into()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "aisrm-watched-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
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
                let mut affected = Vec::new();
                for (path, result) in read {
                    if state.docs.contains_key(&path) {
                        continue; // the editor's text wins
                    }
                    match result {
                        Ok(text) => {
                            affected.extend(state.ws.set_file(path.clone(), text));
                            if state.ws.file(&path).is_some() {
                                indexed += 1;
                            }
                        }
                        Err(message) => {
                            state.unreadable.insert(path.clone(), message);
                            affected.push(path);
                        }
                    }
                }
                affected.sort();
                affected.dedup();
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

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn client_caps(c: &ClientCapabilities) -> Caps {
    let ws = c.workspace.as_ref();
    Caps {
        work_done_progress: c
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        watch_dynamic: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
        // Pull only with clients that can be told to pull again: a client
        // without refresh support would keep the findings it pulled before
        // the workspace was indexed (Neovim 0.11 does); it gets pushes.
        pull_diagnostics: c
            .text_document
            .as_ref()
            .and_then(|t| t.diagnostic.as_ref())
            .is_some()
            && ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
        diagnostic_refresh: ws
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        inlay_refresh: ws
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        code_lens_refresh: ws
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
    }
}

fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| convert::uri_to_path(&f.uri))
        .collect();
    #[allow(deprecated)]
    if out.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(convert::uri_to_path)
    {
        out.push(root);
    }
    out
}

fn capabilities(enc: Encoding, pull_diagnostics: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match enc {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), "#".into(), " ".into(), "[".into()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(handlers::code_action::ADD_RESPONSIBILITIES),
            ]),
            ..CodeActionOptions::default()
        })),
        diagnostic_provider: pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("aisrm".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: handlers::execute_command::COMMANDS
                .iter()
                .map(|c| c.to_string())
                .collect(),
            ..ExecuteCommandOptions::default()
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// Lets a request be cancelled before it starts its (synchronous) work.
async fn cancellation_point() {
    tokio::task::yield_now().await;
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = negotiate_encoding(&params);
        let roots = roots(&params);
        {
            let mut state = self.state();
            state.enc = enc;
            state.caps = client_caps(&params.capabilities);
            for root in &roots {
                state.ws.add_root(root);
            }
        }
        let (settings, _) = Settings::from_json(
            params
                .initialization_options
                .as_ref()
                .and_then(|o| o.get("aisrm").or(Some(o)))
                .unwrap_or(&Value::Null),
        );
        {
            let mut state = self.state();
            if let Some(f) = &settings.framework {
                state.ws.set_default_framework(f);
            }
            state.settings = settings;
        }
        self.lifecycle.initialized.store(true, Ordering::SeqCst);
        Ok(InitializeResult {
            capabilities: capabilities(enc, self.state().caps.pull_diagnostics),
            server_info: Some(ServerInfo {
                name: "aisrm".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
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

    // Document changes mutate the state before the first `.await`, so they
    // are applied strictly in the order the client sent them.

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let Some(path) = convert::uri_to_path(&doc.uri) else {
            return;
        };
        let mut state = self.state();
        let document = Document::new(doc.uri, doc.version, &doc.text);
        let text = document.text.clone();
        state.docs.insert(path.clone(), document);
        state.unreadable.remove(&path);
        let mut affected = state.ws.set_file(path.clone(), text);
        affected.push(path);
        self.diagnostics_changed(&mut state, &affected);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = convert::uri_to_path(&params.text_document.uri) else {
            return;
        };
        let mut state = self.state();
        let enc = state.enc;
        let Some(doc) = state.docs.get_mut(&path) else {
            return;
        };
        doc.apply(params.text_document.version, &params.content_changes, enc);
        let text = doc.text.clone();
        let mut affected = state.ws.set_file(path.clone(), text);
        affected.push(path);
        self.diagnostics_changed(&mut state, &affected);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let Some(path) = convert::uri_to_path(&params.text_document.uri) else {
            return;
        };
        let mut state = self.state();
        state.docs.remove(&path);
        let mut affected = state.load_from_disk(&path);
        affected.push(path);
        self.diagnostics_changed(&mut state, &affected);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut state = self.state();
        let mut affected = Vec::new();
        for change in params.changes {
            let Some(path) = convert::uri_to_path(&change.uri) else {
                continue;
            };
            affected.extend(state.load_from_disk(&path));
            affected.push(path);
        }
        affected.sort();
        affected.dedup();
        self.diagnostics_changed(&mut state, &affected);
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let added: Vec<PathBuf> = params
            .event
            .added
            .iter()
            .filter_map(|f| convert::uri_to_path(&f.uri))
            .collect();
        {
            let mut state = self.state();
            for root in &added {
                state.ws.add_root(root);
            }
            let removed: Vec<PathBuf> = params
                .event
                .removed
                .iter()
                .filter_map(|f| convert::uri_to_path(&f.uri))
                .collect();
            let mut affected = Vec::new();
            for root in removed {
                for path in state.ws.paths() {
                    if path.starts_with(&root) && !state.docs.contains_key(&path) {
                        affected.extend(state.ws.remove_file(&path));
                    }
                }
            }
            self.diagnostics_changed(&mut state, &affected);
        }
        if !added.is_empty() {
            self.index(added).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get("aisrm") {
            Some(value) if !value.is_null() => {
                let value = value.clone();
                self.apply_settings(&value).await;
            }
            _ => self.pull_settings().await,
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
