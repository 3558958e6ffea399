//! Micro-benchmarks of the core on a generated inventory: YAML parse,
//! whole-file analysis (`Workspace::set_file`), a keystroke's
//! re-analysis, the findings query, position conversion and completion.
//!
//! `cargo bench -p aisrm-core --bench core` (divan; `-- --help` for
//! options). The LSP-level numbers come from `scripts/bench.sh`.

use std::fmt::Write as _;
use std::path::PathBuf;

use aisrm_core::text::{Encoding, LineCol, LineIndex};
use aisrm_core::workspace::Workspace;
use aisrm_core::yaml::Yaml;

fn main() {
    divan::main();
}

const DOMAINS: [&str; 4] = [
    "data-privacy",
    "user-access-control",
    "monitoring-and-logging",
    "incident-response",
];

/// An inventory of `n` components, about 240 bytes each, some with
/// findings (unowned duties, a gap, a dangling reference every 100th).
fn inventory(n: usize) -> String {
    let models = &aisrm_core::framework::builtin("aisrm").unwrap().models;
    let mut out = String::from("aisrm: 1\nframework: aisrm\ncomponents:\n");
    for i in 0..n {
        let _ = writeln!(out, "  svc-{i:05}:\n    name: Service {i}");
        let _ = writeln!(out, "    deployment: {}", models[i % models.len()].id);
        let _ = writeln!(out, "    owner: team-{}", i % 13);
        if i > 0 && i % 3 == 0 {
            let dep = if i % 100 == 0 {
                "retired".to_string()
            } else {
                format!("svc-{:05}", i - 1)
            };
            let _ = writeln!(out, "    depends-on: [{dep}]");
        }
        if i % 2 == 0 {
            let _ = writeln!(out, "    responsibilities:");
            for d in DOMAINS.iter().take(1 + i % 3) {
                let status = if i % 20 == 0 { "gap" } else { "implemented" };
                let _ = writeln!(
                    out,
                    "      {d}:\n        owner: team-{}\n        status: {status}",
                    i % 7
                );
            }
        }
    }
    out
}

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn path() -> PathBuf {
    PathBuf::from("/bench/ai-inventory.yaml")
}

#[divan::bench(args = SIZES)]
fn parse_yaml(bencher: divan::Bencher, n: usize) {
    let text = inventory(n);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| Yaml::parse(divan::black_box(&text)));
}

#[divan::bench(args = SIZES)]
fn analyze_file(bencher: divan::Bencher, n: usize) {
    let text = inventory(n);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .with_inputs(|| Workspace::new(vec![PathBuf::from("/bench")]))
        .bench_local_refs(|ws| ws.set_file(path(), text.as_str()));
}

/// One character typed in the middle of the file, re-analysed.
#[divan::bench(args = SIZES)]
fn keystroke(bencher: divan::Bencher, n: usize) {
    let text = inventory(n);
    let at = text
        .find(&format!("    name: Service {}\n", n / 2))
        .unwrap()
        + 14;
    let mut ws = Workspace::new(vec![PathBuf::from("/bench")]);
    ws.set_file(path(), text.as_str());
    let mut k = 0usize;
    bencher.bench_local(|| {
        k += 1;
        let mut edited = text.clone();
        edited.insert(at, if k.is_multiple_of(2) { 'a' } else { 'b' });
        ws.set_file(path(), edited)
    });
}

/// All findings of the file (own and cross-file), as a publish asks.
#[divan::bench(args = SIZES)]
fn diagnostics_query(bencher: divan::Bencher, n: usize) {
    let text = inventory(n);
    let mut ws = Workspace::new(vec![PathBuf::from("/bench")]);
    ws.set_file(path(), text.as_str());
    bencher.bench_local(|| ws.diagnostics(&path()));
}

#[divan::bench(args = SIZES)]
fn line_index_new(bencher: divan::Bencher, n: usize) {
    let text = inventory(n);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| LineIndex::new(divan::black_box(&text)));
}

/// Offset -> UTF-16 line/column and back, at 1,000 spread positions.
#[divan::bench(args = SIZES)]
fn position_round_trip(bencher: divan::Bencher, n: usize) {
    let text = inventory(n);
    let index = LineIndex::new(&text);
    let offsets: Vec<usize> = (0..1000).map(|k| k * text.len() / 1000).collect();
    bencher.bench(|| {
        let mut sum = 0usize;
        for &o in &offsets {
            let lc: LineCol = index.line_col(&text, o, Encoding::Utf16);
            sum += index.offset(&text, lc, Encoding::Utf16);
        }
        sum
    });
}

/// Completion of a `status:` value in the middle of the file, on the
/// analysed text (as the server asks: the context is read from the lines
/// around the cursor, found through the file's line index).
#[divan::bench(args = SIZES)]
fn completion(bencher: divan::Bencher, n: usize) {
    let source = inventory(n);
    let mut ws = Workspace::new(vec![PathBuf::from("/bench")]);
    ws.set_file(path(), source.as_str());
    let text = ws.file(&path()).unwrap().text.clone();
    let middle = text.find(&format!("  svc-{:05}:\n", n / 2)).unwrap();
    let at = middle + text[middle..].find("status: ").unwrap() + "status: ".len();
    bencher.bench_local(|| aisrm_core::ide::completion::completions(&ws, &path(), &text, at));
}
