#!/usr/bin/env bash
# No `aisrm lsp` outlives Neovim. Neovim (libuv) gives the server a socket
# pair for stdin/stdout; it is ended here each way a user ends it: `:qa`,
# `:qa!` over a modified buffer, and `os.exit()` (which does not wait for
# the language server at all), each right after the diagnostics arrived,
# so the server is still busy with its start (indexing, waiting for the
# answers to its own requests). The server's process must be gone within
# 2 s of Neovim's.
source "$(dirname "$0")/harness.sh"

cat > "$tmp/end.lua" <<'LUA'
-- arg: plugin dir, server binary, workspace, how to end, pid file
local plugin, bin, ws, how, pidfile = unpack(arg)
vim.opt.rtp:prepend(plugin)
vim.cmd('filetype on')
vim.cmd('runtime! plugin/aisrm.lua')
require('aisrm').setup({ cmd = { bin, 'lsp' } })
vim.cmd.edit(ws .. '/ai-inventory.yaml')
local buf = vim.api.nvim_get_current_buf()
local diagnostics = vim.wait(10000, function()
  return #vim.diagnostic.get(buf) > 0
end, 20)
-- The server: a child of this Neovim running the binary.
local servers = {}
for _, pid in ipairs(vim.api.nvim_get_proc_children(vim.fn.getpid())) do
  if vim.uv.fs_realpath('/proc/' .. pid .. '/exe') == bin then
    servers[#servers + 1] = tostring(pid)
  end
end
vim.fn.writefile(servers, pidfile)
if not diagnostics or #servers ~= 1 then
  io.stderr:write(('no diagnostics or not one server (%d)\n'):format(#servers))
  os.exit(3)
end
if how == 'os.exit' then
  os.exit(0)
elseif how == 'qa!' then
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '# unsaved' })
  vim.cmd('qa!')
else
  vim.cmd('qa')
end
LUA

# Whether pid still runs (an orphan that ended but is not reaped is gone).
running() {
  local state
  state=$(awk '{ sub(/.*\) /, ""); print substr($0, 1, 1) }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

passed=0
failed=0
for how in qa 'qa!' os.exit; do
  status=0
  timeout 60 nvim --headless --clean -l "$tmp/end.lua" "$plugin" "$bin" "$tmp/ws" "$how" "$tmp/pid" || status=$?
  pid=$(cat "$tmp/pid" 2>/dev/null || true)
  if [ "$status" -ne 0 ] || [ -z "$pid" ]; then
    echo "nvim-lifecycle: FAIL $how: Neovim exited with $status, server pid '${pid}'"
    failed=$((failed + 1))
    continue
  fi
  for _ in $(seq 40); do
    running "$pid" || break
    sleep 0.05
  done
  if running "$pid"; then
    echo "nvim-lifecycle: FAIL $how: aisrm lsp (pid $pid) outlived Neovim by 2 s"
    kill -9 "$pid" 2>/dev/null || true
    failed=$((failed + 1))
  else
    echo "nvim-lifecycle: ok   $how: no aisrm lsp left"
    passed=$((passed + 1))
  fi
done
echo "nvim-lifecycle: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
