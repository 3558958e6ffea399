//! The `aisrm-check` hook of `.pre-commit-hooks.yaml`, run by the real
//! `pre-commit` (PyPI; `scripts/install-test-deps.sh` puts it in
//! target/test-deps/pre-commit-venv) on real commits in a temporary
//! repository: the hook file as committed to a hooks repository, the
//! project's `.pre-commit-config.yaml` pointing at it, `pre-commit
//! install`, `git commit`. Only staged files are passed, so a clean commit
//! of a design doc that links to an unchanged inventory must pass (the
//! whole-project rule), and a broken link must be refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aisrm_test_support::cli::repo_root;

fn pre_commit() -> PathBuf {
    let bin = std::env::var_os("AISRM_PRE_COMMIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/test-deps/pre-commit-venv/bin/pre-commit"));
    assert!(
        bin.is_file(),
        "pre-commit is missing at {}; run `bash scripts/install-test-deps.sh`",
        bin.display()
    );
    bin
}

/// PATH with the built `aisrm` first, as a user who installed it has.
fn path_with_aisrm() -> std::ffi::OsString {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_aisrm")).parent().unwrap();
    let mut dirs = vec![bin_dir.to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

fn run(dir: &Path, program: impl AsRef<std::ffi::OsStr>, args: &[&str], home: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path_with_aisrm())
        .env("PRE_COMMIT_HOME", home.join("cache"))
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn git(dir: &Path, args: &[&str], home: &Path) -> Output {
    let out = run(dir, "git", args, home);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A repository holding only the hook file, committed (pre-commit clones
/// a hooks repository at a revision).
fn hooks_repo(base: &Path, home: &Path) -> (PathBuf, String) {
    let dir = base.join("hooks");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        repo_root().join(".pre-commit-hooks.yaml"),
        dir.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(&dir, &["init", "-q"], home);
    git(&dir, &["add", "."], home);
    git(&dir, &["commit", "-qm", "hooks"], home);
    let sha = git(&dir, &["rev-parse", "HEAD"], home).stdout;
    (dir, String::from_utf8(sha).unwrap().trim().to_string())
}

const INVENTORY: &str = "aisrm: 1\ncomponents:\n  bot:\n    deployment: saas-ai\n    owner: team\n";

#[test]
fn commits_with_a_broken_link_are_refused_and_clean_ones_pass() {
    let pre_commit = pre_commit();
    let base = std::env::temp_dir().join(format!("aisrm-pre-commit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let home = base.join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join(".gitconfig"),
        "[user]\n\tname = t\n\temail = t@example.com\n[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    let (hooks, sha) = hooks_repo(&base, &home);

    let project = base.join("project");
    std::fs::create_dir_all(project.join("docs")).unwrap();
    git(&project, &["init", "-q"], &home);
    std::fs::write(
        project.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {sha}\n    hooks: [{{id: aisrm-check}}]\n",
            hooks.display()
        ),
    )
    .unwrap();
    let installed = run(&project, &pre_commit, &["install"], &home);
    assert!(installed.status.success(), "{}", text(&installed));

    // The inventory, and files that are not aisrm's: passes.
    std::fs::write(project.join("ai-inventory.yaml"), INVENTORY).unwrap();
    std::fs::write(project.join("notes.md"), "# Notes\n").unwrap();
    std::fs::write(project.join("ci.yml"), "on: push\n").unwrap();
    git(&project, &["add", "."], &home);
    let first = run(&project, "git", &["commit", "-qm", "inventory"], &home);
    assert!(first.status.success(), "{}", text(&first));

    let commit = |path: &str, content: &str| {
        std::fs::write(project.join(path), content).unwrap();
        git(&project, &["add", path], &home);
        let out = run(&project, "git", &["commit", "-qm", path], &home);
        (out.status.success(), text(&out))
    };
    // Only a Markdown file that is not aisrm's: passes.
    let (passed, output) = commit("notes.md", "# Notes\n\nMore.\n");
    assert!(passed, "{output}");

    // Only a design doc is staged; its link resolves in the unchanged
    // inventory: passes.
    let (passed, output) = commit(
        "docs/design.md",
        "# Design\n\n[The bot](../ai-inventory.yaml#bot) answers.\n",
    );
    assert!(passed, "{output}");

    // A broken link: refused, with the finding.
    let (passed, output) = commit(
        "docs/design.md",
        "# Design\n\n[The bot](../ai-inventory.yaml#bott) answers.\n",
    );
    assert!(!passed, "{output}");
    assert!(
        output.contains("aisrm check") && output.contains("Failed"),
        "{output}"
    );
    assert!(output.contains("docs/design.md:3:"), "{output}");
    assert!(output.contains("bott"), "{output}");

    // Fixed: passes; then a broken aisrm.toml alone is refused.
    let (passed, output) = commit(
        "docs/design.md",
        "# Design\n\n[The bot](../ai-inventory.yaml#bot) answers again.\n",
    );
    assert!(passed, "{output}");
    let (passed, output) = commit("aisrm.toml", "framwork = \"aisrm\"\n");
    assert!(!passed && output.contains("invalid-config"), "{output}");
    let _ = std::fs::remove_dir_all(&base);
}
