//! Every cell of both built-in matrices, asserted against the source tables
//! transcribed here (from the Privette responsibility matrix v1.1.0 and the
//! newest Microsoft diagram), independently of the YAML data files.

use aisrm_core::framework::{self, LevelKind};

/// Rows in source order; `*` marks a critical-focus cell.
const AISRM: &str = "
application-security         | Provider | Shared   | Customer | Customer | Shared   | Customer  | Customer  | Customer
ai-ethics-and-safety         | Shared   | Shared   | Shared   | Shared   | Shared   | Customer  | Shared    | Customer
model-security               | Provider | Provider | Provider | Shared   | Provider | Shared    | Provider  | Shared
user-access-control          | Customer | Customer | Customer | Customer | Customer | Customer  | Customer  | Customer
data-privacy                 | Shared   | Shared   | Shared   | Customer | Shared   | Customer  | Customer  | Customer
data-security                | Provider | Shared   | Shared   | Customer | Provider | Customer  | Provider  | Customer
monitoring-and-logging       | Shared   | Shared   | Customer | Customer | Provider | Customer  | Provider  | Customer
compliance-and-governance    | Shared   | Shared   | Customer | Customer | Provider | Customer  | Provider  | Customer
supply-chain-security        | Provider | Shared   | Shared   | Customer | Provider | Shared    | Provider  | Customer
network-security             | Provider | Shared   | Customer | Customer | Provider | Customer  | Provider  | Customer
infrastructure-security      | Provider | Shared   | Customer | Customer | Provider | Customer  | Provider  | Customer
incident-response            | Shared   | Shared   | Customer | Customer | Shared   | Customer  | Shared    | Customer
agent-governance             | Shared   | Shared   | Customer | Customer | N/A      | Customer* | N/A       | Customer
code-generation-security     | N/A      | N/A      | N/A      | N/A      | N/A      | N/A       | Customer* | N/A
context-pollution-protection | Shared   | Shared   | Customer | Customer | Shared   | Shared    | Customer  | Customer*
multi-system-integration     | Shared   | Shared   | Customer | Customer | Shared*  | Shared    | Customer  | Customer*
";
const AISRM_MODELS: [&str; 8] = [
    "saas-ai",
    "paas-ai",
    "iaas-ai",
    "on-premises",
    "embedded-ai",
    "agentic-ai",
    "ai-coding",
    "mcp-systems",
];

const MICROSOFT: &str = "
user-training-and-accountability      | Customer | Customer        | Customer
usage-policy-admin-controls           | Customer | Customer        | Customer
identity-device-and-access-management | Customer | Customer        | Shared
data-governance                       | Customer | Customer        | Shared
ai-plugins-and-data-connections       | Customer | Customer        | Shared
application-design-and-implementation | Customer | Customer        | Microsoft
application-infrastructure            | Customer | Customer        | Microsoft
application-safety-systems            | Customer | Shared          | Microsoft
model-safety-and-security-systems     | Customer | Shared          | Microsoft
model-accountability                  | Customer | Model dependent | Microsoft
model-tuning                          | Customer | Model dependent | Microsoft
model-design-and-implementation       | Customer | Model dependent | Microsoft
model-training-data-governance        | Customer | Model dependent | Microsoft
ai-compute-infrastructure             | Shared   | Microsoft       | Microsoft
";
const MICROSOFT_MODELS: [&str; 3] = ["iaas", "paas", "saas"];

fn level(word: &str) -> LevelKind {
    match word {
        "Provider" | "Microsoft" => LevelKind::Provider,
        "Customer" => LevelKind::Customer,
        "Shared" => LevelKind::Shared,
        "N/A" => LevelKind::NotApplicable,
        "Model dependent" => LevelKind::ModelDependent,
        other => panic!("unknown level {other}"),
    }
}

/// Asserts every cell of `table` and returns how many were checked.
fn assert_cells(framework_id: &str, models: &[&str], table: &str) -> usize {
    let fw = framework::builtin(framework_id).unwrap();
    let domain_ids: Vec<&str> = fw.domains.iter().map(|d| d.id.as_str()).collect();
    let model_ids: Vec<&str> = fw.models.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(model_ids, models, "model order of {framework_id}");
    let mut checked = 0;
    let mut rows = Vec::new();
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let mut cols = line.split('|').map(str::trim);
        let domain = cols.next().unwrap();
        rows.push(domain);
        for (model, word) in models.iter().zip(cols) {
            let critical = word.ends_with('*');
            let cell = fw
                .cell(model, domain)
                .unwrap_or_else(|| panic!("{model}/{domain} missing"));
            assert_eq!(
                cell.level,
                level(word.trim_end_matches('*')),
                "{framework_id} {model}/{domain}"
            );
            assert_eq!(
                cell.critical, critical,
                "critical flag of {framework_id} {model}/{domain}"
            );
            checked += 1;
        }
    }
    assert_eq!(rows, domain_ids, "domain order of {framework_id}");
    checked
}

#[test]
fn aisrm_has_all_128_cells_and_5_critical() {
    assert_eq!(assert_cells("aisrm", &AISRM_MODELS, AISRM), 128);
    let fw = framework::builtin("aisrm").unwrap();
    let critical = fw
        .models
        .iter()
        .flat_map(|m| fw.column(&m.id).filter(|(_, c)| c.critical))
        .count();
    assert_eq!(critical, 5);
}

#[test]
fn microsoft_has_all_42_cells_in_three_layers() {
    assert_eq!(
        assert_cells("microsoft-ai", &MICROSOFT_MODELS, MICROSOFT),
        42
    );
    let fw = framework::builtin("microsoft-ai").unwrap();
    let layers: Vec<(&str, usize)> = fw
        .layers
        .iter()
        .map(|l| {
            let n = fw
                .domains
                .iter()
                .filter(|d| d.layer.as_deref() == Some(&l.id))
                .count();
            (l.id.as_str(), n)
        })
        .collect();
    assert_eq!(
        layers,
        [("ai-usage", 4), ("ai-application", 4), ("ai-platform", 6)]
    );
    assert_eq!(fw.level_name(LevelKind::Provider), "Microsoft");
}

#[test]
fn source_inconsistencies_are_recorded() {
    let fw = framework::builtin("aisrm").unwrap();
    let infra: Vec<_> = fw
        .notes_for(Some("paas-ai"), Some("infrastructure-security"))
        .collect();
    assert!(
        infra
            .iter()
            .any(|n| n.text.contains("Shared") && n.text.contains("Provider")),
        "{infra:?}"
    );
    let ms = framework::builtin("microsoft-ai").unwrap();
    let safety: Vec<_> = ms
        .notes_for(Some("paas"), Some("application-safety-systems"))
        .collect();
    assert!(safety.iter().any(|n| n.text.contains("2023")), "{safety:?}");
}
