//! `aisrm matrix`: a framework's whole matrix as a table, Markdown or JSON.

use std::path::PathBuf;

use aisrm_core::framework::{self, Framework};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    /// A built-in framework id (aisrm, microsoft-ai) or a framework file.
    #[arg(long, default_value = "aisrm")]
    framework: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Markdown,
    Json,
}

/// A built-in framework, or one read from a file path.
pub fn load(spec: &str) -> Result<Framework, String> {
    if let Some(f) = framework::builtin(spec) {
        return Ok(f.clone());
    }
    let path = PathBuf::from(spec);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "`{spec}` is neither a built-in framework ({}) nor a readable file: {e}",
            framework::BUILTIN_IDS.join(", ")
        )
    })?;
    match Framework::parse(&text, &path) {
        (Some(f), _) => Ok(f),
        (None, findings) => Err(format!(
            "{spec} is not a valid framework file ({} finding(s); run `aisrm check {spec}`)",
            findings.len()
        )),
    }
}

pub fn run(args: &Args) -> u8 {
    let fw = match load(&args.framework) {
        Ok(f) => f,
        Err(e) => return crate::fail(e),
    };
    let text = match args.format {
        Format::Table => table(&fw),
        Format::Markdown => markdown(&fw),
        Format::Json => json(&fw),
    };
    crate::print_and_exit(&text)
}

fn cell_text(fw: &Framework, model: &str, domain: &str) -> String {
    fw.cell(model, domain).map_or_else(String::new, |c| {
        let name = fw.level_name(c.level).to_string();
        if c.critical { format!("{name}*") } else { name }
    })
}

/// Rows are domains (display name, then id), columns models (display
/// name over id).
fn table(fw: &Framework) -> String {
    let name_width = column_width(fw.domains.iter().map(|d| d.name.as_str()), "Domain");
    let id_width = column_width(fw.domains.iter().map(|d| d.id.as_str()), "id");
    let widths: Vec<usize> = fw
        .models
        .iter()
        .map(|m| {
            let cells: Vec<String> = fw
                .domains
                .iter()
                .map(|d| cell_text(fw, &m.id, &d.id))
                .collect();
            let texts = cells.iter().map(String::as_str).chain([m.id.as_str()]);
            column_width(texts, &m.short_name)
        })
        .collect();
    let mut out = format!("{} ({})\n", fw.name, fw.id);
    let mut line = |first: &str, second: &str, cells: Vec<String>| {
        let mut text = format!("{first:name_width$}  {second:id_width$}");
        for (cell, w) in cells.iter().zip(&widths) {
            text.push_str(&format!("  {cell:w$}"));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(
        "Domain",
        "id",
        fw.models.iter().map(|m| m.short_name.clone()).collect(),
    );
    line("", "", fw.models.iter().map(|m| m.id.clone()).collect());
    for d in &fw.domains {
        let cells = fw
            .models
            .iter()
            .map(|m| cell_text(fw, &m.id, &d.id))
            .collect();
        line(&d.name, &d.id, cells);
    }
    out.push_str("* = critical focus area\n");
    out
}

/// The widest of `texts` and `header`, in characters.
fn column_width<'a>(texts: impl Iterator<Item = &'a str>, header: &'a str) -> usize {
    texts
        .chain([header])
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
}

/// "SaaS (`saas`)": a display name with its id, for Markdown.
fn named(name: &str, id: &str) -> String {
    format!("{name} (`{id}`)")
}

fn markdown(fw: &Framework) -> String {
    let mut out = format!("## {}\n\n| Domain |", named(&fw.name, &fw.id));
    for m in &fw.models {
        out.push_str(&format!(" {} |", named(&m.short_name, &m.id)));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(fw.models.len()));
    out.push('\n');
    for d in &fw.domains {
        out.push_str(&format!("| {} |", named(&d.name, &d.id)));
        for m in &fw.models {
            out.push_str(&format!(
                " {} |",
                cell_text(fw, &m.id, &d.id).replace('*', "\\*")
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "\n\\* critical focus area. Source: [{}]({})\n",
        fw.source.title, fw.source.url
    ));
    out
}

fn json(fw: &Framework) -> String {
    let cells: Vec<_> = fw
        .models
        .iter()
        .flat_map(|m| {
            fw.domains.iter().filter_map(move |d| {
                let c = fw.cell(&m.id, &d.id)?;
                Some(json!({"model": m.id, "domain": d.id, "level": c.level.id(), "critical": c.critical}))
            })
        })
        .collect();
    let value = json!({"framework": fw.id, "cells": cells});
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
