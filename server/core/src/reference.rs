//! The user-facing format reference (docs/format.md), written from the
//! format tables, the framework key tables and the built-in framework
//! data, so it lists every key and id the code reads. A test fails when
//! the file differs from this output.

use std::fmt::Write;

use crate::format::{self, KeyDef};
use crate::framework::keys::{self, Holds, Table};
use crate::framework::{self, Framework, LevelKind};
use crate::workspace::{INVENTORY_NAMES, INVENTORY_SUFFIXES};

/// The whole of docs/format.md.
pub fn format_reference() -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    files(&mut out);
    inventory_keys(&mut out);
    values(&mut out);
    design_docs(&mut out);
    for fw in framework::builtins() {
        builtin_framework(&mut out, fw);
    }
    framework_keys(&mut out);
    out
}

const HEADER: &str = "\
# The aisrm format

<!-- Generated from the format tables and the built-in frameworks
(server/core/src/reference.rs); do not edit. Regenerate with
AISRM_UPDATE_DOCS=1 cargo test -p aisrm-core --test format_reference -->

Every key of an inventory, every value aisrm knows and every id of the
built-in frameworks, with their display names. The JSON Schemas in
[schemas/](../schemas) are generated from the same tables. Who owns a duty
and what a status settles is written once, in [ownership.md](ownership.md);
every finding is explained in [diagnostics.md](diagnostics.md).
";

fn files(out: &mut String) {
    let names: Vec<String> = INVENTORY_SUFFIXES
        .iter()
        .map(|s| format!("`*{s}`"))
        .chain(INVENTORY_NAMES.iter().map(|n| format!("`{n}`")))
        .collect();
    let _ = write!(
        out,
        "
## Files

An **inventory** is a YAML file named {}, or any YAML file whose top-level
mapping has the key `aisrm`. A **design document** is a Markdown file with
```` ```aisrm ```` blocks or with a component link into an inventory (see
[Design documents](#design-documents)); other Markdown is not aisrm's. A
**framework file** is a custom framework that an inventory names by its
relative path (see [Custom frameworks](#custom-frameworks)).

A minimal inventory:

```yaml
aisrm: 1
system:
  name: Acme support platform
  owner: platform-team
components:
  support-bot:
    deployment: saas-ai
    responsibilities:
      data-privacy:
        status: implemented
```

Component ids and domain ids are lowercase letters, digits and `-`.
",
        names.join(", ")
    );
}

fn inventory_keys(out: &mut String) {
    out.push_str("\n## Inventory keys\n");
    for table in format::tables() {
        match table.path {
            "" => out.push_str("\n### Top level\n\n"),
            path => {
                let _ = write!(out, "\n### `{path}`\n\n");
            }
        }
        out.push_str("| key | holds | required | meaning | example |\n|---|---|---|---|---|\n");
        for key in &table.keys {
            key_row(out, key);
        }
    }
}

fn key_row(out: &mut String, key: &KeyDef) {
    let example = if key.example.is_empty() {
        String::new()
    } else {
        format!("`{}`", key.example)
    };
    let _ = writeln!(
        out,
        "| `{}` | {} | {} | {} | {} |",
        key.name,
        key.shape.describe(),
        yes_no(key.required),
        cell(key.description),
        example
    );
}

fn yes_no(required: bool) -> &'static str {
    if required { "yes" } else { "no" }
}

/// Text fit for a table cell.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn values(out: &mut String) {
    out.push_str("\n## Values\n\n### `status:`\n\n| status | meaning |\n|---|---|\n");
    for status in format::Status::ALL {
        let _ = writeln!(out, "| `{}` | {} |", status.id(), status.meaning());
    }
    out.push_str(
        "\n### `ownership:` and the matrix levels\n\n\
         `ownership:` takes one of `provider`, `customer` or `shared`; the\n\
         matrix cells of a framework hold these and the levels below.\n\
         Display names differ per framework:\n\n",
    );
    let builtins = framework::builtins();
    let header: Vec<String> = builtins.iter().map(|f| format!("`{}`", f.id)).collect();
    let _ = writeln!(out, "| level | {} |", header.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(builtins.len()));
    for kind in LevelKind::ALL {
        let names: Vec<String> = builtins
            .iter()
            .map(|f| f.level(kind).map_or("—".into(), |l| cell(&l.name)))
            .collect();
        let _ = writeln!(out, "| `{}` | {} |", kind.id(), names.join(" | "));
    }
}

fn design_docs(out: &mut String) {
    out.push_str(
        "
## Design documents

A Markdown file declares components in fenced blocks whose info string
starts with `aisrm` (```` ```aisrm ```` or `~~~aisrm`). Each block holds
components in the shape of an inventory's `components` mapping (ids as
keys, the keys of [`components.<id>`](#componentsid) below them). Blocks
inside block quotes and lists count; indented code blocks are not fences.

An entry with `extends:` does not declare a component: it adds
responsibility entries to one an inventory declares. Its value is a
component link, `path#id`, resolved against the document's folder as a
Markdown link is, and its key is that id. It holds `responsibilities`
and may repeat `deployment` (equal to the declaration's); every other key
of the component stays with the declaration (`extension-key`). The
component is analysed, shown (hover, inlay hints, lenses, references) and
reported once, with every entry where it is written; the extension's
entries are checked against the declaration's framework and deployment
model. Another `owner`, `ownership` or `status` for a domain the
declaration or another extension already writes, or another
`deployment`, is `extension-conflict` at both places. Any number of
design documents may extend one component; a design document's entry
without `extends:` that reuses an inventory's id is `duplicate-component`.

A design document chooses its framework in its YAML front matter with
`aisrm-framework:` (a built-in id, or a framework file relative to the
document); without it, it uses the default framework (`aisrm`, or the
project's or editor's framework setting). An extension is always checked
against the framework of the inventory it extends; a document that
chooses another one gets `extension-conflict` at the `extends:`.

````markdown
---
title: Knowledge base search
aisrm-framework: aisrm
---
```aisrm
kb-rag-service:
  deployment: paas-ai
  owner: search-team
support-bot:
  extends: ai-inventory.yaml#support-bot
  responsibilities:
    user-access-control:
      owner: iam-team
```
````

A link `[text](inventory.yaml#component-id)` refers to a component declared
in that file; a link to a Markdown file counts as a component link when its
fragment is a declared component id (otherwise it is a heading link). A
Markdown file without blocks whose links name components of a file named as
an inventory (`[the agent](../ai-inventory.yaml#ticket-agent)`) is a design
document too: its links are checked.
",
    );
}

fn builtin_framework(out: &mut String, fw: &Framework) {
    let _ = write!(
        out,
        "\n## Framework `{}`: {}\n\n`framework: {}`",
        fw.id, fw.name, fw.id
    );
    if fw.id == framework::BUILTIN_IDS[0] {
        out.push_str(" (the default)");
    }
    let _ = writeln!(
        out,
        ". {} deployment models, {} domains.",
        fw.models.len(),
        fw.domains.len()
    );
    let _ = write!(
        out,
        "\n### Deployment models of `{}` (`deployment:`)\n\n| id | name | short name |\n|---|---|---|\n",
        fw.id
    );
    for m in &fw.models {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            m.id,
            cell(&m.name),
            cell(&m.short_name)
        );
    }
    let _ = write!(
        out,
        "\n### Domains of `{}` (keys of `responsibilities:`)\n\n| id | name | AI-specific |\n|---|---|---|\n",
        fw.id
    );
    for d in &fw.domains {
        let number = d.number.map_or(String::new(), |n| format!("{n}. "));
        let _ = writeln!(
            out,
            "| `{}` | {number}{} | {} |",
            d.id,
            cell(&d.name),
            yes_no(d.ai_specific)
        );
    }
}

fn holds_text(holds: Holds) -> String {
    match holds {
        Holds::Text => "text".into(),
        Holds::Id => "id".into(),
        Holds::Level => "level id".into(),
        Holds::Boolean => "`true` or `false`".into(),
        Holds::Number => "whole number".into(),
        Holds::Texts => "list of text".into(),
        Holds::Mapping(t) => format!("mapping: [{}](#{})", t.title, anchor(t)),
        Holds::List(t) => format!("list of [{}](#{})", t.title, anchor(t)),
        Holds::Matrix => "domain id → model id → level id".into(),
    }
}

/// The GitHub anchor of a table's heading (`framework-file-deployment-model`).
fn anchor(table: &Table) -> String {
    format!(
        "framework-file-{}",
        table.title.to_lowercase().replace(' ', "-")
    )
}

fn framework_keys(out: &mut String) {
    out.push_str(
        "
## Custom frameworks

`framework: path/to/framework.yaml` (relative to the inventory, inside the
workspace) uses a framework file in the same format as the built-in ones
([schemas/frameworks](../schemas/frameworks); a small example is
[examples/custom-framework](../examples/custom-framework)). Its keys:
",
    );
    for table in keys::TABLES {
        let _ = write!(
            out,
            "\n### Framework file: {}\n\n| key | holds | required | meaning |\n|---|---|---|---|\n",
            table.title
        );
        for field in table.fields {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                field.name,
                holds_text(field.holds),
                yes_no(field.required),
                cell(field.description)
            );
        }
    }
}
