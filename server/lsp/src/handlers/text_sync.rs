//! `textDocument/didOpen`, `didChange`, `didClose`: the editor's text of
//! open documents. Each returns the files whose findings may have changed.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};

use crate::convert;
use crate::documents::OpenDocument;
use crate::state::State;

pub fn did_open(state: &mut State, params: DidOpenTextDocumentParams) -> Vec<PathBuf> {
    let doc = params.text_document;
    let Some(path) = convert::uri_to_path(&doc.uri) else {
        return Vec::new();
    };
    let document = OpenDocument::new(doc.uri, doc.version, &doc.text);
    let text = document.text.clone();
    state.docs.insert(path.clone(), document);
    state.unreadable.remove(&path);
    let mut affected = state.ws.set_file(path.clone(), text);
    affected.push(path);
    affected
}

pub fn did_change(state: &mut State, params: DidChangeTextDocumentParams) -> Vec<PathBuf> {
    let Some(path) = convert::uri_to_path(&params.text_document.uri) else {
        return Vec::new();
    };
    let enc = state.enc;
    let Some(doc) = state.docs.get_mut(&path) else {
        return Vec::new();
    };
    doc.apply(params.text_document.version, &params.content_changes, enc);
    let text = doc.text.clone();
    let mut affected = state.ws.set_file(path.clone(), text);
    affected.push(path);
    affected
}

/// The file goes back to its text on disk.
pub fn did_close(state: &mut State, params: DidCloseTextDocumentParams) -> Vec<PathBuf> {
    let Some(path) = convert::uri_to_path(&params.text_document.uri) else {
        return Vec::new();
    };
    state.docs.remove(&path);
    let mut affected = state.load_from_disk(&path);
    affected.push(path);
    affected
}
