use aisrm_core::ide::completion::{self, CompletionKind};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use crate::state::State;

pub fn completion(state: &State, params: CompletionParams) -> Option<CompletionResponse> {
    let pos = params.text_document_position;
    let (path, text) = super::document(state, &pos.text_document.uri, "textDocument/completion")?;
    let offset = text.offset(pos.position, state.enc);
    // Snippets only for clients that say they take them; the others get
    // the same text without tab stops.
    let snippets = state.caps.snippets;
    let items = completion::completions(&state.ws, &path, text.text, offset)
        .into_iter()
        .map(|c| CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                text.range(c.range, state.enc),
                if snippets {
                    c.insert_text.clone()
                } else {
                    c.plain_text()
                },
            ))),
            label: c.label.clone(),
            kind: Some(match c.kind {
                CompletionKind::Key => CompletionItemKind::PROPERTY,
                CompletionKind::Value => CompletionItemKind::VALUE,
                CompletionKind::DeploymentModel => CompletionItemKind::ENUM_MEMBER,
                CompletionKind::Domain => CompletionItemKind::FIELD,
                CompletionKind::Component => CompletionItemKind::REFERENCE,
                CompletionKind::Framework => CompletionItemKind::MODULE,
                CompletionKind::Snippet => CompletionItemKind::SNIPPET,
            }),
            detail: c.detail,
            documentation: c.documentation.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            sort_text: Some(c.sort_text),
            filter_text: Some(c.label),
            insert_text_format: Some(if c.snippet && snippets {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            ..CompletionItem::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
}
