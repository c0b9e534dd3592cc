-- compare.lua: runs Lua 5.4's own test suite with chiso and with the lua
-- interpreter and prints the two results side by side (make luatest; docs/cli.md,
-- "The official Lua test suite"). Run by lua5.4, not by chiso, so the tool
-- that judges is not the one judged:
--
--   lua5.4 tests/luasuite/compare.lua SUITE CHISO LUA
--
-- SUITE is the folder that holds all.lua. First all.lua in user mode
-- (-e "_U=true" all.lua, in SUITE), which stops at the first failing file:
-- each file is shown passed, failed or not run, then the last line, the
-- warnings, the exit status and the time. Then main.lua on its own (all.lua
-- skips it in user mode: it tests the interpreter's command line by running
-- it), with an assert that counts a failed check and goes on.

local suite, chiso, lua = ...
if not (suite and chiso and lua) then
  io.stderr:write("usage: lua5.4 tests/luasuite/compare.lua SUITE CHISO LUA\n")
  os.exit(2)
end

local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local text = f:read("a")
  f:close()
  return text
end

local all = read(suite .. "/all.lua")
if not all then
  io.stderr:write(string.format("luatest: %s/all.lua is missing: LUA_TESTS must name the "
    .. "folder of Lua's test suite that holds all.lua\n", suite))
  os.exit(2)
end

-- The files all.lua runs, in order; marked when all.lua prints "***** FILE 'x'*****" before it
-- (its own dofile and report do; olddofile does not).
local function suite_files()
  local files, seen = {}, {}
  for call, name in all:gmatch("(%a+)%s*%(?%s*['\"]([%w_]+%.lua)['\"]") do
    if (call == "dofile" or call == "olddofile" or call == "loadfile" or call == "report")
        and not seen[name] then
      seen[name] = #files + 1
      files[#files + 1] = {name = name, marked = call == "dofile" or call == "report"}
    elseif call == "report" and seen[name] then
      files[seen[name]].marked = true
    end
  end
  return files
end

local scratch = os.tmpname()

-- Runs command in the suite's folder; its stdout, stderr, exit status and seconds.
local function run(command)
  local out, err = scratch .. ".out", scratch .. ".err"
  local p = assert(io.popen(string.format(
    "cd %s && s=$(date +%%s%%N); timeout 900 %s >%s 2>%s </dev/null; c=$?; e=$(date +%%s%%N); "
      .. "echo \"$c $(( (e - s) / 1000000 ))\"", quote(suite), command, quote(out), quote(err))))
  local status, ms = p:read("a"):match("(%d+) (%d+)")
  p:close()
  local result = {out = read(out) or "", err = read(err) or "", status = tonumber(status),
                  seconds = tonumber(ms) / 1000}
  os.remove(out)
  os.remove(err)
  return result
end

-- The lines of text that hold more than the gc tests' progress dots, without the dots in front.
local function lines(text)
  local list = {}
  for line in text:gmatch("[^\n]+") do
    line = line:gsub("^%.+", "")
    if line ~= "" then list[#list + 1] = line end
  end
  return list
end

-- The warnings on stderr ("Lua warning: ..."), which may follow the gc tests' dots on a line.
local function warnings(err)
  local list = {}
  for line in err:gmatch("[^\n]+") do
    local w = line:match("(%a*%s?[Ww]arning:.*)$")
    if w then list[#list + 1] = w end
  end
  return list
end

-- The error that ended a run: the message before the last traceback on stderr (programs the
-- tests run write there too), else the first line that is not a warning or the gc tests' dots.
local function first_error(err)
  local list, first = lines(err), nil
  for i = #list, 2, -1 do
    if list[i] == "stack traceback:" then return list[i - 1] end
  end
  for _, line in ipairs(list) do
    if not first and not line:find("[Ww]arning:") then
      first = line
    end
  end
  return first
end

-- Each file's fate in one run: "ok", "FAILED", "not run" or "skipped".
local function fates(files, r)
  local reached, last = {}, 0
  for name in r.out:gmatch("%*%*%*%*%* FILE '([%w_]+%.lua)'%*%*%*%*%*") do
    reached[name] = true
  end
  for i, f in ipairs(files) do
    if reached[f.name] then last = i end
  end
  local final = r.out:find("final OK !!!", 1, true) ~= nil
  local failing
  if not final then
    local at = (first_error(r.err) or ""):match("([%w_]+%.lua):%d+:")
    for i, f in ipairs(files) do
      if f.name == at and i >= last then failing = i end
    end
    failing = failing or last
  end
  local result = {}
  for i, f in ipairs(files) do
    local ran = reached[f.name] or (not f.marked and (final or i < (failing or 0)))
    if failing and i == failing then
      result[i] = "FAILED"
    elseif failing and i > failing then
      result[i] = "not run"
    elseif f.marked and not ran then
      result[i] = "skipped"
    elseif f.name == "main.lua" and not r.out:find("testing stand-alone interpreter", 1, true) then
      result[i] = "skipped (user mode)"
    else
      result[i] = "ok"
    end
  end
  return result, final
end

local function cut(s, n)
  s = s or ""
  return #s > n and s:sub(1, n - 3) .. "..." or s
end

local function row(label, a, b)
  print(string.format("  %-22s %-30s %s", label, cut(a, 30), cut(b, 44)))
end

-- A failed check prints its place and goes on, so main.lua's failures are counted, not just the first.
local soft_assert = [[
assert = function(v, ...)
  if not v then
    local at = debug.getinfo(2, "Sl")
    io.stdout:write(string.format("check failed: %s:%d\n", at.short_src, at.currentline))
  end
  return v, ...
end]]

local interpreters = {
  {label = "chiso --trust", command = quote(chiso) .. " --trust",
   -- main.lua writes its test scripts to the temporary folder and runs them: trusted there, as lua runs them
   env = "env CHISO_TRUST=" .. quote(os.getenv("TMPDIR") or "/tmp") .. " "},
  {label = lua, command = lua, env = ""},
}

local files = suite_files()
print(string.format("Lua's test suite in %s, user mode: -e \"_U=true\" all.lua", suite))
print()
local results = {}
for k, it in ipairs(interpreters) do
  results[k] = run(it.env .. it.command .. " -e '_U=true' all.lua")
end
local a_fates, a_final = fates(files, results[1])
local b_fates, b_final = fates(files, results[2])
row("", interpreters[1].label, interpreters[2].label)
for i, f in ipairs(files) do
  row(f.name, a_fates[i], b_fates[i])
end
local function passed(list)
  local n = 0
  for _, fate in ipairs(list) do
    if fate == "ok" then n = n + 1 end
  end
  return string.format("%d of %d ok", n, #list)
end
row("files", passed(a_fates), passed(b_fates))
row("final OK", a_final and "yes" or "no", b_final and "yes" or "no")
row("last line", (lines(results[1].out)[#lines(results[1].out)]), (lines(results[2].out)[#lines(results[2].out)]))
row("error", first_error(results[1].err) or "-", first_error(results[2].err) or "-")
row("warnings", tostring(#warnings(results[1].err)), tostring(#warnings(results[2].err)))
row("exit status", tostring(results[1].status), tostring(results[2].status))
row("time", string.format("%.2f s", results[1].seconds), string.format("%.2f s", results[2].seconds))
for k, it in ipairs(interpreters) do
  print()
  print(string.format("warnings of %s:", it.label))
  local list = warnings(results[k].err)
  if #list == 0 then print("  (none)") end
  for _, w in ipairs(list) do print("  " .. w) end
end
for k, it in ipairs(interpreters) do
  local e = first_error(results[k].err)
  if e then
    print()
    print(string.format("stderr of %s (first lines):", it.label))
    local shown = 0
    for _, line in ipairs(lines(results[k].err)) do
      if shown < 12 then
        print("  " .. line)
        shown = shown + 1
      end
    end
  end
end

print()
print("main.lua on its own (the interpreter's command line; all.lua skips it in user mode),")
print("a failed check counted and passed over:")
print()
local mains = {}
for k, it in ipairs(interpreters) do
  mains[k] = run(it.env .. it.command .. " -e " .. quote(soft_assert) .. " main.lua")
end
local function checks(r)
  local list = {}
  for place in r.out:gmatch("check failed: ([^\n]+)") do list[#list + 1] = place:match(":(%d+)$") or place end
  return list
end
local function ended(r)
  if r.out:match("\nOK\n$") then return "ran to its end" end
  return "stopped: " .. (first_error(r.err) or "exit status " .. r.status)
end
row("", interpreters[1].label, interpreters[2].label)
row("checks failed", tostring(#checks(mains[1])), tostring(#checks(mains[2])))
row("end", ended(mains[1]), ended(mains[2]))
row("exit status", tostring(mains[1].status), tostring(mains[2].status))
row("time", string.format("%.2f s", mains[1].seconds), string.format("%.2f s", mains[2].seconds))
for k, it in ipairs(interpreters) do
  local list = checks(mains[k])
  if #list > 0 or not mains[k].out:match("\nOK\n$") then
    print()
    print(string.format("main.lua with %s:", it.label))
  end
  if #list > 0 then
    print("  lines of the failed checks: " .. table.concat(list, " "))
  end
  if not mains[k].out:match("\nOK\n$") then
    print("  " .. ended(mains[k]))
  end
end
os.remove(scratch)
