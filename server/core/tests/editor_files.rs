//! Which files the editors send to aisrm for discovery, generated here
//! (one list for VS Code and Neovim) and checked against the files
//! discovery really reads: a kind of file discovery reads that no editor
//! glob attaches fails here, naming it.
//!
//! `AISRM_UPDATE_EDITORS=1 cargo test -p aisrm-core --test editor_files`
//! writes the generated files:
//! - `editors/vscode/src/discoveryFiles.ts` (VS Code's document selector)
//! - `editors/nvim/lua/aisrm/discovery_files.lua` (the Neovim plugin)
//! - `editors/discovery-samples.txt`: one path of each kind discovery
//!   reads; each editor's own tests check that it attaches every one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use aisrm_core::discovery::live::Live;
use aisrm_core::discovery::project_signals::ProjectSignals;
use aisrm_core::discovery::{SignalKind, Signals};

/// The files of the readers that know their files by name in code
/// (`server/core/src/discovery/sources/`), as globs. The signal kinds
/// whose `match:` is a path (file, mcp-config, cyclonedx-bom) come from
/// the signal data instead ([`data_globs`]).
const READER_GLOBS: &[&str] = &[
    // manifest.rs
    "**/requirements*.txt",
    "**/*requirements/**/*.txt",
    "**/{pyproject.toml,Pipfile,setup.cfg,package.json,go.mod,Cargo.toml}",
    "**/{pom.xml,build.gradle,build.gradle.kts,libs.versions.toml}",
    "**/{Directory.Packages.props,packages.config,*.csproj,*.fsproj,*.vbproj}",
    // gems.rs
    "**/{Gemfile,gems.rb,Gemfile.lock,gems.locked,*.gemspec}",
    // code.rs (Language::of)
    "**/*.{py,js,jsx,mjs,cjs,ts,tsx,mts,cts,go,java,kt,kts,cs,rb,rake}",
    // containers.rs: Dockerfiles; compose, Kubernetes and Kustomize YAML
    // (and CloudFormation YAML, CI workflows) are read by content
    "**/{Dockerfile,Containerfile,Dockerfile.*,*.dockerfile,*.Dockerfile}",
    "**/*.{yaml,yml}",
    "**/Kustomization",
    // iac.rs: Terraform, Bicep; ARM and CloudFormation by content
    "**/*.{tf,bicep,json,template}",
    // env.rs
    "**/{.env,.env.*,*.env.example,example.env}",
];

/// One file of each kind the brief of issue 14 and the readers name, so
/// that a kind without a fixture is still checked.
const NAMED_SAMPLES: &[&str] = &[
    "requirements.txt",
    "requirements-dev.txt",
    "requirements/base.txt",
    "pyproject.toml",
    "Pipfile",
    "setup.cfg",
    "package.json",
    "go.mod",
    "Cargo.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "gradle/libs.versions.toml",
    "src/App/App.csproj",
    "src/App/App.fsproj",
    "src/App/App.vbproj",
    "Directory.Packages.props",
    "packages.config",
    "Gemfile",
    "Gemfile.lock",
    "gems.rb",
    "gems.locked",
    "app.gemspec",
    "app/main.py",
    "web/index.js",
    "web/App.jsx",
    "web/server.mjs",
    "web/config.cjs",
    "web/index.ts",
    "web/App.tsx",
    "web/mod.mts",
    "web/mod.cts",
    "cmd/main.go",
    "src/main/java/App.java",
    "src/main/kotlin/App.kt",
    "scripts/build.kts",
    "src/Program.cs",
    "app/models/chat.rb",
    "lib/tasks/ai.rake",
    "Dockerfile",
    "Dockerfile.gpu",
    "Containerfile",
    "deploy/ollama.dockerfile",
    "deploy/vllm.Dockerfile",
    "docker-compose.yml",
    "compose.yaml",
    "k8s/deployment.yaml",
    "k8s/kustomization.yaml",
    "k8s/Kustomization",
    ".github/workflows/ci.yml",
    "infra/main.tf",
    "infra/main.bicep",
    "infra/azuredeploy.json",
    "infra/stack.template",
    ".env",
    ".env.example",
    "prod.env.example",
    "example.env",
    ".vscode/mcp.json",
    ".mcp.json",
    "mcp.json",
    "AGENTS.md",
    "CLAUDE.md",
    ".github/copilot-instructions.md",
    ".cursorrules",
    "server.json",
];

/// Where the generated files go, relative to the repository root.
const VSCODE_FILE: &str = "editors/vscode/src/discoveryFiles.ts";
const NVIM_FILE: &str = "editors/nvim/lua/aisrm/discovery_files.lua";
const SAMPLES_FILE: &str = "editors/discovery-samples.txt";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A signal's path pattern (relative to the project root, `dir/` for a
/// folder's files) as an editor glob (matched against the whole path).
fn editor_glob(pattern: &str) -> String {
    let anywhere = if pattern.starts_with("**/") {
        pattern.to_string()
    } else {
        format!("**/{pattern}")
    };
    match anywhere.strip_suffix('/') {
        Some(dir) => format!("{dir}/**"),
        None => anywhere,
    }
}

/// The signal kinds whose `match:` entries are paths.
fn is_path_kind(kind: SignalKind) -> bool {
    matches!(
        kind,
        SignalKind::File | SignalKind::McpConfig | SignalKind::CyclonedxBom
    )
}

fn path_patterns(signals: &Signals) -> impl Iterator<Item = &str> {
    signals
        .signals
        .iter()
        .filter(|s| is_path_kind(s.kind))
        .flat_map(|s| s.patterns.iter().map(String::as_str))
}

/// The data's path patterns as editor globs, those no reader glob covers.
fn data_globs(signals: &Signals) -> Vec<String> {
    let readers = glob_set(READER_GLOBS.iter().copied());
    let mut out = BTreeSet::new();
    for pattern in path_patterns(signals) {
        // A folder's files may have any name: its glob always goes in.
        if pattern.ends_with('/') || !readers.is_match(sample_of(pattern)) {
            out.insert(editor_glob(pattern));
        }
    }
    out.into_iter().collect()
}

/// Every glob the editors attach, in a stable order.
fn editor_globs(signals: &Signals) -> Vec<String> {
    let mut globs: Vec<String> = READER_GLOBS.iter().map(|g| g.to_string()).collect();
    globs.extend(data_globs(signals));
    globs
}

/// One path a signal's path pattern matches (a file inside a folder, a
/// name for each `*`, the first of each `{a,b}`).
fn sample_of(pattern: &str) -> String {
    let mut path = pattern.strip_prefix("**/").unwrap_or(pattern).to_string();
    if path.ends_with('/') {
        path.push_str("notes.md");
    }
    while let Some(start) = path.find('{') {
        let end = path[start..].find('}').map_or(path.len(), |e| start + e);
        let first = path[start + 1..end]
            .split(',')
            .next()
            .unwrap_or("")
            .to_string();
        path.replace_range(start..=end.min(path.len() - 1), &first);
    }
    path.replace("**/", "").replace('*', "x")
}

/// Globs with the editors' semantics: `*` stays inside one folder, `**`
/// crosses folders (VS Code's glob, Neovim's vim.glob).
fn glob_set<'a>(globs: impl IntoIterator<Item = &'a str>) -> globset::GlobSet {
    let mut builder = globset::GlobSetBuilder::new();
    for g in globs {
        builder.add(
            globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .unwrap_or_else(|e| panic!("{g}: {e}")),
        );
    }
    builder.build().unwrap()
}

/// Whether discovery (as the language server runs it) reads `rel`.
fn discovery_reads(live: &Live, rel: &str) -> bool {
    live.rel(&Path::new("/project").join(rel)).is_some()
}

fn builtin_live() -> Live {
    Live::new(PathBuf::from("/project"), ProjectSignals::builtin())
}

/// The files under `root`, relative to it with `/` (hidden ones too, as
/// discovery reads them; .gitignore'd ones not).
fn files_under(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let walk = ignore::WalkBuilder::new(root)
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walk.flatten() {
        if entry.file_type().is_some_and(|t| t.is_file()) {
            let rel = entry.path().strip_prefix(root).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out.sort();
    out
}

fn fixture_repos() -> Vec<PathBuf> {
    let dir = repo_root().join("tests/fixtures/discovery/repos");
    let mut repos: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    repos.sort();
    repos
}

/// The samples the editors' tests check: the named kinds and one path
/// per path pattern of the signal data (not the fixtures' files: a new
/// fixture of a known kind must not change the editors' files).
fn samples() -> Vec<String> {
    let mut out: BTreeSet<String> = NAMED_SAMPLES.iter().map(|s| s.to_string()).collect();
    out.extend(path_patterns(Signals::builtin()).map(sample_of));
    out.into_iter().collect()
}

/// Every file discovery reads in the fixture repositories (relative to
/// its repository).
fn fixture_files(live: &Live) -> Vec<String> {
    let mut out = BTreeSet::new();
    for repo in fixture_repos() {
        out.extend(
            files_under(&repo)
                .into_iter()
                .filter(|rel| discovery_reads(live, rel)),
        );
    }
    out.into_iter().collect()
}

/// `head`, each glob quoted on a line of its own, `tail`.
fn quoted_list(head: &str, globs: &[String], tail: &str) -> String {
    let items: String = globs.iter().map(|g| format!("  '{g}',\n")).collect();
    format!("{head}{items}{tail}")
}

fn generated_vscode(globs: &[String]) -> String {
    let head = "// Generated by server/core/tests/editor_files.rs from the signal data and\n\
         // the discovery readers' file names; do not edit (AISRM_UPDATE_EDITORS=1\n\
         // cargo test -p aisrm-core --test editor_files writes it).\n\n\
         /** Globs of the files discovery reads (besides aisrm's own YAML and\n \
         * Markdown): the server reports drift there. */\n\
         export const DISCOVERY_GLOBS = [\n";
    quoted_list(head, globs, "] as const;\n")
}

fn generated_nvim(globs: &[String]) -> String {
    let head = "-- Generated by server/core/tests/editor_files.rs from the signal data and\n\
         -- the discovery readers' file names; do not edit (AISRM_UPDATE_EDITORS=1\n\
         -- cargo test -p aisrm-core --test editor_files writes it).\n\
         --\n\
         -- Globs (`**/`, `*`, `{a,b}`, as VS Code's) of the files discovery reads\n\
         -- besides aisrm's own YAML and Markdown: the server reports drift there.\n\
         return {\n";
    quoted_list(head, globs, "}\n")
}

fn generated_samples(samples: &[String]) -> String {
    let mut out = String::from(
        "# Generated by server/core/tests/editor_files.rs: one path (relative to\n\
         # the project root) of each kind of file discovery reads. The VS Code and\n\
         # Neovim tests check that the editor attaches aisrm to every one.\n",
    );
    for s in samples {
        out.push_str(s);
        out.push('\n');
    }
    out
}

/// Compares a generated file with the one in the repository (or writes it).
fn check_generated(rel: &str, expected: &str) -> Option<String> {
    let path = repo_root().join(rel);
    if std::env::var_os("AISRM_UPDATE_EDITORS").is_some() {
        std::fs::write(&path, expected).unwrap();
        return None;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    (actual != expected).then(|| rel.to_string())
}

#[test]
fn the_editors_files_are_generated_from_the_readers_and_the_data() {
    let globs = editor_globs(Signals::builtin());
    let samples = samples();
    let stale: Vec<String> = [
        check_generated(VSCODE_FILE, &generated_vscode(&globs)),
        check_generated(NVIM_FILE, &generated_nvim(&globs)),
        check_generated(SAMPLES_FILE, &generated_samples(&samples)),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run AISRM_UPDATE_EDITORS=1 cargo test -p aisrm-core --test editor_files"
    );
}

#[test]
fn every_sample_is_a_file_discovery_reads() {
    let live = builtin_live();
    let not_read: Vec<&&str> = NAMED_SAMPLES
        .iter()
        .filter(|s| !discovery_reads(&live, s))
        .collect();
    assert!(not_read.is_empty(), "discovery does not read: {not_read:?}");
    let data_not_read: Vec<String> = path_patterns(Signals::builtin())
        .map(sample_of)
        .filter(|s| !discovery_reads(&live, s))
        .collect();
    assert!(
        data_not_read.is_empty(),
        "sample_of makes paths discovery does not read: {data_not_read:?}"
    );
}

/// Every file discovery reads, among the samples, in each fixture
/// repository and in this whole repository, is attached by an editor glob.
#[test]
fn every_file_discovery_reads_is_attached_by_the_editors() {
    let live = builtin_live();
    let editors = glob_set(editor_globs(Signals::builtin()).iter().map(String::as_str));
    let mut paths = samples();
    paths.extend(fixture_files(&live));
    paths.extend(files_under(&repo_root()));
    let unattached: BTreeSet<&String> = paths
        .iter()
        .filter(|rel| discovery_reads(&live, rel) && !editors.is_match(rel.as_str()))
        .collect();
    assert!(
        unattached.is_empty(),
        "discovery reads these, no editor glob attaches them (add the kind to READER_GLOBS \
         or the signal's path to the data): {unattached:?}"
    );
}

/// No reader glob is dead: each attaches some sample discovery reads.
#[test]
fn every_reader_glob_attaches_a_file_discovery_reads() {
    let live = builtin_live();
    let samples = samples();
    let dead: Vec<&&str> = READER_GLOBS
        .iter()
        .filter(|g| {
            let one = glob_set([**g]);
            !samples
                .iter()
                .any(|s| one.is_match(s.as_str()) && discovery_reads(&live, s))
        })
        .collect();
    assert!(
        dead.is_empty(),
        "globs attaching nothing discovery reads: {dead:?}"
    );
}
