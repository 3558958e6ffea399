//! `aisrm export` of examples/, judged by the tools that consume it:
//! - the CycloneDX BOM validates against the official CycloneDX 1.6 JSON
//!   schema shipped by `cyclonedx-python-lib` (strict) and is parsed by that
//!   library (tests/interop/cyclonedx_check.py);
//! - the OSCAL catalogs and component definition are imported and validated
//!   by `compliance-trestle` in a fresh trestle workspace, and trestle
//!   resolves every control implementation's `source` to the catalog that
//!   `--format oscal-catalog` wrote (`trestle author component-generate`
//!   writes one page per component and domain from it).
//!
//! Both live in the venv `scripts/install-test-deps.sh` makes
//! (target/test-deps/interop-venv). Without it the tests fail and say how to
//! install it; set AISRM_SKIP_INTEROP=1 to skip them instead.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aisrm_test_support::cli::{fresh_dir, repo_root};

fn work_dir(name: &str) -> PathBuf {
    fresh_dir(Path::new(env!("CARGO_TARGET_TMPDIR")).join(name))
}

use serde_json::Value;

/// The venv's `bin/` folder, or `None` when the test is to be skipped.
fn venv() -> Option<PathBuf> {
    if std::env::var("AISRM_SKIP_INTEROP").as_deref() == Ok("1") {
        eprintln!("AISRM_SKIP_INTEROP=1: skipping the CycloneDX/OSCAL consumer tests");
        return None;
    }
    let bin = std::env::var_os("AISRM_INTEROP_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/test-deps/interop-venv"))
        .join("bin");
    assert!(
        bin.join("python").is_file() && bin.join("trestle").is_file(),
        "cyclonedx-python-lib and compliance-trestle are needed at {}: run `bash scripts/install-test-deps.sh` \
         (or set AISRM_SKIP_INTEROP=1 to skip these tests)",
        bin.display()
    );
    Some(bin)
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("start the command");
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn aisrm(dir: &Path, args: &[&str]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_aisrm"))
        .args(args)
        .current_dir(dir))
}

/// Exports `path` (relative to the repository) as a BOM in a fresh work
/// folder and hands it to the library's checker: (the BOM written, what
/// the library read).
fn export_and_read_bom(bin: &Path, path: &str, work: &str) -> (Value, Value) {
    let bom = work_dir(work).join("bom.cdx.json");
    let bom_arg = bom.to_str().unwrap();
    aisrm(
        &repo_root(),
        &["export", path, "--format", "cyclonedx", "-o", bom_arg],
    );
    let out = run(Command::new(bin.join("python"))
        .arg(repo_root().join("server/cli/tests/interop/cyclonedx_check.py"))
        .arg(&bom));
    let read: Value = serde_json::from_slice(&out.stdout).expect("the checker prints JSON");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&bom).unwrap()).unwrap();
    (written, read)
}

#[test]
fn cyclonedx_export_is_valid_and_read_by_the_cyclonedx_library() {
    let Some(bin) = venv() else { return };
    let (written, read) = export_and_read_bom(&bin, "examples", "interop-cyclonedx");

    // The library read every component and service with every property.
    let items = read["items"].as_array().unwrap();
    let written_count = written["components"].as_array().unwrap().len()
        + written["services"].as_array().unwrap().len();
    assert_eq!(items.len(), written_count);
    for item in items {
        let id = item["bom-ref"].as_str().unwrap();
        let original = written["components"]
            .as_array()
            .unwrap()
            .iter()
            .chain(written["services"].as_array().unwrap())
            .find(|c| c["bom-ref"] == id)
            .unwrap();
        // The library keeps properties as a sorted set.
        let mut props: Vec<String> = original["properties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| serde_json::json!([p["name"], p["value"]]).to_string())
            .collect();
        props.sort();
        props.dedup();
        let mut read_props: Vec<String> = item["properties"]
            .as_array()
            .unwrap()
            .iter()
            .map(Value::to_string)
            .collect();
        read_props.sort();
        assert_eq!(read_props, props, "{id}");
    }

    // What each component became, as the library sees it.
    let summary: Vec<String> = items
        .iter()
        .map(|i| {
            let model = i["properties"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p[0] == "aisrm:deployment-model")
                .map_or("?", |p| p[1].as_str().unwrap());
            let extra = match i["kind"].as_str().unwrap() {
                "service" => format!(
                    "provider={} trust-boundary={}",
                    i["provider"], i["trust-boundary"]
                ),
                _ => format!("supplier={} at {}", i["supplier"], i["occurrences"]),
            };
            format!("{} {} {model} {extra}", i["bom-ref"], i["kind"])
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"));
    insta::assert_json_snapshot!(read["dependencies"]);
    assert_eq!(read["main"], "examples");
    assert_eq!(read["tools"], serde_json::json!(["aisrm"]));
}

/// A project whose code uses AI components: the occurrences discovery adds
/// and the undeclared component are valid CycloneDX 1.6 and the library
/// reads them.
#[test]
fn cyclonedx_export_with_discovered_components_is_valid() {
    let Some(bin) = venv() else { return };
    let (_, read) = export_and_read_bom(
        &bin,
        "tests/fixtures/export/discovered",
        "interop-cyclonedx-discovered",
    );
    let items = read["items"].as_array().unwrap();
    let summary: Vec<String> = items
        .iter()
        .map(|i| {
            let props = i["properties"].as_array().unwrap();
            let marks: Vec<String> = props
                .iter()
                .filter(|p| p[0] == "aisrm:declared" || p[0] == "aisrm:occurrence")
                .map(|p| format!("{}={}", p[0].as_str().unwrap(), p[1].as_str().unwrap()))
                .collect();
            // The library keeps occurrences in a set of its own order.
            let mut occurrences: Vec<String> = i["occurrences"]
                .as_array()
                .map(|o| o.iter().map(Value::to_string).collect())
                .unwrap_or_default();
            occurrences.sort();
            format!(
                "{} {} [{}] {}",
                i["bom-ref"],
                i["kind"],
                occurrences.join(", "),
                marks.join(" ")
            )
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"));
}

#[test]
fn oscal_export_is_accepted_by_trestle_and_its_catalog_references_resolve() {
    let Some(bin) = venv() else { return };
    let dir = work_dir("interop-oscal");
    let exported = dir.join("exported");
    std::fs::create_dir_all(&exported).unwrap();
    let out = |name: &str| exported.join(name).to_str().unwrap().to_string();
    aisrm(
        &repo_root(),
        &[
            "export",
            "examples",
            "--format",
            "oscal",
            "--catalog-href",
            "trestle://catalogs/{framework}/catalog.json",
            "-o",
            &out("component-definition.json"),
        ],
    );
    for framework in ["aisrm", "acme-genai", "microsoft-ai"] {
        aisrm(
            &repo_root(),
            &[
                "export",
                "examples",
                "--format",
                "oscal-catalog",
                "--framework",
                framework,
                "-o",
                &out(&format!("{framework}-catalog.json")),
            ],
        );
    }

    let ws = dir.join("trestle");
    std::fs::create_dir_all(&ws).unwrap();
    let trestle = bin.join("trestle");
    run(Command::new(&trestle).arg("init").current_dir(&ws));
    for framework in ["aisrm", "acme-genai", "microsoft-ai"] {
        run(Command::new(&trestle)
            .args(["import", "-f"])
            .arg(out(&format!("{framework}-catalog.json")))
            .args(["-o", framework])
            .current_dir(&ws));
    }
    run(Command::new(&trestle)
        .args(["import", "-f"])
        .arg(out("component-definition.json"))
        .args(["-o", "examples"])
        .current_dir(&ws));
    let validated = run(Command::new(&trestle)
        .args(["validate", "-a"])
        .current_dir(&ws));
    let text = String::from_utf8_lossy(&validated.stdout).to_string()
        + &String::from_utf8_lossy(&validated.stderr);
    assert_eq!(text.matches("VALID: Model").count(), 4, "{text}");
    assert!(!text.contains("INVALID"), "{text}");

    // trestle follows each `source` to the imported catalog and writes one
    // page per component and domain, with the status it read.
    run(Command::new(&trestle)
        .args(["author", "component-generate", "-n", "examples", "-o", "md"])
        .current_dir(&ws));
    let definition: Value =
        serde_json::from_str(&std::fs::read_to_string(out("component-definition.json")).unwrap())
            .unwrap();
    let components = definition["component-definition"]["components"]
        .as_array()
        .unwrap();
    let mut pages = 0;
    for c in components {
        for ci in c["control-implementations"].as_array().unwrap() {
            let framework = ci["source"]
                .as_str()
                .unwrap()
                .trim_start_matches("trestle://catalogs/")
                .trim_end_matches("/catalog.json");
            for r in ci["implemented-requirements"].as_array().unwrap() {
                let page = ws
                    .join("md")
                    .join(c["title"].as_str().unwrap())
                    .join(framework)
                    .join(format!("{}.md", r["control-id"].as_str().unwrap()));
                assert!(page.is_file(), "trestle wrote no {}", page.display());
                pages += 1;
            }
        }
    }
    assert_eq!(
        pages,
        11 * 16 + 2 * 3,
        "one page per component and domain (11 aisrm, 2 acme-genai)"
    );
    let page =
        std::fs::read_to_string(ws.join("md/Self-hosted runbook model/aisrm/model-security.md"))
            .unwrap();
    assert!(page.contains("Protecting models against theft"), "{page}");
    assert!(page.contains("Owner: ml-platform."), "{page}");
    assert!(
        page.contains("### Implementation Status: implemented"),
        "{page}"
    );
}
