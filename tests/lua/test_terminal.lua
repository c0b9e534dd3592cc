-- What chiso does on a terminal and off it: the progress bar when loading a
-- large file (only on a terminal), and the interactive prompt. A terminal is
-- provided by util-linux's `script`, which runs a command on a
-- pseudo-terminal.

local T = require "testing"

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")

local function run(cmd)
  local p = assert(io.popen(cmd, "r"))
  local out = p:read("a")
  p:close()
  return out
end

local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- How many times slower than usual chiso runs (make valgrind sets it).
local slowdown = tonumber(os.getenv("CHISO_TEST_SLOWDOWN")) or 1

-- A command run on a pseudo-terminal, with its input and output through `script`. The
-- input comes after a pause: typed before the prompt has set the terminal up, it may be
-- dropped. Input for the prompt ends by leaving with os.exit(), not with the end of the
-- input: `script` turns that into a Ctrl-D, which is lost if it comes while chiso is busy
-- with the line before (the terminal is then in line mode), and the prompt waits for ever.
-- `timeout` ends a run that hangs all the same.
local function on_terminal(cmd, input)
  local infile = T.tmpname(".in")
  T.write(infile, input or "")
  local feed = string.format("(sleep %.2f; cat %s)", 0.3 * slowdown, infile)
  return run(feed .. " | timeout " .. math.ceil(30 * slowdown) .. " script -qec " .. quote(cmd) ..
    " /dev/null 2>&1")
end

-- A 10 MB CSV: big enough for the progress bar, which starts at 8 MB.
local big = T.tmpname(".csv")
do
  local f = assert(io.open(big, "wb"))
  f:write("province,year,score\n")
  local line = "Thừa Thiên Huế,2023,46.0415\n"
  local rows = math.ceil(10 * 1024 * 1024 / #line)
  f:write(string.rep(line, rows))
  f:close()
end

local load = chiso_bin .. " -e " .. quote("local d = assert(chiso.read_csv(" .. string.format("%q", big) .. ")) print(#d)")

T.case("loading a large file on a terminal shows progress on stderr", function()
  local out = on_terminal(load)
  T.truthy(out:find("reading " .. big, 1, true), "names the file")
  T.truthy(out:find("100%", 1, true), "reaches 100%")
  T.truthy(out:find(" rows", 1, true), "counts rows")
  T.truthy(out:find("[####################]", 1, true), "full bar")
  T.truthy(out:find("\27[K", 1, true), "clears its line")
end)

T.case("no progress when stderr is not a terminal", function()
  local out = run(load .. " 2>&1")
  T.eq(out:match("^%d+\n$") ~= nil, true, "only the row count in " .. T.show(out:sub(1, 80)))
end)

T.case("progress = false turns it off on a terminal", function()
  local cmd = chiso_bin .. " -e " .. quote("assert(chiso.read_csv(" .. string.format("%q", big) ..
    ", {progress = false})) print('done')")
  local out = on_terminal(cmd)
  T.truthy(not out:find("reading", 1, true), "no progress in " .. T.show(out:sub(1, 80)))
end)

T.case("the prompt evaluates expressions and continues unfinished statements", function()
  local out = on_terminal(chiso_bin, "x = 41\nx + 1\nfor i = 1, 2 do\nprint(i * 10)\nend\nos.exit()\n")
  T.truthy(out:find("chiso> ", 1, true), "prompt")
  T.truthy(out:find("\n42\r?\n"), "x + 1 printed as 42")
  T.truthy(out:find("   ...> ", 1, true), "continuation prompt")
  T.truthy(out:find("\n10\r?\n20\r?\n"), "the loop ran once complete")
end)

-- As lua's prompt on a terminal (written by hand: 6 * 7 is 42).
T.case("on a terminal, _PROMPT and _PROMPT2 are the prompts and =expr shows expr", function()
  local cmd = chiso_bin .. " -e " .. quote("_PROMPT = 'mine> ' _PROMPT2 = 'more> '") .. " -i"
  local out = on_terminal(cmd, "x = 6 * 7\n=x\nfor i = 1, 1 do\nend\nos.exit()\n")
  T.truthy(out:find("mine> x = 6 * 7", 1, true), "_PROMPT in " .. T.show(out))
  T.truthy(out:find("more> end", 1, true), "_PROMPT2 in " .. T.show(out))
  T.truthy(out:find("mine> =x\r?\n42\r?\n"), "=x shows 42 in " .. T.show(out))
end)

T.case("the prompt prints a dataset as a table", function()
  local out = on_terminal(chiso_bin, 'chiso.dataset{ {"tỉnh", {"Lạng Sơn"}} }\nos.exit()\n')
  T.truthy(out:find("│ Lạng Sơn │", 1, true), "row of the table")
end)

T.finish()
