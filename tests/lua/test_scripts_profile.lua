-- scripts/profile.lua, run as `chiso run profile ... --format csv`, its table
-- read back: one province's PAR INDEX and SIPAS history with the published
-- ranks, its PAPI totals with ranks computed over the provinces present, and
-- its place in its region.
--
-- Expected values were read from the CSV files by hand (par_index.csv,
-- sipas.csv, provinces.csv) or computed with pandas 1.5.3 from
-- data/papi/csv/*.csv, independently of chiso:
--   /usr/bin/python3 -c "import pandas as pd, glob ..."   (the script below)
--   long = every SCxx cell that is not empty, with its year, P-code and dimension
--          (codebook_subcriteria.csv: Criteria_Code);
--   dimension = sum by year, P-code, dimension; a total is complete when the
--          province has every dimension (and sub-dimension) the year has;
--   rank = totals.groupby("year").score.rank(ascending=False, method="min")
--          over the complete totals; region ranks the same by year and region.
-- Lạng Sơn is P13 in the PAPI codebook, region "Trung du và miền núi phía Bắc".

local T = require "testing"

local chiso_bin = assert(os.getenv("CHISO"), "CHISO is not set")

-- Runs `chiso run profile ARGS`; returns stdout, stderr and the exit status.
local function run(args)
  local err_path = T.tmpname(".err")
  local pipe = assert(io.popen(string.format("'%s' run profile %s 2>'%s'", chiso_bin, args,
    err_path)))
  local out = pipe:read("a")
  local _, _, status = pipe:close()
  return out, T.read(err_path), status
end

-- The CSV report of a province as a dataset.
local function history(province)
  local out, err, status = run(string.format("--province '%s' --format csv", province))
  T.eq(status, 0, "exit status for " .. province .. " (stderr: " .. err .. ")")
  return assert(chiso.parse_csv(out, {types = {score = "float"}}))
end

-- The rows of one index, keyed by year.
local function by_year(ds, index)
  local rows = {}
  for _, row in ds:where("index", "==", index):rows() do
    rows[row.year] = row
  end
  return rows
end

local lang_son = history("lạng sơn")

T.case("profile: the CSV holds every index's history with the same columns", function()
  T.eq(lang_son:names(), {"index", "year", "score", "rank", "among", "region_rank",
    "region_ranked"}, "columns")
  -- par_index.csv: 2 rows; sipas.csv: 1 row (2017); PAPI: 14 years, 2011-2024
  T.eq(#lang_son, 2 + 1 + 14, "rows")
end)

T.case("profile: Lạng Sơn's PAR INDEX ranks are the published ones (2022 54th, 2023 47th)", function()
  local par = by_year(lang_son, "PAR INDEX")
  -- par_index.csv: "2022,Lạng Sơn,,54,derived: 2023 rank 47 + 7 places" and "2023,Lạng Sơn,85.94,47"
  T.eq(par[2022].score, nil, "2022 has no score: absent, not zero")
  T.eq(par[2022].rank, 54, "2022 rank")
  T.eq(par[2023].score, 85.94, "2023 score")
  T.eq(par[2023].rank, 47, "2023 rank")
  T.eq(par[2023].among, 63, "a published rank is out of 63")
  -- Region provinces with a rank in 2022 (by hand from par_index.csv): Bắc Giang 4,
  -- Thái Nguyên 9, Lào Cai 11, Sơn La 13, Yên Bái 14, Điện Biên 22, Hòa Bình 23,
  -- Lai Châu 24, Tuyên Quang 32, Lạng Sơn 54: last of 10. In 2023 the same without
  -- Lai Châu, with Lạng Sơn 47th: last of 9.
  T.eq({par[2022].region_rank, par[2022].region_ranked}, {10, 10}, "2022 in region")
  T.eq({par[2023].region_rank, par[2023].region_ranked}, {9, 9}, "2023 in region")
end)

T.case("profile: a SIPAS rank without a score is kept; the region place counts ranked provinces", function()
  local sipas = by_year(lang_son, "SIPAS")
  -- sipas.csv 2017: Thái Nguyên 3, Bắc Giang 4, Lạng Sơn 12 (no score) in the region
  T.eq(sipas[2017].rank, 12, "2017 rank")
  T.eq(sipas[2017].score, nil, "2017 score absent")
  T.eq({sipas[2017].region_rank, sipas[2017].region_ranked}, {3, 3}, "2017 in region")
end)

T.case("profile: PAPI totals with ranks computed among the provinces present", function()
  local papi = by_year(lang_son, "PAPI")
  -- pandas (see the header): year, score, rank, N, region rank, region N
  local expected = {
    [2011] = {38.383685, 9, 63, 2, 14}, [2014] = {37.908160, 13, 61, 2, 13},
    [2018] = {47.053331, 1, 61, 1, 14}, [2021] = {45.838064, 4, 60, 1, 13},
    [2022] = {43.847514, 13, 61, 2, 13}, [2023] = {43.477768, 21, 61, 6, 14},
    [2024] = {45.003623, 12, 61, 2, 14},
  }
  for year, e in pairs(expected) do
    local row = papi[year]
    T.near(row.score, e[1], 1e-6, year .. " score")
    T.eq({row.rank, row.among, row.region_rank, row.region_ranked}, {e[2], e[3], e[4], e[5]},
      year .. " rank, among, region rank, region ranked")
  end
end)

T.case("profile: any spelling of the province gives the same report", function()
  local expected = lang_son:to_csv()
  for _, spelling in ipairs{"Lạng Sơn", "lang son", "LANG SON", "20", "P13", "Tỉnh Lạng Sơn"} do
    T.eq(history(spelling):to_csv(), expected, spelling)
  end
end)

T.case("profile: PAPI years a province lacks are absent, not zero (Quảng Ninh)", function()
  -- Quảng Ninh is P14: blank in 2021 and 2023, and 2018 lacks whole dimensions
  -- (SC21-SC24, SC41-SC44), so it has no total that year.
  local papi = history("quang ninh"):where("index", "==", "PAPI")
  local years = {}
  for _, row in papi:rows() do
    years[#years + 1] = row.year
  end
  T.eq(years, {2011, 2012, 2013, 2014, 2015, 2016, 2017, 2019, 2020, 2022, 2024}, "PAPI years")
end)

T.case("profile: a complete table in CHISO_DATA without ranks is ranked among all 63", function()
  -- Every province of provinces.csv in 2023, scores 90.0, 89.5, 89.0 ... in file
  -- order, no rank: Lạng Sơn is the 13th row (score 84.0, rank 13), after 11 of
  -- its region's 14 provinces (Hà Giang ... Thái Nguyên), so 12th of 14 there.
  -- The user's rows replace every bundled 2023 row; the bundled 2022 row stays
  -- (par_index.csv: "2022,Lạng Sơn,,54", 10th of the region's 10 ranked, as above).
  local dir = T.par_index_dir(T.every_province(2023))
  local pipe = assert(io.popen(string.format("CHISO_DATA='%s' '%s' run profile --province "
    .. "'lạng sơn' --format csv", dir, chiso_bin)))
  local ds = assert(chiso.parse_csv(pipe:read("a")))
  pipe:close()
  os.execute("rm -r '" .. dir .. "'")
  local par = ds:where("index", "==", "PAR INDEX")
  T.eq(#par, 2, "two PAR INDEX years: the bundled 2022, the user's 2023")
  T.eq(par:row(1), {index = "PAR INDEX", year = 2022, rank = 54, among = 63,
    region_rank = 10, region_ranked = 10}, "2022")
  T.eq(par:row(2), {index = "PAR INDEX", year = 2023, score = 84.0, rank = 13, among = 63,
    region_rank = 12, region_ranked = 14}, "2023")
end)

T.case("profile: a user's par_index.csv with decimal commas reads 85,94 as 85.94 (it crashed)", function()
  -- Saved as Excel does in a Vietnamese locale: ";" and decimal commas. This crashed with
  -- "report.lua:272: bad argument #1 to 'number'", the scores being text. Lạng Sơn's row
  -- is the bundled one retyped, so its places are those above: 47th, 9th of 9 in the region.
  local dir = T.tmpname("-data")
  assert(os.execute("mkdir -p '" .. dir .. "'"))
  T.write(dir .. "/par_index.csv", "year;province;score;rank;basis;source\n"
    .. "2023;Lạng Sơn;85,94;47;stated;x\n2023;Hà Nội;91,43;3;stated;x\n")
  local out, err, status = T.run(string.format("CHISO_DATA='%s' '%s' run profile --province "
    .. "'Lạng Sơn' --format csv --lang en", dir, chiso_bin))
  T.remove_tree(dir)
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  T.truthy(err:find("chiso: note: " .. dir .. "/par_index.csv: numbers read with a decimal comma "
    .. "(85,94)\n", 1, true), "the note: " .. err)
  T.truthy(not err:find("traceback", 1, true), "no traceback: " .. err)
  local par = by_year(assert(chiso.parse_csv(out)), "PAR INDEX")
  T.eq(par[2023], {index = "PAR INDEX", year = 2023, score = 85.94, rank = 47, among = 63,
    region_rank = 9, region_ranked = 9}, "2023")
end)

T.case("profile: a user's file with text for a score is one line naming file, line and column", function()
  local dir = T.tmpname("-data")
  assert(os.execute("mkdir -p '" .. dir .. "'"))
  T.write(dir .. "/par_index.csv", "year;province;score;rank;basis;source\n"
    .. "2023;Lạng Sơn;85,94;47;stated;x\n2023;Hà Nội;chín mươi;3;stated;x\n")
  local out, err, status = T.run(string.format("CHISO_DATA='%s' '%s' run profile --province "
    .. "'Lạng Sơn' --lang en", dir, chiso_bin))
  T.remove_tree(dir)
  T.eq({out, status}, {"", 2}, "no report, exit status 2")
  T.eq(err, "profile: " .. dir .. "/par_index.csv:3: column 'score' is float but holds 'chín mươi' "
    .. "(read with a decimal comma, as its numbers are written)\n", "stderr")
end)

T.case("profile: an unknown province is one line with suggestions and exit status 2", function()
  local out, err, status = run("--province 'lang sonn' --lang en")
  T.eq(out, "", "stdout")
  T.eq(err, "profile: unknown province 'lang sonn'; did you mean Lạng Sơn?\n",
    "stderr")
  T.eq(status, 2, "exit status")
  -- Vietnamese by default (chiso.strings' vn_unknown, by hand)
  out, err, status = run("--province 'lang sonn'")
  T.eq({out, err, status}, {"", "profile: không có tỉnh, thành phố 'lang sonn'; có phải là Lạng Sơn "
    .. "không?\n", 2}, "vi")
end)

T.case("profile: an empty or ambiguous province is one line and exit status 2", function()
  local out, err, status = run("--province '' --lang en")
  T.eq({out, err, status}, {"", "profile: a province name is empty\n", 2}, "empty")
  out, err, status = run("--province 'ĐN' --lang en")
  T.eq({out, err, status},
    {"", "profile: ambiguous province 'ĐN': Đà Nẵng or Đồng Nai; give the name\n", 2}, "ĐN")
  out, err, status = run("--province ''")
  T.eq({out, err, status}, {"", "profile: tên tỉnh, thành phố để trống\n", 2}, "empty, vi")
  out, err, status = run("--province 'ĐN' --lang vi")
  T.eq({out, err, status},
    {"", "profile: 'ĐN' có thể là Đà Nẵng hoặc Đồng Nai: hãy ghi rõ tên tỉnh\n", 2}, "ĐN, vi")
end)

T.case("profile: Vũng Tàu is Bà Rịa - Vũng Tàu; Hà Tây is Hà Nội, with a note", function()
  local out, _, status = run("--province 'Vũng Tàu'")
  T.eq(status, 0, "Vũng Tàu status")
  T.eq(out:match("^[^\n]+"), "Hồ sơ chỉ số: Bà Rịa - Vũng Tàu", "Vũng Tàu title")
  out, _, status = run("--province 'Hà Tây'")
  T.eq(status, 0, "Hà Tây status")
  T.eq(out:match("^[^\n]+"), "Hồ sơ chỉ số: Hà Nội", "Hà Tây title")
  T.truthy(out:find("Ghi chú: Hà Tây đã sáp nhập vào Hà Nội năm 2008.", 1, true), "the note, in Vietnamese")
  out = run("--province 'Hà Tây' --lang en")
  T.truthy(out:find("Note: Hà Tây was merged into Hà Nội in 2008.", 1, true), "the note, in English")
end)

T.case("profile: a PAPI year the data lacks is a message and exit status 2", function()
  local out, err, status = run("--province 'lạng sơn' --year 2030 --lang en")
  T.eq(out, "", "stdout")
  T.eq(err, "profile: the PAPI data has no year 2030 (it holds 2011-2024)\n", "stderr")
  T.eq(status, 2, "exit status")
  out, err, status = run("--province 'lạng sơn' --year 2030")
  T.eq({out, err, status}, {"", "profile: dữ liệu PAPI không có năm 2030 (chỉ có 2011-2024)\n", 2},
    "vi")
end)

T.case("profile: HTML has a rank-history chart, a map and a dimension chart", function()
  local out, _, status = run("--province 'lạng sơn' --format html --lang en")
  T.eq(status, 0, "exit status")
  local charts = select(2, out:gsub("<svg", ""))
  T.eq(charts, 3, "charts")
  -- The map: Lạng Sơn outlined thick, the 13 other provinces of Trung du và miền núi phía
  -- Bắc (14 provinces, data/SOURCES.md) thin.
  T.truthy(out:find("PAPI total 2024: Lạng Sơn", 1, true), "the map's title")
  T.eq(select(2, out:gsub('fill="none" stroke="#1b1b1b" stroke%-width="2%.5"', "")), 1,
    "one province outlined thick")
  T.eq(select(2, out:gsub('fill="none" stroke="#1b1b1b" stroke%-width="1%.2"', "")), 13,
    "the rest of its region outlined thin")
  T.truthy(out:find("Rank over the years", 1, true), "the rank chart's title")
  T.truthy(out:find("PAPI dimensions 2024: difference from the national mean", 1, true),
    "the dimension chart's title, for the latest PAPI year")
end)

-- Two provinces: Lạng Sơn (above) and Cao Bằng. data/par_index.csv (python3's csv module,
-- the rows of each): Cao Bằng 2015 rank 62, 2024 rank 63, no scores; Lạng Sơn 2022 54th,
-- 2023 47th. data/sipas.csv: Cao Bằng 2021 63rd (82.79), 2023 61st (76.26), 2024 57th;
-- Lạng Sơn 2017 12th. PAPI (pandas, as in the header): Cao Bằng 2011 61st, 2024 51st;
-- Lạng Sơn 2011 9th, 2024 12th.
T.case("profile with two provinces: every row says whose it is, ranks as published", function()
  local out, err, status = run("--province 'Lạng Sơn' --province 'cao bang' --format csv")
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  local ds = assert(chiso.parse_csv(out, {types = {score = "float"}}))
  T.eq(ds:names(), {"province", "index", "year", "score", "rank", "among", "region_rank",
    "region_ranked"}, "columns")
  -- 2 + 1 + 14 rows of Lạng Sơn (above); Cao Bằng 2 + 3 + 14
  T.eq(#ds, 17 + 19, "rows")
  local ranks = {}
  for _, row in ds:rows() do
    ranks[row.province .. " " .. row.index .. " " .. row.year] = row.rank
  end
  local expected = {
    ["Lạng Sơn PAR INDEX 2022"] = 54, ["Lạng Sơn PAR INDEX 2023"] = 47,
    ["Cao Bằng PAR INDEX 2015"] = 62, ["Cao Bằng PAR INDEX 2024"] = 63,
    ["Lạng Sơn SIPAS 2017"] = 12, ["Cao Bằng SIPAS 2021"] = 63, ["Cao Bằng SIPAS 2023"] = 61,
    ["Cao Bằng SIPAS 2024"] = 57, ["Lạng Sơn PAPI 2011"] = 9, ["Cao Bằng PAPI 2011"] = 61,
    ["Lạng Sơn PAPI 2024"] = 12, ["Cao Bằng PAPI 2024"] = 51,
  }
  for key, rank in pairs(expected) do
    T.eq(ranks[key], rank, key)
  end
  T.eq(ranks["Cao Bằng PAR INDEX 2023"], nil, "a year Cao Bằng lacks is absent")
  -- The same spelled otherwise, and as one option with a comma: the same report.
  T.eq(run("--province 'lang son,Cao Bằng' --format csv"), out, "comma-separated")
  T.eq(run("20 04 --format csv"), out, "as arguments, by code")
end)

T.case("profile with two provinces: their ranks side by side, a column each", function()
  local out, err, status = run("--province 'Lạng Sơn' --province 'Cao Bằng' --lang en")
  T.eq(status, 0, "exit status (stderr: " .. err .. ")")
  T.eq(out:match("^[^\n]+"), "Index profile: Lạng Sơn, Cao Bằng", "title")
  local block = out:match("Ranks side by side\n%-+\n\n(.-)\n\n")
  local lines = {}
  for line in block:gmatch("[^\n]+") do
    lines[#lines + 1] = (line:gsub("%s+", " "))
  end
  T.eq(lines[1], "Index Year Lạng Sơn Cao Bằng", "header")
  T.eq({lines[3], lines[4], lines[5], lines[6]}, {"PAR INDEX 2015 — 62", "PAR INDEX 2022 54 —",
    "PAR INDEX 2023 47 —", "PAR INDEX 2024 — 63"}, "PAR INDEX rows")
  T.eq(lines[7], "SIPAS 2017 12 —", "SIPAS 2017")
  T.eq(lines[#lines], "PAPI 2024 12 51", "PAPI 2024")
end)

T.case("profile with two provinces in HTML: a rank chart per index with a line each", function()
  local out, _, status = run("--province 'Lạng Sơn' --province 'Cao Bằng' --format html --lang en")
  T.eq(status, 0, "exit status")
  for _, index in ipairs{"PAR INDEX", "SIPAS", "PAPI"} do
    local svg = out:match("<svg[^>]*>%s*<title>" .. index .. ": rank over the years</title>.-</svg>")
    T.truthy(svg, index .. " chart")
    -- one legend entry per province: the label beside a line of the palette
    T.truthy(svg and svg:find(">Lạng Sơn</text>", 1, true) and svg:find(">Cao Bằng</text>", 1, true),
      index .. " has a line for each province")
  end
  T.eq(select(2, out:gsub('fill="none" stroke="#1b1b1b" stroke%-width="2%.5"', "")), 2,
    "both provinces outlined thick on the map")
  T.eq(select(2, out:gsub("<svg", "")), 3 + 1 + 2, "three rank charts, the map, two dimension charts")
end)

T.case("profile --region is refused with a message saying where a region's figures are", function()
  local out, err, status = run("--region 'Tây Nguyên' --lang en")
  T.eq({out, status}, {"", 2}, "no report, exit status 2")
  T.eq(err, "profile: --region is not taken here: a profile compares provinces, so name them "
    .. "with --province (it may be given several times); for a region, see 'chiso run regions' "
    .. "and 'chiso run movers --region'\n", "stderr")
end)

T.finish()
