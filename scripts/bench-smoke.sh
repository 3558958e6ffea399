#!/usr/bin/env bash
# A tiny run of the LSP benchmark so that the harness cannot rot: aisrm on
# 30 and 200 components and a 40-file workspace, plus yaml-language-server
# when bench/node_modules has it. Fails when any scenario fails or yields
# nothing (no findings on open, no completion, no hover). Under a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --locked -p aisrm -p aisrm-bench
peer=()
js=bench/node_modules/yaml-language-server/bin/yaml-language-server
if [ -f "$js" ] && command -v node >/dev/null; then
  peer=(--yaml-ls "$js" --peer-seconds 20)
else
  echo "bench-smoke: yaml-language-server not installed (bench/node_modules); aisrm only" >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/debug/lsp-bench run \
  --aisrm target/debug/aisrm \
  "${peer[@]}" \
  --schema schemas/aisrm-inventory.schema.json \
  --sizes 30,200 --edits 10 --requests 5 --files 40 --runs 1 \
  --work "$work" --check
