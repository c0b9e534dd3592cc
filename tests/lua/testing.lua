-- testing: the small harness every Lua test file uses.
--
-- Each case prints one line, "ok <name>" or "not ok <name>: <what differed>",
-- which tests/run counts. T.finish() ends the file with a non-zero exit
-- status when any case failed.

local T = {}

local failed = 0

local function show(v)
  if type(v) == "string" then
    return string.format("%q", v)
  end
  if type(v) ~= "table" then
    return tostring(v)
  end
  local parts = {}
  for i = 1, #v do
    parts[#parts + 1] = show(v[i])
  end
  local keys = {}
  for k in pairs(v) do
    if not (math.type(k) == "integer" and k >= 1 and k <= #v) then
      keys[#keys + 1] = k
    end
  end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  for _, k in ipairs(keys) do
    parts[#parts + 1] = tostring(k) .. " = " .. show(v[k])
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end
T.show = show

-- Equal values, tables compared deeply; integer 1 and float 1.0 differ.
local function same(a, b)
  if type(a) ~= type(b) then
    return false
  end
  if type(a) == "number" then
    if math.type(a) ~= math.type(b) then
      return false
    end
    return a == b or (a ~= a and b ~= b)
  end
  if type(a) ~= "table" then
    return a == b
  end
  for k, v in pairs(a) do
    if not same(v, b[k]) then
      return false
    end
  end
  for k in pairs(b) do
    if a[k] == nil then
      return false
    end
  end
  return true
end
T.same = same

local function fail(what, level)
  error(what, (level or 1) + 2)
end

function T.eq(actual, expected, what)
  if not same(actual, expected) then
    fail(string.format("%s: expected %s, got %s", what or "value", show(expected), show(actual)))
  end
end

function T.near(actual, expected, tolerance, what)
  if type(actual) ~= "number" or math.abs(actual - expected) > tolerance then
    fail(string.format("%s: expected %s within %g, got %s", what or "value", show(expected),
      tolerance, show(actual)))
  end
end

function T.truthy(value, what)
  if not value then
    fail((what or "condition") .. " was " .. show(value))
  end
end

-- fn must raise an error whose message contains text (plain, not a pattern).
function T.raises(fn, text, what)
  local ok, err = pcall(fn)
  if ok then
    fail((what or "call") .. " did not raise an error")
  end
  err = tostring(err)
  if not err:find(text, 1, true) then
    fail(string.format("%s: error %s does not contain %s", what or "call", show(err), show(text)))
  end
end

function T.case(name, fn)
  local ok, err = xpcall(fn, function(m) return tostring(m) end)
  if ok then
    print("ok " .. name)
  else
    failed = failed + 1
    print("not ok " .. name .. ": " .. tostring(err):gsub("\n", " | "))
  end
end

-- A path for a scratch file, removed by T.finish().
local scratch = {}
function T.tmpname(suffix)
  local path = os.tmpname() .. (suffix or "")
  scratch[#scratch + 1] = path
  return path
end

function T.write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

function T.read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

-- s quoted for the shell.
function T.quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Runs a shell command; returns its stdout, its stderr, its exit status and the seconds it took.
function T.run(cmd)
  local err = T.tmpname(".err")
  local t0 = os.time()
  local clock = chiso and chiso.clock
  local start = clock and clock() or t0
  local p = assert(io.popen(cmd .. " 2>" .. err .. "; echo \"status $?\""))
  local out = p:read("a")
  p:close()
  local seconds = (clock and clock() or os.time()) - start
  local status = tonumber(out:match("status (%d+)\n$"))
  local text = T.read(err)
  os.remove(err)
  return (out:gsub("status %d+\n$", "")), text, status, seconds
end

-- A fresh empty folder from mktemp -d; the caller removes it.
function T.scratch_dir()
  local pipe = io.popen("mktemp -d")
  local dir = pipe:read("l")
  pipe:close()
  assert(dir and dir:find("^/"), "mktemp -d failed")
  return dir
end

-- The path of the program name on PATH, or nil when it is not installed.
function T.command_path(name)
  local pipe = io.popen("command -v " .. T.quote(name) .. " 2>/dev/null")
  local path = pipe:read("l")
  pipe:close()
  return path
end

-- The names in folder dir (without "." and ".."), sorted.
function T.files_in(dir)
  local lfs = require "lfs"
  local names = {}
  for name in lfs.dir(dir) do
    if name ~= "." and name ~= ".." then names[#names + 1] = name end
  end
  table.sort(names)
  return names
end

-- Removes a folder and everything in it (links are removed, not followed).
function T.remove_tree(path)
  local lfs = require "lfs"
  local mode = lfs.symlinkattributes(path, "mode")
  if mode == "directory" then
    for _, name in ipairs(T.files_in(path)) do T.remove_tree(path .. "/" .. name) end
    lfs.rmdir(path)
  elseif mode then
    os.remove(path)
  end
end

function T.finish()
  for _, path in ipairs(scratch) do
    os.remove(path)
    os.remove(path:gsub("%.[^./]*$", ""))
  end
  io.stdout:flush()
  os.exit(failed == 0 and 0 or 1)
end

-- A dataset's column types as a plain array (ds:types() also has them keyed by name).
-- A column's values as an array, chiso.null for nulls.
function T.values(ds, name)
  return ds:col(name):totable()
end

-- The dataset and report parse_csv makes of text; fails the case (at the caller) when it refuses it.
function T.parse_csv(text, opts)
  local ds, report = chiso.parse_csv(text, opts)
  if ds == nil then
    error("parse_csv refused the text: " .. tostring(report), 2)
  end
  return ds, report
end

function T.types(ds)
  local t = ds:types()
  local list = {}
  for i = 1, #t do
    list[i] = t[i]
  end
  return list
end

-- Name, type and values of every column of a dataset, in order.
function T.contents(d)
  local t = {}
  for i, name in ipairs(d:names()) do
    local c = d:col(name)
    t[i] = {name, c:type(), c:totable()}
  end
  return t
end

-- A scratch folder to give as CHISO_DATA, holding a par_index.csv of the given data lines.
function T.par_index_dir(lines)
  local dir = T.tmpname("-data")
  assert(os.execute("mkdir -p '" .. dir .. "'"))
  T.write(dir .. "/par_index.csv", "year,province,score,rank,basis,source\n" ..
    table.concat(lines, "\n") .. "\n")
  return dir
end

-- par_index.csv lines for every province of provinces.csv in one year, scoring 90.0,
-- 89.5, 89.0 ... in file order, with no rank.
function T.every_province(year)
  local lines = {}
  for i, row in chiso.data.load("provinces"):rows() do
    lines[i] = string.format("%d,%s,%.1f,,stated,test", year, row.province, 90 - (i - 1) / 2)
  end
  return lines
end

-- The directory of the test file being run, for fixtures beside it.
function T.here()
  local source = debug.getinfo(2, "S").source
  return (source:match("^@(.*)/[^/]*$") or ".")
end

return T
