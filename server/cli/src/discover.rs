//! `aisrm discover`: the AI components a repository really uses, from its
//! manifests, code, configs, containers, infrastructure as code and
//! environment templates. All discovery comes from aisrm-core.

use std::path::{Path, PathBuf};

use aisrm_core::discovery::project_signals::ProjectSignals;
use aisrm_core::discovery::{self, Component, Discovery, Evidence};
use aisrm_core::project;
use aisrm_core::text::{Encoding, LineIndex};
use aisrm_core::workspace;
use serde::Serialize;

/// Version of the JSON output.
pub const JSON_VERSION: u64 = 1;

#[derive(clap::Args)]
pub struct Args {
    /// Directories (or files) to search (default: the current directory).
    paths: Vec<PathBuf>,
    /// Output format: a table, JSON, or a ready inventory (YAML).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Yaml,
}

pub fn run(args: &Args) -> u8 {
    let paths = crate::collect::paths_or_current_dir(&args.paths);
    let found = match args.format {
        Format::Json => discover_declared(&paths),
        Format::Human | Format::Yaml => {
            discover_all(&paths).map(|(root, found)| (root, found, Vec::new()))
        }
    };
    let (root, found, declared) = match found {
        Ok(r) => r,
        Err(e) => return crate::fail(e),
    };
    for note in &found.notes {
        eprintln!("aisrm: note: {}: {}", note.path, note.message);
    }
    let framework = project_framework(&paths[0]);
    let text = match args.format {
        Format::Human => human(&found),
        Format::Json => {
            let mut json = to_json(&root, &found, &declared);
            json.add_crosswalk(&found, &framework);
            serde_json::to_string_pretty(&json).expect("serialisable") + "\n"
        }
        Format::Yaml => discovery::inventory::inventory_for(&found, HEADING, &framework),
    };
    crate::print_and_exit(&text)
}

/// [`discover_all`] and, for each component, the id of the inventory
/// component inside `paths` that declares it. One walk when the one
/// folder given is the project root (discovery then runs on the walk that
/// reads the inventories); else the project is walked for its
/// inventories, and the paths for discovery.
fn discover_declared(
    paths: &[PathBuf],
) -> Result<(String, Discovery, Vec<Option<String>>), String> {
    let located = crate::collect::locate(&crate::collect::Scope {
        paths: paths.to_vec(),
        root: None,
    });
    let on_root = matches!((paths, &located), ([_], Ok(l)) if l.shown[0] == l.root);
    let Ok(located) = located else {
        let (root, found) = discover_all(paths)?;
        let declared = vec![None; found.components.len()];
        return Ok((root, found, declared));
    };
    if on_root {
        // A signal file with a problem is an error, as without the walk.
        project_signals(&paths[0])?;
        let mut collected = crate::collect::read(located, true);
        let found = collected.discovered.take().unwrap_or_default();
        let declared = declared_as(&collected, &found);
        return Ok((paths[0].to_string_lossy().into_owned(), found, declared));
    }
    let (root, found) = discover_all(paths)?;
    let collected = crate::collect::read(located, false);
    let declared = declared_as(
        &collected,
        &relative_to_root(paths, &found, &collected.root),
    );
    Ok((root, found, declared))
}

/// For each component of `found` (evidence paths relative to the project
/// root), the id of the shown inventory component that declares it
/// (`discovery::declared`'s rule), if any.
fn declared_as(collected: &crate::collect::Collected, found: &Discovery) -> Vec<Option<String>> {
    let ws = &collected.workspace;
    let shown = collected.shown_paths();
    let declared: Vec<&aisrm_core::document::Component> = shown
        .iter()
        .filter_map(|p| ws.file(p))
        .flat_map(|f| f.document.components.iter())
        .collect();
    found
        .components
        .iter()
        .map(|c| {
            declared
                .iter()
                .find(|d| discovery::declared::declares(d, c))
                .map(|d| d.id.value.clone())
        })
        .collect()
}

/// `found` with evidence paths relative to the project root, the one
/// rule `covers:` paths follow in `check` too (the output shows them
/// relative to the directory given).
fn relative_to_root(paths: &[PathBuf], found: &Discovery, root: &Path) -> Discovery {
    let cwd = std::env::current_dir().unwrap_or_default();
    // What a shown path is relative to: the one folder given, else the
    // current directory (several arguments are shown with their prefix).
    let base = match paths {
        [single] if single.is_file() => single.parent().map(Path::to_path_buf).unwrap_or_default(),
        [single] => single.clone(),
        _ => PathBuf::new(),
    };
    let mut out = found.clone();
    for e in out
        .components
        .iter_mut()
        .flat_map(|c| c.evidence.iter_mut())
    {
        let absolute = workspace::normalize(&cwd.join(&base).join(&e.path));
        if let Ok(rel) = absolute.strip_prefix(root) {
            e.path = rel.to_string_lossy().replace('\\', "/");
        }
    }
    out
}

/// Discovers every path and merges the results; evidence paths are
/// relative to the one directory given, else prefixed with the argument.
fn discover_all(paths: &[PathBuf]) -> Result<(String, Discovery), String> {
    let single = paths.len() == 1;
    let found = discover_shown(paths, &|arg, rel| {
        if single {
            rel.to_string()
        } else {
            let prefix = arg.to_string_lossy().trim_end_matches('/').to_string();
            format!("{prefix}/{rel}")
        }
    })?;
    let root = if single {
        paths[0].to_string_lossy().into_owned()
    } else {
        ".".into()
    };
    Ok((root, found))
}

/// Discovers every path (with the signals of the project it is in) and
/// merges the results, each evidence and note path shown as
/// `show(argument, path relative to the argument)` says. Errors: an
/// argument that cannot be read, a project signal file with a problem.
pub fn discover_shown(
    paths: &[PathBuf],
    show: &dyn Fn(&Path, &str) -> String,
) -> Result<Discovery, String> {
    discover_shown_leaving_out(paths, show, None)
}

/// [`discover_shown`] where the file `left_out` (absolute) is not
/// evidence.
pub fn discover_shown_leaving_out(
    paths: &[PathBuf],
    show: &dyn Fn(&Path, &str) -> String,
    left_out: Option<&Path>,
) -> Result<Discovery, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let mut merged = Discovery::default();
    for arg in paths {
        std::fs::metadata(arg).map_err(|e| format!("{}: {e}", arg.display()))?;
        let signals = project_signals(arg)?;
        let base = workspace::normalize(&cwd.join(arg));
        let is_left_out =
            |rel: &str| left_out.is_some_and(|out| base.join(rel) == out || base == out);
        let mut found = discovery::discover_leaving_out(arg, signals.signals(), &is_left_out);
        for e in found
            .components
            .iter_mut()
            .flat_map(|c| c.evidence.iter_mut())
        {
            e.path = show(arg, &e.path);
        }
        for n in &mut found.notes {
            n.path = show(arg, &n.path);
        }
        merged = discovery::merge(merged, found);
    }
    Ok(merged)
}

/// The signals of the project `arg` is in (its nearest `aisrm.toml`);
/// a signal file with a problem is an error, each problem at its line.
fn project_signals(arg: &Path) -> Result<ProjectSignals, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let config = project::open(&workspace::normalize(&cwd.join(arg)));
    let signals = ProjectSignals::read(config.as_ref());
    let mut problems = Vec::new();
    for refused in &signals.refused {
        let index = LineIndex::new(&refused.text);
        for d in &refused.diagnostics {
            let at = index.line_col(&refused.text, d.range.start, Encoding::Chars);
            problems.push(format!(
                "{}:{}:{}: {}",
                crate::collect::display_path(&refused.path),
                at.line + 1,
                at.col + 1,
                d.message
            ));
        }
    }
    match problems.is_empty() {
        true => Ok(signals),
        false => Err(format!("error in a signal file:\n{}", problems.join("\n"))),
    }
}

/// The framework of the project `arg` is in (its `aisrm.toml`), else
/// `aisrm`.
fn project_framework(arg: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    project::open(&workspace::normalize(&cwd.join(arg)))
        .and_then(|c| c.config.framework)
        .unwrap_or_else(|| "aisrm".into())
}

/// The JSON output (version 1), keys in the documented order.
#[derive(Serialize)]
pub struct JsonOutput<'a> {
    version: u64,
    root: &'a str,
    components: Vec<JsonComponent<'a>>,
}

#[derive(Serialize)]
struct JsonComponent<'a> {
    id: &'a str,
    name: &'a str,
    deployment: &'a str,
    provider: &'a str,
    confidence: &'a str,
    #[serde(rename = "declared-as")]
    declared_as: Option<&'a str>,
    /// The project's framework (when not `aisrm`) -> the component's
    /// deployment model there, `null` when it has no equivalent.
    #[serde(skip_serializing_if = "Option::is_none")]
    crosswalk: Option<std::collections::BTreeMap<String, Option<String>>>,
    evidence: &'a [Evidence],
}

impl JsonOutput<'_> {
    /// Each component's deployment model in `framework` (not `aisrm`).
    fn add_crosswalk(&mut self, found: &Discovery, framework: &str) {
        if framework == "aisrm" {
            return;
        }
        for (json, c) in self.components.iter_mut().zip(&found.components) {
            let there = discovery::crosswalk::deployment_in(framework, &c.def.deployment);
            json.crosswalk = Some([(framework.to_string(), there)].into());
        }
    }
}

pub fn to_json<'a>(
    root: &'a str,
    found: &'a Discovery,
    declared: &'a [Option<String>],
) -> JsonOutput<'a> {
    let components = found
        .components
        .iter()
        .enumerate()
        .map(|(i, c): (usize, &Component)| JsonComponent {
            id: &c.def.id,
            name: &c.def.name,
            deployment: &c.def.deployment,
            provider: &c.def.provider,
            confidence: c.confidence.id(),
            declared_as: declared.get(i).and_then(Option::as_deref),
            crosswalk: None,
            evidence: &c.evidence,
        })
        .collect();
    JsonOutput {
        version: JSON_VERSION,
        root,
        components,
    }
}

fn human(found: &Discovery) -> String {
    if found.components.is_empty() {
        return format!(
            "No AI components found ({} files read).\n",
            found.files_read
        );
    }
    let mut out = String::new();
    for c in &found.components {
        out += &component_line(c);
        for e in &c.evidence {
            out += &format!(
                "    {}:{}:{}  {}  {}\n",
                e.path, e.line, e.column, e.signal, e.what
            );
        }
    }
    out += &format!(
        "\n{} AI component{} found ({} files read).\n",
        found.components.len(),
        if found.components.len() == 1 { "" } else { "s" },
        found.files_read
    );
    out
}

/// One component found: `id  name · deployment · provider · confidence`.
pub fn component_line(c: &Component) -> String {
    format!(
        "{}  {} · {} · {} · {}\n",
        c.def.id,
        c.def.name,
        c.def.deployment,
        c.def.provider,
        c.confidence.id()
    )
}

/// The comment lines above the proposed inventory.
const HEADING: &str = "# AI inventory proposed by `aisrm discover --format yaml`.\n# Review each component; add owners and responsibilities.\n";
