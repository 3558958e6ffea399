//! Arbitrary bytes as each file discovery reads: the first byte picks the
//! file name (a manifest, a config, source code, IaC, an env template),
//! the rest is its text (or a project's signal file, for the loader). Every source must return (hits or a note) without
//! panicking, and every hit's range must lie inside the text on character
//! boundaries, with 1-based positions.
#![no_main]

use aisrm_core::discovery::project_signals::ProjectSignals;
use aisrm_core::discovery::{Signals, json, scan_text};
use aisrm_fuzz::text_of;
use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "requirements.txt",
    "pyproject.toml",
    "Pipfile",
    "setup.cfg",
    "package.json",
    "go.mod",
    "Cargo.toml",
    "pom.xml",
    "build.gradle.kts",
    "gradle/libs.versions.toml",
    "App.csproj",
    "Directory.Packages.props",
    "app.py",
    "index.ts",
    "main.go",
    "App.java",
    "Program.cs",
    "Gemfile",
    "Gemfile.lock",
    "app.gemspec",
    "app.rb",
    ".vscode/mcp.json",
    ".mcp.json",
    ".zed/settings.json",
    ".continue/mcpServers/x.yaml",
    "server.json",
    ".github/workflows/ci.yml",
    "docker-compose.yml",
    "Dockerfile",
    "k8s/deploy.yaml",
    "k8s/kustomization.yaml",
    "charts/app/Chart.yaml",
    "main.tf",
    "main.bicep",
    "azuredeploy.json",
    "template.yaml",
    ".env.example",
    "CLAUDE.md",
    PROJECT_SIGNALS,
];

/// A project's own signal file: read by the signal loader, not scanned.
const PROJECT_SIGNALS: &str = "ai-signals.yaml";

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let path = PATHS[usize::from(pick) % PATHS.len()];
    let text = text_of(rest);
    if path == PROJECT_SIGNALS {
        let project = ProjectSignals::from_files(vec![(path.into(), text.clone())]);
        for d in project.refused.iter().flat_map(|r| &r.diagnostics) {
            assert!(d.range.start <= d.range.end && d.range.end <= text.len(), "{d:?}");
        }
        return;
    }
    let (hits, _notes) = scan_text(path, &text, Signals::builtin());
    for h in &hits {
        assert!(h.range.start <= h.range.end && h.range.end <= text.len(), "{path}: {h:?}");
        assert!(text.is_char_boundary(h.range.start) && text.is_char_boundary(h.range.end), "{path}: {h:?}");
        assert!(h.line >= 1 && h.column >= 1, "{path}: {h:?}");
    }
    if let Ok(node) = json::parse(&text) {
        assert!(node.range.end <= text.len());
    }
});
