-- scripts/regions.lua, run as `chiso run regions ... --format csv`, its table
-- read back: per socio-economic region and year, the provinces the bundled
-- data holds, the mean, sd, min and max of their scores, and the published
-- averages beside them.
--
-- Expected values were computed with pandas 1.5.3 from the CSV files,
-- independently of chiso:
--   /usr/bin/python3 -c "import pandas as pd
--   prov = pd.read_csv('data/provinces.csv', dtype=str)
--   p = pd.read_csv('data/par_index.csv').merge(prov[['province', 'region']], on='province')
--   print(p.dropna(subset=['score']).groupby(['year', 'region']).score
--         .agg(['count', 'mean', 'std', 'min', 'max']).round(4))
--   print(p.dropna(subset=['score']).groupby('year').score.agg(['count', 'mean', 'std']))"
-- (the same for sipas.csv); pandas' std is the sample sd (n - 1), as chiso's.
-- Published averages are read from data/published_averages.csv by hand.

local T = require "testing"

local chiso_bin = assert(os.getenv("CHISO"), "CHISO is not set")

local function run(args)
  local err_path = T.tmpname(".err")
  local pipe = assert(io.popen(string.format("'%s' run regions %s 2>'%s'", chiso_bin, args,
    err_path)))
  local out = pipe:read("a")
  local _, _, status = pipe:close()
  return out, T.read(err_path), status
end

local function table_of(args)
  local out, err, status = run(args .. " --format csv")
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  return assert(chiso.parse_csv(out))
end

-- Rows keyed by "area year".
local function keyed(ds)
  local rows = {}
  for _, row in ds:rows() do
    rows[row.area .. " " .. row.year] = row
  end
  return rows
end

-- In English the regions have the GSO's English names (chiso.vn.region):
-- Trung du và miền núi phía Bắc is Northern Midlands and Mountain Areas.
local NORTH = "Northern Midlands and Mountain Areas"
local par = table_of("--index par --lang en")
local rows = keyed(par)

T.case("regions: the CSV gives the counts as numbers beside the statistics", function()
  -- index first (docs/reports.md, csv): the rows have a year each, so none is added
  T.eq(par:names(), {"index", "area", "year", "scored", "provinces", "mean", "sd", "min", "max",
    "published"}, "columns")
  T.eq({par.index:n_distinct(), par.index[1]}, {1, "par"}, "index")
end)

T.case("regions: PAR INDEX 2023, every region and the nation", function()
  -- pandas: count, mean, std, min, max; published_averages.csv: PAR 2023
  local expected = {
    {"Red River Delta", 7, 11, 89.4071, 2.3679, 86.49, 92.18, 88.33},
    {NORTH, 9, 14, 88.8022, 1.7937, 85.94, 91.16, 87.72},
    {"North Central and Central Coastal Areas", 9, 14, 86.3233, 2.1981, 81.87, 88.68, 86.82},
    {"Central Highlands", 2, 5, 86.7350, 0.8415, 86.14, 87.33, 85.42},
    {"South East", 3, 6, 88.3467, 2.3241, 86.97, 91.03, 87.79},
    {"Mekong River Delta", 5, 13, 84.3660, 2.6415, 81.32, 86.89, 85.42},
    {"National", 35, 63, 87.4949, 2.6738, 81.32, 92.18, 86.98},
  }
  for _, e in ipairs(expected) do
    local row = rows[e[1] .. " 2023"]
    T.truthy(row, e[1] .. " 2023 is there")
    T.eq({row.scored, row.provinces}, {e[2], e[3]}, e[1] .. " counts")
    T.near(row.mean, e[4], 5e-5, e[1] .. " mean")
    T.near(row.sd, e[5], 5e-5, e[1] .. " sd")
    T.eq({row.min, row.max, row.published}, {e[6], e[7], e[8]}, e[1] .. " min, max, published")
  end
end)

T.case("regions: how many of the 14 northern provinces each year's figure rests on", function()
  -- pandas: scored provinces of the region by year (2014, 2016-2018 have none and no
  -- published average, so no row)
  local expected = {[2012] = 2, [2013] = 1, [2015] = 1, [2019] = 1, [2020] = 1, [2021] = 6,
                    [2022] = 7, [2023] = 9, [2024] = 4}
  local got = {}
  for _, row in par:where("area", "==", NORTH):rows() do
    T.eq(row.provinces, 14, "region size")
    got[row.year] = row.scored
  end
  T.eq(got, expected, "scored provinces by year")
end)

T.case("regions: a region with no score keeps its published average, with no statistics", function()
  -- par_index.csv holds no Tây Nguyên (Central Highlands) score for 2024;
  -- published_averages.csv: 85.63
  local row = rows["Central Highlands 2024"]
  T.eq({row.scored, row.provinces, row.mean, row.sd, row.published}, {0, 5, nil, nil, 85.63},
    "Tây Nguyên 2024")
end)

T.case("regions: one score has a mean but no sd", function()
  -- par_index.csv 2013: Sơn La 58.91 is the only northern score
  local row = rows[NORTH .. " 2013"]
  T.eq({row.scored, row.mean, row.sd, row.min, row.max}, {1, 58.91, nil, 58.91, 58.91}, "2013")
end)

T.case("regions: SIPAS, with --year, beside the published national average", function()
  local sipas = keyed(table_of("--index sipas --year 2023 --lang en"))
  T.near(sipas["National 2023"].mean, 82.9691, 5e-5, "national mean")
  T.eq({sipas["National 2023"].scored, sipas["National 2023"].published}, {23, 82.66}, "national")
  T.eq({sipas[NORTH .. " 2023"].scored, sipas[NORTH .. " 2023"].published}, {8, nil}, "north")
  T.near(sipas[NORTH .. " 2023"].sd, 5.7040, 5e-5, "north sd")
  local n = 0
  for _ in pairs(sipas) do
    n = n + 1
  end
  T.eq(n, 7, "six regions and the nation, one year")
end)

T.case("regions: PAPI, an unknown index or a missing year is a message and exit status 2", function()
  for _, c in ipairs{
    {"--index papi --lang en", "regions: unknown index 'papi' (regions takes par or sipas: only they have "
      .. "published region averages)\n"},
    {"--index pci --lang en", "regions: unknown index 'pci' (regions takes par or sipas: only they have "
      .. "published region averages)\n"},
    {"--year 2011 --lang en", "regions: the PAR INDEX data has no year 2011 (it holds 2012-2024)\n"},
    {"--index sipas --year 2016 --lang en", "regions: the SIPAS data has no year 2016 (it holds 2017-2024)\n"},
  } do
    local out, err, status = run(c[1])
    T.eq({out, err, status}, {"", c[2], 2}, c[1])
  end
end)

T.case("regions: in Vietnamese, the messages and the region names are Vietnamese", function()
  -- chiso.strings' regions_unknown_index and data_no_year, written by hand
  for _, c in ipairs{
    {"--index papi", "regions: không nhận chỉ số 'papi' (chỉ nhận par hoặc sipas: chỉ hai chỉ "
      .. "số này có trung bình vùng công bố)\n"},
    {"--year 2011 --lang vi", "regions: dữ liệu PAR INDEX không có năm 2011 (chỉ có 2012-2024)\n"},
  } do
    local out, err, status = run(c[1])
    T.eq({out, err, status}, {"", c[2], 2}, c[1])
  end
  local vi = keyed(table_of("--index par --year 2023"))
  T.eq(vi["Trung du và miền núi phía Bắc 2023"].scored, 9, "the region as provinces.csv names it")
  T.eq(vi["Cả nước 2023"].scored, 35, "the nation")
end)

T.case("regions --year 2023 --format html maps each province by its region's published average", function()
  local out, err, status = run("--year 2023 --format html --lang en")
  T.eq(status, 0, "exit status: " .. err)
  local key = {}
  for fill, label in out:gmatch('<rect [^>]*width="18" height="13" fill="([^"]+)"[^>]*/>\n<text [^>]*>([^<]*)</text>') do
    key[label] = fill
  end
  local function fill_of(name)
    return out:match('<path d="[^"]*" fill="([^"]+)" fill%-rule="evenodd"><title>' .. name .. ': ')
  end
  -- data/published_averages.csv, PAR 2023: Đồng bằng sông Hồng (Red River Delta) 88.33,
  -- Đông Nam Bộ (South East) 87.79, Tây Nguyên (Central Highlands) and Đồng bằng sông
  -- Cửu Long (Mekong River Delta) both 85.42 (one class for the two, names in order).
  T.eq(fill_of("Hà Nội"), key["Red River Delta: 88.33"], "Hà Nội in its region's class")
  T.eq(fill_of("Bình Dương"), key["South East: 87.79"], "Bình Dương")
  T.eq(fill_of("Đắk Lắk"), key["Central Highlands; Mekong River Delta: 85.42"], "Đắk Lắk")
  T.eq(fill_of("Cà Mau"), fill_of("Đắk Lắk"), "Cà Mau shares the class")
  T.truthy(fill_of("Hà Nội") ~= fill_of("Bình Dương"), "two regions, two colours")
end)

T.finish()
