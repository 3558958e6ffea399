//! Environment templates (`.env.example` and friends): `NAME=value`
//! lines, `export` allowed. Real `.env` files are read the same way; only
//! variable names are reported, never values.

use crate::discovery::{File, Hits, Need, SignalKind, Signals, Source};
use crate::text::TextRange;

pub struct EnvTemplates;

fn is_env_file(name: &str) -> bool {
    name == ".env"
        || name.starts_with(".env.")
        || name.ends_with(".env.example")
        || name == "example.env"
}

impl Source for EnvTemplates {
    fn wants(&self, _rel: &str, name: &str) -> Need {
        if is_env_file(name) {
            Need::Text
        } else {
            Need::Nothing
        }
    }

    fn scan(&self, file: &File, signals: &Signals, out: &mut Hits) {
        let mut offset = 0;
        for line in file.text.split_inclusive('\n') {
            let line_start = offset;
            offset += line.len();
            let trimmed = line.trim_start();
            if trimmed.starts_with('#') {
                continue;
            }
            let body = trimmed.strip_prefix("export ").unwrap_or(trimmed);
            let Some((name, _)) = body.split_once('=') else {
                continue;
            };
            let name = name.trim();
            let start = line_start + (line.len() - body.len());
            for signal in signals.lookup(SignalKind::Env, "", name) {
                out.add(
                    signal,
                    TextRange::new(start, start + name.len()),
                    format!("environment variable `{name}`"),
                );
            }
        }
    }
}
