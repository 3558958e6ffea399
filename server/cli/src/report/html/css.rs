//! The page's only style sheet, inlined (no external assets).

pub const CSS: &str = r#"
:root { color-scheme: light; --customer:#f4a582; --shared:#fee08b; --provider:#a6d96a;
  --model-dependent:#c9b3d9; --not-applicable:#ececec; --alert:#b2182b; --warn:#8a4b00;
  --ink:#1a1a1a; --muted:#555; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: #fff; margin: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .3rem; border-bottom: 2px solid #ddd; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p { margin: .3rem 0; }
a { color: #0b4f9c; }
code { font-size: .92em; background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
.headline { font-size: 1.25rem; margin: .5rem 0; }
.headline .count { display: inline-block; padding: .1rem .6rem; border-radius: 4px; margin-right: .4rem; }
.headline .errors { background: var(--alert); color: #fff; font-weight: 700; }
.headline .errors.none { background: #e8f3e8; color: #1f5f1f; font-weight: 400; }
.headline .warnings { border: 2px solid var(--warn); color: var(--warn); font-weight: 600; }
.headline .notes { color: var(--muted); border: 1px solid #ccc; }
.muted, .source, .scope { color: var(--muted); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.next-steps > li { margin: .5rem 0; }
.next-steps ul, .attention { margin: .2rem 0; }
.then { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; list-style: none; padding: 0; margin: .6rem 0; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { display: inline-block; min-width: 4.2rem; padding: .1rem .35rem; border: 1px solid #999;
  border-radius: 3px; text-align: center; font-size: .8rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; caption-side: top; }
th, td { border: 1px solid #bbb; padding: .25rem .35rem; vertical-align: top; }
thead th { background: #f5f5f5; font-size: .75rem; font-weight: 600; text-align: left; }
.heatmap { table-layout: fixed; font-size: .7rem; }
.heatmap thead th { width: 5.6rem; hyphens: auto; }
.heatmap thead th.corner { width: 10rem; }
.heatmap th[scope=row] { text-align: left; background: #fff; position: sticky; left: 0; font-weight: 600; }
.heatmap th[scope=row] .meta { display: block; font-weight: 400; color: var(--muted); }
.cell .level { display: block; font-weight: 600; }
.cell .owner, .cell .status, .cell .flag { display: block; overflow-wrap: break-word; }
.cell .inherited { color: var(--muted); font-style: italic; }
.cell .status { font-style: italic; }
.lvl-customer { background: var(--customer); }
.lvl-shared { background: var(--shared); }
.lvl-provider { background: var(--provider); }
.lvl-model-dependent { background: var(--model-dependent); }
.lvl-not-applicable { background: var(--not-applicable); color: #666; }
.crit .level::after { content: " \25C6"; }
.needs-action { box-shadow: inset 0 0 0 3px var(--alert); }
.unowned-customer .owner, .uncovered .flag { color: var(--alert); font-weight: 700; }
.unowned-shared .owner { color: var(--muted); }
.status-gap { color: var(--alert); font-weight: 700; font-style: normal; }
.status-accepted-risk, .status-not-applicable { color: #234; }
.flag { color: var(--alert); font-weight: 600; }
.summary td.num { text-align: right; font-variant-numeric: tabular-nums; }
.summary td.num.bad { color: var(--alert); font-weight: 700; }
.findings { padding-left: 1.2rem; }
.findings li { margin: .2rem 0; }
.sev { display: inline-block; min-width: 4.5rem; font-weight: 600; }
.sev-error .sev { color: var(--alert); }
.sev-warning .sev { color: var(--warn); }
.sev-note, .sev-note .sev { color: var(--muted); font-weight: 400; }
footer { margin-top: 2rem; font-size: .8rem; color: var(--muted); }
@page { size: A3 landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 10px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .scroll { overflow: visible; }
  .heatmap th[scope=row] { position: static; }
  section.framework { break-before: page; }
  tr, li { break-inside: avoid; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .8em; color: var(--muted); }
}
"#;
