//! Settings under the `aisrm` key (`workspace/configuration` and
//! `workspace/didChangeConfiguration`):
//!
//! - `diagnostics.severity`: code -> "error" | "warning" | "information" |
//!   "hint" | "off"
//! - `framework`: default framework id for files without `framework:`
//! - `inlayHints.enable` (default true)
//! - `codeLens.enable` (default true)
//! - `diagnostics.maxPerFile` (default 1000; 0 = no limit)
//! - `ownership`: "inherit" (default) | "explicit" (docs/ownership.md)
//! - `refs.prefixes`: the ref prefixes the project cites besides the known
//!   ones; unset (default): other prefixes are not checked
//!
//! Each key the client sends overrides the project's `aisrm.toml`
//! (`project.rs`), which overrides the defaults.

use std::collections::HashMap;

use aisrm_core::analysis::{self, OwnershipMode};
use aisrm_core::diagnostics::{Code, Severity, severity_setting};
use aisrm_core::project::ProjectConfig;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `None` turns a code off.
    pub severities: HashMap<Code, Option<Severity>>,
    pub framework: Option<String>,
    pub inlay_hints: bool,
    pub code_lens: bool,
    /// Most findings published for one file (`None`: all).
    pub max_per_file: Option<usize>,
    /// What the core's analysis reads: the ownership rule, the listed
    /// ref prefixes.
    pub analysis: analysis::Settings,
}

/// Default of `aisrm.diagnostics.maxPerFile`: enough for any file a person
/// reads; beyond it, publishing every finding on every keystroke costs
/// more than it shows (`aisrm check` and `aisrm report` list them all).
pub const DEFAULT_MAX_PER_FILE: usize = 1000;

impl Default for Settings {
    fn default() -> Self {
        Self {
            severities: HashMap::new(),
            framework: None,
            inlay_hints: true,
            code_lens: true,
            max_per_file: Some(DEFAULT_MAX_PER_FILE),
            analysis: analysis::Settings::default(),
        }
    }
}

impl Settings {
    /// The severity to show a finding with, `None` when it is off.
    pub fn severity(&self, code: Code, default: Severity) -> Option<Severity> {
        match self.severities.get(&code) {
            Some(s) => *s,
            None => Some(default),
        }
    }

    /// The settings an `aisrm.toml` makes (the rest are defaults).
    pub fn from_project(config: &ProjectConfig) -> Settings {
        let mut s = Settings::default();
        s.severities
            .extend(config.severities.iter().map(|(c, l)| (*c, *l)));
        s.framework = config.framework.clone();
        if let Some(max) = config.max_per_file {
            s.max_per_file = max_per_file(max);
        }
        s.analysis = config.analysis_settings();
        s
    }

    /// Reads settings from the `aisrm` object; problems are returned as
    /// messages for the log (the rest of the settings still apply).
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        Self::from_json_over(Settings::default(), value)
    }

    /// [`Settings::from_json`] over `base`: every key the object has
    /// replaces `base`'s (a severity per code), the others keep it.
    pub fn from_json_over(base: Settings, value: &Value) -> (Settings, Vec<String>) {
        let mut s = base;
        let mut problems = Vec::new();
        let Some(obj) = value.as_object() else {
            if !value.is_null() {
                problems.push("`aisrm` settings should be an object".to_string());
            }
            return (s, problems);
        };
        if let Some(sev) = obj
            .get("diagnostics")
            .and_then(|d| d.get("severity"))
            .and_then(Value::as_object)
        {
            for (name, level) in sev {
                let Some(code) = Code::from_name(name) else {
                    problems.push(format!(
                        "unknown diagnostic code `{name}` in aisrm.diagnostics.severity"
                    ));
                    continue;
                };
                let Some(level) = level.as_str().and_then(severity_setting) else {
                    problems.push(format!(
                        "aisrm.diagnostics.severity.{name}: expected error, warning, information, hint or off"
                    ));
                    continue;
                };
                s.severities.insert(code, level);
            }
        }
        match obj.get("diagnostics").and_then(|d| d.get("maxPerFile")) {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64() {
                Some(n) => s.max_per_file = max_per_file(n),
                None => problems.push(
                    "aisrm.diagnostics.maxPerFile should be a whole number (0 = no limit)".into(),
                ),
            },
        }
        match obj.get("framework") {
            Some(Value::String(f)) if !f.is_empty() => s.framework = Some(f.clone()),
            Some(Value::String(_)) | Some(Value::Null) | None => {}
            Some(_) => problems.push("aisrm.framework should be a framework id".into()),
        }
        match obj.get("ownership") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_str().and_then(OwnershipMode::from_name) {
                Some(mode) => s.analysis.ownership = mode,
                None => {
                    problems.push("aisrm.ownership should be \"inherit\" or \"explicit\"".into())
                }
            },
        }
        match obj.get("refs").and_then(|r| r.get("prefixes")) {
            None | Some(Value::Null) => {}
            Some(v) => {
                if let Some(listed) = ref_prefixes(v, &mut problems) {
                    s.analysis.ref_prefixes = Some(listed.into());
                }
            }
        }
        let flag = |key: &str| {
            obj.get(key)
                .and_then(|v| v.get("enable"))
                .and_then(Value::as_bool)
        };
        if let Some(b) = flag("inlayHints") {
            s.inlay_hints = b;
        }
        if let Some(b) = flag("codeLens") {
            s.code_lens = b;
        }
        (s, problems)
    }
}

/// `aisrm.refs.prefixes`: a list of prefixes, each by core's rule (the
/// same check as `refs.prefixes` in aisrm.toml, which also keeps the good
/// entries and reports the others); `None` when it is not a list.
fn ref_prefixes(value: &Value, problems: &mut Vec<String>) -> Option<Vec<String>> {
    let Some(items) = value.as_array() else {
        problems.push("aisrm.refs.prefixes should be a list of prefixes".into());
        return None;
    };
    let mut listed = Vec::new();
    for item in items {
        let Some(p) = item.as_str() else {
            problems.push("aisrm.refs.prefixes should list strings".into());
            continue;
        };
        match aisrm_core::refs::listed_prefix_problem(p) {
            None => listed.push(p.to_string()),
            Some(problem) => problems.push(format!("aisrm.refs.prefixes: {problem}")),
        }
    }
    Some(listed)
}

/// `maxPerFile` as a limit (0: none).
fn max_per_file(n: u64) -> Option<usize> {
    (n > 0).then(|| usize::try_from(n).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_setting() {
        let (s, problems) = Settings::from_json(&json!({
            "diagnostics": {"severity": {"status-gap": "off", "unowned-shared-duties": "hint", "nope": "error"}, "maxPerFile": 0},
            "framework": "microsoft-ai",
            "inlayHints": {"enable": false},
            "codeLens": {"enable": false},
            "ownership": "explicit"
        }));
        assert_eq!(problems.len(), 1);
        assert_eq!(s.analysis.ownership, OwnershipMode::Explicit);
        let (_, problems) = Settings::from_json(&json!({"ownership": "strict"}));
        assert_eq!(
            problems,
            ["aisrm.ownership should be \"inherit\" or \"explicit\""]
        );
        assert_eq!(s.severity(Code::StatusGap, Severity::Warning), None);
        assert_eq!(
            s.severity(Code::UnownedSharedDuties, Severity::Information),
            Some(Severity::Hint)
        );
        assert_eq!(
            s.severity(Code::UnknownKey, Severity::Error),
            Some(Severity::Error)
        );
        assert_eq!(s.framework.as_deref(), Some("microsoft-ai"));
        assert!(!s.inlay_hints && !s.code_lens);
        assert_eq!(s.max_per_file, None);
        assert_eq!(Settings::default().max_per_file, Some(DEFAULT_MAX_PER_FILE));
        assert_eq!(
            Settings::default().analysis.ownership,
            OwnershipMode::Inherit
        );
        assert_eq!(Settings::default().analysis.ref_prefixes, None);
        let (s, problems) =
            Settings::from_json(&json!({"refs": {"prefixes": ["CWE", "NIST-AI-RMF"]}}));
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            s.analysis.ref_prefixes.as_deref(),
            Some(&["CWE".to_string(), "NIST-AI-RMF".to_string()][..])
        );
        let (s, problems) = Settings::from_json(&json!({"refs": {"prefixes": ["CWE", "CWE-"]}}));
        assert_eq!(
            problems,
            [
                "aisrm.refs.prefixes: `CWE-` is not a ref prefix (a ref's leading letters, `-` and `_`, as `CWE` of `CWE-79`); write `CWE`"
            ]
        );
        assert_eq!(
            s.analysis.ref_prefixes.as_deref(),
            Some(&["CWE".to_string()][..])
        );
    }

    /// Every key `Settings::from_json` reads, dotted, under `aisrm`. The VS
    /// Code extension contributes each one (the test below reads its
    /// package.json; its own list is editors/vscode/src/settings.ts).
    const KEYS: [&str; 7] = [
        "framework",
        "ownership",
        "refs.prefixes",
        "diagnostics.severity",
        "diagnostics.maxPerFile",
        "inlayHints.enable",
        "codeLens.enable",
    ];

    /// A value other than the default for each of [`KEYS`].
    fn changed_value(key: &str) -> Value {
        match key {
            "framework" => json!("microsoft-ai"),
            "ownership" => json!("explicit"),
            "refs.prefixes" => json!(["CWE"]),
            "diagnostics.severity" => json!({"status-gap": "off"}),
            "diagnostics.maxPerFile" => json!(5),
            _ => json!(false),
        }
    }

    #[test]
    fn every_key_is_read_and_the_vscode_extension_contributes_each() {
        for key in KEYS {
            let mut value = changed_value(key);
            for part in key.rsplit('.') {
                value = json!({ part: value });
            }
            let (s, problems) = Settings::from_json(&value);
            assert_eq!(problems, Vec::<String>::new(), "{key}");
            assert_ne!(s, Settings::default(), "`{key}` is not read");
        }
        // Read at run time: an include_str! outside the crate would break
        // its published package (tests/package.rs).
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../editors/vscode/package.json"
        );
        let package: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let contributed: Vec<&str> = package["contributes"]["configuration"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .filter_map(|k| k.strip_prefix("aisrm."))
            .filter(|k| !["server.path", "trace.server"].contains(k))
            .collect();
        let mut expected = KEYS.to_vec();
        expected.sort_unstable();
        let mut contributed = contributed;
        contributed.sort_unstable();
        assert_eq!(contributed, expected);
    }
}
