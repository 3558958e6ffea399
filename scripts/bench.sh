#!/usr/bin/env bash
# The LSP benchmark: aisrm vs yaml-language-server on generated workspaces
# (100, 1,000 and 10,000 components; a 1,000-file workspace), printed as a
# side-by-side table with ratios. docs/performance.md records a run.
#
#   scripts/bench.sh                      # everything (about 15 minutes)
#   scripts/bench.sh --sizes 1000 --edits 50   # extra flags go to lsp-bench run
#
# Installs yaml-language-server (pinned in bench/package.json) into
# bench/node_modules when missing, builds aisrm and the harness in release
# mode, and writes the table to target/bench/table.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f bench/node_modules/yaml-language-server/bin/yaml-language-server ]; then
  echo "lsp-bench: installing yaml-language-server into bench/node_modules" >&2
  (cd bench && npm ci --no-audit --no-fund)
fi

cargo build --release --locked -p aisrm -p aisrm-bench
mkdir -p target/bench
exec target/release/lsp-bench run \
  --aisrm target/release/aisrm \
  --yaml-ls bench/node_modules/yaml-language-server/bin/yaml-language-server \
  --schema schemas/aisrm-inventory.schema.json \
  --work target/bench/work \
  --out target/bench/table.md \
  "$@"
