//! `aisrm init`: writes a commented starter inventory and an `aisrm.toml`
//! with the defaults into a folder, never overwriting anything.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The starter inventory: one example component per deployment model of the
/// default framework (a test keeps it in step with the framework data).
pub const INVENTORY: &str = include_str!("../templates/ai-inventory.yaml");
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
    for (name, text) in [(INVENTORY_NAME, INVENTORY), (CONFIG_NAME, CONFIG)] {
        let path = args.dir.join(name);
        if let Err(e) = write_new(&path, text) {
            return crate::fail(format!("cannot write {}: {e}", path.display()));
        }
    }
    crate::print_and_exit(&summary(&args.dir))
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

fn summary(dir: &Path) -> String {
    let inventory = dir.join(INVENTORY_NAME);
    let config = dir.join(CONFIG_NAME);
    let paths = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" {}", dir.display())
    };
    format!(
        "wrote {inventory}: example components, one per deployment model, each marked `# EXAMPLE`\n\
         wrote {config}: the project configuration with its defaults\n\
         \n\
         next:\n\
         \x20 1. edit {inventory}: keep the examples that match what you run, fill them in, delete the rest\n\
         \x20 2. aisrm check{paths}   lists what each component still needs\n\
         \x20 3. aisrm report{paths} --format html -o report.html   the responsibility heatmap for reviewers\n",
        inventory = inventory.display(),
        config = config.display(),
    )
}
