-- aisrm.nvim: Neovim client for the aisrm language server (`aisrm lsp`).
--
-- Neovim 0.11+: `lsp/aisrm.lua` on the runtime path is the configuration
-- (the vim.lsp.config convention, shaped like nvim-lspconfig's files), so
--
--   vim.lsp.enable('aisrm')
--
-- is all it takes; change anything with vim.lsp.config('aisrm', {...}).
-- setup() is a convenience that does the same from one table:
--
--   require('aisrm').setup({
--     cmd = { 'aisrm', 'lsp' },          -- default; must come from YOUR config
--     settings = { aisrm = { framework = 'aisrm' } },
--   })
--
-- Neovim 0.10: setup() starts the server with vim.lsp.start from a FileType
-- autocommand.
--
-- Security: the server command is only ever taken from your own
-- configuration (setup() or vim.lsp.config) or the built-in default. Nothing
-- is read from the project being edited (no .nvim.lua, no exrc, no project
-- settings file), so a cloned repository cannot choose what runs.

local M = {}

local NAME = 'aisrm'
local COMPONENT_SUMMARY = 'aisrm.componentSummary'

--- Inventory file names (formats.md), as Lua patterns on the file's basename.
M.inventory_patterns = {
  '^.+%.aisrm%.yaml$',
  '^.+%.aisrm%.yml$',
  '^ai%-inventory%.yaml$',
  '^ai%-inventory%.yml$',
}

M.inventory_names = { 'ai-inventory.yaml', 'ai-inventory.yml' }

--- Files discovery reads besides YAML and Markdown (package manifests, MCP
--- configs and other JSON, IaC, container files, environment templates,
--- source code, coding-assistant files), as globs on the whole path:
--- generated from the server's readers and signal data
--- (lua/aisrm/discovery_files.lua). On those the server only reports
--- drift, and only in a project with an inventory.
M.discovery_globs = require('aisrm.discovery_files')

--- `{a,b}` expanded: one glob per alternative.
local function expand_braces(glob)
  local open, close = glob:find('{[^{}]*}')
  if not open then
    return { glob }
  end
  local out = {}
  for alt in glob:sub(open + 1, close - 1):gmatch('[^,]*') do
    vim.list_extend(out, expand_braces(glob:sub(1, open - 1) .. alt .. glob:sub(close + 1)))
  end
  return out
end

--- A glob without braces as a Lua pattern: `*` and `?` inside one name,
--- `/**/` any folders (none too), a trailing `/**` anything below; a
--- leading `**/` is left to the caller (matched after each `/`).
local function glob_patterns(glob)
  local head, tail = glob:match('^(.-)/%*%*/(.*)$')
  if head then
    local out = {}
    local left = glob_patterns(head)[1]:sub(1, -2) -- without the `$`
    for _, right in ipairs(glob_patterns(tail)) do
      right = right:sub(2) -- without the `^`
      out[#out + 1] = left .. '/' .. right
      out[#out + 1] = left .. '/.*/' .. right
    end
    return out
  end
  local pat = glob:gsub('[%^%$%(%)%%%.%[%]%+%-]', '%%%0')
  pat = pat:gsub('/%*%*$', '/\1'):gsub('%*', '[^/]*'):gsub('%?', '[^/]'):gsub('\1', '.*')
  return { '^' .. pat .. '$' }
end

--- Each glob of M.discovery_globs as Lua patterns (vim.glob.to_lpeg's `*`
--- does not backtrack in 0.11: `requirements*.txt` never matches).
local discovery_compiled
local function discovery_patterns()
  if not discovery_compiled then
    discovery_compiled = {}
    for _, glob in ipairs(M.discovery_globs) do
      local anywhere = glob:sub(1, 3) == '**/'
      for _, one in ipairs(expand_braces(anywhere and glob:sub(4) or glob)) do
        for _, pat in ipairs(glob_patterns(one)) do
          discovery_compiled[#discovery_compiled + 1] = { pat = pat, anywhere = anywhere }
        end
      end
    end
  end
  return discovery_compiled
end

--- Whether `path` (absolute, `/`) matches a discovery glob: a glob
--- starting with `**/` matches the path after any `/`.
local function matches_discovery_glob(path)
  for _, p in ipairs(discovery_patterns()) do
    if p.anywhere then
      local from = 1
      while from do
        if path:sub(from):match(p.pat) then
          return true
        end
        from = path:find('/', from, true)
        from = from and from + 1
      end
    elseif path:match(p.pat) then
      return true
    end
  end
  return false
end

local defaults = {
  -- Command that starts the server. nil: `aisrm lsp` from PATH.
  cmd = nil,
  -- Sent as workspace/configuration (section `aisrm`) and as
  -- initializationOptions. Only what you set: the server's own defaults
  -- (and the project's aisrm.toml) apply to everything else.
  settings = { aisrm = vim.empty_dict() },
  -- Filetypes to attach to; nil: any. The plugin decides by name and
  -- content (M.should_attach): inventories and design documents, and the
  -- files discovery reads (drift only, in a project with an inventory),
  -- whatever filetype they get.
  filetypes = nil,
  -- Markdown buffers: 'auto' attaches when the buffer has a ```aisrm block,
  -- links to an inventory, or sits under a folder with an inventory;
  -- 'always' attaches to every Markdown buffer; 'never' to none.
  markdown = 'auto',
  root_markers = { '.git', 'ai-inventory.yaml', 'ai-inventory.yml' },
  inlay_hints = true, -- enable inlay hints on attach
  codelens = true, -- refresh code lenses on attach, save and leaving insert mode
  -- Neovim 0.11's built-in completion (vim.lsp.completion) with
  -- autotrigger: expands the server's snippets (a new component, `key: `)
  -- on accept. Off by default: leave it off with nvim-cmp, blink.cmp etc.
  completion = false,
  on_attach = nil, -- function(client, bufnr)
  capabilities = nil, -- client capabilities (default: Neovim's)
}

M.config = vim.deepcopy(defaults)

local function has_011()
  return vim.fn.has('nvim-0.11') == 1
end

--- Calls a client method in a way that works on 0.10 (dot) and 0.11 (colon).
local function client_call(client, method, ...)
  if has_011() then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function basename(path)
  return vim.fs.basename(path or '') or ''
end

--- True when `path`'s name is an inventory name.
function M.is_inventory_name(path)
  local base = basename(path)
  for _, pat in ipairs(M.inventory_patterns) do
    if base:match(pat) then
      return true
    end
  end
  return false
end

local function buf_lines(bufnr, max)
  if not vim.api.nvim_buf_is_loaded(bufnr) then
    return {}
  end
  return vim.api.nvim_buf_get_lines(bufnr, 0, max or -1, false)
end

--- True when the YAML buffer has a top-level `aisrm:` key.
function M.has_top_level_aisrm(bufnr)
  for _, line in ipairs(buf_lines(bufnr, 2000)) do
    if line:match('^aisrm%s*:') or line:match('^["\']aisrm["\']%s*:') then
      return true
    end
  end
  return false
end

--- True when the buffer has a ```aisrm (or ~~~aisrm) fenced block.
function M.has_aisrm_fence(bufnr)
  for _, line in ipairs(buf_lines(bufnr, 20000)) do
    local fence = line:match('^%s?%s?%s?([`~][`~][`~]+)%s*aisrm')
    if fence then
      local rest = line:gsub('^%s*[`~]+%s*aisrm', '')
      if rest == '' or rest:match('^%s') then
        return true
      end
    end
  end
  return false
end

local function links_to_inventory(bufnr)
  for _, line in ipairs(buf_lines(bufnr, 20000)) do
    if line:find('%]%([^)]*%.aisrm%.ya?ml') or line:find('%]%([^)]*ai%-inventory%.ya?ml') then
      return true
    end
  end
  return false
end

local function find_inventory_upward(path)
  local found = vim.fs.find(function(name)
    return M.is_inventory_name(name)
  end, { path = vim.fs.dirname(path), upward = true, limit = 1, type = 'file' })
  return found[1]
end

--- Whether the aisrm server should attach to this buffer.
function M.should_attach(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' or vim.bo[bufnr].buftype ~= '' then
    return false
  end
  local ft = vim.bo[bufnr].filetype
  if ft == 'yaml' or M.is_inventory_name(path) then
    return M.is_inventory_name(path)
      or M.has_top_level_aisrm(bufnr)
      or (M.is_discovery_file(path) and find_inventory_upward(path) ~= nil)
  end
  if ft == 'markdown' then
    local mode = M.config.markdown
    if mode == 'never' then
      return false
    elseif mode == 'always' then
      return true
    end
    return M.has_aisrm_fence(bufnr) or links_to_inventory(bufnr) or find_inventory_upward(path) ~= nil
  end
  return M.is_discovery_file(path) and find_inventory_upward(path) ~= nil
end

--- True when discovery reads `path` (see M.discovery_globs) and aisrm
--- does not analyse it itself: the server offers only drift there.
function M.is_discovery_file(path)
  if M.is_inventory_name(path) then
    return false
  end
  return matches_discovery_glob(path)
end

--- Workspace root of a file: the nearest folder with a root marker (.git,
--- an inventory), else the folder of the nearest inventory above, else the
--- file's own folder.
function M.root_dir(path)
  local root = vim.fs.root(path, M.config.root_markers)
  if root then
    return root
  end
  local inventory = find_inventory_upward(path)
  if inventory then
    return vim.fs.dirname(inventory)
  end
  return vim.fs.dirname(path)
end

--- The server command: setup({cmd=...}) or `aisrm lsp`.
function M.cmd()
  local cmd = M.config.cmd
  if type(cmd) == 'string' then
    return { cmd, 'lsp' }
  end
  if type(cmd) == 'table' and #cmd > 0 then
    return vim.deepcopy(cmd)
  end
  return { 'aisrm', 'lsp' }
end

local function notify(msg, level)
  vim.notify('aisrm: ' .. msg, level or vim.log.levels.INFO)
end

local warned_missing = false
local function check_executable(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not warned_missing then
    warned_missing = true
    notify(
      ('the language server `%s` was not found. Install aisrm (`cargo install --path server/cli`) so that '
        .. '`aisrm` is on PATH, or pass its path: require("aisrm").setup({ cmd = { "/path/to/aisrm", "lsp" } })'):format(
        cmd[1]
      ),
      vim.log.levels.ERROR
    )
  end
  return false
end

local function on_attach(client, bufnr)
  -- Discovery files get the diagnostics, hover, inlay hints and quick fixes
  -- the server gives there; no completion or code lenses.
  local ft = vim.bo[bufnr].filetype
  local own = ft == 'yaml' or ft == 'markdown' or M.is_inventory_name(vim.api.nvim_buf_get_name(bufnr))
  if M.config.completion and own and vim.lsp.completion and client.server_capabilities.completionProvider then
    vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = true })
  end
  if M.config.inlay_hints and vim.lsp.inlay_hint and client.server_capabilities.inlayHintProvider then
    vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
  end
  if M.config.codelens and own and client.server_capabilities.codeLensProvider then
    local group = vim.api.nvim_create_augroup('aisrm_codelens_' .. bufnr, { clear = true })
    local function refresh()
      if has_011() then
        vim.lsp.codelens.refresh({ bufnr = bufnr })
      else
        vim.lsp.codelens.refresh()
      end
    end
    vim.api.nvim_create_autocmd({ 'BufWritePost', 'InsertLeave' }, { group = group, buffer = bufnr, callback = refresh })
    refresh()
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

-- Client-side commands used by the server's code lenses.
local client_commands = {
  -- Reference-count lenses: arguments [uri, position, locations].
  ['aisrm.showReferences'] = function(command, ctx)
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    local locations = (command.arguments or {})[3] or {}
    local items = vim.lsp.util.locations_to_items(locations, client and client.offset_encoding or 'utf-16')
    vim.fn.setqflist({}, ' ', { title = 'aisrm: references', items = items })
    vim.cmd('botright copen')
  end,
  -- Duty lenses: ask the server for the component summary and show it
  -- (running it on the server alone would drop the answer).
  [COMPONENT_SUMMARY] = function(command, ctx)
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    if not client then
      return
    end
    client_call(client, 'request', 'workspace/executeCommand', {
      command = command.command,
      arguments = command.arguments,
    }, function(err, result)
      vim.schedule(function()
        local text = not err and M._summary_text(result) or nil
        if text and text ~= '' then
          M._open_scratch('aisrm://component-summary', text)
        else
          notify(err and (err.message or 'error') or 'no component here', vim.log.levels.WARN)
        end
      end)
    end, ctx.bufnr)
  end,
}

-- The server reads {aisrm = {...}} at initialize too; taken from the final
-- configuration, so settings given with vim.lsp.config('aisrm', ...) count.
local function before_init(params, config)
  params.initializationOptions = { aisrm = vim.tbl_get(config, 'settings', 'aisrm') or vim.empty_dict() }
end

--- The client configuration (`lsp/aisrm.lua` returns it for vim.lsp.config).
--- Diagnostics: the server offers pull diagnostics only to clients that can
--- be asked to pull again, and pushes to the others (Neovim 0.11), so the
--- client's capabilities are left as they are.
function M.lsp_config()
  local cfg = {
    name = NAME,
    cmd = M.cmd(),
    filetypes = M.config.filetypes,
    settings = M.config.settings,
    commands = client_commands,
    capabilities = M.config.capabilities,
    before_init = before_init,
    on_attach = on_attach,
  }
  if has_011() then
    cfg.root_dir = function(bufnr, on_dir)
      if M.should_attach(bufnr) then
        on_dir(M.root_dir(vim.api.nvim_buf_get_name(bufnr)))
      end
    end
  end
  return cfg
end

local autocmd_group

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  local cfg = M.lsp_config()
  if not check_executable(cfg.cmd) then
    return
  end

  -- `_legacy_start` (tests only) takes the 0.10 path on newer versions.
  if vim.lsp.config and vim.lsp.enable and has_011() and not M.config._legacy_start then
    vim.lsp.config(NAME, cfg)
    vim.lsp.enable(NAME)
    return
  end

  -- Neovim 0.10: start (or reuse, by name and root) a client per buffer.
  autocmd_group = vim.api.nvim_create_augroup('aisrm_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = autocmd_group,
    pattern = M.config.filetypes or '*',
    callback = function(ev)
      M.start(ev.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and M.wants_filetype(vim.bo[bufnr].filetype) then
      M.start(bufnr)
    end
  end
end

--- Whether the configured filetypes include `ft` (nil: every filetype).
function M.wants_filetype(ft)
  return M.config.filetypes == nil or vim.tbl_contains(M.config.filetypes, ft)
end

--- A buffer no filetype claims (`.cursorrules`, `.env.example`,
--- `Gemfile.lock`, ...) fires no FileType event, so neither
--- vim.lsp.enable nor the 0.10 autocommand sees it: plugin/aisrm.lua
--- calls this after reading one, and it starts aisrm there the same way
--- when aisrm is enabled and discovery reads the file.
function M.attach_untyped(bufnr)
  if vim.bo[bufnr].filetype ~= '' or vim.bo[bufnr].buftype ~= '' then
    return
  end
  if autocmd_group then
    if M.wants_filetype('') then
      M.start(bufnr)
    end
    return
  end
  local enabled = vim.lsp.is_enabled and vim.lsp.is_enabled(NAME)
  local cfg = enabled and vim.lsp.config[NAME]
  if not cfg or (cfg.filetypes and not vim.tbl_contains(cfg.filetypes, '')) or type(cfg.root_dir) ~= 'function' then
    return
  end
  cfg = vim.deepcopy(cfg)
  cfg.root_dir(bufnr, function(root)
    cfg.root_dir = root
    vim.schedule(function()
      vim.lsp.start(cfg, { bufnr = bufnr, reuse_client = cfg.reuse_client })
    end)
  end)
end

--- Starts (or reuses) the client for a buffer (used on 0.10).
function M.start(bufnr)
  if not M.should_attach(bufnr) then
    return nil
  end
  local cfg = M.lsp_config()
  cfg.root_dir = M.root_dir(vim.api.nvim_buf_get_name(bufnr))
  return vim.lsp.start(cfg, { bufnr = bufnr })
end

--- The aisrm client attached to a buffer, if any.
function M.client(bufnr)
  local get = vim.lsp.get_clients
  local clients = get({ bufnr = bufnr or 0, name = NAME })
  return clients[1]
end

function M._open_scratch(title, text)
  local lines = vim.split(text, '\n', { plain = true })
  vim.cmd('botright new')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  pcall(vim.api.nvim_buf_set_name, buf, title)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = 'markdown'
  return buf
end

function M._summary_text(result)
  if type(result) == 'string' then
    return result
  end
  if type(result) == 'table' then
    for _, key in ipairs({ 'markdown', 'value', 'contents' }) do
      if type(result[key]) == 'string' then
        return result[key]
      end
    end
  end
  return nil
end

--- Shows a framework's whole matrix (`aisrm matrix --format markdown`) in a
--- scratch buffer, without blocking the editor: `callback(bufnr)` gets the
--- buffer, or nil on failure. `framework` nil: the configured default.
function M.show_framework_matrix(framework, callback)
  callback = callback or function() end
  local cmd = M.cmd()
  local args = { cmd[1], 'matrix', '--format', 'markdown' }
  local id = framework or (M.config.settings.aisrm or {}).framework
  if id and id ~= '' then
    vim.list_extend(args, { '--framework', id })
  end
  local function finish(res)
    if res.code ~= 0 then
      notify(('%s failed: %s'):format(table.concat(args, ' '), res.stderr or ''), vim.log.levels.ERROR)
      return callback(nil)
    end
    callback(M._open_scratch('aisrm://matrix/' .. (id or 'default'), res.stdout))
  end
  local ok, err = pcall(vim.system, args, { text = true, timeout = 30000 }, function(res)
    vim.schedule(function()
      finish(res)
    end)
  end)
  if not ok then
    notify(('cannot run %s: %s'):format(cmd[1], err), vim.log.levels.ERROR)
    callback(nil)
  end
end

--- :AisrmMatrix — the summary of the component under the cursor (server
--- command aisrm.componentSummary); without it, or with a framework id as
--- argument, the framework's whole matrix.
function M.matrix(framework, callback)
  callback = callback or function() end
  if framework and framework ~= '' then
    return M.show_framework_matrix(framework, callback)
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  local commands = client
      and client.server_capabilities.executeCommandProvider
      and client.server_capabilities.executeCommandProvider.commands
    or {}
  if not client or not vim.tbl_contains(commands, COMPONENT_SUMMARY) then
    return M.show_framework_matrix(nil, callback)
  end
  local win = vim.api.nvim_get_current_win()
  local params = vim.lsp.util.make_position_params(win, client.offset_encoding)
  local command = {
    command = COMPONENT_SUMMARY,
    arguments = { { uri = params.textDocument.uri, position = params.position } },
  }
  client_call(client, 'request', 'workspace/executeCommand', command, function(err, result)
    vim.schedule(function()
      local text = not err and M._summary_text(result) or nil
      if err then
        notify(('%s failed: %s'):format(COMPONENT_SUMMARY, err.message or vim.inspect(err)), vim.log.levels.WARN)
      end
      if text and text ~= '' then
        callback(M._open_scratch('aisrm://component-summary', text))
      else
        if not err then
          notify('no component under the cursor; showing the framework matrix')
        end
        M.show_framework_matrix(nil, callback)
      end
    end)
  end, bufnr)
end

return M
