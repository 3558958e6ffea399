//! Did-you-mean: the closest known word to a misspelt one.

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo (Jaro-Winkler on lowercased text, which favours shared prefixes as
/// typed ids have). `aliases` map display names to ids: ("SaaS AI", "saas-ai").
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let word = normalize(word);
    let mut best: Option<(f64, &'a str)> = None;
    for (spelling, id) in candidates {
        let score = if normalize(spelling) == word {
            1.0
        } else {
            strsim::jaro_winkler(&word, &normalize(spelling))
        };
        // Ties go to the smaller id, so the answer does not depend on the
        // order of the candidates.
        if best.is_none_or(|(b, best_id)| score > b || (score == b && id < best_id)) {
            best = Some((score, id));
        }
    }
    best.filter(|&(score, _)| score >= 0.8).map(|(_, id)| id)
}

/// Lowercase, with spaces and underscores as '-', so "SaaS AI" ~ "saas-ai".
fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if c == ' ' || c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_display_names() {
        let ids = [
            ("saas-ai", "saas-ai"),
            ("paas-ai", "paas-ai"),
            ("SaaS AI", "saas-ai"),
        ];
        assert_eq!(did_you_mean("sass-ai", ids), Some("saas-ai"));
        assert_eq!(did_you_mean("SaaS AI", ids), Some("saas-ai"));
        assert_eq!(did_you_mean("kubernetes", ids), None);
    }
}
