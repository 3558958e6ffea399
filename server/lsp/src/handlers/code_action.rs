use std::collections::HashMap;

use aisrm_core::diagnostics::{Diagnostic as CoreDiagnostic, Fix};
use aisrm_core::ide::actions::{self, ActionKind};
use aisrm_core::text::TextRange;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    NumberOrString, WorkspaceEdit,
};

use crate::cancel::{Cancelled, until_cancelled};
use crate::convert;
use crate::state::State;

/// The source action adding skeleton responsibility entries.
pub const ADD_RESPONSIBILITIES: &str = "source.aisrm.addResponsibilities";

pub fn workspace_edit(state: &State, fix: &Fix) -> WorkspaceEdit {
    let mut changes: HashMap<_, Vec<_>> = HashMap::new();
    for edit in &fix.edits {
        let (Some(uri), Some(text)) = (state.uri(&edit.path), state.text_ref(&edit.path)) else {
            continue;
        };
        changes
            .entry(uri)
            .or_default()
            .push(convert::text_edit(edit, text, state.enc));
    }
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|o| {
        kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
    })
}

/// Stops once `cancelled` is set.
pub fn code_action(
    state: &State,
    params: CodeActionParams,
    cancelled: &Cancelled,
) -> Option<CodeActionResponse> {
    let (path, text) =
        super::document(state, &params.text_document.uri, "textDocument/codeAction")?;
    let range = text.text_range(params.range, state.enc);
    // The findings the client names, and those on the selected lines.
    let named: Vec<(TextRange, String)> = params
        .context
        .diagnostics
        .iter()
        .filter_map(|d| match &d.code {
            Some(NumberOrString::String(code)) => {
                Some((text.text_range(d.range, state.enc), code.clone()))
            }
            _ => None,
        })
        .collect();
    let asked = |d: &CoreDiagnostic| {
        actions::on_selected_lines(text.text, range, d)
            || named
                .iter()
                .any(|(r, code)| *r == d.range && code == d.code.as_str())
    };
    let diagnostics: Vec<_> = state
        .core_diagnostics(&path)
        .into_iter()
        .filter(|d| state.settings.severity(d.code, d.severity).is_some())
        .filter(|d| asked(d))
        .map(std::borrow::Cow::into_owned)
        .collect();
    let only = params.context.only.as_deref();
    let locate = |p: &std::path::Path| Some((state.uri(p)?, state.text_ref(p)?));
    let mut out = Vec::new();
    let actions = actions::code_actions(&state.ws, &path, range, &diagnostics);
    for action in until_cancelled(actions, cancelled) {
        let kind = match action.kind {
            ActionKind::QuickFix => CodeActionKind::QUICKFIX,
            ActionKind::AddResponsibilities => CodeActionKind::from(ADD_RESPONSIBILITIES),
        };
        if !wanted(only, &kind) {
            continue;
        }
        let diagnostics = action.diagnostic.as_ref().and_then(|d| {
            convert::diagnostic(d, text, state.enc, &state.settings, &locate).map(|d| vec![d])
        });
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: action.fix.title.clone(),
            kind: Some(kind),
            diagnostics,
            edit: Some(workspace_edit(state, &action.fix)),
            command: None,
            is_preferred: action.fix.preferred.then_some(true),
            disabled: None,
            data: None,
        }));
    }
    Some(out)
}
