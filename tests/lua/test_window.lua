-- ds:lag, ds:lead, ds:diff and ds:pct_change: the previous value found by
-- key and time, not by position (a missing year gives null, unsorted input
-- the same answer as sorted), duplicate (key, time) errors, step, nulls,
-- NaN and zero, several key columns, the published PAR INDEX change of
-- Lạng Sơn, and argument errors.
--
-- Expected values are pandas 1.5.3's (/usr/bin/python3), recorded with the
-- command that printed them: lag by key and time is computed there by
-- merging each row with the row of the same key at year + 1, a method
-- independent of chiso's hash table. The rest is worked by hand in comments.

local T = require "testing"

local N = chiso.null

-- actual against expected where N is null, "nan" NaN, and numbers agree to 1e-12.
local function check_values(actual, expected, what)
  T.eq(#actual, #expected, what .. ": number of values")
  for i = 1, #expected do
    local a, e = actual[i], expected[i]
    local row = string.format("%s: row %d", what, i)
    if e == N then
      T.truthy(a == N, row .. " is null (got " .. tostring(a) .. ")")
    elseif e == "nan" then
      T.truthy(a ~= a, row .. " is NaN (got " .. tostring(a) .. ")")
    elseif e == math.huge or e == -math.huge then
      T.eq(a, e, row)
    else
      T.truthy(a ~= N, row .. " is not null")
      T.near(a, e, 1e-12, row)
    end
  end
end

local values = T.values

-- Hà Nội has no 2023, so its 2024 value has no previous one (not 2022's);
-- Lạng Sơn's 2022 value is null; Cao Bằng has one year only.
local function provinces()
  return chiso.dataset{
    {"province", {"Hà Nội", "Lạng Sơn", "Hà Nội", "Lạng Sơn", "Hà Nội", "Cao Bằng", "Lạng Sơn"}},
    {"year", {2021, 2021, 2022, 2023, 2024, 2022, 2022}},
    {"v", {10, 5, 12, 8, 15, 3, N}},
  }
end
-- /usr/bin/python3 -c "
-- import pandas as pd
-- df=pd.DataFrame({'p':['Hà Nội','Lạng Sơn','Hà Nội','Lạng Sơn','Hà Nội','Cao Bằng','Lạng Sơn'],'year':[2021,2021,2022,2023,2024,2022,2022],'v':[10,5,12,8,15,3,None]})
-- prev=df.assign(year=df.year+1); nxt=df.assign(year=df.year-1)
-- m=df.merge(prev,on=['p','year'],how='left',suffixes=('','_lag')).merge(nxt,on=['p','year'],how='left',suffixes=('','_lead'))
-- print(m.v_lag.tolist(), m.v_lead.tolist(), (m.v-m.v_lag).tolist(), (m.v/m.v_lag-1).tolist())"
-- [nan, nan, 10.0, nan, nan, nan, 5.0] [12.0, nan, nan, nan, nan, nan, 8.0]
-- [nan, nan, 2.0, nan, nan, nan, nan] [nan, nan, 0.19999999999999996, nan, nan, nan, nan]
local want = {
  lag = {N, N, 10, N, N, N, 5},
  lead = {12, N, N, N, N, N, 8},
  diff = {N, N, 2, N, N, N, N},
  pct_change = {N, N, 0.19999999999999996, N, N, N, N},
}

T.case("lag, lead, diff and pct_change by province over year agree with pandas", function()
  local d = provinces()
  for _, op in ipairs{"lag", "lead", "diff", "pct_change"} do
    local r = d[op](d, "v", {by = "province"})
    check_values(values(r, "v_" .. op), want[op], op)
  end
end)

T.case("a missing year gives null, never the value from two years back", function()
  -- Hà Nội 2024 (row 5): 2023 is absent, so lag is null, not 2022's 12.
  local r = provinces():lag("v", {by = "province"})
  T.eq(values(r, "v_lag")[5], N, "Hà Nội 2024")
end)

T.case("result types: lag and lead keep the type, diff of ints is int, pct_change float", function()
  local r = provinces():lag("v", {by = "province"}):diff("v", {by = "province"})
    :pct_change("v", {by = "province"}):lag("province", {by = "province"})
  local t = r:types()
  T.eq({t.v_lag, t.v_diff, t.v_pct_change, t.province_lag}, {"int", "int", "float", "string"}, "types")
  T.eq(values(r, "v_diff")[3], 2, "an int difference")
  T.eq(r:names(), {"province", "year", "v", "v_lag", "v_diff", "v_pct_change", "province_lag"}, "names")
end)

T.case("unsorted input gives the same answer as sorted input", function()
  -- The rows of provinces() sorted by province then year, by hand:
  -- Cao Bằng 2022; Hà Nội 2021, 2022, 2024; Lạng Sơn 2021, 2022, 2023.
  local sorted = chiso.dataset{
    {"province", {"Cao Bằng", "Hà Nội", "Hà Nội", "Hà Nội", "Lạng Sơn", "Lạng Sơn", "Lạng Sơn"}},
    {"year", {2022, 2021, 2022, 2024, 2021, 2022, 2023}},
    {"v", {3, 10, 12, 15, 5, N, 8}},
  }
  local a = provinces():lag("v", {by = "province"})
  local b = sorted:lag("v", {by = "province"})
  local got = {}
  for _, row in a:rows() do got[row.province .. row.year] = row.v_lag or "null" end
  for _, row in b:rows() do
    T.eq(got[row.province .. row.year], row.v_lag or "null", row.province .. " " .. row.year)
  end
  -- and the sorted one against the pandas values above, reordered
  check_values(values(b, "v_lag"), {N, N, 10, N, N, 5, N}, "sorted")
end)

T.case("a duplicate (key, time) pair is an error naming it and both rows", function()
  local d = chiso.dataset{
    {"province", {"Hà Nội", "Huế", "Hà Nội", "Hà Nội", "Huế", "Huế", "Hà Nội", "Huế", "Hà Nội"}},
    {"year", {2020, 2020, 2021, 2022, 2021, 2022, 2024, 2023, 2023}},
    {"v", {1, 2, 3, 4, 5, 6, 7, 8, 9}},
  }
  -- by hand: Hà Nội 2020, 2021, 2022, 2023, 2024 are rows 1, 3, 4, 9, 7 and
  -- Huế 2020 to 2023 rows 2, 5, 6, 8; each row's lag is the row a year before.
  T.eq(values(d:lag("v", {by = "province"}), "v_lag"), {N, N, 1, 3, 2, 5, 9, 6, 4}, "no duplicate yet")
  local dup = chiso.dataset{
    {"province", {"Hà Nội", "Huế", "Hà Nội", "Hà Nội", "Huế", "Huế", "Hà Nội", "Huế", "Hà Nội"}},
    {"year", {2020, 2020, 2021, 2023, 2021, 2022, 2024, 2023, 2023}},
    {"v", {1, 2, 3, 4, 5, 6, 7, 8, 9}},
  }
  for _, op in ipairs{"lag", "lead", "diff", "pct_change"} do
    T.raises(function() dup[op](dup, "v", {by = "province"}) end,
      "ds:" .. op .. ": two rows for province 'Hà Nội' and year 2023 (rows 4 and 9)", op)
  end
  T.raises(function() dup:lag("v") end, "ds:lag: two rows for year 2020 (rows 1 and 2)", "no key")
end)

T.case("a duplicate with several keys names every key", function()
  local d = chiso.dataset{
    {"region", {"N", "N", "S"}}, {"code", {1, 1, 1}}, {"t", {5, 5, 5}}, {"x", {1.0, 2.0, 3.0}},
  }
  T.raises(function() d:diff("x", {by = {"region", "code"}, time = "t"}) end,
    "ds:diff: two rows for region 'N', code 1 and t 5 (rows 1 and 2)")
end)

T.case("step 2 looks two years back (lead two forward)", function()
  -- /usr/bin/python3 -c "
  -- import pandas as pd
  -- df=pd.DataFrame({'year':[2023,2019,2021,2020,2022,2018],'v':[50,10,30,20,40,5]})
  -- m=df.merge(df.assign(year=df.year+2),on='year',how='left',suffixes=('','_lag2')).merge(df.assign(year=df.year-2),on='year',how='left',suffixes=('','_lead2'))
  -- print(m.v_lag2.tolist(), m.v_lead2.tolist(), (m.v-m.v_lag2).tolist(), (m.v/m.v_lag2-1).tolist())"
  -- [30.0, nan, 10.0, 5.0, 20.0, nan] [nan, 30.0, 50.0, 40.0, nan, 20.0] [20.0, nan, 20.0, 15.0, 20.0, nan] [0.6666666666666667, nan, 2.0, 3.0, 1.0, nan]
  local d = chiso.dataset{ {"year", {2023, 2019, 2021, 2020, 2022, 2018}}, {"v", {50, 10, 30, 20, 40, 5}} }
  check_values(values(d:lag("v", {step = 2}), "v_lag"), {30, N, 10, 5, 20, N}, "lag")
  check_values(values(d:lead("v", {step = 2}), "v_lead"), {N, 30, 50, 40, N, 20}, "lead")
  check_values(values(d:diff("v", {step = 2}), "v_diff"), {20, N, 20, 15, 20, N}, "diff")
  check_values(values(d:pct_change("v", {step = 2}), "v_pct_change"),
    {0.6666666666666667, N, 2.0, 3.0, 1.0, N}, "pct_change")
end)

T.case("a complete series agrees with pandas' shift, diff and pct_change", function()
  -- /usr/bin/python3 -c "
  -- import pandas as pd
  -- s=pd.Series([10,5,12,8,15,3,7], index=[2021,2022,2023,2024,2025,2026,2027]); print(s.shift(1).tolist(), s.shift(-1).tolist(), s.diff().tolist(), s.pct_change(fill_method=None).tolist())"
  -- [nan, 10.0, 5.0, 12.0, 8.0, 15.0, 3.0] [5.0, 12.0, 8.0, 15.0, 3.0, 7.0, nan]
  -- [nan, -5.0, 7.0, -4.0, 7.0, -12.0, 4.0] [nan, -0.5, 1.4, -0.33333333333333337, 0.875, -0.8, 1.3333333333333335]
  local d = chiso.dataset{ {"year", {2021, 2022, 2023, 2024, 2025, 2026, 2027}}, {"v", {10, 5, 12, 8, 15, 3, 7}} }
  check_values(values(d:lag("v"), "v_lag"), {N, 10, 5, 12, 8, 15, 3}, "lag")
  check_values(values(d:lead("v"), "v_lead"), {5, 12, 8, 15, 3, 7, N}, "lead")
  check_values(values(d:diff("v"), "v_diff"), {N, -5, 7, -4, 7, -12, 4}, "diff")
  check_values(values(d:pct_change("v"), "v_pct_change"),
    {N, -0.5, 1.4, -0.33333333333333337, 0.875, -0.8, 1.3333333333333335}, "pct_change")
end)

T.case("pct_change from zero: NaN for 0 to 0, infinities for x to 0, as pandas", function()
  -- /usr/bin/python3 -c "
  -- import pandas as pd
  -- s=pd.Series([0,0,5,0,-2,4],index=range(2001,2007)); print(s.pct_change(fill_method=None).tolist(), s.diff().tolist())"
  -- [nan, nan, inf, -1.0, -inf, -3.0] [nan, 0.0, 5.0, -5.0, -2.0, 6.0]
  -- (pandas' first nan is "no previous year", chiso's null; the second is 0 / 0 - 1, NaN)
  local d = chiso.dataset{ {"year", {2001, 2002, 2003, 2004, 2005, 2006}}, {"v", {0, 0, 5, 0, -2, 4}} }
  check_values(values(d:pct_change("v"), "v_pct_change"), {N, "nan", math.huge, -1, -math.huge, -3}, "pct_change")
  T.eq(values(d:diff("v"), "v_diff"), {N, 0, 5, -5, -2, 6}, "diff")
end)

T.case("diff and pct_change with nulls and NaN", function()
  -- /usr/bin/python3 -c "
  -- import pandas as pd, numpy as np
  -- s=pd.Series([1.5,np.nan,4.0,None,2.25]); print(s.diff().tolist(), s.pct_change(fill_method=None).tolist())"
  -- [nan, nan, nan, nan, nan] [nan, nan, nan, nan, nan]
  -- pandas has one missing marker; chiso keeps two: null where a value is
  -- missing (years 1, 4 and 5), NaN where arithmetic met a NaN (2 and 3).
  local d = chiso.dataset{ {"year", {1, 2, 3, 4, 5}}, {"v", {1.5, 0 / 0, 4.0, N, 2.25}} }
  check_values(values(d:diff("v"), "v_diff"), {N, "nan", "nan", N, N}, "diff")
  check_values(values(d:pct_change("v"), "v_pct_change"), {N, "nan", "nan", N, N}, "pct_change")
  check_values(values(d:lag("v"), "v_lag"), {N, 1.5, "nan", 4.0, N}, "lag keeps NaN")
end)

T.case("several key columns make the series", function()
  -- /usr/bin/python3 -c "
  -- import pandas as pd
  -- df=pd.DataFrame({'r':['N','N','N','S','S','N'],'p':['A','A','B','A','A','B'],'t':[1,2,1,1,2,2],'x':[1.5,2.0,10.0,100.0,90.0,12.5]})
  -- m=df.merge(df.assign(t=df.t+1),on=['r','p','t'],how='left',suffixes=('','_lag'))
  -- print(m.x_lag.tolist(), (m.x-m.x_lag).tolist(), (m.x/m.x_lag-1).tolist())"
  -- [nan, 1.5, nan, nan, 100.0, 10.0] [nan, 0.5, nan, nan, -10.0, 2.5] [nan, 0.33333333333333326, nan, nan, -0.09999999999999998, 0.25]
  local d = chiso.dataset{
    {"r", {"N", "N", "N", "S", "S", "N"}}, {"p", {"A", "A", "B", "A", "A", "B"}},
    {"t", {1, 2, 1, 1, 2, 2}}, {"x", {1.5, 2.0, 10.0, 100.0, 90.0, 12.5}},
  }
  local o = {by = {"r", "p"}, time = "t"}
  check_values(values(d:lag("x", o), "x_lag"), {N, 1.5, N, N, 100.0, 10.0}, "lag")
  check_values(values(d:diff("x", o), "x_diff"), {N, 0.5, N, N, -10.0, 2.5}, "diff")
  check_values(values(d:pct_change("x", o), "x_pct_change"),
    {N, 0.33333333333333326, N, N, -0.09999999999999998, 0.25}, "pct_change")
end)

T.case("a null time or a null key gives null, is never a partner, never a duplicate", function()
  -- By hand: row 3 (A, no year) and row 6 (no province, 2021) have no
  -- place in a series: their lag is null and nobody's lag is theirs. Row 7
  -- (A, 2022) looks for A 2021, row 2. Rows 3 and 8 both lack a year, and
  -- rows 6 and 9 a province, which is no duplicate.
  local d = chiso.dataset{
    {"p", {"A", "A", "A", "B", "B", N, "A", "A", N}},
    {"year", {2020, 2021, N, 2020, 2021, 2021, 2022, N, 2021}},
    {"v", {1, 2, 3, 4, 5, 6, 7, 8, 9}},
  }
  T.eq(values(d:lag("v", {by = "p"}), "v_lag"), {N, 1, N, N, 4, N, 2, N, N}, "lag")
  T.eq(values(d:lead("v", {by = "p"}), "v_lead"), {2, 7, N, 5, N, N, N, N, N}, "lead")
end)

T.case("empty datasets and single rows", function()
  local empty = provinces():head(0)
  local r = empty:diff("v", {by = "province"})
  T.eq(#r, 0, "rows")
  T.eq(r:names(), {"province", "year", "v", "v_diff"}, "names")
  T.eq(r:types().v_diff, "int", "type")
  local one = chiso.dataset{ {"year", {2023}}, {"v", {4.5}} }
  T.eq(values(one:lag("v"), "v_lag"), {N}, "lag of one row")
  T.eq(values(one:pct_change("v"), "v_pct_change"), {N}, "pct_change of one row")
end)

T.case("the published change: Lạng Sơn up 7 places, rank 54 in 2022 to 47 in 2023", function()
  -- data/par_index.csv: Lạng Sơn 2023 rank 47 (stated), 2022 rank 54
  -- (published as "tăng 7 bậc", up 7 places): lag 54, diff 47 - 54 = -7.
  local par = assert(chiso.read_csv(chiso.paths.data .. "/par_index.csv"))
  local r = par:lag("rank", {by = "province"}):diff("rank", {by = "province"})
  local found = false
  for _, row in r:rows() do
    if row.province == "Lạng Sơn" and row.year == 2023 then
      T.eq(row.rank_lag, 54, "rank_lag")
      T.eq(row.rank_diff, -7, "rank_diff")
      found = true
    end
  end
  T.truthy(found, "Lạng Sơn 2023 found")
end)

T.case("name option; a clash is an error, or with replace = true replaces the column in place", function()
  local d = provinces()
  local r = d:lag("v", {by = "province", name = "prev"})
  T.eq(r:names(), {"province", "year", "v", "prev"}, "named")
  local o = {by = "province", name = "prev"}
  T.raises(function() r:lag("v", o) end,
    "bad argument #2 to 'lag' (column 'prev' exists; give replace = true to replace it)")
  T.raises(function() r:lead("v", o) end,
    "bad argument #2 to 'lead' (column 'prev' exists; give replace = true to replace it)")
  T.raises(function() r:diff("v", o) end,
    "bad argument #2 to 'diff' (column 'prev' exists; give replace = true to replace it)")
  T.raises(function() r:pct_change("v", o) end,
    "bad argument #2 to 'pct_change' (column 'prev' exists; give replace = true to replace it)")
  T.raises(function() d:lead("v", {by = "province", name = "year"}) end,
    "bad argument #2 to 'lead' (column 'year' exists; give replace = true to replace it)")
  T.raises(function() d:lag("v", {by = "province", replace = 1}) end,
    "bad argument #2 to 'lag' (option 'replace' must be a boolean, not number)")
  T.eq(r:lead("v", {by = "province", name = "prev", replace = true}):names(),
    {"province", "year", "v", "prev"}, "lead replaces prev in place")
  local lagged = d:lag("v", {by = "province"})
  T.raises(function() lagged:lag("v", {by = "province"}) end,
    "bad argument #2 to 'lag' (column 'v_lag' exists; give replace = true to replace it)")
  local s = d:diff("v", {by = "province", name = "v", replace = true})
  T.eq(s:names(), {"province", "year", "v"}, "replaced in place")
  check_values(values(s, "v"), want.diff, "replaced values")
  check_values(values(d, "v"), {10, 5, 12, 8, 15, 3, N}, "input unchanged")
end)

T.case("an int difference past 64 bits is an error, not a wrap", function()
  local d = chiso.dataset{ {"year", {1, 2}}, {"v", {math.mininteger, 1}} }
  T.raises(function() d:diff("v") end,
    "ds:diff: the difference at row 2 (1 - -9223372036854775808) does not fit in an int")
end)

T.case("lag errors name the function, the argument and the problem", function()
  local d = provinces()
  T.raises(function() d:lag("vv", {by = "province"}) end,
    "bad argument #1 to 'lag' (no column 'vv'; did you mean 'v'? the columns are: province, year, v)")
  T.raises(function() d:lag("v", {by = "provnce"}) end,
    "bad argument #2 to 'lag' (option 'by': no column 'provnce'; did you mean 'province'?")
  T.raises(function() d:lag("v", {time = "yr"}) end, "option 'time': no column 'yr'")
  T.raises(function() d:lag("v", {time = 2023}) end, "option 'time' must be a column name, not number")
  T.raises(function() d:lag("v", {by = "year"}) end,
    "bad argument #2 to 'lag' (option 'time': column 'year' is also a key in option 'by')")
  T.raises(function() d:lag("v", {time = "province"}) end,
    "option 'time': column 'province' is string; the time must be an int column")
  T.raises(function() chiso.dataset{v = {1}}:lag("v") end,
    "bad argument #2 to 'lag' (option 'time' is required: the dataset has no column 'year')")
  T.raises(function() d:lead("v", {step = 0}) end, "bad argument #2 to 'lead' (option 'step' must be a positive integer, not 0)")
  T.raises(function() d:lead("v", {step = 1.5}) end, "option 'step' must be a positive integer, not 1.5")
  T.raises(function() d:lead("v", {step = "2"}) end, "option 'step' must be a positive integer, not 2")
  T.raises(function() d:diff("province") end,
    "bad argument #1 to 'diff' (column 'province' is string; diff needs an int or float column)")
  T.raises(function() chiso.dataset{year = {1}, b = {true}}:pct_change("b") end,
    "column 'b' is bool; pct_change needs an int or float column")
  T.raises(function() d:lag("v", {periods = 1}) end,
    "bad argument #2 to 'lag' (unknown option 'periods'; the options are by, time, step, name, replace)")
  T.raises(function() d:lag("v", {name = ""}) end, "option 'name' must be UTF-8 text")
  T.raises(function() d:lag("v", 1) end, "bad argument #2 to 'lag' (table expected, got number)")
end)

T.finish()
