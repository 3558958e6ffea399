//! Package manifests: the dependencies each declares, read with the
//! format's parser (TOML: toml_edit, XML: quick-xml, JSON: [`json`]);
//! requirements files, `setup.cfg`, `go.mod` and Gradle scripts with small
//! line readers (they have no parser crate; Gradle is a program, so only
//! `"group:artifact:version"` string literals count).

use crate::discovery::json;
use crate::discovery::signals::pypi_name;
use crate::discovery::sources::text::{Comments, blank_comments};
use crate::discovery::{File, Hits, Need, SignalKind, Signals, Source};
use crate::text::TextRange;

pub struct Manifests;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Requirements,
    Pyproject,
    Pipfile,
    SetupCfg,
    PackageJson,
    GoMod,
    CargoToml,
    Pom,
    Gradle,
    VersionCatalog,
    MsBuild,
}

fn format_of(rel: &str, name: &str) -> Option<Format> {
    let in_requirements_dir = rel.contains("requirements/") && name.ends_with(".txt");
    Some(match name {
        _ if name.starts_with("requirements") && name.ends_with(".txt") => Format::Requirements,
        _ if in_requirements_dir => Format::Requirements,
        "pyproject.toml" => Format::Pyproject,
        "Pipfile" => Format::Pipfile,
        "setup.cfg" => Format::SetupCfg,
        "package.json" => Format::PackageJson,
        "go.mod" => Format::GoMod,
        "Cargo.toml" => Format::CargoToml,
        "pom.xml" => Format::Pom,
        "build.gradle" | "build.gradle.kts" => Format::Gradle,
        "libs.versions.toml" => Format::VersionCatalog,
        "Directory.Packages.props" | "packages.config" => Format::MsBuild,
        _ if name.ends_with(".csproj")
            || name.ends_with(".fsproj")
            || name.ends_with(".vbproj") =>
        {
            Format::MsBuild
        }
        _ => return None,
    })
}

impl Source for Manifests {
    fn wants(&self, rel: &str, name: &str) -> Need {
        if format_of(rel, name).is_some() {
            Need::Text
        } else {
            Need::Nothing
        }
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        let Some(format) = format_of(file.rel, file.name) else {
            return;
        };
        let mut deps = Vec::new();
        let result = match format {
            Format::Requirements => {
                requirements(file.text, &mut deps);
                Ok(())
            }
            Format::Pyproject => pyproject(file.text, &mut deps),
            Format::Pipfile => toml_tables(
                file.text,
                &[&["packages"], &["dev-packages"]],
                "pypi",
                &mut deps,
            ),
            Format::SetupCfg => {
                setup_cfg(file.text, &mut deps);
                Ok(())
            }
            Format::PackageJson => package_json(file.text, &mut deps),
            Format::GoMod => {
                go_mod(file.text, &mut deps);
                Ok(())
            }
            Format::CargoToml => cargo_toml(file.text, &mut deps),
            Format::Pom => pom(file.text, &mut deps),
            Format::Gradle => {
                gradle(file.text, &mut deps);
                Ok(())
            }
            Format::VersionCatalog => version_catalog(file.text, &mut deps),
            Format::MsBuild => msbuild(file.text, &mut deps),
        };
        if let Err(why) = result {
            out.note(format!("skipped: malformed manifest ({why})"));
        }
        for dep in deps {
            report(signals, out, dep);
        }
    }
}

/// A declared dependency: ecosystem, name as written, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dep {
    pub ecosystem: &'static str,
    pub name: String,
    pub range: TextRange,
}

pub(crate) fn report(signals: &Signals, out: &mut Hits, dep: Dep) {
    let key = match dep.ecosystem {
        "pypi" => pypi_name(&dep.name),
        "go" => strip_major_version(&dep.name).to_string(),
        _ => dep.name.clone(),
    };
    for signal in signals.lookup(SignalKind::Package, dep.ecosystem, &key) {
        out.add_package(
            signal,
            dep.range,
            &dep.name,
            format!("{} dependency `{}`", dep.ecosystem, dep.name),
        );
    }
}

/// `github.com/openai/openai-go/v3` -> `github.com/openai/openai-go`.
fn strip_major_version(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some((head, v))
            if v.len() > 1 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            head
        }
        _ => path,
    }
}

/// The leading distribution name of a PEP 508 requirement.
fn pep508_name(spec: &str) -> &str {
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(spec.len());
    &spec[..end]
}

fn requirements(text: &str, deps: &mut Vec<Dep>) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with(['#', '-']) || trimmed.is_empty() {
            continue;
        }
        let name = pep508_name(trimmed);
        if !name.is_empty() {
            deps.push(Dep {
                ecosystem: "pypi",
                name: name.to_string(),
                range: TextRange::new(start, start + name.len()),
            });
        }
    }
}

/// `[options] install_requires` and `[options.extras_require]` of setup.cfg
/// (INI: a key's value continues on indented lines).
fn setup_cfg(text: &str, deps: &mut Vec<Dep>) {
    let mut section = String::new();
    let mut in_value = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.trim_matches(['[', ']']).trim().to_string();
            in_value = false;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let value = if indented {
            in_value.then_some(trimmed)
        } else {
            let (key, value) = trimmed.split_once('=').unwrap_or((trimmed, ""));
            in_value = (section == "options" && key.trim() == "install_requires")
                || section == "options.extras_require";
            in_value.then_some(value.trim())
        };
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        let name = pep508_name(value);
        if !name.is_empty() {
            let start = line_start + line.find(value).unwrap_or(0);
            deps.push(Dep {
                ecosystem: "pypi",
                name: name.to_string(),
                range: TextRange::new(start, start + name.len()),
            });
        }
    }
}

fn go_mod(text: &str, deps: &mut Vec<Dep>) {
    let mut in_block = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let code = line.split("//").next().unwrap_or("").trim();
        let spec = if in_block {
            if code.starts_with(')') {
                in_block = false;
                continue;
            }
            code
        } else if let Some(rest) = code.strip_prefix("require") {
            let rest = rest.trim();
            if rest.starts_with('(') {
                in_block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        let Some(path) = spec.split_whitespace().next() else {
            continue;
        };
        let start = line_start + line.find(path).unwrap_or(0);
        deps.push(Dep {
            ecosystem: "go",
            name: path.to_string(),
            range: TextRange::new(start, start + path.len()),
        });
    }
}

fn gradle(text: &str, deps: &mut Vec<Dep>) {
    let code = blank_comments(text, Comments::CLike);
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let q = bytes[i];
        if q != b'"' && q != b'\'' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let end = code[start..]
            .find([q as char, '\n'])
            .map_or(code.len(), |n| start + n);
        let literal = &code[start..end];
        let parts: Vec<&str> = literal.split(':').collect();
        let looks_like_coordinate = (2..=4).contains(&parts.len())
            && parts[..2].iter().all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            });
        if looks_like_coordinate {
            let name = format!("{}:{}", parts[0], parts[1]);
            deps.push(Dep {
                ecosystem: "maven",
                range: TextRange::new(start, start + name.len()),
                name,
            });
        }
        i = end + 1;
    }
}

type TomlDoc = toml_edit::Document<String>;

fn parse_toml(text: &str) -> Result<TomlDoc, String> {
    text.parse::<TomlDoc>().map_err(|e| e.message().to_string())
}

fn table_at<'d>(doc: &'d TomlDoc, path: &[&str]) -> Option<&'d dyn toml_edit::TableLike> {
    let mut item = doc.as_item();
    for key in path {
        item = item.get(key)?;
    }
    item.as_table_like()
}

fn key_range(key: &toml_edit::Key) -> Option<TextRange> {
    key.span().map(|s| TextRange::new(s.start, s.end))
}

/// Every key of the tables at `paths` is a dependency name (Pipfile,
/// Poetry, Cargo).
fn toml_tables(
    text: &str,
    paths: &[&[&str]],
    ecosystem: &'static str,
    deps: &mut Vec<Dep>,
) -> Result<(), String> {
    let doc = parse_toml(text)?;
    toml_keys(&doc, paths, ecosystem, deps);
    Ok(())
}

fn toml_keys(doc: &TomlDoc, paths: &[&[&str]], ecosystem: &'static str, deps: &mut Vec<Dep>) {
    for path in paths {
        let Some(table) = table_at(doc, path) else {
            continue;
        };
        for (key, item) in table.iter() {
            let Some((k, _)) = table.get_key_value(key) else {
                continue;
            };
            let Some(range) = key_range(k) else { continue };
            // Cargo's `alias = { package = "real-name" }`.
            let name = item.get("package").and_then(|p| p.as_str()).unwrap_or(key);
            deps.push(Dep {
                ecosystem,
                name: name.to_string(),
                range,
            });
        }
    }
}

/// PEP 508 strings of a TOML array.
fn toml_requirements(item: Option<&toml_edit::Item>, deps: &mut Vec<Dep>) {
    let Some(array) = item.and_then(|i| i.as_array()) else {
        return;
    };
    for value in array.iter() {
        let (Some(spec), Some(span)) = (value.as_str(), value.span()) else {
            continue;
        };
        let name = pep508_name(spec.trim_start());
        if !name.is_empty() {
            // Basic and literal strings: the name starts after the quote.
            let start = span.start + 1;
            deps.push(Dep {
                ecosystem: "pypi",
                name: name.to_string(),
                range: TextRange::new(start, start + name.len()),
            });
        }
    }
}

fn pyproject(text: &str, deps: &mut Vec<Dep>) -> Result<(), String> {
    let doc = parse_toml(text)?;
    toml_requirements(doc.get("project").and_then(|p| p.get("dependencies")), deps);
    for table in [
        &["project", "optional-dependencies"][..],
        &["dependency-groups"],
    ] {
        if let Some(t) = table_at(&doc, table) {
            for (_, item) in t.iter() {
                toml_requirements(Some(item), deps);
            }
        }
    }
    toml_keys(
        &doc,
        &[
            &["tool", "poetry", "dependencies"],
            &["tool", "poetry", "dev-dependencies"],
        ],
        "pypi",
        deps,
    );
    if let Some(groups) = table_at(&doc, &["tool", "poetry", "group"]) {
        let names: Vec<String> = groups.iter().map(|(k, _)| k.to_string()).collect();
        for g in names {
            toml_keys(
                &doc,
                &[&["tool", "poetry", "group", &g, "dependencies"]],
                "pypi",
                deps,
            );
        }
    }
    Ok(())
}

fn cargo_toml(text: &str, deps: &mut Vec<Dep>) -> Result<(), String> {
    let doc = parse_toml(text)?;
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    for kind in kinds {
        toml_keys(&doc, &[&[kind], &["workspace", kind]], "cargo", deps);
    }
    if let Some(targets) = table_at(&doc, &["target"]) {
        let names: Vec<String> = targets.iter().map(|(k, _)| k.to_string()).collect();
        for t in &names {
            for kind in kinds {
                toml_keys(&doc, &[&["target", t, kind]], "cargo", deps);
            }
        }
    }
    Ok(())
}

/// Gradle version catalogs: `[libraries]` entries `module = "g:a"` or
/// `group` + `name`, or a `"g:a:v"` string.
fn version_catalog(text: &str, deps: &mut Vec<Dep>) -> Result<(), String> {
    let doc = parse_toml(text)?;
    let Some(libraries) = table_at(&doc, &["libraries"]) else {
        return Ok(());
    };
    for (_, item) in libraries.iter() {
        let coordinate = item.as_str().map(str::to_string).or_else(|| {
            let module = item
                .get("module")
                .and_then(|m| m.as_str())
                .map(str::to_string);
            module.or_else(|| {
                Some(format!(
                    "{}:{}",
                    item.get("group")?.as_str()?,
                    item.get("name")?.as_str()?
                ))
            })
        });
        let (Some(c), Some(span)) = (
            coordinate,
            item.span()
                .or_else(|| item.as_value().and_then(|v| v.span())),
        ) else {
            continue;
        };
        let name = c.split(':').take(2).collect::<Vec<_>>().join(":");
        deps.push(Dep {
            ecosystem: "maven",
            name,
            range: TextRange::new(span.start, span.start),
        });
    }
    Ok(())
}

fn package_json(text: &str, deps: &mut Vec<Dep>) -> Result<(), String> {
    let root = json::parse(text).map_err(|e| format!("{} at byte {}", e.message, e.offset))?;
    for section in [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
    ] {
        let Some(table) = root.get(section) else {
            continue;
        };
        for (key, _) in table.entries() {
            deps.push(Dep {
                ecosystem: "npm",
                name: key.value.clone(),
                range: key.range,
            });
        }
    }
    Ok(())
}

/// `<dependency>` entries of a pom; those under `<dependencyManagement>`
/// only pin versions (a BOM or a parent pom) and use nothing.
fn pom(text: &str, deps: &mut Vec<Dep>) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let (mut group, mut artifact): (Option<String>, Option<(String, TextRange)>) = (None, None);
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => path.push(AsRef::<str>::as_ref(&e.local_name()).to_string()),
            Event::End(_) => {
                if path.last().is_some_and(|p| p == "dependency")
                    && let (Some(g), Some((a, range))) = (group.take(), artifact.take())
                    && !path.iter().any(|p| p == "dependencyManagement")
                {
                    deps.push(Dep {
                        ecosystem: "maven",
                        name: format!("{g}:{a}"),
                        range,
                    });
                }
                path.pop();
            }
            Event::Text(t) => {
                let in_dependency = path.len() >= 2 && path[path.len() - 2] == "dependency";
                if in_dependency {
                    let value = AsRef::<str>::as_ref(&t).trim().to_string();
                    let raw_start = before + text[before..].find(value.as_str()).unwrap_or(0);
                    match path.last().map(String::as_str) {
                        Some("groupId") => group = Some(value),
                        Some("artifactId") => {
                            artifact = Some((
                                value.clone(),
                                TextRange::new(raw_start, raw_start + value.len()),
                            ))
                        }
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// `<PackageReference Include="X">`, `<PackageVersion Include="X">`,
/// `<package id="X">` (packages.config).
fn msbuild(text: &str, deps: &mut Vec<Dep>) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let (Event::Start(e) | Event::Empty(e)) = &event else {
            if matches!(event, Event::Eof) {
                break;
            }
            continue;
        };
        let attribute = match AsRef::<str>::as_ref(&e.local_name()) {
            "PackageReference" | "PackageVersion" => "Include",
            "package" => "id",
            _ => continue,
        };
        let Some(value) = attribute_value(e, attribute) else {
            continue;
        };
        let after = usize::try_from(reader.buffer_position())
            .unwrap_or(text.len())
            .min(text.len());
        let tag = &text[before.min(after)..after];
        let at = tag
            .find(&format!("\"{value}\""))
            .or_else(|| tag.find(&format!("'{value}'")));
        let start = before + at.map_or(0, |n| n + 1);
        deps.push(Dep {
            ecosystem: "nuget",
            range: TextRange::new(start, start + value.len()),
            name: value,
        });
    }
    Ok(())
}

fn attribute_value(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| AsRef::<str>::as_ref(&a.key.local_name()) == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}
