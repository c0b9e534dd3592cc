-- Running out of memory at every allocation of the main operations, one at
-- a time, in one process: loading a CSV whose column turns to text late (so
-- it is read twice), one decoded from Windows-1258, one whose garbled text
-- is noted, where, sort, group_by + agg, join, pivots, rank, lag,
-- statistics, to_csv and more. Needs chiso.fail_after, which only the
-- failtest build has (make failtest).
--
-- For n = 1, 2, ... the nth allocation of the operation fails, until a run
-- makes fewer than n allocations (every one has then failed once). Each run
-- must either raise a Lua error that says "not enough memory", or succeed
-- with exactly the result of a run without failures: Lua meets a failed
-- allocation of its own with an emergency collection and a second try, and
-- the CSV reader's first guess at a column's size may fail harmlessly.
-- Either way, once the run's values are dropped and garbage collected, the
-- core's memory count (chiso.core_memory()) must be back where it was, and
-- Lua's (the rest of chiso.memory()) within a few call frames of it: no leak.
--
-- Each operation is swept twice: once with only the nth allocation failing,
-- once with the nth and every later one failing. Only the second makes
-- Lua's own allocations raise (its second try fails too), which is how a
-- bridge function meets a memory error while it holds the core's memory.

local T = require "testing"

local fail_after = chiso.fail_after

T.case("this chiso has chiso.fail_after (built by make failtest)", function()
  T.truthy(fail_after, "chiso.fail_after")
end)
if not fail_after then
  T.finish()
end

local function summary(v)
  if getmetatable(v) == getmetatable(chiso.dataset {}) then
    return v:to_csv()
  elseif type(v) == "table" then
    return T.show(v)
  end
  return tostring(v)
end

-- Bytes in use after a full collection: the core's own, and all (Lua's too).
local function settle()
  collectgarbage()
  collectgarbage()
  return chiso.core_memory(), chiso.memory()
end

-- Fails each allocation of run() in turn (with every, each and all after it); returns how many
-- runs failed and how many allocations one makes.
local function sweep(run, every)
  local expected = summary(run())
  local n = 0
  local failed = 0
  local again = false -- whether this n runs a second time
  while true do
    n = again and n or n + 1
    local core_before, all_before = settle()
    fail_after(n, every)
    local ok, result = pcall(run)
    local made = fail_after(0)
    if ok then
      local got = summary(result)
      if got ~= expected then
        error(string.format("failing allocation %d: the run succeeded with %s, expected %s", n,
          T.show(got:sub(1, 200)), T.show(expected:sub(1, 200))))
      end
    else
      failed = failed + 1
      local message = tostring(result)
      if not message:find("not enough memory", 1, true) then
        error(string.format("failing allocation %d: error %s", n, T.show(message)))
      end
    end
    result = nil
    -- The core must give back every byte. Lua's own count may move: an emergency collection
    -- frees spare call frames that a deeper call makes again, and may leave its string table
    -- to grow later. Such growth happens once; a leak grows again when the same n runs again.
    local core_after, all_after = settle()
    local lua_grew = (all_after - core_after) - (all_before - core_before) > 256
    if core_after ~= core_before or (lua_grew and again) then
      error(string.format("failing allocation %d%s (%s): %d bytes still in use (%d of them the core's)",
        n, every and " and every later one" or "", ok and "absorbed" or "raised",
        all_after - all_before, core_after - core_before))
    end
    again = lua_grew
    if made < n and not again then
      return failed, n - 1
    end
    if n >= 200000 then
      error("still allocating after " .. n .. " runs")
    end
  end
end

-- Cases: name and operation. The checks that each sweep failed at least once keep a
-- sweep from passing by never reaching the failure.
local function case(name, run)
  -- (here every failure may be absorbed, when all the allocations are Lua's)
  T.case(name .. " fails cleanly at every allocation", function()
    sweep(run)
  end)
  T.case(name .. " fails cleanly when memory runs out for good at any allocation", function()
    local failed, allocations = sweep(run, true)
    T.truthy(failed > 0, string.format("some of %d runs failed", allocations))
  end)
end

-- A panel of provinces and years, with nulls, Vietnamese names and a float column.
local provinces = { "Hà Nội", "Huế", "Đắk Lắk", "Cà Mau", "Lạng Sơn", "Bắc Kạn", "An Giang" }
local regions = { "Bắc", "Trung", "Tây Nguyên", "Nam", "Bắc", "Bắc", "Nam" }
local cols = { province = {}, year = {}, score = {}, region = {}, rank = {} }
for p = 1, #provinces do
  for y = 2019, 2023 do
    local i = #cols.province + 1
    cols.province[i] = provinces[p]
    cols.year[i] = y
    cols.score[i] = (i % 6 == 0) and chiso.null or 60 + (p * 7 + y * 3) % 30 + i / 8
    cols.region[i] = regions[p]
    cols.rank[i] = (p + y) % 9 + 1
  end
end
local panel = chiso.dataset {
  { "province", cols.province }, { "year", cols.year }, { "score", cols.score },
  { "region", cols.region }, { "rank", cols.rank },
}
local areas = chiso.dataset {
  { "province", { "Hà Nội", "Huế", "Cà Mau", "Đà Nẵng" } },
  { "area", { 3359.8, 4947.1, 5221.2, 1284.9 } },
}

-- CSV whose column x holds floats written "1.50" until a word: it turns to
-- text, whose exact spelling only a second reading can give back.
local lines = { "id,x,label" }
for i = 1, 40 do
  lines[#lines + 1] = string.format("%d,%d.50,Tỉnh %d", i, i, i % 7)
end
lines[#lines + 1] = "41,không có,Huế"
local text = table.concat(lines, "\n") .. "\n"
local path = T.tmpname(".csv")
T.write(path, text)

T.case("the CSV needs a second pass", function()
  local d, report = chiso.parse_csv(text)
  T.eq(report.passes, 2, "passes")
  T.eq(d:types()[2], "string", "type of x")
end)

case("read_csv of a file read twice", function() return assert(chiso.read_csv(path)) end)
case("parse_csv of text read twice", function() return assert(chiso.parse_csv(text)) end)
case("parse_csv with options (semicolons, decimal comma, types)", function()
  return assert(chiso.parse_csv("a;b;c\n1,5;x;1\n2,25;;2\n", {
    delimiter = ";", decimal = ",", types = { c = "float" }, na = { "-" },
  }))
end)
-- An annex table: title lines, a two-row header, a repeated name, empty columns, a row that
-- looks like a footnote but is data, footnotes (held back, then dropped), each noted.
local annex = table.concat({
  "PHỤ LỤC 1;;;;;;", "Bảng điểm", "Tỉnh;Điểm;;Hạng;Hạng;;", ";2023;2024;;;;",
  "Hà Nội;85,5;86;1;1;;", "Ghi chú riêng;;;;;;", "Huế;84;85;2;2;;", "",
  "Nguồn: Bộ Nội vụ;;;;;;", "(*) Thang điểm 100",
}, "\n") .. "\n"
case("parse_csv of an annex table (titles, two header rows, footnotes, notes)", function()
  local d, report = assert(chiso.parse_csv(annex, { header_rows = 2, decimal = ",", quiet = true }))
  return { d:to_csv(), table.concat(report.notes, "\n") }
end)
case("parse_csv of Windows-1258 text, decoded first", function()
  return assert(chiso.parse_csv("t\xEAn,n\nH\xE0 N\xF4\xF2i,1\n", { encoding = "cp1258", quiet = true }))
end)
case("parse_csv of garbled TCVN3 text, with its notes", function()
  local d, report = assert(chiso.parse_csv("tinh,n\nHµ Néi,1\nThiªn,2\n", { quiet = true }))
  return { d:to_csv(), report.notes }
end)
case("parse_csv of quotes, spaces and percent signs (lenient, a note)", function()
  return assert(chiso.parse_csv('a,b,c\n5",  x ,85%\n"p" q,"y" ,7 %\n', { lenient = true, quiet = true }))
end)
case("chiso.dataset from Lua tables", function()
  return chiso.dataset { { "a", { 1, 2, chiso.null } }, { "b", { "x", "y", "z" } } }
end)
-- A file past the 4 MB at which the reader splits it between two threads (src/csvpar.c):
-- a failure in either half, or in joining them, must end as cleanly as in one.
local big = T.tmpname(".csv")
do
  local f = assert(io.open(big, "wb"))
  f:write("id,name,x\n")
  for i = 1, 190000 do
    f:write(i, ",", provinces[i % #provinces + 1], ",", i % 1000, ".25\n")
  end
  f:close()
end

T.case("the large file is read by two threads", function()
  local _, report = assert(chiso.read_csv(big, { progress = false }))
  T.eq(report.threads, 2, "threads")
end)

case("read_csv of a large file in two halves", function()
  local d = assert(chiso.read_csv(big, { progress = false }))
  return { #d, d.id:sum(), d.x:sum(), d.name:n_distinct(), d.name[1], d.name[#d] }
end)
-- The same rows under a title line and over footnotes, with rows held back here and there.
local big_annex = T.tmpname(".csv")
do
  local f = assert(io.open(big_annex, "wb"))
  f:write("Phụ lục 9\nname,id,x\n")
  for i = 1, 190000 do
    if i % 5000 == 0 then
      f:write("Ghi chú ", i, ",,\n")
    else
      f:write(provinces[i % #provinces + 1], ",", i, ",", i % 1000, ".25\n")
    end
  end
  f:write("\nNguồn: số liệu mẫu\n")
  f:close()
end
T.case("the large annex file is read by two threads", function()
  local _, report = assert(chiso.read_csv(big_annex, { progress = false, quiet = true }))
  T.eq(report.threads, 2, "threads")
end)
case("read_csv of a large annex file in two halves", function()
  local d, report = assert(chiso.read_csv(big_annex, { progress = false, quiet = true }))
  return { #d, d.id:sum(), d.x:sum(), d.name:n_distinct(), table.concat(report.notes, "\n") }
end)
case("group_by and agg cor (groups split between two threads)", function()
  return panel:group_by("region"):agg {
    { "p", "cor", "score", "rank" }, { "s", "cor", "score", "rank", method = "spearman" },
  }
end)
case("where with a comparison", function() return panel:where("score", ">=", 70) end)
case("where with a list", function()
  return panel:where("province", "in", { "Huế", "Cà Mau" })
end)
case("where == repeated on new columns (the 8th builds their index)", function()
  local copy = panel:slice(1, #panel) -- columns of its own, freed with it
  local counts = {}
  for k = 1, 9 do
    counts[k] = #copy:where{ { "year", "==", 2018 + k % 6 }, { "score", ">", 50 } }
  end
  counts[10] = #copy:where("province", "==", "Huế")
  return counts
end)
case("where with a boolean column", function()
  return panel:where(panel.year:ge(2021) & panel.score:not_null())
end)
case("where with a function", function()
  return panel:where(function(r) return r.year % 2 == 0 end)
end)
case("sort by two keys with Vietnamese collation", function()
  return panel:sort({ "region", collate = "vi" }, { "score", desc = true })
end)
case("mutate with column arithmetic", function()
  return panel:mutate("gap", panel.score - panel.score:mean())
end)
case("group_by and agg", function()
  return panel:group_by("region", "year"):agg {
    { "n", "count" }, { "mean", "mean", "score" }, { "p90", "quantile", "score", q = 0.9 },
    { "names", "n_distinct", "province" }, { "first", "first", "province" },
  }
end)
case("join (left)", function() return panel:join(areas, { on = "province", how = "left" }) end)
case("join (full)", function() return panel:join(areas, { how = "full" }) end)
case("join (anti)", function() return panel:join(areas, { on = "province", how = "anti" }) end)
case("select, rename and drop", function()
  return panel:select("province", "score", "year"):rename { score = "s" }:drop("year")
end)
case("pivot_wider", function()
  return panel:pivot_wider { id = "province", names = "year", values = "score" }
end)
case("pivot_longer", function()
  return panel:pivot_longer { cols = { "score", "rank" }, names_to = "what", values_to = "v" }
end)
case("rank by group", function()
  return panel:rank("score", { by = "year", desc = true, ties = "average", replace = true })
end)
case("top", function() return panel:top(2, "score", { by = "region" }) end)
case("lag by province over years", function()
  return panel:lag("score", { by = "province", time = "year" })
end)
case("lead", function() return panel:lead("rank", { by = "province", time = "year" }) end)
case("diff", function() return panel:diff("score", { by = "province", time = "year" }) end)
case("pct_change", function() return panel:pct_change("score", { by = "province" }) end)
case("distinct", function() return panel:distinct("region", "year") end)
case("concat", function() return chiso.concat(panel, panel:slice(1, 5)) end)
case("stats.cor (spearman)", function()
  return chiso.stats.cor(panel.score, panel:col("rank"), { method = "spearman" })
end)
case("stats.cor (kendall)", function()
  return chiso.stats.cor(panel.score, panel.year, { method = "kendall" })
end)
case("ds:cor", function() return panel:cor() end)
case("stats.lm", function() return chiso.stats.lm(panel.score, panel.year) end)
case("stats.quantile", function() return chiso.stats.quantile(panel.score, 0.25) end)
case("stats.describe", function() return chiso.stats.describe(panel) end)
case("column median and n_distinct", function()
  return { panel.score:median(), panel.province:n_distinct() }
end)
case("to_csv as text", function() return panel:to_csv() end)
local out = T.tmpname(".csv")
case("to_csv to a file", function()
  local ok, err = panel:to_csv(out)
  return tostring(ok) .. " " .. tostring(err)
end)
case("tostring of a dataset", function() return tostring(panel) end)
case("vn.fold and vn.normalize", function()
  return { chiso.vn.fold(("Thừa Thiên Huế, Đắk Lắk; "):rep(4)), chiso.vn.normalize("Hue\u{301}") }
end)

T.finish()
