use std::collections::HashMap;

use aisrm_core::diagnostics::{Diagnostic as CoreDiagnostic, Fix};
use aisrm_core::ide::actions::{self, ActionKind};
use aisrm_core::text::TextRange;
use std::path::Path;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, NumberOrString, OneOf,
    OptionalVersionedTextDocumentIdentifier, Range, ResourceOp, TextDocumentEdit, TextEdit,
    WorkspaceEdit,
};

use crate::cancel::{Cancelled, until_cancelled};
use crate::convert::{self, TextRef};
use crate::discovered;
use crate::state::State;

/// The source action adding skeleton responsibility entries.
pub const ADD_RESPONSIBILITIES: &str = "source.aisrm.addResponsibilities";

/// Where an edit goes: a text the server knows (an open document, an
/// analysed file, `aisrm.toml`), or a file the edit creates (the
/// project's `aisrm.toml` when there is none yet).
enum EditTarget<'s> {
    Text(TextRef<'s>),
    Created,
}

fn edit_target<'s>(state: &'s State, path: &Path) -> Option<EditTarget<'s>> {
    if let Some(text) = state.text_ref(path) {
        return Some(EditTarget::Text(text));
    }
    match &state.project {
        Some(p) if p.loaded.path == path => Some(EditTarget::Text(p.text_ref())),
        None if crate::project::is_config(path)
            && state
                .discovery
                .root()
                .is_some_and(|r| path.parent() == Some(r)) =>
        {
            Some(EditTarget::Created)
        }
        _ => None,
    }
}

/// Whether the client can apply `fix` (a fix that creates a file needs
/// `documentChanges` with the create operation).
pub fn applicable(state: &State, fix: &Fix) -> bool {
    fix.edits.iter().all(|e| match edit_target(state, &e.path) {
        Some(EditTarget::Text(_)) => true,
        Some(EditTarget::Created) => state.caps.create_files,
        None => false,
    })
}

pub fn workspace_edit(state: &State, fix: &Fix) -> WorkspaceEdit {
    let mut changes: HashMap<_, Vec<_>> = HashMap::new();
    let mut created = Vec::new();
    for edit in &fix.edits {
        let (Some(uri), Some(target)) = (state.uri(&edit.path), edit_target(state, &edit.path))
        else {
            continue;
        };
        match target {
            EditTarget::Text(text) => changes
                .entry(uri)
                .or_default()
                .push(convert::text_edit(edit, text, state.enc)),
            EditTarget::Created => created.push((uri, edit.new_text.clone())),
        }
    }
    if created.is_empty() {
        return WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        };
    }
    // A new file: created first, then filled; other files' edits follow.
    let mut ops = Vec::new();
    for (uri, new_text) in created {
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
            CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            },
        )));
        changes
            .entry(uri)
            .or_default()
            .push(TextEdit::new(Range::default(), new_text));
    }
    for (uri, edits) in changes {
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }));
    }
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
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
    // Drift's fixes edit other files (the inventory, aisrm.toml).
    if wanted(only, &CodeActionKind::QUICKFIX) {
        for finding in discovered::findings(state, &path) {
            let d = &finding.diagnostic;
            if state.settings.severity(d.code, d.severity).is_none() || !asked(d) {
                continue;
            }
            let diagnostics = convert::diagnostic(d, text, state.enc, &state.settings, &locate);
            for fix in finding.fixes.iter().filter(|f| applicable(state, f)) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostics.clone().map(|d| vec![d]),
                    edit: Some(workspace_edit(state, fix)),
                    command: None,
                    is_preferred: fix.preferred.then_some(true),
                    disabled: None,
                    data: None,
                }));
            }
        }
    }
    Some(out)
}
