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

local path = T.tmpname(".csv")
write_panel(path, 2000, 40) -- 80,000 rows, about 5 MB
local size = file_size(path)

T.case("the panel file is a realistic size", function()
  T.truthy(size > 4e6, "file of " .. size .. " bytes")
end)

T.case("a loaded CSV keeps less than 2x its file size", function()
  collectgarbage()
  collectgarbage()
  local before = chiso.memory("reset")
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
  collectgarbage()
  collectgarbage()
  local before = chiso.memory("reset")
  local d, report = assert(chiso.read_csv(late))
  local used, peak = chiso.memory()
  T.eq(report.passes, 2, "read twice")
  T.eq(d:types()[1], "string", "x became text")
  T.truthy(used - before < 2 * late_size, "kept " .. (used - before))
  T.truthy(peak - before < 2 * late_size, "peak " .. (peak - before))
end)

T.case("every bundled CSV keeps less than 2x its file size plus 4 KB", function()
  local lfs = require "lfs"
  local function walk(dir)
    for name in lfs.dir(dir) do
      local path = dir .. "/" .. name
      if name:sub(1, 1) ~= "." and lfs.attributes(path, "mode") == "directory" then
        walk(path)
      elseif name:match("%.csv$") then
        collectgarbage()
        collectgarbage()
        local before = chiso.memory()
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
