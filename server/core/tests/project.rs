//! `aisrm.toml`: what it sets, every problem with its line, and where it is
//! found.

use std::path::Path;

use aisrm_core::analysis::OwnershipMode;
use aisrm_core::diagnostics::{Code, Severity};
use aisrm_core::project::{self, ProjectConfig};
use aisrm_core::text::{Encoding, LineIndex};

fn findings(text: &str) -> Vec<String> {
    let (_, diagnostics) = project::parse(text);
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let lc = index.line_col(text, d.range.start, Encoding::Utf8);
            assert_eq!(d.code, Code::InvalidConfig);
            format!("{}:{} {}", lc.line + 1, lc.col + 1, d.message)
        })
        .collect()
}

#[test]
fn the_init_template_sets_the_defaults_without_findings() {
    let text = include_str!("../../cli/templates/aisrm.toml");
    let (config, diagnostics) = project::parse(text);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(
        config,
        ProjectConfig {
            framework: Some("aisrm".into()),
            severities: Default::default(),
            max_per_file: Some(1000),
            ..ProjectConfig::default()
        }
    );
}

#[test]
fn acknowledged_entries_need_a_reason() {
    let text =
        "[discovery.acknowledged]\n\"env-openai\" = \"a test double\"\n\"tools/\" = \"  \"\n";
    let (config, diagnostics) = project::parse(text);
    assert_eq!(
        config.acknowledged.into_iter().collect::<Vec<_>>(),
        [("env-openai".to_string(), "a test double".to_string())]
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::InvalidConfig);
    assert_eq!(
        &text[diagnostics[0].range.start..diagnostics[0].range.end],
        "\"  \""
    );
    assert_eq!(
        diagnostics[0].message,
        "acknowledging `tools/` needs a reason: \"tools/\" = \"why it is not an AI component\""
    );
}

#[test]
fn reads_every_key() {
    let (config, diagnostics) = project::parse(
        "framework = \"microsoft-ai\"\n[diagnostics]\nmaxPerFile = 0\n[diagnostics.severity]\n\"status-gap\" = \"off\"\nunowned-shared-duties = \"hint\"\n",
    );
    assert_eq!(diagnostics, vec![]);
    assert_eq!(config.framework.as_deref(), Some("microsoft-ai"));
    assert_eq!(config.max_per_file, Some(0));
    assert_eq!(config.severity(Code::StatusGap, Severity::Warning), None);
    assert_eq!(
        config.severity(Code::UnownedSharedDuties, Severity::Information),
        Some(Severity::Hint)
    );
    assert_eq!(
        config.severity(Code::UnknownKey, Severity::Error),
        Some(Severity::Error)
    );
}

#[test]
fn every_problem_is_a_finding_with_its_position() {
    let text = "framwork = \"aisrm\"\nframework = \"nist\"\n[diagnostics]\nmaxPerFile = -1\nseverity = { status-gap = \"loud\", stauts-gap = \"off\" }\n[paths]\ninclude = []\n";
    insta::assert_debug_snapshot!(findings(text), @r#"
    [
        "1:1 unknown key `framwork` in aisrm.toml; did you mean `framework`?",
        "2:13 `framework` should be one of \"aisrm\", \"microsoft-ai\"",
        "4:14 `diagnostics.maxPerFile` should be a whole number (0 or more)",
        "5:27 the level of `status-gap` should be one of \"error\", \"warning\", \"information\", \"hint\", \"off\"",
        "5:35 unknown diagnostic code `stauts-gap`; did you mean `status-gap`?",
        "7:11 `paths.include` lists no glob; leave it out to use the default",
    ]
    "#);
}

#[test]
fn ownership_and_paths_are_read_and_checked() {
    let text = "ownership = \"explicit\"\n[paths]\ninclude = [\"docs\", \"inventories/**/*.yaml\"]\nexclude = [\"docs/drafts/\", 3, \"[x\"]\n";
    let (config, _) = project::parse(text);
    assert_eq!(config.ownership, Some(OwnershipMode::Explicit));
    assert_eq!(config.include, ["docs", "inventories/**/*.yaml"]);
    assert_eq!(config.exclude, ["docs/drafts/"]);
    insta::assert_debug_snapshot!(findings(text), @r#"
    [
        "4:28 `paths.exclude` should list strings",
        "4:31 invalid glob `[x`: unclosed character class; missing ']'",
    ]
    "#);
    assert_eq!(
        findings("ownership = \"strict\"\n[paths]\nexclude = \"drafts\"\n"),
        [
            "1:13 `ownership` should be \"inherit\" or \"explicit\"",
            "3:11 `paths.exclude` should be a list of globs",
        ]
    );
}

/// `[refs] prefixes`: read as listed; an entry that is not a prefix (by
/// the one prefix rule) is a finding at the entry, with the prefix to
/// write; not set is `None`, which keeps other prefixes unchecked.
#[test]
fn ref_prefixes_are_read_and_checked() {
    let text = "[refs]\nprefixes = [\"CWE\", \"NIST-AI-RMF\", \"CWE-79\", 7, \"42\"]\n";
    let (config, _) = project::parse(text);
    assert_eq!(
        config.ref_prefixes.as_deref(),
        Some(&["CWE".to_string(), "NIST-AI-RMF".to_string()][..])
    );
    insta::assert_debug_snapshot!(findings(text), @r#"
    [
        "2:35 `CWE-79` is not a ref prefix (a ref's leading letters, `-` and `_`, as `CWE` of `CWE-79`); write `CWE`",
        "2:45 `refs.prefixes` should list strings",
        "2:48 `42` is not a ref prefix (a ref's leading letters, `-` and `_`, as `CWE` of `CWE-79`)",
    ]
    "#);
    let settings = config.analysis_settings();
    assert_eq!(
        settings.ref_prefixes.as_deref(),
        Some(&["CWE".to_string(), "NIST-AI-RMF".to_string()][..])
    );
    assert_eq!(project::parse("").0.analysis_settings().ref_prefixes, None);
    assert_eq!(
        findings("[refs]\nprefixes = \"CWE\"\n"),
        ["2:12 `refs.prefixes` should be a list of prefixes"]
    );
}

/// A folder glob covers what is under it; `*` stays in one folder; files
/// outside the root are not the project's; exclude wins over include.
#[test]
fn the_path_filter_includes_and_excludes() {
    let (config, _) = project::parse(
        "[paths]\ninclude = [\"docs\", \"*.aisrm.yaml\"]\nexclude = [\"docs/drafts/\", \"**/old-*.md\"]\n",
    );
    let root = Path::new("/repo");
    let filter = config.path_filter(root);
    let included = |p: &str| filter.includes(&root.join(p));
    assert!(included("docs/design.md"));
    assert!(included("docs/a/b/design.md"));
    assert!(included("top.aisrm.yaml"));
    assert!(!included("sub/nested.aisrm.yaml"));
    assert!(!included("docs/drafts/design.md"));
    assert!(!included("docs/a/old-design.md"));
    assert!(!included("ai-inventory.yaml"));
    assert!(filter.includes(Path::new("/elsewhere/ai-inventory.yaml")));
    let everything = ProjectConfig::default().path_filter(root);
    assert!(everything.includes(&root.join("any/where.md")));
}

#[test]
fn a_syntax_error_is_a_finding_and_the_rest_still_reads() {
    let text = "framework = \"microsoft-ai\"\nnot toml at all\n";
    let (config, _) = project::parse(text);
    assert_eq!(config.framework.as_deref(), Some("microsoft-ai"));
    let found = findings(text);
    assert!(
        !found.is_empty() && found[0].starts_with("2:") && found[0].contains("TOML syntax"),
        "{found:?}"
    );
}

#[test]
fn severities_apply_and_off_drops() {
    use aisrm_core::diagnostics::Diagnostic;
    use aisrm_core::text::TextRange;
    let (config, _) = project::parse(
        "[diagnostics.severity]\nstatus-gap = \"error\"\nunowned-shared-duties = \"off\"\n",
    );
    let applied = config.apply(vec![
        Diagnostic::new(Code::StatusGap, TextRange::empty(0), "gap"),
        Diagnostic::new(Code::UnownedSharedDuties, TextRange::empty(0), "shared"),
        Diagnostic::new(Code::UnknownKey, TextRange::empty(0), "key"),
    ]);
    let got: Vec<(Code, Severity)> = applied.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        got,
        vec![
            (Code::StatusGap, Severity::Error),
            (Code::UnknownKey, Severity::Error)
        ]
    );
}

#[test]
fn found_by_walking_up_from_a_file_or_folder() {
    let root = std::env::temp_dir().join(format!("aisrm-project-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::fs::write(root.join("a/b/x.aisrm.yaml"), "aisrm: 1\n").unwrap();
    assert_eq!(project::find(&root.join("a/b/x.aisrm.yaml")), None);
    std::fs::write(root.join("aisrm.toml"), "").unwrap();
    assert_eq!(
        project::find(&root.join("a/b/x.aisrm.yaml")),
        Some(root.join("aisrm.toml"))
    );
    assert_eq!(
        project::find(&root.join("a")),
        Some(root.join("aisrm.toml"))
    );
    std::fs::write(root.join("a/aisrm.toml"), "").unwrap();
    assert_eq!(
        project::find(&root.join("a/b")),
        Some(root.join("a/aisrm.toml"))
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn the_project_root_is_the_config_folder_else_the_git_root_else_the_current_folder() {
    let tmp = std::env::temp_dir().join(format!("aisrm-project-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let repo = tmp.join("repo");
    std::fs::create_dir_all(repo.join("docs/deep")).unwrap();
    std::fs::write(repo.join("docs/deep/design.md"), "").unwrap();
    let file = repo.join("docs/deep/design.md");
    // Nothing marks a project: the current folder, when the path is in it.
    assert_eq!(project::root(&file, &repo), repo);
    assert_eq!(project::root(&file, &tmp), tmp);
    // ... else the path's own folder (never a far-away current folder).
    let elsewhere = tmp.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    assert_eq!(project::root(&file, &elsewhere), repo.join("docs/deep"));
    assert_eq!(
        project::root(&repo.join("docs"), &elsewhere),
        repo.join("docs")
    );
    // A git repository (`.git` is a folder, or a file in a worktree).
    std::fs::write(repo.join(".git"), "gitdir: elsewhere\n").unwrap();
    assert_eq!(project::root(&file, &tmp), repo);
    assert_eq!(project::root(&file, &elsewhere), repo);
    // aisrm.toml wins over git, the nearest one first.
    std::fs::write(repo.join("docs/aisrm.toml"), "").unwrap();
    assert_eq!(project::root(&file, &tmp), repo.join("docs"));
    assert_eq!(project::root(&repo.join("docs"), &tmp), repo.join("docs"));
    let _ = std::fs::remove_dir_all(&tmp);
}
