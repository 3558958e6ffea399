//! `aisrm`: the command-line front end. Subcommands live in their own
//! modules; all analysis comes from aisrm-core.

mod check;
mod collect;
mod discover;
mod explain;
mod export;
mod fix;
mod init;
mod matrix;
mod output;
mod report;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "aisrm",
    version,
    about = "AI security shared-responsibility models for inventories and design docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check inventories and design documents (files or directories).
    Check(check::Args),
    /// Find the AI components a repository really uses.
    Discover(discover::Args),
    /// Print a framework's whole responsibility matrix.
    Matrix(matrix::Args),
    /// Explain a deployment model, a domain, or a cell MODEL/DOMAIN.
    Explain(explain::Args),
    /// Write a responsibility report (HTML heatmap or Markdown) for reviewers.
    Report(report::Args),
    /// Start a project: write a commented ai-inventory.yaml and an aisrm.toml.
    Init(init::Args),
    /// Export the AI components as CycloneDX or OSCAL, or a framework as an OSCAL catalog.
    Export(export::Args),
    /// Run the language server on stdio.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Discover(args) => discover::run(&args),
        Command::Matrix(args) => matrix::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Lsp { stdio: _ } => lsp(),
    };
    ExitCode::from(code)
}

fn lsp() -> u8 {
    // 0 after `shutdown` + `exit`, 1 on `exit` without `shutdown`.
    u8::try_from(aisrm_lsp::run_stdio()).unwrap_or(1)
}

/// True when stdout was closed by its reader (`aisrm check … | head`):
/// the output is no longer wanted, which ends the program quietly.
pub fn reader_left(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    // codespan-reporting's errors arrive wrapped (`io::Error::other`).
    let wrapped = e.get_ref().and_then(|inner| {
        match inner.downcast_ref::<codespan_reporting::files::Error>() {
            Some(codespan_reporting::files::Error::Io(io)) => Some(io.kind()),
            _ => inner.downcast_ref::<std::io::Error>().map(|io| io.kind()),
        }
    });
    e.kind() == BrokenPipe || wrapped == Some(BrokenPipe)
}

/// Writes `text` to standard output; a reader that stopped reading
/// (`aisrm … | head`) is not an error. The one way commands print, so a
/// closed pipe never panics (as `print!` does) nor prints "Broken pipe".
pub fn print_stdout(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if !reader_left(&e) => Err(e.to_string()),
        _ => Ok(()),
    }
}

/// [`print_stdout`] for commands whose whole job is the text: exit code 0,
/// or 2 when standard output fails for another reason.
pub fn print_and_exit(text: &str) -> u8 {
    match print_stdout(text) {
        Ok(()) => 0,
        Err(e) => fail(format!("cannot write to standard output: {e}")),
    }
}

/// Prints `aisrm: message` and returns the usage/I/O exit code.
pub fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("aisrm: {message}");
    2
}
