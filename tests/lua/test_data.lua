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
  T.eq(par:names(), {"year", "province", "score", "rank", "basis", "source"}, "par_index")
  T.eq(data.load("sipas"):names(), {"year", "province", "score", "rank", "basis", "source"}, "sipas")
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

T.case("CHISO_DATA: a folder of complete tables is used instead, the rest still bundled", function()
  local lfs = require "lfs"
  local dir = T.tmpname("-data")
  lfs.mkdir(dir)
  T.write(dir .. "/par_index.csv", "year,province,score,rank,basis,source\n2023,Lạng Sơn,85.94,47,stated,x\n")
  local script = "local d = chiso.data.load('par_index') print(#d, #chiso.data.load('provinces'))"
  local p = io.popen("CHISO_DATA=" .. dir .. " " .. os.getenv("CHISO") .. " -e \"" .. script .. "\"")
  local out = p:read("a")
  p:close()
  os.remove(dir .. "/par_index.csv")
  lfs.rmdir(dir)
  T.eq(out, "1\t63\n", "the user's one-row table and the bundled provinces")
end)

T.finish()
