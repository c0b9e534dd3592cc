-- chiso's command line against Debian's lua5.4 (docs/cli.md, "As lua does"):
-- each case runs the same command with lua5.4 and with chiso and compares
-- standard output, standard error and the exit status, lua5.4's output
-- being the expected value. The two differ by design only in the program's
-- name in messages ("lua5.4:" where chiso says "chiso:"), which the
-- comparison maps, and in the prompt's default and the version line, which
-- the cases that show them set or leave out. Scripts are run by name from
-- their folder, so that a sandboxed report (named by its file name alone)
-- and lua5.4 name them alike.

local T = require "testing"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local quote = T.quote

local function have_lua()
  local p = io.popen("command -v lua5.4")
  local found = p:read("a")
  p:close()
  return found ~= ""
end

T.case("lua5.4 is there to compare with", function()
  T.truthy(have_lua(), "lua5.4 is missing: install Debian's lua5.4 (make test-deps does)")
end)
if not have_lua() then T.finish() end

-- A folder of its own for each case's scripts.
local dir = T.tmpname(".d")
assert(os.execute("mkdir -p " .. quote(dir)))

local function script(name, text)
  T.write(dir .. "/" .. name, text)
  return name
end

-- lua5.4's messages as chiso's: each "lua5.4: " at the start of a line becomes "chiso: ".
local function as_chiso(text)
  return (("\n" .. text):gsub("\nlua5%.4: ", "\nchiso: "):sub(2))
end

-- Runs cmd (with LUA where the interpreter goes) in the case folder, with env before it.
local function run_with(interpreter, cmd, env)
  local line = string.format("cd %s && %s%s", quote(dir), env and env .. " " or "",
    (cmd:gsub("LUA", function() return interpreter end)))
  local out, err, status = T.run(line)
  return {out = out, err = err, status = status}
end

--[[
  Runs cmd with lua5.4 and with chiso (chiso_options after its name: --sandbox
  for a sandboxed run) and checks that chiso printed and exited as lua5.4
  did; opts.env goes before both commands, opts.first_err compares only the
  first line of standard error (where the usage that follows differs).
]]
local function same_as_lua(cmd, opts)
  opts = opts or {}
  local want = run_with("lua5.4", cmd, opts.env)
  local got = run_with(chiso_bin .. (opts.chiso_options and " " .. opts.chiso_options or ""), cmd, opts.env)
  want.err = as_chiso(want.err)
  if opts.first_err then
    want.err, got.err = want.err:match("^[^\n]*"), got.err:match("^[^\n]*")
  end
  T.eq(got, want, cmd)
  return got
end

-- The warning function -------------------------------------------------------

-- The case of lua's own test suite (testes/main.lua): control messages and pieces.
local warnings = script("warnings.lua", [[
warn("@allow")               -- unknown control, ignored
warn("@off", "XXX", "@off")  -- these are not control messages
warn("@off")                 -- this one is
warn("@on", "YYY", "@on")    -- not control, but warn is off
warn("@off")                 -- keep it off
warn("@on")                  -- restart warnings
warn("", "@on")              -- again, no control, real warning
warn("@on")                  -- keep it "started"
warn("Z", "Z", "Z")          -- common warning
]])

T.case("warn is off by default: nothing is written", function()
  local got = same_as_lua("LUA " .. warnings)
  T.eq(got.err, "Lua warning: @on\nLua warning: ZZZ\n", "only what follows warn('@on')")
end)

T.case("-W turns warnings on; @on and @off are obeyed, other control messages ignored", function()
  same_as_lua("LUA -W " .. warnings)
end)

T.case("warn is off by default and -W turns it on in a sandboxed report too", function()
  same_as_lua("LUA " .. warnings, {chiso_options = "--sandbox"})
  same_as_lua("LUA -W " .. warnings, {chiso_options = "--sandbox"})
end)

T.case("-W before run turns a script's warnings on, trusted and sandboxed", function()
  local want = run_with("lua5.4", "LUA -W ./" .. warnings)
  for _, how in ipairs{"--trust", "--sandbox"} do
    local got = run_with(chiso_bin, "LUA -W run " .. how .. " ./" .. warnings)
    T.eq({got.err, got.status}, {want.err, want.status}, how)
  end
end)

local finalizers = script("finalizers.lua", [[
u1 = setmetatable({}, {__gc = function () error("XYZ") end})
u2 = setmetatable({}, {__gc = function () error("ZYX") end})
collectgarbage()
local dropped = setmetatable({}, {__gc = function () error("collected") end})
dropped = nil
collectgarbage()
print("end of script")
]])

T.case("errors in __gc finalizers are warnings, during the run and when the state closes", function()
  local got = same_as_lua("LUA -W " .. finalizers)
  T.truthy(got.err:find("Lua warning: error in __gc (finalizers.lua:4: collected)", 1, true), got.err)
  T.truthy(got.err:find("ZYX)\nLua warning: error in __gc (finalizers.lua:1: XYZ)\n", 1, true), got.err)
end)

-- A report may not call collectgarbage("collect"): its finalizers run when the state closes.
local closing = script("closing.lua", [[
u1 = setmetatable({}, {__gc = function () error("XYZ") end})
u2 = setmetatable({}, {__gc = function () error("ZYX") end})
]])

T.case("errors in __gc finalizers: silent without -W, warnings in a sandboxed report with it", function()
  same_as_lua("LUA " .. finalizers)
  local got = same_as_lua("LUA -W " .. closing, {chiso_options = "--sandbox"})
  T.eq(got.err, "Lua warning: error in __gc (closing.lua:2: ZYX)\n"
    .. "Lua warning: error in __gc (closing.lua:1: XYZ)\n", "both, the last made first")
end)

-- Where a script's frames are ----------------------------------------------------

local level2 = script("level2.lua", 'error("from the top level", 2)\n')
local nested = script("nested.lua", [[
local function inner() error("deep") end
local function outer() inner() end
outer()
]])
local frames = script("frames.lua", [[
print(select("#", ...), ...)
local info = debug.getinfo(2, "Sl")
print(info.what, info.short_src, info.currentline)
print(debug.getinfo(1, "S").what, debug.getinfo(3) == nil)
print((debug.traceback("here", 1):gsub("\n[^\n]*$", "")))
]])

T.case("error(msg, 2) at a script's top level names no library file (trusted)", function()
  local got = same_as_lua("LUA " .. level2)
  T.eq(got.err:match("^[^\n]*"), "chiso: from the top level", "the message alone")
end)

T.case("error(msg, 2) at a sandboxed report's top level names no library file", function()
  same_as_lua("LUA " .. level2, {chiso_options = "--sandbox"})
end)

T.case("a traceback from a script is lua's, trusted and sandboxed", function()
  local got = same_as_lua("LUA " .. nested)
  local ending = "\tnested.lua:3: in main chunk\n\t[C]: in ?\n"
  T.eq(got.err:sub(-#ending), ending, "the main chunk, called from C")
  same_as_lua("LUA " .. nested, {chiso_options = "--sandbox"})
end)

T.case("debug.getinfo(2) at a script's top level is the C frame that called it", function()
  local got = same_as_lua("LUA " .. frames .. " a b")
  T.truthy(got.out:find("^2\ta\tb\nC\t%[C%]\t%-1\nmain\ttrue\n"), got.out)
end)

T.case("chiso run PATH runs the script from the same frame", function()
  local want = run_with("lua5.4", "LUA " .. nested)
  local got = run_with(chiso_bin, "LUA run ./" .. nested)
  T.eq(got.err, (as_chiso(want.err):gsub("nested%.lua", "./nested.lua")), "traceback")
  T.eq(got.status, want.status, "status")
end)

T.case("standard input as a script (-) runs from the same frame, with its arguments", function()
  same_as_lua("LUA - x y < " .. frames)
end)

T.case("an error at the prompt has lua's traceback", function()
  local want = run_with("lua5.4", "printf 'error(\"at the prompt\")\\n' | LUA -i")
  local got = run_with(chiso_bin, "printf 'error(\"at the prompt\")\\n' | LUA -i")
  -- lua names no program at its prompt; chiso keeps its "chiso: " (docs/cli.md)
  T.eq(got.err, "chiso: " .. want.err, "message and traceback")
end)

-- No Lua error aborts ---------------------------------------------------------

T.case("a broken arg is 'arg' is not a table and status 1, not an abort", function()
  local got = same_as_lua("echo 'print(1)' | LUA -e 'arg = 1' -")
  T.eq({got.err, got.status}, {"chiso: 'arg' is not a table\n", 1}, "message and status")
end)

T.case("a broken print at the prompt is reported and the prompt carries on", function()
  local want = run_with("lua5.4", "printf '10\\nprint = nil\\n' | LUA -e 'print = nil' -i")
  local got = run_with(chiso_bin, "printf '10\\nprint = nil\\n' | LUA -e 'print = nil' -i")
  T.eq(got.err, "chiso: " .. want.err, "error calling 'print'")
  T.eq(got.status, want.status, "status")
end)

T.case("a _PROMPT whose __tostring fails ends the prompt as lua's does", function()
  local cmd = "echo 1 | LUA -e \"_PROMPT = setmetatable({}, {__tostring = function() error('no') end})\" -i"
  local want = run_with("lua5.4", cmd)
  local got = run_with(chiso_bin, cmd)
  -- lua names no program once its prompt has started; chiso keeps its "chiso: " (docs/cli.md)
  T.eq({got.err, got.status}, {"chiso: " .. want.err, want.status}, "message and status")
end)

-- Command-line forms -------------------------------------------------------------

T.case("-e and -l take their argument in the same word", function()
  same_as_lua([[LUA "-eprint(1)" -ea=3 -e "print(a)"]])
  same_as_lua([[LUA -lstring -e "print(string.rep('ab', 2))"]])
end)

T.case("-l g=mod requires mod into the global g", function()
  same_as_lua([[LUA -l 'str=string' '-lm=math' -e "print(m.max(10, 20), str.upper('alo'))"]])
end)

T.case("-l runs in order with -e", function()
  script("mod_a.lua", "print('loading mod_a'); return {x = 15}")
  same_as_lua([[LUA -e "print(mod_a)" -l mod_a -e "print(mod_a.x)"]], {env = "LUA_PATH='?.lua;;'"})
end)

-- The first line of the message is lua's; lua.c exits 1 on a usage error, chiso 2 (docs/cli.md).
local function same_usage_error(options)
  local want = run_with("lua5.4", "LUA " .. options)
  local got = run_with(chiso_bin, "LUA " .. options)
  T.eq(got.err:match("^[^\n]*"), as_chiso(want.err):match("^[^\n]*"), options)
  T.eq({want.status, got.status}, {1, 2}, options .. ": status")
end

T.case("an option's missing or dashed argument is a usage error", function()
  same_usage_error("-e")
  same_usage_error("-l")
  same_usage_error("-e -x")
end)

T.case("unknown options, and -E, -W, -i and -v with letters after them, are usage errors", function()
  for _, options in ipairs{"-Ex", "-Wx", "-vv", "-iv", "---", "-x"} do
    same_usage_error(options)
  end
end)

T.case("arg holds the options before the script, as typed", function()
  local args = script("args.lua", "print(arg[-3] ~= nil, arg[-2], arg[-1], arg[0], #arg, ...)\n")
  same_as_lua([[LUA "-e " -- ]] .. args .. " a b c")
  same_as_lua([[LUA -W -e "x=1" ]] .. args .. " a")
end)

T.case("-- then - runs a file named '-'", function()
  script("-", "print('the file named -')\n")
  same_as_lua("LUA -- - < /dev/null")
end)

-- LUA_INIT ------------------------------------------------------------------------

T.case("LUA_INIT runs first, and sees arg", function()
  local printx = script("printx.lua", "print(X)\n")
  same_as_lua("LUA " .. printx .. " 3.2", {env = "LUA_INIT='X = tonumber(arg[1])'"})
end)

T.case("LUA_INIT_5_4 wins over LUA_INIT", function()
  same_as_lua("LUA -e 'print(X)'", {env = "LUA_INIT_5_4='X = 10' LUA_INIT='X = 3'"})
end)

T.case("LUA_INIT=@file runs the file, without the script's arguments", function()
  local init = script("init.lua", "x = (x or 10) print(x, ...) x = x + 1\n")
  same_as_lua("LUA " .. init .. " a", {env = "LUA_INIT=@" .. init})
end)

T.case("an error in LUA_INIT stops the run, named LUA_INIT", function()
  local got = same_as_lua("LUA -e 'print(1)'", {env = [[LUA_INIT="error('msg')"]]})
  T.truthy(got.err:find("^chiso: LUA_INIT:1: msg\n"), got.err)
end)

T.case("-E ignores LUA_INIT, LUA_PATH and LUA_CPATH", function()
  same_as_lua("LUA -E -e 'print(package.path, package.cpath)'",
    {env = "LUA_INIT='error(10)' LUA_PATH=xxx LUA_CPATH=xxx"})
end)

T.case("LUA_PATH and LUA_PATH_5_4 set package.path, as lua's", function()
  same_as_lua("LUA -e 'print(package.path)'", {env = "LUA_PATH=x"})
  same_as_lua("LUA -e 'print(package.path)'", {env = "LUA_PATH_5_4=y LUA_PATH=x"})
  same_as_lua("LUA -e 'print(package.path)'", {env = "LUA_PATH='a;;b'"})
end)

T.case("a module found nowhere: require's message lists Lua's places, as lua's", function()
  same_as_lua([[LUA -e "require 'no_such_module'"]])
end)

-- chiso's own: a sandboxed report never runs LUA_INIT (written by hand: lua has no sandbox)
T.case("a sandboxed report never runs LUA_INIT", function()
  local printx = script("printx.lua", "print(X)\n")
  local got = run_with(chiso_bin, "LUA --sandbox " .. printx, "LUA_INIT='X = 1 print(\"init ran\")'")
  T.eq({got.out, got.err, got.status}, {"nil\n", "", 0}, "no LUA_INIT")
  got = run_with(chiso_bin, "LUA --sandbox -e 'print(X)'", "LUA_INIT='X = 1'")
  T.eq({got.out, got.status}, {"nil\n", 0}, "nor with --sandbox and -e")
end)

-- The prompt off a terminal ---------------------------------------------------------

-- lua5.4 -i shows its version first (chiso its own): both are left out.
local function same_prompt(input, options)
  local cmd = string.format("printf %s | LUA %s -i | sed 1d", quote(input), options)
  same_as_lua(cmd)
end

T.case("_PROMPT and _PROMPT2 are the prompts; each line read is shown after its prompt", function()
  same_prompt("x = 1\nx + 1\nfor i = 1, 2 do\nprint(i)\nend\n", [[-e "_PROMPT = 'P1 ' _PROMPT2 = 'P2 '"]])
end)

T.case("a _PROMPT that is not a string goes through tostring", function()
  same_prompt(" --\na = 2\n",
    [[-e "local c = 0 _PROMPT = setmetatable({}, {__tostring = function() c = c + 1 return c end})"]])
end)

T.case("=expr on the first line is return expr", function()
  same_prompt("a = [[b\nc]]\n=a\n= 1, 2\n", [[-e "_PROMPT = '' _PROMPT2 = ''"]])
end)

T.case("chiso's own prompts when _PROMPT and _PROMPT2 are not set", function()
  -- written by hand: lua5.4 would show "> " and ">> " (docs/cli.md)
  local got = run_with(chiso_bin, "printf 'for i = 1, 1 do\\nend\\n' | LUA -i | sed 1d")
  T.eq(got.out, "chiso> for i = 1, 1 do\n   ...> end\nchiso> \n", "prompts")
end)

os.execute("rm -rf " .. quote(dir))
T.finish()
