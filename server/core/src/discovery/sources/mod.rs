//! One module per signal kind; [`builtin`] lists them. A new reader (a
//! CycloneDX BOM, say) is one more [`Source`] in this list.

pub mod code;
pub mod containers;
pub mod cyclonedx;
pub mod env;
pub mod files;
pub mod iac;
pub mod manifest;
pub mod mcp;
pub mod text;

use super::{Signals, Source};

pub fn builtin(signals: &Signals) -> Vec<Box<dyn Source>> {
    vec![
        Box::new(manifest::Manifests),
        Box::new(code::Code::new(signals)),
        Box::new(mcp::McpConfigs::new(signals)),
        Box::new(files::Files::new(signals)),
        Box::new(containers::Containers::new(signals)),
        Box::new(iac::Iac),
        Box::new(env::EnvTemplates),
        Box::new(cyclonedx::Boms::new(signals)),
    ]
}

/// A glob set over paths relative to the root; a pattern ending in `/`
/// matches every file inside that folder, anywhere (`**/` prefix).
pub fn glob_set(patterns: &[(usize, &str)]) -> (globset::GlobSet, Vec<usize>) {
    let mut builder = globset::GlobSetBuilder::new();
    let mut owners = Vec::new();
    for (owner, p) in patterns {
        let glob = match p.strip_suffix('/') {
            Some(dir) => format!("{dir}/**"),
            None => (*p).to_string(),
        };
        let anywhere = if glob.starts_with("**/") {
            glob
        } else {
            glob.clone()
        };
        if let Ok(g) = globset::GlobBuilder::new(&anywhere)
            .literal_separator(true)
            .build()
        {
            builder.add(g);
            owners.push(*owner);
        }
    }
    (
        builder
            .build()
            .unwrap_or_else(|_| globset::GlobSet::empty()),
        owners,
    )
}
