-- Commands of aisrm.nvim. The language server itself starts only after
-- require('aisrm').setup({...}) in your configuration.
if vim.g.loaded_aisrm then
  return
end
vim.g.loaded_aisrm = true

-- A file no filetype claims (`.cursorrules`, `.env.example`, ...) fires no
-- FileType event: once it is read (and its filetype detection is over),
-- aisrm attaches there if it is enabled and discovery reads the file.
vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  group = vim.api.nvim_create_augroup('aisrm_untyped', { clear = true }),
  callback = function(ev)
    vim.schedule(function()
      if vim.api.nvim_buf_is_valid(ev.buf) and vim.bo[ev.buf].filetype == '' then
        require('aisrm').attach_untyped(ev.buf)
      end
    end)
  end,
})

vim.api.nvim_create_user_command('AisrmMatrix', function(opts)
  require('aisrm').matrix(opts.args ~= '' and opts.args or nil)
end, {
  nargs = '?',
  complete = function()
    return { 'aisrm', 'microsoft-ai' }
  end,
  desc = 'aisrm: responsibilities of the component under the cursor (or a framework matrix)',
})

vim.api.nvim_create_user_command('AisrmRestart', function()
  local clients = vim.lsp.get_clients({ name = 'aisrm' })
  local bufs = {}
  for _, client in ipairs(clients) do
    for buf in pairs(client.attached_buffers or {}) do
      bufs[#bufs + 1] = buf
    end
    if vim.fn.has('nvim-0.11') == 1 then
      client:stop()
    else
      client.stop()
    end
  end
  vim.defer_fn(function()
    for _, buf in ipairs(bufs) do
      if vim.api.nvim_buf_is_valid(buf) then
        vim.api.nvim_exec_autocmds('FileType', { buffer = buf })
      end
    end
  end, 500)
end, { desc = 'aisrm: restart the language server' })
