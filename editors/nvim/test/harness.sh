# What the shell-driven Neovim tests share (sourced, not run): where the
# plugin, the repository and the server binary are (AISRM_BIN overrides
# the default), a temporary folder removed on exit, and in it `ws`, a
# copy of the examples. The Lua tests' counterpart is harness.lua.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
plugin=$(dirname "$here")
repo=$(cd "$plugin/../.." && pwd)
bin=$(realpath "${AISRM_BIN:-$repo/target/debug/aisrm}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ws"
cp -R "$repo/examples/." "$tmp/ws/"
