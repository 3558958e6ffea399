//! `textDocument/didOpen`, `didChange`, `didClose`: the editor's text of
//! open documents. Each returns the files whose findings may have changed.
//! They are applied by the input pump, in the order the client sent them
//! (see `shared.rs`), not by `tower-lsp-server`.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};

use crate::documents::OpenDocument;
use crate::log;
use crate::project;
use crate::state::State;

pub fn did_open(state: &mut State, params: DidOpenTextDocumentParams) -> Vec<PathBuf> {
    let doc = params.text_document;
    let Some(path) = super::file_path(&doc.uri, "textDocument/didOpen") else {
        return Vec::new();
    };
    let document = OpenDocument::new(doc.uri, doc.version, &doc.text);
    let text = document.text.clone();
    state.docs.insert(path.clone(), document);
    state.unreadable.remove(&path);
    let mut affected = analyse(state, &path, text);
    affected.push(path);
    affected
}

/// Gives the workspace the editor's text of `path`, unless `aisrm.toml`
/// leaves the file out.
/// An open `aisrm.toml`'s acknowledgements apply as typed: drift findings
/// anywhere may change.
fn analyse(state: &mut State, path: &std::path::Path, text: Arc<str>) -> Vec<PathBuf> {
    let mut affected = crate::discovered::config_edited(state, path);
    if project::includes(state, path) {
        affected.extend(state.set_file(path, text));
    }
    affected
}

pub fn did_change(state: &mut State, params: DidChangeTextDocumentParams) -> Vec<PathBuf> {
    let uri = &params.text_document.uri;
    let Some(path) = super::file_path(uri, "textDocument/didChange") else {
        return Vec::new();
    };
    let State { docs, ws, enc, .. } = state;
    let Some(doc) = docs.get_mut(&path) else {
        log::skipped(
            "textDocument/didChange",
            format_args!("{} is not open", uri.as_str()),
        );
        return Vec::new();
    };
    // The workspace analysed the current text: its line index serves.
    let analysed = ws
        .file(&path)
        .filter(|f| Arc::ptr_eq(&f.text, &doc.text))
        .map(|f| &f.line_index);
    doc.apply(
        params.text_document.version,
        &params.content_changes,
        *enc,
        analysed,
    );
    let text = doc.text.clone();
    let mut affected = analyse(state, &path, text);
    affected.push(path);
    affected
}

/// The file goes back to its text on disk (`aisrm.toml`: its saved
/// acknowledgements).
pub fn did_close(state: &mut State, params: DidCloseTextDocumentParams) -> Vec<PathBuf> {
    let Some(path) = super::file_path(&params.text_document.uri, "textDocument/didClose") else {
        return Vec::new();
    };
    state.docs.remove(&path);
    let mut affected = crate::discovered::config_edited(state, &path);
    affected.extend(state.load_from_disk(&path));
    affected.push(path);
    affected
}

/// Whether the input pump applies `method` itself (the text notifications).
pub fn is_text_sync(method: &str) -> bool {
    matches!(
        method,
        "textDocument/didOpen" | "textDocument/didChange" | "textDocument/didClose"
    )
}

/// Applies one text notification (see [`is_text_sync`]); logs and skips
/// one whose params do not decode.
pub fn apply(state: &mut State, method: &str, params: Value) -> Vec<PathBuf> {
    fn decode<T: serde::de::DeserializeOwned>(method: &str, params: Value) -> Option<T> {
        serde_json::from_value(params)
            .map_err(|e| log::skipped(method, format_args!("invalid params: {e}")))
            .ok()
    }
    match method {
        "textDocument/didOpen" => decode(method, params).map(|p| did_open(state, p)),
        "textDocument/didChange" => decode(method, params).map(|p| did_change(state, p)),
        "textDocument/didClose" => decode(method, params).map(|p| did_close(state, p)),
        _ => None,
    }
    .unwrap_or_default()
}
