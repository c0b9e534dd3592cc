-- group_by and agg: every aggregate, nulls in values and in keys, group
-- order, groups of one, empty input, errors. Reference values were printed
-- by pandas 1.5.3 with the commands recorded beside them.

local T = require "testing"

local N = chiso.null

local function col(ds, name)
  return ds:col(name):totable()
end

local par = assert(chiso.read_csv(chiso.paths.data .. "/par_index.csv"))
local provinces = assert(chiso.read_csv(chiso.paths.data .. "/provinces.csv"))

T.case("PAR INDEX by year agrees with pandas", function()
  -- /usr/bin/python3 -c "import pandas as pd; d = pd.read_csv('data/par_index.csv'); g = d.groupby('year');
  --   r = pd.DataFrame({'n': g.size(), 'scored': g['score'].count(), 'mean': g['score'].mean(),
  --     'sd': g['score'].std(), 'med': g['score'].median(), 'q90': g['score'].quantile(0.9),
  --     'best': g['rank'].min(), 'nd': g['province'].nunique(), 'first': g['province'].first(),
  --     'sum': g['score'].sum(), 'var': g['score'].var(), 'max': g['score'].max(),
  --     'last': g['province'].last()}); pd.set_option('display.precision', 17);
  --   print(r.loc[[2012, 2013, 2023]].to_string())"
  -- year  n scored mean                 sd                  med                  q90
  -- 2012 21 20     81.79999999999999716 2.53390275225682826 81.46500000000000341 84.06100000000000705
  -- 2013  6  5     79.28799999999999670 12.22064523664769986 86.85999999999999943 86.98399999999999466
  -- 2023 43 35     87.49485714285714266 2.67376400409233339 87.32999999999999829 91.10800000000000409
  --      best nd first      sum                    var                    max                  last
  -- 2012 1.0  21 Đà Nẵng    1636.00000000000000000 6.42066315789472863    87.12000000000000455 Thừa Thiên Huế
  -- 2013 1.0   6 Đà Nẵng     396.43999999999999773 149.34417000000010489  87.01999999999999602 Thừa Thiên Huế
  -- 2023 1.0  43 Quảng Ninh 3062.32000000000016371 7.14901394957986813    92.18000000000000682 An Giang
  local g = par:group_by("year"):agg{
    n = {"count"}, scored = {"count", "score"}, mean = {"mean", "score"}, sd = {"sd", "score"},
    med = {"median", "score"}, q90 = {"quantile", "score", q = 0.9}, best = {"min", "rank"},
    nd = {"n_distinct", "province"}, first = {"first", "province"}, sum = {"sum", "score"},
    var = {"var", "score"}, max = {"max", "score"}, last = {"last", "province"},
  }
  local want = {
    [2012] = {21, 20, 81.79999999999999716, 2.53390275225682826, 81.465, 84.061, 1, 21, "Đà Nẵng",
      1636.0, 6.42066315789472863, 87.12, "Thừa Thiên Huế"},
    [2013] = {6, 5, 79.288, 12.22064523664769986, 86.86, 86.984, 1, 6, "Đà Nẵng", 396.44,
      149.34417000000010489, 87.02, "Thừa Thiên Huế"},
    [2023] = {43, 35, 87.49485714285714266, 2.67376400409233339, 87.33, 91.108, 1, 43, "Quảng Ninh",
      3062.32, 7.14901394957986813, 92.18, "An Giang"},
  }
  local fields = {"n", "scored", "mean", "sd", "med", "q90", "best", "nd", "first", "sum", "var", "max", "last"}
  for i, row in g:rows() do
    local w = want[row.year]
    if w then
      for k, f in ipairs(fields) do
        if type(w[k]) == "number" and math.type(w[k]) == "float" then
          T.near(row[f], w[k], math.abs(w[k]) * 1e-12, row.year .. " " .. f)
        else
          T.eq(row[f], w[k], row.year .. " " .. f)
        end
      end
    end
  end
  T.eq(#g, 13, "13 years, 2012 to 2024")
  T.eq(col(g, "year")[1], 2012, "sorted by year")
end)

T.case("provinces by region agree with pandas, regions in byte order", function()
  -- /usr/bin/python3 -c "import pandas as pd; p = pd.read_csv('data/provinces.csv', dtype=str);
  --   g = p.groupby('region'); print(pd.DataFrame({'n': g.size(), 'units': g['unit_2025'].nunique(),
  --   'first': g['province'].first(), 'last': g['province'].last(), 'min': g['province'].min()}))"
  local g = provinces:group_by("region"):agg{
    {"n", "count"}, {"units", "n_distinct", "unit_2025"}, {"first", "first", "province"},
    {"last", "last", "province"}, {"min", "min", "province"},
  }
  T.eq(g:names(), {"region", "n", "units", "first", "last", "min"}, "names in the order given")
  T.eq(col(g, "region"), {"Bắc Trung Bộ và duyên hải miền Trung", "Trung du và miền núi phía Bắc",
    "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long", "Đồng bằng sông Hồng"}, "regions")
  T.eq(col(g, "n"), {14, 14, 5, 6, 13, 11}, "provinces per region (as data/SOURCES.md says)")
  T.eq(col(g, "units"), {11, 10, 4, 3, 6, 7}, "units after 2025")
  T.eq(col(g, "first"), {"Thanh Hóa", "Hà Giang", "Kon Tum", "Bình Phước", "Long An", "Hà Nội"}, "first")
  T.eq(col(g, "last"), {"Bình Thuận", "Phú Thọ", "Lâm Đồng", "TP. Hồ Chí Minh", "Cà Mau", "Ninh Bình"}, "last")
  T.eq(col(g, "min"), {"Bình Thuận", "Bắc Giang", "Gia Lai", "Bà Rịa - Vũng Tàu", "An Giang", "Bắc Ninh"}, "min")
end)

T.case("null keys form a group of their own, last; null values are skipped", function()
  -- /usr/bin/python3 -c "import pandas as pd; d = pd.DataFrame({'k': ['a', None, 'b', 'a', None, 'c'],
  --   'j': [1, 1, 2, 1, 1, None], 'v': [1.0, 2.0, None, 4.0, 8.0, 16.0]});
  --   print(d.groupby(['k', 'j'], dropna=False).agg(n=('v', 'size'), s=('v', 'sum'), m=('v', 'mean'),
  --   c=('v', 'count')).reset_index())"
  --      k    j  n     s     m  c
  -- 0    a  1.0  2   5.0   2.5  2
  -- 1    b  2.0  1   0.0   NaN  0
  -- 2    c  NaN  1  16.0  16.0  1
  -- 3  NaN  1.0  2  10.0   5.0  2
  local d = chiso.dataset{
    {"k", {"a", N, "b", "a", N, "c"}}, {"j", {1, 1, 2, 1, 1, N}}, {"v", {1.0, 2.0, N, 4.0, 8.0, 16.0}},
  }
  local g = d:group_by("k", "j"):agg{ {"n", "count"}, {"s", "sum", "v"}, {"m", "mean", "v"}, {"c", "count", "v"} }
  T.eq(col(g, "k"), {"a", "b", "c", N}, "k")
  T.eq(col(g, "j"), {1, 2, N, 1}, "j")
  T.eq(col(g, "n"), {2, 1, 1, 2}, "n")
  T.eq(col(g, "s"), {5.0, 0.0, 16.0, 10.0}, "sum of nothing is 0")
  T.eq(col(g, "m"), {2.5, N, 16.0, 5.0}, "mean of nothing is null")
  T.eq(col(g, "c"), {2, 0, 1, 2}, "count of values")
end)

T.case("sort = false keeps groups in order of first appearance", function()
  local d = chiso.dataset{k = {"z", "a", "z", "m"}}
  T.eq(col(d:group_by("k", {sort = false}):agg{ {"n", "count"} }, "k"), {"z", "a", "m"}, "appearance")
  T.eq(col(d:group_by("k"):agg{ {"n", "count"} }, "k"), {"a", "m", "z"}, "sorted")
end)

T.case("groups of one, an all-null group, and empty input", function()
  local d = chiso.dataset{ {"k", {1, 2, 2}}, {"v", {5.5, N, N}} }
  local g = d:group_by("k"):agg{ {"sd", "sd", "v"}, {"med", "median", "v"}, {"mx", "max", "v"}, {"nd", "n_distinct", "v"} }
  T.eq(col(g, "sd"), {N, N}, "sd needs two values")
  T.eq(col(g, "med"), {5.5, N}, "median of one, of none")
  T.eq(col(g, "mx"), {5.5, N}, "max")
  T.eq(col(g, "nd"), {1, 0}, "n_distinct")
  local empty = d:head(0):group_by("k"):agg{ {"n", "count"}, {"m", "mean", "v"} }
  T.eq(#empty, 0, "no rows, no groups")
  T.eq(empty:names(), {"k", "n", "m"}, "but the columns")
  T.eq(T.types(empty), {"int", "int", "float"}, "and their types")
end)

T.case("group keys of int, bool and float types", function()
  local d = chiso.dataset{ {"b", {true, false, true}}, {"f", {0.5, 0.5, -0.0}}, {"v", {1, 2, 3}} }
  T.eq(col(d:group_by("b"):agg{ {"s", "sum", "v"} }, "s"), {2, 4}, "false first, then true")
  -- 0.5 twice, and -0.0 (equal to 0.0) once: groups -0.0 and 0.5
  T.eq(col(d:group_by("f"):agg{ {"s", "sum", "v"} }, "s"), {3, 3}, "float keys")
end)

T.case("cor within groups agrees with pandas for the three methods", function()
  -- /usr/bin/python3 -c "import pandas as pd, numpy as np
  --   d = pd.DataFrame({'g': list('aaaaabbbcccdddd'), 'x': [1,2,3,4,5, 1,2,3, 5,5,5, 1,2,3,4],
  --                     'y': [2,1,4,3,5, 3,np.nan,1, 1,2,3, 1,np.nan,9,16]})
  --   for m in ['pearson','spearman','kendall']:
  --       print(m, d.groupby('g').apply(lambda t: t['x'].corr(t['y'], method=m)).to_dict())"
  -- pearson {'a': 0.7999999999999999, 'b': -0.9999999999999999, 'c': nan, 'd': 0.9885224678702865}
  -- spearman {'a': 0.7999999999999999, 'b': -0.9999999999999999, 'c': nan, 'd': 1.0}
  -- kendall {'a': 0.6, 'b': -1.0, 'c': nan, 'd': 1.0}
  -- (b: one pair has no y, so two pairs remain; c: x has no spread, so r is undefined, null here)
  local d = chiso.dataset{
    {"g", {"a", "a", "a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d", "d"}},
    {"x", {1, 2, 3, 4, 5, 1, 2, 3, 5, 5, 5, 1, 2, 3, 4}},
    {"y", {2, 1, 4, 3, 5, 3, N, 1, 1, 2, 3, 1, 0 / 0, 9, 16}},
  }
  local r = d:group_by("g"):agg{
    {"p", "cor", "x", "y"},
    {"s", "cor", "x", "y", method = "spearman"},
    {"k", "cor", "x", "y", method = "kendall"},
  }
  T.eq(col(r, "g"), {"a", "b", "c", "d"}, "groups")
  local want = {
    p = {0.7999999999999999, -0.9999999999999999, N, 0.9885224678702865},
    s = {0.7999999999999999, -0.9999999999999999, N, 1.0},
    k = {0.6, -1.0, N, 1.0},
  }
  for name, values in pairs(want) do
    local got = col(r, name)
    for i = 1, 4 do
      if values[i] == N then
        T.eq(got[i], N, name .. " of group " .. i)
      else
        T.near(got[i], values[i], 1e-15, name .. " of group " .. i)
      end
    end
  end
end)

T.case("cor needs two numeric columns and a known method", function()
  local g = par:group_by("year")
  T.raises(function() g:agg{r = {"cor", "score"}} end, "'r': cor needs two columns")
  T.raises(function() g:agg{r = {"cor", "score", "province"}} end, "'r': cor needs a numeric column, not string")
  T.raises(function() g:agg{r = {"cor", "score", "rank", method = "pearsn"}} end,
    "'r': unknown method 'pearsn' (the methods are pearson, spearman, kendall)")
end)

T.case("agg's errors name the output and the problem", function()
  local g = par:group_by("year")
  T.raises(function() g:agg{x = {"avg", "score"}} end, "'x': unknown aggregate 'avg' (the aggregates are count, sum")
  T.raises(function() g:agg{x = {"mean", "province"}} end, "'x': mean needs a numeric column, not string")
  T.raises(function() g:agg{x = {"mean"}} end, "'x': mean needs a column")
  T.raises(function() g:agg{x = {"quantile", "score"}} end, "'x': quantile needs q between 0 and 1")
  T.raises(function() g:agg{x = {"sum", "sore"}} end, "x: no column 'sore'; did you mean 'score'?")
  T.raises(function() g:agg{year = {"count"}} end, "duplicate column name 'year'")
  T.raises(function() par:group_by() end, "group_by needs at least one column")
  T.raises(function() par:group_by("yr") end, "no column 'yr'; did you mean 'year'?")
  T.raises(function() return g.where end, "a grouped dataset has no method 'where' (use :agg{...})")
end)

T.finish()
