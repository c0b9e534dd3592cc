-- chiso.data: the bundled datasets by name, $CHISO_DATA, and the PAPI
-- panel built as one long table. Expected figures come from data/SOURCES.md,
-- the published PAPI 2023 result (Thừa Thiên Huế 46.0415, first), and
-- pandas with the command recorded below.

local T = require "testing"

local data = chiso.data

T.case("each bundled dataset loads by name, with its columns and types", function()
  local provinces = data.load("provinces")
  T.eq(#provinces, 63, "63 provinces")
  T.eq(T.types(provinces), {"string", "string", "string", "string", "string"}, "codes stay text")
  T.eq(provinces:col("code")[1], "01", "leading zero kept")
  local par = data.load("par_index")
  T.eq(par:names(), {"year", "province", "score", "rank", "basis", "source", "origin"}, "par_index")
  T.eq(data.load("sipas"):names(), {"year", "province", "score", "rank", "basis", "source", "origin"},
    "sipas")
  T.eq(par.origin:n_distinct(), 1, "one origin without a user's file")
  T.eq(par.origin[1], "bundled", "every row bundled")
  T.eq(data.load("published_averages"):names(),
    {"index", "year", "area", "average", "statement", "source", "confidence"}, "published averages")
  T.eq(#data.load("ministries_par_index") > 0, true, "ministries")
  T.truthy(data.load("par_index") == par, "read once, then the same dataset")
end)

T.case("an unknown dataset is an error listing the names", function()
  T.raises(function() data.load("gdp") end, "unknown dataset 'gdp' (the datasets are ministries_par_index, papi")
end)

T.case("PAPI: one long table with canonical provinces, every year 2011-2024", function()
  local papi = data.load("papi")
  T.eq(papi:names(), {"province", "code", "year", "dimension_code", "dimension", "sub_dimension_code",
    "sub_dimension", "score"}, "columns")
  local years = papi:group_by("year"):agg{ {"provinces", "n_distinct", "province"} }
  -- data/SOURCES.md: blank rows 2014: P15, P56; 2021: P14, P15, P18; 2023: P14, P47; 2024: P17, P52
  T.eq(years:col("year"):totable(), {2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021,
    2022, 2023, 2024}, "years")
  T.eq(years:col("provinces"):totable(), {63, 63, 63, 61, 63, 63, 63, 63, 63, 63, 60, 63, 61, 61}, "gaps")
end)

T.case("PAPI totals are sums of the sub-dimensions present and reproduce the published 2023 result", function()
  -- /usr/bin/python3 -c "import pandas as pd, glob; rows = []
  --   for f in sorted(glob.glob('data/papi/csv/*.csv')):
  --     d = pd.read_csv(f); y = int(f[-8:-4]); sc = [c for c in d.columns if c.startswith('SC')]
  --     d['total'] = d[sc].sum(axis=1, min_count=1); d['year'] = y; rows.append(d[['Province', 'year', 'total']])
  --   a = pd.concat(rows).dropna(); print(len(a));
  --   print(a[a.year == 2023].sort_values('total', ascending=False).head(3))
  --   print(a[(a.year == 2011) & (a.Province == 'P13')])"
  -- 873; P31 2023 46.041540, P12 45.787524, P18 45.704710; P13 2011 38.383685
  -- (P31 is Thua Thien Hue, P12 Thai Nguyen, P18 Bac Ninh, P13 Lang Son in the codebook)
  local totals = data.papi_scores("total")
  T.eq(#totals, 873, "province-years")
  local y2023 = totals:where("year", "==", 2023):sort({"score", desc = true})
  T.eq(y2023:col("province"):totable()[1], "Thừa Thiên Huế", "first in 2023")
  T.near(y2023:col("score")[1], 46.0415, 0.00005, "published 46.0415")
  T.near(y2023:col("score")[2], 45.787524, 1e-6, "Thái Nguyên")
  T.eq(y2023:col("province")[3], "Bắc Ninh", "third")
  local ls = totals:where{ {"year", "==", 2011}, {"province", "==", "Lạng Sơn"} }
  T.near(ls:col("score")[1], 38.383685, 1e-6, "Lạng Sơn 2011")
  T.eq(ls:col("dimensions")[1], 6, "six dimensions before 2018")
  T.eq(totals:where("year", "==", 2018):col("dimensions"):max(), 8, "eight from 2018")
end)

T.case("PAPI rows published with dimensions missing are summed over what is there, and show it", function()
  -- /usr/bin/python3: for (2022, P15), (2022, P18), (2018, P14), (2018, P56) the dimensions whose
  -- sub-dimension columns are all filled are 3 6 7 8 / 1 5 6 7 / 1 3 5 6 7 8 / 1 3 5 6 7 8
  -- (P15 Bac Giang, P18 Bac Ninh, P14 Quang Ninh, P56 Dong Thap)
  local partial = data.papi_scores("total"):where("dimensions", "<", 8):where("year", ">=", 2018)
    :sort("year", "province")
  T.eq(partial:col("province"):totable(), {"Quảng Ninh", "Đồng Tháp", "Bắc Giang", "Bắc Ninh"}, "provinces")
  T.eq(partial:col("dimensions"):totable(), {6, 6, 4, 4}, "dimensions present")
end)

T.case("PAPI dimension scores sum their sub-dimensions; an absent one is absent, not zero", function()
  local dims = data.papi_scores("dimension")
  -- SC52 (construction permits) is absent from 2021 on: dimension C05 then has 3 sub-dimensions
  local c05 = dims:where{ {"dimension_code", "==", "C05"}, {"province", "==", "Hà Nội"} }
  local by_year = {}
  for _, row in c05:rows() do by_year[row.year] = row.sub_dimensions end
  T.eq(by_year[2020], 4, "2020: four")
  T.eq(by_year[2021], 3, "2021: three")
  T.raises(function() data.papi_scores("region") end, "level must be \"total\" or \"dimension\"")
end)

-- Runs Lua code in a chiso whose CHISO_DATA is dir; returns stdout, stderr and the status.
local function with_data(dir, code)
  return T.run(string.format("CHISO_DATA=%s %s -e %s", T.quote(dir), T.quote(os.getenv("CHISO")),
    T.quote(code)))
end

-- A scratch folder holding files {name = text}.
local function data_dir(contents)
  local dir = T.tmpname("-data")
  assert(os.execute("mkdir -p " .. T.quote(dir)))
  for name, text in pairs(contents) do
    T.write(dir .. "/" .. name, text)
  end
  return dir
end

T.case("CHISO_DATA: a user's 2024 rows are used over the bundled ones, every other bundled row stays", function()
  -- A synthetic user table (made up for the test) of 2024 only: "Ha Noi" is the bundled
  -- (2024, Hà Nội), which it replaces; Lạng Sơn has no bundled 2024 row.
  -- Counts of data/par_index.csv by Python's csv module:
  --   /usr/bin/python3 -c "import csv; r = list(csv.DictReader(open('data/par_index.csv')));
  --     print(len(r), sum(x['year'] == '2023' for x in r), sum(x['year'] == '2024' for x in r))"
  --   -> 231 43 21
  -- so the combined table has 231 - 1 + 2 = 232 rows, 43 of 2023, 21 - 1 + 2 = 22 of 2024.
  local dir = data_dir{["par_index.csv"] = "year,province,score,rank,basis,source\n"
    .. "2024,Ha Noi,91.0,4,imported,test (synthetic)\n"
    .. "2024,Lạng Sơn,86.5,40,imported,test (synthetic)\n"}
  local out, err, status = with_data(dir, [[
    local d = chiso.data.load("par_index")
    print(#d, #d:where("year", "==", 2023), #d:where("year", "==", 2024))
    for _, r in d:where{ {"year", ">=", 2023}, {"province", "in", {"Ha Noi", "Hà Nội", "Lạng Sơn"}} }:rows() do
      print(r.year, r.province, r.score, r.rank, r.basis, r.origin)
    end
    print(#d:where("origin", "==", "user"), #d:where("origin", "==", "bundled"))
    local indices = require "chiso.indices"
    local hn = indices.load(indices.resolve("par")):where{ {"province", "==", "Hà Nội"}, {"year", "==", 2024} }
    print(#hn, hn.score[1], hn:col("rank")[1], #chiso.data.load("provinces"))
  ]])
  T.remove_tree(dir)
  T.eq({err, status}, {"", 0}, "stderr and status")
  T.eq(out, table.concat({
    "232\t43\t22",
    -- the user's rows first, as written, then the bundled rows that stay (data/par_index.csv:
    -- "2023,Hà Nội,91.43,3,stated", "2023,Lạng Sơn,85.94,47,stated"); the bundled
    -- "2024,Hà Nội,92.57,3" is gone
    "2024\tHa Noi\t91.0\t4\timported\tuser",
    "2024\tLạng Sơn\t86.5\t40\timported\tuser",
    "2023\tHà Nội\t91.43\t3\tstated\tbundled",
    "2023\tLạng Sơn\t85.94\t47\tstated\tbundled",
    "2\t230",
    -- indices name it Hà Nội: one 2024 row, the user's; provinces.csv is still the bundled one
    "1\t91.0\t4\t63",
  }, "\n") .. "\n", "rows")
end)

T.case("CHISO_DATA: numbers with a decimal comma are read as such, with a note", function()
  -- A synthetic table saved as Excel does in a Vietnamese locale: ";" and decimal commas.
  local dir = data_dir{["par_index.csv"] = "year;province;score;rank;basis;source\n"
    .. "2023;Lạng Sơn;85,94;47;imported;test (synthetic)\n2030;Hà Nội;90,5;1;imported;test\n"}
  local out, err, status = with_data(dir, [[
    local d = chiso.data.load("par_index", "en"):where("origin", "==", "user")
    print(d.score:type(), d.score[1], d.score[2])
  ]])
  T.remove_tree(dir)
  T.eq({out, status}, {"float\t85.94\t90.5\n", 0}, "scores")
  T.truthy(err:find(string.format("chiso: note: %s/par_index.csv: numbers read with a decimal comma "
    .. "(85,94)\n", dir), 1, true), "the note: " .. err)
end)

T.case("CHISO_DATA: a score that is no number is nil and a message naming file, line and column", function()
  -- line 3 holds "8x,5": neither a number with a point nor with a comma
  local dir = data_dir{["par_index.csv"] = "year,province,score,rank,basis,source\n"
    .. "2023,Lạng Sơn,\"85,94\",47,imported,test\n2023,Hà Nội,\"8x,5\",1,imported,test\n"}
  local out, err, status = with_data(dir, [[
    print(chiso.data.try_load("par_index", "en"))
    print(pcall(chiso.data.load, "par_index", "en"))
    print(require("chiso.indices").load(require("chiso.indices").resolve("par"), "en"))
  ]])
  T.remove_tree(dir)
  T.eq({err, status}, {"", 0}, "stderr and status")
  local message = dir .. "/par_index.csv:3: column 'score' is float but holds '8x,5' (read with a "
    .. "decimal comma, as its numbers are written)"
  T.eq(out, "nil\t" .. message .. "\nfalse\tchiso.data: " .. message .. "\nnil\t" .. message .. "\n")
end)

T.case("CHISO_DATA: decimal points and commas mixed in one file are an error saying so", function()
  local dir = data_dir{["sipas.csv"] = "year;province;score;rank\n2023;Lạng Sơn;85,94;4\n"
    .. "2023;Hà Nội;86.5;3\n"}
  local out = with_data(dir, [[print(chiso.data.try_load("sipas", "en"))]])
  T.remove_tree(dir)
  local file = dir .. "/sipas.csv"
  T.eq(out, string.format("nil\t%s:2: column 'score' is float but holds '85,94'; read with a decimal "
    .. "comma instead, %s:3: column 'score' is float but holds '86.5': write every number with the "
    .. "same decimal mark\n", file, file))
end)

T.case("CHISO_DATA: a user's table without year or province columns is refused by name", function()
  local dir = data_dir{["pci.csv"] = "nam,tinh,diem\n2023,Hà Nội,70.1\n"}
  local out = with_data(dir, [[print(chiso.data.try_load("pci", "en"))]])
  T.remove_tree(dir)
  T.eq(out, string.format("nil\t%s/pci.csv: a pci table has the columns year, province, score, "
    .. "rank, basis, source (this one has nam, tinh, diem)\n", dir))
end)

T.case("CHISO_DATA: the messages and the note are in Vietnamese by default", function()
  -- chiso.strings' data_columns, data_comma_note and data_comma_failed, by hand; the
  -- CSV reader's own words about the line and column stay English.
  local dir = data_dir{["pci.csv"] = "nam,tinh,diem\n2023,Hà Nội,70.1\n",
    ["par_index.csv"] = "year;province;score;rank\n2023;Lạng Sơn;85,94;47\n",
    ["sipas.csv"] = "year,province,score,rank\n2023,Lạng Sơn,\"85,94\",4\n2023,Hà Nội,\"8x,5\",1\n"}
  local out, err = with_data(dir, [[
    print(chiso.data.try_load("pci"))
    print(chiso.data.try_load("sipas", "vi"))
    print(#chiso.data.load("par_index"):where("origin", "==", "user"))
  ]])
  T.remove_tree(dir)
  T.eq(out, string.format("nil\t%s/pci.csv: bảng pci có các cột year, province, score, rank, basis, "
    .. "source (bảng này có nam, tinh, diem)\n"
    .. "nil\t%s/sipas.csv:3: column 'score' is float but holds '8x,5' (khi đọc với dấu phẩy thập "
    .. "phân, như các số trong tệp được viết)\n1\n", dir, dir), "messages")
  T.truthy(err:find(string.format("chiso: note: %s/par_index.csv: các số được đọc với dấu phẩy thập "
    .. "phân (85,94)\n", dir), 1, true), "the note: " .. err)
end)

T.case("CHISO_DATA: other tables (provinces, published averages) are still used instead", function()
  local dir = data_dir{["published_averages.csv"] = "index,year,area,average\nPAR,2023,national,\"86,98\"\n"}
  local out = with_data(dir, [[
    local a = chiso.data.load("published_averages")
    print(#a, a.average[1], #chiso.data.load("par_index"))
  ]])
  T.remove_tree(dir)
  -- the user's one row (its decimal comma read as such); par_index.csv all bundled (231 rows)
  T.eq(out, "1\t86.98\t231\n")
end)

T.finish()
