-- The Neovim half of tests/ci/editor_roundtrip.py: runs inside
-- `nvim --headless <file>` after the user's init.lua (docs/ide.md's Neovim
-- 0.7 snippet) has attached taskfit-clangd to the buffer. Does what a user
-- does: waits for taskfit's finding on the target line, puts the cursor on
-- it, runs vim.lsp.buf.code_action(), picks the finding's fix in the menu
-- (vim.ui.select, here answered by a function instead of a person), lets
-- Neovim apply it (vim.lsp.util.apply_workspace_edit) and writes the file.
-- Everything it saw goes to a JSON report; it always quits.
-- Environment: TASKFIT_TARGET_LINE (1-based), TASKFIT_TIMEOUT_MS,
-- TASKFIT_REPORT (the report's path).

local target = tonumber(os.getenv('TASKFIT_TARGET_LINE')) - 1
local timeout = tonumber(os.getenv('TASKFIT_TIMEOUT_MS'))
local report_path = os.getenv('TASKFIT_REPORT')
local report = { editor = 'nvim ' .. tostring(vim.version().major) .. '.' ..
  tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch),
  findings = {}, actions = {}, steps = {} }

local function step(what)
  table.insert(report.steps, what)
end

local function finish(err)
  report.error = err
  local f = io.open(report_path, 'w')
  f:write(vim.json.encode(report))
  f:close()
  vim.cmd('qall!')
end

local function is_taskfit(d)
  return type(d.code) == 'string' and d.code:match('^taskfit%-') ~= nil
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  if not vim.wait(timeout, function() return #vim.lsp.buf_get_clients(buf) > 0 end, 100) then
    return finish('no LSP client attached to the buffer: the init.lua snippet did not start one')
  end
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    report.client = client.name .. ': ' .. table.concat(client.config.cmd, ' ')
  end
  step('client attached')

  local finding
  local ok = vim.wait(timeout, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if is_taskfit(d) and d.lnum == target then
        finding = d
        return true
      end
    end
    return false
  end, 200)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if is_taskfit(d) then
      table.insert(report.findings, { line = d.lnum + 1, code = d.code, message = d.message,
        href = (((d.user_data or {}).lsp or {}).codeDescription or {}).href })
    end
  end
  if not ok then
    return finish('no taskfit finding on line ' .. (target + 1) .. ' within the timeout')
  end
  step('finding shown')

  -- The menu: record what is offered and choose the finding's fix, the
  -- quick fix clangd titles with the finding's message (as emacs-eglot.test does:
  -- there the fix's own diagnostics cannot tell).
  local message = finding.message:lower()
  vim.ui.select = function(items, _, on_choice)
    local chosen
    for _, item in ipairs(items) do
      local action = item[2]
      table.insert(report.actions, action.title)
      if not chosen and action.kind == 'quickfix' and action.edit
          and message:find(action.title:lower(), 1, true) then
        chosen = item
      end
    end
    report.chosen = chosen and chosen[2].title
    on_choice(chosen)
  end
  -- Neovim's own edit application, watched.
  local apply = vim.lsp.util.apply_workspace_edit
  vim.lsp.util.apply_workspace_edit = function(edit, encoding)
    report.applied_by = 'vim.lsp.util.apply_workspace_edit'
    return apply(edit, encoding)
  end

  vim.api.nvim_win_set_cursor(0, { finding.lnum + 1, finding.col })
  vim.lsp.buf.code_action()
  if not vim.wait(timeout, function() return report.applied_by ~= nil or report.chosen == nil and #report.actions > 0 end, 100) then
    return finish('no code actions came back within the timeout')
  end
  if not report.applied_by then
    return finish('no code action fixes the finding')
  end
  step('fix applied')
  vim.cmd('write')
  step('written')
  finish(nil)
end

local ok, err = pcall(run)
if not ok then
  finish('lua error: ' .. tostring(err))
end
