//! The `aisrm` settings: pulled with `workspace/configuration` or pushed
//! with `workspace/didChangeConfiguration`.

use std::path::PathBuf;

use serde_json::Value;
use tower_lsp_server::ls_types::{ConfigurationItem, DidChangeConfigurationParams};

use crate::config::Settings;
use crate::project;
use crate::state::State;

/// What `workspace/configuration` asks for.
pub fn request() -> Vec<ConfigurationItem> {
    vec![ConfigurationItem {
        scope_uri: None,
        section: Some("aisrm".into()),
    }]
}

/// The settings a `didChangeConfiguration` carries; `None` when the client
/// only signals a change (then the server pulls).
pub fn pushed(params: &DidChangeConfigurationParams) -> Option<&Value> {
    params.settings.get("aisrm").filter(|v| !v.is_null())
}

/// What applying settings changed.
pub struct Applied {
    /// Every known file: severities and the default framework may change
    /// any finding.
    pub affected: Vec<PathBuf>,
    /// Problems with the settings, for the client's log.
    pub problems: Vec<String>,
    pub refresh_inlay_hints: bool,
    pub refresh_code_lenses: bool,
}

/// The settings the core's analysis reads.
pub fn analysis_settings(settings: &Settings) -> aisrm_core::analysis::Settings {
    settings.analysis.clone()
}

/// Takes the settings the client sent (they override `aisrm.toml`).
pub fn apply(state: &mut State, value: &Value) -> Applied {
    state.client_settings = value.clone();
    refresh(state)
}

/// Puts the settings in effect (the project's, the client's on top) into
/// the state, after either changed.
pub fn refresh(state: &mut State) -> Applied {
    let (settings, mut problems) =
        project::effective_settings(state.project.as_deref(), &state.client_settings);
    let old = std::mem::replace(&mut state.settings, settings.clone());
    let framework = settings.framework.clone().unwrap_or_else(|| "aisrm".into());
    if aisrm_core::framework::builtin(&framework).is_none() {
        problems.push(format!(
            "unknown framework `{framework}` in aisrm.framework"
        ));
    }
    state.ws.set_default_framework(&framework);
    state.ws.set_settings(analysis_settings(&settings));
    let mut affected = state.ws.paths();
    affected.extend(state.unreadable.keys().cloned());
    affected.extend(state.docs.keys().cloned());
    affected.extend(state.project.iter().map(|p| p.loaded.path.clone()));
    affected.sort();
    affected.dedup();
    Applied {
        affected,
        problems,
        // Inherited owners show in hints and lenses.
        refresh_inlay_hints: state.caps.inlay_refresh
            && (old.inlay_hints != settings.inlay_hints
                || old.analysis.ownership != settings.analysis.ownership),
        refresh_code_lenses: state.caps.code_lens_refresh
            && (old.code_lens != settings.code_lens
                || old.analysis.ownership != settings.analysis.ownership),
    }
}
