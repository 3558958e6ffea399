//! `aisrm export`: the project's AI components as a CycloneDX 1.6 BOM or an
//! OSCAL component definition, and a framework as an OSCAL catalog. The
//! mapping lives in `aisrm_core::export`; this module only picks the
//! inputs, the time and the serial number, and writes the JSON.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use aisrm_core::discovery::Discovery;
use aisrm_core::export::{self, Project, cyclonedx, oscal};
use aisrm_core::framework::{self, Framework};
use aisrm_core::workspace::{self, Merged};

use crate::collect::{collect_without_discovery, display_path};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scope: crate::collect::Scope,
    /// Output format.
    #[arg(long, value_enum)]
    format: Format,
    /// cyclonedx/oscal: only components of this framework; oscal-catalog:
    /// the framework to write (a built-in id, a framework file, or the id of
    /// a custom framework the project uses; default aisrm).
    #[arg(long, value_name = "ID|PATH")]
    framework: Option<String>,
    /// oscal: where each framework's catalog is, `{framework}` standing for
    /// its id (the `source` of the control implementations).
    #[arg(long, value_name = "HREF", default_value = "{framework}-catalog.json")]
    catalog_href: String,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// CycloneDX 1.6 JSON BOM.
    Cyclonedx,
    /// OSCAL component definition (JSON).
    Oscal,
    /// OSCAL catalog of a framework's domains (JSON).
    OscalCatalog,
}

pub fn run(args: &Args) -> u8 {
    let timestamp = export::rfc3339_utc(now_seconds());
    let value = if args.format == Format::OscalCatalog {
        match catalog_framework(args) {
            Ok(f) => oscal::catalog(&f, &timestamp),
            Err(e) => return crate::fail(e),
        }
    } else {
        match project_export(args, &timestamp) {
            Ok(v) => v,
            Err(e) => return crate::fail(e),
        }
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    let written = match &args.output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => crate::print_stdout(&text),
    };
    match written {
        Ok(()) => 0,
        Err(e) => crate::fail(format!("cannot write the export: {e}")),
    }
}

fn project_export(args: &Args, timestamp: &str) -> Result<serde_json::Value, String> {
    let paths = args.scope.paths();
    let collected = collect_without_discovery(&args.scope)?;
    let only = args.framework.as_deref().map(framework_id).transpose()?;
    let merged = Merged::of(&collected.workspace);
    let mut project = Project::build_from(
        &collected.workspace,
        &merged,
        &collected.shown_paths(),
        &display_path,
        only.as_deref(),
    );
    let found = discovered(&paths, args.output.as_deref())?;
    project.add_discovered(&found, only.as_deref());
    for s in &project.skipped {
        eprintln!(
            "aisrm: not exported: `{}` ({}): {}",
            s.id, s.location, s.why
        );
    }
    // Undeclared discovered components are in the BOM only.
    let nothing = match args.format {
        Format::Cyclonedx => project.ids().is_empty(),
        _ => project.components.is_empty(),
    };
    if nothing {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!("no components to export in {}", shown.join(", ")));
    }
    let name = folder_name(&paths[0]);
    Ok(match args.format {
        Format::Cyclonedx => {
            let serial = uuid::Uuid::new_v4().to_string();
            cyclonedx::bom(
                &project,
                &cyclonedx::Stamp {
                    serial: &serial,
                    timestamp,
                    fallback_name: &name,
                },
            )
        }
        _ => {
            let title = match project.systems.as_slice() {
                [one] => format!("AI components of {}", one.name),
                _ => format!("AI components of {name}"),
            };
            let href = |f: &Framework| args.catalog_href.replace("{framework}", &f.id);
            oscal::component_definition(&project, timestamp, &title, &href)
        }
    })
}

/// What discovery finds in `paths`, evidence paths shown like the
/// inventories' (relative to the current directory). The file being
/// written is not evidence, so exporting into the project twice gives
/// the same BOM (a previous export is not evidence of itself, nor does it
/// name or raise a component).
fn discovered(paths: &[PathBuf], output: Option<&Path>) -> Result<Discovery, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let absolute = |p: &Path| workspace::normalize(&cwd.join(p));
    let output = output.map(absolute);
    let show = |arg: &Path, rel: &str| {
        // Evidence paths are relative to a folder argument, or to the
        // folder of a file argument.
        let base = if arg.is_file() {
            arg.parent().unwrap_or(arg)
        } else {
            arg
        };
        display_path(&absolute(&base.join(rel)))
    };
    crate::discover::discover_shown_leaving_out(paths, &show, output.as_deref())
}

/// The framework `--framework` names: built-in, a file, or one the
/// project's inventories use.
fn catalog_framework(args: &Args) -> Result<Framework, String> {
    let spec = args.framework.as_deref().unwrap_or("aisrm");
    if framework::builtin(spec).is_some() || Path::new(spec).is_file() {
        return crate::matrix::load(spec);
    }
    let paths = args.scope.paths();
    let collected = collect_without_discovery(&args.scope)?;
    collected
        .workspace
        .files()
        .filter_map(|f| f.framework())
        .find(|f| f.id == spec)
        .cloned()
        .ok_or_else(|| {
            format!(
                "`{spec}` is neither a built-in framework ({}), a framework file, nor the id of a framework used in {}",
                framework::BUILTIN_IDS.join(", "),
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// The id `--framework` stands for when it filters components.
fn framework_id(spec: &str) -> Result<String, String> {
    if Path::new(spec).is_file() {
        return crate::matrix::load(spec).map(|f| f.id);
    }
    Ok(spec.to_string())
}

/// Seconds since the epoch: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds), else now.
fn now_seconds() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        })
}

/// The name of the folder a path is or is in (the BOM's main component
/// when no single `system:` names it).
fn folder_name(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent().unwrap_or(&absolute)
    };
    dir.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("project")
        .to_string()
}
