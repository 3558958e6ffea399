//! The analysed workspace in other tools' formats: a CycloneDX 1.6 BOM
//! ([`cyclonedx`]) and OSCAL component definitions and catalogs ([`oscal`]).
//! Both are built from one [`Project`]: every component the analysis could
//! place in its framework, with its duties exactly as [`analysis::duties`]
//! resolves them (after `ownership:` overrides). Nothing here re-derives a
//! rule; the CLI only writes what these functions return.

pub mod cyclonedx;
pub mod cyclonedx_read;
mod kinds;
pub mod oscal;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::analysis::{self, Duty, Owner};
use crate::discovery::{self, Discovery, Evidence, declared};
use crate::document::{Component, Spanned};
use crate::framework::{self, Framework, Model};
use crate::text::Encoding;
use crate::workspace::{FileAnalysis, Merged, Workspace};

pub use kinds::{BomKind, ReadRules};
pub(crate) use kinds::{bom_kind, bom_kind_of, read_rules};

/// The tool's own name, version and home, as the exports cite them.
pub const TOOL_NAME: &str = "aisrm";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
pub const TOOL_URL: &str = "https://github.com/aisrm/aisrm";

/// What an export covers: the components of a workspace that have a
/// framework and a known deployment model, in file order.
pub struct Project<'a> {
    /// `system:` of every inventory with exported components, in file
    /// order, once each.
    pub systems: Vec<SystemInfo>,
    pub components: Vec<Exported<'a>>,
    /// Discovered components no inventory component declares
    /// ([`Project::add_discovered`]).
    pub undeclared: Vec<Undeclared<'a>>,
    /// Components that cannot be exported, with why (for a warning).
    pub skipped: Vec<Skipped>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemInfo {
    pub name: String,
    pub owner: Option<String>,
}

/// One component with its place in its framework.
pub struct Exported<'a> {
    pub component: &'a Component,
    pub framework: &'a Framework,
    pub model: &'a Model,
    /// Every domain of the model's column, in the framework's domain order.
    pub duties: Vec<Duty<'a>>,
    /// The `system:` name of the inventory that declares it.
    pub system: Option<String>,
    /// Where it is declared: the path as the caller shows it, 1-based line.
    pub path: String,
    pub line: u32,
    pub kind: BomKind,
    /// The component's own owner, else the one it inherits (`system.owner`),
    /// by the analysis' ownership rule.
    pub owner: Option<Owner<'a>>,
    /// Where discovery found it in the project (its evidence).
    pub occurrences: Vec<&'a Evidence>,
    /// The domains whose entry a design document adds (`extends:`), with
    /// `path:line` of the entry as the caller shows it.
    pub added_entries: Vec<(&'a str, String)>,
}

/// A discovered component that no inventory component declares, placed
/// in the `aisrm` framework (discovery's deployment models are its ids).
pub struct Undeclared<'a> {
    pub found: &'a discovery::Component,
    pub framework: &'static Framework,
    pub model: &'static Model,
    pub kind: BomKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub id: String,
    /// `path:line` of the component's id.
    pub location: String,
    pub why: String,
}

impl<'a> Project<'a> {
    /// Collects the components of `ws`, each as it is analysed: an
    /// inventory component with the entries design documents add to it
    /// (`merged`, [`Merged::of`] `ws`). `display` turns a path into what
    /// the export shows (relative paths keep the output the same on every
    /// machine). With `framework`, only components analysed against the
    /// framework with that id are taken.
    pub fn build(
        ws: &'a Workspace,
        merged: &'a Merged,
        display: &dyn Fn(&Path) -> String,
        framework: Option<&str>,
    ) -> Project<'a> {
        Self::build_from(ws, merged, &ws.paths(), display, framework)
    }

    /// [`Project::build`] taking only the components of `paths` (the
    /// files `aisrm export` was given; the rest of the workspace is there
    /// for references). A design document's extension (`extends:`) is no
    /// component of its own: it stands for the component it extends, which
    /// is taken from its inventory when that is not among `paths` (as the
    /// report shows it).
    pub fn build_from(
        ws: &'a Workspace,
        merged: &'a Merged,
        paths: &[PathBuf],
        display: &dyn Fn(&Path) -> String,
        framework: Option<&str>,
    ) -> Project<'a> {
        let mut project = Project {
            systems: Vec::new(),
            components: Vec::new(),
            undeclared: Vec::new(),
            skipped: Vec::new(),
        };
        let mut seen: HashSet<&str> = HashSet::new();
        for path in paths {
            let Some(file) = ws.file(path) else {
                continue;
            };
            for component in &file.document.components {
                let (file, component) = if component.is_extension() {
                    match ws.extended(component) {
                        Some((inventory, declared))
                            if !paths.contains(&inventory.path)
                                && !seen.contains(declared.id.value.as_str()) =>
                        {
                            (inventory, declared)
                        }
                        _ => continue,
                    }
                } else {
                    (file, component)
                };
                let component = merged.or_declared(&file.path, component);
                project.add(ws, file, component, display, framework, &mut seen);
            }
        }
        project
    }

    /// Places `component` of `file` (see [`Project::place`]) and records
    /// its system, or why it is skipped.
    fn add(
        &mut self,
        ws: &'a Workspace,
        file: &'a FileAnalysis,
        component: &'a Component,
        display: &dyn Fn(&Path) -> String,
        framework: Option<&str>,
        seen: &mut HashSet<&'a str>,
    ) {
        let shown = display(&file.path);
        match self.place(file, component, &shown, framework, seen) {
            Ok(Some(mut exported)) => {
                seen.insert(&component.id.value);
                exported.added_entries = added_entries(ws, &exported.duties, display);
                let system = file.document.system.as_ref().and_then(|s| {
                    Some(SystemInfo {
                        name: text(&s.name)?,
                        owner: text(&s.owner),
                    })
                });
                exported.system = system.as_ref().map(|s| s.name.clone());
                self.components.push(exported);
                if let Some(system) = system
                    && !self.systems.iter().any(|s| s.name == system.name)
                {
                    self.systems.push(system);
                }
            }
            Ok(None) => {}
            Err(why) => self.skipped.push(Skipped {
                id: component.id.value.clone(),
                location: format!("{shown}:{}", line_of(file, component)),
                why,
            }),
        }
    }

    /// The component placed in its framework; `Ok(None)` when another
    /// framework was asked for, `Err(why)` when it cannot be placed.
    fn place(
        &self,
        file: &'a FileAnalysis,
        component: &'a Component,
        shown: &str,
        only: Option<&str>,
        seen: &HashSet<&str>,
    ) -> Result<Option<Exported<'a>>, String> {
        let framework = file
            .framework()
            .ok_or_else(|| "its framework could not be loaded".to_string())?;
        if only.is_some_and(|id| id != framework.id) {
            return Ok(None);
        }
        if seen.contains(component.id.value.as_str()) {
            return Err("its id is declared more than once; the first is exported".into());
        }
        let deployment = component
            .deployment
            .as_ref()
            .ok_or_else(|| "it has no `deployment`".to_string())?;
        let model = framework.model(&deployment.value).ok_or_else(|| {
            format!(
                "`{}` is not a deployment model of `{}`",
                deployment.value, framework.id
            )
        })?;
        let duties = file.duties(component).unwrap_or_default();
        Ok(Some(Exported {
            component,
            framework,
            model,
            duties,
            system: None,
            path: shown.to_string(),
            line: line_of(file, component),
            kind: bom_kind(framework, model, component),
            owner: analysis::component_owner(component, file.context()),
            occurrences: Vec::new(),
            added_entries: Vec::new(),
        }))
    }

    /// Adds what discovery found: the evidence of a discovered component
    /// becomes the occurrences of the inventory component that declares
    /// it ([`declared::declares`]); one no exported component declares is
    /// exported as [`Undeclared`] (unless `only` asks for a framework
    /// other than `aisrm`). Evidence paths are shown as given.
    pub fn add_discovered(&mut self, found: &'a Discovery, only: Option<&str>) {
        let aisrm = framework::builtin("aisrm").expect("the built-in aisrm framework");
        for c in &found.components {
            let declaring = self
                .components
                .iter_mut()
                .find(|e| declared::declares(e.component, c));
            if let Some(exported) = declaring {
                exported.occurrences.extend(&c.evidence);
                continue;
            }
            if only.is_some_and(|id| id != aisrm.id) {
                continue;
            }
            match aisrm.model(&c.def.deployment) {
                Some(model) => self.undeclared.push(Undeclared {
                    found: c,
                    framework: aisrm,
                    model,
                    kind: bom_kind_of(aisrm, model, !c.def.provider.trim().is_empty()),
                }),
                None => self.skipped.push(Skipped {
                    id: c.def.id.clone(),
                    location: c
                        .evidence
                        .first()
                        .map(|e| format!("{}:{}", e.path, e.line))
                        .unwrap_or_default(),
                    why: format!(
                        "`{}` is not a deployment model of `aisrm`",
                        c.def.deployment
                    ),
                }),
            }
        }
    }

    /// The frameworks in use, in order of first use.
    pub fn frameworks(&self) -> Vec<&'a Framework> {
        let mut out: Vec<&'a Framework> = Vec::new();
        for c in &self.components {
            if !out.iter().any(|f| f.id == c.framework.id) {
                out.push(c.framework);
            }
        }
        out
    }

    /// The exported component with this id.
    pub fn find(&self, id: &str) -> Option<&Exported<'a>> {
        self.components.iter().find(|c| c.component.id.value == id)
    }

    /// The ids of every exported item: declared components, then the
    /// undeclared discovered ones.
    pub fn ids(&self) -> Vec<&str> {
        let declared = self.components.iter().map(|c| c.id());
        declared
            .chain(self.undeclared.iter().map(|u| u.found.def.id.as_str()))
            .collect()
    }
}

impl<'a> Exported<'a> {
    pub fn id(&self) -> &str {
        &self.component.id.value
    }

    /// The display name: `name`, else the id.
    pub fn name(&self) -> &str {
        text_ref(&self.component.name).unwrap_or(self.id())
    }

    pub fn provider(&self) -> Option<&str> {
        text_ref(&self.component.provider)
    }

    /// The component's owner, written or inherited from `system.owner`.
    pub fn owner(&self) -> Option<Owner<'a>> {
        self.owner
    }

    pub fn description(&self) -> Option<&str> {
        text_ref(&self.component.description)
    }

    /// `path:line` of the entry of `domain` when a design document adds it.
    pub fn entry_written_in(&self, domain: &str) -> Option<&str> {
        self.added_entries
            .iter()
            .find(|(d, _)| *d == domain)
            .map(|(_, site)| site.as_str())
    }

    /// Ids this component depends on that are exported too, in order, once.
    pub fn dependencies<'p>(&'p self, project: &'p Project) -> Vec<&'p str> {
        let mut out: Vec<&str> = Vec::new();
        for d in &self.component.depends_on {
            if project.find(&d.value).is_some() && !out.contains(&d.value.as_str()) {
                out.push(&d.value);
            }
        }
        out
    }
}

/// What one duty's entry says, blank values left out (its owner is the
/// duty's resolved [`Duty::owner`]).
pub struct EntryView<'a> {
    pub status: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub controls: Vec<&'a str>,
    pub refs: Vec<&'a str>,
}

/// The inventory entry of a duty, when there is one.
pub fn entry<'a>(duty: &Duty<'a>) -> EntryView<'a> {
    let e = duty.entry;
    let list = |l: Option<&'a Vec<Spanned<String>>>| -> Vec<&'a str> {
        l.map(|l| {
            l.iter()
                .map(|s| s.value.trim())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
    };
    EntryView {
        status: e.and_then(|e| text_ref(&e.status)),
        reason: e.and_then(|e| text_ref(&e.reason)),
        controls: list(e.map(|e| &e.controls)),
        refs: list(e.map(|e| &e.refs)),
    }
}

fn text(s: &Option<Spanned<String>>) -> Option<String> {
    text_ref(s).map(str::to_string)
}

/// A written value, trimmed; blank counts as missing.
fn text_ref(s: &Option<Spanned<String>>) -> Option<&str> {
    s.as_ref().map(|s| s.value.trim()).filter(|s| !s.is_empty())
}

fn line_of(file: &FileAnalysis, component: &Component) -> u32 {
    line_at(file, component.id.range.start)
}

/// The 1-based line of a byte offset of `file`.
fn line_at(file: &FileAnalysis, offset: usize) -> u32 {
    file.line_index
        .line_col(&file.text, offset, Encoding::Utf16)
        .line
        + 1
}

/// Where the entries that design documents add to a component are
/// written: (domain, `path:line`) for each of its duties whose entry is
/// one of them.
fn added_entries<'a>(
    ws: &Workspace,
    duties: &[Duty<'a>],
    display: &dyn Fn(&Path) -> String,
) -> Vec<(&'a str, String)> {
    duties
        .iter()
        .filter_map(|d| {
            let entry = d.entry?;
            let doc = ws.file(entry.written_in.as_deref()?)?;
            let site = format!("{}:{}", display(&doc.path), line_at(doc, entry.range.start));
            Some((d.domain, site))
        })
        .collect()
}

/// `2026-12-01T22:13:58Z` for a time in seconds since the Unix epoch (UTC).
pub fn rfc3339_utc(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let secs = unix_seconds % 86_400;
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slug;

    #[test]
    fn formats_utc_times() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_796_162_038), "2026-12-01T21:53:58Z");
    }

    #[test]
    fn slugs_names() {
        assert_eq!(
            slug("Northwind support & ops", "system"),
            "northwind-support-ops"
        );
        assert_eq!(slug("  ☃ ", "system"), "system");
        assert_eq!(slug("Ünïcode MCP", "server"), "n-code-mcp");
        let long = "a server with a name far longer than any id should be ".repeat(30);
        assert_eq!(
            slug(&long, "server"),
            "a-server-with-a-name-far-longer-than-any-id-should-be-a-server-w"
        );
    }
}
