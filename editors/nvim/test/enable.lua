-- Neovim 0.11's own convention, no setup(): the plugin on the runtime path,
-- `aisrm` on PATH, `vim.lsp.config('aisrm', {...})` for a setting and
-- `vim.lsp.enable('aisrm')`. Also: diagnostics are pushed with Neovim's own
-- capabilities (the server's fallback, no client-side workaround), and the
-- built-in completion expands the server's snippets when the plugin's
-- `completion` option is on.
--
--   nvim --headless --clean -l editors/nvim/test/enable.lua
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')
local bin, plugin_dir = h.bin, h.plugin_dir
local ws = h.workspace('enable')
-- YAML that is not an inventory, with no inventory above it.
local plain = vim.fn.tempname() .. '-aisrm-nvim-plain'
vim.fn.mkdir(plain, 'p')
-- `aisrm` on PATH, as the default command expects.
local bindir = vim.fn.tempname() .. '-bin'
vim.fn.mkdir(bindir, 'p')
vim.uv.fs_symlink(bin, bindir .. '/aisrm')
vim.env.PATH = bindir .. ':' .. vim.env.PATH

vim.opt.rtp:prepend(plugin_dir)
vim.cmd('filetype on')

local t = h.checks('nvim-enable')
local check = t.check

vim.lsp.config('aisrm', {
  settings = { aisrm = { diagnostics = { severity = { ['status-gap'] = 'hint' } } } },
})
vim.lsp.enable('aisrm')
local cfg = vim.lsp.config.aisrm
check('lsp/aisrm.lua is found on the runtime path', cfg and cfg.cmd and cfg.cmd[1] == 'aisrm', vim.inspect(cfg and cfg.cmd))
check('the user setting is merged into it', vim.tbl_get(cfg or {}, 'settings', 'aisrm', 'diagnostics', 'severity', 'status-gap') == 'hint')

vim.cmd.edit(ws .. '/ai-inventory.yaml')
local inv = vim.api.nvim_get_current_buf()
local client
vim.wait(10000, function()
  client = vim.lsp.get_clients({ bufnr = inv, name = 'aisrm' })[1]
  return client ~= nil and client.initialized
end, 20)
check('vim.lsp.enable attaches to the inventory', client ~= nil)
check('root is the workspace', client and client.root_dir == ws, client and client.root_dir)
check(
  "the client keeps Neovim's pull-diagnostics capability",
  client and type(vim.tbl_get(client.capabilities, 'textDocument', 'diagnostic')) == 'table'
)
check(
  'the server does not offer pull diagnostics to a client that cannot be asked to re-pull',
  client and client.server_capabilities.diagnosticProvider == nil
)
local gap
vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(inv)) do
    if d.code == 'status-gap' then
      gap = d
      return true
    end
  end
  return false
end, 20)
check('diagnostics are pushed', gap ~= nil)
check(
  'the setting reached the server (status-gap as a hint)',
  gap and gap.severity == vim.diagnostic.severity.HINT,
  gap and gap.severity
)
check('inlay hints enabled on attach', vim.lsp.inlay_hint.is_enabled({ bufnr = inv }))
check(
  'built-in completion is off by default',
  #vim.api.nvim_get_autocmds({ event = 'CompleteDone', buffer = inv }) == 0
)

vim.cmd.edit(ws .. '/docs/retrieval-design.md')
local md = vim.api.nvim_get_current_buf()
vim.wait(5000, function()
  return vim.lsp.get_clients({ bufnr = md, name = 'aisrm' })[1] ~= nil
end, 20)
local md_client = vim.lsp.get_clients({ bufnr = md, name = 'aisrm' })[1]
check('the same client serves the design doc', md_client and client and md_client.id == client.id)

vim.fn.writefile({ 'services:', '  web: {}' }, plain .. '/other.yaml')
vim.cmd.edit(plain .. '/other.yaml')
vim.wait(300)
check('no client for other.yaml (no inventory above it)', vim.lsp.get_clients({ bufnr = 0, name = 'aisrm' })[1] == nil)

-- The `completion` option, through setup() (a thin layer over the same
-- configuration): accepting the `new component` item expands its snippet.
for _, c in ipairs(vim.lsp.get_clients({ name = 'aisrm' })) do
  c:stop(true)
end
vim.wait(3000, function()
  return #vim.lsp.get_clients({ name = 'aisrm' }) == 0
end, 20)
vim.cmd('silent %bwipeout!')
vim.fn.writefile({ 'aisrm: 1', 'components:', '  ', '' }, ws .. '/new.aisrm.yaml')
require('aisrm').setup({ completion = true })
vim.cmd.edit(ws .. '/new.aisrm.yaml')
local buf = vim.api.nvim_get_current_buf()
vim.wait(10000, function()
  client = vim.lsp.get_clients({ bufnr = buf, name = 'aisrm' })[1]
  return client ~= nil and client.initialized
end, 20)
check('setup({ completion = true }) enables vim.lsp.completion', #vim.api.nvim_get_autocmds({ event = 'CompleteDone', buffer = buf }) > 0)
-- Insert mode, for real: `A`, then (inside Insert mode) ask for completion,
-- wait for the menu, select the item and accept it, then <Esc>.
vim.api.nvim_win_set_cursor(0, { 3, 2 })
local function termcodes(k)
  return vim.api.nvim_replace_termcodes(k, true, false, true)
end
local items, index = {}, nil
function _G.aisrm_test_pick()
  vim.lsp.completion.get()
  vim.wait(5000, function()
    items = vim.fn.complete_info({ 'items' }).items or {}
    return #items > 0
  end, 20)
  for i, item in ipairs(items) do
    if item.word == 'new component' or item.abbr == 'new component' then
      index = i
    end
  end
  if index then
    vim.api.nvim_select_popupmenu_item(index - 1, false, false, {})
    -- <C-y> in front of the pending <Esc>.
    vim.api.nvim_feedkeys(termcodes('<C-y>'), 'in', false)
  end
end
vim.api.nvim_feedkeys(termcodes('A<Cmd>lua aisrm_test_pick()<CR><Esc>'), 'xt', false)
vim.wait(300)
check('the new-component item is offered', index ~= nil, #items .. ' items')
local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
check(
  'accepting it expands the snippet (no placeholder syntax left)',
  text:find('deployment:', 1, true) and not text:find('${', 1, true) and not text:find('new component', 1, true),
  text
)

for _, c in ipairs(vim.lsp.get_clients({ name = 'aisrm' })) do
  c:stop(true)
end
vim.fn.delete(ws, 'rf')
vim.fn.delete(bindir, 'rf')
t.finish()
