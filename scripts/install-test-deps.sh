#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain. Idempotent;
# on a fresh machine of this project's kind it takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# scripts/test-action.py: curl downloads the (local) release archive.
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The SARIF 2.1.0 JSON schema, as Microsoft's SARIF jest matchers ship it
# (the SARIF test validates `aisrm check --format sarif` against it).
sarif_schema=target/test-deps/sarif-schema-2.1.0.json
if [ ! -s "$sarif_schema" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null && tar xzf ./*.tgz)
  mkdir -p target/test-deps
  cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$sarif_schema"
  rm -rf "$tmp"
fi

# PyYAML: scripts/test-action.py reads action.yml and docs/aisrm.yml.
python3 -c 'import yaml' 2>/dev/null ||
  python3 -m pip install -q --disable-pip-version-check pyyaml

# The consumers that judge `aisrm export` (server/cli/tests/interop.rs):
# cyclonedx-python-lib ships the official CycloneDX JSON schemas and parses
# BOMs; compliance-trestle imports and validates OSCAL.
interop_venv=target/test-deps/interop-venv
if ! "$interop_venv/bin/python" -c 'import cyclonedx.validation.json, jsonschema, trestle' >/dev/null 2>&1 \
  || ! [ -x "$interop_venv/bin/trestle" ]; then
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  fi
  rm -rf "$interop_venv"
  python3 -m venv "$interop_venv"
  "$interop_venv/bin/pip" install -q --disable-pip-version-check \
    'cyclonedx-python-lib[json-validation]>=11,<12' 'compliance-trestle>=5.2,<6'
fi

# pre-commit runs the `aisrm-check` hook of .pre-commit-hooks.yaml on real
# commits (server/cli/tests/pre_commit.rs).
pre_commit_venv=target/test-deps/pre-commit-venv
if ! [ -x "$pre_commit_venv/bin/pre-commit" ]; then
  rm -rf "$pre_commit_venv"
  python3 -m venv "$pre_commit_venv"
  "$pre_commit_venv/bin/pip" install -q --disable-pip-version-check 'pre-commit>=4,<5'
fi

# yaml-language-server (pinned in bench/package.json): the benchmark's peer
# and scripts/test-schemastore.mjs.
if [ ! -f bench/node_modules/yaml-language-server/bin/yaml-language-server ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ -f scripts/install-editor-test-deps.sh ]; then
  bash scripts/install-editor-test-deps.sh
fi
