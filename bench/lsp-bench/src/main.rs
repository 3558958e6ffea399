//! `lsp-bench`: the aisrm LSP benchmark. Generates workspaces, drives
//! language servers over stdio as an editor does, and prints a
//! side-by-side table (aisrm vs yaml-language-server) with ratios.
//!
//! `scripts/bench.sh` is the documented entry point; `scripts/bench-smoke.sh`
//! runs it on tiny sizes.

mod generate;
mod lsp;
mod scenario;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lsp-bench",
    about = "LSP benchmark: aisrm vs yaml-language-server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a generated workspace: one inventory of N components with
    /// design docs (`--components`), or many small files (`--files`).
    Gen {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, conflicts_with = "files")]
        components: Option<usize>,
        #[arg(long)]
        files: Option<usize>,
    },
    /// Runs every scenario against the servers and prints the table.
    Run(scenario::RunArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Gen {
            out,
            components,
            files,
        } => {
            let result = match (components, files) {
                (_, Some(files)) => generate::many_files(&out, files),
                (n, None) => generate::big_workspace(&out, n.unwrap_or(1000)),
            };
            match result {
                Ok(g) => {
                    println!(
                        "wrote {} file(s), {} bytes, under {}",
                        g.files,
                        g.bytes,
                        g.root.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("lsp-bench gen: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Run(args) => match scenario::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lsp-bench: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
