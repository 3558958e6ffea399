use super::*;

fn ctx(marked: &str, md: bool) -> Context {
    let offset = marked.find("$0").unwrap();
    let text = marked.replace("$0", "");
    context_at(&text, &LineIndex::new(&text), offset, md)
}

fn yaml(marked: &str, md: bool) -> (Vec<String>, Slot) {
    match ctx(marked, md) {
        Context::Yaml(y) => (
            y.keys().iter().map(|s| s.to_string()).collect(),
            y.slot.clone(),
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unfinished_key_under_a_component() {
    let (path, slot) = yaml(
        "aisrm: 1\ncomponents:\n  bot:\n    name: x\n    depl$0\n  other:\n",
        false,
    );
    assert_eq!(path, ["components", "bot"]);
    assert_eq!(slot, Slot::Key);
}

#[test]
fn deployment_with_nothing_after_it() {
    let (path, slot) = yaml("components:\n  bot:\n    deployment: $0\n", false);
    assert_eq!(path, ["components", "bot"]);
    assert_eq!(
        slot,
        Slot::Value {
            key: "deployment".into()
        }
    );
}

#[test]
fn new_line_under_responsibilities() {
    let (path, slot) = yaml(
        "components:\n  bot:\n    deployment: saas-ai\n    responsibilities:\n      $0\n",
        false,
    );
    assert_eq!(path, ["components", "bot", "responsibilities"]);
    assert_eq!(slot, Slot::Key);
}

#[test]
fn flow_and_block_lists() {
    let (path, slot) = yaml("components:\n  bot:\n    depends-on: [a, b$0\n", false);
    assert_eq!(path, ["components", "bot", "depends-on"]);
    assert_eq!(slot, Slot::ListItem);
    let (path, slot) = yaml("components:\n  bot:\n    depends-on:\n    - $0\n", false);
    assert_eq!(path, ["components", "bot", "depends-on"]);
    assert_eq!(slot, Slot::ListItem);
}

#[test]
fn unclosed_block_in_a_quote() {
    let (path, slot) = yaml(
        "# Doc\n\n> ```aisrm\n> bot:\n>   deployment: saas-ai\n>   responsibilities:\n>     da$0",
        true,
    );
    assert_eq!(path, ["components", "bot", "responsibilities"]);
    assert_eq!(slot, Slot::Key);
}

#[test]
fn block_nested_in_a_list_deeper_than_three_spaces() {
    // Indented 4 spaces, but 2 inside the list item: a fence, as the
    // analysis (a CommonMark parser) reads it.
    let md = "- item\n\n    ```aisrm\n    bot:\n      deployment: $0\n    ```\n";
    assert_eq!(
        crate::markdown::extract(&md.replace("$0", "")).blocks.len(),
        1
    );
    let (path, slot) = yaml(md, true);
    assert_eq!(path, ["components", "bot"]);
    assert_eq!(
        slot,
        Slot::Value {
            key: "deployment".into()
        }
    );
}

#[test]
fn outside_blocks_only_links() {
    assert!(matches!(ctx("text $0\n", true), Context::None));
    assert!(matches!(ctx("```yaml\na: $0\n```\n", true), Context::None));
    match ctx("See [x](inv.yaml#sup$0", true) {
        Context::LinkFragment { path, .. } => assert_eq!(path, "inv.yaml"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn reads_the_component_deployment_by_indentation() {
    let marked = "components:\n  bot:\n    name: x\n    deployment: \"paas-ai\" # c\n    responsibilities:\n      $0\n";
    let Context::Yaml(y) = ctx(marked, false) else {
        panic!()
    };
    assert_eq!(y.child_value(1, "deployment").as_deref(), Some("paas-ai"));
}

#[test]
fn crlf_lines_read_like_lf_lines() {
    let lf = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    responsibilities:\n      data-privacy:\n        status: $0\n  other:\n    name: y\n";
    let crlf = lf.replace('\n', "\r\n");
    for marked in [lf, crlf.as_str()] {
        let Context::Yaml(y) = ctx(marked, false) else {
            panic!("{marked:?}")
        };
        assert_eq!(
            y.keys(),
            ["components", "bot", "responsibilities", "data-privacy"]
        );
        assert_eq!(y.child_value(1, "deployment").as_deref(), Some("saas-ai"));
    }
}

#[test]
fn siblings_skip_deeper_lines_and_stop_at_the_parent() {
    let marked = "aisrm: 1\ncomponents:\n  a:\n    name: x\n\n    # note\n    deployment: saas-ai\n    $0\n    owner: t\n  b:\n    name: y\n";
    let Context::Yaml(y) = ctx(marked, false) else {
        panic!()
    };
    assert_eq!(y.siblings, ["deployment", "name", "owner"]);
}
