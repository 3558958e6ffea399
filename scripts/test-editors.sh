#!/usr/bin/env bash
# Editor tests, end to end in the real editors:
#   1. VS Code extension: type check + unit tests (node --test)
#   2. VS Code extension: package the .vsix, then the end-to-end test in
#      code-server 4.100.3 (VS Code 1.100.3) driven by headless Chromium
#   3. Neovim 0.11.4: headless end-to-end test of the Lua plugin (and of
#      its Neovim 0.10 code path), and no server outliving Neovim
#   4. Emacs 28 + eglot: batch test of the README configuration
# against target/debug/aisrm (or $AISRM_BIN).
#
# First installs what they need (scripts/install-editor-test-deps.sh,
# idempotent; AISRM_NO_INSTALL=1 skips that). AISRM_SKIP_EMACS=1 skips the
# Emacs test. Exits non-zero if any step fails.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

if [ "${AISRM_NO_INSTALL:-}" != 1 ]; then
  bash scripts/install-editor-test-deps.sh || { echo "test-editors: installing the test dependencies failed" >&2; exit 1; }
fi

# pip's script folder (the Neovim wheel's `nvim`), in case it is not on PATH.
PATH="$PATH:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null)"

if [ -z "${AISRM_BIN:-}" ]; then
  AISRM_BIN=$repo/target/debug/aisrm
  if [ ! -x "$AISRM_BIN" ]; then
    echo "test-editors: $AISRM_BIN missing: cargo build -p aisrm" >&2
    cargo build -p aisrm || exit 1
  fi
fi
[ -x "$AISRM_BIN" ] || { echo "test-editors: AISRM_BIN=$AISRM_BIN is not executable" >&2; exit 1; }
export AISRM_BIN
export CODE_SERVER=${CODE_SERVER:-${AISRM_EDITOR_DEPS:-$repo/target/editor-test-deps}/code-server/node_modules/.bin/code-server}

passed=0
failed=0
failed_steps=()
step() {
  local name=$1
  shift
  local start=$SECONDS
  printf '\n=== %s\n' "$name"
  if "$@"; then
    passed=$((passed + 1))
    printf '=== %s: ok (%ds)\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1))
    failed_steps+=("$name")
    printf '=== %s: FAILED (%ds)\n' "$name" $((SECONDS - start))
  fi
}

vscode_unit() {
  (cd editors/vscode && npm run --silent typecheck && npm run --silent test:unit)
}
vscode_package() {
  (cd editors/vscode && npm run --silent test:package)
}
vscode_e2e() {
  (cd editors/vscode && npm run --silent package >/dev/null && node test/e2e/run.mjs)
}
nvim_e2e() {
  nvim --headless --clean -l editors/nvim/test/e2e.lua &&
    nvim --headless --clean -l editors/nvim/test/enable.lua &&
    nvim --headless --clean -l editors/nvim/test/fallback.lua &&
    nvim --headless --clean -l editors/nvim/test/discovery_files.lua &&
    bash editors/nvim/test/packpath.sh &&
    bash editors/nvim/test/lifecycle.sh
}
emacs_eglot() {
  emacs -Q --batch -l editors/emacs/test/eglot-test.el 2>&1 | grep -v '^\[\(eglot\|jsonrpc\)\]'
  return "${PIPESTATUS[0]}"
}

step "VS Code extension: unit tests" vscode_unit
step "VS Code: plain vsce package builds the extension" vscode_package
step "VS Code: end-to-end in code-server + Chromium" vscode_e2e
step "Neovim: end-to-end (headless)" nvim_e2e
if [ "${AISRM_SKIP_EMACS:-}" = 1 ]; then
  echo "=== Emacs eglot: skipped (AISRM_SKIP_EMACS=1)"
else
  step "Emacs eglot: batch test" emacs_eglot
fi

echo
if [ "$failed" -gt 0 ]; then
  printf 'test-editors: failed: %s\n' "${failed_steps[*]}"
fi
echo "test-editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
