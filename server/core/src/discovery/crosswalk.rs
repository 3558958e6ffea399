//! A discovered component's deployment model in another built-in framework
//! (`microsoft-ai`), through that framework's crosswalk data: each of its
//! deployment models lists the `aisrm` models it is `equivalents` of
//! (schemas/frameworks/*.yaml). No mapping lives in code.

use crate::framework;

/// The id of `framework`'s deployment model that lists `aisrm_deployment`
/// among its equivalents (the first, in the framework's order); the id
/// itself for `aisrm`; `None` when the framework has no equivalent (or is
/// not built in).
pub fn deployment_in(framework_id: &str, aisrm_deployment: &str) -> Option<String> {
    if framework_id == "aisrm" {
        return Some(aisrm_deployment.to_string());
    }
    framework::builtin(framework_id)?
        .models
        .iter()
        .find(|m| m.equivalents.iter().any(|e| e == aisrm_deployment))
        .map(|m| m.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsoft_ai_models_from_the_framework_data() {
        let pairs: Vec<(&str, Option<String>)> = [
            "paas-ai",
            "iaas-ai",
            "on-premises",
            "saas-ai",
            "embedded-ai",
            "ai-coding",
            "agentic-ai",
            "mcp-systems",
        ]
        .into_iter()
        .map(|d| (d, deployment_in("microsoft-ai", d)))
        .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            pairs,
            [
                ("paas-ai", some("paas")),
                ("iaas-ai", some("iaas")),
                ("on-premises", some("iaas")),
                ("saas-ai", some("saas")),
                ("embedded-ai", some("saas")),
                ("ai-coding", some("saas")),
                ("agentic-ai", None),
                ("mcp-systems", None),
            ]
        );
        assert_eq!(deployment_in("aisrm", "paas-ai"), some("paas-ai"));
        assert_eq!(deployment_in("nope", "paas-ai"), None);
    }
}
