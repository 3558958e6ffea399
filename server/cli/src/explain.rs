//! `aisrm explain`: the hover text of a model, domain or cell, in the
//! terminal.

use aisrm_core::explain;

#[derive(clap::Args)]
pub struct Args {
    /// A deployment model, a domain, or MODEL/DOMAIN (ids or display names).
    id: String,
    /// A built-in framework id or a framework file.
    #[arg(long, default_value = "aisrm")]
    framework: String,
}

pub fn run(args: &Args) -> u8 {
    let fw = match crate::matrix::load(&args.framework) {
        Ok(f) => f,
        Err(e) => return crate::fail(e),
    };
    match explain::lookup(&fw, &args.id) {
        Some(subject) => crate::print_and_exit(&explain::subject(&fw, &subject)),
        None => crate::fail(format!(
            "`{}` is not a deployment model, domain or MODEL/DOMAIN of `{}`; try `aisrm matrix --framework {}`",
            args.id, fw.id, fw.id
        )),
    }
}
