//! `initialize`: negotiates the encoding, records what the client can do,
//! takes the workspace folders and the initialization options.

use std::path::PathBuf;

use serde_json::Value;
use tower_lsp_server::ls_types::{InitializeParams, InitializeResult, ServerInfo};

use crate::capabilities::{client_caps, negotiate_encoding, server_capabilities};
use crate::convert;
use crate::project;
use crate::state::State;

pub fn initialize(state: &mut State, params: &InitializeParams) -> InitializeResult {
    state.enc = negotiate_encoding(params);
    state.caps = client_caps(&params.capabilities);
    for root in roots(params) {
        state.ws.add_root(&root);
    }
    state.project = project::read(state.ws.roots());
    crate::discovered::reroot(state, false);
    super::configuration::apply(state, initialization_settings(params));
    InitializeResult {
        capabilities: server_capabilities(state.enc, state.caps.pull_diagnostics),
        server_info: Some(ServerInfo {
            name: "aisrm".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    }
}

/// `initializationOptions.aisrm`, or the options themselves.
fn initialization_settings(params: &InitializeParams) -> &Value {
    params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("aisrm").or(Some(o)))
        .unwrap_or(&Value::Null)
}

/// The workspace folders (or, from older clients, the root URI).
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
