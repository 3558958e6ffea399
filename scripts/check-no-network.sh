#!/usr/bin/env bash
# Optional check (not part of scripts/test.sh; needs strace, Debian
# package `strace`): runs `aisrm check` and a scripted `aisrm lsp` session
# (initialize on examples/, open, hover, code actions, rename, shutdown,
# exit) under `strace -f` and fails if either creates a network socket or
# opens any file for writing. Usage: bash scripts/check-no-network.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v strace >/dev/null || { echo "strace is not installed (apt-get install strace)"; exit 2; }
cargo build --locked -q -p aisrm
bin="$PWD/target/debug/aisrm"
ws="$PWD/examples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$ws" >"$tmp/session" <<'PY'
import json, sys, pathlib
ws = pathlib.Path(sys.argv[1]).resolve()
uri = ws.as_uri()
inv = (ws / "ai-inventory.yaml")
text = inv.read_text()
doc = inv.as_uri()
at = text.index("deployment:") + len("deployment: ")
line = text[:at].count("\n"); col = at - (text.rfind("\n", 0, at) + 1)
pos = {"line": line, "character": col}
msgs = [
    {"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": uri, "capabilities": {}, "workspaceFolders": [{"uri": uri, "name": "ws"}]}},
    {"method": "initialized", "params": {}},
    {"method": "textDocument/didOpen", "params": {"textDocument": {"uri": doc, "languageId": "yaml", "version": 1, "text": text}}},
    {"id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": doc}, "position": pos}},
    {"id": 3, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": doc}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}}, "context": {"diagnostics": []}}},
    {"id": 4, "method": "textDocument/rename", "params": {"textDocument": {"uri": doc}, "position": pos, "newName": "x"}},
    {"id": 5, "method": "shutdown"},
    {"method": "exit"},
]
out = sys.stdout.buffer
for m in msgs:
    m["jsonrpc"] = "2.0"
    body = json.dumps(m).encode()
    out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
PY

syscalls=socket,socketpair,connect,bind,listen,accept,accept4,sendto,sendmsg,openat,open,creat
strace -f -qq -e trace=$syscalls -o "$tmp/check.trace" "$bin" check "$ws" >/dev/null || true
strace -f -qq -e trace=$syscalls -o "$tmp/lsp.trace" "$bin" lsp <"$tmp/session" >"$tmp/lsp.out" || echo "note: aisrm lsp exited with $? (shutdown and exit are pipelined here)"
grep -q '"id":5' "$tmp/lsp.out" || { echo "the LSP session did not complete"; cat "$tmp/lsp.out"; exit 1; }

fail=0
for t in check lsp; do
  if grep -E 'socket\(AF_INET|socket\(AF_INET6|connect\(|bind\(|listen\(|sendto\(|sendmsg\(' "$tmp/$t.trace"; then
    echo "aisrm $t opened a network connection"; fail=1
  fi
  if grep -E '(open|openat|creat)\(.*(O_WRONLY|O_RDWR|O_CREAT)' "$tmp/$t.trace" | grep -v '/dev/null'; then
    echo "aisrm $t opened a file for writing"; fail=1
  fi
done
[ $fail = 0 ] && echo "no network syscalls and no file opened for writing (aisrm check, aisrm lsp)"
exit $fail
