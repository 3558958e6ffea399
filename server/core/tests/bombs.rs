//! Resource bombs against the core: each hostile file must be analysed to
//! completion (a finding where the input exceeds a limit), never hang,
//! recurse off the stack or expand without bound. Every test runs under a
//! watchdog that fails it after a generous deadline instead of hanging CI;
//! the tests assert completion and findings, not timing.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use aisrm_core::diagnostics::{Code, Diagnostic};
use aisrm_core::ide;
use aisrm_core::text::{Encoding, TextRange};
use aisrm_core::workspace::Workspace;

/// Debug builds are slow; the deadline only catches hangs and blow-ups.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `f` on its own thread (with a normal 2 MiB stack, so deep
/// recursion would overflow) and fails if it does not finish in time.
fn watchdog<T: Send + 'static>(name: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name(name.into())
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    let started = std::time::Instant::now();
    match rx.recv_timeout(DEADLINE) {
        Ok(value) => {
            eprintln!("{name}: {:?}", started.elapsed());
            handle.join().unwrap();
            value
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The thread panicked; surface its panic.
            match handle.join() {
                Err(e) => std::panic::resume_unwind(e),
                Ok(()) => unreachable!(),
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("`{name}` did not finish within {DEADLINE:?}")
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from("/ws")
}

/// Analyses `text` as the file `name`, runs the per-file IDE queries at a
/// few places, and returns its findings. Every range must be in bounds.
fn analyse(name: &str, text: String) -> Vec<Diagnostic> {
    let mut ws = Workspace::new(vec![root()]);
    let path = root().join(name);
    ws.set_file(path.clone(), text.clone());
    let diagnostics = ws.diagnostics(&path);
    for d in &diagnostics {
        assert!(
            d.range.start <= d.range.end && d.range.end <= text.len(),
            "{d:?}"
        );
        assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
    }
    queries(&ws, &path, &text);
    diagnostics
}

/// The requests an editor sends for an open file, at its start, middle and
/// end: they must stay cheap on whatever the file holds.
fn queries(ws: &Workspace, path: &Path, text: &str) {
    let mut probes = vec![0, text.len() / 2, text.len()];
    for p in &mut probes {
        while !text.is_char_boundary(*p) {
            *p -= 1;
        }
    }
    for &at in &probes {
        let _ = ide::hover::hover(ws, path, at);
        let _ = ide::completion::completions(ws, path, text, at);
        let _ = ide::navigation::definition(ws, path, at);
        let _ = ide::navigation::references(ws, path, at, true);
        let _ = ide::actions::code_actions(ws, path, TextRange::empty(at), &[]);
    }
    let _ = ide::inlay::inlay_hints(ws, path, TextRange::new(0, text.len()));
    let _ = ide::symbols::document_symbols(ws, path);
    let _ = ide::lens::code_lenses(ws, path);
    let _ = ide::symbols::workspace_symbols(ws, "a");
    if let Some(file) = ws.file(path) {
        // Position conversion as the LSP layer does it, for every finding.
        for d in ws.diagnostics(path).iter().take(10_000) {
            let _ = file
                .line_index
                .line_col(text, d.range.start, Encoding::Utf16);
        }
    }
}

/// The codes found, for assertion messages (a bomb can have 100,000
/// findings; printing them all helps nobody).
fn summary(diagnostics: &[Diagnostic]) -> String {
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    format!("{} findings, codes {codes:?}", diagnostics.len())
}

fn has(diagnostics: &[Diagnostic], code: Code) -> bool {
    diagnostics.iter().any(|d| d.code == code)
}

/// "Billion laughs": ten levels of anchors, each referring nine times to
/// the one before (9^10 nodes if expanded), used where lowering reads
/// components, lists and responsibilities.
fn alias_bomb() -> String {
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

#[test]
fn billion_laughs_is_not_expanded() {
    let diagnostics = watchdog("alias bomb", || analyse("bomb.aisrm.yaml", alias_bomb()));
    assert!(!diagnostics.is_empty());
    // The same bomb inside a design doc.
    let doc = format!(
        "# Bomb\n\n```aisrm\n{}```\n",
        alias_bomb().replace("aisrm: 1\n", "")
    );
    watchdog("alias bomb in markdown", move || analyse("bomb.md", doc));
}

#[test]
fn deep_flow_nesting() {
    let text = format!(
        "aisrm: 1\ncomponents: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let d = watchdog("deep flow sequences", move || {
        analyse("deep.aisrm.yaml", text)
    });
    assert!(
        has(&d, Code::ResourceLimit) || has(&d, Code::YamlSyntaxError),
        "{}",
        summary(&d)
    );
    let text = format!(
        "aisrm: 1\ncomponents: {}{}\n",
        "{a: ".repeat(10_000),
        "}".repeat(10_000)
    );
    let d = watchdog("deep flow mappings", move || {
        analyse("deep.aisrm.yaml", text)
    });
    assert!(
        has(&d, Code::ResourceLimit) || has(&d, Code::YamlSyntaxError),
        "{}",
        summary(&d)
    );
}

#[test]
fn deep_block_nesting() {
    // 10,000 nested block sequences on one line (`- - - ... x`).
    let text = format!("aisrm: 1\ncomponents:\n  {}x\n", "- ".repeat(10_000));
    let d = watchdog("deep block sequences", move || {
        analyse("deep.aisrm.yaml", text)
    });
    assert!(has(&d, Code::ResourceLimit), "{}", summary(&d));
    // 3,000 nested block mappings, one indentation column per level
    // (10,000 would take 50 MB of indentation, which the size limit
    // refuses before parsing).
    let mut text = String::from("aisrm: 1\ncomponents:\n");
    for i in 0..3_000 {
        text.push_str(&" ".repeat(2 + i));
        text.push_str("k:\n");
    }
    let d = watchdog("deep block mappings", move || {
        analyse("deep.aisrm.yaml", text)
    });
    assert!(has(&d, Code::ResourceLimit), "{}", summary(&d));
}

#[test]
fn deep_markdown_nesting() {
    // 10,000 nested block quotes and list items around an aisrm block.
    let quotes = format!(
        "{0}```aisrm\n{0}a: {{deployment: saas-ai}}\n{0}```\n",
        "> ".repeat(10_000)
    );
    watchdog("deep block quotes", move || analyse("quotes.md", quotes));
    let mut lists = String::new();
    for i in 0..2_000 {
        lists.push_str(&" ".repeat(2 * i));
        lists.push_str("- item\n");
    }
    lists.push_str("\n```aisrm\na: {deployment: saas-ai}\n```\n");
    watchdog("deep lists", move || analyse("lists.md", lists));
    let brackets = format!(
        "{}x{}\n\n```aisrm\na: {{deployment: saas-ai}}\n```\n",
        "[".repeat(10_000),
        "](#a)".repeat(10_000)
    );
    watchdog("deep links", move || analyse("links.md", brackets));
}

#[test]
fn fifty_megabyte_inventory_is_refused_with_a_finding() {
    let mut text = String::from("aisrm: 1\ncomponents:\n");
    let entry = "  # padding padding padding padding padding padding padding padding\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(entry);
    }
    let d = watchdog("50 MB inventory", move || analyse("big.aisrm.yaml", text));
    assert!(has(&d, Code::ResourceLimit), "{}", summary(&d));
}

#[test]
fn fifty_megabyte_design_doc_is_refused_with_a_finding() {
    let mut text = String::from("# Big\n\n```aisrm\na: {deployment: saas-ai}\n```\n\n");
    let para = "Some prose [with a link](../ai-inventory.yaml#a) and *emphasis* `code`.\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(para);
    }
    let d = watchdog("50 MB design doc", move || analyse("big.md", text));
    assert!(has(&d, Code::ResourceLimit), "{}", summary(&d));
}

#[test]
fn completion_in_an_oversized_design_doc_offers_nothing() {
    // The analysis refuses the file unparsed; completion must not parse
    // all of it on every keystroke either (it did, 6x the analysis' time).
    let mut text = String::from("# Big\n\n```aisrm\na:\n  \n```\n\n");
    let cursor = text.find("  \n").unwrap() + 2;
    while text.len() <= 32 * 1024 * 1024 {
        text.push_str("Prose, and more prose.\n\n");
    }
    let mut ws = Workspace::new(vec![root()]);
    let path = root().join("big.md");
    ws.set_file(path.clone(), text.clone());
    let items = ide::completion::completions(&ws, &path, &text, cursor);
    assert!(items.is_empty(), "{} completions offered", items.len());
}

#[test]
fn one_megabyte_single_line() {
    // One flow mapping of ~25,000 components on a single line.
    let mut text = String::from("aisrm: 1\ncomponents: {");
    let mut i = 0;
    while text.len() < 1024 * 1024 {
        text.push_str(&format!(
            "c{i}: {{deployment: saas-ai, depends-on: [c{}]}}, ",
            i + 1
        ));
        i += 1;
    }
    text.push_str("}\n");
    let d = watchdog("1 MB line", move || analyse("line.aisrm.yaml", text));
    assert!(!d.is_empty());
    // A 1 MB scalar with multi-byte characters.
    let text = format!(
        "aisrm: 1\nsystem: {{name: \"{}\"}}\n",
        "é🦀".repeat(1024 * 1024 / 6)
    );
    watchdog("1 MB scalar", move || analyse("scalar.aisrm.yaml", text));
}

fn many_components(n: usize, extra: impl Fn(usize) -> String) -> String {
    let mut text = String::with_capacity(n * 64);
    text.push_str("aisrm: 1\ncomponents:\n");
    for i in 0..n {
        text.push_str(&format!("  c{i}:\n    deployment: saas-ai\n{}", extra(i)));
    }
    text
}

#[test]
fn hundred_thousand_components() {
    let text = many_components(100_000, |_| String::new());
    let d = watchdog("100,000 components", move || {
        analyse("many.aisrm.yaml", text)
    });
    assert!(
        d.len() >= 100_000,
        "one finding or more per component: {}",
        d.len()
    );
}

#[test]
fn hundred_thousand_dangling_references() {
    // Every component names an unknown one: each finding looks for a
    // did-you-mean among all 100,000 ids.
    let text = many_components(100_000, |i| format!("    depends-on: [missing-{i}]\n"));
    let d = watchdog("100,000 dangling references", move || {
        analyse("refs.aisrm.yaml", text)
    });
    assert!(has(&d, Code::UnknownComponent));
}

#[test]
fn hundred_thousand_duplicates() {
    // The same id declared 100,000 times (in two files, so the duplicates
    // are cross-file findings with related locations).
    let text = (0..100_000).fold(String::from("aisrm: 1\ncomponents:\n"), |mut t, _| {
        t.push_str("  same:\n    deployment: saas-ai\n");
        t
    });
    watchdog("100,000 duplicates", move || {
        let mut ws = Workspace::new(vec![root()]);
        ws.set_file(root().join("a.aisrm.yaml"), text.clone());
        let doc = "```aisrm\nsame: {deployment: saas-ai}\n```\n[x](a.aisrm.yaml#same)\n";
        ws.set_file(root().join("b.md"), doc);
        let d = ws.diagnostics(&root().join("b.md"));
        assert!(has(&d, Code::DuplicateComponent), "{}", summary(&d));
        let _ = ws.diagnostics(&root().join("a.aisrm.yaml"));
        queries(&ws, &root().join("b.md"), doc);
    });
}

#[test]
fn binary_content_named_as_an_inventory() {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    bytes.extend_from_slice(b"\0\0\0\x7fELF\x01\x02");
    // The server only ever holds strings: what a lossy decode gives.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let d = watchdog("binary", move || analyse("x.aisrm.yaml", text));
    assert!(
        has(&d, Code::YamlSyntaxError) || !d.is_empty(),
        "{}",
        summary(&d)
    );
    let nul = "\0".repeat(1024 * 1024);
    watchdog("NULs", move || analyse("nul.aisrm.yaml", nul));
}

#[test]
fn many_markdown_blocks_and_links() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "```aisrm\nb{i}: {{deployment: saas-ai}}\n```\n[b](#b{}) [c](x.aisrm.yaml#c{i})\n",
            i + 1
        ));
    }
    watchdog("20,000 blocks", move || analyse("blocks.md", text));
}

#[test]
fn columns_on_long_mixed_lines_match_a_walk() {
    // LineIndex answers columns from checkpoints (so a 1 MB line stays
    // cheap); they must equal counting from the line start.
    use aisrm_core::text::LineIndex;
    let mut text = String::new();
    for i in 0..3_000 {
        text.push_str(["a", "é", "🦀", "日本", " ", "\r\n", "\n", "x"][i * 7 % 8]);
    }
    let index = LineIndex::new(&text);
    for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..offset];
        for (enc, want) in [
            (Encoding::Utf16, before.encode_utf16().count()),
            (Encoding::Chars, before.chars().count()),
            (Encoding::Utf8, before.len()),
        ] {
            assert_eq!(
                index.line_col(&text, offset, enc).col as usize,
                want,
                "{enc:?} at {offset}"
            );
        }
    }
}
