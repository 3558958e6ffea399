//! A framework id names one framework: a custom framework file that takes
//! a built-in id, or two framework files with one id, get
//! `framework-id-clash` at the `id:` value.

use std::path::{Path, PathBuf};

use aisrm_core::workspace::Workspace;

const EXAMPLE: &str = include_str!("../../../examples/custom-framework/framework.yaml");

fn path(name: &str) -> PathBuf {
    Path::new("/ws").join(name)
}

/// The framework-id-clash findings of `file` as (text at the range,
/// message, related files).
fn clashes(ws: &Workspace, file: &str) -> Vec<(String, String, Vec<PathBuf>)> {
    let text = &ws.file(&path(file)).unwrap().text;
    ws.diagnostics(&path(file))
        .into_iter()
        .filter(|d| d.code.as_str() == "framework-id-clash")
        .map(|d| {
            let related = d.related.iter().map(|r| r.path.clone()).collect();
            (
                text[d.range.start..d.range.end].to_string(),
                d.message,
                related,
            )
        })
        .collect()
}

#[test]
fn a_custom_framework_cannot_take_a_built_in_id() {
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    ws.set_file(
        path("fw.yaml"),
        EXAMPLE.replacen("id: acme-genai", "id: aisrm", 1),
    );
    assert_eq!(
        clashes(&ws, "fw.yaml"),
        [(
            "aisrm".to_string(),
            "`aisrm` is the id of a built-in framework; a custom framework needs an id of its own"
                .to_string(),
            vec![]
        )]
    );
}

#[test]
fn two_framework_files_cannot_share_an_id() {
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    ws.set_file(path("a.yaml"), EXAMPLE);
    assert!(clashes(&ws, "a.yaml").is_empty());
    let affected = ws.set_file(path("b.yaml"), EXAMPLE);
    assert!(affected.contains(&path("a.yaml")), "{affected:?}");
    let message = "framework id `acme-genai` is also the id of another framework file".to_string();
    assert_eq!(
        clashes(&ws, "a.yaml"),
        [(
            "acme-genai".to_string(),
            message.clone(),
            vec![path("b.yaml")]
        )]
    );
    assert_eq!(
        clashes(&ws, "b.yaml"),
        [("acme-genai".to_string(), message, vec![path("a.yaml")])]
    );
    let affected = ws.remove_file(&path("b.yaml"));
    assert!(affected.contains(&path("a.yaml")), "{affected:?}");
    assert!(clashes(&ws, "a.yaml").is_empty());
}
