-- sandbox_audit.lua: everything a sandboxed report can reach, walked from the
-- environment a sandboxed run builds (chiso.sandbox.audit_env), one line a
-- name: "name  kind  reason", the reason from chiso.sandbox_surface, or
-- "NOT ON THE LIST". `make sandbox-audit` prints it; docs/sandbox.md carries
-- it; tests/lua/test_sandbox_audit.lua checks both.
--
-- The walk follows every field of every table (library tables through their
-- read-only views), the refused libraries the environment answers from its
-- metatable, and what functions hand back: a dataset and a column (their
-- methods and metamethods, which operators reach), a group, a report
-- document and its metatable (getmetatable shows a report a table's
-- metatable). It runs trusted, as the audit must see what a report cannot.
-- Used as a module: returns walk(), which returns the lines.

local debug = debug -- audit_env takes the global away, as a sandboxed run does
local sandbox = require "chiso.sandbox"
local surface = require "chiso.sandbox_surface"

-- The "<ancestor>.*" entry that covers name.
local function covering(name)
  local prefix = name:match("^(.*)%.[^.]+$")
  while prefix do
    if surface[prefix .. ".*"] then return prefix .. ".*" end
    prefix = prefix:match("^(.*)%.[^.]+$")
  end
end

local function kind_of(v)
  local t = type(v)
  if t == "table" or t == "function" or t == "userdata" then return t end
  return "value"
end

local function sorted_keys(t, iterate)
  local keys = {}
  for k in iterate(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

local function walk()
  local env = sandbox.audit_env({})
  local found, seen = {}, {[env] = true}
  local function record(name, v)
    found[name] = kind_of(v)
  end
  local function visit(t, prefix, iterate)
    for _, k in ipairs(sorted_keys(t, iterate or pairs)) do
      local v = t[k]
      local name = prefix .. tostring(k)
      record(name, v)
      if type(v) == "table" and not seen[v] then
        seen[v] = true
        visit(v, name .. ".")
      end
    end
  end
  visit(env, "")
  -- the refused libraries, answered from the environment's metatable
  for _, name in ipairs{"io", "debug", "package"} do
    record(name, env[name])
  end
  -- the modules require gives (a name on the list that require accepts)
  for _, name in ipairs(sorted_keys(surface, pairs)) do
    local ok, module = pcall(env.require, name)
    if ok and type(module) == "table" then
      record(name, module)
      if not seen[module] then
        seen[module] = true
        visit(module, name .. ".")
      end
    end
  end
  -- what the library hands back
  local ds = env.chiso.dataset{a = {1, 2}, b = {"x", "y"}}
  local function methods_of(object, prefix)
    local mt = debug.getmetatable(object)
    for _, k in ipairs(sorted_keys(mt, pairs)) do
      if k ~= "methods" and k ~= "__name" then record(prefix .. tostring(k), mt[k]) end
    end
    if type(mt.methods) == "table" then visit(mt.methods, prefix) end
  end
  methods_of(ds, "chiso.Dataset.")
  methods_of(ds.a, "chiso.Column.")
  methods_of(ds:group_by("a"), "chiso.Dataset.group_by().")
  local doc = env.require("chiso.report").new{title = "audit"}
  local mt = getmetatable(doc)
  seen[doc], seen[mt] = true, true
  visit(doc, "chiso.report.new().")
  visit(mt, "chiso.report.new().")
  -- functions one a line; data under a "<table>.*" entry as one line with its count
  local lines, data = {}, {}
  for _, name in ipairs(sorted_keys(found, pairs)) do
    local why = sandbox.reason(name)
    local wildcard = not surface[name] and why and covering(name)
    if wildcard and found[name] ~= "function" then
      data[wildcard] = (data[wildcard] or 0) + 1
    else
      lines[#lines + 1] = string.format("%-44s %-9s %s", name, found[name], why or "NOT ON THE LIST")
    end
  end
  for wildcard, n in pairs(data) do
    lines[#lines + 1] = string.format("%-44s %-9s %s", wildcard, "data", surface[wildcard] .. " (" .. n .. ")")
  end
  table.sort(lines)
  return lines
end

if ... == nil or ... ~= "sandbox_audit" then
  print(table.concat(walk(), "\n"))
end
return walk
