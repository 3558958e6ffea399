#!/usr/bin/env bash
# Installs aisrm for the action: the release binary for this runner when a
# version is known (input `version`, else the action's tag), else
# `cargo install --locked` from the action's own source. Puts it on
# GITHUB_PATH.
set -euo pipefail

repository=${AISRM_REPOSITORY:-aisrm/aisrm}
# Tests point this at a local folder (file://...).
release_url=${AISRM_RELEASE_URL:-https://github.com/$repository/releases/download}
bin_dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/aisrm-bin

log() { printf 'aisrm install: %s\n' "$*"; }

# The release target of this runner, or nothing when none is built.
target() {
  case "${AISRM_RUNNER_OS:-}/${AISRM_RUNNER_ARCH:-}" in
    Linux/X64) echo x86_64-unknown-linux-gnu ;;
    Linux/ARM64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) echo "" ;;
  esac
}

# `0.1.0` from the input, else from a version tag of the action (`v0.1.0`).
version() {
  local v=${AISRM_VERSION:-}
  if [ -z "$v" ] && [[ ${AISRM_ACTION_REF:-} =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
    v=${AISRM_ACTION_REF#v}
  fi
  echo "${v#v}"
}

from_release() {
  local v=$1 t=$2 archive url tmp
  if [ "$t" = x86_64-pc-windows-msvc ]; then archive=aisrm-$t.zip; else archive=aisrm-$t.tar.gz; fi
  url=$release_url/v$v/$archive
  tmp=$(mktemp -d)
  if ! curl -fsSL --retry 3 -o "$tmp/$archive" "$url"; then
    log "no release binary at $url"
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$bin_dir"
  case "$archive" in
    *.zip) unzip -q -o "$tmp/$archive" -d "$bin_dir" ;;
    *) tar -xzf "$tmp/$archive" -C "$bin_dir" ;;
  esac
  rm -rf "$tmp"
  echo "$bin_dir" >> "$GITHUB_PATH"
  log "installed aisrm $v ($t) from $url"
}

from_source() {
  log "building aisrm from ${AISRM_ACTION_PATH}/server/cli with cargo install --locked"
  cargo install --locked --root "$bin_dir/.." --path "$AISRM_ACTION_PATH/server/cli"
  echo "$bin_dir/../bin" >> "$GITHUB_PATH"
}

main() {
  local v t
  v=$(version)
  t=$(target)
  if [ -n "$v" ] && [ -n "$t" ] && from_release "$v" "$t"; then
    return 0
  fi
  from_source
}

main
