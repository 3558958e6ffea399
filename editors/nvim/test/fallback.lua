-- The Neovim 0.10 code path (vim.lsp.start from a FileType autocommand),
-- exercised on the installed Neovim with the `_legacy_start` test switch:
--
--   nvim --headless --clean -l editors/nvim/test/fallback.lua
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')
local bin, plugin_dir = h.bin, h.plugin_dir
local ws = h.workspace('fallback')
-- YAML that is not an inventory, with no inventory above it.
local plain = vim.fn.tempname() .. '-aisrm-nvim-plain'
vim.fn.mkdir(plain, 'p')
vim.fn.writefile({ 'services:', '  web: {}' }, plain .. '/other.yaml')

vim.opt.rtp:prepend(plugin_dir)
vim.cmd('filetype on')
local aisrm = require('aisrm')
aisrm.setup({ cmd = { bin, 'lsp' }, _legacy_start = true })

local t = h.checks('nvim-fallback')
local check = t.check

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

vim.cmd.edit(plain .. '/other.yaml')
vim.wait(300)
check('no client for other.yaml (no inventory above it)', aisrm.client(vim.api.nvim_get_current_buf()) == nil)

for _, c in ipairs(vim.lsp.get_clients({ name = 'aisrm' })) do
  c:stop()
end
vim.fn.delete(ws, 'rf')
t.finish()
