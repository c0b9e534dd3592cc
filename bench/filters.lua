-- chiso's side of the filter micro-benchmark (bench/filters, docs/benchmark.md):
-- the panel loaded, then, timed call by call with chiso.clock,
--
--   eq           panel.year:eq(y) for each year: a new boolean column
--   where_scan   panel:where("year", "==", y) on columns that have no index
--                yet (fresh copies of the panel, made before the clock starts)
--   where_index  the same once the year column has its index
--   where_loop   the loop an analyst writes, `for y = first, last do
--                panel:where("year", "==", y) end`, on a freshly loaded
--                column: its scans, the index built, then the lookups
--
-- Each is printed as "<name>_ms <median>" (where_loop: its whole time), the
-- medians over every year, and eq_mean_ms, the whole loop of eq over the
-- years divided by their number (collections of the garbage included);
-- what a user pays, result objects and the Lua call included.
--
--   chiso --trust bench/filters.lua bench/data/panel-2m.csv

local csv_path = arg[1]
if not csv_path then
  io.stderr:write("usage: chiso --trust bench/filters.lua PANEL.csv\n")
  os.exit(2)
end

local clock = chiso.clock

local function median(times)
  table.sort(times)
  local n = #times
  return n % 2 == 1 and times[(n + 1) // 2] or (times[n // 2] + times[n // 2 + 1]) / 2
end

local function timed(fn, ...)
  local start = clock()
  fn(...)
  return clock() - start
end

local panel = assert(chiso.read_csv(csv_path, {progress = false}))
local first, last = panel.year:min(), panel.year:max()
collectgarbage()

local function where_year(d, y) return d:where("year", "==", y) end

-- The loop first, while the loaded year column has no index.
local loop = timed(function()
  for y = first, last do where_year(panel, y) end
end)

local eq = {}
local eq_all = timed(function()
  for y = first, last do
    eq[#eq + 1] = timed(function() return panel.year:eq(y) end)
  end
end)

local indexed = {}
for y = first, last do indexed[#indexed + 1] = timed(where_year, panel, y) end

-- Scans: a few years on each fresh copy, fewer than build an index (COLINDEX_AFTER, colindex.h).
local scans = {}
local y = first
while #scans < 35 do
  local copy = panel:slice(1, #panel)
  collectgarbage()
  for _ = 1, 5 do
    scans[#scans + 1] = timed(where_year, copy, y)
    y = y < last and y + 1 or first
  end
  copy = nil
end

print(string.format("rows %d", #panel))
print(string.format("eq_ms %.4f", median(eq) * 1e3))
print(string.format("eq_mean_ms %.4f", eq_all / #eq * 1e3))
print(string.format("where_scan_ms %.4f", median(scans) * 1e3))
print(string.format("where_index_ms %.4f", median(indexed) * 1e3))
print(string.format("where_loop_ms %.4f", loop * 1e3))
print(string.format("where_loop_years %d", last - first + 1))
