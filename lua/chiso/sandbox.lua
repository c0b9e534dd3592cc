-- chiso.sandbox: running a report someone shared as safely as opening a
-- spreadsheet. A script given by path runs sandboxed unless it lies in a
-- trusted folder (chiso's scripts/, $CHISO_PATH, ~/.chiso/scripts, the
-- folders in $CHISO_TRUST) or --trust is given; --sandbox always sandboxes.
--
-- The sandbox is an allow-list built fresh for each run: the report sees only
-- what is put in its environment below. Reading and writing files, and the
-- limits on memory, time, output and recursion, are enforced in C
-- (src/lsandbox.c, src/core/base/sandbox.c), where library code cannot be talked round.

local core = require "chiso.core"
local core_sandbox = core.sandbox

local sandbox = {}

-- The options chiso takes before a script, and whether each takes a value.
local flags_with_value = {["allow-read"] = true, ["max-memory"] = true, timeout = true,
                          ["max-output"] = true, ["max-depth"] = true}
local flags_alone = {sandbox = true, trust = true}

-- Reads chiso's own options from a list of arguments; returns them as a table.
function sandbox.parse_flags(list)
  local flags = {["allow-read"] = {}}
  local i = 1
  while i <= #list do
    local name, value = list[i]:match("^%-%-([%w%-]+)=(.*)$")
    name = name or list[i]:match("^%-%-([%w%-]+)$")
    if name and flags_alone[name] and value == nil then
      flags[name] = true
    elseif name and flags_with_value[name] then
      if value == nil then
        i = i + 1
        value = list[i]
      end
      if name == "allow-read" then
        table.insert(flags["allow-read"], value)
      else
        flags[name] = value
      end
    end
    i = i + 1
  end
  if flags.sandbox and flags.trust then
    error("--sandbox and --trust contradict each other", 0)
  end
  return flags
end

-- The options before the script in the global arg (its negative indices).
local function flags_from_arg()
  local list, i = {}, -1
  while arg and arg[i] ~= nil do
    i = i - 1
  end
  for k = i + 1, -1 do
    list[#list + 1] = arg[k]
  end
  return sandbox.parse_flags(list)
end

local function under(path, root)
  return path == root or path:sub(1, #root + 1) == root .. "/"
end

-- The folders whose scripts run with full access.
function sandbox.trusted_dirs()
  local dirs = {require("chiso").paths.scripts}
  local function add_list(value)
    for dir in (value or ""):gmatch("[^:]+") do dirs[#dirs + 1] = dir end
  end
  add_list(os.getenv("CHISO_PATH"))
  add_list(os.getenv("CHISO_TRUST"))
  local home = os.getenv("HOME")
  if home then dirs[#dirs + 1] = home .. "/.chiso/scripts" end
  return dirs
end

function sandbox.is_trusted(path)
  if require("lfs").attributes(path, "mode") ~= "file" then
    return true -- /dev/null and the like hold no code to fear
  end
  local real = core_sandbox.realpath(path)
  if not real then return false end
  for _, dir in ipairs(sandbox.trusted_dirs()) do
    local root = core_sandbox.realpath(dir)
    if root and under(real, root) then return true end
  end
  return false
end

-- The report's environment -------------------------------------------------

local function refuse(what)
  error(string.format("sandbox: '%s' is not available in a sandboxed report (run with --trust to "
    .. "allow it)", what), 3)
end

-- A table standing for a library the report may not use: any field is refused.
local function forbidden(name)
  return setmetatable({}, {
    __index = function(_, k) refuse(name .. "." .. tostring(k)) end,
    __newindex = function(_, k) refuse(name .. "." .. tostring(k)) end,
    __metatable = false,
  })
end

local function copy(t, except)
  local c = {}
  for k, v in pairs(t) do
    if not (except and except[k]) then c[k] = v end
  end
  return c
end

-- A read-only view of a library table (and of the tables inside it).
local function readonly(t, name, hidden, views)
  views = views or {}
  if views[t] then return views[t] end
  local view = {}
  views[t] = view
  local function wrap(k, v)
    if type(v) == "table" then return readonly(v, name .. "." .. tostring(k), nil, views) end
    return v
  end
  setmetatable(view, {
    __index = function(_, k)
      if hidden and hidden[k] then return nil end
      return wrap(k, t[k])
    end,
    __newindex = function(_, k)
      error(string.format("sandbox: the chiso library is read-only ('%s.%s')", name, tostring(k)), 2)
    end,
    __pairs = function()
      local function step(_, k)
        local nk, nv = next(t, k)
        while nk ~= nil and hidden and hidden[nk] do nk, nv = next(t, nk) end
        if nk == nil then return nil end
        return nk, wrap(nk, nv)
      end
      return step, view, nil
    end,
    __len = function() return #t end,
    __metatable = false,
  })
  return view
end

-- A caught error stays caught only when no limit was reached.
local function keep_limits(ok, ...)
  if not ok and core_sandbox.limit() then
    error((...), 0)
  end
  return ok, ...
end

local modules = {
  ["chiso"] = true, ["chiso.report"] = true, ["chiso.chart"] = true, ["chiso.i18n"] = true,
  ["chiso.strings"] = true, ["chiso.cli"] = true, ["chiso.indices"] = true, ["chiso.movers"] = true,
  ["chiso.correlation"] = true, ["chiso.vn"] = true, ["chiso.data"] = true, ["chiso.files"] = true,
}

local function to_text(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  return table.concat(parts, "\t")
end

-- A fresh environment holding only what a report may use.
function sandbox.env(args)
  local env = {}
  for _, name in ipairs{"assert", "error", "ipairs", "next", "pairs", "rawequal", "rawlen", "rawget",
                        "rawset", "select", "setmetatable", "tonumber", "tostring", "type"} do
    env[name] = _G[name]
  end
  env._VERSION = _VERSION
  env.string = copy(string, {dump = true})
  env.string.dump = function() refuse("string.dump") end
  env.table, env.math, env.utf8 = copy(table), copy(math), copy(utf8)
  env.os = setmetatable({time = os.time, date = os.date, clock = os.clock}, {
    __index = function(_, k) refuse("os." .. tostring(k)) end, __metatable = false})
  env.print = function(...) core_sandbox.emit(to_text(...) .. "\n") end
  env.pcall = function(f, ...) return keep_limits(pcall(f, ...)) end
  env.xpcall = function(f, handler, ...) return keep_limits(xpcall(f, handler, ...)) end
  env.coroutine = copy(coroutine)
  env.coroutine.resume = function(co, ...) return keep_limits(coroutine.resume(co, ...)) end
  env.getmetatable = function(v)
    if type(v) == "table" then return getmetatable(v) end
    return nil -- strings and chiso's objects keep their metatables to themselves
  end
  env.load = function(chunk, name, mode, e)
    if mode ~= nil and mode ~= "t" then refuse("load of binary chunks") end
    if type(chunk) == "string" and chunk:byte(1) == 27 then refuse("load of binary chunks") end
    return load(chunk, name, "t", e or env)
  end
  env.dofile = function() refuse("dofile") end
  env.loadfile = function() refuse("loadfile") end
  env.collectgarbage = function(what)
    if what == "count" then return collectgarbage("count") end
    refuse(string.format('collectgarbage("%s")', tostring(what or "collect")))
  end
  local views = {}
  env.require = function(name)
    if not modules[name] then refuse(string.format("require '%s'", tostring(name))) end
    return readonly(require(name), name, {sandbox = true}, views)
  end
  env.chiso = env.require("chiso")
  env.arg = copy(args or {})
  env._G = env
  -- io, debug and package answer from the metatable, so rawset cannot take their refusals away
  local refused = {io = forbidden("io"), debug = forbidden("debug"), package = forbidden("package")}
  return setmetatable(env, {__index = refused, __metatable = false})
end

-- Running a script ---------------------------------------------------------

-- The path a script writes to: its --out option.
local function out_option(args)
  for i = 1, #args do
    local value = args[i]:match("^%-%-out=(.*)$")
    if value then return value end
    if args[i] == "--out" then return args[i + 1] end
  end
  return nil
end

-- Sets up the sandbox's folders and limits for a report run with args.
local function lock_down(flags, args)
  for _, dir in ipairs(require("chiso.data").dirs()) do
    if core_sandbox.realpath(dir) then core_sandbox.allow_read(dir) end
  end
  for _, dir in ipairs(flags["allow-read"]) do core_sandbox.allow_read(dir) end
  local out = out_option(args)
  if out then core_sandbox.allow_write(out) end
  string.dump = function() refuse("string.dump") end -- reachable through any string's methods
  core_sandbox.start(flags)
end

--[[
  Runs the script at path with the arguments args: trusted, or sandboxed as
  the flags (or the options before it in arg) and its folder decide. Returns
  false and a message when the file cannot be loaded.
]]
function sandbox.run_file(path, args, flags)
  flags = flags or flags_from_arg()
  local sandboxed = flags.sandbox or (not flags.trust and not sandbox.is_trusted(path))
  if not sandboxed then
    local chunk, err = loadfile(path, "t")
    if not chunk then return false, err end
    chunk(table.unpack(args, 1, args.n or #args))
    return true
  end
  if not flags.sandbox then
    io.stderr:write(string.format("chiso: %s is outside your trusted folders, so it runs in the "
      .. "sandbox (--trust runs it with full access)\n", path))
  end
  local env = sandbox.env(args)
  env.arg[0] = path
  local chunk, err = loadfile(path, "t", env)
  if not chunk then return false, err end
  lock_down(flags, args)
  chunk(table.unpack(args, 1, args.n or #args))
  return true
end

return sandbox
