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

local function to_text(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  return table.concat(parts, "\t")
end

-- The library a report uses ---------------------------------------------------
--
-- A sandboxed run loads the library afresh, after the state's own globals
-- have been swapped for restricted ones, so library code acting for a
-- report has the report's capabilities and no more: io writes only to the
-- counted outputs and reads only where the report may, os has no getenv,
-- execute, remove or real exit, lfs looks only where the report may, and
-- require loads only chiso's own Lua modules. The real ones were captured
-- above this line, for this module's own use, before any report existed.

local real = {io = io, os = os, require = require, loadfile = loadfile, load = load,
              package = package, lfs = require "lfs", print = print}

-- Real paths that must not reach a report, and the names it sees instead.
local masks = {}

-- s with every real path of masks replaced by its public name.
local function mask(s)
  if type(s) ~= "string" then return s end
  for _, m in ipairs(masks) do
    local from, to = 1, nil
    repeat
      from, to = s:find(m.real, from, true)
      if from then
        s = s:sub(1, from - 1) .. m.public .. s:sub(to + 1)
        from = from + #m.public
      end
    until not from
  end
  return s
end

-- A public path ("<chiso>/data/x.csv") as the real one; other paths as they are.
local function unmask(path)
  if type(path) ~= "string" then return path end
  for _, m in ipairs(masks) do
    if path == m.public or path:sub(1, #m.public + 1) == m.public .. "/" then
      return m.real .. path:sub(#m.public + 1)
    end
  end
  return path
end

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

-- A file object that writes through core_sandbox's counted output.
local function counted_stream(emit)
  local stream = {}
  function stream.write(self, ...)
    for i = 1, select("#", ...) do
      local v = select(i, ...)
      if type(v) ~= "string" and type(v) ~= "number" then
        error(string.format("bad argument #%d to 'write' (string expected, got %s)", i, type(v)), 2)
      end
      emit(tostring(v))
    end
    return self
  end
  function stream.flush(self) return self end
  function stream.setvbuf() return true end
  return setmetatable(stream, {__metatable = false, __index = function(_, k) refuse("io." .. tostring(k)) end})
end

-- The path library code opens for path: the report's own file by its public
-- name, or path itself once the sandbox allows reading it.
local function readable(path, own)
  if own and (path == own.public or core_sandbox.realpath(path) == own.real) then return own.real end
  -- where the sandbox resolved it: what is opened is what was checked, ".." taken from the text first
  return core_sandbox.read_path(path)
end

-- A file open for reading path: the report's own file, or one the sandbox
-- opens itself (a FIFO or a device is refused, never opened).
local function open_readable(path, own)
  if own and (path == own.public or core_sandbox.realpath(path) == own.real) then
    return real.io.open(own.real, "rb")
  end
  return core_sandbox.open_read(path)
end

-- io for library code acting for a report.
local function library_io(own)
  local io = {stdout = counted_stream(core_sandbox.emit), stderr = counted_stream(core_sandbox.emit_error)}
  function io.write(...) io.stdout:write(...) return io.stdout end
  function io.open(path, mode)
    mode = mode or "r"
    if not mode:match("^r") or mode:find("+", 1, true) then
      refuse("io.open for writing (files are written by chiso's own writer)")
    end
    return open_readable(path, own)
  end
  function io.lines(path, ...)
    if path == nil then refuse("io.lines on standard input") end
    local f, err = open_readable(path, own)
    if not f then error(err, 2) end
    local lines = f:lines(...)
    return function()
      local values = table.pack(lines())
      if values[1] == nil then f:close() end
      return table.unpack(values, 1, values.n)
    end
  end
  return setmetatable(io, {__metatable = false, __index = function(_, k) refuse("io." .. tostring(k)) end})
end

-- os for library code acting for a report: no environment but CHISO_DATA (which
-- chiso.data reads; reports cannot call this getenv), which is the user's data
-- folder the trusted library found (CHISO_DATA, or ~/.local/share/chiso when
-- it exists), and SOURCE_DATE_EPOCH as the host has it (chiso.report dates a
-- report by it), no processes, and an exit that finalizers cannot hold up.
local function library_os(user_data)
  local os = {time = real.os.time, date = real.os.date, clock = real.os.clock, difftime = real.os.difftime}
  local source_date = real.os.getenv("SOURCE_DATE_EPOCH")
  function os.getenv(name)
    if name == "CHISO_DATA" then return user_data end
    if name == "SOURCE_DATE_EPOCH" then return source_date end
    return nil
  end
  function os.exit(status)
    if status == true or status == nil then status = 0 elseif status == false then status = 1 end
    core_sandbox.exit(math.tointeger(status) or 1)
  end
  return setmetatable(os, {__metatable = false, __index = function(_, k) refuse("os." .. tostring(k)) end})
end

-- LuaFileSystem for library code: looks only where the report may read, makes folders only under --out.
local function library_lfs(own)
  local lfs = {}
  function lfs.attributes(path, ...)
    return real.lfs.attributes(readable(path, own), ...)
  end
  function lfs.dir(path)
    return real.lfs.dir(readable(path, own))
  end
  function lfs.mkdir(path)
    return real.lfs.mkdir(core_sandbox.write_path(path))
  end
  return setmetatable(lfs, {__metatable = false, __index = function(_, k) refuse("lfs." .. tostring(k)) end})
end

-- The library's own modules: what library code may require in a sandboxed run.
local function is_library(name)
  return name == "chiso" or (name:match("^chiso%.[%w_]+$") and name ~= "chiso.sandbox"
    and name ~= "chiso.prompt")
end

-- require for library code: chiso's Lua modules from its own folder, named relative to it in messages.
local function library_require(name)
  local loaded = real.package.loaded[name]
  if loaded ~= nil then return loaded end
  if type(name) ~= "string" or not is_library(name) then
    refuse(string.format("require '%s'", tostring(name)))
  end
  local lua_dir = masks[1].real .. "/lua"
  local path = real.package.searchpath(name, lua_dir .. "/?.lua;" .. lua_dir .. "/?/init.lua")
  if not path then error(string.format("module '%s' not found", name), 2) end
  local f = assert(real.io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  local result = assert(real.load(text, "@" .. mask(path), "t"))(name, path)
  if result == nil then result = true end
  real.package.loaded[name] = result
  return result
end

--[[
  Swaps the state's globals for the restricted ones and loads the library
  afresh under them: from here on nothing in this state has the real io, os,
  lfs or require except the locals of this module. Returns the new library.
]]
local function restrict_library(own)
  local home = require("chiso").paths.home
  masks[#masks + 1] = {real = home, public = "<chiso>"}
  local user_data = require("chiso.data").user_dir_in_use() -- the trusted library's, before the swap
  if user_data then
    masks[#masks + 1] = {real = core_sandbox.realpath(user_data) or user_data, public = "<chiso-data>"}
  end
  local user_home = real.os.getenv("HOME")
  if user_home and user_home ~= "" and user_home ~= "/" then
    masks[#masks + 1] = {real = user_home, public = "~"}
  end
  local loaded = real.package.loaded
  for name in pairs(loaded) do
    if name == "chiso" or (name:match("^chiso%.") and name ~= "chiso.core" and name ~= "chiso.sandbox") then
      loaded[name] = nil
    end
  end
  loaded.io, loaded.os, loaded.lfs = library_io(own), library_os(user_data), library_lfs(own)
  loaded.debug, loaded.package = nil, nil
  _G.io, _G.os, _G.require = loaded.io, loaded.os, library_require
  _G.debug, _G.dofile, _G.loadfile, _G.package = nil, nil, nil, nil
  _G.print = function(...) core_sandbox.emit(to_text(...) .. "\n") end
  _G.load = function(chunk, name, mode, e)
    return real.load(chunk, name, "t", e)
  end
  real.package.cpath = ""
  real.package.searchers = {real.package.searchers[1]}
  real.package.loadlib = nil
  loaded.chiso = nil
  local chiso = library_require("chiso")
  _G.chiso = chiso
  return chiso
end

-- The report's environment ----------------------------------------------------

local surface = require "chiso.sandbox_surface"

-- The reason name may be reached: its own entry, or the "<ancestor>.*" entry of a table above it.
local function reason(name)
  if surface[name] then return surface[name] end
  local prefix = name:match("^(.*)%.[^.]+$")
  while prefix do
    if surface[prefix .. ".*"] then return surface[prefix .. ".*"] end
    prefix = prefix:match("^(.*)%.[^.]+$")
  end
  return nil
end
sandbox.reason = reason

local function allowed(name)
  return reason(name) ~= nil
end

-- A public path in, masked messages out: for library functions that take a path.
local function path_taking(fn)
  return function(path, ...)
    local results = table.pack(pcall(fn, unmask(path), ...))
    if not results[1] then error(mask(results[2]), 2) end
    for i = 2, results.n do results[i] = mask(results[i]) end
    return table.unpack(results, 2, results.n)
  end
end

-- What a report sees in place of some library values.
local function overrides()
  local public_paths = {home = "<chiso>", lua = "<chiso>/lua", data = "<chiso>/data",
                        scripts = "<chiso>/scripts", docs = "<chiso>/docs"}
  return {
    ["chiso.paths"] = function() return public_paths end,
    ["chiso.read_csv"] = path_taking,
    ["chiso.read_xlsx"] = path_taking,
    ["chiso.read_xls"] = path_taking,
    ["chiso.read"] = path_taking,
    ["chiso.sheets"] = path_taking,
    ["chiso.files.kind"] = path_taking,
    ["chiso.files.list"] = path_taking,
    ["chiso.files.make_dir"] = path_taking,
    ["chiso.files.find"] = function(find)
      return function(dir, ...)
        local found, err = path_taking(find)(dir, ...)
        if type(found) ~= "table" then return found, err end
        for i, p in ipairs(found) do found[i] = dir .. p:sub(#unmask(dir) + 1) end
        return found
      end
    end,
  }
end

--[[
  A read-only view of library table t called name, showing only the fields
  the surface allows; a field that exists but is not allowed is refused by
  name. Views are made once per table, so equal tables stay equal.
]]
local function view(t, name, cache)
  if cache.views[t] then return cache.views[t] end
  local v = {}
  cache.views[t] = v
  local function wrap(k)
    local full = name .. "." .. tostring(k)
    local value = t[k]
    if cache.overrides[full] then
      value = cache.overrides[full](value)
    end
    if type(value) == "table" then return view(value, full, cache) end
    return value
  end
  setmetatable(v, {
    __index = function(_, k)
      if type(k) == "string" and allowed(name .. "." .. k) then return wrap(k) end
      if t[k] ~= nil then refuse(name .. "." .. tostring(k)) end
      return nil
    end,
    __newindex = function(_, k)
      error(string.format("sandbox: the chiso library is read-only ('%s.%s')", name, tostring(k)), 2)
    end,
    __pairs = function()
      local function step(_, k)
        local nk = next(t, k)
        while nk ~= nil and not (type(nk) == "string" and allowed(name .. "." .. nk)) do nk = next(t, nk) end
        if nk == nil then return nil end
        return nk, wrap(nk)
      end
      return step, v, nil
    end,
    __len = function() return #t end,
    __metatable = false,
  })
  return v
end

-- A caught error stays caught only when no limit was reached; messages are masked.
local function keep_limits(ok, ...)
  if not ok and core_sandbox.limit() then
    error((...), 0)
  end
  if not ok then return ok, mask((...)), select(2, ...) end
  return ok, ...
end

local function copy(t, except)
  local c = {}
  for k, v in pairs(t) do
    if not (except and except[k]) then c[k] = v end
  end
  return c
end

-- A fresh environment holding only what a report may use, over the library lib.
function sandbox.env(args, lib)
  lib = lib or require("chiso")
  local env = {}
  for _, name in ipairs{"assert", "error", "ipairs", "next", "pairs", "rawequal", "rawlen", "rawget",
                        "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "warn"} do
    env[name] = _G[name]
  end
  env._VERSION = _VERSION
  env.string = copy(string, {dump = true})
  env.string.dump = function() refuse("string.dump") end
  env.table, env.math, env.utf8 = copy(table), copy(math), copy(utf8)
  env.os = setmetatable({time = os.time, date = os.date, clock = os.clock, difftime = os.difftime}, {
    __index = function(_, k) refuse("os." .. tostring(k)) end, __metatable = false})
  env.print = function(...) core_sandbox.emit(to_text(...) .. "\n") end
  env.pcall = function(f, ...) return keep_limits(pcall(f, ...)) end
  env.xpcall = function(f, handler, ...) return keep_limits(xpcall(f, handler, ...)) end
  env.coroutine = copy(coroutine)
  -- resume and wrap count the depth of calls across coroutines (--max-depth)
  env.coroutine.resume = function(co, ...) return keep_limits(core_sandbox.resume(co, ...)) end
  env.coroutine.wrap = core_sandbox.wrap
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
  local cache = {views = {}, overrides = overrides()}
  env.require = function(name)
    if type(name) ~= "string" or not surface[name] or not is_library(name) then
      refuse(string.format("require '%s'", tostring(name)))
    end
    local module = name == "chiso" and lib or library_require(name)
    return view(module, name, cache)
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

-- Sets up the sandbox's folders for a report run with args; returns the library it is to use.
local function lock_down(flags, args, own)
  local dirs = require("chiso.data").dirs() -- the trusted library's, before the swap
  for _, entry in ipairs(require("chiso.sandbox_trust").entries()) do
    if entry.access == "read" then dirs[#dirs + 1] = entry.dir end
  end
  local lib = restrict_library(own)
  for _, dir in ipairs(dirs) do -- a data folder that is not there (CHISO_DATA unmade) has nothing to read
    if real.lfs.attributes(dir, "mode") == "directory" then core_sandbox.allow_read(dir) end
  end
  for _, dir in ipairs(flags["allow-read"]) do core_sandbox.allow_read(dir) end
  local out = out_option(args)
  if out then core_sandbox.allow_write(out) end
  string.dump = function() refuse("string.dump") end -- reachable through any string's methods
  return lib
end

-- The text of a report file, without a first line starting with "#" (as loadfile).
local function report_text(path)
  local f, err = real.io.open(path, "rb")
  if not f then
    return nil, string.format("cannot open %s", (err or path):gsub("^[^:]*: ", path .. ": ", 1))
  end
  local text = f:read("a")
  f:close()
  if text:byte(1) == 35 then -- "#": a shebang line, kept as an empty line so line numbers hold
    text = text:gsub("^[^\n]*", "", 1)
  end
  return text
end

-- Loads a report into the sandbox; as load_file.
local function load_sandboxed(path, args, flags)
  local text, err = report_text(path)
  if not text then return nil, err end
  local own = {real = core_sandbox.realpath(path), public = path:match("[^/]*$")}
  local lib = lock_down(flags, args, own)
  local env = sandbox.env(args, lib)
  env.arg[0] = own.public
  local chunk, load_err = real.load(text, "@" .. own.public, "t", env)
  if not chunk then return nil, load_err end
  core_sandbox.start(flags)
  return chunk
end

-- A trusted script (or -e code, or standard input) runs under the limits it was given, without
-- the sandbox's rules on files.
function sandbox.start_trusted(flags)
  if not (flags["max-memory"] or flags.timeout or flags["max-output"] or flags["max-depth"]) then
    return
  end
  if flags["max-depth"] then
    coroutine.resume, coroutine.wrap = core_sandbox.resume, core_sandbox.wrap
  end
  core_sandbox.start(flags, true)
end

local function say_sandboxed(path)
  io.stderr:write(string.format("chiso: %s is outside your trusted folders, so it runs in the "
    .. "sandbox (--trust runs it with full access)\n", path))
end

--[[
  Loads the script at path, to be called with the arguments args: trusted,
  or sandboxed as the flags (or the options before it in arg) and its folder
  decide. Returns the chunk, its limits started, or nil and a message when
  the file cannot be loaded. The host calls the chunk itself, so that the
  script's frames are where lua puts them (no library frame below its main
  chunk), and runs a sandboxed report in a process of its own, confined
  first (src/host/run.c), with flags.sandbox set.
]]
function sandbox.load_file(path, args, flags)
  flags = flags or flags_from_arg()
  local sandboxed = flags.sandbox or (not flags.trust and not sandbox.is_trusted(path))
  if not sandboxed then
    local chunk, err = loadfile(path, "t")
    if not chunk then return nil, err end
    sandbox.start_trusted(flags)
    return chunk
  end
  if not flags.sandbox then say_sandboxed(path) end
  return load_sandboxed(path, args, flags)
end

-- Runs the script as load_file loads it; returns true, or false and a message.
function sandbox.run_file(path, args, flags)
  local chunk, err = sandbox.load_file(path, args, flags)
  if not chunk then return false, err end
  chunk(table.unpack(args, 1, args.n or #args))
  return true
end

-- What the process of a sandboxed report may read (Landlock, src/core/base/confine.c): the
-- library and its scripts, data and docs, CHISO_DATA, the trust list and its folders,
-- --allow-read and the report itself. The Lua layer above decides what the report may read
-- among these (never the trust list).
local function process_reads(path, flags)
  local paths = require("chiso").paths
  local trust = require "chiso.sandbox_trust"
  local list = {paths.lua, paths.scripts, paths.data, paths.docs, path, trust.file()}
  for _, dir in ipairs(require("chiso.data").dirs()) do list[#list + 1] = dir end
  for _, entry in ipairs(trust.entries()) do list[#list + 1] = entry.dir end
  for _, dir in ipairs(flags["allow-read"] or {}) do list[#list + 1] = dir end
  return list
end

-- The script `chiso run NAME` means: a path as it is, a name looked up in the script folders.
local function find_script(name)
  local is_path = name:find("/", 1, true) or name:match("%.lua$")
  local path = is_path and name or require("chiso.cli").find(name)
  if not path or (is_path and not require("lfs").attributes(path, "mode")) then
    return nil, string.format("chiso run: no script '%s' (chiso list shows them)", name)
  end
  return path
end

--[[
  How the host runs a script, decided in chiso's own state before any
  report code exists: {path =, sandboxed =, out = its --out target, read =
  what its process may read}. script is a path, or with by_name what
  `chiso run NAME` names; nil and a message when there is no such script.
  Says so when a script runs sandboxed for lying outside the trusted folders.
]]
function sandbox.plan(script, args, flags, by_name)
  local path = script
  if by_name then
    local err
    path, err = find_script(script)
    if not path then return nil, err end
  end
  local sandboxed = flags.sandbox or (not flags.trust and not sandbox.is_trusted(path))
  if sandboxed and not flags.sandbox then say_sandboxed(path) end
  return {path = path, sandboxed = sandboxed and true or false, out = out_option(args),
          read = process_reads(path, flags), trust = require("chiso.sandbox_trust").file()}
end

-- For the audit (make sandbox-audit): a report's environment as a sandboxed run builds it.
function sandbox.audit_env(args)
  local lib = restrict_library(nil)
  return sandbox.env(args or {}, lib)
end

return sandbox
