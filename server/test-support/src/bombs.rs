//! Resource bombs: hostile files the core, server and CLI tests feed
//! aisrm, each defined once. Every generator returns the file's text (or
//! bytes); what aisrm must find in it is the tests' business.

/// "Billion laughs": ten levels of anchors, each referring nine times to
/// the one before (9^10 nodes if expanded), used where lowering reads
/// components, the system, lists and responsibilities.
pub fn alias_bomb() -> String {
    let mut text = String::from(
        "aisrm: 1\nx-bomb:\n  l0: &l0 {deployment: saas-ai, data: [a, b, c, d, e, f, g, h, i]}\n",
    );
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "  l{i}: &l{i} {{a: *l{p}, b: *l{p}, c: *l{p}, d: *l{p}, e: *l{p}, f: *l{p}, g: *l{p}, h: *l{p}, i: *l{p}}}\n"
        ));
    }
    text.push_str("components: *l9\n");
    text.push_str("system: *l9\n");
    text.push_str("more:\n  c1:\n    deployment: saas-ai\n    data: *l9\n    depends-on: *l9\n    responsibilities: *l9\n");
    text
}

/// `components:` as `depth` nested flow sequences (`[[[...]]]`).
pub fn deep_flow_sequences(depth: usize) -> String {
    format!(
        "aisrm: 1\ncomponents: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

/// `components:` as `depth` nested flow mappings (`{a: {a: ...}}`).
pub fn deep_flow_mappings(depth: usize) -> String {
    format!(
        "aisrm: 1\ncomponents: {}{}\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    )
}

/// `depth` nested block sequences on one line (`- - - ... x`).
pub fn deep_block_sequences(depth: usize) -> String {
    format!("aisrm: 1\ncomponents:\n  {}x\n", "- ".repeat(depth))
}

/// `depth` nested block mappings, one indentation column per level.
pub fn deep_block_mappings(depth: usize) -> String {
    let mut text = String::from("aisrm: 1\ncomponents:\n");
    for i in 0..depth {
        text.push_str(&" ".repeat(2 + i));
        text.push_str("k:\n");
    }
    text
}

/// An inventory of at least `min_bytes` on one line: a flow mapping of
/// components `l0`, `l1`, ..., each depending on the next (the last one's
/// dependency is undeclared).
pub fn long_line(min_bytes: usize) -> String {
    let mut text = String::from("aisrm: 1\ncomponents: {");
    let mut i = 0;
    while text.len() < min_bytes {
        text.push_str(&format!(
            "l{i}: {{deployment: saas-ai, depends-on: [l{}]}}, ",
            i + 1
        ));
        i += 1;
    }
    text.push_str("}\n");
    text
}

/// An inventory of `n` components `c0` .. `c{n-1}` (`saas-ai`), each
/// followed by the lines `extra(i)` gives.
pub fn many_components(n: usize, extra: impl Fn(usize) -> String) -> String {
    let mut text = String::with_capacity(n * 64);
    text.push_str("aisrm: 1\ncomponents:\n");
    for i in 0..n {
        text.push_str(&format!("  c{i}:\n    deployment: saas-ai\n{}", extra(i)));
    }
    text
}

/// An inventory of `n` components that all have the id `same`.
pub fn many_duplicates(n: usize) -> String {
    let mut text = String::from("aisrm: 1\ncomponents:\n");
    text.push_str(&"  same:\n    deployment: saas-ai\n".repeat(n));
    text
}

/// An inventory padded with comment lines to at least `min_bytes`.
pub fn padded_inventory(min_bytes: usize) -> String {
    let mut text = String::from("aisrm: 1\ncomponents:\n");
    let pad = "  # padding padding padding padding padding padding padding padding\n";
    let lines = min_bytes.saturating_sub(text.len()).div_ceil(pad.len());
    text.push_str(&pad.repeat(lines));
    text
}

/// A design doc with one ```aisrm block, padded with prose and links to
/// at least `min_bytes`.
pub fn padded_design_doc(min_bytes: usize) -> String {
    let mut text = String::from("# Big\n\n```aisrm\na: {deployment: saas-ai}\n```\n\n");
    let para = "Some prose [with a link](../ai-inventory.yaml#a) and *emphasis* `code`.\n\n";
    let paras = min_bytes.saturating_sub(text.len()).div_ceil(para.len());
    text.push_str(&para.repeat(paras));
    text
}

/// `len` bytes counting 0, 1, .. 255 over and over (not UTF-8).
pub fn binary(len: usize) -> Vec<u8> {
    (0..=255u8).cycle().take(len).collect()
}

/// An ```aisrm block inside `depth` nested block quotes.
pub fn deep_block_quotes(depth: usize) -> String {
    format!(
        "{0}```aisrm\n{0}a: {{deployment: saas-ai}}\n{0}```\n",
        "> ".repeat(depth)
    )
}

/// `depth` nested list items, then an ```aisrm block.
pub fn deep_lists(depth: usize) -> String {
    let mut text = String::new();
    for i in 0..depth {
        text.push_str(&" ".repeat(2 * i));
        text.push_str("- item\n");
    }
    text.push_str("\n```aisrm\na: {deployment: saas-ai}\n```\n");
    text
}

/// `depth` nested link brackets, then an ```aisrm block.
pub fn deep_links(depth: usize) -> String {
    format!(
        "{}x{}\n\n```aisrm\na: {{deployment: saas-ai}}\n```\n",
        "[".repeat(depth),
        "](#a)".repeat(depth)
    )
}

/// `n` ```aisrm blocks, each with component `b{i}` and two links: to the
/// next block's component (the last one's is undeclared) and to an
/// undeclared component of `x.aisrm.yaml`.
pub fn many_blocks(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "```aisrm\nb{i}: {{deployment: saas-ai}}\n```\n[b](#b{}) [c](x.aisrm.yaml#c{i})\n",
            i + 1
        ));
    }
    text
}
