//! MCP client configurations: one component per configured server, a
//! local command or a remote URL. JSON configs are read with [`json`]
//! (JSONC accepted), Continue's YAML with the YAML reader.

use super::SignalGlobs;
use super::text::shift;
use crate::discovery::json::{self, Node};
use crate::discovery::signals::ComponentDef;
use crate::discovery::{File, Hits, Implied, Need, SignalKind, Signals, Source};
use crate::text::TextRange;
use crate::yaml::{NodeId, Yaml};

pub struct McpConfigs {
    globs: SignalGlobs,
}

impl McpConfigs {
    pub fn new(signals: &Signals) -> Self {
        McpConfigs {
            globs: SignalGlobs::of_kind(signals, SignalKind::McpConfig),
        }
    }
}

/// One configured server: its name, where the name is written, and how
/// it is reached.
struct Server {
    name: String,
    range: TextRange,
    command: Option<String>,
    url: Option<String>,
}

impl Source for McpConfigs {
    fn wants(&self, rel: &str, _name: &str) -> Need {
        self.globs.text_of_matches(rel)
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        let Some(signal) = self.globs.first(file.rel, signals) else {
            return;
        };
        let servers = if file.name.ends_with(".yaml") || file.name.ends_with(".yml") {
            yaml_servers(file.text, &signal.keys)
        } else {
            match json::parse(file.text) {
                Ok(root) => json_servers(&root, &signal.keys),
                Err(e) => {
                    out.note(format!(
                        "skipped: malformed JSON ({} at byte {})",
                        e.message, e.offset
                    ));
                    return;
                }
            }
        };
        for server in servers {
            let (what, provider) = match (&server.url, &server.command) {
                (Some(url), _) => (
                    format!("remote MCP server `{}` at {url}", server.name),
                    host(url),
                ),
                (None, Some(cmd)) => (
                    format!("local MCP server `{}`: {cmd}", server.name),
                    "local process".to_string(),
                ),
                (None, None) => (
                    format!("MCP server `{}`", server.name),
                    "unknown".to_string(),
                ),
            };
            let def = ComponentDef {
                id: format!("mcp-{}", crate::text::slug(&server.name, "server")),
                name: format!("MCP server {}", server.name),
                provider,
                deployment: "mcp-systems".into(),
                description: format!(
                    "The MCP server `{}` configured in {}.",
                    server.name, file.rel
                ),
                per_project: false,
            };
            out.add_implied(signal, Implied::Made(def), server.range, what);
        }
    }
}

fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_string()
}

fn command_line(command: Option<&str>, args: &[String]) -> Option<String> {
    let command = command?;
    Some(
        std::iter::once(command.to_string())
            .chain(args.iter().cloned())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn json_servers(root: &Node, keys: &[String]) -> Vec<Server> {
    let mut out = Vec::new();
    for key in keys {
        let Some(table) = root.get(key) else { continue };
        for (name, server) in table.entries() {
            let text = |k: &str| server.get(k).and_then(Node::as_str).map(str::to_string);
            let args: Vec<String> = server.get("args").map_or(Vec::new(), |a| {
                a.items()
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect()
            });
            let url = text("url")
                .or_else(|| text("serverUrl"))
                .or_else(|| text("httpUrl"));
            // Zed nests the command: `"command": {"path": .., "args": [..]}`.
            let command = text("command").or_else(|| {
                server
                    .get("command")
                    .and_then(|c| c.get("path"))
                    .and_then(Node::as_str)
                    .map(str::to_string)
            });
            out.push(Server {
                name: name.value.clone(),
                range: name.range,
                command: command_line(command.as_deref(), &args),
                url,
            });
        }
    }
    out
}

fn yaml_servers(text: &str, keys: &[String]) -> Vec<Server> {
    let mut out = Vec::new();
    for (offset, yaml) in super::text::yaml_documents(text) {
        let Some(root) = yaml.root() else { continue };
        for key in keys {
            let Some(list) = get(&yaml, root, key) else {
                continue;
            };
            for item in yaml.items(list).unwrap_or_default() {
                let text = |k: &str| {
                    get(&yaml, *item, k)
                        .and_then(|n| yaml.scalar(n))
                        .map(str::to_string)
                };
                let Some(name_node) = get(&yaml, *item, "name") else {
                    continue;
                };
                let args: Vec<String> = get(&yaml, *item, "args")
                    .and_then(|a| yaml.items(a))
                    .map_or(Vec::new(), |a| {
                        a.iter()
                            .filter_map(|i| yaml.scalar(*i).map(str::to_string))
                            .collect()
                    });
                out.push(Server {
                    name: yaml.scalar(name_node).unwrap_or("server").to_string(),
                    range: shift(yaml.inner_range(name_node), offset),
                    command: command_line(text("command").as_deref(), &args),
                    url: text("url"),
                });
            }
        }
    }
    out
}

/// The value of `key` in a YAML mapping.
pub fn get(yaml: &Yaml, node: NodeId, key: &str) -> Option<NodeId> {
    let node = yaml.resolve(node)?;
    yaml.entries(node)?
        .iter()
        .find(|(k, _)| yaml.scalar(*k) == Some(key))
        .map(|(_, v)| *v)
}
