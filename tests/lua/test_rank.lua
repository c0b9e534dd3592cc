-- ds:rank and ds:top: the five tie methods, desc, pct and the three na
-- options against pandas (every combination, on one series and within
-- groups), strings, booleans, NaN, empty datasets, single rows, groups of
-- one, all-null groups, null keys, names, and argument errors.
--
-- Expected values are pandas 1.5.3's (/usr/bin/python3) or R 4.2.2's, each
-- recorded with the command that printed it, or worked by hand in the
-- comment beside them. None comes from chiso.

local T = require "testing"

local N = chiso.null

-- actual (a Lua array from col:totable()) against expected, where N is null
-- (pandas prints NaN) and numbers must agree to 1e-12.
local function check_values(actual, expected, what)
  T.eq(#actual, #expected, what .. ": number of values")
  for i = 1, #expected do
    if expected[i] == N then
      T.truthy(actual[i] == N, string.format("%s: row %d is null (got %s)", what, i, tostring(actual[i])))
    else
      T.truthy(actual[i] ~= N, string.format("%s: row %d is not null", what, i))
      T.near(actual[i], expected[i], 1e-12, string.format("%s: row %d", what, i))
    end
  end
end

local function ranks(ds, name)
  return ds:col(name or "rank"):totable()
end

-- The column type rank gives: int for min, max, first and dense ranks, float for average or pct.
local function rank_type(ties, pct)
  return (pct or ties == "average") and "float" or "int"
end

local function check_matrix(ds, cases, by)
  for _, c in ipairs(cases) do
    local ties, desc, na, pct, expected = c[1], c[2], c[3], c[4], c[5]
    local what = string.format("ties=%s desc=%s na=%s pct=%s", ties, desc, na, pct)
    local r = ds:rank("x", {by = by, ties = ties, desc = desc, na = na, pct = pct})
    T.eq(r:col("rank"):type(), rank_type(ties, pct), what .. ": type")
    check_values(ranks(r), expected, what)
  end
end

T.case("a league table: min ranks 1, 2, 2, 4 (by hand)", function()
  -- scores 90, 85, 85, 80, highest first: 90 is 1st; the two 85s share
  -- positions 2 and 3 and take the lower, 2; 80 comes 4th, not 3rd.
  local d = chiso.dataset{x = {90, 85, 85, 80}}
  local r = d:rank("x", {desc = true})
  T.eq(ranks(r), {1, 2, 2, 4}, "ranks")
  T.eq(r:col("rank"):type(), "int", "type")
end)

T.case("the five tie methods on one tie (by hand)", function()
  -- 10, 20, 20, 30 ascending: the 20s hold positions 2 and 3.
  -- min 2, max 3, average 2.5, first 2 then 3 (row order), dense 2 (30 is then 3).
  local d = chiso.dataset{x = {10, 20, 20, 30}}
  T.eq(ranks(d:rank("x", {ties = "min"})), {1, 2, 2, 4}, "min")
  T.eq(ranks(d:rank("x", {ties = "max"})), {1, 3, 3, 4}, "max")
  T.eq(ranks(d:rank("x", {ties = "average"})), {1.0, 2.5, 2.5, 4.0}, "average")
  T.eq(ranks(d:rank("x", {ties = "first"})), {1, 2, 3, 4}, "first")
  T.eq(ranks(d:rank("x", {ties = "dense"})), {1, 2, 2, 3}, "dense")
end)

T.case("pct divides by the count, dense pct by the largest dense rank (by hand)", function()
  -- 10, 20, 20, 30: min ranks 1, 2, 2, 4 over 4 values; dense 1, 2, 2, 3 over 3.
  local d = chiso.dataset{x = {10, 20, 20, 30}}
  T.eq(ranks(d:rank("x", {pct = true})), {0.25, 0.5, 0.5, 1.0}, "min pct")
  check_values(ranks(d:rank("x", {ties = "dense", pct = true})), {1 / 3, 2 / 3, 2 / 3, 1}, "dense pct")
end)

-- Every tie method, direction, na option and pct on one series with a tie of
-- three and a null, against pandas:
-- /usr/bin/python3 -c "import pandas as pd; s=pd.Series([3,1,4,1,5,None,1]); [print(m,a,n,p,s.rank(method=m,ascending=a,na_option=n,pct=p).tolist()) for m in ['min','max','average','first','dense'] for a in [True,False] for n in ['keep','top','bottom'] for p in [False,True]]"
-- Each line of its output is one entry below: {method, desc (= not
-- ascending), na_option, pct, ranks}, with N where pandas printed nan.
local series_cases = {
  {"min", false, "keep", false, {4, 1, 5, 1, 6, N, 1}},
  {"min", false, "keep", true, {0.6666666666666666, 0.16666666666666666, 0.8333333333333334, 0.16666666666666666, 1, N, 0.16666666666666666}},
  {"min", false, "top", false, {5, 2, 6, 2, 7, 1, 2}},
  {"min", false, "top", true, {0.7142857142857143, 0.2857142857142857, 0.8571428571428571, 0.2857142857142857, 1, 0.14285714285714285, 0.2857142857142857}},
  {"min", false, "bottom", false, {4, 1, 5, 1, 6, 7, 1}},
  {"min", false, "bottom", true, {0.5714285714285714, 0.14285714285714285, 0.7142857142857143, 0.14285714285714285, 0.8571428571428571, 1, 0.14285714285714285}},
  {"min", true, "keep", false, {3, 4, 2, 4, 1, N, 4}},
  {"min", true, "keep", true, {0.5, 0.6666666666666666, 0.3333333333333333, 0.6666666666666666, 0.16666666666666666, N, 0.6666666666666666}},
  {"min", true, "top", false, {4, 5, 3, 5, 2, 1, 5}},
  {"min", true, "top", true, {0.5714285714285714, 0.7142857142857143, 0.42857142857142855, 0.7142857142857143, 0.2857142857142857, 0.14285714285714285, 0.7142857142857143}},
  {"min", true, "bottom", false, {3, 4, 2, 4, 1, 7, 4}},
  {"min", true, "bottom", true, {0.42857142857142855, 0.5714285714285714, 0.2857142857142857, 0.5714285714285714, 0.14285714285714285, 1, 0.5714285714285714}},
  {"max", false, "keep", false, {4, 3, 5, 3, 6, N, 3}},
  {"max", false, "keep", true, {0.6666666666666666, 0.5, 0.8333333333333334, 0.5, 1, N, 0.5}},
  {"max", false, "top", false, {5, 4, 6, 4, 7, 1, 4}},
  {"max", false, "top", true, {0.7142857142857143, 0.5714285714285714, 0.8571428571428571, 0.5714285714285714, 1, 0.14285714285714285, 0.5714285714285714}},
  {"max", false, "bottom", false, {4, 3, 5, 3, 6, 7, 3}},
  {"max", false, "bottom", true, {0.5714285714285714, 0.42857142857142855, 0.7142857142857143, 0.42857142857142855, 0.8571428571428571, 1, 0.42857142857142855}},
  {"max", true, "keep", false, {3, 6, 2, 6, 1, N, 6}},
  {"max", true, "keep", true, {0.5, 1, 0.3333333333333333, 1, 0.16666666666666666, N, 1}},
  {"max", true, "top", false, {4, 7, 3, 7, 2, 1, 7}},
  {"max", true, "top", true, {0.5714285714285714, 1, 0.42857142857142855, 1, 0.2857142857142857, 0.14285714285714285, 1}},
  {"max", true, "bottom", false, {3, 6, 2, 6, 1, 7, 6}},
  {"max", true, "bottom", true, {0.42857142857142855, 0.8571428571428571, 0.2857142857142857, 0.8571428571428571, 0.14285714285714285, 1, 0.8571428571428571}},
  {"average", false, "keep", false, {4, 2, 5, 2, 6, N, 2}},
  {"average", false, "keep", true, {0.6666666666666666, 0.3333333333333333, 0.8333333333333334, 0.3333333333333333, 1, N, 0.3333333333333333}},
  {"average", false, "top", false, {5, 3, 6, 3, 7, 1, 3}},
  {"average", false, "top", true, {0.7142857142857143, 0.42857142857142855, 0.8571428571428571, 0.42857142857142855, 1, 0.14285714285714285, 0.42857142857142855}},
  {"average", false, "bottom", false, {4, 2, 5, 2, 6, 7, 2}},
  {"average", false, "bottom", true, {0.5714285714285714, 0.2857142857142857, 0.7142857142857143, 0.2857142857142857, 0.8571428571428571, 1, 0.2857142857142857}},
  {"average", true, "keep", false, {3, 5, 2, 5, 1, N, 5}},
  {"average", true, "keep", true, {0.5, 0.8333333333333334, 0.3333333333333333, 0.8333333333333334, 0.16666666666666666, N, 0.8333333333333334}},
  {"average", true, "top", false, {4, 6, 3, 6, 2, 1, 6}},
  {"average", true, "top", true, {0.5714285714285714, 0.8571428571428571, 0.42857142857142855, 0.8571428571428571, 0.2857142857142857, 0.14285714285714285, 0.8571428571428571}},
  {"average", true, "bottom", false, {3, 5, 2, 5, 1, 7, 5}},
  {"average", true, "bottom", true, {0.42857142857142855, 0.7142857142857143, 0.2857142857142857, 0.7142857142857143, 0.14285714285714285, 1, 0.7142857142857143}},
  {"first", false, "keep", false, {4, 1, 5, 2, 6, N, 3}},
  {"first", false, "keep", true, {0.6666666666666666, 0.16666666666666666, 0.8333333333333334, 0.3333333333333333, 1, N, 0.5}},
  {"first", false, "top", false, {5, 2, 6, 3, 7, 1, 4}},
  {"first", false, "top", true, {0.7142857142857143, 0.2857142857142857, 0.8571428571428571, 0.42857142857142855, 1, 0.14285714285714285, 0.5714285714285714}},
  {"first", false, "bottom", false, {4, 1, 5, 2, 6, 7, 3}},
  {"first", false, "bottom", true, {0.5714285714285714, 0.14285714285714285, 0.7142857142857143, 0.2857142857142857, 0.8571428571428571, 1, 0.42857142857142855}},
  {"first", true, "keep", false, {3, 4, 2, 5, 1, N, 6}},
  {"first", true, "keep", true, {0.5, 0.6666666666666666, 0.3333333333333333, 0.8333333333333334, 0.16666666666666666, N, 1}},
  {"first", true, "top", false, {4, 5, 3, 6, 2, 1, 7}},
  {"first", true, "top", true, {0.5714285714285714, 0.7142857142857143, 0.42857142857142855, 0.8571428571428571, 0.2857142857142857, 0.14285714285714285, 1}},
  {"first", true, "bottom", false, {3, 4, 2, 5, 1, 7, 6}},
  {"first", true, "bottom", true, {0.42857142857142855, 0.5714285714285714, 0.2857142857142857, 0.7142857142857143, 0.14285714285714285, 1, 0.8571428571428571}},
  {"dense", false, "keep", false, {2, 1, 3, 1, 4, N, 1}},
  {"dense", false, "keep", true, {0.5, 0.25, 0.75, 0.25, 1, N, 0.25}},
  {"dense", false, "top", false, {3, 2, 4, 2, 5, 1, 2}},
  {"dense", false, "top", true, {0.6, 0.4, 0.8, 0.4, 1, 0.2, 0.4}},
  {"dense", false, "bottom", false, {2, 1, 3, 1, 4, 5, 1}},
  {"dense", false, "bottom", true, {0.4, 0.2, 0.6, 0.2, 0.8, 1, 0.2}},
  {"dense", true, "keep", false, {3, 4, 2, 4, 1, N, 4}},
  {"dense", true, "keep", true, {0.75, 1, 0.5, 1, 0.25, N, 1}},
  {"dense", true, "top", false, {4, 5, 3, 5, 2, 1, 5}},
  {"dense", true, "top", true, {0.8, 1, 0.6, 1, 0.4, 0.2, 1}},
  {"dense", true, "bottom", false, {3, 4, 2, 4, 1, 5, 4}},
  {"dense", true, "bottom", true, {0.6, 0.8, 0.4, 0.8, 0.2, 1, 0.8}},
}

T.case("every method, direction, na option and pct agrees with pandas", function()
  local d = chiso.dataset{x = {3, 1, 4, 1, 5, N, 1}}
  check_matrix(d, series_cases)
end)

-- The same within groups: 'a' has a tie and a null, 'b' a value and a null,
-- 'c' is a group of one, 'd' holds only nulls, and row 8 has a null key:
-- /usr/bin/python3 -c "import pandas as pd; df=pd.DataFrame({'g':['a','b','a','a','b','c','a',None,'d','d'],'x':[3,None,1,3,2,5,None,7,None,None]}); [print(m,a,n,p,df.groupby('g').x.rank(method=m,ascending=a,na_option=n,pct=p).tolist()) for m in ['min','max','average','first','dense'] for a in [True,False] for n in ['keep','top','bottom'] for p in [False,True]]"
local group_cases = {
  {"min", false, "keep", false, {2, N, 1, 2, 1, 1, N, N, N, N}},
  {"min", false, "keep", true, {0.6666666666666666, N, 0.3333333333333333, 0.6666666666666666, 1, 1, N, N, N, N}},
  {"min", false, "top", false, {3, 1, 2, 3, 2, 1, 1, N, 1, 1}},
  {"min", false, "top", true, {0.75, 0.5, 0.5, 0.75, 1, 1, 0.25, N, 0.5, 0.5}},
  {"min", false, "bottom", false, {2, 2, 1, 2, 1, 1, 4, N, 1, 1}},
  {"min", false, "bottom", true, {0.5, 1, 0.25, 0.5, 0.5, 1, 1, N, 0.5, 0.5}},
  {"min", true, "keep", false, {1, N, 3, 1, 1, 1, N, N, N, N}},
  {"min", true, "keep", true, {0.3333333333333333, N, 1, 0.3333333333333333, 1, 1, N, N, N, N}},
  {"min", true, "top", false, {2, 1, 4, 2, 2, 1, 1, N, 1, 1}},
  {"min", true, "top", true, {0.5, 0.5, 1, 0.5, 1, 1, 0.25, N, 0.5, 0.5}},
  {"min", true, "bottom", false, {1, 2, 3, 1, 1, 1, 4, N, 1, 1}},
  {"min", true, "bottom", true, {0.25, 1, 0.75, 0.25, 0.5, 1, 1, N, 0.5, 0.5}},
  {"max", false, "keep", false, {3, N, 1, 3, 1, 1, N, N, N, N}},
  {"max", false, "keep", true, {1, N, 0.3333333333333333, 1, 1, 1, N, N, N, N}},
  {"max", false, "top", false, {4, 1, 2, 4, 2, 1, 1, N, 2, 2}},
  {"max", false, "top", true, {1, 0.5, 0.5, 1, 1, 1, 0.25, N, 1, 1}},
  {"max", false, "bottom", false, {3, 2, 1, 3, 1, 1, 4, N, 2, 2}},
  {"max", false, "bottom", true, {0.75, 1, 0.25, 0.75, 0.5, 1, 1, N, 1, 1}},
  {"max", true, "keep", false, {2, N, 3, 2, 1, 1, N, N, N, N}},
  {"max", true, "keep", true, {0.6666666666666666, N, 1, 0.6666666666666666, 1, 1, N, N, N, N}},
  {"max", true, "top", false, {3, 1, 4, 3, 2, 1, 1, N, 2, 2}},
  {"max", true, "top", true, {0.75, 0.5, 1, 0.75, 1, 1, 0.25, N, 1, 1}},
  {"max", true, "bottom", false, {2, 2, 3, 2, 1, 1, 4, N, 2, 2}},
  {"max", true, "bottom", true, {0.5, 1, 0.75, 0.5, 0.5, 1, 1, N, 1, 1}},
  {"average", false, "keep", false, {2.5, N, 1, 2.5, 1, 1, N, N, N, N}},
  {"average", false, "keep", true, {0.8333333333333334, N, 0.3333333333333333, 0.8333333333333334, 1, 1, N, N, N, N}},
  {"average", false, "top", false, {3.5, 1, 2, 3.5, 2, 1, 1, N, 1.5, 1.5}},
  {"average", false, "top", true, {0.875, 0.5, 0.5, 0.875, 1, 1, 0.25, N, 0.75, 0.75}},
  {"average", false, "bottom", false, {2.5, 2, 1, 2.5, 1, 1, 4, N, 1.5, 1.5}},
  {"average", false, "bottom", true, {0.625, 1, 0.25, 0.625, 0.5, 1, 1, N, 0.75, 0.75}},
  {"average", true, "keep", false, {1.5, N, 3, 1.5, 1, 1, N, N, N, N}},
  {"average", true, "keep", true, {0.5, N, 1, 0.5, 1, 1, N, N, N, N}},
  {"average", true, "top", false, {2.5, 1, 4, 2.5, 2, 1, 1, N, 1.5, 1.5}},
  {"average", true, "top", true, {0.625, 0.5, 1, 0.625, 1, 1, 0.25, N, 0.75, 0.75}},
  {"average", true, "bottom", false, {1.5, 2, 3, 1.5, 1, 1, 4, N, 1.5, 1.5}},
  {"average", true, "bottom", true, {0.375, 1, 0.75, 0.375, 0.5, 1, 1, N, 0.75, 0.75}},
  {"first", false, "keep", false, {2, N, 1, 3, 1, 1, N, N, N, N}},
  {"first", false, "keep", true, {0.6666666666666666, N, 0.3333333333333333, 1, 1, 1, N, N, N, N}},
  {"first", false, "top", false, {3, 1, 2, 4, 2, 1, 1, N, 1, 2}},
  {"first", false, "top", true, {0.75, 0.5, 0.5, 1, 1, 1, 0.25, N, 0.5, 1}},
  {"first", false, "bottom", false, {2, 2, 1, 3, 1, 1, 4, N, 1, 2}},
  {"first", false, "bottom", true, {0.5, 1, 0.25, 0.75, 0.5, 1, 1, N, 0.5, 1}},
  {"first", true, "keep", false, {1, N, 3, 2, 1, 1, N, N, N, N}},
  {"first", true, "keep", true, {0.3333333333333333, N, 1, 0.6666666666666666, 1, 1, N, N, N, N}},
  {"first", true, "top", false, {2, 1, 4, 3, 2, 1, 1, N, 1, 2}},
  {"first", true, "top", true, {0.5, 0.5, 1, 0.75, 1, 1, 0.25, N, 0.5, 1}},
  {"first", true, "bottom", false, {1, 2, 3, 2, 1, 1, 4, N, 1, 2}},
  {"first", true, "bottom", true, {0.25, 1, 0.75, 0.5, 0.5, 1, 1, N, 0.5, 1}},
  {"dense", false, "keep", false, {2, N, 1, 2, 1, 1, N, N, N, N}},
  {"dense", false, "keep", true, {1, N, 0.5, 1, 1, 1, N, N, N, N}},
  {"dense", false, "top", false, {3, 1, 2, 3, 2, 1, 1, N, 1, 1}},
  {"dense", false, "top", true, {1, 0.5, 0.6666666666666666, 1, 1, 1, 0.3333333333333333, N, 1, 1}},
  {"dense", false, "bottom", false, {2, 2, 1, 2, 1, 1, 3, N, 1, 1}},
  {"dense", false, "bottom", true, {0.6666666666666666, 1, 0.3333333333333333, 0.6666666666666666, 0.5, 1, 1, N, 1, 1}},
  {"dense", true, "keep", false, {1, N, 2, 1, 1, 1, N, N, N, N}},
  {"dense", true, "keep", true, {0.5, N, 1, 0.5, 1, 1, N, N, N, N}},
  {"dense", true, "top", false, {2, 1, 3, 2, 2, 1, 1, N, 1, 1}},
  {"dense", true, "top", true, {0.6666666666666666, 0.5, 1, 0.6666666666666666, 1, 1, 0.3333333333333333, N, 1, 1}},
  {"dense", true, "bottom", false, {1, 2, 2, 1, 1, 1, 3, N, 1, 1}},
  {"dense", true, "bottom", true, {0.3333333333333333, 1, 0.6666666666666666, 0.3333333333333333, 0.5, 1, 1, N, 1, 1}},
}

T.case("within groups every combination agrees with pandas' groupby rank", function()
  local d = chiso.dataset{
    {"g", {"a", "b", "a", "a", "b", "c", "a", N, "d", "d"}},
    {"x", {3, N, 1, 3, 2, 5, N, 7, N, N}},
  }
  check_matrix(d, group_cases, "g")
  check_matrix(d, group_cases, {"g"})
end)

T.case("R's rank agrees on the ungrouped series", function()
  -- Rscript -e 'x <- c(3,1,4,1,5,NA,1); for (m in c("min","max","average","first")) print(rank(-x, ties.method=m, na.last="keep"))'
  -- [1]  3  4  2  4  1 NA  4
  -- [1]  3  6  2  6  1 NA  6
  -- [1]  3  5  2  5  1 NA  5
  -- [1]  3  4  2  5  1 NA  6
  local d = chiso.dataset{x = {3, 1, 4, 1, 5, N, 1}}
  check_values(ranks(d:rank("x", {desc = true, ties = "min"})), {3, 4, 2, 4, 1, N, 4}, "min")
  check_values(ranks(d:rank("x", {desc = true, ties = "max"})), {3, 6, 2, 6, 1, N, 6}, "max")
  check_values(ranks(d:rank("x", {desc = true, ties = "average"})), {3, 5, 2, 5, 1, N, 5}, "average")
  check_values(ranks(d:rank("x", {desc = true, ties = "first"})), {3, 4, 2, 5, 1, N, 6}, "first")
end)

T.case("several key columns make the groups", function()
  -- /usr/bin/python3 -c "import pandas as pd; df=pd.DataFrame({'y':[2023,2023,2022,2023,2022,2023],'r':['N','N','N','S','N','N'],'x':[5,9,5,1,7,9]}); print(df.groupby(['y','r']).x.rank(method='min',ascending=False).tolist())"
  -- [3.0, 1.0, 2.0, 1.0, 1.0, 1.0]
  local d = chiso.dataset{
    {"y", {2023, 2023, 2022, 2023, 2022, 2023}},
    {"r", {"N", "N", "N", "S", "N", "N"}},
    {"x", {5, 9, 5, 1, 7, 9}},
  }
  T.eq(ranks(d:rank("x", {by = {"y", "r"}, desc = true})), {3, 1, 2, 1, 1, 1}, "ranks")
end)

T.case("strings rank by their bytes (code points)", function()
  -- /usr/bin/python3 -c "import pandas as pd; s=pd.Series(['b','a','é','B',None,'a']); print(s.rank(method='min').tolist(), s.rank(method='dense',ascending=False).tolist())"
  -- [4.0, 2.0, 5.0, 1.0, nan, 2.0] [2.0, 3.0, 1.0, 4.0, nan, 3.0]
  local d = chiso.dataset{x = {"b", "a", "é", "B", N, "a"}}
  check_values(ranks(d:rank("x")), {4, 2, 5, 1, N, 2}, "min")
  check_values(ranks(d:rank("x", {ties = "dense", desc = true})), {2, 3, 1, 4, N, 3}, "dense desc")
end)

T.case("booleans rank false before true", function()
  -- /usr/bin/python3 -c "import pandas as pd; s=pd.Series([True,False,None,True],dtype='boolean'); print(s.rank(method='average').tolist())"
  -- [2.5, 1.0, nan, 2.5]
  local d = chiso.dataset{x = {true, false, N, true}}
  check_values(ranks(d:rank("x", {ties = "average"})), {2.5, 1, N, 2.5}, "average")
end)

T.case("NaN is missing like null; -0 ties with 0; infinities rank", function()
  -- /usr/bin/python3 -c "import pandas as pd, numpy as np; s=pd.Series([2.5,np.nan,None,-0.0,0.0,np.inf,-np.inf]); print(s.rank(method='min').tolist(), s.rank(method='first',na_option='bottom').tolist(), s.rank(pct=True,na_option='top').tolist())"
  -- [4.0, nan, nan, 2.0, 2.0, 5.0, 1.0] [4.0, 6.0, 7.0, 2.0, 3.0, 5.0, 1.0] [0.8571428571428571, 0.21428571428571427, 0.21428571428571427, 0.6428571428571429, 0.6428571428571429, 1.0, 0.42857142857142855]
  local d = chiso.dataset{x = {2.5, 0 / 0, N, -0.0, 0.0, math.huge, -math.huge}}
  check_values(ranks(d:rank("x")), {4, N, N, 2, 2, 5, 1}, "min")
  check_values(ranks(d:rank("x", {ties = "first", na = "bottom"})), {4, 6, 7, 2, 3, 5, 1}, "first bottom")
  check_values(ranks(d:rank("x", {ties = "average", pct = true, na = "top"})),
    {0.8571428571428571, 0.21428571428571427, 0.21428571428571427, 0.6428571428571429,
     0.6428571428571429, 1.0, 0.42857142857142855}, "average pct top")
end)

T.case("a single row ranks 1 (pct 1.0)", function()
  -- /usr/bin/python3 -c "import pandas as pd; s=pd.Series([7]); print([s.rank(method=m,pct=p).tolist() for m in ['min','average','dense'] for p in [False,True]])"
  -- [[1.0], [1.0], [1.0], [1.0], [1.0], [1.0]]
  local d = chiso.dataset{x = {7}}
  for _, ties in ipairs{"min", "average", "dense"} do
    check_values(ranks(d:rank("x", {ties = ties})), {1}, ties)
    T.eq(ranks(d:rank("x", {ties = ties, pct = true})), {1.0}, ties .. " pct")
  end
end)

T.case("an empty dataset gives an empty rank column of the right type", function()
  -- /usr/bin/python3 -c "import pandas as pd; s=pd.Series([],dtype=float); print(s.rank(method='min').tolist())"
  -- []
  local d = chiso.dataset{ {"g", {}}, {"x", {}} }
  local r = d:rank("x", {by = "g"})
  T.eq(#r, 0, "rows")
  T.eq(r:names(), {"g", "x", "rank"}, "names")
  T.eq(r:col("rank"):type(), "int", "type")
  T.eq(d:rank("x", {pct = true}):col("rank"):type(), "float", "pct type")
end)

T.case("a column of nulls only: null ranks, or one tie with na top", function()
  -- three nulls as one tie at positions 1..3: average 2, min 1, max 3, first 1, 2, 3.
  local d = chiso.dataset{x = {N, N, N}}
  T.eq(ranks(d:rank("x")), {N, N, N}, "keep")
  T.eq(ranks(d:rank("x", {na = "top", ties = "average"})), {2.0, 2.0, 2.0}, "average")
  T.eq(ranks(d:rank("x", {na = "bottom", ties = "first"})), {1, 2, 3}, "first")
  T.eq(ranks(d:rank("x", {na = "top", ties = "max", pct = true})), {1.0, 1.0, 1.0}, "max pct")
end)

T.case("the result is the input plus one column, shared, the input unchanged", function()
  local d = chiso.dataset{ {"p", {"A", "B"}}, {"x", {2, 1}} }
  local r = d:rank("x")
  T.eq(r:names(), {"p", "x", "rank"}, "names")
  T.eq(d:names(), {"p", "x"}, "input names")
  T.eq(r.p:totable(), {"A", "B"}, "other columns kept")
end)

T.case("option name names the column; an existing name is an error, or replaced in place with replace = true", function()
  local d = chiso.dataset{ {"rank", {9, 9}}, {"x", {2, 1}}, {"z", {true, false}} }
  T.raises(function() d:rank("x") end,
    "bad argument #2 to 'rank' (column 'rank' exists; give replace = true to replace it)")
  T.raises(function() d:rank("z", {name = "x"}) end,
    "bad argument #2 to 'rank' (column 'x' exists; give replace = true to replace it)")
  T.raises(function() d:rank("x", {replace = "yes"}) end,
    "bad argument #2 to 'rank' (option 'replace' must be a boolean, not string)")
  local r = d:rank("x", {replace = true})
  T.eq(r:names(), {"rank", "x", "z"}, "order kept")
  T.eq(ranks(r), {2, 1}, "replaced")
  T.eq(d:col("rank"):totable(), {9, 9}, "input unchanged")
  local s = d:rank("x", {name = "x_rank", desc = true})
  T.eq(s:names(), {"rank", "x", "z", "x_rank"}, "new name last")
  T.eq(s:col("x_rank"):totable(), {1, 2}, "values")
end)

T.case("rank errors name the function, the argument and the problem", function()
  local d = chiso.dataset{ {"score", {1, 2}}, {"g", {"a", "b"}} }
  T.raises(function() d:rank("scor") end,
    "bad argument #1 to 'rank' (no column 'scor'; did you mean 'score'? the columns are: score, g)")
  T.raises(function() d:rank("score", {ties = "foo"}) end,
    "bad argument #2 to 'rank' (option 'ties' must be \"min\", \"max\", \"average\", \"first\" or \"dense\", not 'foo')")
  T.raises(function() d:rank("score", {na = "last"}) end,
    "option 'na' must be \"keep\", \"top\" or \"bottom\", not 'last'")
  T.raises(function() d:rank("score", {method = "min"}) end,
    "unknown option 'method'; the options are by, desc, ties, pct, na, name")
  T.raises(function() d:rank("score", {desc = "yes"}) end,
    "bad argument #2 to 'rank' (option 'desc' must be a boolean, not string)")
  T.raises(function() d:rank("score", {pct = 1}) end, "option 'pct' must be a boolean, not number")
  T.raises(function() d:rank("score", {by = "G"}) end, "option 'by': no column 'G'")
  T.raises(function() d:rank("score", {by = {"g", 3}}) end, "option 'by': entry 2 is not a column name")
  T.raises(function() d:rank("score", {name = ""}) end, "option 'name' must be UTF-8 text")
  T.raises(function() d:rank("score", {name = 5}) end, "option 'name' must be a string, not number")
  T.raises(function() d:rank("score", "desc") end, "bad argument #2 to 'rank' (table expected, got string)")
  T.raises(function() d:rank() end, "bad argument #1 to 'rank'")
  T.raises(function() d.rank(5, "score") end, "chiso.Dataset expected")
end)

-- ds:top

local league = chiso.dataset{
  {"p", {"A", "B", "C", "D", "E", "F", "G"}},
  {"s", {90, 85, 85, 80, 85, N, 70}},
}

local function names(ds) return ds.p:totable() end

T.case("top keeps every row tied with the n-th by default", function()
  -- /usr/bin/python3 -c "import pandas as pd; s=pd.Series([90,85,85,80,85,None,70]); print(s.nlargest(2,keep='all').index.tolist(), s.nlargest(2,keep='first').index.tolist(), s.nsmallest(2).index.tolist(), s.nlargest(10,keep='all').index.tolist(), s.nlargest(1,keep='all').index.tolist(), s.nlargest(0).index.tolist())"
  -- [0, 1, 2, 4] [0, 1] [6, 3] [0, 1, 2, 4, 3, 6, 5] [0] []
  -- (index 0 is row A; pandas keeps the NaN row F when n passes the values, chiso never does)
  T.eq(names(league:top(2, "s")), {"A", "B", "C", "E"}, "ties all")
  T.eq(names(league:top(2, "s", {ties = "first"})), {"A", "B"}, "ties first")
  T.eq(names(league:top(2, "s", {desc = false})), {"G", "D"}, "smallest")
  T.eq(names(league:top(1, "s")), {"A"}, "one")
  T.eq(#league:top(0, "s"), 0, "none")
  T.eq(league:top(0, "s"):names(), {"p", "s"}, "same columns")
end)

T.case("top with n past the values returns them all, never nulls", function()
  -- /usr/bin/python3 -c "import pandas as pd; s=pd.Series([90,85,85,80,85,None,70]).dropna(); print(s.nlargest(10,keep='all').index.tolist(), s.nsmallest(3,keep='all').index.tolist(), s.nsmallest(3,keep='first').index.tolist())"
  -- [0, 1, 2, 4, 3, 6] [6, 3, 1, 2, 4] [6, 3, 1]
  T.eq(names(league:top(10, "s")), {"A", "B", "C", "E", "D", "G"}, "all")
  T.eq(names(league:top(3, "s", {desc = false})), {"G", "D", "B", "C", "E"}, "smallest, ties all")
  T.eq(names(league:top(3, "s", {desc = false, ties = "first"})), {"G", "D", "B"}, "smallest, first")
end)

T.case("top within groups: group by group in order of first appearance", function()
  -- /usr/bin/python3 -c "import pandas as pd; df=pd.DataFrame({'y':[2022,2023,2022,2023,2023,2022,2024,2023],'s':[80,90,85,88,90,85,70,None]}); print(df.groupby('y',sort=False).s.nlargest(1,keep='all').index.tolist()); print(df.groupby('y',sort=False).s.nlargest(2,keep='first').index.tolist())"
  -- [(2022, 2), (2022, 5), (2023, 1), (2023, 4), (2024, 6)]
  -- [(2022, 2), (2022, 5), (2023, 1), (2023, 4), (2024, 6)]
  -- /usr/bin/python3 -c "import pandas as pd; df=pd.DataFrame({'y':[2022,2023,2022,2023,2023,2022,2024,2023],'s':[80,90,85,88,90,85,70,None]}).dropna(); print(df.groupby('y',sort=False).s.nlargest(5).index.tolist())"
  -- [(2022, 2), (2022, 5), (2022, 0), (2023, 1), (2023, 4), (2023, 3), (2024, 6)]
  local d = chiso.dataset{
    {"id", {0, 1, 2, 3, 4, 5, 6, 7}},
    {"y", {2022, 2023, 2022, 2023, 2023, 2022, 2024, 2023}},
    {"s", {80, 90, 85, 88, 90, 85, 70, N}},
  }
  T.eq(d:top(1, "s", {by = "y"}).id:totable(), {2, 5, 1, 4, 6}, "one per year, ties kept")
  T.eq(d:top(2, "s", {by = "y", ties = "first"}).id:totable(), {2, 5, 1, 4, 6}, "two per year")
  T.eq(d:top(5, "s", {by = "y"}).id:totable(), {2, 5, 0, 1, 4, 3, 6}, "n past each group")
  T.eq(d:top(1, "s", {by = "y"}).y:totable(), {2022, 2022, 2023, 2023, 2024}, "years")
end)

T.case("top of an empty dataset, a single row, a null key", function()
  local empty = chiso.dataset{ {"g", {}}, {"s", {}} }
  T.eq(#empty:top(3, "s", {by = "g"}), 0, "empty")
  T.eq(chiso.dataset{s = {4.5}}:top(3, "s").s:totable(), {4.5}, "single")
  -- the null-key row (3) belongs to no group, as pandas' groupby drops it
  local d = chiso.dataset{ {"g", {"a", "b", N}}, {"s", {1, 2, 3}} }
  T.eq(d:top(1, "s", {by = "g"}).s:totable(), {1, 2}, "null key left out")
  T.eq(d:top(1, "s").s:totable(), {3}, "no by: one group")
end)

T.case("top errors name the function, the argument and the problem", function()
  T.raises(function() league:top(-1, "s") end,
    "bad argument #1 to 'top' (the number of rows must not be negative)")
  T.raises(function() league:top(1.5, "s") end, "bad argument #1 to 'top' (number has no integer representation)")
  T.raises(function() league:top("s") end, "bad argument #1 to 'top' (number expected, got string)")
  T.raises(function() league:top(3, "S") end, "bad argument #2 to 'top' (no column 'S'")
  T.raises(function() league:top(3, "s", {ties = "min"}) end,
    "bad argument #3 to 'top' (option 'ties' must be \"all\" or \"first\", not 'min')")
  T.raises(function() league:top(3, "s", {n = 3}) end, "unknown option 'n'; the options are by, desc, ties")
end)

T.case("ranking the PAR INDEX by score leaves its published rank alone unless told", function()
  -- data/par_index.csv, 2024, Phú Yên: 88.2, "ranked 36 out of 63" (Báo Phú Yên).
  local par = require("chiso.data").load("par_index")
  T.raises(function() par:rank("score", {by = "year", desc = true}) end,
    "bad argument #2 to 'rank' (column 'rank' exists; give replace = true to replace it)")
  local ranked = par:rank("score", {by = "year", desc = true, name = "score_rank"})
  local phu_yen = ranked:where{ {"year", "==", 2024}, {"province", "==", "Phú Yên"} }
  T.eq(phu_yen:col("rank")[1], 36, "published rank kept")
end)

T.finish()
