-- Inputs that once broke the API fuzz target (tests/fuzz/regressions/api/),
-- replayed through its driver (tests/fuzz/api_driver.lua) so the ordinary
-- tests keep them fixed without libFuzzer: a crash ends this file, which
-- tests/run counts as a failure, and `make asan` sees any bad access. In a
-- chiso built for allocation-failure tests (`make failtest`) the driver's
-- failure injection works too. After the replays, the bugs they found are
-- checked by hand.

local T = require "testing"
local lfs = require "lfs"

local fuzz = T.here():match("^(.*)/lua$") .. "/fuzz"
local driver = dofile(fuzz .. "/api_driver.lua")
local fail_after = chiso.fail_after -- only in the failtest build

local names = {}
for entry in lfs.dir(fuzz .. "/regressions/api") do
  if entry:sub(1, 1) ~= "." then
    names[#names + 1] = entry
  end
end
table.sort(names)

T.case("the saved API regressions are there", function()
  T.truthy(#names >= 1, "found " .. #names .. " files")
end)

for _, name in ipairs(names) do
  T.case("API regression " .. name .. " runs to its end", function()
    collectgarbage()
    driver(T.read(fuzz .. "/regressions/api/" .. name), fail_after)
    collectgarbage()
  end)
end

-- count_of_string_column.bin: counting read a string column's ids as doubles, past their end.
T.case("count of a string column counts its values, nulls left out", function()
  local d = chiso.dataset { { "s", { "a", "b", chiso.null, "a", "c", "d", "e", "f", "g", "h", "i" } } }
  T.eq(d.s:count(), 10, "s:count()")
  local g = d:group_by("s"):agg { { "n", "count", "s" } }
  -- groups a (2 values), b to i (1 each), then the null group (no value to count)
  T.eq(g.n:totable(), { 2, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, "count by group, null group last")
end)

-- isin_nan_to_int.bin: isin turned every float into an int64 to look it up, NaN and infinities too.
T.case("isin on floats that are no integer (NaN, infinities, 2^63) finds only real matches", function()
  local x = chiso.dataset { { "x", { 0 / 0, 1 / 0, -1 / 0, 1e300, 2.0, -2 ^ 63, 2 ^ 63, 2.5 } } }.x
  -- by hand: 2.0 is 2 and -2^63 is math.mininteger; 2^63 is past every int64; 2.5 is not in the set
  T.eq(x:isin({ 2, 3, math.mininteger }):totable(),
    { false, false, false, false, true, true, false, false }, "x:isin{2, 3, mininteger}")
end)

-- agg_unref_unmade_column.bin: when an aggregate failed, agg let go of a column it had not made.
T.case("an aggregate that fails after others ends agg with its error", function()
  local d = chiso.dataset { { "k", { "a", "b", "a" } }, { "v", { 1, 2, 3 } }, { "s", { "x", "y", "z" } } }
  local ok, err = pcall(function()
    return d:group_by("k"):agg { { "n", "count", "v" }, { "m", "mean", "s" } }
  end)
  T.eq(ok, false, "agg failed")
  T.truthy(tostring(err):find("'m': mean needs a numeric column, not string", 1, true), tostring(err))
end)

-- int_sum_through_double.bin: the sum of an int column went through a double, which cannot hold
-- every int64 (and converting 2^63 back is undefined). Fails until src/core/ops/agg.c sums the ints as ints.
T.case("the sum of an int column is exact, by group and whole", function()
  local d = chiso.dataset {
    { "k", { "a", "a", "b", "c", "c" } },
    { "v", { 9007199254740993, 0, math.maxinteger, math.maxinteger, 1 } },
  }
  -- by hand: a = 2^53 + 1 (no double holds it); b = 2^63 - 1; c wraps, as Lua's integers do
  local s = d:group_by("k"):agg { { "s", "sum", "v" } }.s:totable()
  T.eq(s, { 9007199254740993, math.maxinteger, math.mininteger }, "sums by group")
  T.eq(d:where("k", "==", "a").v:sum(), 9007199254740993, "sum of group a's rows")
end)

-- lua_cache_after_first_input.bin: fuzz_api counted Lua's own memory in its leak check, and Lua
-- keeps some (call frames, the string table) that grow with the deepest input yet. The check now
-- counts the core's memory only; here, replaying every regression a second time must leave all
-- memory, Lua's too, exactly where the first replay left it.
T.case("replaying the regressions again leaves memory where it was", function()
  local function replay_all()
    for _, name in ipairs(names) do
      driver(T.read(fuzz .. "/regressions/api/" .. name), fail_after)
    end
    -- each full collection frees half of Lua's spare call frames: enough of them free them all
    for _ = 1, 10 do
      collectgarbage()
    end
    return chiso.memory()
  end
  -- every replay from the same place, so Lua's stack reaches the same depth each time
  local after = { 0, 0, 0 } -- sized beforehand, so filling it allocates nothing
  for k = 1, 3 do
    after[k] = replay_all()
  end
  T.eq(after[3], after[2], "bytes in use after the third replay, as after the second")
end)

T.finish()
