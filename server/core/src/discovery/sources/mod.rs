//! One module per signal kind; [`builtin`] lists them. A new reader (a
//! CycloneDX BOM, say) is one more [`Source`] in this list.

pub mod code;
pub mod containers;
pub mod cyclonedx;
pub mod env;
pub mod files;
pub mod gems;
pub mod iac;
pub mod manifest;
pub mod mcp;
pub mod text;

use super::{Need, Signal, SignalKind, Signals, Source};

pub fn builtin(signals: &Signals) -> Vec<Box<dyn Source>> {
    vec![
        Box::new(manifest::Manifests),
        Box::new(gems::Gems),
        Box::new(code::Code::new(signals)),
        Box::new(mcp::McpConfigs::new(signals)),
        Box::new(files::Files::new(signals)),
        Box::new(containers::Containers::new(signals)),
        Box::new(iac::Iac),
        Box::new(env::EnvTemplates),
        Box::new(cyclonedx::Boms::new(signals)),
    ]
}

/// The path patterns of every signal of one kind, matched in one pass
/// (the sources whose files are known by name share it).
pub struct SignalGlobs {
    set: globset::GlobSet,
    /// Per glob: the index of its signal in [`Signals::signals`].
    owners: Vec<usize>,
}

impl SignalGlobs {
    pub(crate) fn of_kind(signals: &Signals, kind: SignalKind) -> Self {
        let patterns: Vec<(usize, &str)> = signals
            .signals
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == kind)
            .flat_map(|(i, s)| s.patterns.iter().map(move |p| (i, p.as_str())))
            .collect();
        let (set, owners) = glob_set(&patterns);
        SignalGlobs { set, owners }
    }

    pub(crate) fn is_match(&self, rel: &str) -> bool {
        self.set.is_match(rel)
    }

    /// The indices (in [`Signals::signals`]) of the signals whose patterns
    /// match `rel`, in pattern order.
    pub fn matching(&self, rel: &str) -> Vec<usize> {
        self.set
            .matches(rel)
            .into_iter()
            .map(|i| self.owners[i])
            .collect()
    }

    /// The first signal whose pattern matches `rel`.
    pub fn first<'s>(&self, rel: &str, signals: &'s Signals) -> Option<&'s Signal> {
        let first = *self.matching(rel).first()?;
        signals.signals.get(first)
    }

    /// [`Need::Text`] for a matching path, else [`Need::Nothing`].
    pub(crate) fn text_of_matches(&self, rel: &str) -> Need {
        if self.is_match(rel) {
            Need::Text
        } else {
            Need::Nothing
        }
    }
}

/// A glob set over paths relative to the root; a pattern ending in `/`
/// matches every file inside that folder.
fn glob_set(patterns: &[(usize, &str)]) -> (globset::GlobSet, Vec<usize>) {
    let mut builder = globset::GlobSetBuilder::new();
    let mut owners = Vec::new();
    for (owner, p) in patterns {
        let glob = match p.strip_suffix('/') {
            Some(dir) => format!("{dir}/**"),
            None => (*p).to_string(),
        };
        if let Ok(g) = globset::GlobBuilder::new(&glob)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_globs_match_files_and_folders_of_one_kind() {
        let signals = Signals::builtin();
        let files = SignalGlobs::of_kind(signals, SignalKind::File);
        let claude = files.first(".claude/settings.json", signals).unwrap();
        assert_eq!(claude.kind, SignalKind::File);
        assert!(files.is_match("CLAUDE.md"));
        assert!(!files.is_match("src/main.rs"));
        let mcp = SignalGlobs::of_kind(signals, SignalKind::McpConfig);
        assert_eq!(mcp.text_of_matches(".vscode/mcp.json"), Need::Text);
        assert_eq!(mcp.text_of_matches("CLAUDE.md"), Need::Nothing);
        assert!(
            mcp.matching(".vscode/mcp.json")
                .iter()
                .all(|i| signals.signals[*i].kind == SignalKind::McpConfig)
        );
    }
}
