-- The Neovim 0.10 code path (vim.lsp.start from a FileType autocommand),
-- exercised on the installed Neovim with the `_legacy_start` test switch:
--
--   nvim --headless --clean -l editors/nvim/test/fallback.lua
local script = debug.getinfo(1, 'S').source:sub(2)
local plugin_dir = vim.fn.fnamemodify(script, ':p:h:h')
local repo = vim.fn.fnamemodify(plugin_dir, ':h:h')
local bin = vim.fn.fnamemodify(os.getenv('AISRM_BIN') or (repo .. '/target/debug/aisrm'), ':p')
local examples = vim.fn.fnamemodify(os.getenv('AISRM_EXAMPLES') or (repo .. '/examples'), ':p'):gsub('/$', '')
local function out(s)
  io.stdout:write(s .. '\n')
end

local ws = vim.fn.tempname() .. '-aisrm-nvim-fallback'
vim.fn.mkdir(ws, 'p')
vim.system({ 'cp', '-R', examples .. '/.', ws }):wait()
vim.fn.writefile({ 'services:', '  web: {}' }, ws .. '/other.yaml')

vim.opt.rtp:prepend(plugin_dir)
vim.cmd('filetype on')
local aisrm = require('aisrm')
aisrm.setup({ cmd = { bin, 'lsp' }, _legacy_start = true })

local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out('ok   ' .. name)
  else
    failed = failed + 1
    out('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
end

check('not registered through vim.lsp.config', vim.lsp.config._configs == nil or vim.lsp.config._configs.aisrm == nil)

vim.cmd.edit(ws .. '/ai-inventory.yaml')
local inv = vim.api.nvim_get_current_buf()
local client
vim.wait(10000, function()
  client = aisrm.client(inv)
  return client ~= nil and client.initialized
end, 20)
check('vim.lsp.start attaches to the inventory', client ~= nil)
check('root is the workspace', client and client.root_dir == vim.uv.fs_realpath(ws), client and client.root_dir)
local gap = vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(inv)) do
    if d.code == 'status-gap' then
      return true
    end
  end
  return false
end, 20)
check('status-gap diagnostic arrives', gap)
check('inlay hints enabled', vim.lsp.inlay_hint.is_enabled({ bufnr = inv }))

vim.cmd.edit(ws .. '/docs/retrieval-design.md')
local md = vim.api.nvim_get_current_buf()
vim.wait(5000, function()
  return aisrm.client(md) ~= nil
end, 20)
check('the same client serves the design doc', aisrm.client(md) ~= nil and aisrm.client(md).id == (client and client.id))

vim.cmd.edit(ws .. '/other.yaml')
vim.wait(300)
check('no client for other.yaml', aisrm.client(vim.api.nvim_get_current_buf()) == nil)

for _, c in ipairs(vim.lsp.get_clients({ name = 'aisrm' })) do
  c:stop()
end
vim.fn.delete(ws, 'rf')
out(string.format('nvim-fallback: %d passed, %d failed', passed, failed))
os.exit(failed > 0 and 1 or 0)
