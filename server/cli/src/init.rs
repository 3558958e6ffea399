//! `aisrm init`: writes an inventory and an `aisrm.toml` with the defaults
//! into a folder, never overwriting anything. The inventory lists the AI
//! components `aisrm discover` finds in the folder; when it finds none, it
//! is a commented starter with one example per deployment model.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use aisrm_core::discovery::{self, Discovery};

/// The starter inventory: one example component per deployment model of the
/// default framework (a test keeps it in step with the framework data).
pub const INVENTORY: &str = include_str!("../templates/ai-inventory.yaml");
/// The comment lines above an inventory seeded from discovery.
const SEEDED_HEADING: &str = "\
# AI inventory, seeded by `aisrm init` from the AI components that
# `aisrm discover` FOUND in this project (not reviewed yet). The comment
# above each component says where it was found.
# Review each one: keep what you run, add owners and responsibilities,
# delete what is not an AI component of yours.
#
# Then run `aisrm check`: it names the duties each component still has no
# owner for. `aisrm matrix` lists every deployment model and domain id;
# `aisrm explain ID` explains one.
";
/// The project configuration with every default spelled out.
pub const CONFIG: &str = include_str!("../templates/aisrm.toml");

const INVENTORY_NAME: &str = "ai-inventory.yaml";
const CONFIG_NAME: &str = "aisrm.toml";
/// Files whose presence means the folder already has a project: init
/// writes nothing then.
const EXISTING_NAMES: &[&str] = &[INVENTORY_NAME, "ai-inventory.yml", CONFIG_NAME];

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write into (default: the current folder).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(args: &Args) -> u8 {
    if !args.dir.is_dir() {
        return crate::fail(format!("{} is not a folder", args.dir.display()));
    }
    if let Some(existing) = existing_file(&args.dir) {
        return crate::fail(format!(
            "{} already exists; init never overwrites (nothing written)",
            existing.display()
        ));
    }
    let found = match crate::discover::discover_shown(std::slice::from_ref(&args.dir), &|_, rel| {
        rel.into()
    }) {
        Ok(found) => found,
        Err(e) => return crate::fail(e),
    };
    let inventory = if found.components.is_empty() {
        INVENTORY.to_string()
    } else {
        discovery::inventory::inventory(&found, SEEDED_HEADING)
    };
    for (name, text) in [(INVENTORY_NAME, inventory.as_str()), (CONFIG_NAME, CONFIG)] {
        let path = args.dir.join(name);
        if let Err(e) = write_new(&path, text) {
            return crate::fail(format!("cannot write {}: {e}", path.display()));
        }
    }
    crate::print_and_exit(&(found_lines(&found) + &summary(&args.dir, &found)))
}

/// What discovery found, before what init wrote.
fn found_lines(found: &Discovery) -> String {
    match found.components.len() {
        0 => format!("found no AI components ({} files read)\n", found.files_read),
        n => {
            let mut out = format!(
                "found {n} AI component{} ({} files read):\n",
                if n == 1 { "" } else { "s" },
                found.files_read
            );
            for c in &found.components {
                out += &format!("  {}", crate::discover::component_line(c));
            }
            out
        }
    }
}

fn existing_file(dir: &Path) -> Option<PathBuf> {
    EXISTING_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.symlink_metadata().is_ok())
}

/// Creates `path` only if it does not exist yet (no race with another
/// writer: the open itself fails on an existing file).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(text.as_bytes())
}

fn summary(dir: &Path, found: &Discovery) -> String {
    let inventory = dir.join(INVENTORY_NAME);
    let config = dir.join(CONFIG_NAME);
    let paths = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" {}", dir.display())
    };
    let (written, first_step) = if found.components.is_empty() {
        (
            "example components, one per deployment model, each marked `# EXAMPLE`",
            "keep the examples that match what you run, fill them in, delete the rest",
        )
    } else {
        (
            "the AI components found, each with where it was found",
            "review each component found, add owners and responsibilities, delete the rest",
        )
    };
    format!(
        "wrote {inventory}: {written}\n\
         wrote {config}: the project configuration with its defaults\n\
         \n\
         next:\n\
         \x20 1. edit {inventory}: {first_step}\n\
         \x20 2. aisrm check{paths}   lists what each component still needs\n\
         \x20 3. aisrm report{paths} --format html -o report.html   the responsibility heatmap for reviewers\n",
        inventory = inventory.display(),
        config = config.display(),
    )
}
