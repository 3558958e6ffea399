//! The side-by-side table (Markdown) and the sanity checks of `--check`.

use std::fmt::Write as _;
use std::time::Duration;

use crate::scenario::{IndexResult, Kind, RunArgs, ServerResults, SizeResult, pct};

fn ms(d: Option<Duration>) -> String {
    match d {
        Some(d) if d.as_secs_f64() >= 10.0 => format!("{:.1} s", d.as_secs_f64()),
        Some(d) => format!("{:.2} ms", d.as_secs_f64() * 1000.0),
        None => "—".into(),
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("—".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn ratio(aisrm: Option<f64>, peer: Option<f64>) -> String {
    match (aisrm, peer) {
        (Some(a), Some(p)) if a > 0.0 => format!("{:.1}x", p / a),
        _ => "—".into(),
    }
}

fn secs(d: Option<Duration>) -> Option<f64> {
    d.map(|d| d.as_secs_f64())
}

type Metric = fn(&SizeResult) -> (String, Option<f64>);

fn duration_metric(d: Option<Duration>) -> (String, Option<f64>) {
    (ms(d), secs(d))
}

pub fn render(args: &RunArgs, all: &[ServerResults]) -> String {
    let aisrm = all.iter().find(|r| r.kind == Kind::Aisrm);
    let peer = all.iter().find(|r| r.kind == Kind::YamlLs);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| scenario | components (file size) | aisrm | yaml-language-server | ratio |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|");
    let metrics: Vec<(&str, Metric)> = vec![
        ("start → first diagnostics", |r| {
            duration_metric(r.start_to_diagnostics)
        }),
        ("didOpen → diagnostics", |r| {
            duration_metric(r.open_to_diagnostics)
        }),
        ("edit → diagnostics p50", |r| {
            duration_metric(pct(&r.edits, 50.0))
        }),
        ("edit → diagnostics p95", |r| {
            duration_metric(pct(&r.edits, 95.0))
        }),
        ("edit → diagnostics p99", |r| {
            duration_metric(pct(&r.edits, 99.0))
        }),
        ("completion p50", |r| {
            duration_metric(pct(&r.completion, 50.0))
        }),
        ("completion p99", |r| {
            duration_metric(pct(&r.completion, 99.0))
        }),
        ("hover p50", |r| duration_metric(pct(&r.hover, 50.0))),
        ("hover p99", |r| duration_metric(pct(&r.hover, 99.0))),
        ("peak RSS (VmHWM)", |r| {
            (mib(r.peak_rss_kib), r.peak_rss_kib.map(|k| k as f64))
        }),
    ];
    for (name, metric) in &metrics {
        for (i, &n) in args.sizes.iter().enumerate() {
            let a = aisrm.and_then(|s| s.sizes.get(i));
            let p = peer.and_then(|s| s.sizes.get(i));
            let size = a
                .or(p)
                .and_then(|runs| runs.first())
                .map_or(String::new(), |r| {
                    format!("{n} ({:.0} KB)", r.bytes as f64 / 1000.0)
                });
            let (a_text, a_val) = a.map_or(("—".into(), None), |runs| median_cell(runs, *metric));
            let (p_text, p_val) = match p {
                Some(runs) => median_cell(runs, *metric),
                None => ("not run".into(), None),
            };
            // What the peer got through, in its fewest run.
            let p = p.and_then(|runs| runs.iter().min_by_key(|r| r.edits.len()));
            let mut p_text = p_text;
            if (name.starts_with("completion") || name.starts_with("hover"))
                && let Some(r) = p
            {
                let n = if name.starts_with("completion") {
                    r.completion.len()
                } else {
                    r.hover.len()
                };
                if n < args.requests && n > 0 {
                    p_text = format!("{p_text} ({n} requests)");
                }
            }
            if name.starts_with("edit")
                && let Some(r) = p
                && r.edits.len() < r.edits_planned
                && !r.edits.is_empty()
            {
                p_text = format!("{p_text} ({} edits)", r.edits.len());
            }
            let ratio = ratio(a_val, p_val);
            let _ = writeln!(out, "| {name} | {size} | {a_text} | {p_text} | {ratio} |");
        }
    }
    if let Some(ix) = aisrm.filter(|a| !a.index.is_empty()).map(|a| &a.index) {
        let peer_text = if peer.is_some() {
            "no workspace index"
        } else {
            "not run"
        };
        let time = median(ix.iter().filter_map(|r| r.time));
        let rss = median(ix.iter().filter_map(|r| r.peak_rss_kib));
        let _ = writeln!(
            out,
            "| workspace indexed (initialized → progress end) | {} files | {} | {peer_text} | — |",
            args.files,
            ms(time)
        );
        let _ = writeln!(
            out,
            "| peak RSS after indexing | {} files | {} | {peer_text} | — |",
            args.files,
            mib(rss)
        );
    }
    let _ = writeln!(
        out,
        "\n{} edits and {} completion / hover requests per size; each figure is the median of {} runs; ratio = yaml-language-server / aisrm (higher: aisrm is faster or smaller).",
        args.edits,
        args.requests,
        args.runs.max(1)
    );
    out
}

fn cell(r: &SizeResult, metric: Metric) -> (String, Option<f64>) {
    if r.error.is_some() && r.start_to_diagnostics.is_none() {
        return ("failed".into(), None);
    }
    metric(r)
}

/// The figure of the median run (of the runs that measured it).
fn median_cell(runs: &[SizeResult], metric: Metric) -> (String, Option<f64>) {
    let mut cells: Vec<(String, Option<f64>)> = runs.iter().map(|r| cell(r, metric)).collect();
    let failed = cells.first().cloned().unwrap_or(("—".into(), None));
    cells.retain(|(_, v)| v.is_some());
    if cells.is_empty() {
        return failed;
    }
    cells.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
    cells.swap_remove(cells.len() / 2)
}

fn median<T: Ord + Copy>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut v: Vec<T> = values.collect();
    v.sort();
    v.get(v.len() / 2).copied()
}

/// What `--check` fails on.
pub fn problems(args: &RunArgs, all: &[ServerResults]) -> Vec<String> {
    let mut out = Vec::new();
    for s in all {
        let name = s.kind.name();
        for r in s.sizes.iter().flatten() {
            let n = r.components;
            if let Some(e) = &r.error {
                out.push(format!("{name}, {n} components: {e}"));
                continue;
            }
            if r.open_findings == 0 || (!r.edits.is_empty() && r.last_findings == 0) {
                out.push(format!(
                    "{name}, {n} components: {} finding(s) on open, {} after the last edit (is validation on?)",
                    r.open_findings, r.last_findings
                ));
            }
            if r.edits.is_empty() && args.edits > 0 {
                out.push(format!("{name}, {n} components: no edit measured"));
            }
            if args.requests > 0 && r.completion_items == 0 {
                out.push(format!("{name}, {n} components: no completion items"));
            }
            if args.requests > 0 && r.hover_answered == 0 {
                out.push(format!("{name}, {n} components: no hover"));
            }
        }
        for e in s
            .index
            .iter()
            .filter_map(|ix: &IndexResult| ix.error.as_ref())
        {
            out.push(format!("{name}, indexing: {e}"));
        }
    }
    out
}
