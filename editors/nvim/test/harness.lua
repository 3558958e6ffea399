-- What the headless Neovim tests share, once: where the plugin, the server
-- and the examples are (AISRM_BIN, AISRM_EXAMPLES override the defaults),
-- a temporary copy of the examples to work in, and counting checks.
--
--   local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')
local M = {}

local here = debug.getinfo(1, 'S').source:sub(2)
M.plugin_dir = vim.fn.fnamemodify(here, ':p:h:h')
M.repo = vim.fn.fnamemodify(M.plugin_dir, ':h:h')
M.bin = vim.fn.fnamemodify(os.getenv('AISRM_BIN') or (M.repo .. '/target/debug/aisrm'), ':p')
M.examples = (vim.fn.fnamemodify(os.getenv('AISRM_EXAMPLES') or (M.repo .. '/examples'), ':p'):gsub('/$', ''))

function M.out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

-- A fresh copy of the examples in a temporary folder named after `name`;
-- its real path (symlinks resolved), as the server reports paths.
function M.workspace(name)
  local ws = vim.fn.tempname() .. '-aisrm-nvim-' .. name
  vim.fn.mkdir(ws, 'p')
  local cp = vim.system({ 'cp', '-R', M.examples .. '/.', ws }):wait()
  assert(cp.code == 0, 'copying the examples failed: ' .. (cp.stderr or ''))
  return vim.uv.fs_realpath(ws)
end

-- Counts checks: `check(name, ok, detail)` prints `ok` or `FAIL` with the
-- detail; `finish()` prints `<name>: N passed, M failed` and exits 1 when
-- any failed.
function M.checks(name)
  local passed, failed = 0, 0
  local t = {}
  function t.check(what, ok, detail)
    if ok then
      passed = passed + 1
      M.out('ok   ' .. what)
    else
      failed = failed + 1
      M.out('FAIL ' .. what .. (detail and (': ' .. tostring(detail)) or ''))
    end
  end
  function t.finish()
    M.out(string.format('%s: %d passed, %d failed', name, passed, failed))
    os.exit(failed > 0 and 1 or 0)
  end
  return t
end

return M
