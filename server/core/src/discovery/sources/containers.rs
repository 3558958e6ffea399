//! Containers: model-server images in compose files, Kubernetes
//! manifests and Helm values (`image:` anywhere, as a string or with
//! `repository:`), Kustomize `images:`, Dockerfile `FROM`; model-server
//! Helm charts (Kustomize `helmCharts:`, a `Chart.yaml`'s `dependencies:`,
//! an Argo CD `Application`'s sources)
//! and remote Kustomize `resources:`; AI custom resources (`apiVersion`
//! group + `kind`); and compose `environment:` variables. YAML files that
//! contain none of the signal strings are not parsed. A kustomization's
//! local `resources:` are manifests of the repository, read as such.

use aho_corasick::AhoCorasick;

use super::files::{children, nodes_under};
use super::mcp::get;
use super::text::{shift, yaml_documents};
use crate::discovery::{File, Hits, Need, SignalKind, Signals, Source};
use crate::text::TextRange;
use crate::yaml::{NodeId, Yaml};

pub struct Containers {
    prefilter: Option<AhoCorasick>,
}

impl Containers {
    pub fn new(signals: &Signals) -> Self {
        let mut needles: Vec<String> = Vec::new();
        for s in &signals.signals {
            for p in &s.patterns {
                let p = p.trim_end_matches('*');
                match s.kind {
                    SignalKind::Image => {
                        needles.push(p.rsplit('/').next().unwrap_or(p).to_string())
                    }
                    SignalKind::K8sKind | SignalKind::HelmChart => {
                        needles.push(p.rsplit('/').next().unwrap_or(p).to_string())
                    }
                    // A URL without its scheme: its host (in lower case,
                    // as written; the path's case may differ).
                    SignalKind::RemoteResource => {
                        needles.push(p.split('/').next().unwrap_or(p).to_string())
                    }
                    SignalKind::Env => needles.push(p.to_string()),
                    _ => {}
                }
            }
        }
        needles.retain(|n| !n.is_empty());
        Containers {
            prefilter: AhoCorasick::new(&needles).ok(),
        }
    }
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

fn is_dockerfile(name: &str) -> bool {
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".dockerfile")
        || name.ends_with(".Dockerfile")
}

impl Source for Containers {
    fn wants(&self, _rel: &str, name: &str) -> Need {
        if is_dockerfile(name) {
            Need::Text
        } else if is_yaml(name) || is_kustomization(name) {
            Need::Maybe
        } else {
            Need::Nothing
        }
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        if !self
            .prefilter
            .as_ref()
            .is_some_and(|ac| ac.is_match(file.text))
        {
            return;
        }
        if is_dockerfile(file.name) {
            dockerfile(file.text, signals, out);
            return;
        }
        for (offset, yaml) in yaml_documents(file.text) {
            if let Some(e) = yaml.errors.first() {
                out.note(format!(
                    "skipped part of the file: malformed YAML ({})",
                    e.message
                ));
            }
            let Some(root) = yaml.root() else { continue };
            let doc = Doc {
                yaml: &yaml,
                offset,
            };
            doc.images(root, signals, out);
            if is_kustomization(file.name) {
                doc.kustomize_images(root, signals, out);
                doc.charts(root, "helmCharts", "repo", signals, out);
                doc.remote_resources(root, signals, out);
            }
            if is_chart(file.name) {
                doc.charts(root, "dependencies", "repository", signals, out);
            }
            doc.custom_resource(root, signals, out);
            doc.argo_charts(root, signals, out);
            doc.compose_environment(root, signals, out);
        }
    }
}

/// An image reference without registry defaults, tag or digest.
pub(crate) fn image_repository(reference: &str) -> String {
    let no_digest = reference.split('@').next().unwrap_or(reference);
    let last_slash = no_digest.rfind('/').map_or(0, |n| n + 1);
    let no_tag = match no_digest[last_slash..].find(':') {
        Some(n) => &no_digest[..last_slash + n],
        None => no_digest,
    };
    let mut name = no_tag.to_ascii_lowercase();
    for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            name = rest.to_string();
        }
    }
    name.strip_prefix("library/")
        .map(str::to_string)
        .unwrap_or(name)
}

/// Records the signals `reference` matches; whether there was one.
fn report_image(signals: &Signals, out: &mut Hits, reference: &str, range: TextRange) -> bool {
    let repo = image_repository(reference);
    let found = signals.lookup(SignalKind::Image, "", &repo);
    for signal in &found {
        out.add(signal, range, format!("image `{reference}`"));
    }
    !found.is_empty()
}

fn is_kustomization(name: &str) -> bool {
    matches!(
        name,
        "kustomization.yaml" | "kustomization.yml" | "Kustomization"
    )
}

fn is_chart(name: &str) -> bool {
    name == "Chart.yaml"
}

/// A repository or resource URL as signals write it: no scheme (`https://`,
/// `oci://`, `git::`, `ssh://git@`), no trailing `/`, lower case.
pub(crate) fn url_key(url: &str) -> String {
    let mut rest = url.trim().strip_prefix("git::").unwrap_or(url.trim());
    if let Some((_, after)) = rest.split_once("://") {
        rest = after;
    }
    let rest = rest.strip_prefix("git@").unwrap_or(rest);
    // scp-like `github.com:org/repo`.
    let rest = rest.replacen(".com:", ".com/", 1);
    rest.trim_end_matches('/').to_ascii_lowercase()
}

/// Records the signals of the Helm chart `name` in the repository `repo`
/// (as written), found at `range`.
pub(crate) fn report_chart(
    signals: &Signals,
    out: &mut Hits,
    repo: &str,
    name: &str,
    range: TextRange,
) {
    let key = format!("{}/{}", url_key(repo), name.to_ascii_lowercase());
    for signal in signals.lookup(SignalKind::HelmChart, "", &key) {
        out.add(signal, range, format!("Helm chart `{name}` ({repo})"));
    }
}

fn dockerfile(text: &str, signals: &Signals, out: &mut Hits) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let Some(rest) = trimmed
            .strip_prefix("FROM ")
            .or_else(|| trimmed.strip_prefix("from "))
        else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let mut image = words.next().unwrap_or("");
        if image.starts_with("--") {
            image = words.next().unwrap_or("");
        }
        let at = start + line.find(image).unwrap_or(0);
        report_image(signals, out, image, TextRange::new(at, at + image.len()));
    }
}

struct Doc<'a> {
    yaml: &'a Yaml<'a>,
    offset: usize,
}

impl Doc<'_> {
    fn range(&self, node: NodeId) -> TextRange {
        shift(self.yaml.inner_range(node), self.offset)
    }

    fn images(&self, root: NodeId, signals: &Signals, out: &mut Hits) {
        let yaml = self.yaml;
        for node in nodes_under(yaml, root, 48) {
            if let Some(image) = get(yaml, node, "image") {
                if let Some(reference) = yaml.scalar(image) {
                    report_image(signals, out, reference, self.range(image));
                } else if let Some(repo) = get(yaml, image, "repository") {
                    let registry = get(yaml, image, "registry").and_then(|r| yaml.scalar(r));
                    let name = yaml.scalar(repo).unwrap_or("");
                    let full = registry.map_or(name.to_string(), |r| format!("{r}/{name}"));
                    report_image(signals, out, &full, self.range(repo));
                }
            }
        }
    }

    /// Kustomize `images:`: the replacement (`newName`) when it is a
    /// model server, else the image the bases use (`name`).
    fn kustomize_images(&self, root: NodeId, signals: &Signals, out: &mut Hits) {
        let yaml = self.yaml;
        let Some(images) = get(yaml, root, "images") else {
            return;
        };
        for entry in yaml.items(images).unwrap_or_default() {
            for key in ["newName", "name"] {
                let Some(node) = get(yaml, *entry, key) else {
                    continue;
                };
                let Some(reference) = yaml.scalar(node) else {
                    continue;
                };
                if report_image(signals, out, reference, self.range(node)) {
                    break;
                }
            }
        }
    }

    /// Helm charts listed under `list` (Kustomize `helmCharts:` with
    /// `repo:`, a chart's `dependencies:` with `repository:`): each
    /// `name` in its repository, as `repository/name`.
    fn charts(&self, root: NodeId, list: &str, repo_key: &str, signals: &Signals, out: &mut Hits) {
        let yaml = self.yaml;
        let Some(charts) = get(yaml, root, list) else {
            return;
        };
        for chart in yaml.items(charts).unwrap_or_default() {
            let name = get(yaml, *chart, "name");
            let repo = get(yaml, *chart, repo_key).and_then(|r| yaml.scalar(r));
            let (Some(node), Some(repo)) = (name, repo) else {
                continue;
            };
            let Some(name) = yaml.scalar(node) else {
                continue;
            };
            report_chart(signals, out, repo, name, self.range(node));
        }
    }

    /// The Helm charts an Argo CD `Application` deploys: `spec.source` and
    /// each of `spec.sources` with `chart` in `repoURL`.
    fn argo_charts(&self, root: NodeId, signals: &Signals, out: &mut Hits) {
        let yaml = self.yaml;
        let scalar = |node: NodeId, key: &str| get(yaml, node, key).and_then(|n| yaml.scalar(n));
        let is_application = scalar(root, "kind") == Some("Application")
            && scalar(root, "apiVersion").is_some_and(|a| a.starts_with("argoproj.io/"));
        let Some(spec) = get(yaml, root, "spec").filter(|_| is_application) else {
            return;
        };
        let many = get(yaml, spec, "sources").and_then(|s| yaml.items(s));
        let sources = get(yaml, spec, "source")
            .into_iter()
            .chain(many.unwrap_or_default().iter().copied());
        for source in sources {
            let (Some(chart), Some(repo)) = (get(yaml, source, "chart"), scalar(source, "repoURL"))
            else {
                continue;
            };
            if let Some(name) = yaml.scalar(chart) {
                report_chart(signals, out, repo, name, self.range(chart));
            }
        }
    }

    /// Kustomize `resources:` that are URLs (remote bases and manifests).
    fn remote_resources(&self, root: NodeId, signals: &Signals, out: &mut Hits) {
        let yaml = self.yaml;
        let Some(resources) = get(yaml, root, "resources") else {
            return;
        };
        for item in yaml.items(resources).unwrap_or_default() {
            let Some(resource) = yaml.scalar(*item) else {
                continue;
            };
            for signal in signals.lookup(SignalKind::RemoteResource, "", &url_key(resource)) {
                out.add(
                    signal,
                    self.range(*item),
                    format!("remote resource `{resource}`"),
                );
            }
        }
    }

    fn custom_resource(&self, root: NodeId, signals: &Signals, out: &mut Hits) {
        let yaml = self.yaml;
        let (Some(api), Some(kind)) = (get(yaml, root, "apiVersion"), get(yaml, root, "kind"))
        else {
            return;
        };
        let (Some(api), Some(kind_name)) = (yaml.scalar(api), yaml.scalar(kind)) else {
            return;
        };
        let group = api.split('/').next().unwrap_or(api);
        let key = format!("{group}/{kind_name}");
        for signal in signals.lookup(SignalKind::K8sKind, "", &key) {
            out.add(
                signal,
                self.range(kind),
                format!("Kubernetes `{kind_name}` ({api})"),
            );
        }
    }

    fn compose_environment(&self, root: NodeId, signals: &Signals, out: &mut Hits) {
        let yaml = self.yaml;
        let Some(services) = get(yaml, root, "services") else {
            return;
        };
        for service in children(yaml, services) {
            let Some(env) = get(yaml, service, "environment") else {
                continue;
            };
            let vars: Vec<(String, NodeId)> = match yaml.entries(env) {
                Some(entries) => entries
                    .iter()
                    .filter_map(|(k, _)| Some((yaml.scalar(*k)?.to_string(), *k)))
                    .collect(),
                None => yaml
                    .items(env)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|i| Some((yaml.scalar(*i)?.split('=').next()?.to_string(), *i)))
                    .collect(),
            };
            for (name, node) in vars {
                for signal in signals.lookup(SignalKind::Env, "", &name) {
                    let start = self.range(node).start;
                    out.add(
                        signal,
                        TextRange::new(start, start + name.len()),
                        format!("compose environment `{name}`"),
                    );
                }
            }
        }
    }
}
