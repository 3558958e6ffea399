//! Infrastructure as code: Terraform (HCL, parsed with hcl-edit; a
//! `helm_release`'s chart is matched like the Helm charts of Kubernetes
//! configuration, see containers.rs), Bicep
//! (a block scanner: Bicep has no Rust parser; `resource` declarations and
//! their top-level `kind:` are all it needs), ARM templates (JSON) and
//! CloudFormation (YAML or JSON).

use super::mcp::get;
use super::text::{shift, yaml_documents};
use crate::discovery::json::{self, Node};
use crate::discovery::signals::Signal;
use crate::discovery::{File, Hits, Need, SignalKind, Signals, Source};
use crate::text::TextRange;

pub struct Iac;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Terraform,
    Bicep,
    /// ARM or CloudFormation JSON.
    Json,
    CloudFormationYaml,
}

fn format_of(name: &str) -> Option<Format> {
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "tf" => Format::Terraform,
        "bicep" => Format::Bicep,
        "json" if !name.ends_with("package-lock.json") && !name.ends_with(".lock.json") => {
            Format::Json
        }
        "yaml" | "yml" | "template" => Format::CloudFormationYaml,
        _ => return None,
    })
}

impl Source for Iac {
    fn wants(&self, _rel: &str, name: &str) -> Need {
        match format_of(name) {
            Some(Format::Terraform | Format::Bicep) => Need::Text,
            Some(_) => Need::Maybe,
            None => Need::Nothing,
        }
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        match format_of(file.name) {
            Some(Format::Terraform) => terraform(file.text, signals, out),
            Some(Format::Bicep) => bicep(file.text, signals, out),
            Some(Format::Json)
                if file.text.contains("deploymentTemplate") || file.text.contains("AWS::") =>
            {
                match json::parse(file.text) {
                    Ok(root) => {
                        arm_resources(&root, signals, out, 0);
                        cloudformation_json(&root, signals, out);
                    }
                    Err(e) => out.note(format!(
                        "skipped: malformed JSON ({} at byte {})",
                        e.message, e.offset
                    )),
                }
            }
            Some(Format::CloudFormationYaml) if file.text.contains("AWS::") => {
                cloudformation_yaml(file.text, signals, out)
            }
            _ => {}
        }
    }
}

/// Signals for a resource type whose `where` conditions hold, given a
/// way to read an attribute's value.
fn matching<'s>(
    signals: &'s Signals,
    ecosystem: &str,
    kind: &str,
    attribute: impl Fn(&str) -> Option<String>,
) -> Vec<&'s Signal> {
    signals
        .lookup(SignalKind::Resource, ecosystem, kind)
        .into_iter()
        .filter(|s| {
            s.conditions.iter().all(|(key, allowed)| {
                attribute(key).is_some_and(|v| allowed.iter().any(|a| a.eq_ignore_ascii_case(&v)))
            })
        })
        .collect()
}

fn terraform(text: &str, signals: &Signals, out: &mut Hits) {
    use hcl_edit::Span;
    use hcl_edit::structure::BlockLabel;
    let body = match hcl_edit::parser::parse_body(text) {
        Ok(b) => b,
        Err(e) => {
            out.note(format!("skipped: malformed HCL ({})", e.message()));
            return;
        }
    };
    for block in body.blocks() {
        if block.ident.as_str() != "resource" {
            continue;
        }
        let Some(BlockLabel::String(label)) = block.labels.first() else {
            continue;
        };
        let kind = label.as_str();
        let attribute = |key: &str| {
            let attr = block.body.get_attribute(key)?;
            attr.value.as_str().map(str::to_string)
        };
        let Some(span) = label.span() else { continue };
        // The type without its quotes.
        let range = TextRange::new(
            span.start + 1,
            span.end.saturating_sub(1).max(span.start + 1),
        );
        for signal in matching(signals, "terraform", kind, attribute) {
            out.add(signal, range, format!("Terraform resource `{kind}`"));
        }
        if kind == "helm_release" {
            helm_release(&block.body, signals, out);
        }
    }
}

/// The chart a Terraform `helm_release` installs (`chart` in `repository`),
/// matched as the Helm charts of Kustomize and `Chart.yaml` are.
fn helm_release(body: &hcl_edit::structure::Body, signals: &Signals, out: &mut Hits) {
    use hcl_edit::Span;
    let value = |key: &str| body.get_attribute(key).map(|a| &a.value);
    let (Some(chart), Some(repo)) = (value("chart"), value("repository")) else {
        return;
    };
    let (Some(name), Some(repo), Some(span)) = (chart.as_str(), repo.as_str(), chart.span()) else {
        return;
    };
    // The chart name without its quotes.
    let range = TextRange::new(
        span.start + 1,
        span.end.saturating_sub(1).max(span.start + 1),
    );
    super::containers::report_chart(signals, out, repo, name, range);
}

/// `resource sym 'Type@version' = {` lines, and `kind: '..'` at the
/// first level of that resource's body.
fn bicep(text: &str, signals: &Signals, out: &mut Hits) {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();
    for (i, (start, line)) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with("resource ") {
            continue;
        }
        let Some(open) = line.find('\'') else {
            continue;
        };
        let Some(close) = line[open + 1..].find('\'').map(|n| open + 1 + n) else {
            continue;
        };
        let declared = &line[open + 1..close];
        let kind = declared.split('@').next().unwrap_or(declared);
        let range = TextRange::new(start + open + 1, start + open + 1 + kind.len());
        let body_kind = bicep_kind(&lines[i..]);
        for signal in matching(signals, "bicep", kind, |key| {
            (key == "kind").then(|| body_kind.clone()).flatten()
        }) {
            out.add(signal, range, format!("Bicep resource `{declared}`"));
        }
    }
}

/// The `kind:` at depth 1 of the block that opens on the first line.
fn bicep_kind(lines: &[(usize, &str)]) -> Option<String> {
    let mut depth = 0i32;
    for (n, (_, line)) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if depth == 1
            && n > 0
            && let Some(v) = trimmed.strip_prefix("kind:")
        {
            return Some(v.trim().trim_matches('\'').to_string());
        }
        depth += line.matches(['{', '[']).count() as i32 - line.matches(['}', ']']).count() as i32;
        if n > 0 && depth <= 0 {
            return None;
        }
    }
    None
}

fn arm_resources(node: &Node, signals: &Signals, out: &mut Hits, depth: usize) {
    if depth > 16 {
        return;
    }
    let resources = node.get("resources");
    let items: Vec<&Node> = match resources {
        Some(r) => r
            .items()
            .iter()
            .chain(r.entries().iter().map(|(_, v)| v))
            .collect(),
        None => return,
    };
    for resource in items {
        if let Some(kind_node) = resource.get("type") {
            let kind = kind_node.as_str().unwrap_or("");
            let attribute =
                |key: &str| resource.get(key).and_then(Node::as_str).map(str::to_string);
            for signal in matching(signals, "arm", kind, attribute) {
                out.add(
                    signal,
                    kind_node.inner_range(),
                    format!("ARM resource `{kind}`"),
                );
            }
        }
        arm_resources(resource, signals, out, depth + 1);
    }
}

fn cloudformation_json(root: &Node, signals: &Signals, out: &mut Hits) {
    let Some(resources) = root.get("Resources") else {
        return;
    };
    for (_, resource) in resources.entries() {
        let Some(type_node) = resource.get("Type") else {
            continue;
        };
        let kind = type_node.as_str().unwrap_or("");
        for signal in matching(signals, "cloudformation", kind, |_| None) {
            out.add(
                signal,
                type_node.inner_range(),
                format!("CloudFormation resource `{kind}`"),
            );
        }
    }
}

fn cloudformation_yaml(text: &str, signals: &Signals, out: &mut Hits) {
    for (offset, yaml) in yaml_documents(text) {
        let Some(root) = yaml.root() else { continue };
        let Some(resources) = get(&yaml, root, "Resources") else {
            continue;
        };
        for (_, resource) in yaml.entries(resources).unwrap_or_default() {
            let Some(type_node) = get(&yaml, *resource, "Type") else {
                continue;
            };
            let kind = yaml.scalar(type_node).unwrap_or("");
            for signal in matching(signals, "cloudformation", kind, |_| None) {
                out.add(
                    signal,
                    shift(yaml.inner_range(type_node), offset),
                    format!("CloudFormation resource `{kind}`"),
                );
            }
        }
    }
}
