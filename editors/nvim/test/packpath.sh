#!/usr/bin/env bash
# The README's plain-package install, for real: the plugin linked into a
# pack/*/start folder, a user init.lua that only calls setup(), Neovim
# started normally (plugins, ftdetect loaded by Neovim itself, not --clean).
source "$(dirname "$0")/harness.sh"
mkdir -p "$tmp/site/pack/aisrm/start"
ln -s "$plugin" "$tmp/site/pack/aisrm/start/aisrm"
cat > "$tmp/init.lua" <<LUA
require('aisrm').setup({ cmd = { '$bin', 'lsp' } })
vim.api.nvim_create_autocmd('VimEnter', {
  nested = true,
  callback = function()
    local problems = {}
    if vim.fn.exists(':AisrmMatrix') ~= 2 then
      problems[#problems + 1] = ':AisrmMatrix is not defined (plugin/ not loaded)'
    end
    vim.cmd.edit('$tmp/ws/ai-inventory.yaml')
    local buf = vim.api.nvim_get_current_buf()
    local gap = vim.wait(10000, function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.code == 'status-gap' then
          return true
        end
      end
      return false
    end, 20)
    if not gap then
      problems[#problems + 1] = 'no status-gap diagnostic in ai-inventory.yaml'
    end
    vim.fn.writefile(problems, '$tmp/result')
    vim.cmd(#problems == 0 and 'qall!' or 'cquit!')
  end,
})
LUA
status=0
XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
  timeout 60 nvim --headless -i NONE -u "$tmp/init.lua" --cmd "set packpath^=$tmp/site" || status=$?
if [ "$status" -eq 0 ]; then
  echo "nvim-packpath: 1 passed, 0 failed"
else
  echo "nvim-packpath: plain-package install failed (exit $status): $(cat "$tmp/result" 2>/dev/null)"
  echo "nvim-packpath: 0 passed, 1 failed"
  exit 1
fi
