-- The movers, correlation and flagship scripts and the modules behind them
-- (chiso.indices, chiso.movers, chiso.correlation).
--
-- Expected values come from the CSV files through other tools, not from
-- chiso: pandas 1.5.3 and SciPy 1.10.1 on data/par_index.csv,
-- data/sipas.csv and data/papi/csv (the commands are in
-- tests/cli/movers.test and tests/cli/sipas_correlation.test), or are
-- worked out by hand in the comments.

local T = require "testing"
local indices = require "chiso.indices"
local movers = require "chiso.movers"
local correlation = require "chiso.correlation"

local CHISO = os.getenv("CHISO") or "chiso"

-- Runs `chiso run ...`, returning standard output and the exit status.
local function run(command, env)
  local p = assert(io.popen((env or "") .. " '" .. CHISO .. "' run " .. command .. " 2>/dev/null"))
  local out = p:read("a")
  local _, _, status = p:close()
  return out, status
end

-- The rows of a dataset as {province = row}.
local function by_province(ds)
  local rows = {}
  for _, row in ds:rows() do
    rows[row.province] = row
  end
  return rows
end

T.case("resolve names the four kinds of index and folds dimension names", function()
  T.eq(indices.resolve("par").id, "par")
  T.eq(indices.resolve("SIPAS").id, "sipas")
  T.eq(indices.resolve("papi").id, "papi")
  T.eq(indices.resolve("papi:C04").id, "papi:C04")
  T.eq(indices.resolve("papi:c4").id, "papi:C04")
  T.eq(indices.resolve("PAPI: control of corruption in the public sector").id, "papi:C04")
  T.eq(indices.resolve("papi:Kiểm soát tham nhũng trong khu vực công").id, "papi:C04")
  T.eq(indices.resolve("papi:KIEM SOAT THAM NHUNG TRONG KHU VUC CONG").id, "papi:C04")
  T.eq(indices.resolve("PCI").id, "pci")
  local none, message = indices.resolve("gdp", "en")
  T.eq(none, nil)
  T.truthy(message:find("unknown index 'gdp' (the indices are par, sipas, pci, papi", 1, true),
    "message names the index")
  none, message = indices.resolve("papi:C9", "en")
  T.eq(none, nil)
  T.truthy(message:find("unknown PAPI dimension 'C9'", 1, true), "message names the dimension")
end)

T.case("resolve's messages are Vietnamese by default", function()
  -- chiso.strings' indices_unknown and indices_unknown_dimension, by hand
  T.eq({indices.resolve("gdp")}, {nil, "không có chỉ số 'gdp' (các chỉ số là par, sipas, pci, papi "
    .. "và papi:<chỉ số nội dung>, ví dụ papi:C08)"}, "index")
  T.eq({indices.resolve("papi:C9", "vi")}, {nil, "không có chỉ số nội dung PAPI 'C9' (hãy ghi mã "
    .. "C01, C02, C03, C04, C05, C06, C07, C08, hoặc tên một chỉ số nội dung)"}, "dimension")
  T.raises(function() indices.resolve("par", "fr") end, "unknown language 'fr'")
end)

T.case("phrase: tăng/giảm N bậc, up/down N places, one place singular", function()
  T.eq(movers.phrase(7, "vi"), "tăng 7 bậc")
  T.eq(movers.phrase(-14, "vi"), "giảm 14 bậc")
  T.eq(movers.phrase(0, "vi"), "không đổi")
  T.eq(movers.phrase(7, "en"), "up 7 places")
  T.eq(movers.phrase(1, "en"), "up 1 place")
  T.eq(movers.phrase(-1, "en"), "down 1 place")
  T.eq(movers.phrase(-2, "en"), "down 2 places")
  T.eq(movers.phrase(0, "en"), "unchanged")
end)

-- From data/par_index.csv: 35 provinces with a rank in 2022, 43 in 2023, 32 in both.
T.case("PAR INDEX 2022-2023: published ranks, Lạng Sơn 54th to 47th, up 7", function()
  local r = assert(movers.compute{index = indices.resolve("par"), year = 2023, top = 5})
  T.eq(r.from, 2022)
  T.eq(#r.movers, 32, "provinces ranked in both years")
  T.eq(r.ranked[2022], 35)
  T.eq(r.ranked[2023], 43)
  T.eq(r.unchanged, 7)
  local rows = by_province(r.movers)
  local ls = rows["Lạng Sơn"]
  T.eq({ls.rank_from, ls.rank, ls.rank_change, ls.score, ls.score_from},
       {54, 47, 7, 85.94, nil}, "Lạng Sơn")
  -- Long An has a 2023 rank (8th) but none in 2022: not a mover, not ranked last.
  T.eq(rows["Long An"], nil, "Long An")
  -- Bình Phước 2022 has a score but no rank: not a mover.
  T.eq(rows["Bình Phước"], nil, "Bình Phước")
end)

T.case("risers keep provinces tied with the last one listed, ordered by rank", function()
  local r = assert(movers.compute{index = indices.resolve("par"), year = 2023, top = 5})
  local names = {}
  for _, row in r.risers:rows() do
    names[#names + 1] = row.province
  end
  -- changes 25, 19, 16, 12, then 11 three times (ranks 14, 41, 52)
  T.eq(names, {"Hải Dương", "Đồng Nai", "Tuyên Quang", "Kon Tum", "Khánh Hòa",
               "Quảng Trị", "Phú Yên"})
  names = {}
  for _, row in r.fallers:rows() do
    names[#names + 1] = row.province
  end
  T.eq(names, {"Đắk Nông", "Hòa Bình", "Đà Nẵng"})
end)

T.case("a year the data lacks is a message, not an error", function()
  local none, message = movers.compute{index = indices.resolve("par"), year = 2030, lang = "en"}
  T.eq(none, nil)
  T.eq(message, "PAR INDEX has no ranks for 2030 (it has ranks for 2012-2024)")
  -- Vietnamese by default; chiso.strings' movers_no_ranks_year and movers_from_after, by hand
  T.eq({movers.compute{index = indices.resolve("par"), year = 2030}},
    {nil, "PAR INDEX không có hạng năm 2030 (có hạng các năm 2012-2024)"}, "vi")
  T.eq({movers.compute{index = indices.resolve("sipas"), year = 2020, from = 2021, lang = "vi"}},
    {nil, "--from 2021 phải là năm trước --year 2020"}, "from after year, vi")
  T.eq({movers.compute{index = indices.resolve("sipas"), year = 2020, from = 2021, lang = "en"}},
    {nil, "--from 2021 must be before --year 2020"}, "from after year, en")
end)

-- pandas (see tests/cli/movers.test): PAPI 2024 totals ranked over 61 complete
-- rows: Quảng Ninh 1st (47.821236), Tây Ninh 2nd, Bình Thuận 3rd, Thái
-- Nguyên 4th, Kiên Giang 61st (39.912188), Lạng Sơn 12th, Hà Nội 29th.
T.case("PAPI totals: ranks computed per year over the complete provinces", function()
  local ds, info = indices.load(indices.resolve("papi"))
  T.eq(info.computed, true)
  T.eq(info.among[2024], 61)
  T.eq(info.among[2021], 60)
  T.eq(info.left_out[2022], {"Bắc Giang", "Bắc Ninh"})
  T.eq(info.left_out[2024], nil)
  local rows = by_province(ds:where("year", "==", 2024))
  local expected = {["Quảng Ninh"] = 1, ["Tây Ninh"] = 2, ["Bình Thuận"] = 3,
                    ["Thái Nguyên"] = 4, ["Kiên Giang"] = 61, ["Lạng Sơn"] = 12, ["Hà Nội"] = 29}
  for name, rank in pairs(expected) do
    T.eq(rows[name].rank, rank, name)
  end
  T.near(rows["Quảng Ninh"].score, 47.821236, 1e-6, "Quảng Ninh score")
  -- 2022: the two partial rows have no rank and no score, not a low one.
  local y2022 = by_province(ds:where("year", "==", 2022))
  T.eq(y2022["Bắc Giang"].rank, nil)
  T.eq(y2022["Bắc Giang"].score, nil)
  T.eq(y2022["Cao Bằng"].rank, 61)
end)

-- SciPy: 2023 n = 16, r = 0.6321580769766534, p = 0.008604313762366209,
-- rho = 0.6617647058823529, p = 0.005233753301327506; pooled n = 66,
-- r = 0.5102513854107603, p = 1.2051195251468285e-05; line -17.395636204641747
-- + 1.1533960348330203 x; Pearson 95% interval 0.19872650516388293 to
-- 0.8587591077854483.
T.case("PAR INDEX against SIPAS 2023 agrees with SciPy", function()
  local r = assert(correlation.compute{with = "sipas", year = 2023})
  local s, p = r.single, r.pooled
  T.eq(s.n, 16)
  T.near(s.pearson.r, 0.6321580769766534, 1e-12, "r")
  T.near(s.pearson.p, 0.008604313762366209, 1e-12, "p")
  T.near(s.pearson.ci_low, 0.19872650516388293, 1e-12, "ci_low")
  T.near(s.pearson.ci_high, 0.8587591077854483, 1e-12, "ci_high")
  T.near(s.spearman.r, 0.6617647058823529, 1e-12, "rho")
  T.near(s.spearman.p, 0.005233753301327506, 1e-12, "rho p")
  T.near(s.fit.slope, 1.1533960348330203, 1e-10, "slope")
  T.near(s.fit.intercept, -17.395636204641747, 1e-9, "intercept")
  T.eq(p.n, 66)
  T.near(p.pearson.r, 0.5102513854107603, 1e-12, "pooled r")
  T.near(p.pearson.p, 1.2051195251468285e-05, 1e-15, "pooled p")
  local first = s.residuals:row(1)
  T.eq(first.province, "Hải Dương")
  T.near(first.residual, 6.31, 0.005, "Hải Dương residual")
end)

T.case("the default correlation year is the latest with at least 3 provinces in both", function()
  local r = assert(correlation.compute{with = "sipas"})
  T.eq(r.year, 2024)
  T.eq(r.single.n, 9)
  T.eq(r.years, {2019, 2020, 2021, 2022, 2023, 2024})
  T.near(r.single.pearson.r, 0.7506266757466267, 1e-12, "r")
end)

-- SciPy, PAPI totals: 2024 n = 16, r = 0.11157601488303989; 2018-2024 n = 130,
-- r = 0.31607122103687757, rho = 0.3628537562051324.
T.case("PAR INDEX against the PAPI total pools the eight-dimension years only", function()
  local r = assert(correlation.compute{with = "papi"})
  T.eq(r.year, 2024)
  T.eq(r.single.n, 16)
  T.near(r.single.pearson.r, 0.11157601488303989, 1e-12, "r")
  T.eq(r.pooled_years[1], 2018)
  T.eq(r.pooled.n, 130)
  T.near(r.pooled.pearson.r, 0.31607122103687757, 1e-12, "pooled r")
  T.near(r.pooled.spearman.r, 0.3628537562051324, 1e-12, "pooled rho")
end)

T.case("sipas_correlation --format csv writes the coefficients as data", function()
  local out, status = run("sipas_correlation --year 2023 --format csv")
  T.eq(status, 0)
  local ds = assert(chiso.parse_csv(out))
  -- index and year first (docs/reports.md, csv): what the file holds, the same on every row
  T.eq(ds:names(), {"index", "year", "years", "method", "r", "p", "ci_low", "ci_high", "n"})
  T.eq(#ds, 4)
  T.eq(ds.index:totable(), {"par+sipas", "par+sipas", "par+sipas", "par+sipas"}, "index")
  T.eq(ds.year:totable(), {2023, 2023, 2023, 2023}, "year")
  T.near(ds.r[1], 0.6321580769766534, 1e-12, "Pearson r")
  T.near(ds.r[2], 0.6617647058823529, 1e-12, "Spearman rho")
  T.near(ds.p[3], 1.2051195251468285e-05, 1e-15, "pooled p")
end)

T.case("movers --format csv: the rows parse back as data", function()
  local out, status = run("movers --year 2023 --format csv")
  T.eq(status, 0)
  local ds = assert(chiso.parse_csv(out))
  T.eq(#ds, 32)
  T.eq({ds:names()[1], ds:names()[2], ds:names()[3], ds:names()[4]},
    {"index", "year", "from", "province"}, "columns")
  T.eq({ds.index:n_distinct(), ds.index[1], ds.year:min(), ds.year:max(), ds.from:min(),
    ds.from:max()}, {1, "par", 2023, 2023, 2022, 2022}, "every row says PAR INDEX 2023 against 2022")
  local ls = by_province(ds)["Lạng Sơn"]
  T.eq({ls.rank_from, ls.rank, ls.rank_change, ls.score}, {54, 47, 7, 85.94})
  T.eq(ds.rank_change:sum(), 25 + 19 + 16 + 12 + 11 * 3 + 10 * 2 + 7 + 6 + 5 * 2 + 4 * 2
    + 3 * 3 + 2 * 2 + 1 * 2 - 7 - 12 - 14, "sum of the changes")
end)

-- A complete table (a score for each of the 63 provinces) with no ranks is
-- ranked by chiso, largest score first, equal scores sharing the better
-- place: province i of provinces.csv scores 100 - i, except that the 2nd and
-- 3rd both score 97 (ranks 1, 2, 2, 4, ...). The year before has published
-- ranks for three provinces.
T.case("a complete year without ranks is ranked over its 63 provinces", function()
  local provinces = assert(chiso.read_csv(chiso.paths.data .. "/provinces.csv"))
  local lines = {"2029,Hà Nội,90.0,5,stated,test", "2029,Hà Giang,80.0,40,stated,test",
                 "2029,Cà Mau,85.0,63,stated,test"}
  for i, row in provinces:rows() do
    local score = (i == 2 or i == 3) and 97 or 100 - i
    lines[#lines + 1] = string.format("2030,%s,%d.0,,stated,test", row.province, score)
  end
  local dir = T.par_index_dir(lines)
  local env = "CHISO_DATA='" .. dir .. "'"
  local out, status = run("movers --year 2030 --format csv", env)
  local text = run("movers --year 2030 --lang en", env):gsub("%s+", " ")
  os.remove(dir .. "/par_index.csv")
  os.remove(dir)
  T.eq(status, 0)
  local ds = assert(chiso.parse_csv(out))
  local rows = by_province(ds)
  T.eq(#ds, 3)
  T.eq({rows["Hà Nội"].rank_from, rows["Hà Nội"].rank}, {5, 1}, "Hà Nội")
  T.eq({rows["Hà Giang"].rank_from, rows["Hà Giang"].rank}, {40, 2}, "Hà Giang (tied)")
  T.eq({rows["Cà Mau"].rank_from, rows["Cà Mau"].rank}, {63, 63}, "Cà Mau")
  T.truthy(text:find("2030 ranked among 63 provinces", 1, true), "the report says over how many")
end)

T.case("movers --format html maps the rank changes in five classes around no change", function()
  local path = T.tmpname(".html")
  local _, status = run("movers --year 2023 --format html --lang en --out '" .. path .. "'")
  T.eq(status, 0)
  local html = T.read(path)
  -- The legend's keys: a swatch's fill, then its label.
  local key = {}
  for fill, label in html:gmatch('<rect [^>]*width="18" height="13" fill="([^"]+)"[^>]*/>\n<text [^>]*>([^<]*)</text>') do
    key[label] = fill
  end
  local function fill_of(name)
    return html:match('<path d="[^"]*" fill="([^"]+)" fill%-rule="evenodd"><title>' .. name .. ': ')
  end
  -- Published ranks (data/par_index.csv): Lạng Sơn 54 -> 47 (+7), Hải Dương 47 -> 22 (+25),
  -- Đắk Nông 37 -> 51 (-14), Đà Nẵng 5 -> 12 (-7); Cà Mau has no 2022 rank.
  T.eq(fill_of("Lạng Sơn"), key["+1 – +9"], "Lạng Sơn +7")
  T.eq(fill_of("Hải Dương"), key["≥ +10"], "Hải Dương +25")
  T.eq(fill_of("Đắk Nông"), key["≤ -10"], "Đắk Nông -14")
  T.eq(fill_of("Đà Nẵng"), key["-9 – -1"], "Đà Nẵng -7")
  T.truthy(key["0"] and key["No data (31)"], "a class for no change; 63 - 32 ranked both years")
  T.eq(fill_of("Cà Mau"), key["No data (31)"], "Cà Mau, unranked in 2022, is hatched")
end)

T.case("flagship writes one HTML file with three charts and prints its path", function()
  local path = T.tmpname(".html")
  local out, status = run("flagship --lang en --out '" .. path .. "'")
  T.eq(status, 0)
  T.truthy(out:find("HTML report with charts: " .. path, 1, true), "the path is printed")
  local html = T.read(path)
  local charts = 0
  for _ in html:gmatch("<svg[%s>]") do
    charts = charts + 1
  end
  T.eq(charts, 3, "charts: the map, the slope chart, the scatter")
  -- The map: 2024's PAR INDEX, which data/par_index.csv gives for 16 provinces (grep -c '^2024,'
  -- counts 21 rows, 5 of them with an empty score), so 47 of 63 are hatched.
  T.truthy(html:find("No data (47)", 1, true), "the map's missing provinces counted")
end)

-- The provinces named with --province, from data/par_index.csv (python3's csv
-- module: the rows of 2022 and 2023 of each province): Lạng Sơn 2022 rank 54,
-- no score; 2023 rank 47, 85.94. Cà Mau: no 2022 row; 2023 rank 34, 86.89.
-- Hà Nội: 2022 rank 3, 89.58; 2023 rank 3, 91.43 (change 0, score +1.85).
T.case("movers.compute with provinces reports each, ranked both years or not", function()
  local r = assert(movers.compute{index = indices.resolve("par"), year = 2023,
    provinces = {"Lạng Sơn", "Cà Mau", "Hà Nội"}})
  T.eq(#r.chosen, 3, "one row per province asked for")
  T.eq(r.chosen[1], {province = "Lạng Sơn", rank_from = 54, rank = 47, rank_change = 7,
    score = 85.94}, "Lạng Sơn")
  T.eq(r.chosen[2], {province = "Cà Mau", rank = 34, score = 86.89}, "Cà Mau: no 2022 rank")
  T.eq(r.chosen[3], {province = "Hà Nội", rank_from = 3, rank = 3, rank_change = 0,
    score_from = 89.58, score = 91.43, score_change = 1.85}, "Hà Nội")
  T.eq(#r.movers, 32, "the movers are the same as without provinces")
end)

T.case("movers --province: the provinces' rows as CSV, and a sentence for one without a rank", function()
  local out, status = run("movers --year 2023 --province 'lang son' --province 'Cà Mau' --format csv")
  T.eq(status, 0)
  -- index, year and from first, the same on every row (docs/reports.md, csv)
  T.eq(out, "index,year,from,province,rank_from,rank,rank_change,score_from,score,score_change\n"
    .. "par,2023,2022,Lạng Sơn,54,47,7,,85.94,\npar,2023,2022,Cà Mau,,34,,,86.89,\n", "the CSV")
  local text = run("movers --year 2023 --province 'Lạng Sơn,Cà Mau' --lang en"):gsub("%s+", " ")
  T.truthy(text:find("Lạng Sơn: rank 47 in 2023, up 7 places from rank 54 in 2022.", 1, true),
    "Lạng Sơn's sentence")
  T.truthy(text:find("Cà Mau has no rank in 2022 (rank 34 in 2023), so its change is not known.",
    1, true), "Cà Mau's sentence")
  text = run("movers --year 2023 --province 'Lạng Sơn'"):gsub("%s+", " ")
  T.truthy(text:find("Lạng Sơn: hạng 47 năm 2023, tăng 7 bậc so với hạng 54 năm 2022.", 1, true),
    "in Vietnamese")
end)

T.case("movers --province in HTML: their own slope chart, and outlined thick on the map", function()
  local path = T.tmpname(".html")
  local _, status = run("movers --year 2023 --province 'Lạng Sơn' --province 'Cà Mau' "
    .. "--format html --lang en --out '" .. path .. "'")
  T.eq(status, 0)
  local html = T.read(path)
  os.remove(path)
  T.truthy(html:find("PAR INDEX: ranks in 2022 and 2023 of the selected provinces", 1, true),
    "the slope chart of the provinces asked for")
  T.eq(select(2, html:gsub('fill="none" stroke="#1b1b1b" stroke%-width="2%.5"', "")), 2,
    "two provinces outlined thick on the map")
end)

-- Tây Nguyên is Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông, Lâm Đồng (data/provinces.csv).
-- data/par_index.csv 2022 -> 2023: Kon Tum 55 -> 43 (+12, 81.35 -> 86.14), Đắk Lắk 38 -> 28
-- (+10, 84.47 -> 87.33), Gia Lai 58 -> 58 (80.35 -> no score), Đắk Nông 37 -> 51 (-14,
-- 84.66 -> no score); Lâm Đồng has no 2022 row (2023: 46th). Ranked: 4 in 2022, 5 in 2023.
T.case("movers --region: the region's movers at their national ranks", function()
  local out, status = run("movers --year 2023 --region 'tay nguyen' --format csv")
  T.eq(status, 0)
  T.eq(out, "index,year,from,province,rank_from,rank,rank_change,score_from,score,score_change\n"
    .. "par,2023,2022,Kon Tum,55,43,12,81.35,86.14,4.79\n"
    .. "par,2023,2022,Đắk Lắk,38,28,10,84.47,87.33,2.86\n"
    .. "par,2023,2022,Gia Lai,58,58,0,80.35,,\npar,2023,2022,Đắk Nông,37,51,-14,84.66,,\n",
    "the CSV")
  local text = run("movers --year 2023 --region 'Tây Nguyên' --lang en"):gsub("%s+", " ")
  -- In English the region has the GSO's English name (chiso.vn.region).
  T.truthy(text:find("^PAR INDEX: rank changes 2022–2023, Central Highlands "),
    "the title: " .. text)
  T.truthy(text:find("4 of the 5 provinces of Central Highlands have a rank in both 2022 and 2023 "
    .. "(2022 had 4 of them ranked, 2023 had 5).", 1, true), "the counts")
  T.truthy(text:find("Ranks are the national ones, not ranked again within Central Highlands", 1, true),
    "the note on ranks")
  local r = assert(movers.compute{index = indices.resolve("par"), year = 2023, top = 1,
    region = "Tây Nguyên"})
  T.eq({r.risers.province:totable(), r.fallers.province:totable(), r.unchanged},
    {{"Kon Tum"}, {"Đắk Nông"}, 1}, "risers, fallers, unchanged within the region")
  T.eq(#r.national, 32, "the map keeps every province ranked in both years")
end)

T.case("movers --out NAME.md writes its slope chart and map beside it; to the screen, notes", function()
  local dir = T.tmpname("-movers-md")
  assert(require("lfs").mkdir(dir))
  local out, status = run("movers --year 2023 --out " .. T.quote(dir .. "/par.md"))
  T.eq(status, 0, "status")
  T.eq(out, "", "nothing on standard output")
  -- lua/chiso/movers.lua's add_to draws the slope chart, then the map, for a report with charts
  T.eq(T.files_in(dir), {"par-1.svg", "par-2.svg", "par.md"}, "the report and two charts")
  local md = T.read(dir .. "/par.md")
  local links = {}
  for alt, target in md:gmatch("!%[([^%]]*)%]%(([^)]*)%)") do
    links[#links + 1] = target
    T.truthy(#alt > 0, "alt text for " .. target)
  end
  T.eq(links, {"par-1.svg", "par-2.svg"}, "both linked, in order")
  T.truthy(not md:find("<svg", 1, true), "no SVG inline")
  local pipe = assert(io.popen("/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E\n"
    .. "for p in sys.argv[1:]: r = E.parse(p).getroot(); print(r.tag, len(list(r.iter())) > 10)' "
    .. T.quote(dir .. "/par-1.svg") .. " " .. T.quote(dir .. "/par-2.svg") .. " 2>&1"))
  T.eq(pipe:read("a"), "{http://www.w3.org/2000/svg}svg True\n{http://www.w3.org/2000/svg}svg True\n",
    "two SVG files that parse, each with drawing in it")
  pipe:close()
  local screen = run("movers --year 2023 --format md")
  T.truthy(not screen:find("<svg", 1, true), "no SVG on the screen")
  local notes = select(2, screen:gsub("ghi báo cáo bằng %-%-out TỆP%.md để có biểu đồ", ""))
  T.eq(notes, 2, "a note for each of the two charts")
  T.remove_tree(dir)
end)

T.finish()
