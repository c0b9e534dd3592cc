-- The benchmark's answers, never its times: bench/workload.lua and
-- bench/plain.lua run on a small panel with ties and missing rows give pandas'
-- answers (tests/bench/README.md says how the panel, the entity table and the
-- answers were made); bench/compare.awk, which stops `make bench` on a wrong
-- answer, sees a wrong answer; bench/load.lua prints what bench/run reads;
-- chiso.clock is a wall clock.

local T = require "testing"

local CHISO = os.getenv("CHISO") or "chiso"
local ROOT = os.getenv("ROOT") or "../.."
local PANEL = ROOT .. "/tests/bench/panel-60x8.csv"
local EXPECTED = ROOT .. "/tests/bench/expected.txt"
local ENTITIES = ROOT .. "/tests/bench/entities-60.csv"
local EXPECTED_PLAIN = ROOT .. "/tests/bench/expected-plain.txt"

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Runs a script of bench/ with its arguments; returns what it printed and whether it succeeded.
local function run_script(script, ...)
  local args = {}
  for i, a in ipairs{...} do args[i] = shell_quote(a) end
  local command = string.format("%s --trust %s %s 2>&1", shell_quote(CHISO),
    shell_quote(ROOT .. "/bench/" .. script), table.concat(args, " "))
  local p = assert(io.popen(command))
  local printed = p:read("a")
  return printed, p:close()
end

-- Runs a workload on the panel; returns what it printed and the answers it wrote.
local function run_workload(script, ...)
  local out = T.tmpname(".txt")
  local args = {...}
  args[#args + 1] = out
  local printed, ok = run_script(script, table.unpack(args))
  T.truthy(ok, "the workload's exit status (it printed: " .. printed .. ")")
  return printed, T.read(out)
end

local function lines_of(text)
  local list = {}
  for l in text:gmatch("([^\n]*)\n") do list[#list + 1] = l end
  return list
end

local function fields_of(l)
  local list = {}
  for f in (l .. ","):gmatch("([^,]*),") do list[#list + 1] = f end
  return list
end

-- Integers must be equal, other numbers within 1e-9 relative, text exactly.
local function field_agrees(want, got)
  if want == got then return true end
  local a, b = tonumber(want), tonumber(got)
  if not a or not b or want:match("^%-?%d+$") and got:match("^%-?%d+$") then return false end
  return math.abs(a - b) <= 1e-9 * math.max(math.abs(a), math.abs(b))
end

-- Each line of got agrees with the same line of the file want.
local function same_answers(want_path, got)
  T.truthy(got, "answers were written")
  local want, lines = lines_of(T.read(want_path)), lines_of(got)
  T.eq(#lines, #want, "number of answer lines")
  for i = 1, #want do
    local wf, gf = fields_of(want[i]), fields_of(lines[i] or "")
    local same = #wf == #gf
    for k = 1, #wf do
      same = same and field_agrees(wf[k], gf[k])
    end
    T.truthy(same, string.format("line %d: expected %q, got %q", i, want[i], lines[i]))
  end
end

local printed, answers

T.case("the workload runs on the small panel and times its six phases", function()
  printed, answers = run_workload("workload.lua", PANEL)
  for _, name in ipairs{"load", "rank", "lag", "risers", "cor", "mean"} do
    T.truthy(printed:find("phase " .. name .. " %d"), "a time for phase " .. name)
  end
  T.truthy(printed:find("total %d"), "an end-to-end time")
end)

T.case("its answers are pandas' (integers exactly, floats to 1e-9)", function()
  same_answers(EXPECTED, answers)
end)

local plain_printed, plain_answers

T.case("the plain workload runs on the small panel and times its five phases", function()
  plain_printed, plain_answers = run_workload("plain.lua", PANEL, ENTITIES)
  for _, name in ipairs{"load", "years", "band", "join", "pivot"} do
    T.truthy(plain_printed:find("phase " .. name .. " %d"), "a time for phase " .. name)
  end
  T.truthy(plain_printed:find("total %d"), "an end-to-end time")
end)

T.case("the plain workload's answers are pandas' (integers exactly, floats to 1e-9)", function()
  same_answers(EXPECTED_PLAIN, plain_answers)
end)

T.case("the plain answers hold what the test relies on: band edges, entities left out, gaps", function()
  -- Guards the fixtures, so regenerated files without these cases are noticed.
  local panel, entities = T.read(PANEL), T.read(ENTITIES)
  local function count(text, pattern)
    local n = 0
    for _ in text:gmatch(pattern) do n = n + 1 end
    return n
  end
  T.eq(count(panel, "\nE%d+,%a+,%d+,75%.00,"), 8, "rows scoring exactly 75 (the edge of 'high')")
  T.eq(count(panel, "\nE%d+,%a+,%d+,50%.00,"), 8, "rows scoring exactly 50 (the edge of 'middle')")
  T.truthy(not entities:find("\nE00044,", 1, true) and not entities:find("\nE00059,", 1, true),
    "E00044 and E00059 are not in the entity table")
  local text = T.read(EXPECTED_PLAIN)
  T.truthy(text:find("\nhigh,82,", 1, true) and text:find("\nmiddle,149,", 1, true)
    and text:find("\nlow,238,", 1, true), "82, 149 and 238 rows in the bands (awk counts the same)")
  T.truthy(text:find("\n2021,58,2888\n", 1, true), "2021's column of the pivot has 58 values")
end)

T.case("bench/load.lua prints the load's wall time, rows and processor time", function()
  local printed_load, ok = run_script("load.lua", PANEL)
  T.truthy(ok, "its exit status (it printed: " .. printed_load .. ")")
  local wall, rows, cpu = printed_load:match("^(%d+%.%d+) (%d+) (%d+%.%d+)\n$")
  T.truthy(wall, "three numbers on one line, got " .. printed_load)
  T.eq(rows, "469", "the panel's rows")
end)

T.case("the answers hold what the test relies on: ties, gaps, a tie among the risers", function()
  -- Guards the fixture, so a regenerated panel without these cases is noticed.
  local text = T.read(EXPECTED)
  T.truthy(text:find("\nE00054,Delta,2024,65,14,42,28\nE00020,Vale,2024,65,14,39,25\n", 1, true),
    "two risers tied at rank 14")
  T.truthy(text:find("\nE00023,Marsh,2024,47,30,43,13\nE00044,Coast,2024,90,3,16,13\n", 1, true),
    "two risers tied at +13, in entity order")
  T.truthy(text:find("\n2022,59,1752,57,-65\n", 1, true), "2022 has 59 rows, 2 without a 2021 row")
end)

T.case("bench/compare.awk passes equal answers and stops on a wrong one", function()
  local function compare(a, b)
    local command = string.format("awk -v tol=1e-9 -f %s %s %s >/dev/null 2>&1",
      shell_quote(ROOT .. "/bench/compare.awk"), shell_quote(a), shell_quote(b))
    return os.execute(command) == true
  end
  local text = T.read(EXPECTED)
  local function altered(from, to)
    local path = T.tmpname(".txt")
    local changed, n = text:gsub(from, to, 1)
    T.eq(n, 1, "the alteration " .. from .. " applies")
    T.write(path, changed)
    return path
  end
  T.truthy(compare(EXPECTED, EXPECTED), "a file agrees with itself")
  T.truthy(not compare(EXPECTED, altered("\n2018,60,1808,", "\n2018,60,1809,")),
    "a rank sum off by one is a difference")
  T.truthy(not compare(EXPECTED, altered("E00023,Marsh", "E00024,Marsh")), "another entity")
  T.truthy(not compare(EXPECTED, altered(",0%.91853130098771196,", ",0.9185313,")),
    "a correlation off in the 8th digit")
  T.truthy(compare(EXPECTED, altered(",0%.91853130098771196,", ",0.918531300987712,")),
    "a correlation off in the 16th digit is the same")
  T.truthy(not compare(EXPECTED, altered("\n# mean\n", "\n# mean\nextra\n")), "an extra line")
end)

T.case("chiso.clock: wall-clock seconds that count a sleep, unlike os.clock", function()
  local c0, p0 = chiso.clock(), os.clock()
  T.eq(math.type(c0), "float", "type")
  os.execute("sleep 0.2")
  local waited, busy = chiso.clock() - c0, os.clock() - p0
  T.truthy(waited >= 0.19 and waited < 5, "chiso.clock advanced by the sleep (" .. waited .. " s)")
  T.truthy(busy < 0.1, "os.clock counted processor time only (" .. busy .. " s)")
  local a, b = chiso.clock(), chiso.clock()
  T.truthy(b >= a, "it never goes back")
end)

T.finish()
