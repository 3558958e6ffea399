#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain. Idempotent;
# on a fresh machine of this project's kind it takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f scripts/install-editor-test-deps.sh ]; then
  bash scripts/install-editor-test-deps.sh
fi
