//! `aisrm init`: the files it writes (the inventory seeded from discovery,
//! else the skeleton), that both check without errors, and that it never
//! overwrites.

use std::path::Path;
use std::process::Output;

use aisrm_test_support::cli::{copy_dir, repo_root, run, temp_dir, text};

fn aisrm(args: &[&str], cwd: &Path) -> Output {
    run(env!("CARGO_BIN_EXE_aisrm"), args, cwd)
}

fn template(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates")
            .join(name),
    )
    .unwrap()
}

/// What init prints after the discovery line when it writes the skeleton.
const SKELETON_WRITTEN: &str = "\
wrote ./ai-inventory.yaml: example components, one per deployment model, each marked `# EXAMPLE`
wrote ./aisrm.toml: the project configuration with its defaults

next:
  1. edit ./ai-inventory.yaml: keep the examples that match what you run, fill them in, delete the rest
  2. aisrm check   lists what each component still needs
  3. aisrm report --format html -o report.html   the responsibility heatmap for reviewers
";

#[test]
fn init_writes_the_skeleton_and_the_config_and_says_what_next() {
    let dir = temp_dir("fresh");
    let out = aisrm(&["init"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    assert_eq!(
        text(&out.stdout),
        format!("found no AI components (0 files read)\n{SKELETON_WRITTEN}")
    );
    let written = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert_eq!(written("ai-inventory.yaml"), template("ai-inventory.yaml"));
    assert_eq!(written("aisrm.toml"), template("aisrm.toml"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_skeleton_checks_without_errors() {
    let dir = temp_dir("check");
    assert_eq!(
        aisrm(&["init", dir.to_str().unwrap()], &dir).status.code(),
        Some(0)
    );
    assert_checks_without_errors(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `aisrm check` in `dir` finds no error and checks one file.
fn assert_checks_without_errors(dir: &Path) {
    let out = aisrm(&["check", "--format", "json"], dir);
    let value: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let errors: Vec<&serde_json::Value> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors, Vec::<&serde_json::Value>::new());
    assert_eq!(value["files"].as_array().unwrap().len(), 1, "{value}");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// A copy of the discovery fixture repository `name` in the fresh folder
/// `folder` (one per test: tests run in parallel).
fn fixture_copy(name: &str, folder: &str) -> std::path::PathBuf {
    let dir = temp_dir(folder);
    copy_dir(
        &repo_root()
            .join("tests/fixtures/discovery/repos")
            .join(name),
        &dir,
    );
    dir
}

#[test]
fn init_seeds_the_inventory_with_the_ai_components_discovery_finds() {
    let dir = fixture_copy("py-rag-openai", "seeded");
    let out = aisrm(&["init"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    insta::assert_snapshot!(text(&out.stdout), @r#"
    found 1 AI component (6 files read):
      openai-api  OpenAI API · paas-ai · OpenAI · certain
    wrote ./ai-inventory.yaml: the AI components found, each with where it was found
    wrote ./aisrm.toml: the project configuration with its defaults

    next:
      1. edit ./ai-inventory.yaml: review each component found, add owners and responsibilities, delete the rest
      2. aisrm check   lists what each component still needs
      3. aisrm report --format html -o report.html   the responsibility heatmap for reviewers
    "#);
    let written = std::fs::read_to_string(dir.join("ai-inventory.yaml")).unwrap();
    insta::assert_snapshot!(written, @r#"
    # AI inventory, seeded by `aisrm init` from the AI components that
    # `aisrm discover` FOUND in this project (not reviewed yet). The comment
    # above each component says where it was found.
    # Review each one: keep what you run, add owners and responsibilities,
    # delete what is not an AI component of yours.
    #
    # Then run `aisrm check`: it names the duties each component still has no
    # owner for. `aisrm matrix` lists every deployment model and domain id;
    # `aisrm explain ID` explains one.
    aisrm: 1
    components:
      # Found (certain):
      #   .env.example:3: environment variable `OPENAI_API_KEY`
      #   app/main.py:8: import of `openai`
      #   app/main.py:9: import of `langchain_openai`
      #   requirements.txt:4: pypi dependency `openai`
      #   requirements.txt:5: pypi dependency `langchain-openai`
      #   and 1 more
      openai-api:
        name: "OpenAI API"
        deployment: paas-ai
        provider: "OpenAI"
        description: "The OpenAI API (GPT models) called over the internet."
        covers: [openai-api]
    "#);
    // The components are exactly what `aisrm discover --format yaml` proposes.
    let proposed = text(&aisrm(&["discover", "--format", "yaml"], &dir).stdout);
    let components = |inventory: &str| inventory.split_once("\naisrm: 1\n").unwrap().1.to_string();
    assert_eq!(components(&written), components(&proposed));
    assert_checks_without_errors(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_writes_the_skeleton_when_discovery_finds_no_ai() {
    let dir = fixture_copy("no-ai-webapp", "no-ai");
    let out = aisrm(&["init"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("found no AI components (7 files read)\n{SKELETON_WRITTEN}")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("ai-inventory.yaml")).unwrap(),
        template("ai-inventory.yaml")
    );
    assert_checks_without_errors(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_with_ai_found_still_never_overwrites() {
    let dir = fixture_copy("py-rag-openai", "seeded-exists");
    std::fs::write(dir.join("aisrm.toml"), "mine\n").unwrap();
    let out = aisrm(&["init"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "aisrm: ./aisrm.toml already exists; init never overwrites (nothing written)\n"
    );
    assert!(!dir.join("ai-inventory.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("aisrm.toml")).unwrap(),
        "mine\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// One example per deployment model of the default framework, in the
/// framework's order, so the skeleton follows the data when it changes.
#[test]
fn the_skeleton_has_one_example_per_deployment_model() {
    let framework = aisrm_core::framework::builtin("aisrm").unwrap();
    let models: Vec<&str> = framework.models.iter().map(|m| m.id.as_str()).collect();
    let skeleton = template("ai-inventory.yaml");
    let deployments: Vec<&str> = skeleton
        .lines()
        .filter_map(|line| line.trim().strip_prefix("deployment: "))
        .collect();
    assert_eq!(deployments, models);
    let marked = skeleton.matches("# EXAMPLE: edit or delete").count();
    assert_eq!(marked, models.len(), "every example component is marked");
}

#[test]
fn init_never_overwrites_and_writes_nothing_when_a_file_exists() {
    for existing in ["ai-inventory.yaml", "ai-inventory.yml", "aisrm.toml"] {
        let dir = temp_dir("exists");
        std::fs::write(dir.join(existing), "mine\n").unwrap();
        let out = aisrm(&["init"], &dir);
        assert_eq!(out.status.code(), Some(2), "{existing}");
        assert_eq!(
            text(&out.stderr),
            format!(
                "aisrm: ./{existing} already exists; init never overwrites (nothing written)\n"
            )
        );
        assert_eq!(text(&out.stdout), "");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, vec![existing.to_string()]);
        assert_eq!(
            std::fs::read_to_string(dir.join(existing)).unwrap(),
            "mine\n"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn init_into_a_missing_folder_is_a_usage_error() {
    let dir = temp_dir("missing");
    let out = aisrm(&["init", "nope"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "aisrm: nope is not a folder\n");
    assert!(!dir.join("nope").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The README's "Your first inventory": after `aisrm init`, the inventory
/// it shows replaces the examples and checks clean (no finding at all), as
/// the README says; the report is written.
#[test]
fn the_readme_first_inventory_checks_clean_after_init() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let start = readme.find("<!-- first-inventory:start -->").unwrap();
    let end = readme.find("<!-- first-inventory:end -->").unwrap();
    let block = &readme[start..end];
    let yaml = block
        .split_once("```yaml\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(yaml, _)| yaml)
        .expect("a yaml block between the markers");
    let dir = temp_dir("readme");
    assert_eq!(aisrm(&["init"], &dir).status.code(), Some(0));
    let examples = aisrm(&["check"], &dir);
    assert!(
        text(&examples.stdout).contains("warning["),
        "the examples warn"
    );
    std::fs::write(dir.join("ai-inventory.yaml"), yaml).unwrap();
    let out = aisrm(&["check"], &dir);
    assert_eq!(
        text(&out.stdout).trim(),
        "aisrm: 1 file(s) checked: 0 error(s), 0 warning(s), 0 note(s)"
    );
    assert_eq!(out.status.code(), Some(0));
    let report = aisrm(&["report", "--format", "html", "-o", "report.html"], &dir);
    assert_eq!(report.status.code(), Some(0), "{}", text(&report.stderr));
    assert!(dir.join("report.html").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}
