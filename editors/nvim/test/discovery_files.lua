-- aisrm.nvim attaches to every kind of file discovery reads: one empty file
-- per line of editors/discovery-samples.txt (generated from the server's
-- readers and signal data by server/core/tests/editor_files.rs), each in
-- its own folder of a project with an inventory, opened in real Neovim
-- with the plugin set up the 0.11 way; and to nothing else.
--
--   nvim --headless --clean -l editors/nvim/test/discovery_files.lua
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')

vim.opt.rtp:prepend(h.plugin_dir)
vim.cmd('filetype on')
vim.cmd('runtime! plugin/aisrm.lua')

local t = h.checks('nvim-discovery-files')
local check = t.check

local root = vim.fn.tempname() .. '-aisrm-nvim-discovery'
vim.fn.mkdir(root, 'p')
root = vim.uv.fs_realpath(root)
vim.fn.writefile({ 'aisrm: 1', 'components: {}' }, root .. '/ai-inventory.yaml')

local samples = {}
for line in io.lines(h.repo .. '/editors/discovery-samples.txt') do
  if line ~= '' and not line:match('^#') then
    samples[#samples + 1] = line
  end
end
check('the samples are there', #samples > 50, #samples)

require('aisrm').setup({ cmd = { h.bin, 'lsp' } })

--- Opens `rel` (created empty in folder `n` of the project) and waits for
--- the aisrm client; true when it attached.
local function attaches(n, rel, wait_ms)
  local path = ('%s/%d/%s'):format(root, n, rel)
  vim.fn.mkdir(vim.fs.dirname(path), 'p')
  vim.fn.writefile({}, path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local attached = vim.wait(wait_ms, function()
    return require('aisrm').client(buf) ~= nil
  end, 10)
  return attached, vim.bo[buf].filetype
end

local unattached = {}
for n, rel in ipairs(samples) do
  local ok, ft = attaches(n, rel, 5000)
  if not ok then
    unattached[#unattached + 1] = ('%s (filetype %q)'):format(rel, ft)
  end
end
check('aisrm attaches to every sample', #unattached == 0, table.concat(unattached, ', '))

local taken = {}
for n, rel in ipairs({ 'notes.txt', 'src/main.rs', 'Makefile', 'lib/app.ex' }) do
  if attaches(#samples + n, rel, 300) then
    taken[#taken + 1] = rel
  end
end
check('and to no file discovery does not read', #taken == 0, table.concat(taken, ', '))

for _, client in ipairs(vim.lsp.get_clients({ name = 'aisrm' })) do
  client:stop(true)
end
vim.fn.delete(root, "rf")
t.finish()
