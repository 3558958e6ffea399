#!/usr/bin/env bash
# Makes editors/nvim/test/screenshot.png: real (not headless) Neovim with
# the plugin in a tmux pane, captured with its colours, rendered by headless
# Chromium. Shows inlay hints, code lenses and diagnostics on examples/.
# Needs tmux, chromium and editors/vscode/node_modules (playwright-core).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$(dirname "$here")
repo=$(cd "$plugin/../.." && pwd)
bin=$(realpath "${AISRM_BIN:-$repo/target/debug/aisrm}")
out=${1:-$here/screenshot.png}

tmp=$(mktemp -d)
trap 'tmux -L "aisrm-shot-$$" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkdir "$tmp/ws"
cp -R "$repo/examples/." "$tmp/ws/"
cat > "$tmp/init.lua" <<LUA
vim.opt.rtp:prepend('$plugin')
vim.o.termguicolors = true
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.laststatus = 2
vim.o.cmdheight = 1
vim.diagnostic.config({ virtual_text = true })
require('aisrm').setup({ cmd = { '$bin', 'lsp' } })
vim.api.nvim_create_autocmd('LspAttach', {
  callback = function()
    vim.defer_fn(function()
      vim.fn.search('^  ops-agent:')
      vim.fn.search('incident-response:')
      vim.cmd('normal! 8jzz8k')
    end, 300)
  end,
})
LUA
TERM=xterm-256color tmux -L "aisrm-shot-$$" -f /dev/null new-session -d -s shot -x 118 -y 40 \
  "nvim --clean -u $tmp/init.lua $tmp/ws/ai-inventory.yaml"
tmux -L "aisrm-shot-$$" set-option -g default-terminal tmux-256color >/dev/null
for _ in $(seq 1 100); do
  if tmux -L "aisrm-shot-$$" capture-pane -p -t shot | grep -q 'is a known gap'; then
    break
  fi
  sleep 0.1
done
sleep 1
tmux -L "aisrm-shot-$$" capture-pane -p -e -t shot > "$tmp/pane.ansi"
python3 "$here/ansi2html.py" < "$tmp/pane.ansi" > "$tmp/pane.html"
NODE_PATH="$repo/editors/vscode/node_modules" node -e '
const { chromium } = require("playwright-core");
(async () => {
  const b = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const p = await b.newPage({ viewport: { width: 1200, height: 200 } });
  await p.goto("file://" + process.argv[1]);
  await p.locator("pre").screenshot({ path: process.argv[2] });
  await b.close();
})().catch((e) => { console.error(e); process.exit(1); });
' "$tmp/pane.html" "$out"
echo "saved $out"
