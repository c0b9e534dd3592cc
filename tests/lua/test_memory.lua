-- Memory for a loaded CSV stays within 2x the file's size, counted by
-- chiso's own allocator (the C core and Lua share one count): what the
-- dataset keeps, for every bundled file and for a 5 MB panel, and the peak
-- while loading the panel. A dataset also has a fixed cost of a few
-- kilobytes (its structures, the Lua objects, the report table), which is
-- allowed on top for the small bundled files; for files of a few kilobytes
-- the peak is set by fixed buffers, so it is only checked on large files.

local T = require "testing"

local regions = {
  "Trung du và miền núi phía Bắc", "Đồng bằng sông Hồng", "Bắc Trung Bộ và duyên hải miền Trung",
  "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long",
}

-- A panel like the governance tables: province, region, year, two scores, a rank.
local function write_panel(path, provinces, years)
  local f = assert(io.open(path, "wb"))
  f:write("province,region,year,score,score2,rank\n")
  local state = 12345
  local function rand()
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  end
  for p = 1, provinces do
    local name = string.format("Tỉnh số %d", p)
    local region = regions[p % #regions + 1]
    for y = 1, years do
      f:write(string.format("%s,%s,%d,%.2f,%.2f,%d\n", name, region, 2000 + y,
        60 + 40 * rand(), 40 + 50 * rand(), math.floor(rand() * 63) + 1))
    end
  end
  f:close()
end

local function file_size(path)
  local f = assert(io.open(path, "rb"))
  local size = f:seek("end")
  f:close()
  return size
end

-- The bytes in use once Lua's garbage is gone, starting a new peak there.
local function settle()
  collectgarbage()
  collectgarbage()
  return chiso.memory("reset")
end

local path = T.tmpname(".csv")
write_panel(path, 2000, 40) -- 80,000 rows, about 5 MB
local size = file_size(path)

T.case("the panel file is a realistic size", function()
  T.truthy(size > 4e6, "file of " .. size .. " bytes")
end)

T.case("a loaded CSV keeps less than 2x its file size", function()
  local before = settle()
  local d = assert(chiso.read_csv(path))
  local used, peak = chiso.memory()
  T.eq(#d, 80000, "rows")
  T.truthy(used - before < 2 * size,
    string.format("kept %d bytes for a %d byte file", used - before, size))
  T.truthy(peak - before < 2 * size,
    string.format("peak %d bytes while loading a %d byte file", peak - before, size))
end)

T.case("the same holds when a column is read twice (a late string)", function()
  local late = T.tmpname(".csv")
  local f = assert(io.open(late, "wb"))
  f:write("x,label\n")
  for i = 1, 60000 do
    f:write(string.format("%.2f,Hà Nội %d\n", i / 7, i % 10))
  end
  f:write("not a number,Huế\n")
  f:close()
  local late_size = file_size(late)
  local before = settle()
  local d, report = assert(chiso.read_csv(late))
  local used, peak = chiso.memory()
  T.eq(report.passes, 2, "read twice")
  T.eq(d:types()[1], "string", "x became text")
  T.truthy(used - before < 2 * late_size, "kept " .. (used - before))
  T.truthy(peak - before < 2 * late_size, "peak " .. (peak - before))
end)

T.case("a loaded panel's columns take as few bytes as their values", function()
  -- 80,000 rows; per row: province (2,000 names: 2-byte ids), region (6 names:
  -- 1 byte), year (2001-2040: 2 bytes), score and score2 (8 bytes each), rank
  -- (1-63: 1 byte) = 22 bytes, 1,760,000 in all. The dictionaries (2,000 names
  -- of about 16 bytes, their offsets and hash table), the dataset and the
  -- report add well under 128 KB. Stored 8 bytes an int and 4 an id, the same
  -- columns took 40 bytes a row, 3,200,000 bytes.
  local before = settle()
  local d = assert(chiso.read_csv(path))
  local kept = chiso.memory() - before
  T.truthy(kept >= 22 * 80000 and kept < 22 * 80000 + 128 * 1024,
    string.format("kept %d bytes", kept))
end)

T.case("ranking, lagging and summarising a panel stays within a budget per row", function()
  -- The benchmark's phases on the 80,000-row panel, counted above the loaded
  -- panel. Kept per row: rank (1-2,000 within a year: 2 bytes), its lag and
  -- the change (2 bytes each, and a bit each for nulls): 6.25 bytes. Passing,
  -- per row at most: rank's group ids (1), sorted rows (4), ties (1) and its
  -- output (2); lag's group ids (2), slots (4), partners (4) and output (2);
  -- or cor's group ids (1) and its batch of 65,536 rows of two doubles (1 MiB,
  -- 13 bytes a row here): 20.25 bytes at the most. 28 bytes a row and 256 KB
  -- of fixed buffers allow that; with 8-byte ints and the former sort and
  -- batch buffers the peak was 36 MB.
  local d = assert(chiso.read_csv(path))
  local before = settle()
  local ranked = d:rank("score", {by = "year", desc = true, ties = "min", name = "rank", replace = true})
  local lagged = ranked:lag("rank", {by = "province", time = "year", name = "rank_lag"})
  local moved = lagged:mutate("change", lagged:col("rank_lag") - lagged:col("rank"))
  local cor = d:group_by("year"):agg{
    {"pearson", "cor", "score", "score2"},
    {"spearman", "cor", "score", "score2", method = "spearman"},
  }
  local means = d:group_by("region", "year"):agg{ {"mean_score", "mean", "score"} }
  local _, peak = chiso.memory()
  T.eq(#moved + #cor + #means, 80000 + 40 + 6 * 40, "rows")
  T.truthy(peak - before < 28 * 80000 + 256 * 1024,
    string.format("peak %d bytes above the loaded panel", peak - before))
end)

T.case("garbage columns are let go without waiting for Lua's own allocations", function()
  -- 200 columns of 80,000 doubles (640,000 bytes each, 128 MB in all) made
  -- and dropped at once. Lua sees each as a box of a few dozen bytes, so its
  -- collector alone would not run in this loop; chiso collects whenever its
  -- own memory has grown by half and by 8 MB, so no more than about 8 MB
  -- (plus half of what is live) is ever garbage.
  local d = assert(chiso.read_csv(path))
  local before = settle()
  for _ = 1, 200 do
    local _ = d.score * 2
  end
  local _, peak = chiso.memory()
  T.truthy(peak - before < 16 * 1024 * 1024, string.format("peak %d bytes above the start", peak - before))
end)

T.case("every bundled CSV keeps less than 2x its file size plus 4 KB", function()
  local lfs = require "lfs"
  local function walk(dir)
    for name in lfs.dir(dir) do
      local path = dir .. "/" .. name
      if name:sub(1, 1) ~= "." and lfs.attributes(path, "mode") == "directory" then
        walk(path)
      elseif name:match("%.csv$") then
        local before = settle()
        local d = assert(chiso.read_csv(path))
        local kept = chiso.memory() - before
        T.truthy(kept < 2 * file_size(path) + 4096,
          string.format("%s: kept %d bytes for %d", path, kept, file_size(path)))
        d = nil
      end
    end
  end
  walk(chiso.paths.data)
end)

T.finish()
