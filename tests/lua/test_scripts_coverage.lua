-- scripts/coverage.lua, run as `chiso run coverage --format csv`, its counts
-- read back and checked against the coverage statement of data/SOURCES.md
-- and against counts made with pandas 1.5.3, independently of chiso:
--   /usr/bin/python3 -c "import pandas as pd
--   p = pd.read_csv('data/par_index.csv')
--   print(p.groupby('year').agg(rank=('rank', 'count'), score=('score', 'count'),
--                               rows=('province', 'size')))"
-- (the same for sipas.csv). PAPI: the blank rows SOURCES.md lists, and the
-- rows with whole dimensions missing that docs/data.md lists (2018: Quảng Ninh,
-- Đồng Tháp; 2022: Bắc Giang, Bắc Ninh), which are held but have no total.

local T = require "testing"

local chiso_bin = assert(os.getenv("CHISO"), "CHISO is not set")

local function run(args)
  local err_path = T.tmpname(".err")
  local pipe = assert(io.popen(string.format("'%s' run coverage %s 2>'%s'", chiso_bin, args,
    err_path)))
  local out = pipe:read("a")
  local _, _, status = pipe:close()
  return out, T.read(err_path), status
end

local out, err, status = run("--format csv --lang en")
T.case("coverage: the CSV report runs", function()
  T.eq({err, status}, {"", 0}, "stderr and exit status")
end)
local counts = assert(chiso.parse_csv(out))

-- index -> year -> {held, ranked, scored}
local function by_index()
  local all = {}
  for _, row in counts:rows() do
    all[row.index] = all[row.index] or {}
    all[row.index][row.year] = {row.held, row.ranked, row.scored}
  end
  return all
end
local got = by_index()

T.case("coverage: the CSV has a row per index and year with the counts", function()
  T.eq(counts:names(), {"index", "year", "held", "ranked", "scored", "missing", "ranks"}, "columns")
  -- PAR INDEX 2012-2024, SIPAS 2017-2024, PAPI 2011-2024
  T.eq(#counts, 13 + 8 + 14, "rows")
end)

T.case("coverage: PAR INDEX ranks as data/SOURCES.md states them", function()
  local par = got["PAR INDEX"]
  for year = 2012, 2018 do
    T.truthy(par[year][2] >= 5 and par[year][2] <= 20, year .. ": between 5 and 20 ranks")
  end
  local stated = {[2019] = 11, [2020] = 19, [2021] = 34, [2022] = 35, [2023] = 43, [2024] = 19}
  for year, n in pairs(stated) do
    T.eq(par[year][2], n, year .. " ranks")
  end
end)

T.case("coverage: PAR INDEX and SIPAS counts match pandas' (held, ranked, scored)", function()
  T.eq(got["PAR INDEX"], {
    [2012] = {21, 20, 20}, [2013] = {6, 5, 5}, [2014] = {5, 5, 3}, [2015] = {10, 10, 5},
    [2016] = {6, 6, 3}, [2017] = {11, 11, 3}, [2018] = {8, 8, 6}, [2019] = {11, 11, 10},
    [2020] = {19, 19, 14}, [2021] = {34, 34, 27}, [2022] = {36, 35, 29}, [2023] = {43, 43, 35},
    [2024] = {21, 19, 16},
  }, "PAR INDEX")
  T.eq(got.SIPAS, {
    [2017] = {13, 12, 12}, [2018] = {2, 1, 1}, [2019] = {7, 7, 5}, [2020] = {16, 15, 6},
    [2021] = {26, 25, 20}, [2022] = {27, 25, 15}, [2023] = {29, 29, 23}, [2024] = {18, 18, 13},
  }, "SIPAS")
  for year, c in pairs(got.SIPAS) do
    T.truthy(c[2] >= 1 and c[2] <= 29, year .. ": SIPAS between 1 and 29 ranks")
  end
end)

T.case("coverage: PAPI is complete except the listed gaps", function()
  local blank = {[2014] = 2, [2021] = 3, [2023] = 2, [2024] = 2}       -- SOURCES.md
  local partial = {[2018] = 2, [2022] = 2}                             -- docs/data.md
  for year = 2011, 2024 do
    local held = 63 - (blank[year] or 0)
    local full = held - (partial[year] or 0)
    T.eq(got.PAPI[year], {held, full, full}, "PAPI " .. year)
  end
end)

T.case("coverage: ranks are published for PAR INDEX and SIPAS, computed for PAPI", function()
  for _, row in counts:rows() do
    T.eq(row.ranks, row.index == "PAPI" and "computed" or "published", row.index .. " " .. row.year)
    T.eq(row.missing, 63 - row.held, "missing " .. row.index .. " " .. row.year)
  end
end)

T.case("coverage: --year keeps one year of every index", function()
  local text = run("--format csv --year 2023")
  local ds = assert(chiso.parse_csv(text))
  T.eq(ds.index:totable(), {"PAR INDEX", "SIPAS", "PAPI"}, "indices")
  T.eq(ds.held:totable(), {43, 29, 61}, "held")
end)

T.case("coverage: a complete table in CHISO_DATA without ranks is ranked by chiso, and says so", function()
  -- Every province of provinces.csv in 2023, scores 90.0, 89.5, 89.0 ... in file
  -- order and no rank column filled: the ranks are 1, 2, 3 ... by hand. The user's
  -- rows replace every bundled 2023 row; the other bundled years, 2012-2024, stay.
  local dir = T.par_index_dir(T.every_province(2023))
  local pipe = assert(io.popen(string.format("CHISO_DATA='%s' '%s' run coverage --format csv "
    .. "--lang en", dir, chiso_bin)))
  local ds = assert(chiso.parse_csv(pipe:read("a")))
  pipe:close()
  os.execute("rm -r '" .. dir .. "'")
  local par = ds:where("index", "==", "PAR INDEX")
  T.eq(#par, 13, "PAR INDEX years 2012-2024")
  par = par:where("year", "==", 2023)
  T.eq(par:row(1), {index = "PAR INDEX", year = 2023, held = 63, ranked = 63, scored = 63,
    missing = 0, ranks = "computed"}, "2023")
  -- the text report names where the rows come from: 63 user rows of 2023
  dir = T.par_index_dir(T.every_province(2023))
  local text = T.run(string.format("CHISO_DATA='%s' '%s' run coverage --lang en", dir, chiso_bin))
  os.execute("rm -r '" .. dir .. "'")
  T.truthy(text:gsub("%s+", " "):find("Rows from your data folder are used over the bundled ones for "
    .. "the same year and province (the number of rows in brackets): PAR INDEX 2023 (63).", 1, true),
    text:sub(-600))
end)

T.case("coverage: a year or an index the data lacks is a message and exit status 2", function()
  for _, c in ipairs{
    {"--year 2005 --lang en", "coverage: no bundled index has figures for 2005\n"},
    {"--index sipas --year 2012 --lang en", "coverage: the SIPAS data has no year 2012 (it holds 2017-2024)\n"},
    {"--index gdp --lang en", "coverage: unknown index 'gdp' (the indices are par, sipas, pci, papi and "
      .. "papi:<dimension>, for example papi:C08)\n"},
  } do
    local o, e, s = run(c[1])
    T.eq({o, e, s}, {"", c[2], 2}, c[1])
  end
end)

T.finish()
