//! Generated workspaces: an inventory of N components with matching design
//! docs, and a workspace of many small files. Deterministic (a fixed
//! xorshift seed), so every run measures the same text.
//!
//! Realism: every deployment model of the built-in `aisrm` framework, the
//! customer and shared duties of each component's column filled to varying
//! degrees (none, a few, most, all), owners, statuses, controls and
//! OWASP references, `depends-on` between components, and a sprinkling of
//! deliberate findings (gaps, an N/A domain, an override without a reason,
//! a misspelt deployment model, a dangling `depends-on`).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use aisrm_core::framework::{self, LevelKind};

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const TEAMS: &[&str] = &[
    "platform-team",
    "data-platform",
    "ml-platform",
    "secops",
    "iam-team",
    "privacy-office",
    "appsec-team",
    "sre-team",
    "netops",
    "cx-team",
    "dev-productivity",
    "search-platform",
];
const NOUNS: &[&str] = &[
    "assistant",
    "classifier",
    "summariser",
    "retrieval service",
    "agent",
    "router",
    "embedding job",
    "copilot",
    "model gateway",
    "MCP server",
];
const ADJECTIVES: &[&str] = &[
    "Customer", "Internal", "Billing", "Fraud", "Support", "Search", "Ops", "Sales", "HR", "Legal",
];
const PROVIDERS: &[&str] = &[
    "OpenAI",
    "Azure OpenAI Service",
    "Anthropic",
    "Google Vertex AI",
    "AWS Bedrock",
    "In-house",
    "Salesforce",
    "GitHub Copilot Business",
];
const CONTROLS: &[&str] = &[
    "SSO with SCIM provisioning",
    "Quarterly access review",
    "PII redaction before prompts are sent",
    "Private endpoints only",
    "Customer-managed keys",
    "Every tool call logged with its trace id",
    "Human approval for write actions",
    "Dependencies pinned and scanned in CI",
    "Rate limits per caller",
    "Outputs validated against a JSON schema",
];
const REFS: &[&str] = &[
    "LLM01:2025",
    "LLM02:2025",
    "LLM03:2025",
    "LLM05:2025",
    "LLM06:2025",
    "LLM08:2025",
];
const DATA: &[&str] = &[
    "customer-pii",
    "ticket-history",
    "source-code",
    "service-telemetry",
    "financial-records",
];

pub fn component_id(i: usize) -> String {
    format!("svc-{i:05}")
}

/// The YAML of one component (indented under `components:` by `indent`).
/// `ids` are the ids it may depend on.
fn component(out: &mut String, rng: &mut Rng, id: &str, n: usize, deps: &[String], indent: &str) {
    let fw = framework::builtin("aisrm").expect("built-in framework");
    let model = &fw.models[rng.below(fw.models.len())];
    let p = indent;
    let _ = writeln!(out, "{p}{id}:");
    let _ = writeln!(
        out,
        "{p}  name: {} {} {n}",
        rng.pick(ADJECTIVES),
        rng.pick(NOUNS)
    );
    if rng.chance(1) {
        // finding: unknown deployment model (a typo)
        let _ = writeln!(out, "{p}  deployment: {}x", model.id);
    } else {
        let _ = writeln!(out, "{p}  deployment: {}", model.id);
    }
    if rng.chance(35) {
        let _ = writeln!(out, "{p}  provider: {}", rng.pick(PROVIDERS));
    }
    let _ = writeln!(out, "{p}  owner: {}", rng.pick(TEAMS));
    if n % 50 == 7 {
        // finding (for both servers): a misspelt key, every 50th component
        let _ = writeln!(out, "{p}  descripton: {}", rng.pick(NOUNS));
    } else if rng.chance(10) {
        let _ = writeln!(
            out,
            "{p}  description: {} for the {} workflow.",
            rng.pick(NOUNS),
            rng.pick(ADJECTIVES).to_lowercase()
        );
    }
    if !deps.is_empty() && rng.chance(40) {
        let a = &deps[rng.below(deps.len())];
        if rng.chance(2) {
            // finding: a dangling reference
            let _ = writeln!(out, "{p}  depends-on: [{a}, retired-{n}]");
        } else {
            let _ = writeln!(out, "{p}  depends-on: [{a}]");
        }
    }
    if rng.chance(20) {
        let _ = writeln!(out, "{p}  data: [{}]", rng.pick(DATA));
    }
    // The duties this component carries: customer and shared cells.
    let duties: Vec<(&str, LevelKind)> = fw
        .column(&model.id)
        .filter(|(_, c)| matches!(c.level, LevelKind::Customer | LevelKind::Shared))
        .map(|(d, c)| (d.id.as_str(), c.level))
        .collect();
    // Filled to varying degrees: none, one, a few, all.
    let filled = match rng.below(100) {
        0..=49 => 0,
        50..=79 => 1,
        80..=97 => 2.min(duties.len()),
        _ => duties.len(),
    };
    let na: Option<&str> = if rng.chance(2) {
        fw.column(&model.id)
            .find(|(_, c)| c.level == LevelKind::NotApplicable)
            .map(|(d, _)| d.id.as_str())
    } else {
        None
    };
    if filled == 0 && na.is_none() {
        return;
    }
    let _ = writeln!(out, "{p}  responsibilities:");
    let start = rng.below(duties.len().max(1));
    for k in 0..filled {
        let (domain, level) = duties[(start + k) % duties.len()];
        let _ = writeln!(out, "{p}    {domain}:");
        if level == LevelKind::Shared && rng.chance(3) {
            // finding: an override without a reason
            let _ = writeln!(out, "{p}      ownership: customer");
        }
        // finding (for both servers): a misspelt key, 1 in 100
        let owner_key = if rng.chance(1) { "onwer" } else { "owner" };
        let _ = writeln!(out, "{p}      {owner_key}: {}", rng.pick(TEAMS));
        let status = match rng.below(20) {
            0 => "gap", // finding
            1..=3 => "planned",
            4..=7 => "partial",
            _ => "implemented",
        };
        let _ = writeln!(out, "{p}      status: {status}");
        if filled == duties.len() && rng.chance(50) {
            let _ = writeln!(out, "{p}      controls:");
            let _ = writeln!(out, "{p}        - {}", rng.pick(CONTROLS));
            let _ = writeln!(out, "{p}        - {}", rng.pick(CONTROLS));
        } else if rng.chance(25) {
            let _ = writeln!(out, "{p}      controls: [\"{}\"]", rng.pick(CONTROLS));
        }
        if rng.chance(10) {
            let _ = writeln!(out, "{p}      refs: [\"{}\"]", rng.pick(REFS));
        }
    }
    if let Some(domain) = na {
        // finding: a domain that is N/A for this model
        let _ = writeln!(out, "{p}    {domain}:");
        let _ = writeln!(out, "{p}      owner: {}", rng.pick(TEAMS));
        let _ = writeln!(out, "{p}      status: planned");
    }
}

/// An inventory of `n` components, ids `svc-00000` ...
pub fn inventory(n: usize, seed: u64, first_id: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(n * 240);
    out.push_str("# Generated by lsp-bench (aisrm benchmark); deterministic.\n");
    out.push_str("aisrm: 1\nframework: aisrm\n\nsystem:\n  name: Benchmark platform\n  owner: platform-team\n\ncomponents:\n");
    let mut recent: Vec<String> = Vec::new();
    for i in first_id..first_id + n {
        let id = component_id(i);
        component(&mut out, &mut rng, &id, i, &recent, "  ");
        recent.push(id);
        if recent.len() > 8 {
            recent.remove(0);
        }
    }
    out
}

/// A design doc with `blocks` ```aisrm blocks of two components each,
/// prose, and links to inventory components `link_ids`.
pub fn design_doc(
    name: &str,
    inventory_rel: &str,
    blocks: usize,
    link_ids: &[String],
    seed: u64,
) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    let _ = writeln!(out, "# Design: {name}\n\nStatus: draft\n");
    for (k, id) in link_ids.iter().enumerate() {
        let _ = writeln!(
            out,
            "The [{} dependency]({inventory_rel}#{id}) is covered by the platform review ({k}).",
            rng.pick(NOUNS)
        );
    }
    for b in 0..blocks {
        let _ = writeln!(
            out,
            "\n## Part {b}\n\nThis part adds two components. Reviewers: {}.\n\n```aisrm",
            rng.pick(TEAMS)
        );
        for c in 0..2 {
            let id = format!("{name}-{b}-{c}");
            let deps: Vec<String> = link_ids.iter().take(1).cloned().collect();
            component(&mut out, &mut rng, &id, b * 2 + c, &deps, "");
        }
        out.push_str("```\n");
    }
    out
}

/// What `generate` wrote.
pub struct Generated {
    pub root: PathBuf,
    pub inventory: PathBuf,
    pub files: usize,
    pub bytes: usize,
}

/// A workspace with one inventory of `n` components and `n / 200` (at
/// least one) design docs linking into it.
pub fn big_workspace(dir: &Path, n: usize) -> io::Result<Generated> {
    fs::create_dir_all(dir.join("docs"))?;
    let text = inventory(n, 0x5eed_0000 + n as u64, 0);
    let inventory = dir.join("ai-inventory.yaml");
    fs::write(&inventory, &text)?;
    let docs = (n / 200).max(1);
    let mut bytes = text.len();
    for d in 0..docs {
        let links: Vec<String> = (0..3)
            .map(|k| component_id((d * 37 + k * 11) % n.max(1)))
            .collect();
        let doc = design_doc(
            &format!("design-{d:03}"),
            "../ai-inventory.yaml",
            2,
            &links,
            0xd0c0 + d as u64,
        );
        bytes += doc.len();
        fs::write(dir.join("docs").join(format!("design-{d:03}.md")), doc)?;
    }
    Ok(Generated {
        root: dir.to_path_buf(),
        inventory,
        files: docs + 1,
        bytes,
    })
}

/// A workspace of `files` files: 60 % team inventories of 8 components,
/// 40 % design docs linking into them.
pub fn many_files(dir: &Path, files: usize) -> io::Result<Generated> {
    fs::create_dir_all(dir.join("teams"))?;
    fs::create_dir_all(dir.join("docs"))?;
    let inventories = (files * 3 / 5).max(1);
    let per = 8;
    let mut bytes = 0;
    for t in 0..inventories {
        let text = inventory(per, 0x7ea0 + t as u64, t * per);
        bytes += text.len();
        fs::write(
            dir.join("teams").join(format!("team-{t:04}.aisrm.yaml")),
            text,
        )?;
    }
    for d in 0..files - inventories {
        let t = d % inventories;
        let links: Vec<String> = (0..2).map(|k| component_id(t * per + k)).collect();
        let doc = design_doc(
            &format!("doc-{d:04}"),
            &format!("../teams/team-{t:04}.aisrm.yaml"),
            1,
            &links,
            0xd0c5 + d as u64,
        );
        bytes += doc.len();
        fs::write(dir.join("docs").join(format!("doc-{d:04}.md")), doc)?;
    }
    Ok(Generated {
        root: dir.to_path_buf(),
        inventory: dir.join("teams").join("team-0000.aisrm.yaml"),
        files,
        bytes,
    })
}
